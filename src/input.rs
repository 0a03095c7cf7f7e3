//! Every file the library reads, read within a limit; and what a file is, judged by its bytes.
//!
//! The counterpart of [`crate::output`]: a file is read through a counting limit, so that
//! nothing (a device such as `/dev/zero`, a file growing while it is read, a size the file
//! system misreports) makes a reader take memory without bound. A file whose size on disk is
//! already past the limit is refused before a byte is read, and its size is given in the
//! message.

use crate::diagnostic::{Diagnostic, Location};
use std::io::Read;
use std::path::Path;

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// It could not be opened or read.
    Io(std::io::Error),
    /// It holds more than the limit: its size when the file system gives one, else `None`.
    TooLarge {
        /// The size on disk, when known.
        size: Option<u64>,
        /// The limit it broke.
        max: u64,
    },
}

impl ReadError {
    /// The file's size in words for a message: "123 bytes", or "more than 100 bytes" when it
    /// stopped at the limit without a size on disk.
    pub fn size_in_bytes(&self) -> String {
        match self {
            ReadError::TooLarge { size: Some(n), .. } => format!("{n} bytes"),
            ReadError::TooLarge { size: None, max } => format!("more than {max} bytes"),
            ReadError::Io(_) => String::new(),
        }
    }
}

/// Reads a whole file of at most `max` bytes.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let on_disk = file
        .metadata()
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    if let Some(n) = on_disk.filter(|&n| n > max) {
        return Err(ReadError::TooLarge { size: Some(n), max });
    }
    let mut bytes = Vec::with_capacity(on_disk.unwrap_or(0).min(max) as usize);
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { size: None, max });
    }
    Ok(bytes)
}

/// What a file that ought to be an Office package turned out to be, judged by its first bytes
/// (its extension says nothing: agencies rename files, and Excel "exports" web pages as .xls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip (an Office Open XML or OpenDocument package), perhaps damaged.
    Zip,
    /// An OLE compound file holding an `EncryptedPackage` stream: a document or workbook saved
    /// with a password to open.
    Encrypted,
    /// Any other OLE compound file: a Word 97-2003 document or an Excel 97-2003 workbook.
    Compound,
    /// A web page (what many systems "export to Excel").
    Html,
    /// Some other XML (for instance an Excel 2003 XML spreadsheet).
    Xml,
    /// Nothing at all.
    Empty,
    /// Anything else.
    Other,
}

/// The signature that opens every OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`).
pub const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Judges what `bytes` (the start of a file, or all of it) hold.
///
/// An encrypted Office file is an OLE compound file whose directory names an
/// `EncryptedPackage` stream; directory names are UTF-16, so that is what is searched for.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.is_empty() {
        return Sniffed::Empty;
    }
    if bytes.starts_with(b"PK") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&CFB_SIGNATURE) {
        let name: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        return if bytes.windows(name.len()).any(|w| w == name.as_slice()) {
            Sniffed::Encrypted
        } else {
            Sniffed::Compound
        };
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("<!doctype html")
        || text.starts_with("<html")
        || text.contains("<html")
        || text.contains("<table")
    {
        return Sniffed::Html;
    }
    if text.starts_with("<?xml") || text.starts_with('<') {
        return Sniffed::Xml;
    }
    Sniffed::Other
}

/// The first bytes of a file, enough for [`sniff`] (directory names of a compound file sit
/// in its first sectors for the small files Office writes; 64 KiB covers them).
pub fn sniff_file(path: &std::path::Path) -> Sniffed {
    let mut head = Vec::new();
    match std::fs::File::open(path) {
        Ok(f) => {
            let _ = f.take(64 * 1024).read_to_end(&mut head);
            sniff(&head)
        }
        Err(_) => Sniffed::Other,
    }
}

/// Why a file that should be a package of `kind` ("Word document", "spreadsheet") is not one,
/// in words a person can act on, or `None` when it is a zip (its damage is described by the
/// zip reader).
pub fn not_a_package(sniffed: Sniffed, kind: &str) -> Option<Diagnostic> {
    let (message, help) = match sniffed {
        Sniffed::Zip => return None,
        Sniffed::Encrypted => (
            format!("the {kind} is password-protected, so it cannot be read"),
            "open it with its password and save a copy without one (File > Info > Protect > \
             Encrypt with password: clear it), then send that copy over a secure route"
                .to_string(),
        ),
        Sniffed::Compound => (
            format!("the {kind} is in the old Office 97-2003 format with the wrong extension"),
            "open it in Word or Excel and save it as .docx or .xlsx".to_string(),
        ),
        Sniffed::Html => (
            format!("the file is a web page (HTML) with the name of a {kind}, not a real one"),
            "open it in Excel or Word and save it as .xlsx or .docx (systems that 'export to \
             Excel' often write a web page)"
                .to_string(),
        ),
        Sniffed::Xml => (
            format!("the file is plain XML, not a {kind} package"),
            "open it in Excel or Word and save it as .xlsx or .docx".to_string(),
        ),
        Sniffed::Empty => (
            "the file is empty".to_string(),
            "the copy may have failed: ask for the file again".to_string(),
        ),
        Sniffed::Other => (
            format!("the file is not a {kind}: its content is of another kind"),
            "check it is the right file; open it in Excel or Word and save it as .xlsx or .docx"
                .to_string(),
        ),
    };
    Some(Diagnostic::error(Location::File, message).with_help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_stops_at_the_limit() {
        let r = read_limited(Path::new("/dev/zero"), 1024);
        assert!(matches!(
            r,
            Err(ReadError::TooLarge {
                size: None,
                max: 1024
            })
        ));
        assert_eq!(r.unwrap_err().size_in_bytes(), "more than 1024 bytes");
    }

    #[test]
    fn a_file_past_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, b"12345").unwrap();
        assert_eq!(read_limited(&p, 5).unwrap(), b"12345");
        let e = read_limited(&p, 4).unwrap_err();
        assert_eq!(e.size_in_bytes(), "5 bytes");
        assert!(matches!(
            read_limited(&dir.path().join("none"), 4),
            Err(ReadError::Io(_))
        ));
    }
}
