//! Tables in a Word document (.docx), the habit of older returns.

use super::delimited::read_limited;
use super::grid::{CellValue, Grid, GridKind, MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Region};
use super::spreadsheet::{attr, attr_num};
use super::{Format, Found, Wanted, choose, package_limits};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Location;
use quick_xml::events::Event;
use std::collections::HashMap;
use std::path::Path;

/// One cell of a Word table while it is read.
#[derive(Default)]
struct WordCell {
    text: String,
    span: usize,
    /// `Some(true)` restarts a vertical merge, `Some(false)` continues one.
    vmerge: Option<bool>,
}

/// Reads a Word return: the first table with a header row.
pub(super) fn read(path: &Path, want: &Wanted) -> Found {
    match read_docx(path) {
        Ok(grids) => choose(Format::Docx, grids, None, Vec::new(), None, want),
        Err(d) => Found::failed(Format::Docx, *d),
    }
}

/// Reads every top-level table of a .docx body into grids (merged cells filled sensibly: a
/// cell continuing a vertical merge takes the value above; a cell spanning columns sits in
/// its first column).
pub(super) fn read_docx(path: &Path) -> Result<Vec<Grid>, Box<Diagnostic>> {
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

/// Reads the top-level tables of a `word/document.xml`. Fails on XML that is not well-formed,
/// with the byte offset where reading stopped.
///
/// Rows past [`MAX_ROWS`] and cells past [`MAX_COLUMNS`] are not kept (the grid reports
/// them), and the tables of one document together hold at most [`MAX_CELLS`] cells.
pub(super) fn docx_tables(xml_bytes: &[u8]) -> Result<Vec<Grid>, (quick_xml::Error, u64)> {
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
