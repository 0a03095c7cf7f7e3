//! A place in an agency's return is cited one way everywhere: "FILE, SHEET, row N" for a
//! workbook, "FILE, table N, row N" for a Word table, and "FILE, row N" for a CSV file, which
//! has no sheets (never the file's name standing in as a sheet). Read back from the merged
//! workbook, the problems report and the case file's learning chain.

use calamine::{Data, Reader, Xlsx, open_workbook};
use scrkit::case::{self, parse_row_citation};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample_returns() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("samples/returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// The merged workbook's rows as (file name, sheet, row) by its Provenance columns.
fn provenance_of(xlsx: &Path) -> Vec<(String, String, u32)> {
    let mut book: Xlsx<_> = open_workbook(xlsx).unwrap();
    let range = book.worksheet_range("Merged chronology").unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |h: &str| header.iter().position(|x| x == h).unwrap();
    let (f, s, r) = (
        col("Provenance file"),
        col("Provenance sheet"),
        col("Provenance row"),
    );
    rows.map(|row| {
        let file = Path::new(&row[f].to_string())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let sheet = match &row[s] {
            Data::Empty => String::new(),
            other => other.to_string(),
        };
        let n = match row[r] {
            Data::Float(x) => x as u32,
            ref other => panic!("the row is a number: {other:?}"),
        };
        (file, sheet, n)
    })
    .collect()
}

#[test]
fn a_csv_return_has_no_sheet_in_the_merged_workbook_and_every_cited_row_is_found() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("merged");
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["chronology", "merge"])
        .args(sample_returns())
        .arg("--case")
        .arg(root().join("samples/case.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = provenance_of(&out.join("merged-chronology.xlsx"));
    let hospital: Vec<_> = rows.iter().filter(|r| r.0 == "hospital.csv").collect();
    assert!(!hospital.is_empty(), "{rows:?}");
    for (_, sheet, _) in &hospital {
        assert_eq!(sheet, "", "a CSV file has no sheet to name: {hospital:?}");
    }
    let school: Vec<_> = rows.iter().filter(|r| r.0 == "school.docx").collect();
    assert!(!school.is_empty());
    assert!(school.iter().all(|r| r.1 == "table 1"), "{school:?}");
    assert!(
        rows.iter()
            .filter(|r| r.0.ends_with(".xlsx"))
            .all(|r| !r.1.is_empty())
    );

    // Every row the sample case cites is a row of the merge, written the way the workbook
    // shows it, and the case file's checks are quiet about them.
    let loaded = case::load(&root().join("samples/case.json"));
    let mut cited = 0;
    for e in &loaded.case.as_ref().unwrap().learning.key_episodes {
        for c in &e.chronology_rows {
            let p = parse_row_citation(c).unwrap();
            assert_eq!(&p.to_string(), c, "written as the one form reads it");
            assert!(
                rows.iter()
                    .any(|(f, s, r)| *f == p.file && *s == p.sheet && *r == p.row),
                "{c} is no row of the merge"
            );
            cited += 1;
        }
    }
    assert!(cited > 5);
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| !d.to_string().contains("chronology_rows")),
        "{:?}",
        loaded.diagnostics
    );
}

#[test]
fn a_csv_row_left_out_of_the_merge_is_named_by_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("police.csv");
    std::fs::write(
        &bad,
        "Date,Agency,Event\n31/02/2015,Police,x\n22/05/2015,Police,y\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["chronology", "merge", "--keep-going", "--gap-days", "400"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = std::fs::read_to_string(out.join("problems.txt")).unwrap();
    let place = format!("{}, row 2: Date: impossible date", bad.display());
    assert!(text.contains(&place), "{text}");
    assert!(!text.contains("sheet 'police'"), "{text}");
    assert!(!text.contains(", police, row"), "{text}");
}

#[test]
fn a_csv_file_cited_with_a_sheet_is_a_warning_saying_how_to_cite_it() {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("samples/case.json")).unwrap())
            .unwrap();
    v["learning"]["key_episodes"][0]["chronology_rows"] =
        serde_json::json!(["hospital.csv, hospital, row 2", "police.xlsx, row 3"]);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("case.json");
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    let loaded = case::load(&path);
    let about: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.to_string().contains("chronology_rows"))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(about.len(), 2, "{about:#?}");
    let csv = about.iter().find(|d| d.contains("[0]")).unwrap();
    assert!(csv.starts_with("warning"), "{csv}");
    assert!(csv.contains("a CSV file has no sheets"), "{csv}");
    assert!(csv.contains("cite it as \"hospital.csv, row 2\""), "{csv}");
    let workbook = about.iter().find(|d| d.contains("[1]")).unwrap();
    assert!(workbook.starts_with("error"), "{workbook}");
}
