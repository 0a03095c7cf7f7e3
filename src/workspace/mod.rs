//! A coordinator's workspace: one folder per review, each with its case file, the returns
//! received, the outputs made and the audit log; and the register of every review in it.
//!
//! A partnership runs several reviews at once. The workspace keeps each in a folder of the same
//! shape so the CLI and `scr serve` work on the same files:
//!
//! ```text
//! DIR/<review>/case.json      (or case.xlsx, .xls, .ods)
//! DIR/<review>/returns/       agency returns as received
//! DIR/<review>/checks/        Word documents uploaded to be checked
//! DIR/<review>/out/           packs, merged chronologies, the draft, anonymised copies
//! DIR/<review>/audit.jsonl    the audit trail (see [`crate::audit`])
//! ```
//!
//! Everything here is what a person does to one review; the web server only calls these
//! functions, and every change is recorded in the review's audit log.

mod case_file;
mod checks;
mod chronology;
mod documents;
mod draft;
mod facts;
mod merges;
mod register;
mod returns;
mod samples;

pub use checks::{AnonymisedCopy, CHECKS_DIR, DocumentCheck, Made};
pub use chronology::MergedChronology;
pub use documents::{Preview, StageDocuments};
pub use draft::DRAFT_FILE;
pub use facts::Fact;
pub use register::{
    CASE_HAS_ERRORS, NextDeadline, Register, RegisterFilter, RegisterRow, STAGES, SortKey,
    YearNumbers, next_deadline, register, sort_rows, stage,
};
pub use returns::{ReturnCheck, ReturnKind};

use crate::audit::{self, AuditError, Record};
use crate::case::{self, LoadedCase};
use crate::diagnostic::{Diagnostic, Location};
use crate::output::{self, OutputDir, OutputError, WritePolicy};
use chrono::NaiveDate;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

/// The case file names a review folder may hold, in the order they are looked for.
pub const CASE_FILES: &[&str] = &["case.json", "case.xlsx", "case.xls", "case.ods"];

/// The returns folder of a review.
pub const RETURNS_DIR: &str = "returns";

/// The outputs folder of a review.
pub const OUT_DIR: &str = "out";

/// The extensions a return may have: the formats the chronology readers accept.
pub const RETURN_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods", "csv", "docx"];

/// The largest return received, in bytes (the readers bound what is inside it further).
pub const MAX_RETURN_BYTES: usize = 20 * 1024 * 1024;

/// Why a workspace action failed, other than problems in the user's input.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    /// Writing an output failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The audit log could not be written.
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// The request cannot be done, for the reason given (in words for a person).
    #[error("{0}")]
    Refused(String),
    /// The input has problems, each located.
    #[error("{}", plural(.0.len(), "problem"))]
    Problems(Vec<Diagnostic>),
}

/// A folder of review folders.
#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// One review's folder.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewFolder {
    /// The folder's name, which is how the review is addressed.
    pub name: String,
    /// The folder.
    pub dir: PathBuf,
    /// The case file, when there is one.
    pub case_path: Option<PathBuf>,
}

/// A count in words: "1 problem", "3 problems", "2 entries" (a word ending in a consonant
/// and `y` takes `ies`), "no problems" for none. The pages and the audit log say counts so,
/// never "1 problem(s)".
pub fn plural(n: usize, one: &str) -> String {
    let many = match one.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{one}s"),
    };
    match n {
        0 => format!("no {many}"),
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// The files of a folder (not its folders, nor hidden files such as a write in progress), by
/// name; none when it does not exist.
fn plain_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// True when `name` can be a review folder's name: what [`output::safe_file_name`] keeps.
pub fn is_review_name(name: &str) -> bool {
    !name.is_empty() && output::safe_file_name(name) == name
}

impl Workspace {
    /// Opens a workspace, creating its folder (owner-only) when missing.
    pub fn open(root: &Path) -> Result<Workspace, WorkspaceError> {
        output::create_private_dir(root)?;
        let root = fs::canonicalize(root).map_err(|source| OutputError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        Ok(Workspace { root })
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every review folder (a folder holding a case file), by name.
    pub fn reviews(&self) -> Vec<ReviewFolder> {
        let mut out: Vec<ReviewFolder> = fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_str()?.to_string();
                if !is_review_name(&name) || !e.file_type().ok()?.is_dir() {
                    return None;
                }
                let folder = self.folder(&name);
                folder.case_path.is_some().then_some(folder)
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn folder(&self, name: &str) -> ReviewFolder {
        let dir = self.root.join(name);
        let case_path = CASE_FILES.iter().map(|f| dir.join(f)).find(|p| p.is_file());
        ReviewFolder {
            name: name.to_string(),
            dir,
            case_path,
        }
    }

    /// The review folder called `name`, if it exists; names that are not plain folder names
    /// (`..`, slashes, dots) are never looked up.
    pub fn review(&self, name: &str) -> Option<ReviewFolder> {
        if !is_review_name(name) {
            return None;
        }
        let f = self.folder(name);
        let real = fs::canonicalize(&f.dir).ok()?;
        (real.starts_with(&self.root) && f.case_path.is_some()).then_some(f)
    }

    /// Creates a review folder holding `case_bytes` as its case file, with an empty audit log
    /// entry recording it. Refused when the folder exists.
    pub fn create_review(
        &self,
        name: &str,
        case_file: &str,
        case_bytes: &[u8],
        user: &str,
    ) -> Result<ReviewFolder, WorkspaceError> {
        if !is_review_name(name) {
            return Err(WorkspaceError::Refused(format!(
                "\"{name}\" cannot be a folder name: use letters, digits and dashes"
            )));
        }
        if !CASE_FILES.contains(&case_file) {
            return Err(WorkspaceError::Refused(format!(
                "the case file must be one of {}",
                CASE_FILES.join(", ")
            )));
        }
        let dir = self.root.join(name);
        if dir.exists() {
            return Err(WorkspaceError::Refused(format!(
                "a review called \"{name}\" already exists"
            )));
        }
        let out = OutputDir::create(&dir, WritePolicy::default())?;
        let case_path = out.write(Path::new(case_file), case_bytes)?;
        output::create_private_dir(&dir.join(RETURNS_DIR))?;
        output::create_private_dir(&dir.join(OUT_DIR))?;
        let record = Record::new("review created").file_in(out.root(), &case_path);
        audit::append(out.root(), user, &record)?;
        Ok(self.folder(name))
    }

    /// Copies the fictional sample reviews in (the Northbrook Serious Case Review and the
    /// Westmere rapid review, each with its own returns); returns the names made. Existing
    /// folders are left alone.
    pub fn add_samples(&self, user: &str) -> Result<Vec<String>, WorkspaceError> {
        let mut made = Vec::new();
        if self.review(samples::SCR_NAME).is_none() {
            let f = self.create_review(samples::SCR_NAME, "case.json", samples::CASE, user)?;
            for (name, bytes) in samples::RETURNS {
                f.receive_return(name, bytes, user)?;
            }
            made.push(f.name);
        }
        if self.review(samples::RAPID_NAME).is_none() {
            let f =
                self.create_review(samples::RAPID_NAME, "case.json", samples::RAPID_CASE, user)?;
            for (kind, name, bytes) in samples::RAPID_RETURNS {
                f.receive(*kind, name, bytes, user)?;
            }
            made.push(f.name);
        }
        Ok(made)
    }
}

impl ReviewFolder {
    /// Loads and validates the case file as of `today`.
    pub fn load(&self, today: NaiveDate) -> LoadedCase {
        match &self.case_path {
            Some(p) => case::load_as_of(p, today),
            None => LoadedCase {
                case: None,
                diagnostics: vec![Diagnostic::error(
                    Location::File,
                    "the review folder has no case file (case.json or case.xlsx)",
                )],
            },
        }
    }

    /// The case as of `today` when it has no errors; its problems, each located, otherwise.
    /// Whatever works on a review (a pack, a draft, a check) starts here.
    pub fn usable_case(&self, today: NaiveDate) -> Result<case::Case, WorkspaceError> {
        self.load(today)
            .into_result()
            .map_err(WorkspaceError::Problems)
    }

    /// The audit log, checked.
    pub fn audit(&self) -> Result<audit::Verification, AuditError> {
        audit::verify(&audit::log_path(&self.dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_said_in_english() {
        assert_eq!(plural(0, "problem"), "no problems");
        assert_eq!(plural(1, "problem"), "1 problem");
        assert_eq!(plural(3, "problem"), "3 problems");
        assert_eq!(plural(2, "entry"), "2 entries");
        assert_eq!(plural(2, "day"), "2 days");
        assert_eq!(plural(1, "working day"), "1 working day");
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
    }

    #[test]
    fn samples_make_two_reviews_in_the_register_with_the_missing_returns() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::open(&tmp.path().join("ws")).unwrap();
        let made = ws.add_samples("tester").unwrap();
        assert_eq!(made.len(), 2);
        let reg = register(&ws, today());
        assert_eq!(reg.rows.len(), 2);
        let scr = reg
            .rows
            .iter()
            .find(|r| r.reference == "SCR-2016-03")
            .unwrap();
        assert_eq!(scr.case_errors, 0);
        assert_eq!(scr.stage, "Published");
        assert_eq!(
            scr.missing_returns,
            vec![
                "Elm Street Surgery".to_string(),
                "Northbrook Homes".to_string()
            ]
        );
        let rapid = reg
            .rows
            .iter()
            .find(|r| r.kind_code == "rapid_review")
            .unwrap();
        assert_eq!(rapid.case_errors, 0, "{rapid:?}");
        assert_eq!(rapid.reference, "RR-2024-11");
        assert_eq!(rapid.stage, "Review under way");
        assert!(rapid.missing_returns.is_empty(), "{rapid:?}");
        assert!(reg.years.iter().any(|y| y.year == 2016 && y.scr == 1));
        assert!(
            reg.years
                .iter()
                .any(|y| y.year == 2024 && y.rapid == 1 && y.rapid_converted == 1)
        );
        // Each review's returns were made for it: the summaries name its reference.
        let f = ws.review(samples::RAPID_NAME).unwrap();
        let case = f.load(today()).case.unwrap();
        let summaries = f.received(ReturnKind::Summary);
        assert_eq!(summaries.len(), 4);
        for p in &summaries {
            let check = f
                .check_received(ReturnKind::Summary, p, &case, today(), "tester")
                .unwrap();
            assert_eq!(
                check.errors(),
                0,
                "{}: {:#?}",
                p.display(),
                check.diagnostics
            );
        }
        // Adding the samples again changes nothing.
        assert!(ws.add_samples("tester").unwrap().is_empty());
    }

    #[test]
    fn a_received_return_gets_a_safe_name_and_never_replaces_another() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::open(tmp.path()).unwrap();
        let f = ws
            .create_review("r1", "case.json", samples::CASE, "tester")
            .unwrap();
        let a = f
            .receive_return("../../etc/Police Return.CSV", b"x", "t")
            .unwrap();
        let b = f.receive_return("Police Return.csv", b"y", "t").unwrap();
        assert_eq!(a.file_name().unwrap(), "police-return.csv");
        assert_eq!(b.file_name().unwrap(), "police-return-2.csv");
        assert!(a.starts_with(fs::canonicalize(&f.dir).unwrap()));
        let err = f.receive_return("evil.exe", b"x", "t").unwrap_err();
        assert!(err.to_string().contains("ends in \"exe\""), "{err}");
        let v = f.audit().unwrap();
        assert!(v.is_intact());
        assert_eq!(v.entries.len(), 3);
        assert_eq!(v.entries[1].action, "return received");
        assert_eq!(v.entries[1].files[0].sha256, audit::sha256_hex(b"x"));
    }

    #[test]
    fn a_fact_is_validated_written_back_and_recorded() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::open(tmp.path()).unwrap();
        ws.add_samples("tester").unwrap();
        let f = ws.review(samples::RAPID_NAME).unwrap();
        let day = today() - chrono::Duration::days(1);
        f.record_fact(Fact::ReviewCompleted, day, today(), "tester")
            .unwrap();
        let c = f.load(today()).case.unwrap();
        assert_eq!(c.review.completed_on, Some(day));
        f.record_fact(Fact::OfstedTold, day, today(), "tester")
            .unwrap();
        let c = f.load(today()).case.unwrap();
        assert!(
            c.decision
                .notifications
                .iter()
                .any(|n| n.sent_on == Some(day))
        );
        let future = today() + chrono::Duration::days(3);
        let err = f
            .record_fact(Fact::Published, future, today(), "tester")
            .unwrap_err();
        assert!(matches!(err, WorkspaceError::Problems(_)));
        let v = f.audit().unwrap();
        assert_eq!(v.entries.last().unwrap().action, "fact recorded");
        assert!(ws.review("../x").is_none());
        assert!(ws.review("..").is_none());
    }
}
