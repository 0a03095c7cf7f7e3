//! Editing a workbook in a test as a person in Excel would: shared by the tests of action
//! trackers sent back (`tests/actions.rs`) and accepted through `scr serve`
//! (`tests/serve_returns.rs`).
#![allow(dead_code)]

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{Format, Workbook};
use std::path::{Path, PathBuf};

/// Rewrites a workbook as a person editing it would leave it: every sheet (hidden ones
/// included) copied cell by cell, with `edits` (sheet, row from 1, column header, new text).
pub(crate) fn rewrite(path: &Path, edits: &[(&str, u32, &str, &str)], dir: &Path) -> PathBuf {
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let names = book.sheet_names();
    for name in &names {
        let range = book.worksheet_range(name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(name).unwrap();
        if name.starts_with("scrkit") {
            ws.set_hidden(true);
        }
        let header: Vec<String> = range
            .rows()
            .next()
            .map(|r| r.iter().map(|d| d.to_string()).collect())
            .unwrap_or_default();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (i, row) in range.rows().enumerate() {
            for (j, d) in row.iter().enumerate() {
                let (r, c) = (r0 + i as u32, (c0 as usize + j) as u16);
                match d {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(n) => {
                        ws.write_number(r, c, *n as f64).unwrap();
                    }
                    Data::DateTime(dt) => {
                        ws.write_number_with_format(r, c, dt.as_f64(), &date)
                            .unwrap();
                    }
                    other => {
                        ws.write_string(r, c, other.to_string()).unwrap();
                    }
                }
            }
        }
        for (sheet, row, col, text) in edits {
            if sheet != name {
                continue;
            }
            let j = header
                .iter()
                .position(|h| h == col)
                .unwrap_or_else(|| panic!("no column {col} in {header:?}"));
            ws.write_string(*row - 1, (c0 as usize + j) as u16, *text)
                .unwrap();
        }
    }
    let n = std::fs::read_dir(dir).unwrap().count();
    let file = dir.join(format!("edited-{n}.xlsx"));
    std::fs::write(&file, out.save_to_buffer().unwrap()).unwrap();
    file
}

/// Row of the tracker (as the spreadsheet numbers it) holding `action`.
pub(crate) fn row_of(tracker: &Path, action: &str) -> u32 {
    let mut book = open_workbook_auto(tracker).unwrap();
    let range = book.worksheet_range("Actions").unwrap();
    range
        .rows()
        .position(|r| r[0] == *action)
        .map(|i| i as u32 + 1)
        .unwrap()
}
