//! A review's documents: the pack made into `out/pack/`, laid out by stage as `scr pack` lays
//! it out (`01-referral/`, `05-commissioning/agencies/<agency>/`), one stage or all of them,
//! optionally with each agency's folder as a zip encrypted with a password (the CLI's
//! `--password-file`); its files one by one, a stage or the whole pack as one zip, and a
//! document as a PDF preview made by LibreOffice where it is installed.

use super::{OUT_DIR, ReviewFolder, WorkspaceError};
use crate::audit::{self, Record};
use crate::case::Case;
use crate::docset::Stage;
use crate::output::{OutputDir, OutputError, WritePolicy};
use crate::pack::{self, PackError, PackFile, PackOptions};
use chrono::NaiveDate;
use std::fs;
use std::path::PathBuf;

impl ReviewFolder {
    /// The folder the pack is made in.
    pub fn pack_dir(&self) -> PathBuf {
        self.dir.join(OUT_DIR).join("pack")
    }

    /// Makes every document of the review into `out/pack/` (replacing an earlier pack) with the
    /// built-in templates, and records each file made with its hash.
    pub fn make_pack(
        &self,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<Vec<PackFile>, WorkspaceError> {
        self.make_documents(case, today, user, None, None)
    }

    /// Makes the documents of `stage` (every stage's when `None`) into `out/pack/`, as
    /// `scr pack --stage` does; with a password, each agency's folder is a zip encrypted with
    /// AES-256, as `scr pack --password-file` makes it. The pack is made in a hidden folder
    /// beside the old one and each stage's folder replaced only once all of it is written, so
    /// a failure leaves the last pack as it was. The password is never stored or logged.
    pub fn make_documents(
        &self,
        case: &Case,
        today: NaiveDate,
        user: &str,
        stage: Option<Stage>,
        password: Option<&str>,
    ) -> Result<Vec<PackFile>, WorkspaceError> {
        let io = |path: &std::path::Path| {
            let path = path.to_path_buf();
            move |source| OutputError::Io { path, source }
        };
        let pack_dir = self.pack_dir();
        crate::output::create_private_dir(&pack_dir)?;
        let tmp = tempfile::Builder::new()
            .prefix(".making-")
            .tempdir_in(&pack_dir)
            .map_err(io(&pack_dir))?;
        let inputs: Vec<PathBuf> = self.case_path.iter().cloned().collect();
        let out = OutputDir::create(tmp.path(), WritePolicy::new(true, inputs))?;
        let opts = PackOptions {
            only: Vec::new(),
            agency: None,
            zip: password.is_some(),
            password: password.map(str::to_string),
            templates: Default::default(),
            today,
            stage,
        };
        let files = match pack::make_pack(case, &out, &opts, &mut |_, _, _| {}) {
            Ok(f) => f,
            Err(PackError::Problems(d) | PackError::Usage(d)) => {
                return Err(WorkspaceError::Problems(d));
            }
            Err(PackError::Output(e)) => return Err(e.into()),
            Err(e @ PackError::Destinations(_)) => {
                return Err(WorkspaceError::Refused(e.to_string()));
            }
        };
        // Each stage folder made replaces the one before, whole: a stage made again with a
        // password leaves no unencrypted folder of it behind.
        let mut folders: Vec<String> = files.iter().map(|f| f.stage.folder()).collect();
        folders.sort();
        folders.dedup();
        for folder in &folders {
            let old = pack_dir.join(folder);
            if old.exists() {
                fs::remove_dir_all(&old).map_err(io(&old))?;
            }
            fs::rename(out.root().join(folder), &old).map_err(io(&old))?;
        }
        let what = match stage {
            Some(s) => format!(
                "the {} stage, {}",
                s.name(),
                super::plural(files.len(), "file")
            ),
            None => super::plural(files.len(), "file"),
        };
        let what = if password.is_some() {
            format!("{what}; the agencies' zips encrypted with a password")
        } else {
            what
        };
        let mut record = Record::new("pack").detail(what);
        if let Some(p) = &self.case_path {
            record = record.file_in(&self.dir, p);
        }
        for f in &files {
            record = record.file_in(&self.dir, &pack_dir.join(&f.path));
        }
        audit::append(&self.dir, user, &record)?;
        Ok(files)
    }

    /// The documents of the last pack grouped by the stages of the case's process, in order,
    /// each stage with whether it happens at all (and why not) and whether the case has
    /// reached it.
    pub fn documents_by_stage(&self, case: &Case, today: NaiveDate) -> Vec<StageDocuments> {
        let files = self.pack_files();
        let reached = crate::docset::reached(case, today);
        crate::docset::process(case.review.regime)
            .iter()
            .map(|s| {
                let folder = s.folder();
                StageDocuments {
                    stage: *s,
                    happens: s.follows(case),
                    reached: reached.contains(s),
                    files: files
                        .iter()
                        .filter(|f| f.starts_with(&folder))
                        .cloned()
                        .collect(),
                    folder,
                }
            })
            .collect()
    }

    /// A file of the last pack by its path in the pack (`04-notification/notification-ofsted.docx`),
    /// only ever one of [`Self::pack_files`]: a path is matched, never joined.
    pub fn pack_file(&self, rel: &str) -> Option<PathBuf> {
        self.pack_files()
            .into_iter()
            .find(|p| p.to_string_lossy().replace('\\', "/") == rel)
            .map(|p| self.pack_dir().join(p))
    }

    /// One file of the last pack, for a download; records the download with its hash.
    pub fn pack_file_bytes(&self, rel: &str, user: &str) -> Result<Vec<u8>, WorkspaceError> {
        let path = self.pack_file(rel).ok_or_else(|| {
            WorkspaceError::Refused("there is no such document in the last pack".into())
        })?;
        let bytes = fs::read(&path).map_err(|source| OutputError::Io {
            path: PathBuf::from(rel),
            source,
        })?;
        let record = Record::new("document downloaded").file_in(&self.dir, &path);
        audit::append(&self.dir, user, &record)?;
        Ok(bytes)
    }

    /// A Word document of the last pack as a PDF, made by LibreOffice, for reading as pages.
    /// The PDF is kept in `out/previews/` under the document's hash, so it is made once per
    /// version of the document.
    pub fn preview(&self, rel: &str) -> Result<Preview, WorkspaceError> {
        let path = self.pack_file(rel).ok_or_else(|| {
            WorkspaceError::Refused("there is no such document in the last pack".into())
        })?;
        self.preview_file(&path)
    }

    /// Any Word document of the review's folder (the pack's, the draft, an uploaded one) as a
    /// PDF, cached as [`Self::preview`] caches it.
    pub fn preview_file(&self, path: &std::path::Path) -> Result<Preview, WorkspaceError> {
        let rel = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.extension().is_none_or(|e| e != "docx") {
            return Ok(Preview::Unavailable {
                why: "only Word documents can be previewed as pages".into(),
                help: "download the file and open it instead".into(),
            });
        }
        let bytes = fs::read(path).map_err(|source| OutputError::Io {
            path: PathBuf::from(rel),
            source,
        })?;
        let previews = self.dir.join(OUT_DIR).join("previews");
        let cached = PathBuf::from(format!("{}.pdf", audit::sha256_hex(&bytes)));
        if let Ok(pdf) = fs::read(previews.join(&cached))
            && pdf.starts_with(b"%PDF")
        {
            return Ok(Preview::Pdf(pdf));
        }
        match crate::pdf::convert(&[path.to_path_buf()]) {
            Err(
                e @ (crate::pdf::PdfError::NotInstalled | crate::pdf::PdfError::NotAProgram(_)),
            ) => Ok(Preview::Unavailable {
                why: e.to_string(),
                help: format!(
                    "install LibreOffice (on Debian or Ubuntu `sudo apt-get install \
                         libreoffice-writer-nogui`), or set {} to its soffice program, and start \
                         scr serve again; or download the document and open it in Word",
                    crate::pdf::SOFFICE_VAR
                ),
            }),
            Err(e) => Ok(Preview::Unavailable {
                why: e.to_string(),
                help: "close any LibreOffice window that is stuck and try again, or download \
                       the document and open it in Word"
                    .into(),
            }),
            Ok(mut results) => match results.pop() {
                Some(Ok(pdf)) => {
                    let out = OutputDir::create(&previews, WritePolicy::new(true, Vec::new()))?;
                    out.write(&cached, &pdf)?;
                    Ok(Preview::Pdf(pdf))
                }
                Some(Err(why)) => Ok(Preview::Unavailable {
                    why,
                    help: "download the document and open it in Word instead".into(),
                }),
                None => Ok(Preview::Unavailable {
                    why: "LibreOffice made no PDF".into(),
                    help: "download the document and open it in Word instead".into(),
                }),
            },
        }
    }

    /// The files of the last pack made, relative to the pack folder.
    pub fn pack_files(&self) -> Vec<PathBuf> {
        let root = self.pack_dir();
        let mut out = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if e.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                match e.file_type() {
                    Ok(t) if t.is_dir() => stack.push(p),
                    Ok(t) if t.is_file() => {
                        if let Ok(rel) = p.strip_prefix(&root) {
                            out.push(rel.to_path_buf());
                        }
                    }
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }

    /// The last pack as one zip, in memory, for a download; records the download. With a
    /// stage, only that stage's folder.
    pub fn pack_zip(&self, user: &str, stage: Option<Stage>) -> Result<Vec<u8>, WorkspaceError> {
        use std::io::Write as _;
        let mut files = self.pack_files();
        if let Some(s) = stage {
            let folder = s.folder();
            files.retain(|f| f.starts_with(&folder));
        }
        if files.is_empty() {
            return Err(WorkspaceError::Refused(match stage {
                Some(s) => format!(
                    "no documents of the {} stage have been made yet: make them first",
                    s.name()
                ),
                None => "no pack has been made yet: make the pack first".into(),
            }));
        }
        let mut buf = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = crate::output::zip_entry_options();
            for rel in &files {
                let bytes =
                    fs::read(self.pack_dir().join(rel)).map_err(|source| OutputError::Io {
                        path: rel.clone(),
                        source,
                    })?;
                let name = rel.to_string_lossy().replace('\\', "/");
                zip.start_file(name, opts)
                    .and_then(|_| zip.write_all(&bytes).map_err(Into::into))
                    .map_err(|e| WorkspaceError::Refused(format!("cannot make the zip: {e}")))?;
            }
            zip.finish()
                .map_err(|e| WorkspaceError::Refused(format!("cannot make the zip: {e}")))?;
        }
        let bytes = buf.into_inner();
        let record = Record::new("pack downloaded").detail(format!(
            "{}, zip sha256 {}",
            super::plural(files.len(), "file"),
            audit::sha256_hex(&bytes)
        ));
        audit::append(&self.dir, user, &record)?;
        Ok(bytes)
    }
}

/// The documents of one stage of the review's process.
#[derive(Debug, Clone)]
pub struct StageDocuments {
    /// The stage (its name, id and folder from the library's stage model).
    pub stage: Stage,
    /// Its folder in the pack.
    pub folder: String,
    /// `Err` with the reason when the decision rules the stage out.
    pub happens: Result<(), String>,
    /// True when the case records the stage's beginning by the day.
    pub reached: bool,
    /// The files made, relative to the pack folder.
    pub files: Vec<PathBuf>,
}

/// A document as pages, or why it cannot be shown so.
#[derive(Debug, Clone)]
pub enum Preview {
    /// The PDF.
    Pdf(Vec<u8>),
    /// No PDF: why (LibreOffice not installed, not a Word document), and what to do.
    Unavailable {
        /// Why, in words.
        why: String,
        /// What to do.
        help: String,
    },
}
