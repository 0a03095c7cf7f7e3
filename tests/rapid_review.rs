//! The 2018/2023 process end to end on the second sample (`samples/rapid-review/`): a serious
//! incident notified on 16 December 2024, a rapid review over Christmas and New Year, and a
//! decision to commission a local child safeguarding practice review.

mod common;

use chrono::NaiveDate;
use scrkit::case::{self, Answer, Case};
use scrkit::rules::{Basis, Status};
use std::path::{Path, PathBuf};

fn sample(name: &str) -> PathBuf {
    common::sample(&format!("rapid-review/{name}"))
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn clean(path: &Path) -> Case {
    common::clean_case(path)
}

#[test]
fn the_sample_is_the_same_case_in_json_and_in_its_workbook() {
    let json = clean(&sample("case.json"));
    let xlsx = clean(&sample("case.xlsx"));
    assert_eq!(json, xlsx);
    // The rapid review's own facts survive the workbook: plan, answers, sign-off.
    assert_eq!(xlsx.rapid_review.sign_off.len(), 3);
    assert_eq!(
        xlsx.rapid_review.local_review.working_together.answer,
        Answer::Yes
    );
    assert!(!xlsx.rapid_review.identity_context.race.is_empty());
    // And the committed workbook is what convert writes today.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("case.xlsx");
    std::fs::write(&path, case::workbook::write(Some(&json)).unwrap()).unwrap();
    assert_eq!(clean(&path), json);
}

#[test]
fn notified_on_16_december_2024_the_rapid_review_is_due_on_9_january_2025() {
    let c = clean(&sample("case.json"));
    let t = scrkit::rules::timeline(&c, d(2025, 2, 1));
    let rr = t.deadlines.iter().find(|x| x.id == "rapid_review").unwrap();
    assert_eq!(rr.runs_from, Some(d(2024, 12, 16)));
    assert_eq!(rr.due, Some(d(2025, 1, 9)));
    assert_eq!(rr.status, Status::DoneOnTime);
    assert_eq!(rr.basis, Basis::PanelGuidance);
    let plan: Vec<_> = t.plan.iter().map(|p| (p.id, p.due, p.status)).collect();
    assert_eq!(
        plan,
        [
            ("letters", Some(d(2024, 12, 17)), Status::DoneOnTime),
            ("summaries_due", Some(d(2024, 12, 27)), Status::DoneOnTime),
            ("meeting", Some(d(2025, 1, 2)), Status::DoneOnTime),
            ("report", Some(d(2025, 1, 6)), Status::DoneOnTime),
            ("sign_off", Some(d(2025, 1, 8)), Status::DoneOnTime),
            ("sent", Some(d(2025, 1, 9)), Status::DoneOnTime),
        ]
    );
    // Every time limit names where it comes from and what it rests on.
    for x in t.deadlines.iter().chain(&t.plan) {
        assert!(!x.source.is_empty(), "{}", x.id);
    }
    let notified = t
        .deadlines
        .iter()
        .find(|x| x.id == "incident_notified")
        .unwrap();
    assert!(notified.source.contains("section 16C(1)"));
}

#[test]
fn the_sample_decides_on_a_local_review_with_reasons() {
    let c = clean(&sample("case.json"));
    let r = scrkit::rules::evaluate(&c);
    assert_eq!(r.notify_panel, Some(true));
    let d = r.decisions.expect("2018 decisions");
    assert_eq!(d.local_review.points_to_review, Some(true));
    assert!(
        d.local_review.problems.is_empty(),
        "{:?}",
        d.local_review.problems
    );
    assert!(
        d.local_review
            .summary
            .contains("11(a), 11(b) and 11(c) answered yes")
    );
    assert!(d.national_review.problems.is_empty());
    let v = serde_json::to_value(scrkit::rules::evaluate(&c)).unwrap();
    assert_eq!(
        v["decisions"]["local_review"]["considerations"][2]["number"],
        "11(c)"
    );
    assert_eq!(v["ofsted"]["clauses"][3]["number"], "3(a)");
}
