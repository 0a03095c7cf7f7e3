//! Writing outputs so that nothing is lost and nothing leaks.
//!
//! Every file scrkit writes goes through here. The promises:
//! - a write is atomic: the bytes go to a temporary file in the same folder, which is then
//!   renamed over the target, so a crash never leaves half a document;
//! - an existing file is not replaced unless the caller says `force`;
//! - an input is never an output;
//! - nothing is written outside the chosen output folder, whatever names the data holds;
//! - files are readable by their owner only (0600 and folders 0700 on Unix, an access list
//!   with only the owner on Windows: [`platform`]), because the documents are about children;
//! - only regular files are ever replaced, never a device, a pipe or a folder;
//! - names made from data are portable: no Windows device name, no trailing dot or space;
//! - a set of files (a pack) is all or nothing: [`OutputDir::stage`] checks every destination
//!   first, writes into a hidden staging folder, and moves everything into place at the end,
//!   one run per folder at a time.

mod platform;

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target exists and `force` was not given.
    #[error("{0} already exists; use --force to replace it")]
    Exists(PathBuf),
    /// The target is one of the inputs of the same run.
    #[error("{0} is an input of this run; choose another output so the input is not overwritten")]
    IsInput(PathBuf),
    /// The target would fall outside the output folder.
    #[error("{0} would be written outside the output folder; this is refused")]
    Outside(PathBuf),
    /// The target exists and is not a regular file (a device, a pipe, a folder): never replaced.
    #[error(
        "{0} is not a regular file (a device, a pipe or a folder); it is never replaced, even with --force"
    )]
    NotRegular(PathBuf),
    /// Another program (Word, Excel) has the target open, so it cannot be replaced.
    #[error(
        "{0} is open in another program (such as Word or Excel), or you may not change it; close it and run again (nothing was replaced)"
    )]
    InUse(PathBuf),
    /// A name that some system cannot hold (a Windows device name, a trailing dot or space).
    #[error("{path} cannot be written: {why}")]
    NotPortable {
        /// The path asked for.
        path: PathBuf,
        /// What is wrong with it.
        why: &'static str,
    },
    /// Another scrkit run is writing to the same folder.
    #[error("another scrkit run is writing to {0}; wait for it to finish, then run again")]
    Busy(PathBuf),
    /// Two outputs of one run would be the same file.
    #[error(
        "two outputs of this run would both be written to {0}; this is a bug in scrkit, please report it"
    )]
    Clash(PathBuf),
    /// The file system refused.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl OutputError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            OutputError::Exists(p)
            | OutputError::IsInput(p)
            | OutputError::Outside(p)
            | OutputError::NotRegular(p)
            | OutputError::InUse(p)
            | OutputError::Busy(p)
            | OutputError::Clash(p) => p,
            OutputError::NotPortable { path, .. } | OutputError::Io { path, .. } => path,
        }
    }
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// How outputs may treat what is already on disk.
#[derive(Debug, Clone, Default)]
pub struct WritePolicy {
    /// Replace existing files.
    pub force: bool,
    /// Files read by this run; none may be written.
    pub inputs: Vec<PathBuf>,
}

impl WritePolicy {
    /// A policy that refuses to write over `inputs`.
    pub fn new(force: bool, inputs: impl IntoIterator<Item = PathBuf>) -> Self {
        WritePolicy {
            force,
            inputs: inputs.into_iter().collect(),
        }
    }

    fn check(&self, target: &Path) -> Result<(), OutputError> {
        let target_id = identity(target);
        for input in &self.inputs {
            if let (Some(a), Some(b)) = (&target_id, identity(input))
                && *a == b
            {
                return Err(OutputError::IsInput(target.to_path_buf()));
            }
        }
        if let Ok(meta) = fs::symlink_metadata(target) {
            if !self.force {
                return Err(OutputError::Exists(target.to_path_buf()));
            }
            // A link is replaced itself, never followed; anything else but a file is kept.
            let t = meta.file_type();
            if !(t.is_file() || t.is_symlink()) {
                return Err(OutputError::NotRegular(target.to_path_buf()));
            }
            if t.is_file() {
                platform::check_replaceable(target).map_err(|e| replace_err(target, e))?;
            }
        }
        Ok(())
    }
}

/// A stable identity for an existing file, or its absolute path for one that does not exist.
fn identity(path: &Path) -> Option<PathBuf> {
    if let Ok(c) = fs::canonicalize(path) {
        return Some(c);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    let parent = match parent {
        Some(p) => fs::canonicalize(p).ok()?,
        None => std::env::current_dir().ok()?,
    };
    Some(parent.join(path.file_name()?))
}

/// Writes `bytes` to `path` atomically, with owner-only permissions.
pub fn write_file(path: &Path, bytes: &[u8], policy: &WritePolicy) -> Result<(), OutputError> {
    write_file_with(path, policy, |w| w.write_all(bytes))
}

/// Writes a file atomically by handing a writer to `fill`; used for large outputs built as a
/// stream (zip packages) so they are never held twice in memory.
pub fn write_file_with(
    path: &Path,
    policy: &WritePolicy,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    policy.check(path)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // A write that fails removes the folders it made for the file (the temporary file goes
    // first: it is dropped before them).
    let made = MadeFolders::create(&dir)?;
    let tmp = part_file(&dir).map_err(io_err(path))?;
    let mut tmp = tmp;
    fill(tmp.as_file_mut()).map_err(io_err(path))?;
    tmp.as_file().sync_all().map_err(io_err(path))?;
    let target = platform::long_path(path);
    if policy.force {
        tmp.persist(&target)
            .map_err(|e| replace_err(path, e.error))?;
    } else {
        // persist_noclobber closes the race between the check above and the rename.
        tmp.persist_noclobber(&target).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(path.to_path_buf())
            } else {
                replace_err(path, e.error)
            }
        })?;
    }
    made.keep();
    Ok(())
}

/// The error for a failed replacement: "open in Word" where that is what it means.
fn replace_err(path: &Path, source: std::io::Error) -> OutputError {
    if platform::is_in_use(&source) {
        OutputError::InUse(path.to_path_buf())
    } else {
        OutputError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The prefix of every temporary file and staging folder: hidden, and carrying the writer's
/// process id so that a person (and the next run) can tell whose it is.
fn part_prefix() -> String {
    format!(".scrkit-{}-", std::process::id())
}

/// A hidden temporary file in `dir`, owner-only, locked for as long as this process writes
/// it: the lock is how the next run tells a killed writer's leftover from a live one.
fn part_file(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let tmp = tempfile::Builder::new()
        .prefix(&part_prefix())
        .suffix(".part")
        .tempfile_in(dir)?;
    platform::restrict_file(tmp.path())?;
    // A file system without locks only means leftovers are kept, never that one is removed.
    let _ = tmp.as_file().try_lock();
    Ok(tmp)
}

/// True for the name of a temporary file or staging folder scrkit writes.
fn is_part_name(name: &str) -> bool {
    name.starts_with(".scrkit-") && name.ends_with(".part")
}

/// Removes what killed runs left in `root` and the folders below it (to a few levels, never
/// through a link): staging folders (only a run holding the folder's lock makes one, and the
/// caller holds it) and temporary files no live process holds locked. Returns how many.
fn remove_leftovers(root: &Path, depth: usize) -> usize {
    let Ok(entries) = fs::read_dir(root) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let Ok(t) = e.file_type() else { continue };
        let name = e.file_name();
        let name = name.to_string_lossy();
        let path = e.path();
        if is_part_name(&name) {
            if t.is_dir() {
                if fs::remove_dir_all(&path).is_ok() {
                    removed += 1;
                }
            } else if t.is_file() {
                let unheld = fs::OpenOptions::new()
                    .read(true)
                    .open(&path)
                    .is_ok_and(|f| f.try_lock().is_ok());
                if unheld && fs::remove_file(&path).is_ok() {
                    removed += 1;
                }
            }
        } else if t.is_dir() && depth > 0 {
            removed += remove_leftovers(&path, depth - 1);
        }
    }
    removed
}

/// The folders one write or run made, deepest first, that did not exist before it. Dropped,
/// it removes them again while they are empty and stops at the first that is not (a file was
/// written, or someone else put one there): what a run wrote, and every folder that existed
/// before it, stay. [`MadeFolders::keep`] keeps them whatever they hold.
#[derive(Debug, Default)]
struct MadeFolders(Vec<PathBuf>);

impl MadeFolders {
    /// Creates `dir` (and its parents) readable by the owner only, noting which were missing.
    fn create(dir: &Path) -> Result<Self, OutputError> {
        let missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
            .map(|a| std::path::absolute(a).unwrap_or_else(|_| a.to_path_buf()))
            .collect();
        create_private_dir(dir)?;
        Ok(MadeFolders(missing))
    }

    /// The folders stay: what was written into them is the caller's.
    fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for MadeFolders {
    fn drop(&mut self) {
        for dir in &self.0 {
            // Removes only an empty folder, never what is in one.
            if fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// Creates a folder (and its parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), OutputError> {
    if dir.is_dir() {
        return Ok(());
    }
    platform::create_private_dir(dir).map_err(io_err(dir))
}

/// Why a name cannot be a file or folder name on every system scrkit's files travel to (a pack
/// made on Linux is opened on Windows), or `None` when it can.
pub fn unportable(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("a name is empty");
    }
    if name.len() > 255 {
        return Some("a name is longer than 255 bytes");
    }
    if name.ends_with(['.', ' ']) {
        return Some("a name ends with a dot or a space, which Windows drops");
    }
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*' | '\\'))
    {
        return Some(
            "a name holds a character Windows does not allow (< > : \" | ? * \\ or a control character)",
        );
    }
    let stem = name.split('.').next().unwrap_or("").trim_end_matches(' ');
    let stem = stem.to_uppercase();
    let device = RESERVED.contains(&stem.as_str())
        || [
            "CONIN$",
            "CONOUT$",
            "COM\u{b9}",
            "COM\u{b2}",
            "COM\u{b3}",
            "LPT\u{b9}",
            "LPT\u{b2}",
            "LPT\u{b3}",
            "COM0",
            "LPT0",
        ]
        .contains(&stem.as_str());
    if device {
        return Some("a name is a Windows device name (such as CON, NUL, COM1)");
    }
    None
}

/// An output folder: every file written through it lands inside it.
#[derive(Debug, Clone)]
pub struct OutputDir {
    root: PathBuf,
    policy: WritePolicy,
    /// The folders opening it made, shared by every handle: when the last handle goes, those
    /// still empty (the run wrote nothing, or was refused) are removed again.
    _made: std::sync::Arc<MadeFolders>,
}

impl OutputDir {
    /// Opens (creating if needed) the output folder `root`. A folder made here, and any parent
    /// made with it, is removed again when the last handle is dropped if nothing was written
    /// into it: a refused run leaves nothing behind, and a folder that existed before is never
    /// touched.
    pub fn create(root: &Path, policy: WritePolicy) -> Result<Self, OutputError> {
        let made = MadeFolders::create(root)?;
        let root = fs::canonicalize(root).map_err(io_err(root))?;
        Ok(OutputDir {
            root,
            policy,
            _made: std::sync::Arc::new(made),
        })
    }

    /// The folder's canonical path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path `relative` names inside the folder, judged by its words alone: every name
    /// portable, nothing that climbs out.
    fn lexical(&self, relative: &Path) -> Result<PathBuf, OutputError> {
        let mut out = self.root.clone();
        for comp in relative.components() {
            match comp {
                Component::Normal(c) => {
                    let why = match c.to_str() {
                        Some(name) => unportable(name),
                        None => Some("a name is not valid Unicode"),
                    };
                    if let Some(why) = why {
                        return Err(OutputError::NotPortable {
                            path: relative.to_path_buf(),
                            why,
                        });
                    }
                    out.push(c)
                }
                Component::CurDir => {}
                _ => return Err(OutputError::Outside(relative.to_path_buf())),
            }
        }
        if out == self.root {
            return Err(OutputError::Outside(relative.to_path_buf()));
        }
        Ok(out)
    }

    /// Resolves a relative path inside the folder, refusing anything that would leave it.
    pub fn resolve(&self, relative: &Path) -> Result<PathBuf, OutputError> {
        let out = self.lexical(relative)?;
        // A folder inside the output that is a link to elsewhere must not be followed.
        if let Some(parent) = out.parent() {
            create_private_dir(parent)?;
            let real = fs::canonicalize(parent).map_err(io_err(parent))?;
            if !real.starts_with(&self.root) {
                return Err(OutputError::Outside(relative.to_path_buf()));
            }
        }
        Ok(out)
    }

    /// Checks that `relative` could be written, creating nothing: the target may be written
    /// under the policy, and the nearest folder that exists on its way is a folder inside the
    /// output folder that accepts files (tried with a temporary file, once per folder).
    fn check_destination(
        &self,
        relative: &Path,
        tried: &mut std::collections::HashSet<PathBuf>,
    ) -> Result<PathBuf, OutputError> {
        let target = self.lexical(relative)?;
        self.policy.check(&target)?;
        let mut existing = target.parent().unwrap_or(&self.root).to_path_buf();
        while fs::symlink_metadata(&existing).is_err() {
            match existing.parent() {
                Some(p) => existing = p.to_path_buf(),
                None => break,
            }
        }
        let real = fs::canonicalize(&existing).map_err(io_err(&existing))?;
        if !real.starts_with(&self.root) {
            return Err(OutputError::Outside(relative.to_path_buf()));
        }
        if !real.is_dir() {
            return Err(OutputError::Io {
                path: existing,
                source: std::io::Error::other("a file stands where a folder is needed"),
            });
        }
        if tried.insert(real.clone()) {
            part_file(&real).map_err(io_err(&existing))?;
        }
        Ok(target)
    }

    /// Takes the folder's lock (`.scrkit.lock`, held until the returned guard is dropped, and
    /// released by the system if the process dies), or says that another run holds it. The
    /// guard removes the file when the run ends: it is a lock, not a record, and a folder
    /// should hold what the run wrote and nothing else.
    fn lock(&self) -> Result<FolderLock, OutputError> {
        let path = self.root.join(".scrkit.lock");
        // A run that ends removes the file: a lock taken on a file removed in between guards
        // nothing, so it is taken again on the file now there.
        for _ in 0..8 {
            let file = fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(io_err(&path))?;
            platform::restrict_file(&path).map_err(io_err(&path))?;
            match file.try_lock() {
                Ok(()) if platform::is_file_at(&file, &path) => {
                    return Ok(FolderLock { file, path });
                }
                Ok(()) => continue,
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(OutputError::Busy(self.root.clone()));
                }
                // A file system without locks (some network shares): go on unguarded, and
                // leave the file, which another run may have open.
                Err(fs::TryLockError::Error(_)) => {
                    return Ok(FolderLock {
                        file,
                        path: PathBuf::new(),
                    });
                }
            }
        }
        Err(OutputError::Busy(self.root.clone()))
    }

    /// Prepares to write `files` (paths inside the folder) all or nothing: takes the folder's
    /// lock, removes what killed runs left, checks every destination (all problems at once)
    /// before anything is made, and opens a hidden staging folder inside the output folder.
    /// Files written to the [`Staging`] appear only when it is committed; dropped, it leaves
    /// nothing behind.
    pub fn stage(&self, files: &[PathBuf]) -> Result<Staging<'_>, Vec<OutputError>> {
        let lock = self.lock().map_err(|e| vec![e])?;
        remove_leftovers(&self.root, 3);
        let mut problems = Vec::new();
        let mut targets = std::collections::BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut tried = std::collections::HashSet::new();
        for rel in files {
            // Windows and macOS do not tell "A.docx" from "a.docx".
            if !seen.insert(rel.to_string_lossy().to_lowercase()) {
                problems.push(OutputError::Clash(rel.clone()));
                continue;
            }
            match self.check_destination(rel, &mut tried) {
                Ok(t) => {
                    targets.insert(rel.clone(), t);
                }
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let dir = tempfile::Builder::new()
            .prefix(&part_prefix())
            .suffix(".part")
            .tempdir_in(&self.root)
            .map_err(|e| vec![io_err(&self.root)(e)])?;
        Ok(Staging {
            out: self,
            _lock: lock,
            dir,
            targets,
            staged: Vec::new(),
        })
    }

    /// Writes `bytes` at `relative` inside the folder; returns the full path written.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let path = self.resolve(relative)?;
        write_file(&path, bytes, &self.policy)?;
        Ok(path)
    }

    /// Writes a file at `relative` by streaming into it.
    pub fn write_with(
        &self,
        relative: &Path,
        fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    ) -> Result<PathBuf, OutputError> {
        let path = self.resolve(relative)?;
        write_file_with(&path, &self.policy, fill)?;
        Ok(path)
    }
}

/// An output folder's lock, held while a run writes: the file is removed, then unlocked,
/// when the run ends, so that no other run can lock the file just removed (see `lock`).
struct FolderLock {
    file: fs::File,
    /// Empty when the file system gives no locks: the file is then left in place.
    path: PathBuf,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// Files being written all or nothing into an [`OutputDir`]: see [`OutputDir::stage`].
pub struct Staging<'a> {
    out: &'a OutputDir,
    _lock: FolderLock,
    dir: tempfile::TempDir,
    targets: std::collections::BTreeMap<PathBuf, PathBuf>,
    staged: Vec<(PathBuf, PathBuf)>,
}

impl std::fmt::Debug for Staging<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staging")
            .field("dir", &self.dir.path())
            .field("staged", &self.staged.len())
            .finish()
    }
}

impl Staging<'_> {
    /// Stages `bytes` for `relative`, one of the files given to [`OutputDir::stage`]; returns
    /// where it will land.
    pub fn write(&mut self, relative: &Path, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        self.write_with(relative, |f| f.write_all(bytes))
    }

    /// Stages a file for `relative` by streaming into it.
    pub fn write_with(
        &mut self,
        relative: &Path,
        fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
    ) -> Result<PathBuf, OutputError> {
        let (target, mut file) = self.create(relative)?;
        fill(&mut file).map_err(io_err(&target))?;
        Ok(target)
    }

    /// Opens the staged file for `relative` (one of the files given to [`OutputDir::stage`])
    /// to be written by the caller, so that several can be written at once from several
    /// threads; returns where it will land and the file. Like every staged file it appears
    /// only at the commit, whatever was written into it.
    pub fn create(&mut self, relative: &Path) -> Result<(PathBuf, fs::File), OutputError> {
        let Some(target) = self.targets.get(relative).cloned() else {
            return Err(OutputError::Clash(relative.to_path_buf()));
        };
        if self.staged.iter().any(|(r, _)| r == relative) {
            return Err(OutputError::Clash(relative.to_path_buf()));
        }
        let staged = self.dir.path().join(self.staged.len().to_string());
        let file = fs::OpenOptions::new()
            .write(true)
            .read(true)
            .create_new(true)
            .open(&staged)
            .map_err(io_err(&target))?;
        platform::restrict_file(&staged).map_err(io_err(&target))?;
        // Flushed to disk all together at the commit, before any is moved into place.
        self.staged.push((relative.to_path_buf(), staged));
        Ok((target, file))
    }

    /// The staging folder, for a writer's own temporary files (a large workbook's rows): they
    /// stay inside the output folder, on its disk, and go with the staging folder.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// Moves every staged file into place. A file the policy may replace is first moved aside
    /// into the staging folder; if any move fails, the files already moved are taken back and
    /// the ones they replaced restored, so the folder is as it was (as far as the system
    /// allows), and the error names the file.
    pub fn commit(self) -> Result<Vec<PathBuf>, OutputError> {
        // On disk before any is visible: a crash never leaves a half-written file in place.
        // Flushed together, not one after another (a flush costs milliseconds; a set can hold
        // hundreds of letters).
        let files: Vec<&Path> = self.staged.iter().map(|(_, s)| s.as_path()).collect();
        platform::flush_files(&files).map_err(io_err(self.out.root()))?;
        let mut done: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
        let mut written = Vec::new();
        for (n, (relative, staged)) in self.staged.iter().enumerate() {
            match self.place(n, relative, staged) {
                Ok((target, backup)) => {
                    written.push(target.clone());
                    done.push((target, backup));
                }
                Err(e) => {
                    for (k, (target, backup)) in done.into_iter().enumerate().rev() {
                        let undone = self.dir.path().join(format!("undone-{k}"));
                        let _ = fs::rename(platform::long_path(&target), &undone);
                        if let Some(b) = backup {
                            let _ = fs::rename(&b, platform::long_path(&target));
                        }
                    }
                    return Err(e);
                }
            }
        }
        Ok(written)
    }

    fn place(
        &self,
        n: usize,
        relative: &Path,
        staged: &Path,
    ) -> Result<(PathBuf, Option<PathBuf>), OutputError> {
        let target = self.out.resolve(relative)?;
        // Checked again: something may have appeared since the destinations were checked.
        self.out.policy.check(&target)?;
        let long = platform::long_path(&target);
        let mut backup = None;
        if fs::symlink_metadata(&target).is_ok() {
            let aside = self.dir.path().join(format!("replaced-{n}"));
            fs::rename(&long, &aside).map_err(|e| replace_err(&target, e))?;
            backup = Some(aside);
        }
        if let Err(e) = fs::rename(staged, &long) {
            if let Some(b) = &backup {
                let _ = fs::rename(b, &long);
            }
            return Err(replace_err(&target, e));
        }
        Ok((target, backup))
    }
}

/// The options of a file put in a zip that people open (an agency's pack, a workspace
/// download): compressed, and dated now. A zip stores no time zone, and Windows Explorer and
/// unzip show the stored time as local time, so the local clock's time is stored; without it
/// every entry would be dated 1 January 1980.
pub fn zip_entry_options() -> zip::write::SimpleFileOptions {
    zip_entry_options_at(chrono::Local::now().naive_local())
}

/// The local time now as a zip stores it (see [`zip_entry_options`]), for entries written or
/// copied with options of their own (a Word document's parts).
pub fn zip_time_now() -> zip::DateTime {
    zip_time(chrono::Local::now().naive_local()).unwrap_or_default()
}

fn zip_entry_options_at(at: chrono::NaiveDateTime) -> zip::write::SimpleFileOptions {
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    match zip_time(at) {
        Some(t) => opts.last_modified_time(t),
        None => opts,
    }
}

/// A zip's dates run from 1980 to 2107 with even seconds; a clock outside that keeps the
/// default rather than failing the work.
fn zip_time(at: chrono::NaiveDateTime) -> Option<zip::DateTime> {
    use chrono::{Datelike, Timelike};
    u16::try_from(at.year()).ok().and_then(|y| {
        zip::DateTime::from_date_and_time(
            y,
            at.month() as u8,
            at.day() as u8,
            at.hour() as u8,
            at.minute() as u8,
            at.second() as u8,
        )
        .ok()
    })
}

/// Names that Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Makes a file or folder name from data (an agency's name, a reference) that is safe on every
/// system: letters, digits, `-` and `_` only, no leading dot, not a reserved device name, at most
/// 64 characters, never empty. Apostrophes are dropped, not turned into a dash, so a name reads
/// as people say it ("childrens", not "children-s").
///
/// ```
/// use scrkit::output::safe_file_name;
/// assert_eq!(safe_file_name("Northbrook Children's Social Care"), "northbrook-childrens-social-care");
/// assert_eq!(safe_file_name("../../etc"), "etc");
/// assert_eq!(safe_file_name("CON"), "con_");
/// ```
pub fn safe_file_name(raw: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for ch in raw.chars() {
        let mapped = match ch {
            'a'..='z' | '0'..='9' | '_' => Some(ch),
            'A'..='Z' => Some(ch.to_ascii_lowercase()),
            c if c.is_alphanumeric() => deaccent(c),
            // Apostrophes (typed, curly, modifier letter) join the word they sit in.
            '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' => continue,
            _ => None,
        };
        match mapped {
            Some(c) => {
                out.push(c);
                dash = false;
            }
            None if !dash && !out.is_empty() => {
                out.push('-');
                dash = true;
            }
            None => {}
        }
        if out.len() >= 64 {
            break;
        }
    }
    let trimmed = out.trim_matches(['-', '_']).to_string();
    let trimmed = if trimmed.is_empty() {
        "unnamed".to_string()
    } else {
        trimmed
    };
    let stem = trimmed.split('.').next().unwrap_or("").to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        format!("{trimmed}_")
    } else {
        trimmed
    }
}

fn deaccent(c: char) -> Option<char> {
    let base = match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ŵ' | 'Ŵ' => 'w',
        'ŷ' | 'ÿ' | 'ý' | 'Ŷ' | 'Ý' => 'y',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names_strip_traversal_and_reserved_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "etc-passwd");
        assert_eq!(safe_file_name("CON"), "con_");
        assert_eq!(safe_file_name("con.txt"), "con-txt");
        assert_eq!(safe_file_name(".hidden"), "hidden");
        assert_eq!(safe_file_name(""), "unnamed");
        assert_eq!(safe_file_name("///"), "unnamed");
        assert_eq!(
            safe_file_name("Northbrook Police – CAIT"),
            "northbrook-police-cait"
        );
        assert_eq!(safe_file_name("Ysgol Gŵyr"), "ysgol-gwyr");
        assert_eq!(
            safe_file_name("Children\u{2019}s Services"),
            "childrens-services"
        );
        assert_eq!(safe_file_name("'quoted'"), "quoted");
        assert!(safe_file_name(&"x".repeat(500)).len() <= 64);
    }

    #[test]
    fn zip_entries_are_dated_when_made_not_1980() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_opt(14, 30, 12)
            .unwrap();
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("a.txt", zip_entry_options_at(at)).unwrap();
        z.write_all(b"x").unwrap();
        z.start_file("b.txt", zip_entry_options()).unwrap();
        z.write_all(b"y").unwrap();
        let bytes = z.finish().unwrap().into_inner();
        let mut r = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let t = r.by_name("a.txt").unwrap().last_modified().unwrap();
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2026, 12, 5, 14, 30, 12)
        );
        let now = chrono::Local::now().naive_local();
        let t = r.by_name("b.txt").unwrap().last_modified().unwrap();
        assert_eq!(i32::from(t.year()), chrono::Datelike::year(&now));
    }

    #[test]
    fn output_dir_refuses_paths_that_leave_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        for bad in ["../escape.txt", "/etc/x", "a/../../b"] {
            assert!(
                matches!(out.resolve(Path::new(bad)), Err(OutputError::Outside(_))),
                "{bad} was accepted"
            );
        }
        assert!(!tmp.path().join("escape.txt").exists());
        let p = out.write(Path::new("a/b.txt"), b"hello").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"hello");
    }

    #[cfg(unix)]
    #[test]
    fn output_dir_does_not_follow_a_link_out() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.root().join("link")).unwrap();
        let r = out.write(Path::new("link/x.txt"), b"x");
        assert!(matches!(r, Err(OutputError::Outside(_))), "{r:?}");
        assert!(!elsewhere.join("x.txt").exists());
    }

    #[test]
    fn existing_files_are_kept_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("doc.docx");
        fs::write(&path, b"original").unwrap();
        let err = write_file(&path, b"new", &WritePolicy::default()).unwrap_err();
        assert!(matches!(err, OutputError::Exists(_)));
        assert_eq!(fs::read(&path).unwrap(), b"original");
        write_file(&path, b"new", &WritePolicy::new(true, [])).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn an_input_is_never_an_output_even_with_force() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("case.json");
        fs::write(&input, b"{}").unwrap();
        let policy = WritePolicy::new(true, [input.clone()]);
        let other_spelling = tmp.path().join(".").join("case.json");
        let err = write_file(&other_spelling, b"x", &policy).unwrap_err();
        assert!(matches!(err, OutputError::IsInput(_)));
        assert_eq!(fs::read(&input).unwrap(), b"{}");
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        let p = out.write(Path::new("sub/f.txt"), b"x").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let dir_mode = fs::metadata(p.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }

    #[cfg(unix)]
    #[test]
    fn force_never_replaces_what_is_not_a_regular_file() {
        let tmp = tempfile::tempdir().unwrap();
        // A socket stands for any node that is not a file: devices, pipes (`-o /dev/null`).
        let sock = tmp.path().join("sock");
        let _listener = std::os::unix::net::UnixListener::bind(&sock).unwrap();
        let err = write_file(&sock, b"x", &WritePolicy::new(true, [])).unwrap_err();
        assert!(matches!(err, OutputError::NotRegular(_)), "{err:?}");
        assert!(
            fs::symlink_metadata(&sock)
                .unwrap()
                .file_type()
                .is_socket_like()
        );
        let dir = tmp.path().join("folder");
        fs::create_dir(&dir).unwrap();
        let err = write_file(&dir, b"x", &WritePolicy::new(true, [])).unwrap_err();
        assert!(matches!(err, OutputError::NotRegular(_)), "{err:?}");
        // A link is replaced itself, never followed.
        let target = tmp.path().join("target.txt");
        fs::write(&target, b"kept").unwrap();
        let link = tmp.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_file(&link, b"new", &WritePolicy::new(true, [])).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"kept");
        assert_eq!(fs::read(&link).unwrap(), b"new");
    }

    #[cfg(unix)]
    trait SocketLike {
        fn is_socket_like(&self) -> bool;
    }
    #[cfg(unix)]
    impl SocketLike for fs::FileType {
        fn is_socket_like(&self) -> bool {
            use std::os::unix::fs::FileTypeExt;
            self.is_socket()
        }
    }

    #[test]
    fn names_that_windows_cannot_hold_are_refused_everywhere() {
        for bad in [
            "CON",
            "con.docx",
            "Nul",
            "aux.tar.gz",
            "COM1",
            "lpt9.txt",
            "COM\u{b9}",
            "CONIN$",
            "report.",
            "report ",
            "a:b",
            "a|b",
            "a?b",
            "tab\there",
            "",
        ] {
            assert!(unportable(bad).is_some(), "{bad:?} was accepted");
        }
        for good in [
            "console.docx",
            "com10",
            "nullify",
            ".scrkit.lock",
            "covering-letter.docx",
        ] {
            assert_eq!(unportable(good), None, "{good:?} was refused");
        }
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        for bad in [
            "agencies/CON/letter.docx",
            "agencies/x./letter.docx",
            "letter.docx ",
        ] {
            let r = out.write(Path::new(bad), b"x");
            assert!(
                matches!(r, Err(OutputError::NotPortable { .. })),
                "{bad}: {r:?}"
            );
        }
        assert!(!out.root().join("agencies").exists(), "nothing was made");
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_staged_set_appears_whole_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        let files = [PathBuf::from("a/one.txt"), PathBuf::from("b/two.txt")];
        let mut st = out.stage(&files).unwrap();
        st.write(&files[0], b"1").unwrap();
        st.write(&files[1], b"2").unwrap();
        assert!(
            !out.root().join("a").exists(),
            "nothing shows before the commit"
        );
        st.commit().unwrap();
        assert_eq!(fs::read(out.root().join("a/one.txt")).unwrap(), b"1");
        assert_eq!(fs::read(out.root().join("b/two.txt")).unwrap(), b"2");
        assert_eq!(names_in(out.root()), ["a", "b"]);

        // Dropped without a commit (a template failed to render): nothing is left.
        let mut st = out.stage(&[PathBuf::from("c/three.txt")]).unwrap();
        st.write(Path::new("c/three.txt"), b"3").unwrap();
        drop(st);
        assert_eq!(names_in(out.root()), ["a", "b"]);
    }

    #[test]
    fn a_run_that_writes_nothing_removes_the_folders_it_made_and_only_those() {
        let tmp = tempfile::tempdir().unwrap();
        // Made with a parent, staged, refused before the commit: both folders go.
        let root = tmp.path().join("new/out");
        let out = OutputDir::create(&root, WritePolicy::default()).unwrap();
        let st = out.stage(&[PathBuf::from("a/one.txt")]).unwrap();
        assert!(root.join(".scrkit.lock").exists());
        drop(st);
        let clone = out.clone();
        drop(out);
        assert!(root.is_dir(), "a handle is still open");
        drop(clone);
        assert!(
            !tmp.path().join("new").exists(),
            "{:?}",
            names_in(tmp.path())
        );

        // A folder that existed before stays, empty as it is.
        let before = tmp.path().join("before");
        fs::create_dir(&before).unwrap();
        drop(OutputDir::create(&before.join("sub"), WritePolicy::default()).unwrap());
        assert!(before.is_dir());
        assert!(!before.join("sub").exists());
        drop(OutputDir::create(&before, WritePolicy::default()).unwrap());
        assert!(before.is_dir());

        // A run that wrote keeps its folder.
        let out = OutputDir::create(&tmp.path().join("kept"), WritePolicy::default()).unwrap();
        out.write(Path::new("x/a.txt"), b"a").unwrap();
        drop(out);
        assert!(tmp.path().join("kept/x/a.txt").is_file());

        // One file whose write fails takes the folders made for it away again; one that is
        // written keeps them.
        let failed = tmp.path().join("one/two/f.txt");
        let e = write_file_with(&failed, &WritePolicy::default(), |_| {
            Err(std::io::Error::other("refused"))
        });
        assert!(e.is_err());
        assert!(!tmp.path().join("one").exists());
        write_file(&failed, b"f", &WritePolicy::default()).unwrap();
        assert_eq!(fs::read(&failed).unwrap(), b"f");
    }

    #[test]
    fn every_destination_is_checked_before_anything_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/two.txt"), b"old").unwrap();
        fs::write(root.join("a/four.txt"), b"old").unwrap();
        fs::write(root.join("file"), b"a file where a folder is needed").unwrap();
        let out = OutputDir::create(&root, WritePolicy::default()).unwrap();
        let files: Vec<PathBuf> = [
            "a/one.txt",
            "a/two.txt",
            "a/three.txt",
            "a/four.txt",
            "file/x.txt",
            "A/ONE.txt",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let errs = out.stage(&files).unwrap_err();
        let kinds: Vec<String> = errs.iter().map(|e| format!("{e}")).collect();
        assert_eq!(errs.len(), 4, "{kinds:?}");
        assert!(matches!(errs[0], OutputError::Exists(_)));
        assert!(matches!(errs[1], OutputError::Exists(_)));
        assert!(matches!(errs[2], OutputError::Io { .. }));
        assert!(
            matches!(errs[3], OutputError::Clash(_)),
            "case-blind systems"
        );
        assert_eq!(names_in(&root.join("a")), ["four.txt", "two.txt"]);
    }

    #[test]
    fn a_second_run_on_the_same_folder_is_refused_while_the_first_writes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        let first = out.stage(&[PathBuf::from("x.txt")]).unwrap();
        let errs = out.stage(&[PathBuf::from("y.txt")]).unwrap_err();
        assert!(matches!(errs[..], [OutputError::Busy(_)]), "{errs:?}");
        drop(first);
        assert!(
            !out.root().join(".scrkit.lock").exists(),
            "the lock is no record"
        );
        let second = out.stage(&[PathBuf::from("y.txt")]).unwrap();
        let errs = out.stage(&[PathBuf::from("z.txt")]).unwrap_err();
        assert!(matches!(errs[..], [OutputError::Busy(_)]), "{errs:?}");
        drop(second);
        // A run that opened the lock file just before another removed it sees that the file
        // it holds is no longer the one at the path, and takes the lock again.
        let path = out.root().join(".scrkit.lock");
        let early = fs::File::create(&path).unwrap();
        assert!(platform::is_file_at(&early, &path));
        fs::remove_file(&path).unwrap();
        fs::write(&path, b"").unwrap();
        #[cfg(unix)]
        assert!(!platform::is_file_at(&early, &path));
    }

    #[test]
    fn a_killed_runs_leftovers_are_removed_and_a_live_writers_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&tmp.path().join("out"), WritePolicy::default()).unwrap();
        let sub = out.root().join("agencies").join("police");
        fs::create_dir_all(&sub).unwrap();
        // What a killed run leaves: a temporary file nobody holds, and a staging folder.
        fs::write(sub.join(".scrkit-999999-abc.part"), b"half").unwrap();
        fs::create_dir(out.root().join(".scrkit-999999-def.part")).unwrap();
        fs::write(out.root().join(".scrkit-999999-def.part/0"), b"x").unwrap();
        // A writer still at work holds its temporary file locked.
        let live = part_file(&sub).unwrap();
        let st = out.stage(&[PathBuf::from("x.txt")]).unwrap();
        drop(st);
        let left = names_in(&sub);
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(live.path().exists());
        assert!(left[0].starts_with(&format!(".scrkit-{}-", std::process::id())));
        assert_eq!(names_in(out.root()), ["agencies"]);
    }

    #[test]
    fn a_failed_move_puts_back_what_was_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("out");
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("a.txt"), b"old a").unwrap();
        let out = OutputDir::create(&root, WritePolicy::new(true, [])).unwrap();
        let files = [PathBuf::from("a.txt"), PathBuf::from("b/b.txt")];
        let mut st = out.stage(&files).unwrap();
        st.write(&files[0], b"new a").unwrap();
        st.write(&files[1], b"new b").unwrap();
        // After the check, a file takes the place of folder "b": the second move fails.
        fs::write(root.join("b"), b"in the way").unwrap();
        assert!(st.commit().is_err());
        assert_eq!(fs::read(root.join("a.txt")).unwrap(), b"old a");
        assert_eq!(names_in(&root), ["a.txt", "b"]);
    }
}
