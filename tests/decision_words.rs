//! A decision against where the criteria point, read in every document that tells of it: the
//! criteria are met, the Chair decided on an alternative form of review (or none), and each
//! document says so and why, never "must be initiated" followed by a different decision, no
//! sentence said twice. The same for the 2018/2023 process (the rapid review's answers point
//! towards a local review; the partners decided otherwise). A decision against them without
//! reasons is refused; a decision of no review packs nothing for the stages it rules out.

mod common;

use common::body;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sample(rel: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(rel)).unwrap()).unwrap()
}

fn pack(case: &Value, dir: &Path, name: &str) -> (Output, PathBuf) {
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_vec(case).unwrap()).unwrap();
    let out = dir.join(name);
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .arg("pack")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    (o, out)
}

/// Every Word document and workbook under `dir`, by path relative to it, with the body text
/// of each Word document.
fn documents(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "docx") {
                out.push((rel, body(&std::fs::read(&p).unwrap()).join("\n")));
            } else {
                out.push((rel, String::new()));
            }
        }
    }
    out.sort();
    out
}

/// The paragraphs about the decision or the criteria that a document says twice (a table
/// may repeat a regulation's words or a status in its cells; a sentence may not).
fn said_twice(text: &str) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    text.lines()
        .filter(|l| l.contains("decided") || l.contains("criteria") || l.contains("reasons"))
        .filter(|l| !seen.insert(*l))
        .collect()
}

const REASONS: &str = "A joint review with the neighbouring board already covers the same events; a learning review will bring the learning to practitioners sooner.";
const CHOSEN: &str =
    "A learning review led by the health visiting service, with a practitioner learning event.";

fn met_but_alternative() -> Value {
    let mut c = sample("samples/case.json");
    c["decision"]["recommendation"] = json!("alternative");
    c["decision"]["chair_decision"] = json!("alternative");
    c["decision"]["alternative_review"] = json!(CHOSEN);
    c["decision"]["decision_reasons"] = json!(REASONS);
    c
}

#[test]
fn criteria_met_and_an_alternative_review_read_the_same_in_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let (o, out) = pack(&met_but_alternative(), tmp.path(), "alt");
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let docs = documents(&out);
    let names: Vec<&str> = docs.iter().map(|(n, _)| n.as_str()).collect();
    let met = "The criteria for a Serious Case Review are met, but the Independent Chair decided against one, for the reasons given with the decision.";
    let decided = "On 21 March 2016 the Independent Chair of Northbrook Local Safeguarding Children Board decided not to initiate a Serious Case Review and to commission an alternative form of case review instead.";
    let mut told = 0;
    for (name, text) in &docs {
        assert!(!text.contains("must be initiated"), "{name}:\n{text}");
        assert!(!text.contains("Although the criteria"), "{name}:\n{text}");
        assert!(!text.contains("may still decide"), "{name}:\n{text}");
        assert!(
            said_twice(text).is_empty(),
            "{name}: {:?}",
            said_twice(text)
        );
        if !name.contains("notification-")
            && !name.contains("notice-of-alternative")
            && !name.contains("alternative-review.docx")
        {
            continue;
        }
        told += 1;
        assert!(text.contains(decided), "{name}:\n{text}");
        assert!(text.contains(met), "{name}:\n{text}");
        assert!(
            text.contains(&format!("The reasons for the decision: {REASONS}")),
            "{name}:\n{text}"
        );
        // The decision first, then why.
        assert!(
            text.find(decided) < text.find(met) || name.contains("notice-of-alternative"),
            "{name}:\n{text}"
        );
    }
    // Three notifications, the notice and Terms of Reference for each of seven agencies, and
    // the coordinator's Terms of Reference.
    assert_eq!(told, 3 + 7 * 2 + 1, "{names:#?}");

    let notification = &docs
        .iter()
        .find(|(n, _)| n.ends_with("notification-national-panel.docx"))
        .unwrap()
        .1;
    let decision_part: Vec<&str> = notification
        .lines()
        .skip_while(|l| *l != "Decision")
        .take_while(|l| *l != "Contact")
        .collect();
    assert_eq!(
        decision_part,
        [
            "Decision",
            decided,
            &format!("The review chosen: {CHOSEN}"),
            &format!("The reasons for the decision: {REASONS}"),
            "The criteria",
            "Abuse or neglect of the child is known or suspected.",
            "The child has died.",
            "The child has been seriously harmed. There is cause for concern about the way the authority, its partners or other relevant persons worked together to safeguard the child.",
            met,
        ]
    );
    let record = &docs
        .iter()
        .find(|(n, _)| n.ends_with("panel-recommendation-and-decision.docx"))
        .unwrap()
        .1;
    assert!(record.contains(met), "{record}");
    assert!(
        record
            .contains("Decision\nAlternative review\nDate\n21 March 2016\nReasons\nA joint review"),
        "{record}"
    );
    // The Serious Case Review's own papers are not sent.
    assert!(
        names.iter().all(|n| !n.ends_with("/covering-letter.docx")
            && !n.ends_with("management-review.docx")
            && !n.ends_with("/terms-of-reference.docx")),
        "{names:#?}"
    );
}

#[test]
fn criteria_met_and_no_review_is_refused_without_reasons_and_packs_nothing_after_the_notifications()
{
    let tmp = tempfile::tempdir().unwrap();
    let mut c = sample("samples/case.json");
    c["decision"]["chair_decision"] = json!("no_review");
    c["decision"]["decision_reasons"] = json!("");
    let (o, out) = pack(&c, tmp.path(), "none-without-reasons");
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(
        said(&o).contains("$.decision.decision_reasons")
            && said(&o).contains("the criteria say a Serious Case Review must be initiated"),
        "{}",
        said(&o)
    );
    assert!(!out.exists());

    c["decision"]["decision_reasons"] = json!(REASONS);
    let (o, out) = pack(&c, tmp.path(), "none");
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let docs = documents(&out);
    let stages: std::collections::BTreeSet<&str> = docs
        .iter()
        .map(|(n, _)| n.split('/').next().unwrap())
        .collect();
    assert_eq!(
        stages.into_iter().collect::<Vec<_>>(),
        [
            "01-referral",
            "02-information-gathering",
            "03-decision",
            "04-notification"
        ],
        "no review: nothing to commission, report or publish"
    );
    let ofsted = &docs
        .iter()
        .find(|(n, _)| n.ends_with("notification-ofsted.docx"))
        .unwrap()
        .1;
    assert!(
        ofsted.contains("decided not to initiate a Serious Case Review.\nThe reasons for the decision: A joint review"),
        "{ofsted}"
    );
    assert!(!ofsted.contains("must be initiated"), "{ofsted}");
    assert!(said_twice(ofsted).is_empty(), "{ofsted}");
}

fn rapid_review_decided(decision: &str, reasons: &str) -> Value {
    let mut c = sample("samples/rapid-review/case.json");
    c["decision"]["chair_decision"] = json!(decision);
    c["decision"]["decision_reasons"] = json!(reasons);
    if decision == "alternative" {
        c["decision"]["alternative_review"] =
            json!("A single-agency learning review by the hospital trust.");
    }
    c
}

#[test]
fn the_partners_deciding_against_a_local_review_say_why_in_every_document() {
    let tmp = tempfile::tempdir().unwrap();
    let why = "The learning is already taken forward by the partnership's thematic review of bruising in non-mobile babies.";

    let (o, out) = pack(
        &rapid_review_decided("no_review", ""),
        tmp.path(),
        "rr-bare",
    );
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(
        said(&o).contains("11(a), 11(b), 11(c) answered yes")
            && said(&o).contains("decided not to commission one and the case gives no reasons"),
        "{}",
        said(&o)
    );
    assert!(!out.exists());

    let (o, out) = pack(
        &rapid_review_decided("no_review", why),
        tmp.path(),
        "rr-none",
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let docs = documents(&out);
    let stages: std::collections::BTreeSet<&str> = docs
        .iter()
        .map(|(n, _)| n.split('/').next().unwrap())
        .collect();
    assert_eq!(
        stages.into_iter().collect::<Vec<_>>(),
        ["01-notification", "02-rapid-review", "03-decision"]
    );
    let pointing = "The partners' answers point towards a local child safeguarding practice review (11(a), 11(b) and 11(c) answered yes).";
    let decided = "The safeguarding partners decided on 8 January 2025 not to commission a local child safeguarding practice review.";
    for (name, text) in &docs {
        assert!(
            said_twice(text).is_empty(),
            "{name}: {:?}",
            said_twice(text)
        );
    }
    let text = |end: &str| {
        docs.iter()
            .find(|(n, _)| n.ends_with(end))
            .map(|(_, t)| t.clone())
            .unwrap()
    };
    let sign_off = text("partners-sign-off.docx");
    assert!(
        sign_off.contains(&format!(
            "The decision\n{pointing} {decided}\nReasons: {why}"
        )),
        "{sign_off}"
    );
    let report = text("rapid-review-report.docx");
    assert!(
        report.contains(&format!(
            "Decision on a local child safeguarding practice review\n{decided}\nReasons: {why}"
        )),
        "{report}"
    );
    assert!(report.contains(pointing), "{report}");

    // An alternative: its notice says where the answers pointed, not the notification duty.
    let (o, out) = pack(
        &rapid_review_decided("alternative", why),
        tmp.path(),
        "rr-alt",
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let notice = documents(&out)
        .into_iter()
        .find(|(n, _)| n.ends_with("westmere-police/notice-of-alternative-review.docx"))
        .unwrap()
        .1;
    assert!(
        notice.contains(&format!(
            "Why an alternative review\n{pointing}\nThe reasons for the decision: {why}"
        )),
        "{notice}"
    );
    assert!(!notice.contains("must be notified"), "{notice}");
}
