//! Field lengths (issue #19, defect 9): a 40,000-character agency name used to pass
//! `case check` and make `pack` report "a bug in scrkit", echoing the value. Names and ids are
//! held to 150 characters and every other text to 32,000 (under a spreadsheet cell's 32,767),
//! each at its JSON path, the value never shown.

use std::path::Path;
use std::process::Command;

fn scr(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn values_past_their_field_length_are_located_and_not_echoed() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    let mut case: serde_json::Value =
        serde_json::from_slice(&std::fs::read(sample).unwrap()).unwrap();
    case["agencies"][0]["name"] = "Q".repeat(40_000).into();
    case["child"]["first_name"] = "Z".repeat(151).into();
    case["child"]["whereabouts_at_incident"] = "W".repeat(32_001).into();
    case["child"]["legal_status"] = "L".repeat(32_000).into();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("case.json");
    std::fs::write(&path, serde_json::to_vec(&case).unwrap()).unwrap();
    let p = path.to_str().unwrap();
    let (code, out) = scr(&["case", "check", p]);
    assert_eq!(code, 1, "{out}");
    for want in [
        "$.agencies[0].name: the value is 40000 characters long, more than the 150 a name or id may hold",
        "$.child.first_name: the value is 151 characters long, more than the 150 a name or id may hold",
        "$.child.whereabouts_at_incident: the value is 32001 characters long, more than the 32000 this field may hold",
    ] {
        assert!(out.contains(want), "{want}\nnot in {out}");
    }
    assert!(!out.contains("legal_status"), "32,000 is allowed: {out}");
    assert!(
        !out.contains("QQQQ") && !out.contains("ZZZZ") && !out.contains("WWWW"),
        "a value was echoed"
    );
    let target = dir.path().join("out");
    let (code, out) = scr(&["pack", p, "-o", target.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        !out.contains("bug in scrkit") && !out.contains("QQQQ"),
        "{out}"
    );
    assert!(out.contains("$.agencies[0].name"), "{out}");
}
