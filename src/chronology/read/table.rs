//! One sheet of a workbook, or a CSV file, read whole as a grid for uses other than a
//! chronology (a mail merge's rows): the same readers, limits and located errors, without
//! looking for a chronology's header row.

use super::grid::Grid;
use super::spreadsheet::{MARKER_SHEET, sheet_list};
use super::xls_ods::{grid_from_range, ods_within_limits};
use super::xlsx::xlsx_grid;
use super::{Format, cannot_open, package_limits};
use crate::diagnostic::{Diagnostic, Location};
use calamine::{Ods, Reader, Xls, Xlsx, open_workbook};
use std::path::Path;

/// Reads `sheet` (by name, any case) or else the first visible sheet of a workbook, or a CSV
/// file, into a grid; with every problem met (the grid's own limits included).
pub(crate) fn read_table(path: &Path, sheet: Option<&str>) -> (Option<Grid>, Vec<Diagnostic>) {
    let format = Format::of(path);
    if matches!(format, Some(Format::Xlsx | Format::Ods))
        && let Err(d) = crate::docx::package::vet_file(path, &package_limits(), "spreadsheet")
    {
        return (None, vec![*d]);
    }
    let (grid, mut diagnostics) = match format {
        Some(Format::Csv) => match super::delimited::read_csv(path) {
            Ok((g, notes)) => (Some(g), notes),
            Err(d) => (None, vec![*d]),
        },
        Some(Format::Xlsx) => match open_workbook::<Xlsx<_>, _>(path) {
            Ok(mut book) => {
                let is_1904 = book.has_1904_epoch();
                match pick(&sheet_list(&book), sheet) {
                    Ok(name) => match xlsx_grid(&mut book, &name, is_1904, None) {
                        Ok(g) => (Some(g), Vec::new()),
                        Err(e) => (None, vec![unreadable(&name, e)]),
                    },
                    Err(d) => (None, vec![d]),
                }
            }
            Err(e) => (None, vec![cannot_open(e)]),
        },
        Some(Format::Xls) => match open_workbook::<Xls<_>, _>(path) {
            Ok(mut book) => {
                let is_1904 = book.has_1904_epoch();
                calamine_sheet(&sheet_list(&book), sheet, is_1904, |n| {
                    book.worksheet_range(n).map_err(|e| e.to_string())
                })
            }
            Err(e) => (None, vec![cannot_open(e)]),
        },
        Some(Format::Ods) => match ods_within_limits(path) {
            Err(d) => (None, vec![*d]),
            Ok(()) => match open_workbook::<Ods<_>, _>(path) {
                Ok(mut book) => calamine_sheet(&sheet_list(&book), sheet, false, |n| {
                    book.worksheet_range(n).map_err(|e| e.to_string())
                }),
                Err(e) => (None, vec![cannot_open(e)]),
            },
        },
        Some(Format::Docx) | None => (
            None,
            vec![
                Diagnostic::error(Location::File, "not a table this tool can read")
                    .with_help("give the rows as .csv, .xlsx, .xls or .ods (or JSON)"),
            ],
        ),
    };
    if let Some(g) = &grid {
        diagnostics.extend(g.limit_diagnostics());
    }
    (grid, diagnostics)
}

fn calamine_sheet(
    sheets: &[(String, bool)],
    wanted: Option<&str>,
    is_1904: bool,
    mut range: impl FnMut(&str) -> Result<calamine::Range<calamine::Data>, String>,
) -> (Option<Grid>, Vec<Diagnostic>) {
    let name = match pick(sheets, wanted) {
        Ok(n) => n,
        Err(d) => return (None, vec![d]),
    };
    match range(&name) {
        Ok(r) => (
            Some(grid_from_range(&name, &r, None, Vec::new(), is_1904, None)),
            Vec::new(),
        ),
        Err(e) => (None, vec![unreadable(&name, e)]),
    }
}

fn unreadable(name: &str, e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(Location::File, format!("cannot read sheet '{name}': {e}"))
        .with_help("save the workbook again from Excel or LibreOffice as .xlsx")
}

/// The sheet to read: the one named (any case), else the first visible one that is not
/// scrkit's hidden marker sheet.
fn pick(sheets: &[(String, bool)], wanted: Option<&str>) -> Result<String, Diagnostic> {
    if let Some(w) = wanted {
        if let Some((n, _)) = sheets
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(w.trim()))
        {
            return Ok(n.clone());
        }
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        let help = match crate::case::closest(w, names.iter().copied()) {
            Some(c) => format!("did you mean '{c}'? The sheets are: {}", names.join(", ")),
            None => format!("the sheets are: {}", names.join(", ")),
        };
        return Err(
            Diagnostic::error(Location::File, format!("the workbook has no sheet '{w}'"))
                .with_help(help),
        );
    }
    sheets
        .iter()
        .find(|(n, visible)| *visible && !n.eq_ignore_ascii_case(MARKER_SHEET))
        .map(|(n, _)| n.clone())
        .ok_or_else(|| {
            Diagnostic::error(Location::File, "the workbook has no visible sheet to read")
                .with_help("unhide the sheet with the rows, or name it with --sheet")
        })
}
