//! Reading and validating chronology returns in every format, with every kind of problem.
//! Fixtures are written here: xlsx with rust_xlsxwriter, CSV by hand, Word tables as a
//! minimal .docx package with zip.

use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
use scrkit::chronology::{
    self, AgencyEvidence, Certainty, Context, Format as ReturnFormat, Return, Scope,
};
use scrkit::diagnostic::{Diagnostic, Location, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn ctx() -> Context<'static> {
    Context {
        today: d(2026, 11, 25),
        scope: Scope {
            from: Some(d(2015, 3, 1)),
            to: Some(d(2016, 2, 14)),
        },
        case: None,
    }
}

fn sample_case() -> scrkit::case::Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    scrkit::case::load(&path)
        .case
        .expect("the sample case loads")
}

/// The diagnostic at a cell, by row and column letter.
fn at<'a>(r: &'a Return, row: u32, col: &str) -> Vec<&'a Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| match &d.location {
            Location::Cell {
                row: rr, column, ..
            } => *rr == row && column == col,
            _ => false,
        })
        .collect()
}

fn has(r: &Return, row: u32, col: &str, sev: Severity, text: &str) -> bool {
    at(r, row, col)
        .iter()
        .any(|d| d.severity == sev && d.message.contains(text))
}

fn dump(r: &Return) -> String {
    r.diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// A return with its header on row 3 under a merged title, aliases, an extra column, and
/// dates in every cell form.
fn xlsx_with_every_cell_form() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Our chronology").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("hh:mm");
    ws.merge_range(0, 0, 0, 6, "Chronology: Northbrook Police", &Format::new())
        .unwrap();
    let headers = [
        "Entry no",
        "Date of contact",
        "Time",
        "Date certainty",
        "Agency name",
        "Details of event",
        "Outcome",
        "Officer collar no",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    // Row 4: a date cell and a time cell; the Ref is a number and stays a number string.
    ws.write_number(3, 0, 12).unwrap();
    ws.write_datetime_with_format(3, 1, ExcelDateTime::from_ymd(2015, 4, 16).unwrap(), &date)
        .unwrap();
    ws.write_datetime_with_format(3, 2, ExcelDateTime::from_hms(23, 40, 0).unwrap(), &time)
        .unwrap();
    ws.write_string(3, 4, "Northbrook Police").unwrap();
    ws.write_string(3, 5, "Domestic incident at the family home")
        .unwrap();
    ws.write_string(3, 6, "Mother's partner arrested").unwrap();
    ws.write_number(3, 7, 4471).unwrap();
    // Row 5: an Excel serial typed as a plain number in the date column; time as 1405.
    ws.write_number(4, 1, 42146).unwrap();
    ws.write_number(4, 2, 1405).unwrap();
    ws.write_string(4, 4, "Northbrook Police").unwrap();
    ws.write_string(4, 5, "Welfare check").unwrap();
    // Row 6: text date in words, approximate, time as text.
    ws.write_string(5, 1, "c. 3rd June 2015").unwrap();
    ws.write_string(5, 2, "14:05").unwrap();
    ws.write_string(5, 4, "Northbrook Police").unwrap();
    ws.write_string(5, 5, "Information shared with CSC")
        .unwrap();
    // Row 7: month only through the certainty column.
    ws.write_string(6, 1, "01/07/2015").unwrap();
    ws.write_string(6, 3, "Month only").unwrap();
    ws.write_string(6, 4, "Northbrook Police").unwrap();
    ws.write_string(6, 5, "Neighbour complaints logged")
        .unwrap();
    // Row 8: blank but for the agency (pre-filled): skipped silently.
    ws.write_string(7, 4, "Northbrook Police").unwrap();
    // Row 9: two-digit year and a date-time text.
    ws.write_string(8, 1, "22.05.15 09:30").unwrap();
    ws.write_string(8, 4, "Northbrook Police").unwrap();
    ws.write_string(8, 5, "Call from school").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_cells_are_read_by_their_column() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "police.xlsx", &xlsx_with_every_cell_form());
    let r = chronology::read_return(&p, &ctx());
    assert_eq!(r.format, ReturnFormat::Xlsx);
    assert_eq!(r.sheet.as_deref(), Some("Our chronology"));
    assert_eq!(r.errors(), 0, "{}", dump(&r));
    // The merged title above the header is not a problem.
    assert!(r.diagnostics.is_empty(), "{}", dump(&r));
    assert_eq!(r.entries.len(), 5);
    let e = &r.entries;
    assert_eq!(e[0].row, 4);
    assert_eq!(e[0].reference, "12");
    assert_eq!(e[0].date.date, d(2015, 4, 16));
    assert_eq!(e[0].time, NaiveTime::from_hms_opt(23, 40, 0));
    assert_eq!(e[0].agency, "Northbrook Police");
    assert_eq!(e[0].outcome, "Mother's partner arrested");
    assert_eq!(
        e[0].extra,
        vec![("Officer collar no".to_string(), "4471".to_string())]
    );
    assert_eq!(e[1].date.date, d(2015, 5, 22));
    assert_eq!(e[1].time, NaiveTime::from_hms_opt(14, 5, 0));
    assert_eq!(e[2].date.date, d(2015, 6, 3));
    assert_eq!(e[2].date.certainty, Certainty::Approximate);
    assert_eq!(e[2].date.display(), "c. 3 June 2015");
    assert_eq!(e[3].date.certainty, Certainty::MonthOnly);
    assert_eq!(e[3].date.display(), "July 2015");
    assert_eq!(e[4].row, 9);
    assert_eq!(e[4].date.date, d(2015, 5, 22));
    assert_eq!(e[4].time, NaiveTime::from_hms_opt(9, 30, 0));
    let a = r.agency.as_ref().unwrap();
    assert_eq!(a.name, "Northbrook Police");
    assert_eq!(a.evidence, AgencyEvidence::AgencyColumn);
}

/// A return with one example of every problem kind.
fn xlsx_with_every_problem() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Chronology").unwrap();
    let headers = [
        "Date",
        "Time",
        "Date certainty",
        "End date",
        "Agency",
        "Source",
        "Event / contact",
        "Action taken / outcome",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let row = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, date: &str, event: &str| {
        if !date.is_empty() {
            ws.write_string(r, 0, date).unwrap();
        }
        ws.write_string(r, 4, "Northbrook Children's Social Care")
            .unwrap();
        if !event.is_empty() {
            ws.write_string(r, 6, event).unwrap();
        }
    };
    row(ws, 1, "", "Blank date"); // row 2: blank mandatory date
    row(ws, 2, "31/02/2015", "Impossible date"); // row 3
    row(ws, 3, "10/04/2015", ""); // row 4: blank event
    row(ws, 4, "01/01/2031", "Future date"); // row 5
    row(ws, 5, "01/01/2014", "Relevant history"); // row 6: outside scope (warning)
    row(ws, 6, "12/05/2015", "Bad time"); // row 7
    ws.write_string(6, 1, "25:70").unwrap();
    row(ws, 7, "12/05/2015", "Bad certainty"); // row 8
    ws.write_string(7, 2, "probably").unwrap();
    row(ws, 8, "12/05/2015", "End before start"); // row 9
    ws.write_string(8, 3, "01/05/2015").unwrap();
    // Row 10: neither agency nor source.
    ws.write_string(9, 0, "13/05/2015").unwrap();
    ws.write_string(9, 6, "Who recorded this?").unwrap();
    // Rows 11-12: a merged event cell.
    row(ws, 10, "14/05/2015", "");
    row(ws, 11, "15/05/2015", "");
    ws.merge_range(10, 6, 11, 6, "One event over two rows", &Format::new())
        .unwrap();
    // Row 13: a formula with a saved value (warning); row 14: a formula showing #REF!.
    row(ws, 12, "16/05/2015", "");
    ws.write_formula(12, 6, Formula::new("=\"Visit\"").set_result("Visit"))
        .unwrap();
    row(ws, 13, "17/05/2015", "");
    ws.write_formula(13, 6, Formula::new("=Sheet9!A1").set_result("#REF!"))
        .unwrap();
    // Row 15: a date written as a year only, as a number.
    row(ws, 14, "", "Year only");
    ws.write_number(14, 0, 2015).unwrap();
    // Row 16: ambiguous text.
    row(ws, 15, "May 15", "Ambiguous month");
    // Row 17: blank row (spaces only): skipped silently.
    ws.write_string(16, 6, "   ").unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn every_problem_kind_is_reported_at_its_cell_all_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "csc.xlsx", &xlsx_with_every_problem());
    let r = chronology::read_return(&p, &ctx());
    let text = dump(&r);
    use Severity::{Error, Warning};
    assert!(has(&r, 2, "A", Error, "Date is blank"), "{text}");
    assert!(
        has(&r, 3, "A", Error, "February 2015 has no day 31"),
        "{text}"
    );
    assert!(has(&r, 4, "G", Error, "Event is blank"), "{text}");
    assert!(has(&r, 5, "A", Error, "in the future"), "{text}");
    assert!(
        has(&r, 6, "A", Warning, "before the review's scope"),
        "{text}"
    );
    assert!(has(&r, 7, "B", Error, "impossible time"), "{text}");
    assert!(has(&r, 8, "C", Error, "date certainty"), "{text}");
    assert!(has(&r, 9, "D", Error, "end date is before"), "{text}");
    assert!(
        has(&r, 10, "E", Error, "neither Agency nor Source"),
        "{text}"
    );
    assert!(has(&r, 11, "G", Error, "G11:G12 are merged"), "{text}");
    assert!(has(&r, 13, "G", Warning, "formula"), "{text}");
    assert!(has(&r, 14, "G", Error, "spreadsheet error #REF!"), "{text}");
    assert!(has(&r, 15, "A", Error, "ambiguous date"), "{text}");
    assert!(has(&r, 16, "A", Error, "ambiguous date"), "{text}");
    // Each problem says what to do and where, with the header.
    for d in &r.diagnostics {
        assert!(d.help.is_some(), "no help: {d}");
        assert_eq!(d.file.as_deref(), Some(p.as_path()));
    }
    let d = &at(&r, 3, "A")[0];
    assert_eq!(d.value.as_deref(), Some("31/02/2015"));
    assert!(
        matches!(&d.location, Location::Cell { header: Some(h), sheet, .. } if h == "Date" && sheet == "Chronology")
    );
    // The merged value is filled down, so row 12 is not also "blank event".
    assert!(!has(&r, 12, "G", Error, "Event is blank"), "{text}");
    // Kept: the history row (warning only) and the formula row with a value.
    let kept: Vec<u32> = r.entries.iter().map(|e| e.row).collect();
    assert_eq!(kept, vec![6, 13]);
    assert_eq!(r.entries[1].event, "Visit");
    // Every other non-blank row is excluded with its reasons.
    let excluded: Vec<u32> = r.excluded.iter().map(|x| x.row).collect();
    assert_eq!(excluded, vec![2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 14, 15, 16]);
    assert!(r.excluded.iter().all(|x| !x.reasons.is_empty()));
    assert_eq!(r.rows_read, 15);
}

#[test]
fn a_missing_mandatory_column_is_one_error_and_every_row_is_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(
        tmp.path(),
        "school.csv",
        b"Date,Time,Subject,Notes\n01/04/2015,,Child A,x\n02/04/2015,,Child A,y\n",
    );
    let r = chronology::read_return(&p, &ctx());
    // Date, Time and Subject make it a header row; Event and Agency/Source are missing.
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("Event / contact is missing")),
        "{}",
        dump(&r)
    );
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("Agency (or Source) is missing")),
        "{}",
        dump(&r)
    );
    assert_eq!(r.entries.len(), 0);
    assert_eq!(r.excluded.len(), 2);
    assert!(r.is_unusable());
}

#[test]
fn a_file_without_a_header_row_says_what_it_expected() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "x.csv", b"a,b\n1,2\n");
    let r = chronology::read_return(&p, &ctx());
    assert_eq!(r.errors(), 1);
    assert!(
        r.diagnostics[0]
            .message
            .contains("no recognisable header row")
    );
    assert!(r.diagnostics[0].help.as_ref().unwrap().contains("Date"));
    let p = write(tmp.path(), "x.pdf", b"%PDF");
    let r = chronology::read_return(&p, &ctx());
    assert!(r.diagnostics[0].message.contains("not a chronology return"));
    let p = write(tmp.path(), "broken.xlsx", b"not a zip");
    let r = chronology::read_return(&p, &ctx());
    assert!(
        r.diagnostics[0].message.contains("is not a spreadsheet"),
        "{}",
        r.diagnostics[0]
    );
}

#[test]
fn csv_encodings_and_delimiters() {
    let tmp = tempfile::tempdir().unwrap();
    // UTF-8 with BOM, semicolons.
    let p = write(
        tmp.path(),
        "gp.csv",
        "\u{FEFF}Date;Agency;Event\n22/05/2015;Elm Street Surgery;Seen by GP: bruise \u{2013} explained\n"
            .as_bytes(),
    );
    let r = chronology::read_return(&p, &ctx());
    assert!(r.diagnostics.is_empty(), "{}", dump(&r));
    assert_eq!(r.entries[0].event, "Seen by GP: bruise \u{2013} explained");
    assert_eq!(r.entries[0].row, 2);
    // UTF-16 LE with BOM, tabs.
    let text = "Date\tAgency\tEvent\n22/05/2015\tElm Street Surgery\tCafé visit\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let p = write(tmp.path(), "gp16.csv", &bytes);
    let r = chronology::read_return(&p, &ctx());
    assert!(r.diagnostics.is_empty(), "{}", dump(&r));
    assert_eq!(r.entries[0].event, "Café visit");
    // Windows-1252: read, with a warning naming the encoding.
    let p = write(
        tmp.path(),
        "gp1252.csv",
        b"Date,Agency,Event\n22/05/2015,Elm Street Surgery,Caf\xE9 \xA35 voucher\n",
    );
    let r = chronology::read_return(&p, &ctx());
    assert_eq!(r.entries[0].event, "Café £5 voucher");
    assert_eq!(r.errors(), 0);
    assert!(
        r.diagnostics[0].message.contains("Windows-1252"),
        "{}",
        dump(&r)
    );
}

fn docx(document_xml: &str) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("[Content_Types].xml", o).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).unwrap();
        z.start_file("_rels/.rels", o).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).unwrap();
        z.start_file("word/document.xml", o).unwrap();
        z.write_all(document_xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn tc(text: &str, props: &str) -> String {
    let runs: String = text
        .split('\n')
        .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
        .collect();
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{runs}</w:tc>")
}

fn tr(cells: &[String], props: &str) -> String {
    format!("<w:tr><w:trPr>{props}</w:trPr>{}</w:tr>", cells.concat())
}

#[test]
fn a_word_table_return_is_read_with_merged_cells_handled() {
    let header = tr(
        &[
            tc("Date", ""),
            tc("Agency", ""),
            tc("Details of event", ""),
            tc("Outcome", ""),
        ],
        "<w:tblHeader/>",
    );
    let body = [
        // A heading row spanning the table.
        tr(&[tc("2015", "<w:gridSpan w:val=\"4\"/>")], ""),
        tr(
            &[
                tc("16/04/2015", "<w:vMerge w:val=\"restart\"/>"),
                tc("Health Visiting", ""),
                tc("Home visit &amp; weighing\nNo concerns", ""),
                tc("", ""),
            ],
            "",
        ),
        // The date continues from the row above.
        tr(
            &[
                tc("", "<w:vMerge/>"),
                tc("Health Visiting", ""),
                tc("Phone call to Mother", ""),
                tc("Advice given", ""),
            ],
            "",
        ),
        // The header repeated (as Word does on a new page).
        header.clone(),
        tr(
            &[
                tc("3.6.15", ""),
                tc("Health Visiting", ""),
                tc("Missed appointment", ""),
                tc("Letter sent", ""),
            ],
            "",
        ),
    ];
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Chronology</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Not it</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:tbl>{header}{}</w:tbl></w:body></w:document>"#,
        body.concat()
    );
    let tmp = tempfile::tempdir().unwrap();
    let p = write(tmp.path(), "health-visiting.docx", &docx(&xml));
    let r = chronology::read_return(&p, &ctx());
    assert_eq!(r.format, ReturnFormat::Docx);
    assert_eq!(r.sheet.as_deref(), Some("table 2"));
    assert_eq!(r.errors(), 0, "{}", dump(&r));
    assert_eq!(r.entries.len(), 3, "{}", dump(&r));
    assert_eq!(r.entries[0].event, "Home visit & weighing\nNo concerns");
    assert_eq!(r.entries[1].date.date, d(2015, 4, 16));
    assert_eq!(r.entries[1].outcome, "Advice given");
    assert_eq!(r.entries[2].date.date, d(2015, 6, 3));
    // The heading row and the vertical merge are both told, as warnings, at their table cell.
    let warnings: Vec<String> = r.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        warnings.iter().any(|m| m.contains("heading")),
        "{warnings:?}"
    );
    assert!(
        warnings.iter().any(|m| m.contains("merged down")),
        "{warnings:?}"
    );
    assert!(r.diagnostics.iter().all(|d| matches!(
        d.location,
        Location::Docx { table: Some(t), .. } if t.table == 2
    )));
}

#[test]
fn a_return_is_matched_to_the_case_agency() {
    let case = sample_case();
    let cx = Context::for_case(&case, d(2026, 11, 25));
    let tmp = tempfile::tempdir().unwrap();
    // By the Agency column.
    let p = write(
        tmp.path(),
        "return-1.csv",
        b"Date,Agency,Event\n22/05/2015,Northbrook Homes,Repair visit\n",
    );
    let r = chronology::read_return(&p, &cx);
    let a = r.agency.as_ref().unwrap();
    assert_eq!(a.id.as_deref(), Some("housing"));
    assert_eq!(a.evidence, AgencyEvidence::AgencyColumn);
    // By the file name when only Source is filled.
    let p = write(
        tmp.path(),
        "school.csv",
        b"Date,Source,Event\n22/05/2015,SIMS,Attendance meeting\n",
    );
    let r = chronology::read_return(&p, &cx);
    assert_eq!(r.agency.as_ref().unwrap().id.as_deref(), Some("school"));
    assert_eq!(r.errors(), 0, "{}", dump(&r));
    // An agency the case does not have.
    let p = write(
        tmp.path(),
        "other.csv",
        b"Date,Agency,Event\n22/05/2015,Westmouth Probation,Supervision\n",
    );
    let r = chronology::read_return(&p, &cx);
    assert!(r.agency.is_none());
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("not an agency of the case")),
        "{}",
        dump(&r)
    );
}

#[test]
fn the_blank_workbook_comes_back_matched_by_its_hidden_sheet() {
    let case = sample_case();
    let cx = Context::for_case(&case, d(2026, 11, 25));
    let tmp = tempfile::tempdir().unwrap();
    let bytes = chronology::workbook::blank(&case, "gp").unwrap();
    let p = write(tmp.path(), "anything.xlsx", &bytes);
    let r = chronology::read_return(&p, &cx);
    assert_eq!(r.errors(), 0, "{}", dump(&r));
    assert_eq!(r.sheet.as_deref(), Some("Chronology"));
    assert_eq!(r.entries.len(), 0, "pre-filled agency cells are blank rows");
    let a = r.agency.as_ref().unwrap();
    assert_eq!(a.id.as_deref(), Some("gp"));
    assert_eq!(a.evidence, AgencyEvidence::Workbook);
    let m = r.marker.as_ref().unwrap();
    assert_eq!(m.review_reference, "SCR-2016-03");
    // The same workbook checked against another review is refused.
    let mut other = case.clone();
    other.review.reference = "SCR-2019-01".into();
    let r = chronology::read_return(&p, &Context::for_case(&other, d(2026, 11, 25)));
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("made for review SCR-2016-03")),
        "{}",
        dump(&r)
    );
    // And against a case without that agency.
    let mut other = case.clone();
    other.agencies.retain(|a| a.id != "gp");
    let r = chronology::read_return(&p, &Context::for_case(&other, d(2026, 11, 25)));
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("not an agency of the case")),
        "{}",
        dump(&r)
    );
}

#[test]
fn month_first_files_make_swappable_dates_ambiguous() {
    let tmp = tempfile::tempdir().unwrap();
    let p = write(
        tmp.path(),
        "us.csv",
        b"Date,Agency,Event\n05/22/2015,Police,A\n03/06/2015,Police,B\n06/06/2015,Police,C\n",
    );
    let r = chronology::read_return(&p, &ctx());
    assert!(
        has(&r, 2, "A", Severity::Error, "no month 22"),
        "{}",
        dump(&r)
    );
    assert!(
        has(
            &r,
            3,
            "A",
            Severity::Error,
            "could be 3 June 2015 or 6 March 2015"
        ),
        "{}",
        dump(&r)
    );
    // The same day and month either way round is not ambiguous.
    assert_eq!(r.entries.len(), 1);
    assert_eq!(r.entries[0].date.date, d(2015, 6, 6));
}

#[test]
fn check_keeps_the_order_and_flags_two_returns_for_one_agency() {
    let case = sample_case();
    let cx = Context::for_case(&case, d(2026, 11, 25));
    let tmp = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for name in ["police.csv", "csc.csv", "police-2.csv"] {
        let agency = if name.starts_with("police") {
            "Northbrook Police"
        } else {
            "Northbrook Children's Social Care"
        };
        paths.push(write(
            tmp.path(),
            name,
            format!("Date,Agency,Event\n22/05/2015,{agency},x\n").as_bytes(),
        ));
    }
    let seen = std::sync::atomic::AtomicUsize::new(0);
    let checked = chronology::check(&paths, &cx, &|n| {
        seen.fetch_max(n, std::sync::atomic::Ordering::Relaxed);
    });
    assert_eq!(seen.into_inner(), 3);
    let order: Vec<&Path> = checked.returns.iter().map(|r| r.path.as_path()).collect();
    assert_eq!(
        order,
        paths.iter().map(PathBuf::as_path).collect::<Vec<_>>()
    );
    assert_eq!(checked.errors(), 0);
    assert_eq!(checked.warnings(), 1);
    assert!(
        checked.diagnostics[0]
            .message
            .contains("second return for Northbrook Police")
    );
}

fn zip_text(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_blank_workbook_has_what_an_agency_needs() {
    let case = sample_case();
    let bytes = chronology::workbook::blank(&case, "police").unwrap();
    let book = zip_text(&bytes, "xl/workbook.xml");
    assert!(book.contains(r#"name="Instructions""#));
    assert!(book.contains(r#"name="Chronology""#));
    assert!(
        book.contains(r#"name="scrkit" sheetId="3" state="hidden""#),
        "{book}"
    );
    let strings = zip_text(&bytes, "xl/sharedStrings.xml");
    for s in [
        "1 March 2015 to 14 February 2016",
        "22 April 2016",
        "Northbrook Police",
        "SCR-2016-03",
        "lscb.reviews@northbrook-lscb.example",
    ] {
        assert!(strings.contains(s), "{s} missing");
    }
    let sheet = zip_text(&bytes, "xl/worksheets/sheet2.xml");
    // Header frozen and locked (the sheet is protected; data cells are unlocked).
    assert!(sheet.contains(r#"ySplit="1""#));
    assert!(sheet.contains("<sheetProtection"));
    // Dates validated within the scope (serials of 1 March 2015 and 14 February 2016), with
    // a warning rather than a refusal; times validated; drop-downs.
    assert!(
        sheet.contains(r#"type="date" errorStyle="warning""#),
        "{sheet}"
    );
    assert!(sheet.contains("<formula1>42064</formula1><formula2>42414</formula2>"));
    assert!(sheet.contains(r#"type="time""#));
    assert!(sheet.contains("\"Exact,Approximate,Month only\""));
    assert!(
        sheet.contains(
            "\"Child A,Mother,Mother's partner,Sibling 1,Father,Maternal grandmother,Family\""
        ),
        "{sheet}"
    );
    // The agency's name is not typed into a thousand rows (they printed as 27 pages): the
    // hidden sheet names the agency; only the header row has cells.
    let headers: Vec<&str> = chronology::Column::ALL.iter().map(|c| c.header()).collect();
    assert_eq!(headers[5], "Agency");
    assert_eq!(sheet.matches(r#"<c r="F"#).count(), 1);
    assert_eq!(sheet.matches("<row ").count(), 1, "{sheet}");
    // It prints: landscape, one page wide, the header on every page, the agreed columns.
    assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
    assert!(sheet.contains(r#"orientation="landscape""#) && sheet.contains(r#"fitToHeight="0""#));
    assert!(book.contains("Chronology!$A:$L"), "{book}");
    assert!(book.contains("Chronology!$1:$1"), "{book}");
    // The instructions print one page wide, each wrapped line in a row tall enough for it,
    // and never tell an agency to run a command.
    let instructions = zip_text(&bytes, "xl/worksheets/sheet1.xml");
    assert!(instructions.contains(r#"<pageSetUpPr fitToPage="1"/>"#));
    assert!(book.contains("Instructions!$A$1:$B$"), "{book}");
    assert!(
        instructions.matches(r#"customHeight="1""#).count() >= 20,
        "{instructions}"
    );
    assert!(
        !strings.contains("scr ") && !strings.contains('`'),
        "{strings}"
    );
    assert!(chronology::workbook::blank(&case, "nobody").is_err());
}

/// A row of the blank workbook with no Agency (or Source) is the marked agency's: the
/// workbook is no longer pre-filled row by row.
#[test]
fn a_row_of_the_blank_workbook_needs_no_agency() {
    let case = sample_case();
    let cx = Context::for_case(&case, d(2026, 11, 25));
    let tmp = tempfile::tempdir().unwrap();
    let entry = chronology::Entry {
        date: chronology::EntryDate::exact(d(2015, 6, 1)),
        time: None,
        end_date: None,
        reference: String::new(),
        agency: String::new(),
        source: String::new(),
        practitioner_role: String::new(),
        subject: String::new(),
        event: "Home visit.".into(),
        outcome: String::new(),
        comment: String::new(),
        extra: Vec::new(),
        row: 2,
    };
    let bytes = chronology::workbook::filled(&case, "police", &[entry]).unwrap();
    let p = write(tmp.path(), "police-return.xlsx", &bytes);
    let r = chronology::read_return(&p, &cx);
    assert_eq!(r.errors(), 0, "{}", dump(&r));
    assert_eq!(r.entries.len(), 1);
    assert_eq!(r.agency_of(&r.entries[0]), "Northbrook Police");
    // Without the marker, a row still needs one or the other.
    let p = write(
        tmp.path(),
        "plain.csv",
        b"Date,Agency,Source,Event\n01/06/2015,,,Home visit.\n",
    );
    let r = chronology::read_return(&p, &cx);
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.message.contains("neither Agency nor Source")),
        "{}",
        dump(&r)
    );
}
