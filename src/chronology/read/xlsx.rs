//! Excel 2007+ workbooks (.xlsx, .xlsm), read in one pass with formulas.

use super::grid::{CellValue, Grid, GridKind, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES};
use super::spreadsheet::{
    MARKER_SHEET, candidate_sheets, excel_datetime, first_with_header, iso_datetime, iso_duration,
    marker_from_rows, range_texts, region_of, sheet_list,
};
use super::{Format, Found, Wanted, cannot_open, choose};
use crate::chronology::columns::HEADER_SEARCH_ROWS;
use calamine::{DataRef, Reader, Xlsx, open_workbook};
use quick_xml::events::Event;
use std::io::{BufReader, Read};
use std::path::Path;

/// Reads an xlsx return: the marker's sheet, else the first visible sheet with a header row.
pub(super) fn read(path: &Path, want: &Wanted) -> Found {
    let mut book: Xlsx<_> = match open_workbook(path) {
        Ok(b) => b,
        Err(e) => return Found::failed(Format::Xlsx, cannot_open(e)),
    };
    let sheets = sheet_list(&book);
    let marker = sheets
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(MARKER_SHEET))
        .and_then(|(n, _)| book.worksheet_range(n).ok())
        .and_then(|r| marker_from_rows(&range_texts(&r)));
    let (candidates, named) = candidate_sheets(&sheets, marker.as_ref());
    let is_1904 = book.has_1904_epoch();
    let parts = xlsx_sheet_paths(path);
    let (grids, diagnostics) = first_with_header(
        candidates,
        |name| {
            let mut g = xlsx_grid(&mut book, name, is_1904, Some(want))?;
            let part = parts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| p.as_str());
            if xlsx_sheet_has_merges(path, part) {
                g.merged = book
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(region_of)
                    .collect();
            }
            Ok::<_, calamine::XlsxError>(g)
        },
        "save the workbook again from Excel or LibreOffice as .xlsx",
        want,
    );
    choose(
        Format::Xlsx,
        grids,
        marker,
        diagnostics,
        named.as_deref(),
        want,
    )
}

/// Reads one xlsx sheet in a single pass: values and formula presence together. With
/// `want`, a sheet without its header row in the first rows is left unread.
pub(super) fn xlsx_grid<RS: std::io::Read + std::io::Seek>(
    book: &mut Xlsx<RS>,
    name: &str,
    is_1904: bool,
    want: Option<&Wanted>,
) -> Result<Grid, calamine::XlsxError> {
    let mut grid = Grid::new(GridKind::Sheet, name);
    grid.is_1904 = is_1904;
    {
        let mut cells = book.worksheet_cells_reader(name)?;
        let mut header_checked = false;
        while let Some(cell) = cells.next_cell_with_formula_metadata()? {
            let (r, c) = (cell.pos.0 as usize, cell.pos.1 as usize);
            if let Some(want) = want
                && !header_checked
                && r >= HEADER_SEARCH_ROWS
            {
                // The header row is among the first rows: a sheet without one is not the
                // sheet sought, and reading the rest of it would only use memory.
                header_checked = true;
                if !(want.has_header)(&grid) {
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
