//! A pack a board sends as it is: each stage's documents dated by the case, nothing that
//! contradicts a deadline, a stage or another document, every value in words, and `scr check`
//! on a packed folder finding what does not read as one set.

mod common;

use common::body;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `scr ARGS... PATHS...`
fn scr(args: &[&str], paths: &[&Path]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr"));
    c.args(args);
    for p in paths {
        c.arg(p);
    }
    c.output().unwrap()
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sample() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("samples/case.json")).unwrap())
        .unwrap()
}

fn write_case(dir: &Path, case: &Value) -> PathBuf {
    let path = dir.join("case.json");
    std::fs::write(&path, serde_json::to_string_pretty(case).unwrap()).unwrap();
    path
}

/// `scr pack CASE --out OUT --quiet EXTRA...`
fn pack(case: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr"));
    c.arg("pack").arg(case).arg("--out").arg(out).arg("--quiet");
    c.args(extra).output().unwrap()
}

/// Every Word document under `dir`, with the text of its body.
fn documents(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "docx") {
                let text = body(&std::fs::read(&p).unwrap()).join("\n");
                out.push((p, text));
            }
        }
    }
    out.sort();
    out
}

fn text_of(dir: &Path, rel: &str) -> String {
    body(&std::fs::read(dir.join(rel)).unwrap()).join("\n")
}

/// Every letter was dated today (2026) against deadlines in 2016; the notifications ignored
/// the dates the case records for them.
#[test]
fn each_stages_documents_carry_the_date_of_its_event() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(
        &root().join("samples/case.json"),
        &out,
        &["--date", "05/12/2026"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let police = "05-commissioning/agencies/northbrook-police";
    let rfi = text_of(
        &out,
        "02-information-gathering/agencies/northbrook-police/request-for-information.docx",
    );
    assert!(rfi.contains("Date\n19 February 2016"), "{rfi}");
    let letter = text_of(&out, &format!("{police}/covering-letter.docx"));
    assert!(letter.starts_with("Northbrook"), "{letter}");
    assert!(letter.contains("\n21 March 2016\n"), "{letter}");
    for (body, sent) in [
        ("ofsted", "29 March 2016"),
        ("dfe", "29 March 2016"),
        ("national-panel", "30 March 2016"),
    ] {
        let t = text_of(&out, &format!("04-notification/notification-{body}.docx"));
        assert!(t.contains(&format!("\n{sent}\n")), "{body}: {t}");
    }
    let decision = text_of(&out, "03-decision/panel-recommendation-and-decision.docx");
    assert!(decision.contains("As at 21 March 2016"), "{decision}");
    // Only the progress report on the action plan is dated by --date: the plan as it stands
    // on the day it is made.
    let living = out.join("07-report/action-plan-progress-report.docx");
    let progress = text_of(&out, "07-report/action-plan-progress-report.docx");
    assert!(progress.contains("as at 5 December 2026"), "{progress}");
    for (path, text) in documents(&out).into_iter().filter(|(p, _)| *p != living) {
        assert!(
            !text.contains("5 December 2026"),
            "{} is dated by --date although the case records its date",
            path.display()
        );
    }
    // The pack made is one set.
    let o = scr(&["check"], &[&out]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
}

#[test]
fn a_document_dated_after_a_deadline_it_states_is_refused_naming_both_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = sample();
    c["terms_of_reference"]["timescales"]["information_due"] = json!("2016-02-10");
    let case = write_case(tmp.path(), &c);
    let o = pack(&case, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains("request for information would be dated 19 February 2016")
            && s.contains("(10 February 2016)"),
        "{s}"
    );
    assert!(!tmp.path().join("out/agencies").exists());
}

#[test]
fn a_document_dated_after_the_next_stage_began_is_refused_saying_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = sample();
    c["review"]["completed_on"] = Value::Null;
    let case = write_case(tmp.path(), &c);
    let o = pack(
        &case,
        &tmp.path().join("out"),
        &["--stage", "report", "--date", "2026-12-05"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains("would be dated 5 December 2026")
            && s.contains("ratification and publication stage began (20 February 2017"),
        "{s}"
    );
    assert!(
        s.contains("record in the case file the date the review was completed")
            && s.contains("--date"),
        "{s}"
    );
    // Given the day it was drawn up, it packs.
    let o = pack(
        &case,
        &tmp.path().join("out2"),
        &["--stage", "report", "--date", "2016-10-18"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
}

#[test]
fn a_decision_against_criteria_that_say_must_be_initiated_needs_its_reasons() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = sample();
    c["decision"]["chair_decision"] = json!("no_review");
    c["decision"]["decision_reasons"] = json!("");
    let case = write_case(tmp.path(), &c);
    let o = pack(&case, &tmp.path().join("out"), &["--stage", "notification"]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains("$.decision.decision_reasons") && s.contains("must be initiated"),
        "{s}"
    );
    c["decision"]["decision_reasons"] =
        json!("A joint review with the neighbouring board covers the same events.");
    let case = write_case(tmp.path(), &c);
    let o = pack(
        &case,
        &tmp.path().join("out2"),
        &["--stage", "notification"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let t = text_of(
        &tmp.path().join("out2"),
        "04-notification/notification-ofsted.docx",
    );
    assert!(
        t.contains(
            "decided not to initiate a Serious Case Review.\nThe reasons for the decision: A joint review"
        ),
        "{t}"
    );
}

#[test]
fn an_agency_without_a_secure_email_is_an_error_unless_delivered_another_way() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = sample();
    c["agencies"][2]["contact"]["email"] = json!("");
    let case = write_case(tmp.path(), &c);
    let o = scr(&["case", "check"], &[&case]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains("$.agencies[2].contact.email")
            && s.contains("Elm Street Surgery is to be sent a pack but has no secure e-mail"),
        "{s}"
    );
    assert!(s.contains("\"delivery\""), "{s}");
    let o = pack(&case, &tmp.path().join("out"), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));

    c["agencies"][2]["delivery"] = json!("by hand");
    let case = write_case(tmp.path(), &c);
    let o = scr(&["case", "check"], &[&case]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
}

/// "Referring agency: csc", "Dear DI Samuel Oyelaran": a case with other ids and names shows
/// each agency by its name and greets by rank and surname, so no sample word can pass for it.
#[test]
fn agencies_show_by_name_and_letters_greet_by_rank_and_surname_whatever_the_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("samples/case.json"))
        .unwrap()
        .replace("\"csc\"", "\"fam-svc\"");
    let mut c: Value = serde_json::from_str(&text).unwrap();
    c["agencies"][1]["name"] = json!("Riverside Family Services");
    c["agencies"][0]["contact"]["name"] = json!("DS Mary Quinn");
    c["agencies"][3]["contact"]["name"] = json!("Gillian Forsythe");
    let case = write_case(tmp.path(), &c);
    let out = tmp.path().join("out");
    let o = pack(&case, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let decision = text_of(&out, "03-decision/panel-recommendation-and-decision.docx");
    assert!(
        decision.contains("Referring agency\nRiverside Family Services"),
        "{decision}"
    );
    let referral = text_of(&out, "01-referral/referral-form.docx");
    assert!(
        referral.contains("Agency\nRiverside Family Services"),
        "{referral}"
    );
    let police = text_of(
        &out,
        "05-commissioning/agencies/northbrook-police/covering-letter.docx",
    );
    assert!(police.contains("Dear DS Quinn,"), "{police}");
    let hospital = text_of(
        &out,
        "05-commissioning/agencies/northbrook-general-hospital-nhs-trust/covering-letter.docx",
    );
    assert!(hospital.contains("Dear Gillian Forsythe,"), "{hospital}");
    let iso = regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").unwrap();
    for (path, text) in documents(&out) {
        let without_files = text.replace("chronology-fam-svc.xlsx", "");
        assert!(
            !without_files.contains("fam-svc"),
            "{} shows an agency id: {text}",
            path.display()
        );
        assert!(!iso.is_match(&text), "{}: {text}", path.display());
        assert!(!text.contains("scr "), "{}: {text}", path.display());
    }
}

/// The covering letter's enclosures left out the request for information and were written
/// by hand; nothing checked a pack as a set.
#[test]
fn a_covering_letter_lists_exactly_what_its_folder_holds_and_check_finds_otherwise() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&root().join("samples/case.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let police = out.join("05-commissioning/agencies/northbrook-police");
    let letter = text_of(&police, "covering-letter.docx");
    assert_eq!(
        enclosed(&letter),
        [
            "Terms of Reference",
            "Individual management review template",
            "Chronology workbook (chronology-police.xlsx)",
        ]
    );
    // The request for information went out before the decision: it is in its own stage's
    // folder, not beside the letter that says the review was decided on.
    assert!(!police.join("request-for-information.docx").exists());
    let asked = out.join("02-information-gathering/agencies/northbrook-police");
    let held: Vec<String> = std::fs::read_dir(&asked)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(held, ["request-for-information.docx"]);
    // Only the letter: it encloses nothing, and says so.
    let only = tmp.path().join("only");
    let o = pack(
        &root().join("samples/case.json"),
        &only,
        &["--only", "covering_letter", "--agency", "police"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let t = text_of(
        &only,
        "05-commissioning/agencies/northbrook-police/covering-letter.docx",
    );
    assert!(
        t.contains("Enclosures\nNothing is enclosed with this letter."),
        "{t}"
    );

    // A document gone from the folder: the letter lists what is not there.
    std::fs::remove_file(police.join("management-review.docx")).unwrap();
    std::fs::remove_file(police.join("chronology-police.xlsx")).unwrap();
    let o = scr(&["check"], &[&out]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains(
            "lists \"Individual management review template\", which its folder does not hold"
        ) && s.contains("lists \"Chronology workbook (chronology-police.xlsx)\""),
        "{s}"
    );
    assert!(s.contains("covering-letter.docx"), "{s}");
    // A file the letter does not list.
    std::fs::copy(
        out.join("01-referral/referral-form.docx"),
        police.join("referral-form.docx"),
    )
    .unwrap();
    let s = said(&scr(&["check"], &[&out]));
    assert!(
        s.contains("does not list referral-form.docx among its enclosures"),
        "{s}"
    );
}

/// A board's template that prints a raw date or code is refused by the pack's own check.
#[test]
fn a_pack_whose_documents_show_an_iso_date_or_a_code_is_not_written() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    let o = scr(&["templates", "export", "--out"], &[&templates]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let path = templates.join("covering-letter.docx");
    let bytes = std::fs::read(&path).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        if name == "word/document.xml" {
            let x = String::from_utf8(data).unwrap().replacen(
                "{{date today}}",
                "{{date today}}, ref. 2016-03-21 {{decision.chair_decision}}_review",
                1,
            );
            data = x.into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, &data).unwrap();
    }
    std::fs::write(&path, w.finish().unwrap().into_inner()).unwrap();
    let out = tmp.path().join("out");
    let o = pack(
        &root().join("samples/case.json"),
        &out,
        &[
            "--templates",
            templates.to_str().unwrap(),
            "--stage",
            "commissioning",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains("a date is written 2016-03-21, not in words"),
        "{s}"
    );
    assert!(s.contains("\"initiate_review\" is a code"), "{s}");
    assert!(s.contains("covering-letter.docx"), "{s}");
    assert!(!out.join("05-commissioning").exists());
}

/// A letter is laid out as one: the sender, the date and the recipient as address blocks set
/// apart (not a paragraph a line), the enclosures indented as a list, room to sign, and the
/// case's note of an agency's involvement as its own labelled line, not run on after a colon
/// with a capital letter.
#[test]
fn letters_are_laid_out_as_letters() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&root().join("samples/case.json"), &out, &[]);
    assert!(o.status.success(), "{}", said(&o));
    let letter = out.join("05-commissioning/agencies/northbrook-police/covering-letter.docx");
    let xml = scrkit::docx::Package::from_bytes(std::fs::read(&letter).unwrap())
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    let styled = |style: &str| xml.matches(&format!("w:pStyle w:val=\"{style}\"")).count();
    // Board name; recipient name and role; the signatory's name and role.
    assert_eq!(styled("Address"), 5, "{xml}");
    // The board's address, the date, the agency, and "Yours sincerely".
    assert_eq!(styled("AddressEnd"), 4, "{xml}");
    assert_eq!(styled("ListItem"), 3, "one per enclosure");
    let text = text_of(
        &out,
        "05-commissioning/agencies/northbrook-police/covering-letter.docx",
    );
    assert!(
        text.contains("What we know of your agency's involvement: Attended"),
        "{text}"
    );
    assert!(!text.contains("family: Attended"), "{text}");
}

/// The rows of `xml`'s tables: for each, whether it keeps together on a page and whether it
/// repeats as a header.
fn rows(xml: &str) -> Vec<(bool, bool)> {
    let start = regex::Regex::new(r"<w:tr[ >]").unwrap();
    start
        .find_iter(xml)
        .map(|m| {
            let rest = &xml[m.end()..];
            let head = &rest[..rest.find("<w:tc").unwrap_or(rest.len())];
            (
                head.contains("<w:cantSplit/>"),
                head.contains("<w:tblHeader/>"),
            )
        })
        .collect()
}

/// A table row broke across a page in LibreOffice (a date at the foot of one page, its entry
/// at the top of the next), and a long table's header showed on its first page only.
#[test]
fn no_row_of_a_built_in_table_breaks_across_a_page_and_headers_repeat() {
    for kind in scrkit::docset::ALL {
        let pkg = scrkit::docx::Package::from_bytes(kind.builtin().to_vec()).unwrap();
        let xml = pkg.read_text("word/document.xml").unwrap();
        let r = rows(&xml);
        assert!(
            r.iter().all(|(keep, _)| *keep),
            "{}: a row may break across a page",
            kind.id()
        );
        if kind.id() == "action_plan" {
            assert!(r.iter().any(|(_, header)| *header), "{xml}");
        }
    }
    // And in what a pack renders from them: rows repeated by the data keep the property.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&root().join("samples/case.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let plan = std::fs::read(out.join("07-report/learning-and-action-plan.docx")).unwrap();
    let xml = scrkit::docx::Package::from_bytes(plan)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    let r = rows(&xml);
    assert!(r.len() > 6, "{} rows", r.len());
    assert!(r.iter().all(|(keep, _)| *keep));
    assert!(r.iter().any(|(_, header)| *header));
}

/// The lines a letter lists under "Enclosures".
fn enclosed(letter: &str) -> Vec<String> {
    letter
        .split("\nEnclosures\n")
        .nth(1)
        .unwrap()
        .split("\nIf you have")
        .next()
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// The pack's check of enclosures read covering letters only, not the rapid review's day-1
/// letter; a 2018/2023 case's covering letter listed the rapid review letter, made at an
/// earlier stage, by its title alone; and a PDF made with --pdf was taken for an enclosure.
#[test]
fn every_letter_lists_exactly_its_own_folder_in_the_2018_process_too() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&root().join("samples/rapid-review/case.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let day1 = out.join("02-rapid-review/agencies/westmere-police");
    let commissioned = out.join("04-commissioning/agencies/westmere-police");
    assert_eq!(
        enclosed(&text_of(&commissioned, "covering-letter.docx")),
        [
            "Terms of Reference",
            "Chronology workbook (chronology-police.xlsx)"
        ]
    );
    assert_eq!(
        enclosed(&text_of(&day1, "rapid-review-letter.docx")),
        ["Agency summary workbook (agency-summary-police.xlsx)"]
    );
    std::fs::write(day1.join("rapid-review-letter.pdf"), b"%PDF-1.7").unwrap();
    let o = scr(&["check"], &[&out]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));

    std::fs::remove_file(day1.join("agency-summary-police.xlsx")).unwrap();
    std::fs::copy(
        commissioned.join("terms-of-reference.docx"),
        day1.join("terms-of-reference.docx"),
    )
    .unwrap();
    let o = scr(&["check"], &[&out]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    let s = said(&o);
    assert!(
        s.contains("the rapid review letter to agencies lists \"Agency summary workbook (agency-summary-police.xlsx)\", which its folder does not hold"),
        "{s}"
    );
    assert!(
        s.contains("the rapid review letter to agencies does not list terms-of-reference.docx among its enclosures"),
        "{s}"
    );
    assert!(!s.contains("rapid-review-letter.pdf"), "{s}");
}

/// The text of each paragraph that opens a table cell of `xml`.
fn cell_openings(xml: &str) -> Vec<String> {
    let cell = regex::Regex::new(r"(?s)<w:tc>.*?</w:tc>").unwrap();
    let para = regex::Regex::new(r"(?s)<w:p[ >].*?</w:p>").unwrap();
    let text = regex::Regex::new(r"<w:t(?: [^>]*)?>([^<]*)</w:t>").unwrap();
    cell.find_iter(xml)
        .filter_map(|c| para.find(c.as_str()))
        .map(|p| {
            text.captures_iter(p.as_str())
                .map(|t| t[1].to_string())
                .collect::<String>()
        })
        .collect()
}

/// Anonymising names a school "the school": the published statement's table opened a cell
/// with a small letter ("the school", "the GP practice").
#[test]
fn a_place_named_by_its_kind_opens_a_published_table_cell_with_a_capital() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(
        &root().join("samples/case.json"),
        &out,
        &["--stage", "publication"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let doc =
        std::fs::read(out.join("08-publication/actions-taken-and-their-impact.docx")).unwrap();
    let xml = scrkit::docx::Package::from_bytes(doc)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    let cells = cell_openings(&xml);
    assert!(cells.iter().any(|c| c == "The school"), "{cells:?}");
    assert!(
        !cells.iter().any(|c| c.starts_with("the ")),
        "a cell opens with a small letter: {cells:?}"
    );
}

/// A decision for an alternative review packed the Serious Case Review's own papers: covering
/// letters saying the Chair "decided to undertake a Serious Case Review", its Terms of
/// Reference and management review templates. An alternative review has documents of its own.
#[test]
fn an_alternative_review_gets_its_own_notice_and_terms_of_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = sample();
    c["referral"]["facts"]["abuse_or_neglect"] = json!("no");
    c["decision"]["recommendation"] = json!("alternative");
    c["decision"]["chair_decision"] = json!("alternative");
    c["decision"]["alternative_review"] =
        json!("A learning review led by the health visiting service, with a practitioner event.");
    c["decision"]["decision_reasons"] =
        json!("There is learning about how injuries to a baby who cannot crawl are recognised.");
    let case = write_case(tmp.path(), &c);
    let out = tmp.path().join("out");
    let o = pack(&case, &out, &["--stage", "commissioning"]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let police = out.join("05-commissioning/agencies/northbrook-police");
    let mut held: Vec<String> = std::fs::read_dir(&police)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    held.sort();
    assert_eq!(
        held,
        [
            "chronology-police.xlsx",
            "notice-of-alternative-review.docx",
            "terms-of-reference-alternative-review.docx",
        ]
    );
    assert!(
        out.join("05-commissioning/terms-of-reference-alternative-review.docx")
            .exists()
    );
    let notice = text_of(&police, "notice-of-alternative-review.docx");
    assert!(
        notice.contains("decided not to initiate a Serious Case Review and to commission an alternative form of case review instead.\nThe review chosen: A learning review led by the health visiting service"),
        "{notice}"
    );
    assert!(
        notice.contains("The criteria for a Serious Case Review are not met."),
        "{notice}"
    );
    assert!(notice.contains("project plan"), "{notice}");
    assert!(!notice.contains("decided to undertake"), "{notice}");
    assert_eq!(
        enclosed(&notice),
        [
            "Terms of Reference for an alternative review",
            "Chronology workbook (chronology-police.xlsx)"
        ]
    );
    let tor = text_of(&police, "terms-of-reference-alternative-review.docx");
    assert!(tor.contains("Date of decision\n21 March 2016"), "{tor}");
    assert!(tor.contains("Monitoring by the Board"), "{tor}");
    assert!(!tor.contains("Management review"), "{tor}");
    let o = scr(&["check"], &[&out]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));

    // A Serious Case Review's pack has none of them.
    let scr_out = tmp.path().join("scr");
    let o = pack(
        &root().join("samples/case.json"),
        &scr_out,
        &["--stage", "commissioning"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let all: Vec<PathBuf> = documents(&scr_out).into_iter().map(|(p, _)| p).collect();
    assert!(
        all.iter()
            .all(|p| !p.to_string_lossy().contains("alternative-review")),
        "{all:?}"
    );
}

/// Words of the sample replaced to make another fictional case: the board and its place, the
/// child and family, the school and surgery, the street.
const RENAMED: &[(&str, &str)] = &[
    ("Northbrook", "Eastvale"),
    ("northbrook", "eastvale"),
    ("Maisie", "Poppy"),
    ("Thornbury", "Ashdown"),
    ("Whitlock", "Merrow"),
    ("Kerry", "Jodie"),
    ("Carver", "Stannard"),
    ("Tyler", "Mason"),
    ("Pauline", "Brenda"),
    ("Ashgrove", "Fernhill"),
    ("Elm Street Surgery", "Castle Lane Medical Centre"),
    ("elmstreet", "castlelane"),
    ("Larkspur Close", "Juniper Way"),
];

/// The sample's agency ids and the ids of the other case: none is a word a document would
/// use, so one seen in a document is an id shown where its name belongs.
const IDS: &[(&str, &str)] = &[
    ("police", "ag-pol-7"),
    ("csc", "ag-cs-3"),
    ("gp", "ag-gp-9"),
    ("hospital", "ag-hos-4"),
    ("health-visiting", "ag-hv-6"),
    ("school", "ag-sch-2"),
    ("housing", "ag-hsg-8"),
];

/// Another case like the sample: other names, places, agency ids, every date `years` later
/// (the sample has no 29 February), and two more agencies (nine in all).
fn another_case(years: i32) -> Value {
    let mut text = std::fs::read_to_string(root().join("samples/case.json")).unwrap();
    for (from, to) in RENAMED {
        text = text.replace(from, to);
    }
    for (from, to) in IDS {
        text = text.replace(&format!("\"{from}\""), &format!("\"{to}\""));
    }
    // Every year of the case's events (2009 to 2018), in ISO and long dates alike, moved on
    // together; the Acts and Regulations keep their years, and the regime its name.
    let year = regex::Regex::new(r"\b(2009|201\d)\b").unwrap();
    let text = year.replace_all(&text, |c: &regex::Captures| {
        (c[1].parse::<i32>().unwrap() + years).to_string()
    });
    let mut c: Value = serde_json::from_str(&text).unwrap();
    c["review"]["regime"] = json!("2015");
    let agencies = c["agencies"].as_array_mut().unwrap();
    let mut more = agencies[6].clone();
    more["id"] = json!("ag-amb-5");
    more["name"] = json!("Eastvale Ambulance Service NHS Trust");
    more["kind"] = json!("Health: ambulance");
    more["contact"] = json!({"name": "Jo Brennan", "role": "Safeguarding Lead", "email": "safeguarding@eastvale-ambulance.example", "phone": "01632 960 777"});
    more["involvement"] = json!("Took the child to hospital on the day of the incident.");
    agencies.push(more);
    let mut more = agencies[6].clone();
    more["id"] = json!("ag-ews-1");
    more["name"] = json!("Eastvale Education Welfare Service");
    more["kind"] = json!("Education welfare");
    more["contact"] = json!({"name": "Mr Tariq Osei", "role": "Senior Education Welfare Officer", "email": "ews@eastvale.example", "phone": "01632 960 778"});
    more["returns"] = json!({"chronology": true, "management_review": true});
    more["involvement"] = json!("Followed up the half-brother's falling attendance.");
    agencies.push(more);
    c
}

/// A long UK date ("4 March 2019") as a date.
fn long_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%d %B %Y").ok()
}

/// Everything a careful reader of any pack checks, whatever the case: no ISO date, no agency
/// id, no tag left, no "must be initiated" unless the criteria are met, each deadline after
/// the day the document carries, and each covering letter listing its own folder.
fn assert_reads_as_sent(out: &Path, met: bool) {
    let iso = regex::Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").unwrap();
    let long = r"(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})";
    // The day a document carries: a letter's date line, a form's Date row, "Date requested".
    let dated = regex::Regex::new(&format!(r"(?m)^(?:Date\n|Date requested\n)?{long}$")).unwrap();
    // The deadlines it states to its reader.
    let deadline =
        regex::Regex::new(&format!(r"(?:Please return by\n|\bby |^Due\n){long}")).unwrap();
    let docs = documents(out);
    assert!(!docs.is_empty(), "nothing packed in {}", out.display());
    for (path, text) in &docs {
        let at = path.strip_prefix(out).unwrap().display().to_string();
        assert!(!iso.is_match(text), "{at} shows an ISO date: {text}");
        assert!(!text.contains("{{"), "{at} holds a tag: {text}");
        let mut words = text.clone();
        for (_, id) in IDS {
            words = words.replace(&format!("chronology-{id}.xlsx"), "");
        }
        for id in IDS
            .iter()
            .map(|(_, id)| *id)
            .chain(["ag-amb-5", "ag-ews-1"])
        {
            let words = words.replace(&format!("chronology-{id}.xlsx"), "");
            assert!(!words.contains(id), "{at} shows the agency id {id}: {text}");
        }
        if !met {
            assert!(!text.contains("must be initiated"), "{at}: {text}");
        }
        // The progress report is as at the day it is made, and says what is overdue.
        if at.contains("progress-report") {
            continue;
        }
        if let Some(day) = dated.captures(text).and_then(|c| long_date(&c[1])) {
            for c in deadline.captures_iter(text) {
                let due = long_date(&c[1]).unwrap();
                assert!(
                    due > day,
                    "{at} is dated {day} and states a deadline of {due}: {text}"
                );
            }
        }
        if path.ends_with("covering-letter.docx") {
            let folder = path.parent().unwrap();
            let others = std::fs::read_dir(folder)
                .unwrap()
                .filter(|e| e.as_ref().unwrap().path() != *path)
                .count();
            assert_eq!(enclosed(text).len(), others, "{at}: {text}");
        }
    }
    let o = scr(&["check"], &[out]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
}

/// The sample and any case like it (other names, agencies, ids and dates; more agencies; the
/// criteria met or not) pack at every stage into documents that read as sent.
#[test]
fn any_case_like_the_sample_packs_at_every_stage_into_documents_that_read_as_sent() {
    let tmp = tempfile::tempdir().unwrap();
    let stages = [
        "referral",
        "information_gathering",
        "decision",
        "notification",
        "commissioning",
        "report",
        "publication",
    ];
    for years in [1, 2] {
        let dir = tmp.path().join(format!("met-{years}"));
        std::fs::create_dir_all(&dir).unwrap();
        let case = write_case(&dir, &another_case(years));
        for stage in stages {
            let out = dir.join(stage);
            let o = pack(&case, &out, &["--stage", stage]);
            assert_eq!(o.status.code(), Some(0), "{stage}: {}", said(&o));
            assert_reads_as_sent(&out, true);
        }
        // Nine agencies, each with its letter.
        let letters = documents(&dir.join("commissioning"))
            .into_iter()
            .filter(|(p, _)| p.ends_with("covering-letter.docx"))
            .count();
        assert_eq!(letters, 9);
        // The draft names no school, surgery or family.
        let draft = dir.join("report.docx");
        let o = scr(&["draft"], &[&case, Path::new("-o"), &draft]);
        assert_eq!(o.status.code(), Some(0), "{}", said(&o));
        let text = body(&std::fs::read(&draft).unwrap()).join("\n");
        for name in [
            "Fernhill",
            "Castle Lane",
            "Ashdown",
            "Merrow",
            "Poppy",
            "Juniper",
        ] {
            assert!(!text.contains(name), "the draft names {name}: {text}");
        }
        assert!(!text.contains("{{"), "{text}");
    }

    // The criteria not met, and no review: the stages stop at the notifications, which say
    // why the criteria are not met and never that a review must be initiated.
    let dir = tmp.path().join("not-met");
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = another_case(1);
    c["referral"]["facts"]["abuse_or_neglect"] = json!("no");
    c["decision"]["recommendation"] = json!("no_review");
    c["decision"]["chair_decision"] = json!("no_review");
    c["decision"]["decision_reasons"] = json!("Abuse or neglect is not known or suspected.");
    c["decision"]["recommendation_reasons"] =
        json!("The injuries were found to be accidental: abuse or neglect is not suspected.");
    c["review"]["initiated_on"] = Value::Null;
    c["review"]["completed_on"] = Value::Null;
    for part in ["publication", "learning"] {
        c.as_object_mut().unwrap().remove(part);
    }
    let case = write_case(&dir, &c);
    let out = dir.join("out");
    let o = pack(&case, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    assert_reads_as_sent(&out, false);
    assert!(!out.join("05-commissioning").exists());
    assert!(!out.join("07-report").exists() && !out.join("08-publication").exists());
    let t = text_of(&out, "04-notification/notification-national-panel.docx");
    assert!(t.contains("Why the criteria are not met"), "{t}");
    // Said once at most: the summary of the criteria held the note on an alternative review,
    // and the record repeated it.
    let decision = text_of(&out, "03-decision/panel-recommendation-and-decision.docx");
    assert!(
        decision
            .matches("may still decide to commission an alternative form of case review")
            .count()
            <= 1,
        "{decision}"
    );
}

/// The XML of a packed document's body.
fn xml_of(path: &Path) -> String {
    scrkit::docx::Package::from_bytes(std::fs::read(path).unwrap())
        .unwrap()
        .read_text("word/document.xml")
        .unwrap()
}

/// Defects seen on the PNG pages of the sample pack, each pinned where it was seen.
#[test]
fn the_sample_pack_reads_as_a_careful_reader_would_have_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&root().join("samples/case.json"), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));

    // Referral, page 2: "Part 2: completed by the Board." sat at the foot of the page, its
    // table on the next: a sentence leading into a table keeps with it.
    let xml = xml_of(&out.join("01-referral/referral-form.docx"));
    let part2 = xml.find("Part 2: completed by the Board.").unwrap();
    let para = &xml[xml[..part2].rfind("<w:p>").unwrap()..part2];
    assert!(para.contains("<w:keepNext/>"), "{para}");
    // Every family member's address has its town, as the child's has.
    let referral = text_of(&out, "01-referral/referral-form.docx");
    assert!(
        referral.contains("Flat 6, Harbour View, Dock Road, Westmouth WM2 3LP"),
        "{referral}"
    );

    // Request for information, page 1: the child's table and the family's touched and read
    // as one table with two sets of columns.
    for (path, _) in documents(&out) {
        let xml = xml_of(&path);
        assert!(
            !xml.contains("</w:tbl><w:tbl>"),
            "{}: two tables touch",
            path.display()
        );
    }

    // Decision record, page 2: dated 21 March 2016 and saying the notifications were "due in
    // 14 days", it listed them as sent on 22, 29 and 30 March.
    let decision = text_of(&out, "03-decision/panel-recommendation-and-decision.docx");
    assert!(decision.contains("As at 21 March 2016"), "{decision}");
    for later in ["22 March 2016", "29 March 2016", "30 March 2016"] {
        assert!(!decision.contains(later), "{later}: {decision}");
    }

    // Terms of Reference: the timescales in the order they fall.
    let tor = text_of(&out, "05-commissioning/terms-of-reference.docx");
    let order: Vec<usize> = [
        "Briefing session for agencies",
        "Chronologies due",
        "First panel (narrative)",
        "Management reviews and reports due",
        "Second panel (analysis)",
        "Draft report due",
    ]
    .iter()
    .map(|h| tor.find(h).unwrap_or_else(|| panic!("{h}: {tor}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{tor}");

    // The surgery was asked for a background report with no word of when.
    let gp = text_of(
        &out,
        "05-commissioning/agencies/elm-street-surgery/covering-letter.docx",
    );
    assert!(
        gp.contains("The background report should summarise your agency's involvement with the child and family and any relevant history before it, by 3 June 2016."),
        "{gp}"
    );
    let police = text_of(
        &out,
        "05-commissioning/agencies/northbrook-police/covering-letter.docx",
    );
    assert!(!police.contains("background report"), "{police}");

    // Action plan: "No update yet" then "No progress reported yet." in every row; "As at 30
    // September 2016: 8 actions: 8 on track."; "Addressed to All health partners".
    let plan = text_of(&out, "07-report/learning-and-action-plan.docx");
    assert!(!plan.contains("No progress reported yet."), "{plan}");
    assert!(
        plan.contains("As at 30 September 2016 the plan holds 8 actions: 8 on track."),
        "{plan}"
    );
    assert!(
        plan.contains("Addressed to: All health partners and Northbrook Children's Social Care."),
        "{plan}"
    );
    assert!(!plan.contains("Addressed to All"), "{plan}");
}

/// The draft said "The report was written by Dr Helen Marchetti and Simon Achterberg" (the
/// chair is no author), "For All health partners", and "It rests on findings F2" for one.
#[test]
fn the_draft_says_who_did_what_and_cites_in_the_plans_words() {
    let tmp = tempfile::tempdir().unwrap();
    let draft = tmp.path().join("report.docx");
    let o = scr(
        &["draft", "--date", "01/08/2017", "-o"],
        &[&draft, &root().join("samples/case.json")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", said(&o));
    let text = body(&std::fs::read(&draft).unwrap()).join("\n");
    assert!(!text.contains("written by"), "{text}");
    assert!(
        text.contains("The reviewers were:\nDr Helen Marchetti (Independent chair, Marchetti Review Associates)\nSimon Achterberg (Lead reviewer and report author, Independent)"),
        "{text}"
    );
    assert!(
        text.contains("Addressed to: All health partners and Northbrook Children's Social Care. Findings: F2 (An injury to a young child was explained away)."),
        "{text}"
    );
    assert!(
        !text.contains("For All") && !text.contains("rests on findings"),
        "{text}"
    );
    assert!(
        text.contains("Key practice episodes: KE3 (The bruised forearm of November 2015)."),
        "{text}"
    );
}
