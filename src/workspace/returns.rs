//! Returns received from agencies: stored under a safe name, read by the CLI's readers, and
//! the agencies still to chase.

use super::{MAX_RETURN_BYTES, RETURN_EXTENSIONS, RETURNS_DIR, ReviewFolder, WorkspaceError};
use crate::audit::{self, Record};
use crate::case::{self, Case};
use crate::chronology::{self, Context, Return};
use crate::output::{self, OutputDir, OutputError, WritePolicy};
use chrono::NaiveDate;
use std::fs;
use std::path::{Path, PathBuf};

impl ReviewFolder {
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
