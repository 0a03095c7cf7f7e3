//! Excel's non-existent 29 February 1900 (serial 60 in the 1900 date system, issue #19 defect
//! 11) is reported as the impossible date it is, never silently read as 28 February 1900; the
//! days before it are read as Excel shows them.

use rust_xlsxwriter::{Format, Workbook};
use std::process::Command;

#[test]
fn a_date_cell_of_29_february_1900_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("police.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Chronology").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, h) in ["Date", "Agency", "Event / contact"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number_with_format(1, 0, 60.0, &date).unwrap();
    sheet.write_string(1, 1, "Police").unwrap();
    sheet.write_string(1, 2, "Visit").unwrap();
    book.save(&path).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["chronology", "check", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("row 2, column A (Date)"), "{text}");
    assert!(text.contains("29/02/1900"), "{text}");
    assert!(!text.contains("28/02/1900"), "{text}");
}

#[test]
fn serials_around_excels_leap_day_are_read_as_excel_shows_them() {
    use scrkit::case::workbook::serial_to_date;
    let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(serial_to_date(1.0), d(1900, 1, 1));
    assert_eq!(serial_to_date(59.0), d(1900, 2, 28));
    assert_eq!(serial_to_date(60.0), None);
    assert_eq!(serial_to_date(61.0), d(1900, 3, 1));
    assert_eq!(serial_to_date(42146.0), d(2015, 5, 22));
}
