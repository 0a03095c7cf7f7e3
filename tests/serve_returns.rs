//! `scr serve`'s returns other than chronologies, over real HTTP: a rapid review's agency
//! summary and an action tracker uploaded, checked by the CLI's readers with problems at their
//! sheet, row and column, accepted only without errors (a tracker's updates then written into
//! the case file), each step in the audit log; and the chase list with each agency's secure
//! e-mail.

mod serve_common;

use serve_common::start;

const SCR: &str = "northbrook-child-a";
const RAPID: &str = "northbrook-child-b-rapid-review";

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
    let summaries = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rapid-review/summaries"),
    )
    .unwrap()
    .flatten()
    .map(|e| e.path())
    .find(|p| p.extension().is_some_and(|e| e == "xlsx"))
    .unwrap();
    let bytes = std::fs::read(&summaries).unwrap();
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
    assert!(html.contains("made for review RR-2024-11, not RR-2026-07"));
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
    assert!(html.contains(&case.agencies[0].name));
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
