//! Reading a return file into a grid of cells, whatever its format.
//!
//! Spreadsheets (xlsx, xlsm, xls, ods) are read with calamine, CSV with the `csv` crate, and
//! legacy Word returns (a table in a .docx) with zip and quick-xml. Each becomes the same
//! [`Grid`]: rows of [`CellValue`]s with the row numbers a person sees, the cells holding
//! formulas, and merged regions. Nothing here decides what a cell *means*: a number stays a
//! number until its column says it is a date serial.

use super::columns::{HEADER_SEARCH_ROWS, HeaderMap, find_header};
use crate::diagnostic::{Diagnostic, Location, TablePlace, column_letter};
use calamine::{
    Data, DataRef, Dimensions, Ods, Range, Reader, SheetVisible, Xls, Xlsx, open_workbook,
};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::{BufReader, Read};
use std::path::Path;

/// The largest CSV file or Word document part read, in bytes; also the most text one sheet
/// may hold once read.
pub const MAX_TEXT_BYTES: u64 = 256 * 1024 * 1024;

/// The most rows read from one sheet, CSV file or Word table. A chronology return runs to
/// hundreds or a few thousand rows; a sheet past this is damaged or not a chronology, and
/// reading on would only use memory.
pub const MAX_ROWS: usize = 100_000;

/// The most columns read (column IV, the old Excel limit); a chronology has about a dozen.
pub const MAX_COLUMNS: usize = 256;

/// The most cells one grid may hold (each row as wide as its last value): a bound on memory
/// whatever the mix of rows and columns.
pub const MAX_CELLS: usize = 4_000_000;

/// Bytes of text a cell holds.
fn text_len(c: &CellValue) -> usize {
    match c {
        CellValue::Text(s) | CellValue::Error(s) => s.len(),
        _ => 0,
    }
}

/// The name of the hidden sheet in scrkit's chronology workbook that says which review and
/// agency the workbook was made for.
pub const MARKER_SHEET: &str = "scrkit";
/// Marker key: the review reference.
pub const KEY_REVIEW: &str = "Review reference";
/// Marker key: the agency id in the case file.
pub const KEY_AGENCY_ID: &str = "Agency id";
/// Marker key: the agency's name.
pub const KEY_AGENCY_NAME: &str = "Agency name";
/// Marker key: the sheet holding the chronology.
pub const KEY_SHEET: &str = "Chronology sheet";
/// Marker key: the layout version.
pub const KEY_FORMAT: &str = "Format";
/// The layout version written by this scrkit.
pub const FORMAT_VERSION: &str = "scrkit chronology workbook 1";

/// A cell's value as read, before its column decides what it means.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// Nothing in the cell.
    #[default]
    Empty,
    /// Text, as typed.
    Text(String),
    /// A plain number (not formatted as a date).
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A cell formatted as a date (with its time of day, midnight when none).
    DateTime(NaiveDateTime),
    /// A cell formatted as a time of day only.
    Time(NaiveTime),
    /// A spreadsheet error such as `#REF!`.
    Error(String),
}

impl CellValue {
    /// True when the cell holds nothing (or only spaces).
    pub fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a person sees it in a text column.
    pub fn text(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(s) => s.trim().to_string(),
            CellValue::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            CellValue::Number(f) => f.to_string(),
            CellValue::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
            CellValue::DateTime(d) if d.time() == NaiveTime::MIN => {
                d.format("%d/%m/%Y").to_string()
            }
            CellValue::DateTime(d) => d.format("%d/%m/%Y %H:%M").to_string(),
            CellValue::Time(t) => t.format("%H:%M").to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }

    /// Moves the text out of the cell (cheaper than [`CellValue::text`] for text cells).
    pub fn take_text(&mut self) -> String {
        match std::mem::take(self) {
            CellValue::Text(s) => {
                let t = s.trim();
                if t.len() == s.len() { s } else { t.to_string() }
            }
            other => other.text(),
        }
    }
}

/// Which kind of file a return is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Excel 2007+ (also .xlsm).
    Xlsx,
    /// Excel 97-2003.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma (or semicolon, or tab) separated text.
    Csv,
    /// A table in a Word document.
    Docx,
}

impl Format {
    /// The format a file name implies.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "xlsx" | "xlsm" => Format::Xlsx,
            "xls" => Format::Xls,
            "ods" => Format::Ods,
            "csv" | "tsv" | "txt" => Format::Csv,
            "docx" => Format::Docx,
            _ => return None,
        })
    }
}

/// A rectangle of cells, 0-based grid coordinates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// First row index.
    pub first_row: usize,
    /// First column index.
    pub first_col: usize,
    /// Last row index.
    pub last_row: usize,
    /// Last column index.
    pub last_col: usize,
}

impl Region {
    /// True when `(row, col)` is inside.
    pub fn contains(&self, row: usize, col: usize) -> bool {
        (self.first_row..=self.last_row).contains(&row)
            && (self.first_col..=self.last_col).contains(&col)
    }
}

/// Where a grid came from, which decides how its cells are located in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridKind {
    /// A worksheet: rows and column letters.
    Sheet,
    /// A CSV file: shown as one sheet named after the file, rows are lines.
    Csv,
    /// Table `n` (from 1) of a Word document's body.
    DocxTable(usize),
}

/// One row of a grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GridRow {
    /// The row number a person sees (spreadsheet row, CSV line, Word table row).
    pub number: u32,
    /// The cells; index = column (0 = column A).
    pub cells: Vec<CellValue>,
    /// True for a Word table row marked to repeat as a header on each page.
    pub repeated_header: bool,
}

/// A sheet, CSV file or Word table as rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// What kind of source.
    pub kind: GridKind,
    /// The sheet's name (a CSV's file name; "table N" for Word).
    pub name: String,
    /// The rows, in order.
    pub rows: Vec<GridRow>,
    /// Cells (row index, column) holding a formula.
    pub formulas: HashSet<(usize, usize)>,
    /// Merged cells (row indexes into `rows`).
    pub merged: Vec<Region>,
    /// True when merged cells are the source's own way of writing (Word tables), so they are
    /// warnings; in spreadsheets they are errors.
    pub merges_are_native: bool,
    /// Whether plain numbers count from 1904 (old Mac Excel).
    pub is_1904: bool,
    /// What the grid holds against the reading limits, and where reading stopped.
    pub held: Held,
}

/// What a grid holds so far against [`MAX_ROWS`], [`MAX_COLUMNS`], [`MAX_CELLS`] and
/// [`MAX_TEXT_BYTES`], so that no input can make a reader use memory without bound.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Held {
    /// Cell slots held.
    pub cells: usize,
    /// Bytes of text held.
    pub text: usize,
    /// Values past [`MAX_COLUMNS`], not read, and the place of the first (row number, column).
    pub past_last_column: usize,
    first_past: Option<(u32, usize)>,
    /// The limit reading stopped at, located where it was reached.
    pub stopped: Option<Diagnostic>,
}

impl Grid {
    fn new(kind: GridKind, name: impl Into<String>) -> Self {
        Grid {
            kind,
            name: name.into(),
            rows: Vec::new(),
            formulas: HashSet::new(),
            merged: Vec::new(),
            merges_are_native: false,
            is_1904: false,
            held: Held::default(),
        }
    }

    /// The problems of reading limits met: reading stopped, values past the last column.
    pub fn limit_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some((number, col)) = self.held.first_past {
            out.push(
                Diagnostic::error(
                    self.location_at(number, col, None),
                    format!(
                        "{} value(s) lie past column {}, the last column read; they were not read",
                        self.held.past_last_column,
                        column_letter(MAX_COLUMNS as u32 - 1)
                    ),
                )
                .with_help(
                    "move them into the chronology's columns, or delete them if they are stray",
                ),
            );
        }
        out.extend(self.held.stopped.clone());
        out
    }

    /// Keeps merged regions within the rows and columns read, and the cells they cover within
    /// [`MAX_CELLS`]: a region's size comes from the file (`A1:XFD1048576`, a span of a
    /// billion rows) and whatever walks it must not walk that far.
    fn bound_merges(&mut self) {
        let rows = self.rows.len();
        let mut covered = 0usize;
        let mut dropped = 0usize;
        self.merged.retain_mut(|r| {
            if r.first_row >= rows || r.first_col >= MAX_COLUMNS || r.last_row < r.first_row {
                return false;
            }
            r.last_row = r.last_row.min(rows - 1);
            r.last_col = r.last_col.clamp(r.first_col, MAX_COLUMNS - 1);
            let cells = (r.last_row - r.first_row + 1).saturating_mul(r.last_col - r.first_col + 1);
            covered = covered.saturating_add(cells);
            if covered > MAX_CELLS {
                dropped += 1;
                return false;
            }
            true
        });
        if dropped > 0 && self.held.stopped.is_none() {
            let message = format!(
                "the {} has more merged cells than can be checked ({dropped} merged region(s) \
                 past {MAX_CELLS} cells were not)",
                self.what()
            );
            self.held.stopped = Some(
                Diagnostic::error(self.location_at(1, 0, None), message)
                    .with_help("unmerge the cells (select all, then Unmerge Cells)"),
            );
        }
    }

    /// Records that reading stopped at a limit; always false, for the caller to stop.
    fn stop(&mut self, number: u32, col: usize, message: String, help: &str) -> bool {
        if self.held.stopped.is_none() {
            self.held.stopped = Some(
                Diagnostic::error(self.location_at(number, col, None), message).with_help(help),
            );
        }
        false
    }

    /// Notes a value past the last column, which is not read.
    fn past_last_column(&mut self, number: u32, col: usize, value: &CellValue) {
        if !value.is_blank() {
            self.held.past_last_column += 1;
            self.held.first_past.get_or_insert((number, col));
        }
    }

    /// Takes `text` bytes and `new_cells` cell slots at (`number`, `col`) from the budget;
    /// false, with reading stopped, when they do not fit.
    fn within(&mut self, number: u32, col: usize, text: usize, new_cells: usize) -> bool {
        if self.held.stopped.is_some() {
            return false;
        }
        if self.held.text.saturating_add(text) as u64 > MAX_TEXT_BYTES {
            let message = format!(
                "the {} holds more than {} MB of text; reading stopped here",
                self.what(),
                MAX_TEXT_BYTES / (1024 * 1024)
            );
            return self.stop(number, col, message, "split the return into smaller files");
        }
        if self.held.cells.saturating_add(new_cells) > MAX_CELLS {
            let message = format!(
                "the {} holds more than {MAX_CELLS} cells; reading stopped here",
                self.what()
            );
            return self.stop(
                number,
                col,
                message,
                "delete the rows and columns that are not part of the chronology, or split it",
            );
        }
        self.held.text += text;
        self.held.cells += new_cells;
        true
    }

    fn what(&self) -> &'static str {
        match self.kind {
            GridKind::Sheet => "sheet",
            GridKind::Csv => "file",
            GridKind::DocxTable(_) => "table",
        }
    }

    fn too_many_rows(&mut self, number: u32) -> bool {
        let message = format!(
            "the {} has more than {MAX_ROWS} rows; reading stopped here",
            self.what()
        );
        self.stop(
            number,
            0,
            message,
            "a chronology return is far shorter: delete the rows below the chronology (even \
             empty formatted ones), or split the return into several files",
        )
    }

    /// Appends a row (CSV, Word), within the limits; false when reading must stop.
    fn push_row(&mut self, number: u32, mut cells: Vec<CellValue>, repeated_header: bool) -> bool {
        if self.held.stopped.is_some() {
            return false;
        }
        if self.rows.len() >= MAX_ROWS {
            return self.too_many_rows(number);
        }
        if cells.len() > MAX_COLUMNS {
            for (col, c) in cells.iter().enumerate().skip(MAX_COLUMNS) {
                self.past_last_column(number, col, c);
            }
            cells.truncate(MAX_COLUMNS);
        }
        let text = cells.iter().map(text_len).sum();
        if !self.within(number, 0, text, cells.len()) {
            return false;
        }
        self.rows.push(GridRow {
            number,
            cells,
            repeated_header,
        });
        true
    }

    /// The location of a cell, for a diagnostic.
    pub fn location(&self, row: usize, col: usize, header: Option<&str>) -> Location {
        let number = self
            .rows
            .get(row)
            .map(|r| r.number)
            .unwrap_or(row as u32 + 1);
        self.location_at(number, col, header)
    }

    /// The location of a cell given the row number a person sees.
    pub fn location_at(&self, number: u32, col: usize, header: Option<&str>) -> Location {
        match self.kind {
            GridKind::Sheet | GridKind::Csv => Location::Cell {
                sheet: self.name.clone(),
                row: number,
                column: column_letter(col as u32),
                header: header.map(str::to_string),
            },
            GridKind::DocxTable(table) => Location::Docx {
                part: "word/document.xml".into(),
                part_label: "document body".into(),
                paragraph: None,
                table: Some(TablePlace {
                    table,
                    row: number as usize,
                    cell: col + 1,
                }),
                heading: header.map(|h| format!("column {h}")),
            },
        }
    }

    /// The texts of the first rows, for finding the header row.
    fn header_candidates(&self) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| (i, r.cells.iter().map(CellValue::text).collect()))
    }

    /// Finds the header row.
    pub fn header(&self) -> Option<HeaderMap> {
        find_header(self.header_candidates())
    }

    /// Puts a value at `(row index, col)`, growing the grid as needed, within the limits;
    /// false when reading must stop.
    fn set(&mut self, row: usize, col: usize, value: CellValue) -> bool {
        let number = u32::try_from(row).unwrap_or(u32::MAX).saturating_add(1);
        if self.held.stopped.is_some() {
            return false;
        }
        if row >= MAX_ROWS {
            if value.is_blank() {
                return true;
            }
            return self.too_many_rows(number);
        }
        if col >= MAX_COLUMNS {
            self.past_last_column(number, col, &value);
            return true;
        }
        let width = self.rows.get(row).map_or(0, |r| r.cells.len());
        let new_cells = (col + 1).saturating_sub(width);
        if !self.within(number, col, text_len(&value), new_cells) {
            return false;
        }
        while self.rows.len() <= row {
            let number = self.rows.len() as u32 + 1;
            self.rows.push(GridRow {
                number,
                ..GridRow::default()
            });
        }
        let cells = &mut self.rows[row].cells;
        if cells.len() <= col {
            cells.resize(col + 1, CellValue::Empty);
        }
        cells[col] = value;
        true
    }
}

/// What the hidden sheet of scrkit's chronology workbook says.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Marker {
    /// The review reference the workbook was made for.
    pub review_reference: String,
    /// The agency id in the case file.
    pub agency_id: String,
    /// The agency's name.
    pub agency_name: String,
    /// The sheet holding the chronology.
    pub sheet: String,
    /// The layout version.
    pub format: String,
}

/// A return file as read: the grid with the chronology, and anything learned on the way.
#[derive(Debug, Clone)]
pub struct Source {
    /// The format.
    pub format: Format,
    /// The grid holding the chronology, and its header row; `None` when no sheet or table
    /// has a recognisable header row.
    pub grid: Option<(Grid, HeaderMap)>,
    /// The hidden marker, for returns made from scrkit's workbook.
    pub marker: Option<Marker>,
    /// Problems found while reading (unreadable file, encoding, no header row).
    pub diagnostics: Vec<Diagnostic>,
}

impl Source {
    fn failed(format: Format, d: Diagnostic) -> Source {
        Source {
            format,
            grid: None,
            marker: None,
            diagnostics: vec![d],
        }
    }
}

fn expected_header_help() -> String {
    "the header row must name at least the Date and Event columns (as in the agreed template: \
     Date, Time, Date certainty, End date, Agency, Source, Practitioner role, Subject, \
     Event / contact, Action taken / outcome, Agency comment)"
        .to_string()
}

/// Reads a return file into a grid, choosing the sheet (or table) that holds the chronology.
pub fn read_source(path: &Path) -> Source {
    let Some(format) = Format::of(path) else {
        return Source::failed(
            Format::Csv,
            Diagnostic::error(Location::File, "not a chronology return this tool can read")
                .with_help(
                    "save the return as .xlsx (or .xls, .ods, .csv); a Word table in .docx is read too",
                ),
        );
    };
    if matches!(format, Format::Xlsx | Format::Ods)
        && let Err(d) = crate::docx::package::vet_file(path, &package_limits(), "spreadsheet")
    {
        return Source::failed(format, *d);
    }
    if format == Format::Ods
        && let Err(d) = ods_within_limits(path)
    {
        return Source::failed(format, *d);
    }
    match format {
        Format::Xlsx => read_xlsx(path),
        Format::Xls | Format::Ods => read_calamine(path, format),
        Format::Csv => match read_csv(path) {
            Ok((grid, notes)) => choose(format, vec![grid], None, notes, None),
            Err(d) => Source::failed(format, *d),
        },
        Format::Docx => match read_docx(path) {
            Ok(grids) => choose(format, grids, None, Vec::new(), None),
            Err(d) => Source::failed(format, *d),
        },
    }
}

fn cannot_open(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Location::File, format!("cannot open the file: {e}")).with_help(
        "check that the file is a spreadsheet, is not open elsewhere and has no password; \
         save it again as .xlsx",
    )
}

/// Chooses the grid with the chronology: the one the marker names, else the first (visible)
/// with a recognisable header row.
fn choose(
    format: Format,
    grids: Vec<Grid>,
    marker: Option<Marker>,
    mut diagnostics: Vec<Diagnostic>,
    named: Option<&str>,
) -> Source {
    let mut names = Vec::new();
    for mut grid in grids {
        grid.bound_merges();
        diagnostics.extend(grid.limit_diagnostics());
        if let Some(h) = grid.header() {
            return Source {
                format,
                grid: Some((grid, h)),
                marker,
                diagnostics,
            };
        }
        names.push(grid.name.clone());
    }
    let what = match (format, named) {
        (_, Some(n)) => {
            format!("sheet '{n}' (named by the workbook) has no recognisable header row")
        }
        (Format::Docx, _) if names.is_empty() => "the document has no table".to_string(),
        (Format::Docx, _) => "no table in the document has a recognisable header row".to_string(),
        (Format::Csv, _) => "the file has no recognisable header row".to_string(),
        _ if names.is_empty() => "the workbook has no sheet to read".to_string(),
        _ => format!(
            "no sheet has a recognisable header row (looked at: {})",
            names.join(", ")
        ),
    };
    diagnostics.push(Diagnostic::error(Location::File, what).with_help(expected_header_help()));
    Source {
        format,
        grid: None,
        marker,
        diagnostics,
    }
}

/// Reads the marker sheet's key/value rows.
fn marker_from_rows(rows: &[Vec<String>]) -> Option<Marker> {
    let mut m = Marker::default();
    let mut any = false;
    for r in rows {
        let (Some(k), Some(v)) = (r.first(), r.get(1)) else {
            continue;
        };
        let v = v.trim().to_string();
        let field = match k.trim() {
            KEY_REVIEW => &mut m.review_reference,
            KEY_AGENCY_ID => &mut m.agency_id,
            KEY_AGENCY_NAME => &mut m.agency_name,
            KEY_SHEET => &mut m.sheet,
            KEY_FORMAT => &mut m.format,
            _ => continue,
        };
        *field = v;
        any = true;
    }
    any.then_some(m)
}

fn range_texts(range: &Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| r.iter().map(|d| data_value(d).text()).collect())
        .collect()
}

/// Sheet order to try: the marker's sheet alone if it names one that exists, else visible
/// sheets in workbook order (the marker sheet itself never).
fn candidate_sheets(
    sheets: &[(String, bool)],
    marker: Option<&Marker>,
) -> (Vec<String>, Option<String>) {
    if let Some(m) = marker
        && !m.sheet.is_empty()
        && let Some((name, _)) = sheets
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&m.sheet))
    {
        return (vec![name.clone()], Some(name.clone()));
    }
    let list = sheets
        .iter()
        .filter(|(n, visible)| *visible && !n.eq_ignore_ascii_case(MARKER_SHEET))
        .map(|(n, _)| n.clone())
        .collect();
    (list, None)
}

fn sheet_list<R: Reader<BufReader<std::fs::File>>>(book: &R) -> Vec<(String, bool)> {
    book.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

fn read_xlsx(path: &Path) -> Source {
    let mut book: Xlsx<_> = match open_workbook(path) {
        Ok(b) => b,
        Err(e) => return Source::failed(Format::Xlsx, cannot_open(e)),
    };
    let sheets = sheet_list(&book);
    let marker = sheets
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(MARKER_SHEET))
        .and_then(|(n, _)| book.worksheet_range(n).ok())
        .and_then(|r| marker_from_rows(&range_texts(&r)));
    let (candidates, named) = candidate_sheets(&sheets, marker.as_ref());
    let is_1904 = book.has_1904_epoch();
    let mut diagnostics = Vec::new();
    let mut grids = Vec::new();
    let parts = xlsx_sheet_paths(path);
    for name in candidates {
        match xlsx_grid(&mut book, &name, is_1904) {
            Ok(mut g) => {
                let part = parts
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, p)| p.as_str());
                if xlsx_sheet_has_merges(path, part) {
                    g.merged = book
                        .merge_cells_by_sheet_name(&name)
                        .unwrap_or_default()
                        .iter()
                        .map(region_of)
                        .collect();
                }
                let found = g.header().is_some();
                grids.push(g);
                if found {
                    break;
                }
            }
            Err(e) => diagnostics.push(
                Diagnostic::error(Location::File, format!("cannot read sheet '{name}': {e}"))
                    .with_help("save the workbook again from Excel or LibreOffice as .xlsx"),
            ),
        }
    }
    choose(Format::Xlsx, grids, marker, diagnostics, named.as_deref())
}

/// Reads one xlsx sheet in a single pass: values and formula presence together.
fn xlsx_grid<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    is_1904: bool,
) -> Result<Grid, calamine::XlsxError> {
    let mut grid = Grid::new(GridKind::Sheet, name);
    grid.is_1904 = is_1904;
    {
        let mut cells = book.worksheet_cells_reader(name)?;
        let mut header_checked = false;
        while let Some(cell) = cells.next_cell_with_formula_metadata()? {
            let (r, c) = (cell.pos.0 as usize, cell.pos.1 as usize);
            if !header_checked && r >= HEADER_SEARCH_ROWS {
                // The header row is among the first rows: a sheet without one is not the
                // chronology, and reading the rest of it would only use memory.
                header_checked = true;
                if grid.header().is_none() {
                    break;
                }
            }
            if cell.formula.is_some() && r < MAX_ROWS && c < MAX_COLUMNS {
                grid.formulas.insert((r, c));
            }
            let value = match cell.value {
                DataRef::Empty => continue,
                DataRef::SharedString(s) => CellValue::Text(s.to_string()),
                DataRef::String(s) => CellValue::Text(s),
                DataRef::Int(i) => CellValue::Number(i as f64),
                DataRef::Float(f) => CellValue::Number(f),
                DataRef::Bool(b) => CellValue::Bool(b),
                DataRef::DateTime(dt) => excel_datetime(&dt),
                DataRef::DateTimeIso(s) => iso_datetime(&s),
                DataRef::DurationIso(s) => iso_duration(&s),
                DataRef::Error(e) => CellValue::Error(e.to_string()),
            };
            if !grid.set(r, c, value) {
                break;
            }
        }
    }
    Ok(grid)
}

/// The zip paths of an xlsx package's worksheets by sheet name, from `xl/workbook.xml` and its
/// relationships (both small).
fn xlsx_sheet_paths(path: &Path) -> Vec<(String, String)> {
    let read =
        |zip: &mut zip::ZipArchive<BufReader<std::fs::File>>, name: &str| -> Option<String> {
            let mut s = String::new();
            zip.by_name(name)
                .ok()?
                .take(MAX_TEXT_BYTES)
                .read_to_string(&mut s)
                .ok()?;
            Some(s)
        };
    let Some(mut zip) = std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(BufReader::new(f)).ok())
    else {
        return Vec::new();
    };
    let (Some(book), Some(rels)) = (
        read(&mut zip, "xl/workbook.xml"),
        read(&mut zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return Vec::new();
    };
    let elements = |xml: &str, tag: &str| -> Vec<Vec<(String, String)>> {
        let mut out = Vec::new();
        let mut r = quick_xml::Reader::from_str(xml);
        loop {
            match r.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == tag => {
                    out.push(
                        e.attributes()
                            .flatten()
                            .map(|a| {
                                let v = a
                                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                    .map(|v| v.into_owned())
                                    .unwrap_or_default();
                                (a.key.local_name().as_ref().to_string(), v)
                            })
                            .collect(),
                    );
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        out
    };
    let get = |attrs: &[(String, String)], k: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let targets: Vec<(String, String)> = elements(&rels, "Relationship")
        .iter()
        .map(|a| (get(a, "Id"), get(a, "Target")))
        .collect();
    elements(&book, "sheet")
        .iter()
        .filter_map(|a| {
            let id = get(a, "id");
            let target = targets.iter().find(|(i, _)| *i == id)?.1.clone();
            let full = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((get(a, "name"), full))
        })
        .collect()
}

/// True when a worksheet part mentions merged cells: a byte search, much cheaper than a
/// second XML parse of the sheet. When the part cannot be found, say yes (calamine decides).
fn xlsx_sheet_has_merges(path: &Path, part: Option<&str>) -> bool {
    let Some(part) = part else { return true };
    let Some(mut zip) = std::fs::File::open(path)
        .ok()
        .and_then(|f| zip::ZipArchive::new(BufReader::new(f)).ok())
    else {
        return true;
    };
    let Ok(entry) = zip.by_name(part) else {
        return true;
    };
    let mut bytes = Vec::new();
    if entry.take(MAX_TEXT_BYTES).read_to_end(&mut bytes).is_err() {
        return true;
    }
    memchr::memmem::find(&bytes, b"mergeCell").is_some()
}

fn region_of(d: &Dimensions) -> Region {
    Region {
        first_row: d.start.0 as usize,
        first_col: d.start.1 as usize,
        last_row: d.end.0 as usize,
        last_col: d.end.1 as usize,
    }
}

fn excel_datetime(dt: &calamine::ExcelDateTime) -> CellValue {
    let serial = dt.as_f64();
    if dt.is_duration() || (0.0..1.0).contains(&serial) {
        return match super::dates::time_from_number(serial.rem_euclid(1.0)) {
            Ok(t) => CellValue::Time(t),
            Err(_) => CellValue::Number(serial),
        };
    }
    match dt.as_datetime() {
        Some(d) => CellValue::DateTime(d),
        None => CellValue::Number(serial),
    }
}

fn iso_datetime(s: &str) -> CellValue {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return CellValue::DateTime(d.and_time(NaiveTime::MIN));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return CellValue::DateTime(d);
        }
    }
    for f in ["%H:%M:%S%.f", "%H:%M:%S"] {
        if let Ok(t) = NaiveTime::parse_from_str(s, f) {
            return CellValue::Time(t);
        }
    }
    CellValue::Text(s.to_string())
}

/// An ISO 8601 duration under a day (how ODS stores time cells) as a time of day.
fn iso_duration(s: &str) -> CellValue {
    let body = s.strip_prefix("PT").or_else(|| s.strip_prefix("-PT"));
    let Some(mut body) = body else {
        return CellValue::Text(s.to_string());
    };
    let mut secs = 0f64;
    for (unit, mult) in [('H', 3600.0), ('M', 60.0), ('S', 1.0)] {
        if let Some((n, rest)) = body.split_once(unit) {
            match n.parse::<f64>() {
                Ok(v) => secs += v * mult,
                Err(_) => return CellValue::Text(s.to_string()),
            }
            body = rest;
        }
    }
    match NaiveTime::from_num_seconds_from_midnight_opt(secs.round() as u32, 0) {
        Some(t) if secs < 86_400.0 => CellValue::Time(t),
        _ => CellValue::Text(s.to_string()),
    }
}

/// Converts a calamine value (dates carry their own 1900/1904 system).
fn data_value(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => excel_datetime(dt),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => iso_duration(s),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

fn grid_from_range(
    name: &str,
    range: &Range<Data>,
    formulas: Option<Range<String>>,
    merged: Vec<Region>,
    is_1904: bool,
) -> Grid {
    let mut grid = Grid::new(GridKind::Sheet, name);
    grid.is_1904 = is_1904;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut header_checked = false;
    for (r, c, d) in range.used_cells() {
        let (r, c) = (r + r0 as usize, c + c0 as usize);
        if !header_checked && r >= HEADER_SEARCH_ROWS {
            header_checked = true;
            if grid.header().is_none() {
                break;
            }
        }
        if !grid.set(r, c, data_value(d)) {
            break;
        }
    }
    if let Some(f) = formulas {
        let (r0, c0) = f.start().unwrap_or((0, 0));
        for (r, c, text) in f.used_cells() {
            let (r, c) = (r + r0 as usize, c + c0 as usize);
            if !text.is_empty() && r < MAX_ROWS && c < MAX_COLUMNS {
                grid.formulas.insert((r, c));
            }
        }
    }
    grid.merged = merged;
    grid
}

/// A sheet's values, its formulas, and its merged regions.
type SheetParts = (Range<Data>, Option<Range<String>>, Vec<Region>);

fn read_calamine(path: &Path, format: Format) -> Source {
    enum Book {
        Xls(Box<Xls<BufReader<std::fs::File>>>),
        Ods(Box<Ods<BufReader<std::fs::File>>>),
    }
    let opened = match format {
        Format::Xls => open_workbook::<Xls<_>, _>(path)
            .map(|b| Book::Xls(Box::new(b)))
            .map_err(|e| e.to_string()),
        _ => open_workbook::<Ods<_>, _>(path)
            .map(|b| Book::Ods(Box::new(b)))
            .map_err(|e| e.to_string()),
    };
    let mut book = match opened {
        Ok(b) => b,
        Err(e) => {
            // An .xls that is a web page, a password-protected workbook or something else
            // entirely is common: say which, rather than the reader's own words.
            let sniffed = crate::docx::package::sniff_file(path);
            let known =
                matches!(format, Format::Xls) && sniffed == crate::docx::package::Sniffed::Compound;
            return Source::failed(
                format,
                crate::docx::package::not_a_package(sniffed, "spreadsheet")
                    .filter(|_| !known)
                    .unwrap_or_else(|| cannot_open(e)),
            );
        }
    };
    let ods_merges = match format {
        Format::Ods => ods_merged_regions(path).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (sheets, is_1904) = match &book {
        Book::Xls(b) => (sheet_list(b.as_ref()), b.has_1904_epoch()),
        Book::Ods(b) => (sheet_list(b.as_ref()), false),
    };
    let mut range_of = |name: &str| -> Result<SheetParts, String> {
        match &mut book {
            Book::Xls(b) => {
                let r = b.worksheet_range(name).map_err(|e| e.to_string())?;
                let f = b.worksheet_formula(name).ok();
                let m = b
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(region_of)
                    .collect();
                Ok((r, f, m))
            }
            Book::Ods(b) => {
                let r = b.worksheet_range(name).map_err(|e| e.to_string())?;
                let f = b.worksheet_formula(name).ok();
                let m = ods_merges
                    .iter()
                    .filter(|(s, _)| s == name)
                    .map(|(_, r)| *r)
                    .collect();
                Ok((r, f, m))
            }
        }
    };
    let marker = sheets
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(MARKER_SHEET))
        .and_then(|(n, _)| range_of(n).ok())
        .and_then(|(r, _, _)| marker_from_rows(&range_texts(&r)));
    let (candidates, named) = candidate_sheets(&sheets, marker.as_ref());
    let mut diagnostics = Vec::new();
    let mut grids = Vec::new();
    for name in candidates {
        match range_of(&name) {
            Ok((r, f, m)) => {
                let g = grid_from_range(&name, &r, f, m, is_1904);
                let found = g.header().is_some();
                grids.push(g);
                if found {
                    break;
                }
            }
            Err(e) => diagnostics.push(
                Diagnostic::error(Location::File, format!("cannot read sheet '{name}': {e}"))
                    .with_help("save the workbook again as .xlsx"),
            ),
        }
    }
    choose(format, grids, marker, diagnostics, named.as_deref())
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
}

fn attr_num(e: &BytesStart, name: &str) -> usize {
    attr(e, name).and_then(|v| v.parse().ok()).unwrap_or(1)
}

/// Refuses an ODS file whose sheets declare more cells with content than a grid may hold
/// ([`MAX_CELLS`]), before calamine expands its repeated rows and columns into memory: a few
/// bytes of `table:number-rows-repeated` can stand for billions of cells.
fn ods_within_limits(path: &Path) -> Result<(), Box<Diagnostic>> {
    let refuse = |what: String| {
        Box::new(Diagnostic::error(Location::File, what).with_help(
            "delete the rows and columns that are not part of the chronology (a value \
                 copied down to the bottom of the sheet, say), or save it as .xlsx",
        ))
    };
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return Ok(());
    };
    let Ok(part) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_TEXT_BYTES)));
    let mut buf = Vec::new();
    let (mut sheet, mut cells, mut row_repeat) = (String::new(), 0u64, 1u64);
    let mut row_cells = 0u64;
    loop {
        let ev = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(_) => return Ok(()), // calamine reports the damage
        };
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    sheet = attr(e, "table:name").unwrap_or_default();
                    cells = 0;
                }
                "table:table-row" => {
                    row_repeat = attr_num(e, "table:number-rows-repeated") as u64;
                    row_cells = 0;
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let has_value =
                        attr(e, "office:value-type").is_some() || matches!(ev, Event::Start(_));
                    if has_value {
                        let repeat = attr_num(e, "table:number-columns-repeated") as u64;
                        row_cells = row_cells.saturating_add(repeat);
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                cells = cells.saturating_add(row_cells.saturating_mul(row_repeat));
                if cells > MAX_CELLS as u64 {
                    return Err(refuse(format!(
                        "sheet '{sheet}' holds more than {MAX_CELLS} cells with content \
                         (counting repeated rows and columns)"
                    )));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// Merged regions of an ODS file (calamine does not report them): cells with
/// `table:number-columns-spanned` or `table:number-rows-spanned`.
fn ods_merged_regions(path: &Path) -> Option<Vec<(String, Region)>> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).ok()?;
    let part = zip.by_name("content.xml").ok()?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part.take(MAX_TEXT_BYTES)));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let (mut sheet, mut row, mut col) = (String::new(), 0usize, 0usize);
    let mut row_repeat = 1usize;
    loop {
        let ev = xml.read_event_into(&mut buf).ok()?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    sheet = attr(e, "table:name").unwrap_or_default();
                    row = 0;
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = attr_num(e, "table:number-rows-repeated");
                    if matches!(ev, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let cs = attr(e, "table:number-columns-spanned").and_then(|v| v.parse().ok());
                    let rs = attr(e, "table:number-rows-spanned").and_then(|v| v.parse().ok());
                    if cs.unwrap_or(1usize) > 1 || rs.unwrap_or(1usize) > 1 {
                        out.push((
                            sheet.clone(),
                            Region {
                                first_row: row,
                                first_col: col,
                                last_row: row.saturating_add(rs.unwrap_or(1).max(1) - 1),
                                last_col: col.saturating_add(cs.unwrap_or(1).max(1) - 1),
                            },
                        ));
                    }
                    col = col.saturating_add(attr_num(e, "table:number-columns-repeated"));
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeat)
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

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
pub fn decode_text(bytes: &[u8]) -> (String, Option<String>) {
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

fn read_limited(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let meta = std::fs::metadata(path).map_err(|e| Box::new(cannot_open(e)))?;
    if meta.len() > MAX_TEXT_BYTES {
        return Err(too_big("file"));
    }
    std::fs::read(path).map_err(|e| Box::new(cannot_open(e)))
}

/// Reads a CSV file; the grid is named after the file, as a spreadsheet would name its sheet.
pub fn read_csv(path: &Path) -> Result<(Grid, Vec<Diagnostic>), Box<Diagnostic>> {
    let bytes = read_limited(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (grid, notes) = csv_grid(&bytes, &name);
    Ok((grid, notes))
}

/// Builds a grid from CSV bytes.
pub fn csv_grid(bytes: &[u8], name: &str) -> (Grid, Vec<Diagnostic>) {
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

/// One cell of a Word table while it is read.
#[derive(Default)]
struct WordCell {
    text: String,
    span: usize,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

/// Reads every top-level table of a .docx body into grids (merged cells filled sensibly: a
/// cell continuing a vertical merge takes the value above; a cell spanning columns sits in
/// its first column).
pub fn read_docx(path: &Path) -> Result<Vec<Grid>, Box<Diagnostic>> {
    let bytes = read_limited(path)?;
    // The package reader refuses climbing names and zip bombs, and says what a file that is
    // not a package is (password-protected, a web page...).
    let pkg = crate::docx::Package::from_bytes_with(bytes, package_limits())?;
    let Some(main) = pkg.main_document() else {
        return Err(Box::new(
            Diagnostic::error(
                Location::File,
                "not a Word document: it has no main document (word/document.xml)",
            )
            .with_help("save the return as .docx from Word"),
        ));
    };
    let xml_bytes = pkg.read_part(&main)?;
    docx_tables(&xml_bytes).map_err(|e| {
        let at = usize::try_from(e.1)
            .unwrap_or(usize::MAX)
            .min(xml_bytes.len());
        let before = &xml_bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        Box::new(
            Diagnostic::error(
                crate::docx::package::part_location(&main, "document body"),
                format!(
                    "the document is not well-formed XML (line {line}, column {column}): {}",
                    e.0
                ),
            )
            .with_help("open it in Word and save it again as .docx"),
        )
    })
}

/// The limits applied to packages (xlsx, ods, docx) before they are read: those of Word
/// packages, with parts no larger than [`MAX_TEXT_BYTES`].
fn package_limits() -> crate::docx::package::Limits {
    crate::docx::package::Limits {
        max_part: MAX_TEXT_BYTES,
        ..Default::default()
    }
}

/// Reads the top-level tables of a `word/document.xml`. Fails on XML that is not well-formed,
/// with the byte offset where reading stopped.
///
/// Rows past [`MAX_ROWS`] and cells past [`MAX_COLUMNS`] are not kept (the grid reports
/// them), and the tables of one document together hold at most [`MAX_CELLS`] cells.
pub fn docx_tables(xml_bytes: &[u8]) -> Result<Vec<Grid>, (quick_xml::Error, u64)> {
    let mut xml = quick_xml::Reader::from_reader(xml_bytes);
    let mut cells_held = 0usize;
    let mut buf = Vec::new();
    let mut grids = Vec::new();
    let mut depth = 0usize; // table nesting
    let mut rows: Vec<(Vec<WordCell>, bool)> = Vec::new();
    let mut cell: Option<WordCell> = None;
    let mut in_text = false;
    let mut paragraphs_in_cell = 0usize;
    loop {
        let ev = match xml.read_event_into(&mut buf) {
            Ok(ev) => ev,
            Err(e) => return Err((e, xml.error_position())),
        };
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    "tbl" if !empty => {
                        depth += 1;
                        if depth == 1 {
                            rows.clear();
                        }
                    }
                    // One row past the limit is kept, so the grid can say where reading stopped.
                    "tr" if depth == 1 && !empty && rows.len() <= MAX_ROWS => {
                        rows.push((Vec::new(), false))
                    }
                    "tblHeader" if depth == 1 => {
                        let on = attr(e, "w:val").is_none_or(|v| v != "0" && v != "false");
                        if let Some(r) = rows.last_mut() {
                            r.1 = on;
                        }
                    }
                    "tc" if depth == 1 && !empty => {
                        cell = Some(WordCell {
                            span: 1,
                            ..WordCell::default()
                        });
                        paragraphs_in_cell = 0;
                    }
                    "gridSpan" if depth == 1 => {
                        if let Some(c) = cell.as_mut() {
                            c.span = attr_num(e, "w:val").clamp(1, MAX_COLUMNS + 1);
                        }
                    }
                    "vMerge" if depth == 1 => {
                        if let Some(c) = cell.as_mut() {
                            c.vmerge = Some(attr(e, "w:val").is_some_and(|v| v == "restart"));
                        }
                    }
                    "p" if !empty => {
                        if let Some(c) = cell.as_mut() {
                            if paragraphs_in_cell > 0 && !c.text.is_empty() {
                                c.text.push('\n');
                            }
                            paragraphs_in_cell += 1;
                        }
                    }
                    "t" if !empty => in_text = true,
                    "tab" => push_text(&mut cell, " "),
                    "br" | "cr" => push_text(&mut cell, "\n"),
                    "noBreakHyphen" => push_text(&mut cell, "-"),
                    _ => {}
                }
            }
            Event::Text(t) if in_text => push_text(&mut cell, &t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let resolved = r
                    .resolve_char_ref()
                    .map_err(|e| (e, xml.buffer_position()))?;
                let s = match resolved {
                    Some(ch) => ch.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                        .unwrap_or("")
                        .to_string(),
                };
                push_text(&mut cell, &s);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "tc" if depth == 1 => {
                    if let (Some(c), Some(r)) = (cell.take(), rows.last_mut())
                        && r.0.len() <= MAX_COLUMNS
                    {
                        r.0.push(c);
                    }
                }
                "tbl" => {
                    if depth == 1 {
                        let mut grid = word_grid(grids.len() + 1, std::mem::take(&mut rows));
                        cells_held = cells_held.saturating_add(grid.held.cells);
                        let over = cells_held > MAX_CELLS;
                        if over {
                            let number = grid.rows.last().map_or(1, |r| r.number);
                            grid.stop(
                                number,
                                0,
                                format!(
                                    "the document's tables hold more than {MAX_CELLS} cells; \
                                     reading stopped here"
                                ),
                                "keep only the chronology table in the document, or split it",
                            );
                        }
                        grids.push(grid);
                        if over {
                            break;
                        }
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(grids)
}

fn push_text(cell: &mut Option<WordCell>, s: &str) {
    if let Some(c) = cell.as_mut() {
        c.text.push_str(s);
    }
}

fn word_grid(table: usize, rows: Vec<(Vec<WordCell>, bool)>) -> Grid {
    let mut grid = Grid::new(GridKind::DocxTable(table), format!("table {table}"));
    grid.merges_are_native = true;
    let width = rows
        .iter()
        .map(|(cells, _)| cells.iter().map(|c| c.span).fold(0, usize::saturating_add))
        .max()
        .unwrap_or(0)
        .min(MAX_COLUMNS);
    // Open vertical merges: column -> (first row, value).
    let mut open: Vec<Option<(usize, String)>> = vec![None; width];
    // Regions that may still grow downwards: (first row, column) -> index in `grid.merged`.
    let mut growing: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, (cells, repeated_header)) in rows.into_iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut out = vec![CellValue::Empty; width];
        let mut col = 0usize;
        for c in cells {
            let span = c.span.max(1);
            if col >= width {
                grid.past_last_column(number, col, &CellValue::Text(c.text));
                col = col.saturating_add(span);
                continue;
            }
            let last_col = col.saturating_add(span - 1).min(width - 1);
            let text = c.text.trim().to_string();
            match c.vmerge {
                Some(false) => {
                    if let Some((first, value)) = &open[col] {
                        out[col] = CellValue::Text(value.clone());
                        let first = *first;
                        match growing.get(&(first, col)).copied() {
                            Some(k) if grid.merged[k].last_row + 1 == i => {
                                let r = &mut grid.merged[k];
                                r.last_row = i;
                                r.last_col = r.last_col.max(last_col);
                            }
                            _ => {
                                growing.insert((first, col), grid.merged.len());
                                grid.merged.push(Region {
                                    first_row: first,
                                    first_col: col,
                                    last_row: i,
                                    last_col,
                                });
                            }
                        }
                    }
                }
                restart => {
                    open[col] = restart.map(|_| (i, text.clone()));
                    if !text.is_empty() {
                        out[col] = CellValue::Text(text);
                    }
                    if span > 1 {
                        growing.insert((i, col), grid.merged.len());
                        grid.merged.push(Region {
                            first_row: i,
                            first_col: col,
                            last_row: i,
                            last_col,
                        });
                    }
                }
            }
            col = col.saturating_add(span);
        }
        if !grid.push_row(number, out, repeated_header) {
            break;
        }
    }
    grid
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

    #[test]
    fn iso_durations_are_times() {
        assert_eq!(
            iso_duration("PT14H05M00S"),
            CellValue::Time(NaiveTime::from_hms_opt(14, 5, 0).unwrap())
        );
        assert_eq!(iso_duration("PT30H"), CellValue::Text("PT30H".into()));
    }
}
