//! What the review's page merges and sends as the CLI does: the chronology returns merged into
//! `out/chronology/` (`scr chronology merge --keep-going`), the rapid review's agency summaries
//! into `out/summaries/` (`scr summary merge`), and each owner agency's action tracker into
//! `out/trackers/` (`scr actions workbook`). Each replaces the last one made and is recorded
//! with every file it read and wrote.

use super::checks::Made;
use super::{ReturnKind, ReviewFolder, WorkspaceError, plural};
use crate::audit::{self, Record};
use crate::case::Case;
use crate::chronology::{self, Context, MergeOptions, MergeOutcome};
use crate::output::{OutputDir, WritePolicy};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

impl ReviewFolder {
    /// Merges the chronology returns received into `out/chronology/` (the merged workbook, its
    /// Word document with the timeline, and the problems), rows with errors left out as
    /// `--keep-going` leaves them, replacing an earlier merge; records every file. `None`
    /// before any return has come.
    pub fn make_chronology(
        &self,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<Option<Vec<PathBuf>>, WorkspaceError> {
        let returns = self.return_files();
        if returns.is_empty() {
            return Ok(None);
        }
        let ctx = Context::for_case(case, today);
        let opts = MergeOptions {
            keep_going: true,
            ..MergeOptions::default()
        };
        let inputs = returns.iter().cloned().chain(self.case_path.clone());
        let (checked, outcome) = chronology::merge_into(
            &self.made_dir(Made::Chronology),
            WritePolicy::new(true, inputs),
            &returns,
            &ctx,
            opts,
            None,
            &|_| {},
        )
        .map_err(|e| WorkspaceError::Refused(format!("the merged chronology: {e}")))?;
        let written = match outcome {
            MergeOutcome::Written { written, .. } => written,
            MergeOutcome::Unrenderable(problems) => return Err(WorkspaceError::Problems(problems)),
            MergeOutcome::Refused(_) => {
                return Err(WorkspaceError::Refused(
                    "the returns could not be merged: every return has errors; see each \
                     return's problems"
                        .into(),
                ));
            }
        };
        let mut record = Record::new("chronology merge").detail(format!(
            "{} merged; {} in them, their rows left out",
            plural(returns.len(), "return"),
            plural(checked.errors(), "error")
        ));
        for f in returns.iter().chain(&written) {
            record = record.file_in(&self.dir, f);
        }
        audit::append(&self.dir, user, &record)?;
        Ok(Some(written))
    }

    /// Merges the agency summaries received into `out/summaries/` (the workbook and the Word
    /// document the rapid review meeting reads), as `scr summary merge` does: refused, with
    /// every problem, while a summary has errors. `None` before any summary has come.
    pub fn make_summaries(
        &self,
        case: &Case,
        today: NaiveDate,
        user: &str,
    ) -> Result<Option<Vec<PathBuf>>, WorkspaceError> {
        let received = self.received(ReturnKind::Summary);
        if received.is_empty() {
            return Ok(None);
        }
        let inputs = received.iter().cloned().chain(self.case_path.clone());
        let (_, outcome) = crate::summary::merge_into(
            &self.made_dir(Made::Summaries),
            WritePolicy::new(true, inputs),
            &received,
            case,
            today,
            None,
        )
        .map_err(|e| WorkspaceError::Refused(format!("the agency summaries: {e}")))?;
        let written = match outcome {
            crate::summary::MergeOutcome::Written { written, .. } => written,
            crate::summary::MergeOutcome::Refused(problems)
            | crate::summary::MergeOutcome::Unrenderable(problems) => {
                return Err(WorkspaceError::Problems(problems));
            }
        };
        let mut record =
            Record::new("summary merge").detail(plural(received.len(), "agency summary"));
        for f in received.iter().chain(&written) {
            record = record.file_in(&self.dir, f);
        }
        audit::append(&self.dir, user, &record)?;
        Ok(Some(written))
    }

    /// Writes each owner agency's action tracker (its open actions, the board's columns
    /// locked) into `out/trackers/`, as `scr actions workbook` does, after removing the
    /// trackers made before (an agency with no open action left gets none). Empty when no
    /// agency owns an open action.
    pub fn make_trackers(&self, case: &Case, user: &str) -> Result<Vec<PathBuf>, WorkspaceError> {
        let agencies = crate::actions::tracker_agencies(case);
        let dir = self.made_dir(Made::Trackers);
        for old in self.made_files(Made::Trackers) {
            std::fs::remove_file(&old).map_err(|source| crate::output::OutputError::Io {
                path: old.clone(),
                source,
            })?;
        }
        if agencies.is_empty() {
            return Ok(Vec::new());
        }
        let out = OutputDir::create(&dir, WritePolicy::new(true, self.case_path.clone()))?;
        let mut written = Vec::new();
        for id in agencies {
            let bytes = crate::actions::tracker_xlsx(case, id, None)
                .map_err(|e| WorkspaceError::Refused(e.to_string()))?;
            written.push(out.write(Path::new(&crate::actions::tracker_file_name(id)), &bytes)?);
        }
        let mut record = Record::new("action trackers").detail(plural(written.len(), "tracker"));
        for f in self.case_path.iter().chain(&written) {
            record = record.file_in(&self.dir, f);
        }
        audit::append(&self.dir, user, &record)?;
        Ok(written)
    }
}
