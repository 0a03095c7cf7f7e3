//! `scr pack`, `scr draft` and the built-in templates, read back document by document.

mod common;

use common::{assert_sound, body};
use scrkit::docset::{ALL, DocKind};
use scrkit::docx::{Package, Tree, story_parts};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr"))
}

/// All text of every story part (body, headers, footers, properties), for searching.
fn all_text(docx: &[u8]) -> String {
    let pkg = Package::from_bytes(docx.to_vec()).unwrap();
    let mut s = String::new();
    for part in story_parts(&pkg) {
        let tree = Tree::parse(&pkg.read_text(&part.name).unwrap()).unwrap();
        s.push_str(&tree.text_content(0));
        s.push('\n');
    }
    s
}

/// Headings (Heading 1) of the body, in order.
fn headings(docx: &[u8]) -> Vec<String> {
    let pkg = Package::from_bytes(docx.to_vec()).unwrap();
    let tree = Tree::parse(&pkg.read_text("word/document.xml").unwrap()).unwrap();
    tree.descendants(0)
        .into_iter()
        .filter(|&p| tree.is(p, "w:p"))
        .filter(|&p| {
            tree.child(p, "w:pPr")
                .and_then(|x| tree.child(x, "w:pStyle"))
                .and_then(|s| tree.attr(s, "w:val"))
                .as_deref()
                == Some("Heading1")
        })
        .map(|p| tree.text_content(p))
        .collect()
}

fn pack(out: &Path, extra: &[&str]) -> std::process::Output {
    scr()
        .arg("pack")
        .arg(root().join("samples/case.json"))
        .arg("--out")
        .arg(out)
        .args(["--date", "2016-03-22", "--quiet"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn the_committed_templates_are_what_the_generator_writes() {
    for k in ALL {
        let committed = std::fs::read(root().join("templates").join(k.file_name())).unwrap();
        assert!(
            committed == k.generate(),
            "templates/{} is out of date: run `cargo run -- templates export --out templates --from-source --force`",
            k.file_name()
        );
        assert_eq!(committed, k.builtin());
    }
}

#[test]
fn every_built_in_template_compiles_without_a_problem() {
    for k in ALL {
        let c = scrkit::template::compile_bytes(k.builtin().to_vec(), &k.file_name());
        assert!(
            c.diagnostics.is_empty(),
            "{}: {:#?}",
            k.file_name(),
            c.diagnostics
        );
        assert!(!c.tags.is_empty());
    }
}

/// The sections each document must have, in order (independent of the generator's source).
fn expected_sections(kind: DocKind) -> &'static [&'static str] {
    match kind {
        DocKind::CoveringLetter => &[
            "What we ask of your agency",
            "When and how to return it",
            "Enclosures",
        ],
        DocKind::AlternativeReviewNotice => &[
            "Why an alternative review",
            "What we ask of your agency",
            "Monitoring by the Board",
            "When and how to return it",
            "Enclosures",
        ],
        DocKind::AlternativeTermsOfReference => &[
            "Why an alternative review",
            "The review chosen",
            "Background",
            "Scope",
            "Agencies taking part",
            "Key lines of enquiry",
            "Involvement of practitioners and the family",
            "Monitoring by the Board",
            "Timescales",
        ],
        DocKind::RequestForInformation => &[
            "Why we are asking",
            "The child and family",
            "Information sharing",
            "Your agency's involvement",
            "Practice questions",
            "Parallel processes",
            "Declaration",
        ],
        DocKind::TermsOfReference => &[
            "Background",
            "Scope",
            "Methodology",
            "Chair and reviewers",
            "Panel membership",
            "Agencies and what each returns",
            "Key lines of enquiry",
            "Involvement of practitioners",
            "Involvement of the family",
            "Information sharing and consent",
            "Parallel processes",
            "Timescales",
            "Publication",
        ],
        DocKind::ManagementReview => &[
            "Agency and author",
            "Independence of the author",
            "Records secured",
            "Timespan of the review",
            "Sources",
            "Context",
            "The agency's involvement",
            "Analysis against the lines of enquiry",
            "Good practice",
            "What should have happened",
            "Learning",
            "Recommendations and action plan",
        ],
        DocKind::Referral => &[
            "Referrer",
            "The child",
            "Family and significant others",
            "Agencies involved",
            "What happened",
            "Criteria",
            "Key dates",
            "Securing records",
            "Panel recommendation and decision",
        ],
        DocKind::Decision => &[
            "The referral",
            "The criteria",
            "Panel recommendation",
            "Independent Chair's decision",
            "Deadlines",
            "Notifications",
        ],
        DocKind::Notification => &["Decision", "Reviewers appointed", "Contact"],
        DocKind::ActionPlan => &["Actions", "Monitoring"],
        DocKind::ProgressReport => &["Summary", "Actions needing attention", "Other actions"],
        DocKind::ActionsPublished => &[
            "The review's recommendations",
            "Actions already taken and their impact",
            "What more will be done",
            "How progress is monitored",
        ],
        DocKind::FinalReport => &[
            "Introduction",
            "Process and methodology",
            "Panel membership",
            "Family involvement",
            "Parallel processes",
            "Summary of the case",
            "Analysis",
            "Findings",
            "Good practice",
            "Recommendations",
            "Actions already taken and their impact",
            "What more will be done",
        ],
        DocKind::MergedChronology => &["Entries", "Possible duplicates", "Gaps", "Missing returns"],
        DocKind::AgencySummaries => &[
            "Agency involvement",
            "Key practice episodes",
            "Immediate action taken",
            "Early learning",
            "Summaries received",
        ],
        DocKind::SeriousIncidentNotification => &[
            "The child",
            "The incident",
            "Agencies involved",
            "When the local authority became aware and when it notified",
            "The duty to notify",
        ],
        DocKind::RapidReviewLetter => &[
            "What we ask of your agency",
            "When and how to return it",
            "The rapid review meeting",
            "Enclosures",
        ],
        DocKind::RapidReviewReport => &[
            "The facts as far as readily established",
            "Agency involvement",
            "Key practice episodes",
            "Immediate safety action",
            "Learning and improvements identified",
            "The child's identity and needs",
            "Decision on a local child safeguarding practice review",
            "View on a national review",
            "Sign-off",
        ],
        DocKind::PartnersSignOff => &["The decision", "Signed off by the safeguarding partners"],
        DocKind::PanelResponse => &[
            "The local review",
            "A national review",
            "The Panel's comments",
            "What the partners will do",
        ],
        DocKind::PublicationNotice => &["The report", "Publication", "Enclosures", "Contact"],
    }
}

#[test]
fn a_pack_has_every_document_for_every_agency_filled_from_the_case() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&out, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let case: scrkit::case::Case =
        serde_json::from_slice(&std::fs::read(root().join("samples/case.json")).unwrap()).unwrap();
    let check = |path: &Path, kind: DocKind, must: &[&str]| {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_sound(&bytes);
        let text = all_text(&bytes);
        for m in must {
            assert!(text.contains(m), "{} lacks {m:?}", path.display());
        }
        assert!(
            text.contains("OFFICIAL-SENSITIVE") && text.contains("SCR-2016-03"),
            "{}",
            path.display()
        );
        let h = headings(&bytes);
        let want = expected_sections(kind);
        let mut at = 0;
        for w in want {
            match h[at..].iter().position(|x| x == w) {
                Some(i) => at += i + 1,
                None => panic!(
                    "{}: section {w:?} missing or out of order in {h:?}",
                    path.display()
                ),
            }
        }
    };
    // The pack is laid out by stage: each stage's documents in a folder of their own.
    let c = |stage: &str| out.join(stage);
    check(
        &c("01-referral").join("referral-form.docx"),
        DocKind::Referral,
        &[
            "Maisie Thornbury",
            "Kerry Thornbury",
            "999 234 5675",
            "Elm Street Surgery",
        ],
    );
    check(
        &c("03-decision").join("panel-recommendation-and-decision.docx"),
        DocKind::Decision,
        // "Initiate a review": the case's words for its codes reach the engine (`label`).
        &[
            "criteria for a Serious Case Review are met",
            "done on time",
            "Initiate a review",
        ],
    );
    for (r, name) in [
        ("ofsted", "Ofsted"),
        ("dfe", "Department for Education"),
        ("national-panel", "National Panel"),
    ] {
        check(
            &c("04-notification").join(format!("notification-{r}.docx")),
            DocKind::Notification,
            &[name, "Simon Achterberg"],
        );
    }
    check(
        &c("05-commissioning").join("terms-of-reference.docx"),
        DocKind::TermsOfReference,
        &["1 March 2015", "How well did agencies identify"],
    );
    check(
        &c("07-report").join("learning-and-action-plan.docx"),
        DocKind::ActionPlan,
        // Filled from the case's chain: owners by name, dates as words.
        &["Recommendation R1:", "Northbrook Police", "31 March 2017"],
    );
    for a in &case.agencies {
        let folder = scrkit::pack::agency_folder(&case, &a.id);
        let dir = out.join("05-commissioning/agencies").join(&folder);
        let asked = out.join("02-information-gathering/agencies").join(&folder);
        check(
            &dir.join("covering-letter.docx"),
            DocKind::CoveringLetter,
            // Dated the day the review was initiated, as the case records it, not --date.
            &[&a.name, &a.contact.name, "21 March 2016"],
        );
        check(
            &asked.join("request-for-information.docx"),
            DocKind::RequestForInformation,
            &[&a.name, "Maisie Thornbury"],
        );
        check(
            &dir.join("terms-of-reference.docx"),
            DocKind::TermsOfReference,
            &[&a.name],
        );
        let imr = dir.join("management-review.docx");
        assert_eq!(
            imr.exists(),
            a.returns.management_review,
            "{}",
            imr.display()
        );
        if a.returns.management_review {
            check(
                &imr,
                DocKind::ManagementReview,
                &[&a.name, "Were injuries to Child A recognised"],
            );
        }
        let wb = dir.join(format!("chronology-{}.xlsx", a.id));
        assert_eq!(wb.exists(), a.returns.chronology);
    }
    // The covering letter lists what the agency is asked for, and only that.
    let gp = std::fs::read(
        out.join("05-commissioning/agencies/elm-street-surgery/covering-letter.docx"),
    )
    .unwrap();
    let t = body(&gp).join("\n");
    assert!(t.contains("a chronology and a background report"), "{t}");
    assert!(!t.contains("individual management review should"), "{t}");
}

#[test]
fn a_pack_refuses_to_overwrite_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert_eq!(pack(&out, &["--only", "referral"]).status.code(), Some(0));
    let before = std::fs::read(out.join("01-referral/referral-form.docx")).unwrap();
    let again = pack(&out, &["--only", "referral"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read(out.join("01-referral/referral-form.docx")).unwrap(),
        before
    );
    assert_eq!(
        pack(&out, &["--only", "referral", "--force"]).status.code(),
        Some(0)
    );
}

#[test]
fn only_and_agency_narrow_the_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(
        &out,
        &[
            "--agency",
            "police",
            "--only",
            "covering-letter",
            "--only",
            "chronology_workbook",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut files: Vec<String> = walk(&out)
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().display().to_string())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "05-commissioning/agencies/northbrook-police/chronology-police.xlsx",
            "05-commissioning/agencies/northbrook-police/covering-letter.docx"
        ]
    );
    // An item a pack does not hold is a usage error (exit 2), with the items to choose from.
    let bad = pack(&tmp.path().join("o2"), &["--only", "memo"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("choose from: referral"));
    let bad = pack(&tmp.path().join("o3"), &["--agency", "fire"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("agency ids are"));
    let bad = pack(&tmp.path().join("o4"), &["--stage", "rapid-review"]);
    assert_eq!(bad.status.code(), Some(2));
    // Arguments are checked before the output folder is made or locked.
    for o in ["o2", "o3", "o4"] {
        assert!(!tmp.path().join(o).exists(), "{o} was made");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            // The folder's lock too, were it left: it is no record, and a run removes it.
            v.push(p);
        }
    }
    v
}

#[test]
fn a_zip_made_with_a_password_opens_only_with_that_password() {
    let tmp = tempfile::tempdir().unwrap();
    let pw = tmp.path().join("pw.txt");
    std::fs::write(&pw, "correct horse battery staple\n").unwrap();
    let out = tmp.path().join("out");
    let o = pack(
        &out,
        &["--agency", "gp", "--password-file", pw.to_str().unwrap()],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let zip_path = out.join("05-commissioning/agencies/elm-street-surgery.zip");
    let bytes = std::fs::read(&zip_path).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = z.file_names().flatten().map(|n| n.into_owned()).collect();
    assert!(
        names.contains(&"covering-letter.docx".to_string()),
        "{names:?}"
    );
    {
        use std::io::Read;
        // Without the password, or with a wrong one, nothing can be read.
        assert!(z.by_name("covering-letter.docx").is_err());
        let wrong_fails = match z.by_name_decrypt("covering-letter.docx", b"wrong") {
            Err(_) => true,
            Ok(mut f) => {
                let mut s = Vec::new();
                f.read_to_end(&mut s).is_err()
            }
        };
        assert!(wrong_fails, "a wrong password opened the zip");
        let mut f = z
            .by_name_decrypt("covering-letter.docx", b"correct horse battery staple")
            .unwrap();
        let mut doc = Vec::new();
        f.read_to_end(&mut doc).unwrap();
        assert!(all_text(&doc).contains("Elm Street Surgery"));
    }
    // The unencrypted folder is not written alongside.
    assert!(
        !out.join("05-commissioning/agencies/elm-street-surgery")
            .exists()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&zip_path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn the_draft_report_identifies_nobody() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.docx");
    let o = scr()
        .arg("draft")
        .arg(root().join("samples/case.json"))
        .arg("-o")
        .arg(&out)
        .args(["--date", "2016-08-01"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_sound(&bytes);
    let text = all_text(&bytes).to_lowercase();
    for banned in [
        "maisie",
        "thornbury",
        "kerry",
        "carver",
        "tyler",
        "whitlock",
        "deano",
        "pauline",
        "larkspur",
        "nb4 7qt",
        "nb47qt",
        "999 234 5675",
        "2 march 2013",
        "02/03/2013",
        "14 february 2016",
        "12 february 2016",
        "qq 12 34 56 c",
        "07700 900 412",
        "kerry.t@mail",
        // The school and GP practice locate the child: named only by their kind.
        "ashgrove",
        "elm street",
    ] {
        assert!(!text.contains(banned), "the draft contains {banned:?}");
    }
    for must in [
        "child a",
        "mother's partner",
        "february 2016",
        "summary of the case",
        "[to be completed",
        "the school",
        "the gp practice",
    ] {
        assert!(text.contains(must), "the draft lacks {must:?}");
    }
    let h = headings(&bytes);
    let want = expected_sections(DocKind::FinalReport);
    assert_eq!(h, want, "sections of the final report");
}

/// The draft is read as a careful writer would sign it: a day reduced to its month reads "in
/// February 2016", a scope is month to month, the child's age and the decision are said once,
/// and no sentence opens with a numeral.
#[test]
fn the_draft_reads_as_written_english() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.docx");
    let o = scr()
        .arg("draft")
        .arg(root().join("samples/case.json"))
        .arg("-o")
        .arg(&out)
        .args(["--date", "2016-08-01"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = all_text(&std::fs::read(&out).unwrap());
    let lower = text.to_lowercase();
    assert!(!lower.contains("on february 2016"), "{text}");
    assert!(lower.contains("injury in february 2016"), "{text}");
    assert!(lower.contains("from march 2015 to february 2016"), "{text}");
    assert_eq!(
        lower.matches("aged ").count(),
        1,
        "the age said once: {text}"
    );
    assert_eq!(
        lower.matches("criteria").count(),
        1,
        "the decision said once: {text}"
    );
    let mut seen = std::collections::BTreeSet::new();
    for sentence in text
        .split(['.', '\n'])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() > 4)
    {
        assert!(seen.insert(sentence), "said twice: {sentence:?}");
        assert!(
            !sentence.starts_with(|c: char| c.is_ascii_digit()) || sentence.len() < 3,
            "a sentence opens with a numeral: {sentence:?}"
        );
    }
}

#[test]
fn a_boards_own_templates_are_checked_before_use() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tpl");
    assert!(
        scr()
            .args(["templates", "export", "--out"])
            .arg(&dir)
            .status()
            .unwrap()
            .success()
    );
    // Break one template: an unclosed block, and remove another.
    let letter = dir.join("covering-letter.docx");
    let pkg = Package::from_bytes(std::fs::read(&letter).unwrap()).unwrap();
    let xml = pkg
        .read_text("word/document.xml")
        .unwrap()
        .replacen("{{/if}}", "", 1);
    let mut parts = std::collections::BTreeMap::new();
    parts.insert("word/document.xml".to_string(), xml.into_bytes());
    let broken = pkg
        .write_to(std::io::Cursor::new(Vec::new()), &parts)
        .unwrap()
        .into_inner();
    std::fs::write(&letter, broken).unwrap();
    std::fs::remove_file(dir.join("management-review.docx")).unwrap();
    // In the Terms of Reference, drop the "Scope" section and the independent chair's name.
    let tor = dir.join("terms-of-reference.docx");
    let pkg = Package::from_bytes(std::fs::read(&tor).unwrap()).unwrap();
    let xml = pkg
        .read_text("word/document.xml")
        .unwrap()
        .replace(">Scope<", ">Extent<")
        .replace("{{review.independent_chair}}", "the chair");
    let mut parts = std::collections::BTreeMap::new();
    parts.insert("word/document.xml".to_string(), xml.into_bytes());
    let edited = pkg
        .write_to(std::io::Cursor::new(Vec::new()), &parts)
        .unwrap()
        .into_inner();
    std::fs::write(&tor, edited).unwrap();
    let out = tmp.path().join("out");
    let o = pack(&out, &["--templates", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("covering-letter.docx") && text.contains("never closed"),
        "{text}"
    );
    assert!(
        text.contains("management-review.docx") && text.contains("missing"),
        "{text}"
    );
    assert!(
        !out.join("01-referral").exists(),
        "nothing is written when a template is refused"
    );
}

#[test]
fn a_draft_whose_template_names_the_child_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tpl");
    assert!(
        scr()
            .args(["templates", "export", "--out"])
            .arg(&dir)
            .status()
            .unwrap()
            .success()
    );
    let report = dir.join("final-report.docx");
    let pkg = Package::from_bytes(std::fs::read(&report).unwrap()).unwrap();
    let xml = pkg.read_text("word/document.xml").unwrap().replacen(
        "Draft prepared on",
        "Draft about Maisie Thornbury prepared on",
        1,
    );
    let mut parts = std::collections::BTreeMap::new();
    parts.insert("word/document.xml".to_string(), xml.into_bytes());
    std::fs::write(
        &report,
        pkg.write_to(std::io::Cursor::new(Vec::new()), &parts)
            .unwrap()
            .into_inner(),
    )
    .unwrap();
    let out = tmp.path().join("report.docx");
    let o = scr()
        .arg("draft")
        .arg(root().join("samples/case.json"))
        .args([
            "--templates",
            dir.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Maisie Thornbury") && text.contains("paragraph 2"),
        "{text}"
    );
    assert!(
        !out.exists(),
        "no draft is written when it would identify the child"
    );
}

/// The sample case with its referral facts and the Chair's decision replaced.
fn case_with(tmp: &Path, facts: serde_json::Value, decision: &str, reasons: &str) -> PathBuf {
    let mut c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("samples/case.json")).unwrap())
            .unwrap();
    for (k, v) in facts.as_object().unwrap() {
        c["referral"]["facts"][k] = v.clone();
    }
    c["decision"]["chair_decision"] = decision.into();
    c["decision"]["decision_reasons"] = reasons.into();
    let path = tmp.join("case.json");
    std::fs::write(&path, serde_json::to_string(&c).unwrap()).unwrap();
    path
}

fn national_panel_letter(case: &Path, out: &Path) -> String {
    let o = scr()
        .arg("pack")
        .arg(case)
        .args(["--out"])
        .arg(out)
        .args(["--stage", "notification", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    all_text(&std::fs::read(out.join("04-notification/notification-national-panel.docx")).unwrap())
}

/// A notification of a decision not to review said "Why the criteria are not met" above "The
/// criteria for a Serious Case Review are met", and "decided: Initiate a review." read as codes.
#[test]
fn a_notification_says_what_was_decided_in_words_that_agree_with_the_criteria() {
    let tmp = tempfile::tempdir().unwrap();
    let initiate = national_panel_letter(&root().join("samples/case.json"), &tmp.path().join("a"));
    assert!(
        initiate.contains("decided to initiate a Serious Case Review."),
        "{initiate}"
    );
    assert!(!initiate.contains("decided:"), "{initiate}");

    let met_but_no_review = case_with(
        tmp.path(),
        serde_json::json!({}),
        "no_review",
        "A joint review with the neighbouring board covers the same events.",
    );
    let t = national_panel_letter(&met_but_no_review, &tmp.path().join("b"));
    assert!(
        t.contains("decided not to initiate a Serious Case Review."),
        "{t}"
    );
    assert!(!t.contains("Why the criteria are not met"), "{t}");
    assert!(
        t.contains("The criteria for a Serious Case Review are met, but the Independent Chair decided against one"),
        "{t}"
    );
    assert!(!t.contains("must be initiated"), "{t}");

    let not_met = case_with(
        tmp.path(),
        serde_json::json!({"abuse_or_neglect": "no"}),
        "no_review",
        "The child was not seriously harmed.",
    );
    let t = national_panel_letter(&not_met, &tmp.path().join("c"));
    assert!(t.contains("Why the criteria are not met"), "{t}");
    assert!(!t.contains("must be initiated"), "{t}");
    assert!(
        !t.contains("but the Independent Chair decided against"),
        "{t}"
    );
}

/// `--stage` makes one stage's documents; a stage the decision rules out is refused.
#[test]
fn a_stage_makes_its_own_documents_and_follows_the_decision() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&out, &["--stage", "information-gathering"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let files = walk(&out);
    assert!(!files.is_empty());
    assert!(
        files
            .iter()
            .all(|f| f.ends_with("request-for-information.docx")),
        "{files:?}"
    );
    let stdout = String::from_utf8_lossy(&o.stdout).to_string();
    let _ = stdout;

    let no_review = case_with(tmp.path(), serde_json::json!({}), "no_review", "Reasons.");
    let o = scr()
        .arg("pack")
        .arg(&no_review)
        .arg("--out")
        .arg(tmp.path().join("nr"))
        .args(["--stage", "commissioning", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("no review"));
    let bad = pack(&tmp.path().join("x"), &["--stage", "party"]);
    assert_eq!(bad.status.code(), Some(2));
}
