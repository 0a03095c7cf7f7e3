//! The one place where writing differs by platform: who may read what scrkit writes, what a
//! refused replacement means, and how long paths are named. Everything else in `output` is the
//! same on every system, so this seam is kept small: it is the part that cannot be tested on the
//! Linux machines that build scrkit (see ARCHITECTURE.md, "What is not tested here").
//!
//! - Unix: files 0600, folders 0700, whatever the umask.
//! - Windows: files and folders get a protected access list (no inherited entries) with one
//!   entry, full control for the current user, set through `windows-sys` (Microsoft's own
//!   bindings, kept in step with the Windows SDK; `windows-acl` would do the same through an
//!   unmaintained layer). A folder's entry is inherited by what is created in it.

use std::io;
use std::path::{Path, PathBuf};

/// Windows error codes that mean "another program has the file open" when replacing it:
/// access denied, sharing violation, lock violation. Word holds an open document so.
#[cfg_attr(not(windows), allow(dead_code))]
pub(super) fn means_in_use(code: i32) -> bool {
    matches!(code, 5 | 32 | 33)
}

/// True when `err`, met while replacing a file, means another program (Word, Excel) has it open.
pub(super) fn is_in_use(err: &io::Error) -> bool {
    #[cfg(windows)]
    {
        err.raw_os_error().is_some_and(means_in_use)
    }
    #[cfg(not(windows))]
    {
        // On Unix a rename replaces a file whoever has it open: the reader keeps the old one.
        let _ = err;
        false
    }
}

/// True when `file`, open, is the file now at `path` (and not one removed since it was
/// opened): a lock on a removed file guards nothing. Windows refuses to open a file whose
/// removal is pending, so there an open file is always the one at its path.
pub(super) fn is_file_at(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// The form of a Windows path that is not limited to 260 characters (`\\?\C:\...`,
/// `\\?\UNC\server\share\...`), for an absolute, normalised path; `None` when the path is
/// already in that form or cannot be put in it safely (relative, or holding `.` or `..`, which
/// the long form does not resolve).
#[cfg_attr(not(windows), allow(dead_code))]
pub(super) fn verbatim(path: &str) -> Option<String> {
    if path.starts_with(r"\\?\") || path.starts_with(r"\\.\") {
        return None;
    }
    let p = path.replace('/', r"\");
    let (prefix, rest) = if let Some(unc) = p.strip_prefix(r"\\") {
        (r"\\?\UNC\", unc.to_string())
    } else {
        let b = p.as_bytes();
        if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\' {
            (r"\\?\", p.clone())
        } else {
            return None;
        }
    };
    if rest.split('\\').any(|c| c == "." || c == "..") {
        return None;
    }
    Some(format!("{prefix}{rest}"))
}

/// `path` in a form every file call accepts, however long. Rust's own file calls lengthen
/// paths themselves; the rename that replaces a file (through `tempfile`) does not.
pub(super) fn long_path(path: &Path) -> PathBuf {
    #[cfg(windows)]
    {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match abs.to_str().and_then(verbatim) {
            Some(v) if abs.as_os_str().len() >= 240 => PathBuf::from(v),
            _ => abs,
        }
    }
    #[cfg(not(windows))]
    {
        path.to_path_buf()
    }
}

/// Makes a file readable and writable by its owner only.
pub(super) fn restrict_file(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(windows)]
    {
        windows::owner_only(path, false)
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = path;
        Ok(())
    }
}

/// Creates a folder (and its parents) usable by its owner only.
pub(super) fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)?;
    #[cfg(windows)]
    {
        windows::owner_only(dir, true)?;
    }
    Ok(())
}

/// Fails when replacing `path` would fail because another program has it open, so that a
/// pack stops before it renders anything. Always succeeds on Unix, where it cannot happen.
pub(super) fn check_replaceable(path: &Path) -> io::Result<()> {
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // Asking for the right to delete is refused exactly when a rename over it would be.
        const DELETE: u32 = 0x0001_0000;
        const SHARE_ALL: u32 = 0x1 | 0x2 | 0x4;
        std::fs::OpenOptions::new()
            .access_mode(DELETE)
            .share_mode(SHARE_ALL)
            .open(path)
            .map(drop)
    }
    #[cfg(not(windows))]
    {
        let _ = path;
        Ok(())
    }
}

/// Puts `files` (written, not yet flushed) on disk, flushing many at once: the system gathers
/// flushes that wait together into one journal commit, so a set of hundreds of letters costs a
/// few commits, where flushing one file after another costs a commit (milliseconds) each.
/// Only these files are flushed, whatever else the machine has waiting to be written.
pub(super) fn flush_files(files: &[&Path]) -> io::Result<()> {
    /// Flushes waiting at once: enough for the journal to gather them.
    const AT_ONCE: usize = 32;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let flush = || -> io::Result<()> {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(f) = files.get(i) else {
                return Ok(());
            };
            std::fs::OpenOptions::new()
                .write(true)
                .open(f)?
                .sync_all()?;
        }
    };
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..AT_ONCE.min(files.len()))
            .map(|_| s.spawn(flush))
            .collect();
        let mut result = Ok(());
        for w in workers {
            let r = w.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            if result.is_ok() {
                result = r;
            }
        }
        result
    })
}

#[cfg(windows)]
mod windows {
    //! Owner-only access lists through the Windows security API.
    use std::io;
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;
    use windows_sys::Win32::Foundation::{
        CloseHandle, ERROR_SUCCESS, GENERIC_ALL, HANDLE, LocalFree,
    };
    use windows_sys::Win32::Security::Authorization::{
        EXPLICIT_ACCESS_W, NO_MULTIPLE_TRUSTEE, SE_FILE_OBJECT, SET_ACCESS, SetEntriesInAclW,
        SetNamedSecurityInfoW, TRUSTEE_IS_SID, TRUSTEE_IS_USER, TRUSTEE_W,
    };
    use windows_sys::Win32::Security::{
        ACL, DACL_SECURITY_INFORMATION, GetTokenInformation, NO_INHERITANCE,
        PROTECTED_DACL_SECURITY_INFORMATION, SUB_CONTAINERS_AND_OBJECTS_INHERIT, TOKEN_QUERY,
        TOKEN_USER, TokenUser,
    };
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

    /// Replaces the access list of `path` by one entry: full control for the current user.
    pub(super) fn owner_only(path: &Path, folder: bool) -> io::Result<()> {
        let mut name: Vec<u16> = path.as_os_str().encode_wide().collect();
        name.push(0);
        // SAFETY: every pointer handed to the API points into a live buffer of the size given;
        // handles and the allocated list are released on every path out.
        unsafe {
            let mut token: HANDLE = std::ptr::null_mut();
            if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
                return Err(io::Error::last_os_error());
            }
            let mut len = 0u32;
            GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut len);
            // u64 words keep the buffer aligned for TOKEN_USER.
            let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
            let ok = GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len);
            CloseHandle(token);
            if ok == 0 {
                return Err(io::Error::last_os_error());
            }
            let user = &*(buf.as_ptr() as *const TOKEN_USER);
            let access = EXPLICIT_ACCESS_W {
                grfAccessPermissions: GENERIC_ALL,
                grfAccessMode: SET_ACCESS,
                grfInheritance: if folder {
                    SUB_CONTAINERS_AND_OBJECTS_INHERIT
                } else {
                    NO_INHERITANCE
                },
                Trustee: TRUSTEE_W {
                    pMultipleTrustee: std::ptr::null_mut(),
                    MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
                    TrusteeForm: TRUSTEE_IS_SID,
                    TrusteeType: TRUSTEE_IS_USER,
                    ptstrName: user.User.Sid as *mut u16,
                },
            };
            let mut acl: *mut ACL = std::ptr::null_mut();
            let r = SetEntriesInAclW(1, &access, std::ptr::null(), &mut acl);
            if r != ERROR_SUCCESS {
                return Err(io::Error::from_raw_os_error(r as i32));
            }
            let r = SetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                acl,
                std::ptr::null(),
            );
            LocalFree(acl.cast());
            if r != ERROR_SUCCESS {
                return Err(io::Error::from_raw_os_error(r as i32));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_take_the_verbatim_form() {
        assert_eq!(
            verbatim(r"C:\Users\a\out\x.docx").as_deref(),
            Some(r"\\?\C:\Users\a\out\x.docx")
        );
        assert_eq!(
            verbatim("C:/Users/a/x.docx").as_deref(),
            Some(r"\\?\C:\Users\a\x.docx")
        );
        assert_eq!(
            verbatim(r"\\server\share\reviews\x.docx").as_deref(),
            Some(r"\\?\UNC\server\share\reviews\x.docx")
        );
        assert_eq!(verbatim(r"\\?\C:\x"), None, "already long");
        assert_eq!(verbatim(r"out\x.docx"), None, "relative");
        assert_eq!(verbatim(r"C:\a\..\x"), None, "not normalised");
    }

    #[test]
    fn word_holding_a_file_is_recognised() {
        assert!(means_in_use(32), "sharing violation");
        assert!(means_in_use(33), "lock violation");
        assert!(means_in_use(5), "access denied");
        assert!(!means_in_use(2), "not found is something else");
    }

    #[test]
    fn long_path_keeps_a_path_that_needs_nothing() {
        let p = Path::new("out/x.docx");
        #[cfg(not(windows))]
        assert_eq!(long_path(p), p);
        #[cfg(windows)]
        assert!(long_path(p).is_absolute());
    }

    #[test]
    fn restricted_files_and_folders_are_made() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a").join("b");
        create_private_dir(&dir).unwrap();
        let f = dir.join("f.txt");
        std::fs::write(&f, b"x").unwrap();
        restrict_file(&f).unwrap();
        check_replaceable(&f).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&f), 0o600);
            assert_eq!(mode(&dir), 0o700);
        }
    }
}
