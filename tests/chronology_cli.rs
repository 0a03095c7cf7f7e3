//! `scr chronology ...` from the outside: exit codes, human and JSON output, files written.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn check_exits_1_with_every_problem_located_and_0_when_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = write(
        tmp.path(),
        "police.csv",
        "Date,Agency,Event\n31/02/2015,Northbrook Police,x\n22/05/2015,,\n",
    );
    let out = scr()
        .args(["chronology", "check"])
        .arg(&bad)
        .args(["--from", "01/03/2015", "--to", "14/02/2016"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("row 2, column A (Date): impossible date"),
        "{text}"
    );
    assert!(
        text.contains("row 3, column B (Agency): neither Agency nor Source"),
        "{text}"
    );
    assert!(
        text.contains("row 3, column C (Event): the Event is blank"),
        "{text}"
    );
    assert!(text.contains("3 error(s)"), "{text}");

    let out = scr()
        .args(["chronology", "check", "--json", "--case"])
        .arg(root().join("samples/case.json"))
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 3);
    let r = &v["returns"][0];
    assert_eq!(r["agency"]["id"], "police");
    assert_eq!(r["diagnostics"][0]["location"]["row"], 2);
    assert_eq!(r["diagnostics"][0]["location"]["column"], "A");
    assert_eq!(r["excluded_rows"].as_array().unwrap().len(), 2);

    let good = write(
        tmp.path(),
        "csc.csv",
        "Date,Agency,Event\n22/05/2015,Northbrook Children's Social Care,Visit\n",
    );
    let out = scr()
        .args(["chronology", "check", "--case"])
        .arg(root().join("samples/case.json"))
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("no problems found")
    );
}

#[test]
fn check_usage_errors_exit_2() {
    let out = scr().args(["chronology", "check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = scr()
        .args(["chronology", "check", "x.csv", "--from", "31/02/2015"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = scr()
        .args([
            "chronology",
            "check",
            "x.csv",
            "--case",
            "c.json",
            "--from",
            "01/03/2015",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
