//! The case file in both its forms: loading, validation, conversion and the `scr case` command.

mod common;

use scrkit::case::{self, Case, workbook};
use scrkit::diagnostic::{Diagnostic, Location};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample(name: &str) -> PathBuf {
    common::sample(name)
}

fn scr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr"))
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn clean(path: &Path) -> Case {
    common::clean_case(path)
}

#[test]
fn sample_json_and_workbook_load_the_same_case() {
    let from_json = clean(&sample("case.json"));
    let from_xlsx = clean(&sample("case.xlsx"));
    assert_eq!(from_json, from_xlsx);
    // The sample is a full case: enough to exercise every document.
    assert!(from_json.agencies.len() >= 6);
    assert!(from_json.family.len() >= 4);
    assert_eq!(from_json.child.pseudonym, "Child A");
}

#[test]
fn sample_workbook_is_what_convert_writes_today() {
    // The committed workbook must be regenerable from the JSON, so the two never drift.
    let c = clean(&sample("case.json"));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("case.xlsx");
    std::fs::write(&path, workbook::write(Some(&c)).unwrap()).unwrap();
    assert_eq!(clean(&path), c);
}

fn paths(ds: &[Diagnostic]) -> Vec<String> {
    ds.iter()
        .map(|d| match &d.location {
            Location::Json { path } => path.clone(),
            other => format!("{other}"),
        })
        .collect()
}

#[test]
fn a_broken_case_gets_every_problem_located_in_one_run() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken_case.json");
    let loaded = case::load_as_of(&path, today());
    let got = paths(&loaded.diagnostics);
    let expected = [
        ("$.board.secure_email", "not an e-mail"),
        ("$.review.reference", "missing"),
        ("$.review.kind", "allowed choices"),
        ("$.review.scope.to", "before"),
        ("$.child.pseudonym", "real name"),
        ("$.child.date_of_birth", "not a valid date"),
        ("$.child.nhs_number", "NHS number"),
        ("$.family[1].pseudonym", "already used"),
        ("$.family[1].relationship", "missing"),
        ("$.agencies[1].id", "already used"),
        ("$.agencies[2].id", "lower-case"),
        ("$.agencies[2].still_involved", "allowed choices"),
        ("$.referral.received_on", "missing"),
        ("$.decision.decided_on", "without its date"),
    ];
    for (p, words) in expected {
        let hit = loaded.diagnostics.iter().find(|d| {
            matches!(&d.location, Location::Json { path } if path == p) && d.message.contains(words)
        });
        assert!(hit.is_some(), "no '{words}' problem at {p}; got {got:#?}");
        assert!(hit.unwrap().help.is_some(), "{p} has no help");
    }
    // The command agrees: exit 1, and every place is printed.
    let out = scr().args(["case", "check"]).arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    for (p, _) in expected {
        assert!(text.contains(p), "{p} not printed in:\n{text}");
    }
    assert!(text.contains("broken_case.json"));
}

#[test]
fn check_json_output_lists_problems_for_scripts() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken_case.json");
    let out = scr()
        .args(["case", "check", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    let n = v["diagnostics"].as_array().unwrap().len();
    assert!(n >= 14, "{n}");
    assert_eq!(
        v["errors"].as_u64().unwrap() as usize,
        n - v["warnings"].as_u64().unwrap() as usize
    );
    assert_eq!(v["diagnostics"][0]["location"]["kind"], "json");
}

#[test]
fn sample_cases_pass_the_command() {
    for f in ["case.json", "case.xlsx"] {
        let out = scr()
            .args(["case", "check"])
            .arg(sample(f))
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[test]
fn a_new_json_case_filled_in_round_trips_through_check() {
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("case.json");
    let st = scr()
        .args(["case", "new", "-o"])
        .arg(&blank)
        .status()
        .unwrap();
    assert!(st.success());
    // Blank: the check says what is missing, exit 1.
    let out = scr().args(["case", "check"]).arg(&blank).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("$.child.first_name"));
    // Fill every field the blank file offers from the sample, leaving its shape alone.
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&blank).unwrap()).unwrap();
    let filled: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample("case.json")).unwrap()).unwrap();
    fill(&mut v, &filled);
    std::fs::write(&blank, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let out = scr().args(["case", "check"]).arg(&blank).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Copies values from `from` into the keys `into` already has; arrays are taken whole.
fn fill(into: &mut serde_json::Value, from: &serde_json::Value) {
    match (into, from) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            for (k, v) in a.iter_mut() {
                if let Some(src) = b.get(k) {
                    fill(v, src);
                }
            }
        }
        (slot, src) => *slot = src.clone(),
    }
}

#[test]
fn a_new_workbook_has_the_layout_the_reader_expects() {
    use calamine::{Reader, open_workbook_auto};
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("case.xlsx");
    assert!(
        scr()
            .args(["case", "new", "-o"])
            .arg(&blank)
            .status()
            .unwrap()
            .success()
    );
    let mut b = open_workbook_auto(&blank).unwrap();
    let mut s = open_workbook_auto(sample("case.xlsx")).unwrap();
    assert_eq!(b.sheet_names(), s.sheet_names());
    assert_eq!(b.sheet_names()[0], "Instructions");
    for name in b.sheet_names().iter().skip(1) {
        let rb = b.worksheet_range(name).unwrap();
        let rs = s.worksheet_range(name).unwrap();
        // Form sheets: the labels in column A; table sheets: the header row. Same in both.
        let first_col = |r: &calamine::Range<calamine::Data>| -> Vec<String> {
            r.rows().map(|row| row[0].to_string()).collect()
        };
        let header = |r: &calamine::Range<calamine::Data>| -> Vec<String> {
            r.rows()
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect()
        };
        assert_eq!(header(&rb), header(&rs), "{name}");
        if header(&rb)[0] == "Field" {
            assert_eq!(first_col(&rb), first_col(&rs), "{name}");
        }
    }
    // A blank workbook reports what is missing, cell by cell.
    let out = scr().args(["case", "check"]).arg(&blank).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("sheet 'Child', row 2, column B (First name)"),
        "{text}"
    );
    assert!(text.contains("sheet 'Agencies'"), "{text}");
}

#[test]
fn workbook_problems_are_located_by_sheet_row_and_column() {
    use rust_xlsxwriter::Workbook;
    let c = clean(&sample("case.json"));
    let tmp = tempfile::tempdir().unwrap();
    // Start from the sample, then break three cells the way people do.
    let good = tmp.path().join("good.xlsx");
    std::fs::write(&good, workbook::write(Some(&c)).unwrap()).unwrap();
    let mut book = Workbook::new();
    {
        use calamine::{Reader, open_workbook_auto};
        let mut src = open_workbook_auto(&good).unwrap();
        for name in src.sheet_names() {
            let range = src.worksheet_range(&name).unwrap();
            let ws = book.add_worksheet();
            ws.set_name(&name).unwrap();
            for (r, row) in range.rows().enumerate() {
                for (col, cell) in row.iter().enumerate() {
                    let (r, col) = (r as u32, col as u16);
                    let text = match (name.as_str(), r, col) {
                        ("Child", 5, 1) => "30/02/2013".to_string(), // Date of birth
                        ("Child", 15, 1) => "Perhaps".to_string(),   // On a CP plan
                        ("Agencies", 2, 0) => "police".to_string(),  // duplicate id
                        _ => workbook::cell_text(cell),
                    };
                    if !text.is_empty() {
                        ws.write_string(r, col, &text).unwrap();
                    }
                }
            }
        }
    }
    let bad = tmp.path().join("bad.xlsx");
    book.save(&bad).unwrap();
    let loaded = case::load_as_of(&bad, today());
    let shown: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    let want = [
        "sheet 'Child', row 6, column B (Date of birth): not a valid date",
        "sheet 'Child', row 16, column B (On a child protection plan): not one of the allowed choices",
        "sheet 'Agencies', row 3, column A (Id): agency id \"police\" is already used",
    ];
    for w in want {
        assert!(
            shown.iter().any(|s| s.contains(w)),
            "missing {w}: {shown:#?}"
        );
    }
    // The bad date is reported once, not again as missing.
    assert_eq!(
        shown
            .iter()
            .filter(|s| s.contains("row 6, column B"))
            .count(),
        1,
        "{shown:#?}"
    );
    // Dates typed as text in a date column are read day first.
    assert_eq!(loaded.case.unwrap().review.scope, c.review.scope);
}

#[test]
fn schema_describes_the_case_file() {
    let out = scr().args(["case", "schema"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &v["properties"];
    for k in [
        "board",
        "review",
        "child",
        "family",
        "agencies",
        "referral",
        "decision",
        "terms_of_reference",
    ] {
        assert!(props.get(k).is_some(), "{k}");
    }
    // Choices are enumerated so an editor can offer them.
    let text = out.stdout.iter().map(|b| *b as char).collect::<String>();
    assert!(text.contains("learning_together") && text.contains("rapid_review"));
}

#[test]
fn convert_never_overwrites_its_input_or_an_existing_file() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("case.json");
    std::fs::copy(sample("case.json"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = scr()
        .args(["case", "convert"])
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("input"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let xlsx = tmp.path().join("case.xlsx");
    assert!(
        scr()
            .args(["case", "convert"])
            .arg(&input)
            .arg("-o")
            .arg(&xlsx)
            .status()
            .unwrap()
            .success()
    );
    let again = scr()
        .args(["case", "convert"])
        .arg(&input)
        .arg("-o")
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn a_clean_check_prints_no_personal_data() {
    // A clean check prints a summary only: no names from the case reach the terminal or logs.
    let out = scr()
        .args(["case", "check"])
        .arg(sample("case.json"))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !all.contains("Maisie") && !all.contains("Thornbury"),
        "{all}"
    );
}
