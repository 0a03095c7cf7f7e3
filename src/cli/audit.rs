//! `scr audit verify` and `scr audit show`, and the hook that records every command run on a
//! review folder of a workspace in that folder's audit log.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_json};
use scrkit::audit::{self, Record, Snapshot};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(clap::Subcommand)]
pub(super) enum AuditCommand {
    /// Check that a review's audit log is whole: exit 0 when intact, 1 naming the first broken
    /// entry.
    Verify(AuditArgs),
    /// List a review's audit log.
    Show(AuditArgs),
}

#[derive(clap::Args)]
pub(super) struct AuditArgs {
    /// The review's folder (holding audit.jsonl), or the log itself.
    dir: PathBuf,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

fn log_of(p: &Path) -> PathBuf {
    if p.is_dir() {
        audit::log_path(p)
    } else {
        p.to_path_buf()
    }
}

pub(super) fn run(c: AuditCommand) -> CliResult {
    let (a, show) = match c {
        AuditCommand::Verify(a) => (a, false),
        AuditCommand::Show(a) => (a, true),
    };
    let log = log_of(&a.dir);
    if !log.is_file() {
        eprintln!(
            "error: {}: there is no audit log here; a review folder of a workspace holds one \
             (audit.jsonl)",
            log.display()
        );
        return Ok(EXIT_USAGE);
    }
    let v = audit::verify(&log)?;
    if a.json {
        print_json(&v)?;
    } else {
        if show {
            for e in &v.entries {
                println!("{:>4}  {}  {:<12}  {}", e.seq, e.time, e.user, e.action);
                if !e.detail.is_empty() {
                    println!("        {}", e.detail);
                }
                for f in &e.files {
                    let hash = if f.sha256.is_empty() {
                        "(not hashed)"
                    } else {
                        &f.sha256
                    };
                    println!("        {}  sha256 {hash}", f.name);
                }
            }
        }
        match &v.broken {
            None => println!(
                "{}: intact, {} entr{}",
                log.display(),
                v.entries.len(),
                if v.entries.len() == 1 { "y" } else { "ies" }
            ),
            Some((line, reason)) => println!(
                "error: {}: entry {line} is broken: {reason}\n  help: the {} entr{} before it \
                 are intact; keep the file as it is and tell the board's business manager",
                log.display(),
                v.entries.len(),
                if v.entries.len() == 1 { "y" } else { "ies" }
            ),
        }
    }
    Ok(if v.is_intact() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    })
}

/// Who is running scrkit, for the audit log: the login name, never anything from the data.
pub(super) fn user_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// Records one command run on the review folders its arguments name: the command's words,
/// the files it was given that lie in the folder, and every file it wrote there, each hashed.
pub(super) struct Hook {
    action: String,
    folders: BTreeMap<PathBuf, (Snapshot, Vec<PathBuf>)>,
}

impl Hook {
    /// Looks at the arguments before the command runs.
    pub(super) fn start(args: &[std::ffi::OsString]) -> Hook {
        let words: Vec<String> = args
            .iter()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .take_while(|a| !a.starts_with('-') && !a.contains(['/', '\\', '.']) && a.len() < 24)
            .take(2)
            .collect();
        let mut folders: BTreeMap<PathBuf, (Snapshot, Vec<PathBuf>)> = BTreeMap::new();
        if !matches!(
            words.first().map(String::as_str),
            Some("audit" | "serve") | None
        ) {
            for a in args.iter().skip(1) {
                let p = Path::new(a);
                if a.to_string_lossy().starts_with('-') {
                    continue;
                }
                if let Some(dir) = audit::review_folder_of(p) {
                    let entry = folders
                        .entry(dir.clone())
                        .or_insert_with(|| (Snapshot::take(&dir), Vec::new()));
                    if let Ok(real) = std::fs::canonicalize(p)
                        && real.is_file()
                    {
                        entry.1.push(real);
                    }
                }
            }
        }
        Hook {
            action: words.join(" "),
            folders,
        }
    }

    /// Appends the entry once the command has run with exit `code`.
    pub(super) fn finish(self, code: i32) {
        for (dir, (before, inputs)) in self.folders {
            let after = Snapshot::take(&dir);
            let mut record = Record::new(&self.action).detail(format!("exit {code}"));
            let written = before.changed(&after);
            for p in inputs.iter().filter(|p| !written.contains(p)) {
                record = record.file_in(&dir, p);
            }
            for p in &written {
                record = record.file_in(&dir, p);
            }
            if let Err(e) = audit::append(&dir, &user_name(), &record) {
                eprintln!("warning: the command was not added to the audit log: {e}");
            }
        }
    }
}
