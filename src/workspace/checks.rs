//! Word documents checked on a review's page: one uploaded (a returned management review, the
//! author's report draft) is kept in `checks/` under a safe name, checked as `scr check` and
//! `scr check publication --case` check it, and anonymised as `scr anonymise --case` does,
//! the result written into `out/anonymised/`. Everything made here lands in `out/` subfolders
//! that [`Made`] names, so one download route serves them all.

use super::returns::Upload;
use super::{OUT_DIR, ReviewFolder, WorkspaceError, plain_files, plural};
use crate::anonymise::{self, Anonymised};
use crate::audit::{self, Record};
use crate::case::Case;
use crate::check::{self, DocumentReport, Identifiers, PublicationReport};
use crate::diagnostic::{Diagnostic, Location};
use crate::input::{self, ReadError};
use crate::manifest::Manifest;
use crate::output::{OutputDir, OutputError, WritePolicy};
use std::path::{Path, PathBuf};

/// The folder of a review's documents uploaded to be checked.
pub const CHECKS_DIR: &str = "checks";

/// A folder of what the review's page makes, under `out/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// The merged chronology (`scr chronology merge`): workbook, Word document, problems.
    Chronology,
    /// The anonymised report draft (`scr draft`).
    Draft,
    /// Uploaded documents anonymised (`scr anonymise`).
    Anonymised,
    /// The rapid review's agency summaries merged (`scr summary merge`).
    Summaries,
    /// Each owner agency's action tracker to send (`scr actions workbook`).
    Trackers,
}

impl Made {
    /// Every folder, in the order the page shows them.
    pub const ALL: [Made; 5] = [
        Made::Chronology,
        Made::Draft,
        Made::Anonymised,
        Made::Summaries,
        Made::Trackers,
    ];

    /// Its id in addresses, which is also its folder's name under `out/`.
    pub fn id(self) -> &'static str {
        match self {
            Made::Chronology => "chronology",
            Made::Draft => "draft",
            Made::Anonymised => "anonymised",
            Made::Summaries => "summaries",
            Made::Trackers => "trackers",
        }
    }

    /// The folder of an id.
    pub fn from_id(id: &str) -> Option<Made> {
        Made::ALL.into_iter().find(|m| m.id() == id)
    }
}

/// An uploaded document as `scr check` and `scr check publication --case` see it.
#[derive(Debug, Clone)]
pub struct DocumentCheck {
    /// Its sections and leftovers (tags, placeholders, comments, tracked changes).
    pub report: DocumentReport,
    /// What in it identifies the child or family, in every part.
    pub publication: PublicationReport,
    /// How many of the case's identifiers were searched for (with the generic patterns).
    pub identifiers: usize,
}

/// An anonymised copy of an uploaded document.
#[derive(Debug, Clone)]
pub struct AnonymisedCopy {
    /// What was replaced, cleared and left (its publication check).
    pub result: Anonymised,
    /// The copy's file name in `out/anonymised/`.
    pub file: String,
}

impl ReviewFolder {
    /// The folder of a [`Made`] kind of output.
    pub fn made_dir(&self, m: Made) -> PathBuf {
        self.dir.join(OUT_DIR).join(m.id())
    }

    /// The files made of a kind, by name.
    pub fn made_files(&self, m: Made) -> Vec<PathBuf> {
        plain_files(&self.made_dir(m))
    }

    /// A file made of a kind by its file name, never a path.
    pub fn made_file(&self, m: Made, name: &str) -> Option<PathBuf> {
        self.made_files(m)
            .into_iter()
            .find(|p| p.file_name().is_some_and(|n| n == name))
    }

    /// A file made, for a download; records the download with its hash.
    pub fn made_file_bytes(
        &self,
        m: Made,
        name: &str,
        user: &str,
    ) -> Result<Vec<u8>, WorkspaceError> {
        let path = self
            .made_file(m, name)
            .ok_or_else(|| WorkspaceError::Refused("there is no such file made yet".into()))?;
        let bytes = std::fs::read(&path).map_err(|source| OutputError::Io {
            path: PathBuf::from(name),
            source,
        })?;
        let record = Record::new("document downloaded").file_in(&self.dir, &path);
        audit::append(&self.dir, user, &record)?;
        Ok(bytes)
    }

    /// Stores a Word document to check, under a safe name in `checks/` (never replacing one),
    /// and records it.
    pub fn receive_document(
        &self,
        original_name: &str,
        bytes: &[u8],
        user: &str,
    ) -> Result<PathBuf, WorkspaceError> {
        self.store_upload(
            Path::new(CHECKS_DIR),
            Upload {
                original_name,
                bytes,
                extensions: &["docx"],
                allowed: "only a Word document (.docx) can be checked",
            },
            "document received for checking",
            user,
        )
    }

    /// The documents uploaded to be checked, by file name.
    pub fn checked_documents(&self) -> Vec<PathBuf> {
        plain_files(&self.dir.join(CHECKS_DIR))
    }

    /// An uploaded document by its file name, never a path.
    pub fn checked_document(&self, name: &str) -> Option<PathBuf> {
        self.checked_documents()
            .into_iter()
            .find(|p| p.file_name().is_some_and(|n| n == name))
    }

    /// Checks a Word document of the review (uploaded, or the draft) as `scr check` (the
    /// built-in manifest's sections, leftovers) and `scr check publication --case` (the case's
    /// identifiers and the generic patterns) do, and records the check with its findings'
    /// counts.
    pub fn check_document(
        &self,
        path: &Path,
        case: &Case,
        user: &str,
    ) -> Result<DocumentCheck, WorkspaceError> {
        let report = check::check_file(path, &Manifest::builtin(), None);
        let ids = Identifiers::from_case(case).with_generic(true);
        let publication = check::check_publication_file(path, &ids);
        let found = DocumentCheck {
            report,
            publication,
            identifiers: ids.list.len(),
        };
        let record = Record::new("document check")
            .file_in(&self.dir, path)
            .detail(format!(
                "{}, {} identifying",
                plural(found.report.errors(), "problem"),
                plural(found.publication.hits.len(), "item")
            ));
        audit::append(&self.dir, user, &record)?;
        Ok(found)
    }

    /// Anonymises an uploaded document with the case's identifiers and pseudonyms, as
    /// `scr anonymise --case` does (tracked changes accepted first only when asked), writes the
    /// copy into `out/anonymised/` (replacing an earlier copy of the same document) and records
    /// both files. `Problems` when it cannot be done (tracked changes, not a Word document):
    /// nothing is written then.
    pub fn anonymise_document(
        &self,
        path: &Path,
        case: &Case,
        accept_changes: bool,
        user: &str,
    ) -> Result<AnonymisedCopy, WorkspaceError> {
        let bytes =
            input::read_limited(path, check::document::MAX_DOCUMENT_BYTES).map_err(|e| {
                let why = match e {
                    ReadError::Io(e) => format!("cannot read the document: {e}"),
                    e => format!(
                        "the file is {}, too large for a document",
                        e.size_in_bytes()
                    ),
                };
                WorkspaceError::Problems(vec![Diagnostic::error(Location::File, why).in_file(path)])
            })?;
        let result = anonymise::anonymise(bytes, path, case, anonymise::Options { accept_changes })
            .map_err(WorkspaceError::Problems)?;
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = format!("{stem}-anonymised.docx");
        let inputs = [Some(path.to_path_buf()), self.case_path.clone()];
        let out = OutputDir::create(
            &self.made_dir(Made::Anonymised),
            WritePolicy::new(true, inputs.into_iter().flatten()),
        )?;
        let written = out.write(Path::new(&file), &result.bytes)?;
        let replaced: usize = result.replaced.iter().map(|r| r.count).sum();
        let left = result
            .residue
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .count();
        let record = Record::new("document anonymised")
            .file_in(&self.dir, path)
            .file_in(&self.dir, &written)
            .detail(format!(
                "{} replaced, {} could not be",
                plural(replaced, "identifier"),
                plural(left, "item")
            ));
        audit::append(&self.dir, user, &record)?;
        Ok(AnonymisedCopy { result, file })
    }
}
