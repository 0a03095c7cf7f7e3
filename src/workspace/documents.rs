//! A review's documents: the pack made into `out/pack/`, its files, and the pack as one zip.

use super::{OUT_DIR, ReviewFolder, WorkspaceError};
use crate::audit::{self, Record};
use crate::case::Case;
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
            Err(PackError::Problems(d) | PackError::Usage(d)) => {
                return Err(WorkspaceError::Problems(d));
            }
            Err(PackError::Output(e)) => return Err(e.into()),
            Err(e @ PackError::Destinations(_)) => {
                return Err(WorkspaceError::Refused(e.to_string()));
            }
        };
        let mut record = Record::new("pack").detail(super::plural(files.len(), "file"));
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
            "{}, zip sha256 {}",
            super::plural(files.len(), "file"),
            audit::sha256_hex(&bytes)
        ));
        audit::append(&self.dir, user, &record)?;
        Ok(bytes)
    }
}
