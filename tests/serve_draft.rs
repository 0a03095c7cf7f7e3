//! `scr serve`: the report draft made on a review's page is the one `scr draft` makes from the
//! merged chronology of the returns received, shown with its check and publication check,
//! downloaded and previewed; the merged chronology's files are made as `scr chronology merge
//! --keep-going` makes them, the agency summaries as `scr summary merge` and the action
//! trackers as `scr actions workbook`, the action plan as `scr actions` reports it; long work
//! shows progress through the one script the CSP allows.

mod common;
mod serve_common;

use common::body;
use scrkit::chronology::{self, Context, MergeOptions, MergeOutcome};
use scrkit::output::WritePolicy;
use scrkit::pack::{DraftOptions, draft};
use serve_common::{start, today};

const NAME: &str = "northbrook-child-a";
const RAPID: &str = "westmere-child-b-rapid-review";
const EMPTY: &str = "no-returns-yet";

fn audit(s: &serve_common::Server, name: &str) -> Vec<String> {
    let v = scrkit::audit::verify(&s.workspace.join(name).join("audit.jsonl")).unwrap();
    assert!(v.is_intact(), "{:?}", v.broken);
    v.entries.iter().map(|e| e.action.clone()).collect()
}

/// What the CLI makes: `scr chronology merge --keep-going` of the same returns, then
/// `scr draft --chronology` of its workbook.
fn cli_draft(review: &std::path::Path) -> Vec<u8> {
    let case = scrkit::case::load(&review.join("case.json")).case.unwrap();
    let mut returns: Vec<_> = std::fs::read_dir(review.join("returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    returns.sort();
    let tmp = tempfile::tempdir().unwrap();
    let ctx = Context::for_case(&case, today());
    let opts = MergeOptions {
        keep_going: true,
        ..MergeOptions::default()
    };
    let (_, outcome) = chronology::merge_into(
        tmp.path(),
        WritePolicy::default(),
        &returns,
        &ctx,
        opts,
        None,
        &|_| {},
    )
    .unwrap();
    let MergeOutcome::Written { written, .. } = outcome else {
        panic!("the CLI's merge was refused")
    };
    let xlsx = written
        .into_iter()
        .find(|p| p.extension().unwrap() == "xlsx");
    draft(
        &case,
        &DraftOptions {
            today: today(),
            templates: Default::default(),
            chronology: xlsx,
        },
    )
    .unwrap()
}

#[test]
fn the_draft_is_made_from_the_merged_chronology_checked_downloaded_and_previewed() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let review = s.workspace.join(NAME);

    let before = s.get(&format!("/review/{NAME}/draft"), Some(&cookie));
    assert_eq!(before.status, 200);
    assert!(before.text().contains("No draft has been made yet"));
    assert_eq!(
        s.form(&format!("/review/{NAME}/make/draft"), &cookie, "csrf=0")
            .status,
        403
    );
    assert!(!review.join("out/draft").exists());

    let r = s.form(
        &format!("/review/{NAME}/make/draft"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location").unwrap(),
        format!("/review/{NAME}/draft?made=1")
    );
    let page = s.get(&format!("/review/{NAME}/draft?made=1"), Some(&cookie));
    assert_eq!(page.status, 200);
    let html = page.text();
    serve_common::assert_no_inline_script(&html);
    assert!(html.contains("The draft was made"), "{html}");
    assert!(
        html.contains("Case review report (from its ScrKind property)"),
        "{html}"
    );
    assert!(html.contains("Nothing identifying found"), "{html}");
    // The sections a person must write are its to-do list, each with its place.
    assert!(html.contains("placeholder"), "{html}");
    assert!(html.contains("Document body"), "{html}");

    // The same words as the CLI's draft of the same returns: the key entries of the merge.
    let href = format!("/review/{NAME}/made/draft/report-draft.docx");
    assert!(html.contains(&format!("href=\"{href}\"")));
    let got = s.get(&href, Some(&cookie));
    assert_eq!(got.status, 200);
    assert!(got.body.starts_with(b"PK"));
    let cli = cli_draft(&review);
    assert_eq!(body(&got.body), body(&cli));
    let text = body(&got.body).join("\n");
    assert!(text.contains("[To be completed"), "{text}");
    assert!(
        !text.contains("Maisie") && !text.contains("Thornbury"),
        "{text}"
    );
    common::assert_sound(&got.body);

    // The merge it read is the review's own, in out/chronology/.
    for f in ["merged-chronology.xlsx", "merged-chronology.docx"] {
        assert!(review.join("out/chronology").join(f).is_file(), "{f}");
    }
    let actions = audit(&s, NAME);
    for a in [
        "chronology merge",
        "draft",
        "document check",
        "document downloaded",
    ] {
        assert!(actions.contains(&a.to_string()), "{a}: {actions:?}");
    }

    // As pages: a PDF where LibreOffice is installed, else why not and the download instead.
    let preview = s.get(&format!("/review/{NAME}/draft/preview"), Some(&cookie));
    assert_eq!(preview.status, 200);
    if preview.header("content-type").as_deref() == Some("application/pdf") {
        assert!(preview.body.starts_with(b"%PDF"));
    } else {
        assert!(preview.text().contains(&format!("href=\"{href}\"")));
    }

    // The review page links the draft and offers to make it again.
    let html = s.get(&format!("/review/{NAME}"), Some(&cookie)).text();
    assert!(html.contains(&format!("href=\"/review/{NAME}/draft\"")));
    assert!(html.contains("Make the draft again"));
}

#[test]
fn a_review_without_returns_gets_a_draft_without_a_chronology() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    // The rapid review's case in a folder of its own, before any return has come.
    let bytes = std::fs::read(s.workspace.join(RAPID).join("case.json")).unwrap();
    let ws = scrkit::workspace::Workspace::open(&s.workspace).unwrap();
    ws.create_review(EMPTY, "case.json", &bytes, "tester")
        .unwrap();
    let r = s.form(
        &format!("/review/{EMPTY}/make/draft"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let html = s
        .get(&format!("/review/{EMPTY}/draft"), Some(&cookie))
        .text();
    assert!(
        html.contains("No chronology returns have come yet"),
        "{html}"
    );
    assert!(html.contains("Nothing identifying found"), "{html}");
    assert!(!s.workspace.join(EMPTY).join("out/chronology").exists());

    // Its merged chronology cannot be made: said at the button, on the review page.
    let r = s.form(
        &format!("/review/{EMPTY}/make/chronology"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    let summary = &html[html.find("error-summary").unwrap()..];
    assert!(summary.contains("href=\"#make-chronology\""), "{summary}");
    assert!(
        summary.contains("No chronology returns have come yet"),
        "{summary}"
    );
}

#[test]
fn the_merged_chronologys_files_are_made_and_downloaded() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let r = s.form(
        &format!("/review/{NAME}/make/chronology"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let html = s
        .get(&format!("/review/{NAME}?done=chronology"), Some(&cookie))
        .text();
    let files = [
        "merged-chronology.docx",
        "merged-chronology.xlsx",
        "problems.json",
        "problems.txt",
    ];
    for f in files {
        assert!(
            html.contains(&format!("href=\"/review/{NAME}/made/chronology/{f}\"")),
            "{f}"
        );
    }
    let xlsx = s.get(
        &format!("/review/{NAME}/made/chronology/merged-chronology.xlsx"),
        Some(&cookie),
    );
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK"));
    let on_disk = std::fs::read(
        s.workspace
            .join(NAME)
            .join("out/chronology/merged-chronology.xlsx"),
    )
    .unwrap();
    assert_eq!(xlsx.body, on_disk);
    let v = scrkit::audit::verify(&s.workspace.join(NAME).join("audit.jsonl")).unwrap();
    let merge = v
        .entries
        .iter()
        .find(|e| e.action == "chronology merge")
        .unwrap();
    // The returns read and the four files written, each with its hash.
    assert!(
        merge
            .files
            .iter()
            .any(|f| f.sha256 == scrkit::audit::sha256_hex(&on_disk))
    );
    assert!(merge.files.len() >= 4 + 5, "{:?}", merge.files);
}

#[test]
fn long_work_shows_progress_through_the_servers_own_script_only() {
    let s = start(true);
    let (cookie, _) = s.sign_in();
    let csp = s
        .get("/", Some(&cookie))
        .header("content-security-policy")
        .unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe") && !csp.contains("http"), "{csp}");

    let js = s.get("/assets/working.js", Some(&cookie));
    assert_eq!(js.status, 200);
    assert_eq!(
        js.header("content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    let js = js.text();
    for needed in ["data-working", "disabled", "Working…", "aria-busy"] {
        assert!(js.contains(needed), "{needed}");
    }
    assert!(!js.contains("fetch(") && !js.contains("XMLHttpRequest") && !js.contains("eval("));
    assert_eq!(s.get("/assets/working.js", None).status, 401);

    // Every form that starts long work is marked, and carries a status line to announce it.
    for page in [format!("/review/{NAME}"), format!("/review/{NAME}/draft")] {
        let html = s.get(&page, Some(&cookie)).text();
        serve_common::assert_no_inline_script(&html);
        assert!(html.contains("<script src=\"/assets/working.js\" defer></script>"));
        let forms: Vec<&str> = html.split("<form").skip(1).collect();
        let marked: Vec<&&str> = forms
            .iter()
            .filter(|f| f.contains("data-working="))
            .collect();
        assert!(!marked.is_empty(), "{page}");
        for f in marked {
            let f = &f[..f.find("</form>").unwrap()];
            assert!(
                f.contains("role=\"status\" aria-live=\"polite\" data-working-status"),
                "{page}: {f}"
            );
        }
        for action in [
            "/pack\"",
            "/make/draft\"",
            "/make/chronology\"",
            "/checks\"",
        ] {
            if let Some(f) = forms
                .iter()
                .find(|f| f.contains(&format!("action=\"/review/{NAME}{action}")))
            {
                assert!(
                    f.contains("data-working="),
                    "{page}: {action} is not marked"
                );
            }
        }
    }
}

#[test]
fn the_action_plan_is_shown_and_its_trackers_made() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let case = scrkit::case::load(&s.workspace.join(NAME).join("case.json"))
        .case
        .unwrap();
    let plan = scrkit::actions::action_report(&case, today());
    assert!(!plan.actions.is_empty());
    let html = s.get(&format!("/review/{NAME}"), Some(&cookie)).text();
    let section = &html[html.find("id=\"actions\"").unwrap()..html.find("id=\"pack\"").unwrap()];
    assert!(section.contains(&plan.counts.words()), "{section}");
    let body = &section[section.find("<tbody>").unwrap()..section.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr>").count(), plan.actions.len());
    for a in &plan.actions {
        assert!(body.contains(a.state_label), "{}", a.id);
    }

    let r = s.form(
        &format!("/review/{NAME}/make/trackers"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let html = s
        .get(&format!("/review/{NAME}?done=trackers"), Some(&cookie))
        .text();
    let owners = scrkit::actions::tracker_agencies(&case);
    assert!(!owners.is_empty());
    for id in &owners {
        let file = scrkit::actions::tracker_file_name(id);
        let href = format!("/review/{NAME}/made/trackers/{file}");
        assert!(html.contains(&format!("href=\"{href}\"")), "{file}");
        let got = s.get(&href, Some(&cookie));
        assert_eq!(got.status, 200);
        // The agency's open actions, read back by the tracker reader as unchanged.
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(&file);
        std::fs::write(&path, &got.body).unwrap();
        let m = scrkit::actions::merge_trackers(&case, &[path], today());
        assert!(m.is_clean(), "{:?}", m.diagnostics);
        assert_eq!(m.unchanged, scrkit::actions::open_actions(&case, id).len());
    }
    assert!(audit(&s, NAME).contains(&"action trackers".to_string()));
}

#[test]
fn the_agency_summaries_are_merged_or_refused_with_their_problems() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let review = s.workspace.join(RAPID);
    let html = s.get(&format!("/review/{RAPID}"), Some(&cookie)).text();
    assert!(html.contains("id=\"make-summaries\""));
    let r = s.form(
        &format!("/review/{RAPID}/make/summaries"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let docx = s.get(
        &format!("/review/{RAPID}/made/summaries/agency-summaries.docx"),
        Some(&cookie),
    );
    assert_eq!(docx.status, 200);
    // The words `scr summary merge` writes from the same summaries.
    let case = scrkit::case::load(&review.join("case.json")).case.unwrap();
    let mut received: Vec<_> = std::fs::read_dir(review.join("returns/summaries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    received.sort();
    let tmp = tempfile::tempdir().unwrap();
    let (_, outcome) = scrkit::summary::merge_into(
        tmp.path(),
        WritePolicy::default(),
        &received,
        &case,
        today(),
        None,
    )
    .unwrap();
    assert!(matches!(
        outcome,
        scrkit::summary::MergeOutcome::Written { .. }
    ));
    let cli = std::fs::read(tmp.path().join("agency-summaries.docx")).unwrap();
    assert_eq!(body(&docx.body), body(&cli));
    assert!(audit(&s, RAPID).contains(&"summary merge".to_string()));

    // A summary with an impossible date: the merge is refused, its problem in the error
    // summary linking to the button, and the last merge is left as it was.
    let csv = "Section,Date,End date,Subject,Role,Summary,Analysis\r\n\
               Involvement,31/02/2024,,The child,Officer,Officers attended the home once.,A \
               timely response.\r\n";
    let up = s.upload_with(
        &format!("/review/{RAPID}/returns"),
        &cookie,
        &[("csrf", &csrf), ("kind", "summary")],
        "police-again.csv",
        csv.as_bytes(),
    );
    assert_eq!(up.status, 303, "{}", up.text());
    let r = s.form(
        &format!("/review/{RAPID}/make/summaries"),
        &cookie,
        &format!("csrf={csrf}"),
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    let summary = &html[html.find("error-summary").unwrap()..html.find("</ul>").unwrap()];
    assert!(summary.contains("href=\"#make-summaries\""), "{summary}");
    assert!(summary.contains("row 2"), "{summary}");
    let kept = std::fs::read(review.join("out/summaries/agency-summaries.docx")).unwrap();
    assert_eq!(kept, docx.body);
}
