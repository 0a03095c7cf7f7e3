//! A coordinator's workspace: one folder per review, each with its case file, the returns
//! received, the outputs made and the audit log; and the register of every review in it.
//!
//! A partnership runs several reviews at once. The workspace keeps each in a folder of the same
//! shape so the CLI and `scr serve` work on the same files:
//!
//! ```text
//! DIR/<review>/case.json      (or case.xlsx, .xls, .ods)
//! DIR/<review>/returns/       agency returns as received
//! DIR/<review>/out/           packs and merged chronologies made
//! DIR/<review>/audit.jsonl    the audit trail (see [`crate::audit`])
//! ```
//!
//! Everything here is what a person does to one review; the web server only calls these
//! functions, and every change is recorded in the review's audit log.

use crate::audit::{self, AuditError, Record};
use crate::case::{self, Case, LoadedCase, ReviewKind};
use crate::chronology::{self, Context, Return};
use crate::diagnostic::{Diagnostic, Location};
use crate::output::{self, OutputDir, OutputError, WritePolicy};
use crate::pack::{self, PackError, PackFile, PackOptions};
use crate::rules::{Deadline, Status, Timeline};
use chrono::{Datelike, NaiveDate};
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
    #[error("{} problem(s)", .0.len())]
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

    /// Copies the fictional sample reviews in (the Northbrook Serious Case Review with its
    /// returns, and a rapid review running now); returns the names made. Existing folders are
    /// left alone.
    pub fn add_samples(&self, today: NaiveDate, user: &str) -> Result<Vec<String>, WorkspaceError> {
        let mut made = Vec::new();
        if self.review(samples::SCR_NAME).is_none() {
            let f = self.create_review(samples::SCR_NAME, "case.json", samples::CASE, user)?;
            for (name, bytes) in samples::RETURNS {
                f.receive_return(name, bytes, user)?;
            }
            made.push(f.name);
        }
        if self.review(samples::RAPID_NAME).is_none() {
            let bytes = samples::rapid_review(today);
            let f = self.create_review(samples::RAPID_NAME, "case.json", &bytes, user)?;
            made.push(f.name);
        }
        Ok(made)
    }
}

/// The fictional sample reviews, compiled in so a fresh workspace can show something real.
mod samples {
    use chrono::NaiveDate;

    pub(super) const SCR_NAME: &str = "northbrook-child-a";
    pub(super) const RAPID_NAME: &str = "northbrook-child-b-rapid-review";
    pub(super) const CASE: &[u8] = include_bytes!("../samples/case.json");
    pub(super) const RETURNS: &[(&str, &[u8])] = &[
        (
            "police.xlsx",
            include_bytes!("../samples/returns/police.xlsx"),
        ),
        ("csc.xlsx", include_bytes!("../samples/returns/csc.xlsx")),
        (
            "health-visiting.xlsx",
            include_bytes!("../samples/returns/health-visiting.xlsx"),
        ),
        (
            "hospital.csv",
            include_bytes!("../samples/returns/hospital.csv"),
        ),
        (
            "school.docx",
            include_bytes!("../samples/returns/school.docx"),
        ),
    ];

    /// The sample case as a 2018-regime rapid review whose incident was ten days before
    /// `today`, so its working-day deadlines are running.
    pub(super) fn rapid_review(today: NaiveDate) -> Vec<u8> {
        let mut v: serde_json::Value = serde_json::from_slice(CASE).unwrap_or_default();
        let day = |n: i64| (today - chrono::Duration::days(n)).to_string();
        v["review"]["reference"] = format!("RR-{}-07", today.format("%Y")).into();
        v["review"]["kind"] = "rapid_review".into();
        v["review"]["regime"] = "2018".into();
        v["review"]["initiated_on"] = serde_json::Value::Null;
        v["review"]["completed_on"] = serde_json::Value::Null;
        v["review"]["scope"]["from"] = day(400).into();
        v["review"]["scope"]["to"] = day(12).into();
        v["child"]["pseudonym"] = "Child B".into();
        v["child"]["date_of_death"] = serde_json::Value::Null;
        v["child"]["date_of_incident"] = day(12).into();
        v["referral"]["made_on"] = day(11).into();
        v["referral"]["received_on"] = day(11).into();
        v["referral"]["incident_known_on"] = day(12).into();
        v["referral"]["notified_on"] = day(9).into();
        v["referral"]["key_dates"] = serde_json::json!([]);
        v["referral"]["facts"]["child_died"] = "no".into();
        v["referral"]["facts"]["seriously_harmed"] = "yes".into();
        v["decision"] = serde_json::json!({});
        v["publication"] = serde_json::json!({});
        // Its learning (key episodes, actions) belongs to the other review.
        if let Some(o) = v.as_object_mut() {
            o.remove("learning");
        }
        serde_json::to_vec_pretty(&v).unwrap_or_default()
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

    /// The returns received, by file name.
    pub fn return_files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = fs::read_dir(self.dir.join(RETURNS_DIR))
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
        if bytes.len() > MAX_RETURN_BYTES {
            return Err(WorkspaceError::Refused(format!(
                "the file is larger than {} MB; a chronology return is far smaller",
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
        if !RETURN_EXTENSIONS.contains(&ext.as_str()) {
            return Err(WorkspaceError::Refused(format!(
                "a return must be a spreadsheet (.xlsx, .xlsm, .xls, .ods), a .csv file or a \
                 Word document (.docx); this file ends in \"{}\"",
                if ext.is_empty() { "nothing" } else { &ext }
            )));
        }
        let stem = output::safe_file_name(stem);
        let out = OutputDir::create(&self.dir.join(RETURNS_DIR), WritePolicy::default())?;
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
        let record = Record::new("return received").file_in(&self.dir, &path);
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
                "{} error(s), {} warning(s)",
                ret.errors(),
                ret.diagnostics.len() - ret.errors()
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
        let inputs: Vec<PathBuf> = self.case_path.iter().cloned().collect();
        let out = OutputDir::create(&self.pack_dir(), WritePolicy::new(true, inputs))?;
        let opts = PackOptions {
            only: Vec::new(),
            agency: None,
            zip: false,
            password: None,
            templates: Default::default(),
            today,
            stage: None,
        };
        let files = match pack::make_pack(case, &out, &opts, &mut |_, _, _| {}) {
            Ok(f) => f,
            Err(PackError::Problems(d)) => return Err(WorkspaceError::Problems(d)),
            Err(PackError::Output(e)) => return Err(e.into()),
            Err(e @ PackError::Destinations(_)) => {
                return Err(WorkspaceError::Refused(e.to_string()));
            }
        };
        let mut record = Record::new("pack").detail(format!("{} file(s)", files.len()));
        if let Some(p) = &self.case_path {
            record = record.file_in(&self.dir, p);
        }
        for f in &files {
            record = record.file_in(&self.dir, &out.root().join(&f.path));
        }
        audit::append(&self.dir, user, &record)?;
        Ok(files)
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

    /// The last pack as one zip, in memory, for a download; records the download.
    pub fn pack_zip(&self, user: &str) -> Result<Vec<u8>, WorkspaceError> {
        use std::io::Write as _;
        let files = self.pack_files();
        if files.is_empty() {
            return Err(WorkspaceError::Refused(
                "no pack has been made yet: make the pack first".into(),
            ));
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
            "{} file(s), zip sha256 {}",
            files.len(),
            audit::sha256_hex(&bytes)
        ));
        audit::append(&self.dir, user, &record)?;
        Ok(bytes)
    }

    /// Records the date of a step in the case file (`case.json` only), after checking that the
    /// changed case is still valid; the file is rewritten atomically and the change recorded
    /// with the file's hash before and after.
    pub fn record_fact(
        &self,
        fact: Fact,
        date: NaiveDate,
        today: NaiveDate,
        user: &str,
    ) -> Result<(), WorkspaceError> {
        let Some(path) = self.case_path.clone() else {
            return Err(WorkspaceError::Refused(
                "the review has no case file".into(),
            ));
        };
        if path.extension().is_none_or(|e| e != "json") {
            return Err(WorkspaceError::Refused(
                "this review's case file is a workbook: record the date in it in Excel, in \
                 the sheet that holds it"
                    .into(),
            ));
        }
        if date > today {
            return Err(WorkspaceError::Problems(vec![Diagnostic::error(
                case::json_loc(fact.field()),
                "the date is in the future: record a step once it has happened",
            )]));
        }
        let mut value =
            case::read_json_file(&path).map_err(|d| WorkspaceError::Problems(vec![*d]))?;
        fact.set(&mut value, date);
        let loaded = case::from_value(value.clone(), &case::SourceMap::new(), today);
        let errors: Vec<Diagnostic> = loaded
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(WorkspaceError::Problems(errors));
        }
        let before = audit::sha256_file(&path);
        let mut text = serde_json::to_string_pretty(&value)
            .map_err(|e| WorkspaceError::Refused(format!("cannot write the case file: {e}")))?;
        text.push('\n');
        output::write_file(&path, text.as_bytes(), &WritePolicy::new(true, []))?;
        let record = Record::new("fact recorded")
            .file_in(&self.dir, &path)
            .detail(format!("{} (case file was sha256 {before})", fact.field()));
        audit::append(&self.dir, user, &record)?;
        Ok(())
    }

    /// The audit log, checked.
    pub fn audit(&self) -> Result<audit::Verification, AuditError> {
        audit::verify(&audit::log_path(&self.dir))
    }
}

/// A step whose date a coordinator records on the day it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Fact {
    /// The referral was received.
    ReferralReceived,
    /// The panel considered the referral.
    PanelConsidered,
    /// The panel made its recommendation.
    Recommended,
    /// The Independent Chair decided.
    Decided,
    /// Ofsted was told of the decision.
    OfstedTold,
    /// The DfE was told of the decision.
    DfeTold,
    /// The National Panel was told of the decision.
    NationalPanelTold,
    /// The review was initiated.
    ReviewInitiated,
    /// The review was completed.
    ReviewCompleted,
    /// The serious incident was known.
    IncidentKnown,
    /// The serious incident was notified.
    IncidentNotified,
    /// The rapid review was completed.
    RapidReviewCompleted,
    /// The report was sent to the National Panel.
    SentToNationalPanel,
    /// The report was published.
    Published,
}

impl Fact {
    /// Every fact, in the order of the process.
    pub const ALL: &[Fact] = &[
        Fact::IncidentKnown,
        Fact::IncidentNotified,
        Fact::RapidReviewCompleted,
        Fact::ReferralReceived,
        Fact::PanelConsidered,
        Fact::Recommended,
        Fact::Decided,
        Fact::OfstedTold,
        Fact::DfeTold,
        Fact::NationalPanelTold,
        Fact::ReviewInitiated,
        Fact::ReviewCompleted,
        Fact::SentToNationalPanel,
        Fact::Published,
    ];

    /// The case file field it sets (a notification's `sent_on` for those told).
    pub fn field(self) -> &'static str {
        match self {
            Fact::ReferralReceived => "referral.received_on",
            Fact::PanelConsidered => "decision.panel_considered_on",
            Fact::Recommended => "decision.recommended_on",
            Fact::Decided => "decision.decided_on",
            Fact::OfstedTold => "decision.notifications[ofsted].sent_on",
            Fact::DfeTold => "decision.notifications[dfe].sent_on",
            Fact::NationalPanelTold => "decision.notifications[national_panel].sent_on",
            Fact::ReviewInitiated => "review.initiated_on",
            Fact::ReviewCompleted => "review.completed_on",
            Fact::IncidentKnown => "referral.incident_known_on",
            Fact::IncidentNotified => "referral.notified_on",
            Fact::RapidReviewCompleted => "referral.rapid_review_completed_on",
            Fact::SentToNationalPanel => "publication.sent_to_national_panel_on",
            Fact::Published => "publication.published_on",
        }
    }

    /// The step in words.
    pub fn label(self) -> &'static str {
        match self {
            Fact::ReferralReceived => "Referral received",
            Fact::PanelConsidered => "Panel considered the referral",
            Fact::Recommended => "Panel made its recommendation",
            Fact::Decided => "Independent Chair decided",
            Fact::OfstedTold => "Ofsted told of the decision",
            Fact::DfeTold => "Department for Education told of the decision",
            Fact::NationalPanelTold => "National Panel told of the decision",
            Fact::ReviewInitiated => "Review initiated",
            Fact::ReviewCompleted => "Review completed",
            Fact::IncidentKnown => "Serious incident became known",
            Fact::IncidentNotified => "Serious incident notified",
            Fact::RapidReviewCompleted => "Rapid review completed",
            Fact::SentToNationalPanel => "Report sent to the National Panel",
            Fact::Published => "Report published",
        }
    }

    /// The fact a field name stands for.
    pub fn from_field(field: &str) -> Option<Fact> {
        Fact::ALL.iter().copied().find(|f| f.field() == field)
    }

    fn set(self, v: &mut serde_json::Value, date: NaiveDate) {
        let date = serde_json::Value::String(date.to_string());
        let to = match self {
            Fact::OfstedTold => "ofsted",
            Fact::DfeTold => "dfe",
            Fact::NationalPanelTold => "national_panel",
            _ => {
                let mut parts = self.field().split('.');
                let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
                    return;
                };
                if !v[a].is_object() {
                    v[a] = serde_json::json!({});
                }
                v[a][b] = date;
                return;
            }
        };
        if !v["decision"].is_object() {
            v["decision"] = serde_json::json!({});
        }
        if !v["decision"]["notifications"].is_array() {
            v["decision"]["notifications"] = serde_json::json!([]);
        }
        if let Some(list) = v["decision"]["notifications"].as_array_mut() {
            match list.iter_mut().find(|n| n["to"] == to) {
                Some(n) => n["sent_on"] = date,
                None => list.push(serde_json::json!({ "to": to, "sent_on": date })),
            }
        }
    }
}

/// One review in the register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// The folder name.
    pub name: String,
    /// The review's reference, or the folder name when the case cannot be read.
    pub reference: String,
    /// The kind in words.
    pub kind: String,
    /// The kind's code (`scr`, `cspr`, `rapid_review`, `alternative`).
    pub kind_code: String,
    /// The regime in words.
    pub regime: String,
    /// The stage, from the dates recorded.
    pub stage: String,
    /// The next deadline still running, soonest first.
    pub next_deadline: Option<NextDeadline>,
    /// Steps overdue, in words.
    pub overdue: Vec<String>,
    /// Agencies whose chronology has not been received, by name.
    pub missing_returns: Vec<String>,
    /// Errors in the case file (the rest is empty then).
    pub case_errors: usize,
    /// The year the review began (referral, else incident), for the yearly numbers.
    pub year: Option<i32>,
    /// The deadlines done, and done on time.
    pub done: usize,
    /// Of those, on time.
    pub on_time: usize,
    /// A rapid review that went on to a local review.
    pub converted: bool,
}

/// A deadline still to meet.
#[derive(Debug, Clone, Serialize)]
pub struct NextDeadline {
    /// The step.
    pub step: String,
    /// The due date.
    pub due: NaiveDate,
    /// Calendar days left (negative when overdue).
    pub days_left: i64,
    /// Working days left, for rules counted in working days.
    pub working_days_left: Option<i64>,
}

/// The numbers a partnership's yearly report needs, for one year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct YearNumbers {
    /// The year.
    pub year: i32,
    /// Serious Case Reviews.
    pub scr: usize,
    /// Local child safeguarding practice reviews.
    pub cspr: usize,
    /// Rapid reviews.
    pub rapid: usize,
    /// Alternative reviews.
    pub alternative: usize,
    /// Rapid reviews that went on to a local review (a review initiated).
    pub rapid_converted: usize,
    /// Deadlines done.
    pub done: usize,
    /// Of those, on time.
    pub on_time: usize,
}

/// Every review of a workspace, with the yearly numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Register {
    /// The day judged.
    pub as_of: NaiveDate,
    /// One row per review, by folder name.
    pub rows: Vec<RegisterRow>,
    /// By year, latest first.
    pub years: Vec<YearNumbers>,
}

/// The stage a review is at, from its dates.
pub fn stage(c: &Case) -> &'static str {
    if c.publication.published_on.is_some() {
        "Published"
    } else if c.review.completed_on.is_some() {
        "Report completed"
    } else if c.review.initiated_on.is_some() {
        "Review under way"
    } else if c.decision.decided_on.is_some() {
        "Decision made"
    } else if c.referral.rapid_review_completed_on.is_some() {
        "Rapid review completed"
    } else if c.decision.panel_considered_on.is_some() {
        "Panel considered"
    } else if c.referral.received_on.is_some() || c.referral.notified_on.is_some() {
        "Referral received"
    } else {
        "Not started"
    }
}

fn code(v: impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn label(v: impl Serialize) -> String {
    let c = code(v);
    crate::case::fields::label_of(&c)
        .map(str::to_string)
        .unwrap_or(c)
}

/// The next deadline still running in a timeline: due or overdue, soonest due first.
pub fn next_deadline(t: &Timeline) -> Option<NextDeadline> {
    t.deadlines
        .iter()
        .filter(|d| matches!(d.status, Status::Due | Status::Overdue))
        .filter_map(|d| Some((d, d.due?)))
        .min_by_key(|(_, due)| *due)
        .map(|(d, due): (&Deadline, NaiveDate)| NextDeadline {
            step: d.step.to_string(),
            due,
            days_left: (due - t.as_of).num_days(),
            working_days_left: d.working_days.then(|| working_days_left(t.as_of, due)),
        })
}

/// Working days from `today` to `due`, negative when `due` has passed.
fn working_days_left(today: NaiveDate, due: NaiveDate) -> i64 {
    use crate::rules::calendar::working_days_between;
    if due >= today {
        i64::from(working_days_between(today, due))
    } else {
        -i64::from(working_days_between(due, today))
    }
}

/// The register of a workspace as of `today`.
pub fn register(ws: &Workspace, today: NaiveDate) -> Register {
    let mut rows = Vec::new();
    for f in ws.reviews() {
        let loaded = f.load(today);
        let errors = crate::diagnostic::error_count(&loaded.diagnostics);
        let mut row = RegisterRow {
            name: f.name.clone(),
            reference: f.name.clone(),
            kind: String::new(),
            kind_code: String::new(),
            regime: String::new(),
            stage: "Case file has errors".into(),
            next_deadline: None,
            overdue: Vec::new(),
            missing_returns: Vec::new(),
            case_errors: errors,
            year: None,
            done: 0,
            on_time: 0,
            converted: false,
        };
        if let (Some(c), 0) = (&loaded.case, errors) {
            let t = crate::rules::timeline(c, today);
            row.reference = c.review.reference.clone();
            row.kind = label(c.review.kind);
            row.kind_code = code(c.review.kind);
            row.regime = label(c.review.regime);
            row.stage = stage(c).into();
            row.next_deadline = next_deadline(&t);
            row.overdue = t
                .deadlines
                .iter()
                .filter(|d| d.status == Status::Overdue)
                .map(|d| format!("{}: {}", d.step, d.status_text))
                .collect();
            row.missing_returns = f
                .missing_returns(c)
                .iter()
                .map(|a| a.name.clone())
                .collect();
            row.year = c
                .referral
                .received_on
                .or(c.referral.incident_known_on)
                .or(c.review.initiated_on)
                .map(|d| d.year());
            row.done = t.counts.done_on_time + t.counts.done_late;
            row.on_time = t.counts.done_on_time;
            row.converted =
                c.review.kind == ReviewKind::RapidReview && c.review.initiated_on.is_some();
        }
        rows.push(row);
    }
    let mut years: Vec<YearNumbers> = Vec::new();
    for r in &rows {
        let Some(y) = r.year else { continue };
        let kind = match r.kind_code.as_str() {
            "cspr" => ReviewKind::Cspr,
            "rapid_review" => ReviewKind::RapidReview,
            "alternative" => ReviewKind::Alternative,
            _ => ReviewKind::Scr,
        };
        tally(&mut years, y, kind, r);
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    Register {
        as_of: today,
        rows,
        years,
    }
}

fn tally(years: &mut Vec<YearNumbers>, y: i32, kind: ReviewKind, r: &RegisterRow) {
    let i = match years.iter().position(|n| n.year == y) {
        Some(i) => i,
        None => {
            years.push(YearNumbers {
                year: y,
                ..YearNumbers::default()
            });
            years.len() - 1
        }
    };
    let n = &mut years[i];
    match kind {
        ReviewKind::Scr => n.scr += 1,
        ReviewKind::Cspr => n.cspr += 1,
        ReviewKind::RapidReview => n.rapid += 1,
        ReviewKind::Alternative => n.alternative += 1,
    }
    if r.converted {
        n.rapid_converted += 1;
    }
    n.done += r.done;
    n.on_time += r.on_time;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
    }

    #[test]
    fn samples_make_two_reviews_in_the_register_with_the_missing_returns() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::open(&tmp.path().join("ws")).unwrap();
        let made = ws.add_samples(today(), "tester").unwrap();
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
        let next = rapid.next_deadline.as_ref().expect("a running deadline");
        assert!(next.working_days_left.is_some());
        assert!(reg.years.iter().any(|y| y.year == 2016 && y.scr == 1));
        // Adding the samples again changes nothing.
        assert!(ws.add_samples(today(), "tester").unwrap().is_empty());
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
        ws.add_samples(today(), "tester").unwrap();
        let f = ws.review(samples::RAPID_NAME).unwrap();
        let day = today() - chrono::Duration::days(1);
        f.record_fact(Fact::RapidReviewCompleted, day, today(), "tester")
            .unwrap();
        let c = f.load(today()).case.unwrap();
        assert_eq!(c.referral.rapid_review_completed_on, Some(day));
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
