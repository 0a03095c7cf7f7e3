//! The report draft, made on a review's page as `scr draft` makes it, into `out/draft/`, with
//! the key entries of a fresh merge of the chronology returns when they have come.

use super::checks::Made;
use super::{ReviewFolder, WorkspaceError};
use crate::audit::{self, Record};
use crate::case::Case;
use crate::output::{OutputDir, WritePolicy};
use crate::pack::{self, DraftOptions};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// The report draft's file name in `out/draft/`.
pub const DRAFT_FILE: &str = "report-draft.docx";

impl ReviewFolder {
    /// Makes the anonymised report draft into `out/draft/` (replacing an earlier one), as
    /// `scr draft` makes it: when returns have come, from a fresh merge of them, whose key
    /// entries it lists. `Problems` (nothing written) when the draft would carry an identifier
    /// or the merged chronology cannot be read.
    pub fn make_draft(
        &self,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<PathBuf, WorkspaceError> {
        let chronology = self
            .make_chronology(case, today, user)?
            .and_then(|written| written.into_iter().find(|p| has_extension(p, "xlsx")));
        let opts = DraftOptions {
            today,
            templates: Default::default(),
            chronology: chronology.clone(),
        };
        let bytes = pack::draft(case, &opts).map_err(WorkspaceError::Problems)?;
        let inputs = [self.case_path.clone(), chronology.clone()];
        let out = OutputDir::create(
            &self.made_dir(Made::Draft),
            WritePolicy::new(true, inputs.into_iter().flatten()),
        )?;
        let path = out.write(Path::new(DRAFT_FILE), &bytes)?;
        let mut record = Record::new("draft").detail(if chronology.is_some() {
            "with the merged chronology's key entries"
        } else {
            "no chronology returns yet"
        });
        for f in [self.case_path.as_ref(), chronology.as_ref(), Some(&path)]
            .into_iter()
            .flatten()
        {
            record = record.file_in(&self.dir, f);
        }
        audit::append(&self.dir, user, &record)?;
        Ok(path)
    }

    /// The report draft made, when there is one.
    pub fn draft_file(&self) -> Option<PathBuf> {
        self.made_file(Made::Draft, DRAFT_FILE)
    }
}

fn has_extension(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}
