//! CSV returns: encoding and delimiter detection, rows with the line numbers a person sees.

use super::grid::{CellValue, Grid, GridKind, MAX_TEXT_BYTES};
use super::{Format, Found, Wanted, cannot_open, choose};
use crate::diagnostic::{Diagnostic, Location};
use std::path::Path;

fn too_big(what: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            Location::File,
            format!(
                "the {what} is larger than {} MB",
                MAX_TEXT_BYTES / (1024 * 1024)
            ),
        )
        .with_help("split the return into smaller files"),
    )
}

/// Decodes a CSV file's bytes: UTF-8 (with or without a byte order mark), UTF-16 with a byte
/// order mark, and otherwise Windows-1252, which Excel's "CSV (Comma delimited)" writes on
/// UK Windows. The second value is a note when the encoding was assumed.
pub(super) fn decode_text(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, had_errors) = enc.decode(&bytes[bom_len..]);
        let note = had_errors.then(|| {
            format!(
                "the file says it is {} but some characters are not; they are shown as \u{FFFD}",
                enc.name()
            )
        });
        return (text.into_owned(), note);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (
            text.into_owned(),
            Some(format!(
                "the file has no byte order mark but is laid out as {}; it was read so",
                enc.name()
            )),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (
                text.into_owned(),
                Some(
                    "the file is not UTF-8; it was read as Windows-1252 (Western European), \
                     the encoding of Excel's 'CSV (Comma delimited)'"
                        .to_string(),
                ),
            )
        }
    }
}

/// UTF-16 text written without a byte order mark: ASCII characters leave every other byte
/// zero, which no UTF-8 or Windows-1252 text does. Judged on the first 4 KiB.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let zero_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zero_at(0), zero_at(1));
    if odd * 10 >= pairs * 6 && even * 10 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 6 && odd * 10 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The delimiter of a CSV text: the most frequent of `,` `;` and tab on its first non-blank
/// line, outside quotes; a comma when none.
fn sniff_delimiter(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

pub(super) fn read_limited(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    crate::input::read_limited(path, MAX_TEXT_BYTES).map_err(|e| match e {
        crate::input::ReadError::Io(e) => Box::new(cannot_open(e)),
        crate::input::ReadError::TooLarge { .. } => too_big("file"),
    })
}

/// Reads a CSV return.
pub(super) fn read(path: &Path, want: &Wanted) -> Found {
    match read_csv(path) {
        Ok((grid, notes)) => choose(Format::Csv, vec![grid], None, notes, None, want),
        Err(d) => Found::failed(Format::Csv, *d),
    }
}

/// Reads a CSV file; the grid is named after the file, as a spreadsheet would name its sheet.
pub(super) fn read_csv(path: &Path) -> Result<(Grid, Vec<Diagnostic>), Box<Diagnostic>> {
    let bytes = read_limited(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (grid, notes) = csv_grid(&bytes, &name);
    Ok((grid, notes))
}

/// Builds a grid from CSV bytes.
pub(super) fn csv_grid(bytes: &[u8], name: &str) -> (Grid, Vec<Diagnostic>) {
    let (text, note) = decode_text(bytes);
    let mut notes = Vec::new();
    if let Some(n) = note {
        notes.push(Diagnostic::warning(Location::File, n).with_help(
            "check £ signs and accented letters; in Excel choose 'CSV UTF-8' when saving",
        ));
    }
    let mut grid = Grid::new(GridKind::Csv, name);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(&text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {
                // The position is where the parser started, before any blank lines it
                // skipped; count those to get the line the record is on.
                let (mut line, mut at) = record
                    .position()
                    .map(|p| (p.line(), p.byte() as usize))
                    .unwrap_or((0, 0));
                let raw = text.as_bytes();
                while at < raw.len() && (raw[at] == b'\n' || raw[at] == b'\r') {
                    if raw[at] == b'\n' {
                        line += 1;
                    }
                    at += 1;
                }
                let line = u32::try_from(line).unwrap_or(u32::MAX);
                let cells = record
                    .iter()
                    .map(|f| {
                        if f.is_empty() {
                            CellValue::Empty
                        } else {
                            CellValue::Text(f.to_string())
                        }
                    })
                    .collect();
                if !grid.push_row(line, cells, false) {
                    break;
                }
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                notes.push(
                    Diagnostic::error(
                        Location::Text {
                            line: line as usize,
                            column: 1,
                        },
                        format!("the CSV file cannot be read past here: {e}"),
                    )
                    .with_help("save it again from the spreadsheet as CSV UTF-8"),
                );
                break;
            }
        }
    }
    (grid, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_decoded_or_named() {
        let (t, n) = decode_text(b"\xEF\xBB\xBFDate,Event\n");
        assert_eq!(t, "Date,Event\n");
        assert!(n.is_none());
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Date,£5".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode_text(&utf16).0, "Date,£5");
        let no_bom: Vec<u8> = "Date,Event\nCafé,£5"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let (t, n) = decode_text(&no_bom);
        assert_eq!(t, "Date,Event\nCafé,£5");
        assert!(n.unwrap().contains("UTF-16LE"));
        let (t, n) = decode_text(b"Caf\xE9 \xA35");
        assert_eq!(t, "Café £5");
        assert!(n.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn the_delimiter_is_sniffed() {
        assert_eq!(sniff_delimiter("Date;Event;Agency\n"), b';');
        assert_eq!(sniff_delimiter("\n\"a,b\";c;d"), b';');
        assert_eq!(sniff_delimiter("Date\tEvent\n"), b'\t');
        assert_eq!(sniff_delimiter("Date,Event\n"), b',');
        assert_eq!(sniff_delimiter("Date\n"), b',');
    }

    #[test]
    fn csv_rows_keep_their_line_numbers() {
        let (g, notes) = csv_grid(
            b"Date,Event\n\n22/05/2015,\"two\nlines\"\n23/05/2015,x\n",
            "police",
        );
        assert!(notes.is_empty());
        let numbers: Vec<u32> = g.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 5]);
        assert_eq!(g.rows[1].cells[1], CellValue::Text("two\nlines".into()));
        assert_eq!(g.name, "police");
    }
}
