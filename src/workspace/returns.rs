//! Returns received from agencies: chronologies, rapid review agency summaries and action
//! trackers, each stored under a safe name in its own folder (`returns/`,
//! `returns/summaries/`, `returns/trackers/`), read by the CLI's own readers
//! (`scr chronology check`, `scr summary check`, `scr actions merge`), accepted when they have
//! no error (a tracker's updates then written into the case file), and the agencies still to
//! chase.

use super::{MAX_RETURN_BYTES, RETURN_EXTENSIONS, RETURNS_DIR, ReviewFolder, WorkspaceError};
use crate::audit::{self, Record};
use crate::case::{self, Case};
use crate::chronology::{self, Context, Return};
use crate::diagnostic::Diagnostic;
use crate::output::{self, OutputDir, OutputError, WritePolicy};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// What an agency sends back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnKind {
    /// A chronology return (`scr chronology check`).
    Chronology,
    /// A rapid review's agency summary (`scr summary check`).
    Summary,
    /// An action tracker with the agency's updates (`scr actions merge`).
    Tracker,
}

impl ReturnKind {
    /// Every kind, in the order the upload form offers them.
    pub const ALL: [ReturnKind; 3] = [
        ReturnKind::Chronology,
        ReturnKind::Summary,
        ReturnKind::Tracker,
    ];

    /// The kind's id in addresses and forms.
    pub fn id(self) -> &'static str {
        match self {
            ReturnKind::Chronology => "chronology",
            ReturnKind::Summary => "summary",
            ReturnKind::Tracker => "tracker",
        }
    }

    /// The kind of an id.
    pub fn from_id(id: &str) -> Option<ReturnKind> {
        ReturnKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The kind in words.
    pub fn label(self) -> &'static str {
        match self {
            ReturnKind::Chronology => "chronology return",
            ReturnKind::Summary => "agency summary",
            ReturnKind::Tracker => "action tracker",
        }
    }

    /// Its folder in the review's folder.
    fn folder(self) -> PathBuf {
        match self {
            ReturnKind::Chronology => PathBuf::from(RETURNS_DIR),
            ReturnKind::Summary => Path::new(RETURNS_DIR).join("summaries"),
            ReturnKind::Tracker => Path::new(RETURNS_DIR).join("trackers"),
        }
    }

    /// The extensions its reader accepts.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            ReturnKind::Chronology | ReturnKind::Summary => RETURN_EXTENSIONS,
            ReturnKind::Tracker => &["xlsx", "xlsm", "xls", "ods"],
        }
    }
}

/// A file a person uploaded, before it is stored.
pub(super) struct Upload<'a> {
    /// The name the browser sent (any path in it is dropped).
    pub(super) original_name: &'a str,
    /// The file.
    pub(super) bytes: &'a [u8],
    /// The extensions accepted, lower case.
    pub(super) extensions: &'a [&'a str],
    /// What the file must be, in words, for the refusal of another.
    pub(super) allowed: &'a str,
}

/// A received file read and checked by the CLI's reader for its kind.
#[derive(Debug, Clone)]
pub struct ReturnCheck {
    /// The agency it comes from, when it could be told.
    pub agency: Option<String>,
    /// The sheet or table read.
    pub sheet: Option<String>,
    /// Rows read.
    pub rows_read: usize,
    /// Of those, usable (entries, summary rows, tracker rows that change something).
    pub usable: usize,
    /// Every problem, each with its place.
    pub diagnostics: Vec<Diagnostic>,
    /// What accepting a tracker changes in the case, in words.
    pub changes: Vec<String>,
    /// True for a CSV file (it has no sheets).
    pub csv: bool,
}

impl ReturnCheck {
    /// Errors among the problems.
    pub fn errors(&self) -> usize {
        crate::diagnostic::error_count(&self.diagnostics)
    }
}

impl ReviewFolder {
    /// The files of a kind received, by file name.
    pub fn received(&self, kind: ReturnKind) -> Vec<PathBuf> {
        super::plain_files(&self.dir.join(kind.folder()))
    }

    /// A received file of a kind by its file name, never a path.
    pub fn received_file(&self, kind: ReturnKind, name: &str) -> Option<PathBuf> {
        self.received(kind)
            .into_iter()
            .find(|p| p.file_name().is_some_and(|n| n == name))
    }

    /// Reads and checks a received file with the CLI's reader for its kind, and records the
    /// check.
    pub fn check_received(
        &self,
        kind: ReturnKind,
        path: &Path,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<ReturnCheck, WorkspaceError> {
        let check = match kind {
            ReturnKind::Chronology => {
                let r = self.check_return(path, case, today, user)?;
                return Ok(ReturnCheck {
                    agency: r.agency.as_ref().map(|a| a.name.clone()),
                    sheet: r.sheet.clone(),
                    rows_read: r.rows_read,
                    usable: r.entries.len(),
                    csv: matches!(r.format, chronology::Format::Csv),
                    diagnostics: r.diagnostics,
                    changes: Vec::new(),
                });
            }
            ReturnKind::Summary => {
                let s = crate::summary::read_summary(path, Some(case), today);
                ReturnCheck {
                    agency: s.agency.as_ref().map(|a| a.name.clone()),
                    sheet: s.sheet.clone(),
                    rows_read: s.rows.len() + s.diagnostics.iter().filter(|d| d.is_error()).count(),
                    usable: s.rows.len(),
                    csv: path
                        .extension()
                        .is_some_and(|e| e.eq_ignore_ascii_case("csv")),
                    diagnostics: s.diagnostics,
                    changes: Vec::new(),
                }
            }
            ReturnKind::Tracker => {
                let m = crate::actions::merge_trackers(case, &[path.to_path_buf()], today);
                let mut diagnostics = m.diagnostics.clone();
                if m.is_clean() {
                    diagnostics.extend(
                        case::validate(&m.case, today)
                            .into_iter()
                            .filter(Diagnostic::is_error),
                    );
                }
                ReturnCheck {
                    agency: None,
                    sheet: Some(crate::actions::TRACKER_SHEET.to_string()),
                    rows_read: m.changes.len() + m.unchanged,
                    usable: m.changes.len(),
                    csv: false,
                    diagnostics,
                    changes: m
                        .changes
                        .iter()
                        .map(|c| format!("Row {}: action {}: {}", c.row, c.action, c.description))
                        .collect(),
                }
            }
        };
        let record = Record::new(format!("{} check", kind.label()))
            .file_in(&self.dir, path)
            .detail(format!(
                "{}, {}",
                super::plural(check.errors(), "error"),
                super::plural(check.diagnostics.len() - check.errors(), "warning")
            ));
        audit::append(&self.dir, user, &record)?;
        Ok(check)
    }

    /// Accepts a received file with no errors: recorded in the audit log; a tracker's updates
    /// are written into the case file (a JSON case file; a workbook is updated in Excel with
    /// `scr actions merge`). Refused, with nothing changed, while the file has errors.
    pub fn accept(
        &self,
        kind: ReturnKind,
        path: &Path,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<usize, WorkspaceError> {
        let check = self.check_received(kind, path, case, today, user)?;
        if check.errors() > 0 {
            return Err(WorkspaceError::Refused(format!(
                "the {} has {}: send it back to the agency to correct, then upload the corrected file",
                kind.label(),
                super::plural(check.errors(), "error")
            )));
        }
        let mut record = Record::new(format!("{} accepted", kind.label())).file_in(&self.dir, path);
        if kind == ReturnKind::Tracker {
            let Some(case_path) = self
                .case_path
                .clone()
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
            else {
                return Err(WorkspaceError::Refused(
                    "this review's case file is a workbook: merge the tracker into it with \
                     `scr actions merge`"
                        .into(),
                ));
            };
            let m = crate::actions::merge_trackers(case, &[path.to_path_buf()], today);
            let before = audit::sha256_file(&case_path);
            // Only what the tracker changed goes into the file, in the file's own layout.
            let (text, mut value) = super::case_file::read(&case_path)?;
            let typed = |c: &Case| {
                serde_json::to_value(c).map_err(|e| {
                    WorkspaceError::Refused(format!("cannot write the case file: {e}"))
                })
            };
            super::case_file::patch(&mut value, &typed(case)?, &typed(&m.case)?);
            super::case_file::write_json(&case_path, &text, &value)?;
            record = record.file_in(&self.dir, &case_path).detail(format!(
                "{} written into the case file (was sha256 {before})",
                super::plural(m.changes.len(), "change")
            ));
        }
        audit::append(&self.dir, user, &record)?;
        Ok(check.changes.len())
    }

    /// True when the audit log records the file as accepted (and it has not changed since:
    /// the hash must match).
    pub fn is_accepted(&self, kind: ReturnKind, path: &Path) -> bool {
        let Ok(v) = self.audit() else { return false };
        let hash = audit::sha256_file(path);
        let action = format!("{} accepted", kind.label());
        v.entries
            .iter()
            .any(|e| e.action == action && e.files.first().is_some_and(|f| f.sha256 == hash))
    }

    /// The returns received, by file name.
    pub fn return_files(&self) -> Vec<PathBuf> {
        super::plain_files(&self.dir.join(RETURNS_DIR))
    }

    /// A received return by its file name, never a path.
    pub fn return_file(&self, name: &str) -> Option<PathBuf> {
        self.return_files()
            .into_iter()
            .find(|p| p.file_name().is_some_and(|n| n == name))
    }

    /// Stores a return as received under a safe name in `returns/` (never replacing one: a
    /// second upload of `police.xlsx` becomes `police-2.xlsx`), records it, and returns its
    /// path. The name a person's browser sent is reduced to letters, digits and dashes.
    pub fn receive_return(
        &self,
        original_name: &str,
        bytes: &[u8],
        user: &str,
    ) -> Result<PathBuf, WorkspaceError> {
        self.receive(ReturnKind::Chronology, original_name, bytes, user)
    }

    /// Stores a received file of a kind, as [`Self::receive_return`] stores a chronology.
    pub fn receive(
        &self,
        kind: ReturnKind,
        original_name: &str,
        bytes: &[u8],
        user: &str,
    ) -> Result<PathBuf, WorkspaceError> {
        let allowed = if kind == ReturnKind::Tracker {
            "an action tracker must be a spreadsheet (.xlsx, .xlsm, .xls, .ods)"
        } else {
            "a return must be a spreadsheet (.xlsx, .xlsm, .xls, .ods), a .csv file or a \
             Word document (.docx)"
        };
        let action = match kind {
            ReturnKind::Chronology => "return received".to_string(),
            _ => format!("{} received", kind.label()),
        };
        output::create_private_dir(&self.dir.join(RETURNS_DIR))?;
        self.store_upload(
            &kind.folder(),
            Upload {
                original_name,
                bytes,
                extensions: kind.extensions(),
                allowed,
            },
            &action,
            user,
        )
    }

    /// Stores an upload under a safe name in `folder` (relative to the review's folder), never
    /// replacing a file (`police.xlsx` again becomes `police-2.xlsx`), and records it as
    /// `action`. The name a person's browser sent is reduced to letters, digits and dashes;
    /// a file over [`MAX_RETURN_BYTES`] or with another extension is refused.
    pub(super) fn store_upload(
        &self,
        folder: &Path,
        upload: Upload<'_>,
        action: &str,
        user: &str,
    ) -> Result<PathBuf, WorkspaceError> {
        let Upload {
            original_name,
            bytes,
            extensions,
            allowed,
        } = upload;
        if bytes.len() > MAX_RETURN_BYTES {
            return Err(WorkspaceError::Refused(format!(
                "the file is larger than {} MB, the most an upload may be",
                MAX_RETURN_BYTES / (1024 * 1024)
            )));
        }
        let base = original_name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(original_name);
        let (stem, ext) = match base.rsplit_once('.') {
            Some((s, e)) => (s, e.to_ascii_lowercase()),
            None => (base, String::new()),
        };
        if !extensions.contains(&ext.as_str()) {
            return Err(WorkspaceError::Refused(format!(
                "{allowed}; this file ends in \"{}\"",
                if ext.is_empty() { "nothing" } else { &ext }
            )));
        }
        let stem = output::safe_file_name(stem);
        let out = OutputDir::create(&self.dir.join(folder), WritePolicy::default())?;
        let mut n = 1;
        let path = loop {
            let name = if n == 1 {
                format!("{stem}.{ext}")
            } else {
                format!("{stem}-{n}.{ext}")
            };
            match out.write(Path::new(&name), bytes) {
                Ok(p) => break p,
                Err(OutputError::Exists(_)) if n < 1000 => n += 1,
                Err(e) => return Err(e.into()),
            }
        };
        let record = Record::new(action).file_in(&self.dir, &path);
        audit::append(&self.dir, user, &record)?;
        Ok(path)
    }

    /// Reads and validates one received return as the CLI's `chronology check` does, and
    /// records the check.
    pub fn check_return(
        &self,
        path: &Path,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<Return, WorkspaceError> {
        let ret = chronology::read_return(path, &Context::for_case(case, today));
        let record = Record::new("chronology check")
            .file_in(&self.dir, path)
            .detail(format!(
                "{}, {}",
                super::plural(ret.errors(), "error"),
                super::plural(ret.diagnostics.len() - ret.errors(), "warning")
            ));
        audit::append(&self.dir, user, &record)?;
        Ok(ret)
    }

    /// The agencies asked for a chronology with no return received whose file name names
    /// them (as `police.xlsx` names the police).
    pub fn missing_returns<'c>(&self, case: &'c Case) -> Vec<&'c case::Agency> {
        let received: Vec<&case::Agency> = self
            .return_files()
            .iter()
            .filter_map(|p| {
                let stem = p.file_stem()?.to_string_lossy().into_owned();
                let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit() || c == '-');
                chronology::match_agency(case, stem)
            })
            .collect();
        case.agencies
            .iter()
            .filter(|a| a.returns.chronology && !received.iter().any(|r| r.id == a.id))
            .collect()
    }
}
