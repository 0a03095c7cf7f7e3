//! PDFs of Word documents, made by LibreOffice (`soffice --headless --convert-to pdf`).
//!
//! A coordinator reads and prints what a pack holds, and some recipients want a PDF; scrkit
//! does not lay out pages itself, so LibreOffice does, when it is installed. It runs with a
//! profile of its own in a private temporary folder (never the user's, which an open
//! LibreOffice window would hold locked, and which a conversion must not change). The
//! documents are copied there under numbered names, so that documents of the same name from
//! different folders convert in one run and nothing LibreOffice prints names a person. This
//! module only makes the bytes: the caller writes them through [`crate::output`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The environment variable that names the `soffice` program, for a LibreOffice that is not
/// on the PATH.
pub const SOFFICE_VAR: &str = "SCR_SOFFICE";

/// Why no PDF at all could be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// LibreOffice is not installed, or not where scrkit looks.
    #[error(
        "LibreOffice is not installed (no `soffice` program on the PATH{}), so no PDF was made",
        if cfg!(any(windows, target_os = "macos")) { " or where LibreOffice installs it" } else { "" }
    )]
    NotInstalled,
    /// `SCR_SOFFICE` names a program that is not there.
    #[error("{SOFFICE_VAR} names {0}, which is not a program; no PDF was made")]
    NotAProgram(PathBuf),
    /// The temporary folder or the copies could not be made, or LibreOffice not started.
    #[error("LibreOffice could not be run: {0}")]
    Run(std::io::Error),
    /// LibreOffice ran past its time and was stopped.
    #[error("LibreOffice did not finish within {0} seconds and was stopped; no PDF was made")]
    TimedOut(u64),
}

impl PdfError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            PdfError::NotInstalled | PdfError::NotAProgram(_) => format!(
                "install LibreOffice (https://www.libreoffice.org/download; on Debian or Ubuntu \
                 `sudo apt-get install libreoffice-writer-nogui`), or set {SOFFICE_VAR} to its \
                 soffice program, then run again with --pdf --force"
            ),
            PdfError::Run(_) | PdfError::TimedOut(_) => {
                "close any LibreOffice window that is stuck and run again with --pdf --force".into()
            }
        }
    }
}

/// One document's PDF, or why LibreOffice made none.
pub type PdfResult = Result<Vec<u8>, String>;

/// Finds LibreOffice's `soffice`: [`SOFFICE_VAR`], then the PATH, then (on Windows and
/// macOS, where the installer does not touch the PATH) where LibreOffice installs itself.
pub fn find_soffice() -> Result<PathBuf, PdfError> {
    if let Some(p) = std::env::var_os(SOFFICE_VAR).filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if is_program(&p) {
            Ok(p)
        } else {
            Err(PdfError::NotAProgram(p))
        };
    }
    let names: &[&str] = if cfg!(windows) {
        // soffice.com waits for the conversion; soffice.exe returns at once.
        &["soffice.com", "soffice.exe"]
    } else {
        &["soffice", "libreoffice"]
    };
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            for n in names {
                let p = dir.join(n);
                if is_program(&p) {
                    return Ok(p);
                }
            }
        }
    }
    installed_places()
        .into_iter()
        .find(|p| is_program(p))
        .ok_or(PdfError::NotInstalled)
}

/// Where the LibreOffice installers put `soffice` off the PATH.
fn installed_places() -> Vec<PathBuf> {
    let mut v = Vec::new();
    if cfg!(target_os = "macos") {
        v.push(PathBuf::from(
            "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        ));
    }
    if cfg!(windows) {
        for var in ["ProgramFiles", "ProgramFiles(x86)"] {
            if let Some(base) = std::env::var_os(var) {
                let dir = PathBuf::from(base).join("LibreOffice").join("program");
                v.push(dir.join("soffice.com"));
                v.push(dir.join("soffice.exe"));
            }
        }
    }
    v
}

fn is_program(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// How long LibreOffice may take: a start, then some seconds a document.
fn time_allowed(documents: usize) -> Duration {
    Duration::from_secs(120 + 15 * documents as u64)
}

/// Converts `documents` (Word files) to PDF in one LibreOffice run; one result per document,
/// in order. An error means no PDF could be made at all.
pub fn convert(documents: &[PathBuf]) -> Result<Vec<PdfResult>, PdfError> {
    if documents.is_empty() {
        return Ok(Vec::new());
    }
    let soffice = find_soffice()?;
    // tempfile makes the folder readable by its owner only.
    let tmp = tempfile::Builder::new()
        .prefix("scrkit-pdf-")
        .tempdir()
        .map_err(PdfError::Run)?;
    let input = tmp.path().join("in");
    let output = tmp.path().join("out");
    let profile = tmp.path().join("profile");
    for d in [&input, &output, &profile] {
        std::fs::create_dir(d).map_err(PdfError::Run)?;
    }
    let mut copies = Vec::with_capacity(documents.len());
    for (i, doc) in documents.iter().enumerate() {
        let ext = doc
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_else(|| "docx".into());
        let copy = input.join(format!("{:04}.{ext}", i + 1));
        std::fs::copy(doc, &copy).map_err(PdfError::Run)?;
        copies.push(copy);
    }
    let log = std::fs::File::create(tmp.path().join("soffice.log")).map_err(PdfError::Run)?;
    let mut child = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&output)
        .args(&copies)
        .current_dir(tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::from(log.try_clone().map_err(PdfError::Run)?))
        .stderr(Stdio::from(log))
        .spawn()
        .map_err(PdfError::Run)?;
    let allowed = time_allowed(documents.len());
    let started = Instant::now();
    loop {
        match child.try_wait().map_err(PdfError::Run)? {
            Some(_) => break,
            None if started.elapsed() > allowed => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::TimedOut(allowed.as_secs()));
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    Ok(copies
        .iter()
        .map(|c| {
            let pdf = output.join(c.with_extension("pdf").file_name().unwrap_or_default());
            match std::fs::read(&pdf) {
                Ok(b) if b.starts_with(b"%PDF") => Ok(b),
                Ok(_) => Err("LibreOffice wrote something that is not a PDF".to_string()),
                Err(_) => Err(
                    "LibreOffice made no PDF of it (open it in Word or LibreOffice to see why)"
                        .to_string(),
                ),
            }
        })
        .collect())
}

/// A folder as a `file://` URL, as LibreOffice's `-env:UserInstallation` takes it.
fn file_url(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !s.starts_with('/') {
        url.push('/');
    }
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                url.push(b as char)
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// Where a document's PDF goes: beside it, with the same name.
pub fn beside(document: &Path) -> PathBuf {
    document.with_extension("pdf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_folder_is_a_file_url() {
        assert_eq!(
            file_url(Path::new("/tmp/scrkit-pdf-x/profile")),
            "file:///tmp/scrkit-pdf-x/profile"
        );
        assert_eq!(file_url(Path::new("/tmp/a b/p")), "file:///tmp/a%20b/p");
        assert_eq!(
            file_url(Path::new(r"C:\Users\x\AppData\Local\Temp\p")),
            "file:///C:/Users/x/AppData/Local/Temp/p"
        );
    }

    #[test]
    fn a_pdf_goes_beside_its_document() {
        assert_eq!(
            beside(Path::new("agencies/x/covering-letter.docx")),
            PathBuf::from("agencies/x/covering-letter.pdf")
        );
    }
}
