//! Reading a return file into a grid of cells, whatever its format.
//!
//! Spreadsheets (xlsx, xlsm, xls, ods) are read with calamine, CSV with the `csv` crate, and
//! legacy Word returns (a table in a .docx) with zip and quick-xml. Each becomes the same
//! [`Grid`]: rows of [`CellValue`]s with the row numbers a person sees, the cells holding
//! formulas, and merged regions. Nothing here decides what a cell *means*: a number stays a
//! number until its column says it is a date serial.
//!
//! Every format has one reader of the same shape, `fn(&Path) -> Source`; [`read_source`]
//! vets the file and chooses the reader by the file's name:
//! - `grid`: the grid and its limits;
//! - `spreadsheet`: what workbooks share (the marker sheet, sheet order, calamine values);
//! - `xlsx`, `xls_ods`, `delimited` (CSV), `word` (tables in a .docx).

mod delimited;
mod grid;
mod spreadsheet;
mod table;
mod word;
mod xls_ods;
mod xlsx;

pub(crate) use grid::GridKind;
#[cfg(test)]
pub(crate) use grid::GridRow;
pub(crate) use grid::{CellValue, Grid, MAX_TEXT_BYTES, Region};
pub use spreadsheet::Marker;
pub(crate) use spreadsheet::{
    FORMAT_VERSION, KEY_AGENCY_ID, KEY_AGENCY_NAME, KEY_FORMAT, KEY_REVIEW, KEY_SHEET, MARKER_SHEET,
};
pub(crate) use table::read_table;

use crate::chronology::columns::HeaderMap;
use crate::diagnostic::{Diagnostic, Location};
use std::path::Path;

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

/// A return file as read: the grid with the chronology, and anything learned on the way.
#[derive(Debug, Clone)]
pub(super) struct Source {
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
    pub(super) fn failed(format: Format, d: Diagnostic) -> Source {
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
pub(super) fn read_source(path: &Path) -> Source {
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
    let read: fn(&Path) -> Source = match format {
        Format::Xlsx => xlsx::read,
        Format::Xls => xls_ods::read_xls,
        Format::Ods => xls_ods::read_ods,
        Format::Csv => delimited::read,
        Format::Docx => word::read,
    };
    read(path)
}

pub(super) fn cannot_open(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Location::File, format!("cannot open the file: {e}")).with_help(
        "check that the file is a spreadsheet, is not open elsewhere and has no password; \
         save it again as .xlsx",
    )
}

/// Chooses the grid with the chronology: the one the marker names, else the first (visible)
/// with a recognisable header row.
pub(super) fn choose(
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

/// The limits applied to packages (xlsx, ods, docx) before they are read: those of Word
/// packages, with parts no larger than [`MAX_TEXT_BYTES`].
pub(super) fn package_limits() -> crate::docx::package::Limits {
    crate::docx::package::Limits {
        max_part: MAX_TEXT_BYTES,
        ..Default::default()
    }
}
