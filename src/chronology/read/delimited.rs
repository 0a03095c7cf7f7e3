//! CSV returns: encoding and delimiter detection, rows with the line numbers a person sees.

use super::grid::{CellValue, Grid, GridKind, MAX_CELL_CHARS, MAX_COLUMNS, MAX_TEXT_BYTES};
use super::{Format, Found, Wanted, cannot_open, choose};
use crate::diagnostic::{Diagnostic, Location};
use std::borrow::Cow;
use std::path::Path;

/// The largest CSV file read: a return of 100,000 rows of 600 characters is smaller. The
/// file and its decoded text are held whole, so this bounds the reader's memory.
pub(crate) const MAX_CSV_BYTES: u64 = 64 * 1024 * 1024;

fn too_big(what: &str, max: u64) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            Location::File,
            format!("the {what} is larger than {} MB", max / (1024 * 1024)),
        )
        .with_help("split the return into smaller files"),
    )
}

/// Decodes a CSV file's bytes: UTF-8 (with or without a byte order mark), UTF-16 with a byte
/// order mark, and otherwise Windows-1252, which Excel's "CSV (Comma delimited)" writes on
/// UK Windows. The second value is a note when the encoding was assumed.
pub(super) fn decode_text(bytes: &[u8]) -> (Cow<'_, str>, Option<String>) {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, had_errors) = enc.decode(&bytes[bom_len..]);
        let note = had_errors.then(|| {
            format!(
                "the file says it is {} but some characters are not; they are shown as \u{FFFD}",
                enc.name()
            )
        });
        return (text, note);
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return (
            text,
            Some(format!(
                "the file has no byte order mark but is laid out as {}; it was read so",
                enc.name()
            )),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), None),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (
                text,
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
    read_bounded(path, MAX_TEXT_BYTES)
}

fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, Box<Diagnostic>> {
    crate::input::read_limited(path, max).map_err(|e| match e {
        crate::input::ReadError::Io(e) => Box::new(cannot_open(e)),
        crate::input::ReadError::TooLarge { .. } => too_big("file", max),
    })
}

/// Reads a CSV return.
pub(super) fn read(path: &Path, want: &Wanted) -> Found {
    match read_csv(path) {
        Ok((grid, notes)) => choose(Format::Csv, vec![grid], None, notes, None, want),
        Err(d) => Found::failed(Format::Csv, *d),
    }
}

/// Reads a CSV file. Its grid has no name: a CSV file has rows but no sheets, and every place
/// in it is cited as "FILE, row N" (`case::RowCitation`), never with the file's name as a sheet.
pub(super) fn read_csv(path: &Path) -> Result<(Grid, Vec<Diagnostic>), Box<Diagnostic>> {
    let bytes = read_bounded(path, MAX_CSV_BYTES)?;
    let (grid, notes) = csv_grid(&bytes);
    Ok((grid, notes))
}

/// Builds a grid from CSV bytes.
pub(super) fn csv_grid(bytes: &[u8]) -> (Grid, Vec<Diagnostic>) {
    let (text, note) = decode_text(bytes);
    let mut notes = Vec::new();
    if let Some(n) = note {
        notes.push(Diagnostic::warning(Location::File, n).with_help(
            "check £ signs and accented letters; in Excel choose 'CSV UTF-8' when saving",
        ));
    }
    let mut grid = Grid::new(GridKind::Csv, "");
    let delimiter = sniff_delimiter(&text);
    Parser {
        text: &text,
        delimiter,
        at: 0,
        line: 1,
        literal_quotes: Vec::new(),
    }
    .run(&mut grid, &mut notes);
    (grid, notes)
}

/// A CSV field as read: its text, kept to one character past [`MAX_CELL_CHARS`] however long
/// the field is, so that the grid reports it too long without the file's size in memory.
#[derive(Default)]
struct Field {
    text: String,
    chars: usize,
}

impl Field {
    fn push(&mut self, s: &str) {
        let room = MAX_CELL_CHARS + 1 - self.chars.min(MAX_CELL_CHARS + 1);
        if room == 0 {
            return;
        }
        if s.len() <= room {
            self.text.push_str(s);
            self.chars += s.chars().count();
            return;
        }
        let taken = match s.char_indices().nth(room) {
            Some((end, _)) => &s[..end],
            None => s,
        };
        self.text.push_str(taken);
        self.chars += taken.chars().count();
    }

    fn into_cell(self) -> CellValue {
        if self.text.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(self.text)
        }
    }
}

/// How a quoted field ended.
enum Quoted {
    /// Closed, and followed by a delimiter, a line break or the end of the file.
    Closed,
    /// Never closed before the end of the file.
    Unclosed,
    /// Closed on `line`, but followed by other text: a quote is missing or stray.
    TextAfter { line: u32 },
}

/// A CSV reader over decoded text (RFC 4180, as Excel writes it): rows with the line each
/// begins on, fields located by line and column, a field held to [`MAX_CELL_CHARS`] and a row
/// to [`MAX_COLUMNS`] however large the file, and a malformed quoted field (never closed, or
/// text after its closing quote) reported where it began and read again with its opening quote
/// as a plain character, so that it never swallows the rows after it.
struct Parser<'t> {
    text: &'t str,
    delimiter: u8,
    /// The byte offset read to.
    at: usize,
    /// The line `at` is on, from 1.
    line: u32,
    /// Opening quotes of the row being read found malformed, read as plain characters.
    literal_quotes: Vec<usize>,
}

impl Parser<'_> {
    fn run(&mut self, grid: &mut Grid, notes: &mut Vec<Diagnostic>) {
        let len = self.text.len();
        while self.at < len {
            if self.end_of_line() {
                continue; // a blank line is no row
            }
            let number = self.line;
            let start = (self.at, self.line);
            match self.row(grid, number, notes) {
                Ok(cells) => {
                    self.literal_quotes.clear();
                    if !grid.push_row(number, cells, false) {
                        return;
                    }
                }
                Err(quote) => {
                    // Read the row again from its start, the quote now plain text.
                    self.literal_quotes.push(quote);
                    (self.at, self.line) = start;
                }
            }
        }
    }

    /// Consumes a line break at `at`, if there is one.
    fn end_of_line(&mut self) -> bool {
        let b = self.text.as_bytes();
        match b.get(self.at) {
            Some(b'\n') => self.at += 1,
            Some(b'\r') if b.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            Some(b'\r') => self.at += 1,
            _ => return false,
        }
        self.line = self.line.saturating_add(1);
        true
    }

    /// Reads one row's fields, up to its line break; `Err` with the offset of a malformed
    /// opening quote (reported in `notes`) for the row to be read again.
    fn row(
        &mut self,
        grid: &mut Grid,
        number: u32,
        notes: &mut Vec<Diagnostic>,
    ) -> Result<Vec<CellValue>, usize> {
        let b = self.text.as_bytes();
        let mut cells = Vec::new();
        let mut col = 0usize;
        loop {
            let mut field = Field::default();
            let field_line = self.line;
            if b.get(self.at) == Some(&b'"') && !self.literal_quotes.contains(&self.at) {
                let open = self.at;
                let fault = match self.quoted(&mut field) {
                    Quoted::Closed => None,
                    Quoted::Unclosed => Some(format!(
                        "a quoted value begins here and is never closed: the rest of the file \
                         (to line {}) would be read as this one cell",
                        self.line - u32::from(self.text.ends_with('\n') && self.line > 1)
                    )),
                    Quoted::TextAfter { line } => Some(format!(
                        "a quoted value begins here and text follows its closing quote (on line \
                         {line}): a quote is missing or stray"
                    )),
                };
                if let Some(message) = fault {
                    notes.push(
                        Diagnostic::error(grid.location_at(field_line, col, None), message)
                            .with_help(
                                "put a quote (\") at the end of the value, or remove the stray \
                                 one; the rows after it were read as if the quote were plain text",
                            ),
                    );
                    return Err(open);
                }
            }
            self.unquoted(&mut field);
            let cell = field.into_cell();
            if col < MAX_COLUMNS {
                cells.push(cell);
            } else {
                grid.past_last_column(number, col, &cell);
            }
            col += 1;
            if b.get(self.at) == Some(&self.delimiter) {
                self.at += 1;
                continue;
            }
            self.end_of_line();
            return Ok(cells);
        }
    }

    /// Reads a quoted field from its opening quote, to just past its closing quote.
    fn quoted(&mut self, field: &mut Field) -> Quoted {
        let b = self.text.as_bytes();
        self.at += 1;
        loop {
            let rest = &b[self.at..];
            let Some(p) = rest.iter().position(|&c| c == b'"' || c == b'\n') else {
                self.at = b.len();
                return Quoted::Unclosed;
            };
            field.push(&self.text[self.at..self.at + p]);
            self.at += p + 1;
            if rest[p] == b'\n' {
                field.push("\n");
                self.line = self.line.saturating_add(1);
                continue;
            }
            if b.get(self.at) == Some(&b'"') {
                field.push("\"");
                self.at += 1;
                continue;
            }
            return match b.get(self.at) {
                None | Some(b'\n' | b'\r') => Quoted::Closed,
                Some(&c) if c == self.delimiter => Quoted::Closed,
                Some(_) => Quoted::TextAfter { line: self.line },
            };
        }
    }

    /// Reads unquoted text up to the next delimiter or line break.
    fn unquoted(&mut self, field: &mut Field) {
        let b = self.text.as_bytes();
        let rest = &b[self.at..];
        let end = rest
            .iter()
            .position(|&c| c == self.delimiter || c == b'\n' || c == b'\r')
            .unwrap_or(rest.len());
        field.push(&self.text[self.at..self.at + end]);
        self.at += end;
    }
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
        let (g, notes) = csv_grid(b"Date,Event\n\n22/05/2015,\"two\nlines\"\n23/05/2015,x\n");
        assert!(notes.is_empty());
        let numbers: Vec<u32> = g.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 3, 5]);
        assert_eq!(g.rows[1].cells[1], CellValue::Text("two\nlines".into()));
        assert_eq!(g.name, "", "a CSV file has no sheet to name");
    }
}

#[cfg(test)]
mod parser_tests {
    use super::*;

    fn texts(g: &Grid) -> Vec<Vec<String>> {
        g.rows
            .iter()
            .map(|r| r.cells.iter().map(CellValue::text).collect())
            .collect()
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_line_breaks() {
        let (g, notes) = csv_grid(
            b"Date,Event\r\n01/03/2015,\"a, \"\"b\"\"\r\nc\"\r\n\r\n02/03/2015,plain \"x\" y\n",
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            texts(&g),
            [
                vec!["Date", "Event"],
                vec!["01/03/2015", "a, \"b\"\r\nc"],
                vec!["02/03/2015", "plain \"x\" y"]
            ]
        );
        let numbers: Vec<u32> = g.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 5]);
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_begins_and_swallows_nothing() {
        let (g, notes) = csv_grid(b"Date,Event,Outcome\n01/03/2015,\"Visit,Advice\n02/03/2015,Second,None\n03/03/2015,Third,None\n");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].is_error());
        assert_eq!(
            notes[0].location,
            Location::Cell {
                sheet: String::new(),
                row: 2,
                column: "B".into(),
                header: None
            }
        );
        assert!(
            notes[0].message.contains("never closed") && notes[0].message.contains("(to line 4)"),
            "{}",
            notes[0].message
        );
        // Every row is still read, the stray quote kept as a character.
        assert_eq!(g.rows.len(), 4);
        assert_eq!(texts(&g)[1], ["01/03/2015", "\"Visit", "Advice"]);
        assert_eq!(texts(&g)[3], ["03/03/2015", "Third", "None"]);
    }

    #[test]
    fn a_stray_quote_pairing_with_a_later_one_is_reported() {
        let (g, notes) =
            csv_grid(b"Date,Event\n01/03/2015,\"Visit\n02/03/2015,\"Second, visit\",x\n");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0]
                .message
                .contains("text follows its closing quote (on line 3)")
        );
        assert_eq!(
            texts(&g),
            [
                vec!["Date", "Event"],
                vec!["01/03/2015", "\"Visit"],
                vec!["02/03/2015", "Second, visit", "x"]
            ]
        );
    }

    #[test]
    fn a_huge_field_is_held_to_one_character_past_the_cell_limit_and_located() {
        for quoted in [false, true] {
            let big = "é".repeat(3 * MAX_CELL_CHARS);
            let body = if quoted { format!("\"{big}\"") } else { big };
            let csv = format!("Date,Event\n01/03/2015,{body},after\n");
            let (g, notes) = csv_grid(csv.as_bytes());
            assert!(notes.is_empty());
            let cell = &g.rows[1].cells[1];
            assert!(cell.is_too_long());
            assert_eq!(cell.text().chars().count(), MAX_CELL_CHARS + 1);
            assert_eq!(g.rows[1].cells[2], CellValue::Text("after".into()));
            let limits = g.limit_diagnostics();
            assert_eq!(limits.len(), 1);
            assert!(limits[0].message.contains("more than 32767 characters"));
            assert!(
                matches!(&limits[0].location, Location::Cell { row: 2, column, .. } if column == "B")
            );
        }
        // Exactly at the limit is fine.
        let csv = format!("a\n{}\n", "x".repeat(MAX_CELL_CHARS));
        let (g, _) = csv_grid(csv.as_bytes());
        assert!(!g.rows[1].cells[0].is_too_long());
        assert!(g.limit_diagnostics().is_empty());
    }

    #[test]
    fn a_row_of_a_million_fields_holds_only_the_columns_read() {
        let mut csv = ",".repeat(1_000_000);
        csv.push_str("late\n");
        let (g, notes) = csv_grid(csv.as_bytes());
        assert!(notes.is_empty());
        assert_eq!(g.rows[0].cells.len(), MAX_COLUMNS);
        let limits = g.limit_diagnostics();
        assert!(
            limits[0]
                .message
                .starts_with("1 value(s) lie past column IV")
        );
    }
}
