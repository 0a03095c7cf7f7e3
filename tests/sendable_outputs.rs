//! What the merge and the action trackers write, read back as the coordinator and an agency
//! would print them: defects seen on the LibreOffice pages of the sample's outputs.

mod common;

use common::body;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scr(args: &[&std::ffi::OsStr]) {
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn zip_part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The width (characters) a sheet gives its column `n` (from 1).
fn column_width(sheet: &str, n: usize) -> f64 {
    let re = regex::Regex::new(r#"<col min="(\d+)" max="(\d+)" width="([\d.]+)""#).unwrap();
    re.captures_iter(sheet)
        .find(|c| c[1].parse::<usize>().unwrap() <= n && n <= c[2].parse::<usize>().unwrap())
        .map(|c| c[3].parse().unwrap())
        .unwrap_or_else(|| panic!("no width for column {n}: {sheet}"))
}

fn merged(out: &Path) {
    let mut args: Vec<std::ffi::OsString> = vec!["chronology".into(), "merge".into()];
    let mut returns: Vec<PathBuf> = std::fs::read_dir(root().join("samples/returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    returns.sort();
    args.extend(returns.into_iter().map(Into::into));
    args.extend([
        "--case".into(),
        root().join("samples/case.json").into(),
        "--out".into(),
        out.into(),
    ]);
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    scr(&args);
}

/// The merged chronology said "Elm Street Surgery (gp): no return received"; its Summary
/// sheet cut "Northbrook Community Health: Health Visiting" short and printed "Rows
/// excluded" over the row under it.
#[test]
fn the_merged_chronology_names_agencies_in_full_and_its_summary_prints_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("merged");
    merged(&out);
    let text = body(&std::fs::read(out.join("merged-chronology.docx")).unwrap()).join("\n");
    assert!(
        text.contains("Elm Street Surgery: no return received."),
        "{text}"
    );
    assert!(
        !text.contains("(gp)") && !text.contains("(housing)"),
        "{text}"
    );

    let summary = zip_part(
        &out.join("merged-chronology.xlsx"),
        "xl/worksheets/sheet2.xml",
    );
    let agency = "Northbrook Community Health: Health Visiting".len() as f64;
    assert!(column_width(&summary, 2) > agency, "{summary}");
    assert!(column_width(&summary, 3) > "Rows merged".len() as f64);
    assert!(column_width(&summary, 4) > "Rows excluded".len() as f64);
}

/// The action tracker's instructions were left one line high: LibreOffice printed each
/// wrapped instruction over the next.
#[test]
fn the_action_trackers_instructions_are_as_tall_as_their_words() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("trackers");
    scr(&[
        "actions".as_ref(),
        "workbook".as_ref(),
        root().join("samples/case.json").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    let sheet = zip_part(
        &out.join("csc-action-tracker.xlsx"),
        "xl/worksheets/sheet1.xml",
    );
    // Each line of how to fill it in, and each column's guidance, has a height set for it.
    assert!(
        sheet.matches(r#"customHeight="1""#).count() >= 7 + 10,
        "{sheet}"
    );
    // The longest column name ("Progress since the last update") whole in its column.
    assert!(
        column_width(&sheet, 1) > "Progress since the last update".len() as f64,
        "{sheet}"
    );
    let tall = regex::Regex::new(r#"<row r="\d+"[^>]* ht="([\d.]+)""#).unwrap();
    assert!(
        tall.captures_iter(&sheet)
            .any(|c| c[1].parse::<f64>().unwrap() >= 32.0),
        "no instruction given two lines: {sheet}"
    );
}
