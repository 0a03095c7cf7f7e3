//! `scr criteria` and `scr timeline` on the sample case and variants of it.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn scr(args: &[&str], case: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(&args[..1])
        .arg(case)
        .args(&args[1..])
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// The text with every run of spaces and line breaks made one space, so that assertions do not
/// depend on where a line was wrapped.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn json_of(o: &Output) -> Value {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}{}",
        stdout(o),
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The sample case with some values replaced, written to a temporary folder.
fn variant(dir: &tempfile::TempDir, name: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    let mut v: Value =
        serde_json::from_str(&std::fs::read_to_string(sample("case.json")).unwrap()).unwrap();
    edit(&mut v);
    let path = dir.path().join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    path
}

fn deadline<'a>(t: &'a Value, id: &str) -> &'a Value {
    t["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no deadline {id}"))
}

#[test]
fn criteria_on_the_sample_are_met_and_ofsted_must_be_told() {
    let out = scr(&["criteria"], &sample("case.json"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with(
        "SCR-2016-03: Criteria for a Serious Case Review (Working Together to Safeguard \
         Children 2015)"
    ));
    assert!(text.contains("Outcome: MET. The criteria for a Serious Case Review are met"));
    assert!(text.contains("  2(i)   met      The child has died."));
    assert!(text.contains("  3      not met"));
    assert!(text.contains("Outcome: NOTIFY OFSTED."));
    // The sample records permanent impairment as unknown; it cannot change either answer.
    assert!(text.contains("2(iv)  unknown"));
    assert!(!text.contains("Find out"));
    // No personal data: the child and family are never named.
    for name in ["Maisie", "Thornbury", "Carver", "Whitlock", "Larkspur"] {
        assert!(!text.contains(name), "{name} printed");
    }

    let v = json_of(&scr(&["criteria", "--json"], &sample("case.json")));
    assert_eq!(v["met"], json!(true));
    assert_eq!(v["outcome"], "met");
    assert_eq!(v["clauses"].as_array().unwrap().len(), 4);
    assert_eq!(v["notify_ofsted"], json!(true));
    assert_eq!(v["unknown_facts"], json!([]));
    assert_eq!(v["alternative_review"], Value::Null);
    assert_eq!(
        v["reasons"],
        json!([
            "Abuse or neglect of the child is known or suspected.",
            "The child has died.",
            "The child has been seriously harmed. There is cause for concern about the way the \
             authority, its partners or other relevant persons worked together to safeguard the \
             child.",
            "The criteria for a Serious Case Review are met: a Serious Case Review must be \
             initiated."
        ])
    );
}

#[test]
fn criteria_name_unknown_facts_and_never_guess() {
    let dir = tempfile::tempdir().unwrap();
    let path = variant(&dir, "unknown.json", |v| {
        v["referral"]["facts"]["abuse_or_neglect"] = json!("unknown");
    });
    let out = scr(&["criteria"], &path);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Outcome: UNDETERMINED."));
    assert!(text.contains("Find out, then record in the case file:"));
    assert!(flat(&text).contains(
        "- whether abuse or neglect of the child is known or suspected \
         (referral.facts.abuse_or_neglect)"
    ));
    let v = json_of(&scr(&["criteria", "--json"], &path));
    assert_eq!(v["met"], Value::Null);
    assert_eq!(v["outcome"], "undetermined");
    assert_eq!(v["unknown_facts"][0]["name"], "abuse_or_neglect");
    assert_eq!(v["notify_ofsted"], Value::Null);
}

#[test]
fn criteria_not_met_note_an_alternative_review() {
    let dir = tempfile::tempdir().unwrap();
    // Until the Chair has decided: once decided, the decision is what follows.
    let path = variant(&dir, "not-met.json", |v| {
        v["referral"]["facts"]["abuse_or_neglect"] = json!("no");
        v["decision"]["chair_decision"] = json!("pending");
        v["decision"]["decided_on"] = Value::Null;
    });
    let text = flat(&stdout(&scr(&["criteria"], &path)));
    assert!(text.contains("Outcome: NOT MET. The criteria for a Serious Case Review are not met."));
    assert!(text.contains(
        "Northbrook LSCB may still decide to commission an alternative form of case review."
    ));
    assert!(text.contains("Outcome: NO NOTIFICATION NEEDED."));
}

#[test]
fn criteria_of_the_2018_regime() {
    let dir = tempfile::tempdir().unwrap();
    let path = variant(&dir, "2018.json", |v| {
        v["review"]["kind"] = json!("cspr");
        v["review"]["regime"] = json!("2018");
    });
    let v = json_of(&scr(&["criteria", "--json"], &path));
    assert_eq!(v["regime"], "2018");
    assert_eq!(v["title"], "Serious child safeguarding case");
    assert_eq!(v["clauses"].as_array().unwrap().len(), 3);
    assert_eq!(v["met"], json!(true));
}

#[test]
fn timeline_of_the_sample_shows_the_completion_nine_days_late() {
    let out = scr(&["timeline", "--as-of", "2026-11-25"], &sample("case.json"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.starts_with(
        "SCR-2016-03: statutory timescales (Working Together to Safeguard Children 2015), as of \
         25 November 2026"
    ));
    assert!(text.contains("! Review completed"));
    assert!(text.contains("done 9 days late"));
    assert!(text.contains("due 21 September 2016; done 30 September 2016"));
    assert!(text.contains("from 19 February 2016 (receipt of the referral)"));
    assert!(text.contains("counted back from 6 March 2017 (publication of the report)"));
    assert!(text.contains("Summary: 1 done late, 6 done on time, 1 minimum period completed."));
    for name in ["Maisie", "Thornbury", "Carver"] {
        assert!(!text.contains(name), "{name} printed");
    }

    let v = json_of(&scr(
        &["timeline", "--as-of", "2026-11-25", "--json"],
        &sample("case.json"),
    ));
    assert_eq!(v["as_of"], "2026-11-25");
    let done = deadline(&v, "review_completed");
    assert_eq!(done["status"], "done_late");
    assert_eq!(done["days"], 9);
    assert_eq!(done["due"], "2016-09-21");
    assert_eq!(done["done"], "2016-09-30");
    for id in [
        "panel_considers",
        "chair_decides",
        "ofsted_told",
        "dfe_told",
        "national_panel_told",
        "report_to_national_panel",
    ] {
        assert_eq!(deadline(&v, id)["status"], "done_on_time", "{id}");
    }
    assert_eq!(deadline(&v, "report_kept_published")["status"], "satisfied");
    assert_eq!(deadline(&v, "panel_considers")["due"], "2016-03-19");
}

#[test]
fn timeline_as_of_a_past_day_and_in_both_date_forms() {
    let a = json_of(&scr(
        &["timeline", "--as-of", "2016-03-15", "--json"],
        &sample("case.json"),
    ));
    let b = json_of(&scr(
        &["timeline", "--as-of", "15/03/2016", "--json"],
        &sample("case.json"),
    ));
    assert_eq!(a, b);
    let chair = deadline(&a, "chair_decides");
    assert_eq!(chair["status"], "due");
    assert_eq!(chair["days"], 10);
    assert_eq!(chair["done"], Value::Null);
    assert_eq!(deadline(&a, "ofsted_told")["status"], "not_started");
    let text = stdout(&scr(
        &["timeline", "--as-of", "2016-03-15"],
        &sample("case.json"),
    ));
    assert!(text.contains("> Independent Chair decides"));
    assert!(text.contains("due in 10 days"));
}

#[test]
fn timeline_defaults_to_today() {
    let v = json_of(&scr(&["timeline", "--json"], &sample("case.json")));
    assert_eq!(
        v["as_of"],
        chrono::Local::now()
            .date_naive()
            .format("%Y-%m-%d")
            .to_string()
    );
}

#[test]
fn the_workbook_gives_the_same_answers_as_the_json() {
    for cmd in [
        vec!["criteria", "--json"],
        vec!["timeline", "--as-of", "2026-11-25", "--json"],
    ] {
        assert_eq!(
            json_of(&scr(&cmd, &sample("case.json"))),
            json_of(&scr(&cmd, &sample("case.xlsx"))),
            "{cmd:?}"
        );
    }
}

#[test]
fn timeline_of_the_2018_regime_counts_working_days() {
    let dir = tempfile::tempdir().unwrap();
    let path = variant(&dir, "2018.json", |v| {
        v["review"]["kind"] = json!("cspr");
        v["review"]["regime"] = json!("2018");
        // Known on Thursday 24 March 2016, the day before Good Friday.
        v["referral"]["incident_known_on"] = json!("2016-03-24");
        v["referral"]["notified_on"] = json!("2016-04-01");
    });
    let v = json_of(&scr(
        &["timeline", "--as-of", "2016-04-20", "--json"],
        &path,
    ));
    let n = deadline(&v, "incident_notified");
    // Good Friday and Easter Monday are skipped: Tue 29 March to Mon 4 April.
    assert_eq!(n["due"], "2016-04-04");
    assert_eq!(n["status"], "done_on_time");
    assert_eq!(n["working_days"], json!(true));
    let r = deadline(&v, "rapid_review");
    assert_eq!(r["due"], "2016-04-22");
    assert_eq!(r["status"], "due");
    assert_eq!(r["days"], 2);
    let text = stdout(&scr(&["timeline", "--as-of", "2016-04-20"], &path));
    assert!(text.contains("Working Together to Safeguard Children 2018"));
    assert!(text.contains("[5 working days;"));
}

#[test]
fn a_case_with_errors_is_reported_not_evaluated() {
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/broken_case.json");
    for cmd in ["criteria", "timeline"] {
        let out = scr(&[cmd], &broken);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let text = stdout(&out);
        assert!(text.contains("$.review.reference: the review reference is missing"));
        assert!(text.contains("error(s)"));
        assert!(!text.contains("Outcome:") && !text.contains("Summary:"));
        let out = scr(&[cmd, "--json"], &broken);
        assert_eq!(out.status.code(), Some(1));
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["ok"], json!(false));
        assert!(v["diagnostics"].as_array().unwrap().len() > 5);
    }
}

#[test]
fn a_bad_date_or_missing_file_is_a_usage_error() {
    let out = scr(&["timeline", "--as-of", "31/02/2016"], &sample("case.json"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a date"));
    let out = scr(&["criteria"], Path::new("no-such-case.json"));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("cannot read the file"));
}
