//! Writing outputs so that nothing is lost and nothing leaks.
//!
//! Every file scrkit writes goes through here. The promises:
//! - a write is atomic: the bytes go to a temporary file in the same folder, which is then
//!   renamed over the target, so a crash never leaves half a document;
//! - an existing file is not replaced unless the caller says `force`;
//! - an input is never an output;
//! - nothing is written outside the chosen output folder, whatever names the data holds;
//! - on Unix, files are readable by their owner only (0600) and folders 0700, because the
//!   documents are about children.

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
    /// The file system refused.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path being written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
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
        if !self.force && fs::symlink_metadata(target).is_ok() {
            return Err(OutputError::Exists(target.to_path_buf()));
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
    create_private_dir(&dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".scrkit-")
        .suffix(".part")
        .tempfile_in(&dir)
        .map_err(io_err(path))?;
    restrict(tmp.path()).map_err(io_err(path))?;
    fill(tmp.as_file_mut()).map_err(io_err(path))?;
    tmp.as_file().sync_all().map_err(io_err(path))?;
    if policy.force {
        tmp.persist(path).map_err(|e| OutputError::Io {
            path: path.to_path_buf(),
            source: e.error,
        })?;
    } else {
        // persist_noclobber closes the race between the check above and the rename.
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(path.to_path_buf())
            } else {
                OutputError::Io {
                    path: path.to_path_buf(),
                    source: e.error,
                }
            }
        })?;
    }
    Ok(())
}

/// Creates a folder (and its parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), OutputError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io_err(dir))
}

#[cfg(unix)]
fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// An output folder: every file written through it lands inside it.
#[derive(Debug, Clone)]
pub struct OutputDir {
    root: PathBuf,
    policy: WritePolicy,
}

impl OutputDir {
    /// Opens (creating if needed) the output folder `root`.
    pub fn create(root: &Path, policy: WritePolicy) -> Result<Self, OutputError> {
        create_private_dir(root)?;
        let root = fs::canonicalize(root).map_err(io_err(root))?;
        Ok(OutputDir { root, policy })
    }

    /// The folder's canonical path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves a relative path inside the folder, refusing anything that would leave it.
    pub fn resolve(&self, relative: &Path) -> Result<PathBuf, OutputError> {
        let mut out = self.root.clone();
        for comp in relative.components() {
            match comp {
                Component::Normal(c) => out.push(c),
                Component::CurDir => {}
                _ => return Err(OutputError::Outside(relative.to_path_buf())),
            }
        }
        if out == self.root {
            return Err(OutputError::Outside(relative.to_path_buf()));
        }
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

/// Names that Windows reserves for devices, whatever the extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Makes a file or folder name from data (an agency's name, a reference) that is safe on every
/// system: letters, digits, `-` and `_` only, no leading dot, not a reserved device name, at most
/// 64 characters, never empty.
///
/// ```
/// use scrkit::output::safe_file_name;
/// assert_eq!(safe_file_name("Northbrook Children's Social Care"), "northbrook-children-s-social-care");
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
        assert!(safe_file_name(&"x".repeat(500)).len() <= 64);
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
}
