//! The grid every format is read into, and the limits that bound it.

use crate::chronology::columns::{HeaderMap, find_header};
use crate::diagnostic::{Diagnostic, Location, TablePlace, column_letter};
use chrono::{NaiveDateTime, NaiveTime};
use std::collections::HashSet;

/// The largest CSV file or Word document part read, in bytes; also the most text one sheet
/// may hold once read.
pub(crate) const MAX_TEXT_BYTES: u64 = 256 * 1024 * 1024;

/// The most rows read from one sheet, CSV file or Word table. A chronology return runs to
/// hundreds or a few thousand rows; a sheet past this is damaged or not a chronology, and
/// reading on would only use memory.
pub(super) const MAX_ROWS: usize = 100_000;

/// The most characters a cell may hold: Excel's limit, so the most the merged chronology
/// workbook can hold. Readers may keep a longer value to one character past it.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// The most columns read (column IV, the old Excel limit); a chronology has about a dozen.
pub(super) const MAX_COLUMNS: usize = 256;

/// The most cells one grid may hold (each row as wide as its last value): a bound on memory
/// whatever the mix of rows and columns.
pub(super) const MAX_CELLS: usize = 4_000_000;

/// Bytes of text a cell holds.
fn text_len(c: &CellValue) -> usize {
    match c {
        CellValue::Text(s) | CellValue::Error(s) => s.len(),
        _ => 0,
    }
}

/// A cell's value as read, before its column decides what it means.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum CellValue {
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
    /// True when the cell holds more than [`MAX_CELL_CHARS`] characters.
    pub(crate) fn is_too_long(&self) -> bool {
        match self {
            CellValue::Text(s) | CellValue::Error(s) => {
                s.len() > MAX_CELL_CHARS && s.chars().count() > MAX_CELL_CHARS
            }
            _ => false,
        }
    }

    /// True when the cell holds nothing (or only spaces).
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a person sees it in a text column.
    pub(crate) fn text(&self) -> String {
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
    pub(crate) fn take_text(&mut self) -> String {
        match std::mem::take(self) {
            CellValue::Text(s) => {
                let t = s.trim();
                if t.len() == s.len() { s } else { t.to_string() }
            }
            other => other.text(),
        }
    }
}

/// A rectangle of cells, 0-based grid coordinates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    /// First row index.
    pub first_row: usize,
    /// First column index.
    pub first_col: usize,
    /// Last row index.
    pub last_row: usize,
    /// Last column index.
    pub last_col: usize,
}

/// Where a grid came from, which decides how its cells are located in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GridKind {
    /// A worksheet: rows and column letters.
    Sheet,
    /// A CSV file: one table with no name, rows are lines ("FILE, row N").
    Csv,
    /// Table `n` (from 1) of a Word document's body.
    DocxTable(usize),
}

/// One row of a grid.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct GridRow {
    /// The row number a person sees (spreadsheet row, CSV line, Word table row).
    pub number: u32,
    /// The cells; index = column (0 = column A).
    pub cells: Vec<CellValue>,
    /// True for a Word table row marked to repeat as a header on each page.
    pub repeated_header: bool,
}

/// A sheet, CSV file or Word table as rows of cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Grid {
    /// What kind of source.
    pub kind: GridKind,
    /// The sheet's name (empty for a CSV file, which has no sheets; "table N" for Word).
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
pub(crate) struct Held {
    /// Cell slots held.
    pub cells: usize,
    /// Bytes of text held.
    pub text: usize,
    /// Values past [`MAX_COLUMNS`], not read, and the place of the first (row number, column).
    pub past_last_column: usize,
    first_past: Option<(u32, usize)>,
    /// Cells longer than [`MAX_CELL_CHARS`] (row number, column), the first hundred, and how many.
    too_long: Vec<(u32, usize)>,
    too_long_count: usize,
    /// The limit reading stopped at, located where it was reached.
    pub stopped: Option<Diagnostic>,
}

impl Grid {
    pub(super) fn new(kind: GridKind, name: impl Into<String>) -> Self {
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
    pub(crate) fn limit_diagnostics(&self) -> Vec<Diagnostic> {
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
        for &(number, col) in &self.held.too_long {
            out.push(
                Diagnostic::error(
                    self.location_at(number, col, None),
                    format!(
                        "the cell holds more than {MAX_CELL_CHARS} characters, the most a \
                         spreadsheet cell can hold; it was not read in full"
                    ),
                )
                .with_help("shorten it, or split it over several rows"),
            );
        }
        if self.held.too_long_count > self.held.too_long.len() {
            out.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "{} more cells hold more than {MAX_CELL_CHARS} characters",
                        self.held.too_long_count - self.held.too_long.len()
                    ),
                )
                .with_help("check this is the right file"),
            );
        }
        out.extend(self.held.stopped.clone());
        out
    }

    /// Keeps merged regions within the rows and columns read, and the cells they cover within
    /// [`MAX_CELLS`]: a region's size comes from the file (`A1:XFD1048576`, a span of a
    /// billion rows) and whatever walks it must not walk that far.
    pub(super) fn bound_merges(&mut self) {
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
    pub(super) fn stop(&mut self, number: u32, col: usize, message: String, help: &str) -> bool {
        if self.held.stopped.is_none() {
            self.held.stopped = Some(
                Diagnostic::error(self.location_at(number, col, None), message).with_help(help),
            );
        }
        false
    }

    /// Notes a value past the last column, which is not read.
    pub(super) fn past_last_column(&mut self, number: u32, col: usize, value: &CellValue) {
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
    pub(super) fn push_row(
        &mut self,
        number: u32,
        mut cells: Vec<CellValue>,
        repeated_header: bool,
    ) -> bool {
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
        for (col, cell) in cells.iter_mut().enumerate() {
            if cell.is_too_long() {
                // Kept to one character past the limit: still too long for what reads it.
                if let CellValue::Text(s) | CellValue::Error(s) = cell
                    && let Some((end, _)) = s.char_indices().nth(MAX_CELL_CHARS + 1)
                {
                    s.truncate(end);
                }
                self.held.too_long_count += 1;
                if self.held.too_long.len() < 100 {
                    self.held.too_long.push((number, col));
                }
            }
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
    pub(crate) fn location(&self, row: usize, col: usize, header: Option<&str>) -> Location {
        let number = self
            .rows
            .get(row)
            .map(|r| r.number)
            .unwrap_or(row as u32 + 1);
        self.location_at(number, col, header)
    }

    /// The location of a cell given the row number a person sees.
    pub(crate) fn location_at(&self, number: u32, col: usize, header: Option<&str>) -> Location {
        match self.kind {
            GridKind::Sheet | GridKind::Csv => Location::Cell {
                // Empty for a CSV file: its places are rows of the file.
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
    pub(in crate::chronology) fn header(&self) -> Option<HeaderMap> {
        find_header(self.header_candidates())
    }

    /// Puts a value at `(row index, col)`, growing the grid as needed, within the limits;
    /// false when reading must stop.
    pub(super) fn set(&mut self, row: usize, col: usize, value: CellValue) -> bool {
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
