//! Writes the return used by `scripts/interop-chronology` to check that problems survive a
//! conversion to .xls and .ods by LibreOffice: merged cells, a formula, an impossible date, a
//! month-only date and a time cell, at known cells.
//!
//! `cargo run --example chronology_interop_fixtures -- DIR`

use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{Format, Formula, Workbook};
use std::path::{Path, PathBuf};

fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Chronology").expect("name");
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm");
    for (c, h) in ["Date", "Time", "Agency", "Event / contact"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).expect("write");
    }
    let d = |s: &str| NaiveDate::parse_from_str(s, "%d/%m/%Y").expect("valid");
    // Row 2: a clean entry with a date cell and a time cell.
    ws.write_datetime_with_format(1, 0, d("16/04/2015"), &date)
        .expect("write");
    ws.write_datetime_with_format(
        1,
        1,
        NaiveTime::from_hms_opt(8, 30, 0).expect("valid"),
        &time,
    )
    .expect("write");
    ws.write_string(1, 2, "Northbrook Police").expect("write");
    ws.write_string(1, 3, "Domestic incident attended")
        .expect("write");
    // Row 3: an impossible date typed as text.
    ws.write_string(2, 0, "31/02/2015").expect("write");
    ws.write_string(2, 2, "Northbrook Police").expect("write");
    ws.write_string(2, 3, "Statement taken").expect("write");
    // Rows 4-5: the event merged over two rows.
    for r in [3u32, 4] {
        ws.write_datetime_with_format(r, 0, d("20/04/2015"), &date)
            .expect("write");
        ws.write_string(r, 2, "Northbrook Police").expect("write");
    }
    ws.merge_range(3, 3, 4, 3, "Welfare visit", &Format::new())
        .expect("merge");
    // Row 6: a formula in the event column, with its value.
    ws.write_datetime_with_format(5, 0, d("21/04/2015"), &date)
        .expect("write");
    ws.write_string(5, 2, "Northbrook Police").expect("write");
    ws.write_formula(
        5,
        3,
        Formula::new("=\"Phone call\"").set_result("Phone call"),
    )
    .expect("write");
    // Row 7: a month-only date.
    ws.write_string(6, 0, "May 2015").expect("write");
    ws.write_string(6, 2, "Northbrook Police").expect("write");
    ws.write_string(6, 3, "Letter sent").expect("write");
    let bytes = wb.save_to_buffer().expect("builds");
    let p = dir.join("interop-problems.xlsx");
    scrkit::output::create_private_dir(&dir).expect("folder");
    scrkit::output::write_file(
        Path::new(&p),
        &bytes,
        &scrkit::output::WritePolicy::new(true, []),
    )
    .expect("written");
    println!("{}", p.display());
}
