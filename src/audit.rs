//! The audit trail of a review: what was made, received, checked and changed, by whom and when.
//!
//! A review's decisions are examined later by Ofsted, the National Panel and sometimes a court,
//! so the coordinator must be able to show which documents went out and which returns came in.
//! The log is a JSON Lines file (`audit.jsonl` in the review's folder), one entry a line: the
//! time, the user, the action, the file names with the SHA-256 of each, and the hash of the entry
//! before it. Each entry's own hash covers all of that, so removing, reordering or editing an
//! entry breaks the chain from that entry on, and [`verify`] names the first broken one.
//!
//! No personal data goes in beyond the file names a person chose: actions are fixed words, and
//! details are counts or field names, never values from the case.
//!
//! Appending rewrites the whole log through [`crate::output`] (atomically, owner-only), under a
//! lock on the review's folder so the CLI and the server never interleave two appends.

use crate::output::{self, OutputError, WritePolicy};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The log's file name inside a review's folder. Its presence makes a folder a review folder
/// whose commands are recorded.
pub const LOG_FILE: &str = "audit.jsonl";

/// The hash the first entry points back to.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The largest log read, in bytes: years of daily work are a few megabytes.
pub const MAX_LOG_BYTES: u64 = 64 * 1024 * 1024;

/// The largest file hashed for an entry; bigger files are recorded without a hash.
const MAX_HASHED_BYTES: u64 = 512 * 1024 * 1024;

/// A file named in an entry, with the SHA-256 of its bytes when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// The path relative to the review's folder (or the name given).
    pub name: String,
    /// Lower-case hex SHA-256, or empty when the file could not be read.
    pub sha256: String,
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When, as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub time: String,
    /// Who: the account that ran the command or opened the session.
    pub user: String,
    /// What, in fixed words: "pack", "chronology check", "return received", "fact recorded".
    pub action: String,
    /// Files read or written.
    pub files: Vec<FileRecord>,
    /// A short note without personal data (counts, field names, an exit status).
    #[serde(default)]
    pub detail: String,
    /// The hash of the entry before (zeros for the first).
    pub prev: String,
    /// SHA-256 of this entry's other fields, as written.
    pub hash: String,
}

/// The fields an entry's hash covers, in a fixed order.
#[derive(Serialize)]
struct Hashed<'a> {
    seq: u64,
    time: &'a str,
    user: &'a str,
    action: &'a str,
    files: &'a [FileRecord],
    detail: &'a str,
    prev: &'a str,
}

impl Entry {
    fn computed_hash(&self) -> String {
        let body = Hashed {
            seq: self.seq,
            time: &self.time,
            user: &self.user,
            action: &self.action,
            files: &self.files,
            detail: &self.detail,
            prev: &self.prev,
        };
        // Serialising plain strings and numbers cannot fail.
        let text = serde_json::to_string(&body).unwrap_or_default();
        hex(&Sha256::digest(text.as_bytes()))
    }
}

/// Why the log could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The log (or the folder) could not be read or locked.
    #[error("cannot read the audit log {path}: {source}")]
    Io {
        /// The log or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The log is larger than any real log.
    #[error("the audit log {0} is larger than {MAX_LOG_BYTES} bytes; it is not read")]
    TooLarge(PathBuf),
    /// Writing failed.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The log is broken, so nothing is appended to it (that would hide the break).
    #[error(
        "the audit log {path} is broken at entry {line}: {reason}; nothing was added to it \
         (keep it as evidence and start a new log only with the board's agreement)"
    )]
    Broken {
        /// The log.
        path: PathBuf,
        /// The first broken line.
        line: usize,
        /// What is wrong there.
        reason: String,
    },
}

/// The SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The SHA-256 of a file, streamed; empty when it cannot be read or is huge.
pub fn sha256_file(path: &Path) -> String {
    use std::io::Read;
    let Ok(mut f) = fs::File::open(path) else {
        return String::new();
    };
    if f.metadata()
        .map(|m| m.len() > MAX_HASHED_BYTES)
        .unwrap_or(true)
    {
        return String::new();
    }
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(_) => return String::new(),
        }
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// The log of a review folder.
pub fn log_path(review_dir: &Path) -> PathBuf {
    review_dir.join(LOG_FILE)
}

/// True when `dir` is a review folder whose work is recorded (it holds an audit log).
pub fn is_recorded(dir: &Path) -> bool {
    log_path(dir).is_file()
}

/// The review folder (one holding an audit log) that `path` is in or is, looking up to three
/// folders up: a case file, a return in `returns/`, an output in `out/pack/agencies/x/`.
pub fn review_folder_of(path: &Path) -> Option<PathBuf> {
    let abs = fs::canonicalize(path)
        .ok()
        .or_else(|| {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty())?;
            fs::canonicalize(parent).ok()
        })
        .or_else(|| std::env::current_dir().ok().map(|d| d.join(path)))?;
    abs.ancestors()
        .take(5)
        .find(|d| is_recorded(d))
        .map(Path::to_path_buf)
}

/// The current time as UTC `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads the log's entries, checking nothing; a missing log is empty.
fn read_lines(log: &Path) -> Result<Vec<String>, AuditError> {
    let io = |source| AuditError::Io {
        path: log.to_path_buf(),
        source,
    };
    match fs::metadata(log) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(e)),
        Ok(m) if m.len() > MAX_LOG_BYTES => return Err(AuditError::TooLarge(log.to_path_buf())),
        Ok(_) => {}
    }
    let text = fs::read(log).map_err(io)?;
    let text = String::from_utf8_lossy(&text);
    Ok(text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .skip_while(String::is_empty)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect())
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// The entries read, up to the first broken one.
    pub entries: Vec<Entry>,
    /// Lines in the log.
    pub lines: usize,
    /// The first broken entry: its line (from 1) and what is wrong.
    pub broken: Option<(usize, String)>,
}

impl Verification {
    /// True when every entry is intact and chained.
    pub fn is_intact(&self) -> bool {
        self.broken.is_none()
    }
}

/// Checks the chain of a log: each line an entry, numbered in order, pointing to the hash of the
/// one before, with a hash that matches its fields. Stops at the first broken entry.
pub fn verify(log: &Path) -> Result<Verification, AuditError> {
    let lines = read_lines(log)?;
    let mut v = Verification {
        entries: Vec::new(),
        lines: lines.len(),
        broken: None,
    };
    let mut prev = GENESIS.to_string();
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let problem = match serde_json::from_str::<Entry>(line) {
            Err(_) => Some("the line is not an audit entry (edited by hand?)".to_string()),
            Ok(e) if e.seq != n as u64 => Some(format!(
                "it is numbered {} where {n} was expected: an entry before it was removed or \
                 moved",
                e.seq
            )),
            Ok(e) if e.prev != prev => Some(
                "it does not follow the entry before it: an entry was removed, moved or edited"
                    .to_string(),
            ),
            Ok(e) if e.computed_hash() != e.hash => {
                Some("its contents do not match its hash: the entry was edited".to_string())
            }
            Ok(e) => {
                prev = e.hash.clone();
                v.entries.push(e);
                None
            }
        };
        if let Some(reason) = problem {
            v.broken = Some((n, reason));
            break;
        }
    }
    Ok(v)
}

/// What to record: the action, files and a note. Files are hashed when the entry is written.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Fixed words for what was done.
    pub action: String,
    /// Files involved: `(name shown, path to hash)`.
    pub files: Vec<(String, PathBuf)>,
    /// A note without personal data.
    pub detail: String,
}

impl Record {
    /// A record of `action`.
    pub fn new(action: impl Into<String>) -> Self {
        Record {
            action: action.into(),
            ..Record::default()
        }
    }

    /// Adds a file inside the review folder `dir`, named relative to it.
    pub fn file_in(mut self, dir: &Path, path: &Path) -> Self {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        self.files.push((name, path.to_path_buf()));
        self
    }

    /// Sets the note.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }
}

/// Appends an entry to the log of `review_dir` (creating the log if needed); returns it.
/// A broken log is refused: appending would make the break look like history.
pub fn append(review_dir: &Path, user: &str, record: &Record) -> Result<Entry, AuditError> {
    let lock = lock_folder(review_dir)?;
    let log = log_path(review_dir);
    let v = verify(&log)?;
    if let Some((line, reason)) = v.broken {
        return Err(AuditError::Broken {
            path: log,
            line,
            reason,
        });
    }
    let prev = v
        .entries
        .last()
        .map(|e| e.hash.clone())
        .unwrap_or_else(|| GENESIS.to_string());
    let mut entry = Entry {
        seq: v.entries.len() as u64 + 1,
        time: now_utc(),
        user: one_line(user),
        action: one_line(&record.action),
        files: record
            .files
            .iter()
            .map(|(name, path)| FileRecord {
                name: one_line(name),
                sha256: sha256_file(path),
            })
            .collect(),
        detail: one_line(&record.detail),
        prev,
        hash: String::new(),
    };
    entry.hash = entry.computed_hash();
    let mut text = fs::read(&log).unwrap_or_default();
    if !text.is_empty() && !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    text.extend_from_slice(serde_json::to_string(&entry).unwrap_or_default().as_bytes());
    text.push(b'\n');
    output::write_file(&log, &text, &WritePolicy::new(true, []))?;
    drop(lock);
    Ok(entry)
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(500)
        .collect()
}

/// Holds an exclusive lock on a review folder while the log is read and rewritten; released
/// when dropped. The folder, not the log, is locked: the log is replaced by a rename.
struct FolderLock(fs::File);

fn lock_folder(dir: &Path) -> Result<FolderLock, AuditError> {
    let io = |source| AuditError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let f = fs::File::open(dir).map_err(io)?;
    f.lock().map_err(io)?;
    Ok(FolderLock(f))
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// The files of a review folder with their size and modification time, to tell afterwards
/// which files a command wrote. Hidden files and the log itself are left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot(BTreeMap<PathBuf, (u64, Option<SystemTime>)>);

/// The most files a snapshot lists: a review folder holds hundreds, not millions.
const SNAPSHOT_LIMIT: usize = 20_000;

impl Snapshot {
    /// Lists the files under `dir` (not following links).
    pub fn take(dir: &Path) -> Snapshot {
        let mut map = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = fs::read_dir(&d) else {
                continue;
            };
            for e in entries.flatten() {
                if map.len() >= SNAPSHOT_LIMIT {
                    return Snapshot(map);
                }
                let name = e.file_name();
                if name.to_string_lossy().starts_with('.') || name == LOG_FILE {
                    continue;
                }
                let Ok(meta) = e.metadata() else { continue };
                if meta.is_dir() {
                    stack.push(e.path());
                } else if meta.is_file() {
                    map.insert(e.path(), (meta.len(), meta.modified().ok()));
                }
            }
        }
        Snapshot(map)
    }

    /// The files of `after` that are new or changed since `self`, in path order.
    pub fn changed(&self, after: &Snapshot) -> Vec<PathBuf> {
        after
            .0
            .iter()
            .filter(|(p, meta)| self.0.get(*p) != Some(meta))
            .map(|(p, _)| p.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder_with_log(n: usize) -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("case.json"), b"{}").unwrap();
        for i in 0..n {
            let r = Record::new(format!("action {i}"))
                .file_in(tmp.path(), &tmp.path().join("case.json"))
                .detail("exit 0");
            append(tmp.path(), "coordinator", &r).unwrap();
        }
        tmp
    }

    #[test]
    fn entries_are_chained_numbered_and_hash_their_files() {
        let tmp = folder_with_log(3);
        let v = verify(&log_path(tmp.path())).unwrap();
        assert!(v.is_intact(), "{v:?}");
        assert_eq!(v.entries.len(), 3);
        assert_eq!(v.entries[0].prev, GENESIS);
        assert_eq!(v.entries[1].prev, v.entries[0].hash);
        assert_eq!(v.entries[2].seq, 3);
        assert_eq!(v.entries[0].files[0].name, "case.json");
        assert_eq!(v.entries[0].files[0].sha256, sha256_hex(b"{}"));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    fn rewrite(tmp: &Path, f: impl FnOnce(&mut Vec<String>)) {
        let log = log_path(tmp);
        let mut lines: Vec<String> = fs::read_to_string(&log)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect();
        f(&mut lines);
        fs::write(&log, lines.join("\n") + "\n").unwrap();
    }

    #[test]
    fn an_edited_entry_is_named() {
        let tmp = folder_with_log(3);
        rewrite(tmp.path(), |l| l[1] = l[1].replace("action 1", "action X"));
        let v = verify(&log_path(tmp.path())).unwrap();
        let (line, reason) = v.broken.unwrap();
        assert_eq!(line, 2);
        assert!(reason.contains("edited"), "{reason}");
        assert_eq!(v.entries.len(), 1);
    }

    #[test]
    fn a_removed_entry_is_named_and_the_log_is_not_appended_to() {
        let tmp = folder_with_log(3);
        rewrite(tmp.path(), |l| {
            l.remove(1);
        });
        let v = verify(&log_path(tmp.path())).unwrap();
        assert_eq!(v.broken.as_ref().unwrap().0, 2);
        let before = fs::read(log_path(tmp.path())).unwrap();
        let err = append(tmp.path(), "x", &Record::new("pack")).unwrap_err();
        assert!(matches!(err, AuditError::Broken { line: 2, .. }), "{err}");
        assert_eq!(fs::read(log_path(tmp.path())).unwrap(), before);
    }

    #[test]
    fn an_edit_with_its_hash_recomputed_still_breaks_the_next_entry() {
        // Editing an entry and recomputing its hash still breaks the link from the next one.
        let tmp = folder_with_log(3);
        rewrite(tmp.path(), |l| {
            let mut e: Entry = serde_json::from_str(&l[0]).unwrap();
            e.user = "someone else".into();
            e.hash = e.computed_hash();
            l[0] = serde_json::to_string(&e).unwrap();
        });
        let v = verify(&log_path(tmp.path())).unwrap();
        assert_eq!(v.broken.unwrap().0, 2);
    }

    #[test]
    fn control_characters_cannot_split_an_entry() {
        let tmp = folder_with_log(0);
        append(tmp.path(), "a\nb", &Record::new("x\n{\"seq\":9}")).unwrap();
        let v = verify(&log_path(tmp.path())).unwrap();
        assert!(v.is_intact());
        assert_eq!(v.lines, 1);
    }

    #[test]
    fn a_snapshot_tells_the_files_a_command_wrote() {
        let tmp = folder_with_log(1);
        let before = Snapshot::take(tmp.path());
        fs::create_dir_all(tmp.path().join("out")).unwrap();
        fs::write(tmp.path().join("out/a.docx"), b"new").unwrap();
        let after = Snapshot::take(tmp.path());
        assert_eq!(before.changed(&after), vec![tmp.path().join("out/a.docx")]);
        assert_eq!(
            review_folder_of(&tmp.path().join("out/a.docx")).unwrap(),
            fs::canonicalize(tmp.path()).unwrap()
        );
    }
}
