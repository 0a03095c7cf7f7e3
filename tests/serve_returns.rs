//! `scr serve`'s returns other than chronologies, over real HTTP: a rapid review's agency
//! summary and an action tracker uploaded, checked by the CLI's readers with problems at their
//! sheet, row and column, accepted only without errors (a tracker's updates then written into
//! the case file), each step in the audit log; and the chase list with each agency's secure
//! e-mail.

mod serve_common;
mod workbook_edit;

use serve_common::start;

const SCR: &str = "northbrook-child-a";
const RAPID: &str = "westmere-child-b-rapid-review";

fn sample(path: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

fn upload_kind(
    s: &serve_common::Server,
    review: &str,
    cookie: &str,
    csrf: &str,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> serve_common::Reply {
    let b = "----scrkit-test-boundary";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{b}--\r\n").as_bytes());
    s.post(
        &format!("/review/{review}/returns"),
        cookie,
        "",
        &format!("multipart/form-data; boundary={b}"),
        &body,
    )
}

#[test]
fn summaries_and_trackers_are_checked_shown_by_cell_and_accepted() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    // The police summary of the sample, as if made for another review, its first item dated
    // before this review's period.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rapid-review");
    let mut other = scrkit::case::load(&dir.join("case.json")).case.unwrap();
    let checked = scrkit::summary::check(
        &[dir.join("summaries/police.xlsx")],
        Some(&other),
        serve_common::today(),
    );
    let mut rows = checked.summaries[0].rows.clone();
    rows[0].date = Some(scrkit::chronology::EntryDate::exact(
        chrono::NaiveDate::from_ymd_opt(2020, 1, 6).unwrap(),
    ));
    other.review.reference = "RR-2023-02".into();
    let bytes = scrkit::summary::workbook::filled(&other, "police", &rows).unwrap();
    let r = upload_kind(
        &s,
        RAPID,
        &cookie,
        &csrf,
        "summary",
        "police summary.xlsx",
        &bytes,
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let at = r.header("location").unwrap();
    assert_eq!(
        at,
        format!("/review/{RAPID}/received/summary/police-summary.xlsx")
    );
    let html = s.get(&at, Some(&cookie)).text();
    // The summary of another review: its problems at their places, and no accepting it.
    assert!(html.contains("agency summary received"), "{html}");
    let row = html
        .split("<tr>")
        .find(|t| t.contains("before the review&#39;s period"))
        .expect("a dated row's problem");
    assert!(
        row.contains("<td>Agency summary</td><td>2</td><td>B (Date)</td>"),
        "{row}"
    );
    assert!(
        html.contains("made for review RR-2023-02, not RR-2024-11"),
        "{html}"
    );
    assert!(!html.contains("Accept this agency summary"));
    assert!(!html.contains("(s)"));
    let r = s.form(&format!("{at}/accept"), &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 422, "a summary with errors was accepted");

    // A chronology workbook sent as a summary: refused by the summary reader, naming why.
    let chronology = sample("samples/rapid-review/chronologies/police.xlsx");
    let r = upload_kind(
        &s,
        RAPID,
        &cookie,
        &csrf,
        "summary",
        "police.xlsx",
        &chronology,
    );
    let html = s.get(&r.header("location").unwrap(), Some(&cookie)).text();
    assert!(html.contains("scr chronology check"), "{html}");

    // The review's own blank summary for an agency: no errors, accepted, recorded.
    let ws = scrkit::workspace::Workspace::open(&s.workspace).unwrap();
    let rapid = ws.review(RAPID).unwrap();
    let case = rapid.load(serve_common::today()).case.unwrap();
    let id = case.agencies[0].id.clone();
    let blank = scrkit::summary::workbook::blank(&case, &id).unwrap();
    let r = upload_kind(&s, RAPID, &cookie, &csrf, "summary", "summary.xlsx", &blank);
    let html = s.get(&r.header("location").unwrap(), Some(&cookie)).text();
    assert!(
        html.contains("the summary has no rows below its header"),
        "{html}"
    );
    let csv = "Section,Date,End date,Subject,Role,Summary,Analysis\r\n\
               Involvement,,,The child,Officer,Officers attended the home once.,A timely \
               response.\r\n";
    let r = upload_kind(
        &s,
        RAPID,
        &cookie,
        &csrf,
        "summary",
        &format!("{id}.csv"),
        csv.as_bytes(),
    );
    let at = r.header("location").unwrap();
    let html = s.get(&at, Some(&cookie)).text();
    assert!(html.contains("No errors"), "{html}");
    assert!(
        html.contains(&case.agencies[0].name.replace('\'', "&#39;")),
        "{html}"
    );
    assert!(html.contains("Accept this agency summary"));
    let r = s.form(&format!("{at}/accept"), &cookie, "csrf=forged");
    assert_eq!(r.status, 403);
    let r = s.form(&format!("{at}/accept"), &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.text());
    let html = s.get(&r.header("location").unwrap(), Some(&cookie)).text();
    assert!(html.contains("The agency summary was accepted."));
    assert!(html.contains("tag tag--green\">Accepted"));

    // An action tracker: the CLI's blank for the police, returned unchanged, accepted; a
    // tracker that is not a spreadsheet is refused at the upload.
    let scr = ws.review(SCR).unwrap();
    let case = scr.load(serve_common::today()).case.unwrap();
    let tracker = scrkit::actions::tracker_xlsx(&case, "police", None).unwrap();
    let r = upload_kind(
        &s,
        SCR,
        &cookie,
        &csrf,
        "tracker",
        "police-tracker.xlsx",
        &tracker,
    );
    let at = r.header("location").unwrap();
    assert_eq!(
        at,
        format!("/review/{SCR}/received/tracker/police-tracker.xlsx")
    );
    let html = s.get(&at, Some(&cookie)).text();
    assert!(html.contains("action tracker received"));
    assert!(html.contains("No errors"), "{html}");
    let r = s.form(&format!("{at}/accept"), &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(
        s.workspace
            .join(SCR)
            .join("returns/trackers/police-tracker.xlsx")
            .is_file()
    );
    let r = upload_kind(&s, SCR, &cookie, &csrf, "tracker", "tracker.csv", b"a,b\n");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("an action tracker must be a spreadsheet"));
    let r = upload_kind(&s, SCR, &cookie, &csrf, "nonsense", "x.csv", b"a,b\n");
    assert_eq!(r.status, 422);
    assert!(r.text().contains("Choose what the file is"));
    for bad in [
        "summary/..%2fcase.json",
        "nonsense/police.xlsx",
        "tracker/case.json",
    ] {
        let r = s.get(&format!("/review/{SCR}/received/{bad}"), Some(&cookie));
        assert_eq!(r.status, 404, "{bad}");
    }

    // The review page lists every kind received; the chase list gives each agency's secure
    // e-mail as a link.
    let html = s.get(&format!("/review/{SCR}"), Some(&cookie)).text();
    assert!(
        html.contains("police-tracker.xlsx</a> (action tracker: check it)"),
        "{html}"
    );
    assert!(html.contains("<th scope=\"col\">Secure e-mail</th>"));
    assert!(html.contains("href=\"mailto:elmstreet.safeguarding@nhs-northbrook.example\""));

    // The audit log: received, checked, accepted, intact.
    for (review, wanted) in [
        (
            RAPID,
            [
                "agency summary received",
                "agency summary check",
                "agency summary accepted",
            ],
        ),
        (
            SCR,
            [
                "action tracker received",
                "action tracker check",
                "action tracker accepted",
            ],
        ),
    ] {
        let v = scrkit::audit::verify(&scrkit::audit::log_path(&s.workspace.join(review))).unwrap();
        assert!(v.is_intact());
        for w in wanted {
            assert!(
                v.entries.iter().any(|e| e.action == w),
                "{w} not in {review}'s log"
            );
        }
    }
}

/// `v` written as a person might by hand: tabs, CRLF, keys in reverse order, a space before
/// each colon, and the board's name with an escaped letter.
fn hand_written(v: &serde_json::Value, indent: usize) -> String {
    let pad = |n: usize| "\t".repeat(n);
    match v {
        serde_json::Value::Object(m) if !m.is_empty() => {
            let items: Vec<String> = m
                .iter()
                .rev()
                .map(|(k, v)| {
                    format!(
                        "{}\"{k}\" : {}",
                        pad(indent + 1),
                        hand_written(v, indent + 1)
                    )
                })
                .collect();
            format!("{{\r\n{}\r\n{}}}", items.join(",\r\n"), pad(indent))
        }
        serde_json::Value::Array(a) if !a.is_empty() => {
            let items: Vec<String> = a
                .iter()
                .map(|v| format!("{}{}", pad(indent + 1), hand_written(v, indent + 1)))
                .collect();
            format!("[\r\n{}\r\n{}]", items.join(",\r\n"), pad(indent))
        }
        v => serde_json::to_string(v)
            .unwrap()
            .replace("Northbrook Local", "\\u004eorthbrook Local"),
    }
}

#[test]
fn accepting_a_tracker_changes_only_the_tracked_values_in_a_hand_formatted_case_file() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let case_path = s.workspace.join(SCR).join("case.json");
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&case_path).unwrap()).unwrap();
    let before = hand_written(&value, 0) + "\r\n";
    assert!(before.contains("\\u004eorthbrook"));
    std::fs::write(&case_path, &before).unwrap();

    // The csc's tracker, sent back with an update to action A2.
    let ws = scrkit::workspace::Workspace::open(&s.workspace).unwrap();
    let case = ws
        .review(SCR)
        .unwrap()
        .load(serve_common::today())
        .case
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let blank = tmp.path().join("csc.xlsx");
    std::fs::write(
        &blank,
        scrkit::actions::tracker_xlsx(&case, "csc", None).unwrap(),
    )
    .unwrap();
    let a2 = workbook_edit::row_of(&blank, "A2");
    let back = workbook_edit::rewrite(
        &blank,
        &[
            ("Actions", a2, "Update date", "15/09/2017"),
            ("Actions", a2, "RAG", "Amber"),
            (
                "Actions",
                a2,
                "Progress since the last update",
                "System prompt live.",
            ),
        ],
        tmp.path(),
    );
    let r = upload_kind(
        &s,
        SCR,
        &cookie,
        &csrf,
        "tracker",
        "csc.xlsx",
        &std::fs::read(&back).unwrap(),
    );
    let at = r.header("location").unwrap();
    let r = s.form(&format!("{at}/accept"), &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 303, "{}", r.text());

    // One insertion, in the file's own layout; every other byte as it was.
    let after = std::fs::read_to_string(&case_path).unwrap();
    let head = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let tail = before[head..]
        .bytes()
        .rev()
        .zip(after[head..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let removed = &before[head..before.len() - tail];
    let added = &after[head..after.len() - tail];
    assert_eq!(removed, "", "{added}");
    assert!(added.contains("\"System prompt live.\""), "{added}");
    assert!(
        added.contains("\r\n\t") && !added.contains("  "),
        "{added:?}"
    );
    assert!(
        added.contains("\" : ") && !added.contains("\": "),
        "{added:?}"
    );
    assert!(added.starts_with(",\r\n"), "{added:?}");
    let new = scrkit::case::load_as_of(&case_path, serve_common::today());
    assert!(
        new.diagnostics.iter().all(|d| !d.is_error()),
        "{:#?}",
        new.diagnostics
    );
    let a2_updates = |c: &scrkit::case::Case| c.learning.action("A2").unwrap().updates.len();
    assert_eq!(a2_updates(&new.case.unwrap()), a2_updates(&case) + 1);
}
