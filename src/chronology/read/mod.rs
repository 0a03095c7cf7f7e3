//! Reading a return file into a grid of cells, whatever its format.
//!
//! Spreadsheets (xlsx, xlsm, xls, ods) are read with calamine, CSV with the `csv` crate, and
//! legacy Word returns (a table in a .docx) with zip and quick-xml. Each becomes the same
//! [`Grid`]: rows of [`CellValue`]s with the row numbers a person sees, the cells holding
//! formulas, and merged regions. Nothing here decides what a cell *means*: a number stays a
//! number until its column says it is a date serial.
//!
//! Every format has one reader of the same shape, `fn(&Path, &Wanted) -> Found`: [`Wanted`]
//! says which header row marks the sheet sought (the chronology's, or the agency summary's:
//! both are read here). [`read_for`] vets the file and chooses the reader by the file's name,
//! and refuses a workbook scrkit made for the other layout; [`read_source`] is the
//! chronology's:
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
pub(crate) use grid::{CellValue, Grid, MAX_CELL_CHARS, MAX_TEXT_BYTES, Region};
pub use spreadsheet::Marker;
pub(crate) use spreadsheet::{
    FORMAT_VERSION, KEY_AGENCY_ID, KEY_AGENCY_NAME, KEY_CHECK, KEY_FORMAT, KEY_REVIEW, KEY_SHEET,
    MARKER_SHEET, SUMMARY_FORMAT_VERSION,
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
            "docx" => Format::Docx,
            e if crate::case::SHEETLESS_EXTENSIONS.contains(&e) => Format::Csv,
            _ => return None,
        })
    }
}

/// What a reader looks for: the sheet (or table) holding one layout's header row. The
/// chronology and the agency summary are read by the same readers, each with its own.
#[derive(Clone, Copy)]
pub(crate) struct Wanted {
    /// True when a grid's first rows hold the layout's header row.
    pub has_header: fn(&Grid) -> bool,
    /// What the header row must name, when no sheet has it.
    pub header_help: &'static str,
    /// The marker `Format` of the workbook scrkit makes for this layout (its prefix).
    pub format: &'static str,
    /// What the file is, in messages ("a chronology return").
    pub what: &'static str,
}

/// The chronology's header row.
const CHRONOLOGY: Wanted = Wanted {
    has_header: |g| g.header().is_some(),
    header_help: "the header row must name at least the Date and Event columns (as in the \
                  agreed template: Date, Time, Date certainty, End date, Agency, Source, \
                  Practitioner role, Subject, Event / contact, Action taken / outcome, Agency \
                  comment)",
    format: "scrkit chronology workbook",
    what: "a chronology return",
};

/// The workbooks scrkit makes that carry a marker: the start of the marker's `Format`, what
/// the workbook is, and the command that reads it.
const WORKBOOKS: &[(&str, &str, &str)] = &[
    (
        "scrkit chronology workbook",
        "an agency chronology workbook",
        "scr chronology check",
    ),
    (
        "scrkit agency summary workbook",
        "an agency summary workbook (rapid review)",
        "scr summary check",
    ),
];

/// A file as read for one layout: the grid with its header row, and anything learned on
/// the way.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// The format.
    pub format: Format,
    /// The grid holding the layout's header row; `None` when no sheet or table has one.
    pub grid: Option<Grid>,
    /// The hidden marker, for files made from one of scrkit's workbooks.
    pub marker: Option<Marker>,
    /// Problems found while reading (unreadable file, encoding, no header row, a workbook
    /// made for another layout).
    pub diagnostics: Vec<Diagnostic>,
}

impl Found {
    pub(super) fn failed(format: Format, d: Diagnostic) -> Found {
        Found {
            format,
            grid: None,
            marker: None,
            diagnostics: vec![d],
        }
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

/// Reads a return file into a grid, choosing the sheet (or table) that holds the chronology.
pub(super) fn read_source(path: &Path) -> Source {
    let found = read_for(path, &CHRONOLOGY);
    Source {
        format: found.format,
        grid: found.grid.and_then(|g| g.header().map(|h| (g, h))),
        marker: found.marker,
        diagnostics: found.diagnostics,
    }
}

/// A marker from another of scrkit's workbooks is refused, with the command that reads it:
/// a summary is not a chronology, nor a chronology a summary.
fn refuse_other_workbook(found: &mut Found, want: &Wanted) {
    let Some(m) = &found.marker else { return };
    let format = m.format.trim();
    if format.is_empty() || format.starts_with(want.format) {
        return;
    }
    let Some((_, what, command)) = WORKBOOKS.iter().find(|(f, _, _)| format.starts_with(f)) else {
        return;
    };
    // The file is the wrong kind altogether: what else its reading found would only confuse.
    found.grid = None;
    found.diagnostics = vec![
        Diagnostic::error(Location::File, format!("this is {what}, not {}", want.what))
            .with_help(format!("check it with `{command}`")),
    ];
}

/// Reads a file into a grid for one layout, choosing the sheet (or table) that holds its
/// header row.
pub(crate) fn read_for(path: &Path, want: &Wanted) -> Found {
    let Some(format) = Format::of(path) else {
        return Found::failed(
            Format::Csv,
            Diagnostic::error(
                Location::File,
                format!("not {} this tool can read", want.what),
            )
            .with_help("save it as .xlsx (or .xls, .ods, .csv); a Word table in .docx is read too"),
        );
    };
    if matches!(format, Format::Xlsx | Format::Ods)
        && let Err(d) = crate::docx::package::vet_file(path, &package_limits(), "spreadsheet")
    {
        return Found::failed(format, *d);
    }
    let read: fn(&Path, &Wanted) -> Found = match format {
        Format::Xlsx => xlsx::read,
        Format::Xls => xls_ods::read_xls,
        Format::Ods => xls_ods::read_ods,
        Format::Csv => delimited::read,
        Format::Docx => word::read,
    };
    let mut found = read(path, want);
    refuse_other_workbook(&mut found, want);
    found
}

pub(super) fn cannot_open(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Location::File, format!("cannot open the file: {e}")).with_help(
        "check that the file is a spreadsheet, is not open elsewhere and has no password; \
         save it again as .xlsx",
    )
}

/// Chooses the grid with the layout's header row: the one the marker names, else the first (visible)
/// with a recognisable header row.
pub(super) fn choose(
    format: Format,
    grids: Vec<Grid>,
    marker: Option<Marker>,
    mut diagnostics: Vec<Diagnostic>,
    named: Option<&str>,
    want: &Wanted,
) -> Found {
    let mut names = Vec::new();
    for mut grid in grids {
        grid.bound_merges();
        diagnostics.extend(grid.limit_diagnostics());
        if (want.has_header)(&grid) {
            return Found {
                format,
                grid: Some(grid),
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
    diagnostics.push(Diagnostic::error(Location::File, what).with_help(want.header_help));
    Found {
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
