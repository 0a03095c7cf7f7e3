//! The learning chain and the action plan: validation of the chain, `scr actions` states as of
//! a day, and the tracker round-trip with agencies (a forged locked column, a conflict, a
//! clean merge with every change listed).

mod workbook_edit;

use calamine::{Reader, open_workbook_auto};
use scrkit::case::{self, Case};
use scrkit::diagnostic::{Diagnostic, Location};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use workbook_edit::{rewrite, row_of};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

fn scr(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .output()
        .expect("scr runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn sample_value() -> Value {
    serde_json::from_slice(&std::fs::read(sample("case.json")).unwrap()).unwrap()
}

fn load_value(v: &Value) -> (Option<Case>, Vec<Diagnostic>) {
    let l = case::from_value(v.clone(), &case::SourceMap::new(), today());
    (l.case, l.diagnostics)
}

fn at(ds: &[Diagnostic], path: &str) -> Vec<Diagnostic> {
    ds.iter()
        .filter(|d| matches!(&d.location, Location::Json { path: p } if p == path))
        .cloned()
        .collect()
}

#[test]
fn the_sample_carries_a_whole_chain_that_resolves() {
    let (c, ds) = load_value(&sample_value());
    assert!(ds.is_empty(), "{ds:#?}");
    let l = c.unwrap().learning;
    assert!(l.key_episodes.len() >= 3 && l.findings.len() >= 3);
    assert!(l.recommendations.len() >= 3 && l.actions.len() >= 6);
    // Every link is used: each finding cites episodes, each recommendation findings, and
    // each recommendation has at least one action.
    assert!(l.findings.iter().all(|f| !f.episodes.is_empty()));
    assert!(
        l.recommendations
            .iter()
            .all(|r| l.actions.iter().any(|a| a.recommendation == r.id))
    );
    for e in &l.key_episodes {
        for r in &e.chronology_rows {
            assert!(case::parse_row_citation(r).is_some(), "{r}");
        }
    }
}

#[test]
fn a_dangling_reference_and_the_chain_rules_are_located_errors() {
    let mut v = sample_value();
    let l = &mut v["learning"];
    l["findings"][0]["episodes"][1] = "KE9".into();
    l["recommendations"][1]["findings"][0] = "F7".into();
    l["actions"][1]["recommendation"] = "R11".into();
    l["actions"][2]["owner_agency"] = "".into();
    l["actions"][3]["owner_agency"] = "polce".into();
    l["actions"][4]["due_on"] = "2015-01-31".into();
    // A closure without evidence.
    l["actions"][0]["evidence_of_impact"] = "".into();
    let (c, ds) = load_value(&v);
    assert!(
        c.is_some(),
        "the case is still built, with every problem listed"
    );
    let one = |path: &str| {
        let found = at(&ds, path);
        assert_eq!(found.len(), 1, "{path}: {ds:#?}");
        assert!(found[0].is_error());
        found.into_iter().next().unwrap()
    };
    let d = one("$.learning.findings[0].episodes[1]");
    assert_eq!(d.message, "there is no key episode \"KE9\"");
    let d = one("$.learning.recommendations[1].findings[0]");
    assert!(d.message.contains("\"F7\""));
    let d = one("$.learning.actions[1].recommendation");
    assert_eq!(d.help.as_deref(), Some("did you mean \"R1\"?"));
    let d = one("$.learning.actions[2].owner_agency");
    assert_eq!(d.message, "the action has no owner");
    let d = one("$.learning.actions[3].owner_agency");
    assert_eq!(d.help.as_deref(), Some("did you mean \"police\"?"));
    let d = one("$.learning.actions[4].due_on");
    assert!(
        d.message.contains("before the review began"),
        "{}",
        d.message
    );
    let d = one("$.learning.actions[0].evidence_of_impact");
    assert!(d.message.contains("closed without evidence"));
    assert_eq!(ds.iter().filter(|d| d.is_error()).count(), 7, "{ds:#?}");
}

#[test]
fn the_workbook_form_locates_an_update_for_an_unknown_action() {
    let c = case::load_as_of(&sample("case.json"), today())
        .case
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("case.xlsx");
    std::fs::write(&path, case::workbook::write(Some(&c)).unwrap()).unwrap();
    // The workbook carries the chain, updates included.
    let back = case::load_as_of(&path, today());
    assert!(back.diagnostics.is_empty(), "{:#?}", back.diagnostics);
    assert_eq!(back.case.unwrap().learning, c.learning);
    // An update row naming an action that does not exist.
    let edited = rewrite(&path, &[("Action updates", 2, "Action", "A22")], tmp.path());
    let l = case::load_as_of(&edited, today());
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.message.contains("A22"))
        .unwrap_or_else(|| panic!("{:#?}", l.diagnostics));
    assert!(d.is_error());
    assert!(
        matches!(&d.location, Location::Cell { sheet, row: 2, column, .. } if sheet == "Action updates" && column == "A"),
        "{:?}",
        d.location
    );
    assert_eq!(d.help.as_deref(), Some("did you mean \"A2\"?"));
}

#[test]
fn scr_actions_reports_states_as_of_a_day_and_exits_1_when_overdue_or_stale() {
    let case = sample("case.json");
    let case = case.to_str().unwrap();
    let o = scr(&["actions", case, "--as-of", "2017-08-01", "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let state = |id: &str| {
        r["actions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .unwrap()["state"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(state("A2"), "overdue");
    assert_eq!(state("A8"), "stale");
    assert_eq!(state("A1"), "complete");
    assert_eq!(r["counts"]["overdue"], 2);
    assert_eq!(r["counts"]["stale"], 2);
    // Most urgent first, then a summary by agency and by recommendation.
    assert_eq!(r["actions"][0]["state"], "overdue");
    let csc = r["by_agency"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "csc")
        .unwrap();
    assert_eq!(csc["counts"]["total"], 3);
    assert_eq!(r["by_recommendation"].as_array().unwrap().len(), 4);

    let o = scr(&["actions", case, "--as-of", "01/08/2017"]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(text.contains("action plan as of 1 August 2017"), "{text}");
    assert!(text.contains("overdue by 32 days"), "{text}");
    assert!(text.contains("no update for 126 days"), "{text}");
    assert!(text.contains("By agency") && text.contains("By recommendation"));

    // Early in the plan nothing is overdue or stale: exit 0.
    let o = scr(&["actions", case, "--as-of", "2016-12-31"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

fn tracker_for(agency: &str, dir: &Path) -> PathBuf {
    let o = scr(&[
        "actions",
        "workbook",
        sample("case.json").to_str().unwrap(),
        "--agency",
        agency,
        "-o",
        dir.join(format!("{agency}.xlsx")).to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    dir.join(format!("{agency}.xlsx"))
}

#[test]
fn the_tracker_sent_holds_the_agencys_open_actions_locked_and_comes_back_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tracker_for("csc", tmp.path());
    let mut book = open_workbook_auto(&t).unwrap();
    let names = book.sheet_names();
    assert!(names.contains(&"scrkit-tracker".to_string()));
    let range = book.worksheet_range("Actions").unwrap();
    let ids: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(ids, ["A2", "A6", "A8"], "csc's open actions, in order");
    // The sheet is protected; the board's columns locked, the agency's not.
    let bytes = std::fs::read(&t).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains("<sheetProtection"), "protected");
    assert!(xml.contains("<dataValidation"), "validated");
    assert!(xml.contains("Red,Amber,Green,Complete"), "RAG drop-down");
    assert!(xml.contains("orientation=\"landscape\""), "printable");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(
        styles.contains("locked=\"0\""),
        "the agency's columns are unlocked"
    );
    // Returned untouched: nothing wrong, nothing to change.
    let o = scr(&[
        "actions",
        "check",
        sample("case.json").to_str().unwrap(),
        t.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("no change to the case"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_forged_locked_column_is_a_located_error_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tracker_for("csc", tmp.path());
    let row = row_of(&t, "A6");
    let forged = rewrite(
        &t,
        &[
            (
                "Actions",
                row,
                "What will be done",
                "Consider revising the guidance.",
            ),
            ("Actions", row, "Update date", "01/09/2017"),
            ("Actions", row, "RAG", "Green"),
            (
                "Actions",
                row,
                "Progress since the last update",
                "Done as we saw fit.",
            ),
        ],
        tmp.path(),
    );
    let out = tmp.path().join("new.json");
    let o = scr(&[
        "actions",
        "update",
        sample("case.json").to_str().unwrap(),
        forged.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        !out.exists(),
        "nothing is written when a tracker has an error"
    );
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &r["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["location"]["sheet"], "Actions");
    assert_eq!(d["location"]["row"], row);
    assert_eq!(d["location"]["column"], "C");
    assert_eq!(d["location"]["header"], "What will be done");
    assert_eq!(d["value"], "Consider revising the guidance.");
    assert!(d["message"].as_str().unwrap().contains("locked column"));
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("Revise the assessment guidance")
    );
    // The forged row's update is not taken in, even in the listing.
    assert_eq!(r["changes"].as_array().unwrap().len(), 0);
}

#[test]
fn trackers_round_trip_with_every_change_listed_and_nothing_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let csc = tracker_for("csc", tmp.path());
    let gp = tracker_for("gp", tmp.path());
    let (a2, a8) = (row_of(&csc, "A2"), row_of(&csc, "A8"));
    let csc_back = rewrite(
        &csc,
        &[
            ("Actions", a2, "Update date", "15/09/2017"),
            ("Actions", a2, "RAG", "Amber"),
            (
                "Actions",
                a2,
                "Progress since the last update",
                "System prompt live; first reviews held.",
            ),
            ("Actions", a8, "Update date", "20/09/2017"),
            ("Actions", a8, "RAG", "Complete"),
            (
                "Actions",
                a8,
                "Progress since the last update",
                "Feedback within three working days is now routine.",
            ),
            (
                "Actions",
                a8,
                "Evidence of impact",
                "September dip sample: 28 of 30 referrers told the outcome in time.",
            ),
        ],
        tmp.path(),
    );
    let case_path = sample("case.json");
    let out = tmp.path().join("new.json");
    let o = scr(&[
        "actions",
        "update",
        case_path.to_str().unwrap(),
        csc_back.to_str().unwrap(),
        gp.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let text = stdout(&o);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(text.contains("3 change(s) made"), "{text}");
    assert!(text.contains("A2 ("), "{text}");
    assert!(
        text.contains("update of 15 September 2017 added (Amber)"),
        "{text}"
    );
    assert!(
        text.contains("evidence of impact recorded: September dip sample"),
        "{text}"
    );
    // The new case is a valid case with the updates appended; the old one is untouched.
    let new = case::load_as_of(&out, today());
    assert!(new.diagnostics.is_empty(), "{:#?}", new.diagnostics);
    let new = new.case.unwrap();
    let old = case::load_as_of(&case_path, today()).case.unwrap();
    let a = |c: &Case, id: &str| c.learning.action(id).unwrap().clone();
    assert_eq!(a(&new, "A2").updates.len(), a(&old, "A2").updates.len() + 1);
    assert_eq!(a(&new, "A2").updates[..3], a(&old, "A2").updates[..]);
    assert_eq!(a(&new, "A6"), a(&old, "A6"));
    // Judged on a later day, the action reported complete is no longer overdue.
    let o = scr(&[
        "actions",
        out.to_str().unwrap(),
        "--as-of",
        "2017-09-25",
        "--json",
    ]);
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let a8 = r["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == "A8")
        .unwrap();
    assert_eq!(a8["state"], "on_track");
    assert_eq!(a8["last_rag"], "complete");

    // The same trackers again: already in the case, nothing changes.
    let again = tmp.path().join("again.json");
    let o = scr(&[
        "actions",
        "update",
        out.to_str().unwrap(),
        csc_back.to_str().unwrap(),
        "-o",
        again.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("no change to the case"),
        "{}",
        stdout(&o)
    );

    // An update for the same day that says something else is a conflict, never overwritten.
    let clash = rewrite(&csc_back, &[("Actions", a2, "RAG", "Green")], tmp.path());
    let o = scr(&[
        "actions",
        "check",
        out.to_str().unwrap(),
        clash.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let r: Value = serde_json::from_slice(&o.stdout).unwrap();
    let msg = r["diagnostics"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("already holds an update of 15 September 2017"),
        "{msg}"
    );
    assert_eq!(r["diagnostics"][0]["location"]["header"], "Update date");

    // The input case is never the output.
    let o = scr(&[
        "actions",
        "update",
        out.to_str().unwrap(),
        gp.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_ne!(o.status.code(), Some(0));
}
