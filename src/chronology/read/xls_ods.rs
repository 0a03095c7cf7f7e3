//! Excel 97-2003 (.xls) and OpenDocument (.ods) workbooks, through calamine; ODS repeat
//! counts are summed before calamine expands them, and ODS merged regions read by hand.

use super::grid::{Grid, GridKind, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_BYTES, Region};
use super::spreadsheet::{
    MARKER_SHEET, attr, attr_num, candidate_sheets, data_value, first_with_header,
    marker_from_rows, range_texts, region_of, sheet_list,
};
use super::{Format, Found, Wanted, cannot_open, choose};
use crate::chronology::columns::HEADER_SEARCH_ROWS;
use crate::diagnostic::{Diagnostic, Location};
use calamine::{Data, Ods, Range, Reader, Xls, open_workbook};
use quick_xml::events::Event;
use std::io::{BufReader, Read};
use std::path::Path;

/// A calamine range as a grid; with `chronology`, a sheet without a chronology's header row
/// in its first rows is left unread.
pub(super) fn grid_from_range(
    name: &str,
    range: &Range<Data>,
    formulas: Option<Range<String>>,
    merged: Vec<Region>,
    is_1904: bool,
    want: Option<&Wanted>,
) -> Grid {
    let mut grid = Grid::new(GridKind::Sheet, name);
    grid.is_1904 = is_1904;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut header_checked = false;
    for (r, c, d) in range.used_cells() {
        let (r, c) = (r + r0 as usize, c + c0 as usize);
        if let Some(want) = want
            && !header_checked
            && r >= HEADER_SEARCH_ROWS
        {
            header_checked = true;
            if !(want.has_header)(&grid) {
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

/// Reads an .xls return.
pub(super) fn read_xls(path: &Path, want: &Wanted) -> Found {
    read_calamine(path, Format::Xls, want)
}

/// Reads an .ods return, once its repeat counts are known to stay within the limits.
pub(super) fn read_ods(path: &Path, want: &Wanted) -> Found {
    if let Err(d) = ods_within_limits(path) {
        return Found::failed(Format::Ods, *d);
    }
    read_calamine(path, Format::Ods, want)
}

fn read_calamine(path: &Path, format: Format, want: &Wanted) -> Found {
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
            let sniffed = crate::input::sniff_file(path);
            let known = matches!(format, Format::Xls) && sniffed == crate::input::Sniffed::Compound;
            return Found::failed(
                format,
                crate::input::not_a_package(sniffed, "spreadsheet")
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
    let (grids, diagnostics) = first_with_header(
        candidates,
        |name| range_of(name).map(|(r, f, m)| grid_from_range(name, &r, f, m, is_1904, Some(want))),
        "save the workbook again as .xlsx",
        want,
    );
    choose(format, grids, marker, diagnostics, named.as_deref(), want)
}

/// Refuses an ODS file whose sheets declare more cells with content than a grid may hold
/// ([`MAX_CELLS`]), before calamine expands its repeated rows and columns into memory: a few
/// bytes of `table:number-rows-repeated` can stand for billions of cells.
pub(super) fn ods_within_limits(path: &Path) -> Result<(), Box<Diagnostic>> {
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
