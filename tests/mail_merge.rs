//! `scr fill TEMPLATE --rows DATA -o DIR`: one document for each row, from JSON Lines, a JSON
//! array, CSV or a workbook sheet; all rows' problems at once; nothing written on a problem.

mod common;

use common::{Docx, assert_sound, body, p};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr"))
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn letter(dir: &Path) -> PathBuf {
    let docx = Docx::new(format!(
        "{}{}",
        p("Dear {{name}},"),
        p("Your reference is {{reference}}.")
    ))
    .build();
    write(dir, "letter.docx", docx)
}

fn fill(template: &Path, rows: &Path, out: &Path, extra: &[&str]) -> Output {
    scr()
        .arg("fill")
        .arg(template)
        .arg("--rows")
        .arg(rows)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The visible files of a folder, sorted (the folder's lock and staging leftovers aside).
fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn read(path: &Path) -> Vec<String> {
    body(&std::fs::read(path).unwrap())
}

#[test]
fn json_lines_give_one_document_per_row_named_by_the_pattern() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let rows = write(
        tmp.path(),
        "rows.jsonl",
        "{\"name\": \"DI Oyelaran\", \"reference\": \"NB-1\", \"agency\": \"Northbrook Police\"}\n\
         \n\
         {\"name\": \"Dr Price\", \"reference\": \"NB-2\", \"agency\": \"Children's Social Care\"}\n\
         {\"name\": \"Ms Ahmed\", \"reference\": \"NB-3\", \"agency\": \"northbrook police\"}\n",
    );
    let out = tmp.path().join("out");
    let o = fill(&t, &rows, &out, &["--name", "{{agency}}"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Safe names; a name met again (any case) made unique rather than overwritten.
    assert_eq!(
        files(&out),
        [
            "childrens-social-care.docx",
            "northbrook-police-2.docx",
            "northbrook-police.docx"
        ]
    );
    let first = std::fs::read(out.join("northbrook-police.docx")).unwrap();
    assert_sound(&first);
    assert_eq!(
        body(&first),
        ["Dear DI Oyelaran,", "Your reference is NB-1."]
    );
    assert_eq!(
        read(&out.join("northbrook-police-2.docx"))[0],
        "Dear Ms Ahmed,"
    );
    assert_eq!(
        read(&out.join("childrens-social-care.docx"))[1],
        "Your reference is NB-2."
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(out.join("northbrook-police.docx"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn a_csv_and_a_json_array_fill_the_same_way_with_numbered_names_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let csv = write(
        tmp.path(),
        "people.csv",
        "name,reference\nDI Oyelaran,NB-1\n,\nDr Price,NB-2\n",
    );
    let out = tmp.path().join("csv");
    let o = fill(&t, &csv, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Named by the template and the row's line; the blank line gives no document.
    assert_eq!(files(&out), ["letter-002.docx", "letter-004.docx"]);
    assert_eq!(read(&out.join("letter-004.docx"))[0], "Dear Dr Price,");

    let json = write(
        tmp.path(),
        "people.json",
        r#"[{"name": "DI Oyelaran", "reference": "NB-1"}, {"name": "Dr Price", "reference": 2}]"#,
    );
    let out = tmp.path().join("json");
    let o = fill(&t, &json, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(files(&out), ["letter-001.docx", "letter-002.docx"]);
    assert_eq!(
        read(&out.join("letter-002.docx"))[1],
        "Your reference is 2."
    );
}

#[test]
fn a_workbook_sheet_is_read_by_name_with_dates_and_numbers_as_values() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let tmp = tempfile::tempdir().unwrap();
    let docx = Docx::new(format!(
        "{}{}",
        p("Dear {{name}},"),
        p("Meeting on {{date meeting}}, item {{item}}.")
    ))
    .build();
    let t = write(tmp.path(), "invite.docx", docx);
    let mut book = Workbook::new();
    let first = book.add_worksheet().set_name("Notes").unwrap();
    first.write(0, 0, "not the rows").unwrap();
    let s = book.add_worksheet().set_name("Panel").unwrap();
    let fmt = Format::new().set_num_format("dd/mm/yyyy");
    s.write(0, 0, "name").unwrap();
    s.write(0, 1, "meeting").unwrap();
    s.write(0, 2, "item").unwrap();
    s.write(1, 0, "Ms Ahmed").unwrap();
    s.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2016, 5, 22).unwrap(), &fmt)
        .unwrap();
    s.write(1, 2, 3).unwrap();
    let xlsx = tmp.path().join("panel.xlsx");
    book.save(&xlsx).unwrap();

    let out = tmp.path().join("out");
    let o = fill(&t, &xlsx, &out, &["--sheet", "panel", "--name", "{{name}}"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        read(&out.join("ms-ahmed.docx")),
        ["Dear Ms Ahmed,", "Meeting on 22 May 2016, item 3."]
    );

    // A sheet that is not there: said so, with the sheets it has.
    let o = fill(&t, &xlsx, &tmp.path().join("x"), &["--sheet", "Panl"]);
    assert_eq!(o.status.code(), Some(1));
    let said = text(&o);
    assert!(
        said.contains("no sheet 'Panl'") && said.contains("did you mean 'Panel'"),
        "{said}"
    );
}

#[test]
fn every_rows_problems_are_reported_at_once_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let rows = write(
        tmp.path(),
        "rows.jsonl",
        "{\"name\": \"A\", \"reference\": \"1\"}\n\
         {\"name\": \"B\"}\n\
         {\"name\": \"C\"}\n\
         {\"name\": \"D\"}\n\
         {\"reference\": \"5\"}\n\
         {\"name\": \"F\"}\n",
    );
    let out = tmp.path().join("out");
    let o = fill(&t, &rows, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("lines 2-4, 6: the data has no value for \"reference\""),
        "{said}"
    );
    assert!(
        said.contains("line 5: the data has no value for \"name\""),
        "{said}"
    );
    assert!(said.contains("nothing was written"), "{said}");
    // Not even the output folder it made, nor a staging folder in it.
    assert!(!out.exists(), "{:?}", files(&out));

    // Bad lines of the data file itself: every one, by line.
    let bad = write(tmp.path(), "bad.jsonl", "{\"name\": 1}\n[1]\n{\"name\": \n");
    let o = fill(&t, &bad, &tmp.path().join("bad"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let said = text(&o);
    assert!(
        said.contains("line 2") && said.contains("not a list"),
        "{said}"
    );
    assert!(said.contains("line 3"), "{said}");
}

#[test]
fn nothing_is_overwritten_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let rows = write(tmp.path(), "rows.csv", "name,reference\nA,1\nB,2\n");
    let out = tmp.path().join("out");
    assert_eq!(fill(&t, &rows, &out, &[]).status.code(), Some(0));
    std::fs::write(out.join("letter-002.docx"), b"kept").unwrap();
    let o = fill(&t, &rows, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("letter-002.docx"), "{}", text(&o));
    assert_eq!(std::fs::read(out.join("letter-002.docx")).unwrap(), b"kept");
    let o = fill(&t, &rows, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(read(&out.join("letter-002.docx"))[0], "Dear A,");
}

#[test]
fn a_column_named_like_a_helper_is_not_silently_taken_for_the_helper() {
    let tmp = tempfile::tempdir().unwrap();
    let docx = Docx::new(format!("{}{}", p("{{name}} sent {{count}} items."), p("x"))).build();
    let t = write(tmp.path(), "t.docx", docx);
    let rows = write(tmp.path(), "rows.csv", "name,count\nPolice,4\n");
    let o = fill(&t, &rows, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("calls the helper \"count\"") && said.contains("{{this.count}}"),
        "{said}"
    );
    // Written as the help says, the column is read.
    let docx = Docx::new(format!(
        "{}{}",
        p("{{name}} sent {{this.count}} items."),
        p("x")
    ))
    .build();
    let t = write(tmp.path(), "t2.docx", docx);
    let o = fill(&t, &rows, &tmp.path().join("out2"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        read(&tmp.path().join("out2/t2-002.docx"))[0],
        "Police sent 4 items."
    );
}

#[test]
fn a_tag_naming_no_column_is_reported_once_with_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let rows = write(tmp.path(), "rows.csv", "name,refrence\nA,1\nB,2\nC,3\n");
    let o = fill(&t, &rows, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("names \"reference\", which is no column")
            && said.contains("did you mean \"refrence\""),
        "{said}"
    );
    assert_eq!(said.matches("which is no column").count(), 1, "{said}");
}

#[test]
fn headings_twice_and_values_without_heading_are_located() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let rows = write(
        tmp.path(),
        "rows.csv",
        "name,reference,Name,\nA,1,x,stray\n",
    );
    let o = fill(&t, &rows, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("row 1, column C") && said.contains("used twice"),
        "{said}"
    );
    assert!(
        said.contains("column D holds values but has no heading"),
        "{said}"
    );
}

#[test]
fn a_name_pattern_that_a_row_cannot_fill_is_reported_by_row() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let rows = write(
        tmp.path(),
        "rows.jsonl",
        "{\"name\": \"A\", \"reference\": \"1\", \"agency\": \"x\"}\n{\"name\": \"B\", \"reference\": \"2\"}\n",
    );
    let o = fill(
        &t,
        &rows,
        &tmp.path().join("out"),
        &["--name", "{{agency}}"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let said = text(&o);
    assert!(
        said.contains("line 2: the file name cannot be made: the row has no value for \"agency\""),
        "{said}"
    );
}

#[test]
fn many_rows_render_on_every_core_in_row_order() {
    let tmp = tempfile::tempdir().unwrap();
    let t = letter(tmp.path());
    let mut csv = String::from("name,reference\n");
    for i in 1..=120 {
        csv.push_str(&format!("Person {i},R-{i}\n"));
    }
    let rows = write(tmp.path(), "rows.csv", csv);
    let out = tmp.path().join("out");
    let o = fill(&t, &rows, &out, &["--name", "{{reference}}"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(files(&out).len(), 120);
    for i in [1, 57, 120] {
        assert_eq!(
            read(&out.join(format!("r-{i}.docx")))[0],
            format!("Dear Person {i},")
        );
    }
    // The list printed is in row order.
    let listed: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| {
            Path::new(l)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(listed[0], "r-1.docx");
    assert_eq!(listed[119], "r-120.docx");
}

#[test]
fn parts_without_tags_are_copied_as_they_are() {
    let tmp = tempfile::tempdir().unwrap();
    let mut d = Docx::new(p("Dear {{name}},"));
    d.footer = Some(p("Northbrook LSCB, confidential"));
    d.header = Some(p("Ref {{reference}}"));
    let template = d.build();
    let t = write(tmp.path(), "letter.docx", &template);
    let rows = write(tmp.path(), "rows.csv", "name,reference\nA,R-1\n");
    let out = tmp.path().join("out");
    let o = fill(&t, &rows, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let made = std::fs::read(out.join("letter-002.docx")).unwrap();
    assert_sound(&made);
    let part = |bytes: &[u8], name: &str| {
        scrkit::docx::Package::from_bytes(bytes.to_vec())
            .unwrap()
            .read_text(name)
            .unwrap()
    };
    assert_eq!(
        part(&made, "word/footer1.xml"),
        part(&template, "word/footer1.xml")
    );
    assert_eq!(common::paragraphs(&made, "word/header1.xml"), ["Ref R-1"]);
    assert_eq!(body(&made), ["Dear A,"]);
}
