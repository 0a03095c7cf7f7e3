//! The documents made from the learning chain, read back: the action plan (owners by name,
//! UK dates, ratings in words and colour, no placeholder where the case holds the fact), the
//! board's progress report (overdue and stale actions first, as at its day), the published
//! statement of actions (unmarked, anonymised, passing the publication check) and the report
//! draft's findings and recommendations.

mod common;

use chrono::NaiveDate;
use common::{assert_sound, body, clean_case, sample};
use scrkit::case::Case;
use scrkit::docx::{Package, Tree, story_parts};
use scrkit::identify::Identifiers;
use scrkit::output::{OutputDir, WritePolicy};
use scrkit::pack::{PackOptions, TemplateSource, make_pack};
use std::collections::BTreeMap;
use std::process::Command;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The sample case on 1 August 2017: A5 and A2 overdue, A6 and A8 without a recent update, four
/// actions complete (see `scr actions samples/case.json --as-of 2017-08-01`).
const AS_OF: (i32, u32, u32) = (2017, 8, 1);

fn as_of() -> NaiveDate {
    day(AS_OF.0, AS_OF.1, AS_OF.2)
}

/// The pack's documents by item, made as of `today` (only `only`, or a stage's).
fn pack(
    case: &Case,
    today: NaiveDate,
    only: &[&str],
    stage: Option<&str>,
) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = OutputDir::create(dir.path(), WritePolicy::new(false, [])).unwrap();
    let opts = PackOptions {
        only: only.iter().map(|s| s.to_string()).collect(),
        agency: None,
        zip: false,
        password: None,
        templates: TemplateSource::Builtin,
        today,
        stage: stage.map(|s| scrkit::docset::Stage::from_id(s).unwrap()),
    };
    let files = make_pack(case, &out, &opts, &mut |_, _, _| {}).unwrap_or_else(|e| panic!("{e:?}"));
    files
        .into_iter()
        .filter(|f| f.recipient == "coordinator")
        .map(|f| {
            let bytes = std::fs::read(dir.path().join(&f.path)).unwrap();
            assert_sound(&bytes);
            (f.item, bytes)
        })
        .collect()
}

fn sample_case() -> Case {
    clean_case(&sample("case.json"))
}

/// The sample case while its report is still being finished and the plan is already being
/// tracked: the plan is dated by the pack's day (the case records no completion yet).
fn tracking_case() -> Case {
    let mut case = sample_case();
    case.review.completed_on = None;
    case.publication = Default::default();
    case
}

/// The sample case published on the day judged, so that its statement of actions is as at it.
fn published_case() -> Case {
    let mut case = sample_case();
    case.publication.sent_to_national_panel_on = Some(as_of());
    case.publication.published_on = Some(day(2017, 8, 10));
    case
}

fn document_xml(docx: &[u8]) -> String {
    Package::from_bytes(docx.to_vec())
        .unwrap()
        .read_text("word/document.xml")
        .unwrap()
}

/// Every story part's text (body, header, footer, properties).
fn all_text(docx: &[u8]) -> String {
    let pkg = Package::from_bytes(docx.to_vec()).unwrap();
    story_parts(&pkg)
        .iter()
        .map(|p| {
            Tree::parse(&pkg.read_text(&p.name).unwrap())
                .unwrap()
                .text_content(0)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The table cells (`w:tc`) of the body whose XML holds `needle`, as XML.
fn cells_with(xml: &str, needle: &str) -> Vec<String> {
    xml.split("<w:tc>")
        .skip(1)
        .map(|c| c.split("</w:tc>").next().unwrap().to_string())
        .filter(|c| c.contains(needle))
        .collect()
}

fn text_of(cell_xml: &str) -> String {
    let tree = Tree::parse(&format!(
        "<w:tc xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{cell_xml}</w:tc>"
    ))
    .unwrap();
    tree.text_content(0)
}

#[test]
fn the_action_plan_reads_recommendation_by_recommendation_with_names_dates_and_colours() {
    let case = tracking_case();
    let docs = pack(&case, as_of(), &["action_plan"], None);
    let plan = &docs["action_plan"];
    let paragraphs = body(plan);
    let text = paragraphs.join("\n");
    // No placeholder: the case holds every fact the plan shows.
    assert!(!text.contains("[To be completed"), "{text}");
    // Recommendation by recommendation, each heading row followed by its own actions.
    let at = |s: &str| {
        text.find(s)
            .unwrap_or_else(|| panic!("{s} missing: {text}"))
    };
    assert!(at("Recommendation R1:") < at("A1\n") && at("A2\n") < at("Recommendation R2:"));
    assert!(at("Recommendation R2:") < at("A3\n") && at("A7\n") < at("A8\n"));
    // Owners by name, never by id; UK long dates.
    for a in &case.agencies {
        assert!(
            !paragraphs.iter().any(|p| p.trim() == a.id),
            "agency id {} shown: {text}",
            a.id
        );
    }
    for name in [
        "Northbrook Police",
        "Elm Street Surgery",
        "Lead: DI Samuel Oyelaran",
    ] {
        assert!(text.contains(name), "{name}: {text}");
    }
    assert!(
        text.contains("31 March 2017") && text.contains("Closed on 18 July 2017"),
        "{text}"
    );
    assert!(!text.contains("2017-03-31"), "{text}");
    // The latest rating in words, in a cell shaded in its colour.
    let xml = document_xml(plan);
    let red = cells_with(&xml, "w:fill=\"FFC7CE\"");
    assert_eq!(red.len(), 1, "A2 alone was last rated red");
    assert!(
        text_of(&red[0]).starts_with("Red, 26 June 2017: "),
        "{}",
        text_of(&red[0])
    );
    let green = cells_with(&xml, "w:fill=\"C6EFCE\"");
    assert!(
        green.iter().all(|c| text_of(c).starts_with("Green")),
        "{green:?}"
    );
    assert!(!green.is_empty());
    assert_eq!(
        cells_with(&xml, "w:fill=\"FFEB9C\"").len(),
        1,
        "A6 is amber"
    );
    // Dated the day it is made, and as at that day.
    assert!(
        text.contains("For the Board, 1 August 2017.")
            && text.contains(
                "As at 1 August 2017 the plan holds 8 actions: 2 overdue, 2 with no recent update, 4 complete."
            ),
        "{text}"
    );
}

#[test]
fn a_case_without_a_chain_gets_the_plan_to_complete_and_a_missing_fact_its_placeholder() {
    let mut case = tracking_case();
    case.learning.actions[0].lead.clear();
    let text = body(&pack(&case, as_of(), &["action_plan"], None)["action_plan"]).join("\n");
    assert_eq!(text.matches("[To be completed").count(), 1, "{text}");
    assert!(text.contains("[To be completed: lead]"), "{text}");
    case.learning = Default::default();
    let text = body(&pack(&case, as_of(), &["action_plan"], None)["action_plan"]).join("\n");
    assert!(
        text.contains("[To be completed: the recommendations"),
        "{text}"
    );
}

#[test]
fn the_progress_report_puts_overdue_then_stale_actions_first_as_at_its_day() {
    let case = sample_case();
    let bytes =
        scrkit::pack::learning::progress_report(&case, as_of(), &TemplateSource::Builtin).unwrap();
    assert_sound(&bytes);
    let text = body(&bytes).join("\n");
    assert!(text.contains("as at 1 August 2017"), "{text}");
    assert!(
        text.contains("8 actions: 2 overdue, 2 with no recent update, 4 complete."),
        "{text}"
    );
    // Most overdue first (A5 by 62 days, A2 by 32), then those with no recent update, then
    // the rest.
    let order: Vec<usize> = ["A5 (R2)", "A2 (R1)", "A6 (R3)", "A8 (R4)", "A1 (R1)"]
        .iter()
        .map(|id| text.find(id).unwrap_or_else(|| panic!("{id}: {text}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    let attention = text.find("Actions needing attention").unwrap();
    let others = text.find("Other actions").unwrap();
    assert!(attention < order[0] && order[3] < others && others < order[4]);
    assert!(text.contains("overdue by 62 days") && text.contains("no update for 111 days"));
    // The summary by agency names agencies, and its counts add up.
    assert!(
        text.contains("Northbrook Children's Social Care\n3\n1\n2\n0\n0\n0"),
        "{text}"
    );
    assert!(text.contains("All actions\n8\n2\n2\n0\n0\n4"), "{text}");
    // States and ratings in colour as well as words.
    let xml = document_xml(&bytes);
    let overdue = cells_with(&xml, "w:fill=\"FFC7CE\"");
    assert!(
        overdue.iter().filter(|c| text_of(c) == "Overdue").count() == 2,
        "{overdue:?}"
    );
    // Earlier, nothing was overdue: the day decides.
    let early =
        scrkit::pack::learning::progress_report(&case, day(2017, 1, 10), &TemplateSource::Builtin)
            .unwrap();
    let early = body(&early).join("\n");
    assert!(
        early.contains("No action is overdue, and every open action has a recent update."),
        "{early}"
    );
}

#[test]
fn scr_actions_report_writes_the_progress_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("progress.docx");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_scr"))
            .args(["actions", "report"])
            .arg(sample("case.json"))
            .args(["--as-of", "01/08/2017", "-o"])
            .arg(&out)
            .args(extra)
            .output()
            .unwrap()
    };
    let o = run(&[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("as at 1 August 2017, 2 overdue"), "{err}");
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        body(&bytes)
            .join("\n")
            .contains("Actions needing attention")
    );
    // Never replaced without --force.
    assert_ne!(run(&[]).status.code(), Some(0));
    assert_eq!(run(&["--force"]).status.code(), Some(0));
}

#[test]
fn the_published_statement_is_unmarked_anonymised_and_passes_the_publication_check() {
    let case = published_case();
    let docs = pack(&case, as_of(), &[], Some("publication"));
    let mut items: Vec<&str> = docs.keys().map(String::as_str).collect();
    items.sort();
    assert_eq!(items, ["actions_published", "progress_report"]);
    let published = &docs["actions_published"];
    let text = all_text(published);
    assert!(!text.contains("OFFICIAL-SENSITIVE"), "{text}");
    assert!(!text.contains("[To be completed"), "{text}");
    // Actions taken with their impact, in the plan's order; what more will be done, overdue
    // ones said to be.
    let t = body(published).join("\n");
    let taken = t.find("Actions already taken and their impact").unwrap();
    let more = t.find("What more will be done").unwrap();
    assert!(
        t[taken..more].contains("June 2017 audit of 20 notifications"),
        "{t}"
    );
    assert!(t[more..].contains("May 2017 (overdue)"), "{t}");
    // No identifying fact of the case: the check finds nothing, and the names and places
    // the case holds are not there (the school and the GP practice by their kind).
    let doc = scrkit::check::Document::from_bytes(published.clone()).unwrap();
    let report = scrkit::check::check_publication(
        &doc,
        std::path::Path::new("actions.docx"),
        &Identifiers::from_case(&case).with_generic(true),
    );
    assert!(report.hits.is_empty(), "{:#?}", report.hits);
    for fact in [
        case.child.first_name.as_str(),
        case.child.last_name.as_str(),
        "Ashgrove",
        "Elm Street",
        "Oyelaran",
    ] {
        assert!(!text.contains(fact), "{fact} in {text}");
    }
    assert!(
        // Each opens its table cell, so with a capital.
        t.contains("The school") && t.contains("The GP practice"),
        "{t}"
    );
}

#[test]
fn the_report_draft_holds_the_findings_and_recommendations_of_the_chain() {
    let case = sample_case();
    let opts = scrkit::pack::DraftOptions {
        today: day(2016, 10, 1),
        templates: TemplateSource::Builtin,
        chronology: None,
    };
    let bytes = scrkit::pack::draft(&case, &opts).unwrap();
    let text = body(&bytes).join("\n");
    assert!(!text.contains("[To be completed: the findings"), "{text}");
    assert!(
        !text.contains("[To be completed: recommendations"),
        "{text}"
    );
    let findings = text.find("\nFindings\n").unwrap();
    let recommendations = text.find("\nRecommendations\n").unwrap();
    let f = &text[findings..recommendations];
    assert!(
        f.contains("F1. Domestic abuse was seen incident by incident"),
        "{f}"
    );
    assert!(
        f.contains("Key practice episodes: KE1 (The domestic incident of April 2015) and KE4"),
        "{f}"
    );
    let r = &text[recommendations..];
    assert!(
        r.contains("R3. Assessments of children should identify and assess every adult"),
        "{r}"
    );
    assert!(
        r.contains("Findings: F3 (Mother's partner was invisible to the assessment)."),
        "{r}"
    );
    assert!(!text.contains(&case.child.first_name), "{text}");
    // Drafted before the plan was agreed: the actions' sections are the author's to write.
    assert!(
        text.contains("[To be completed: actions already taken"),
        "{text}"
    );
    // Drafted later, they hold the plan as it stands: what was done with its impact, and what
    // is still to do, by agency (the school by its kind).
    let later = scrkit::pack::DraftOptions {
        today: as_of(),
        ..opts
    };
    let text = body(&scrkit::pack::draft(&case, &later).unwrap()).join("\n");
    let taken = text
        .find("\nActions already taken and their impact\n")
        .unwrap();
    let more = text.find("\nWhat more will be done\n").unwrap();
    assert!(
        text[taken..more].contains("R1, Northbrook Police: Revise the domestic abuse notification")
            && text[taken..more].contains("Impact: June 2017 audit of 20 notifications"),
        "{text}"
    );
    assert!(
        text[more..].contains("R2, the GP practice: Train every GP")
            && text[more..].contains("By May 2017, now overdue."),
        "{text}"
    );
    assert!(!text.contains("[To be completed: what more"), "{text}");
}

#[test]
fn each_stage_makes_its_learning_documents_in_both_processes() {
    let case = sample_case();
    let report = pack(&case, as_of(), &[], Some("report"));
    let items: Vec<&String> = report.keys().collect();
    assert_eq!(items, ["action_plan", "progress_report"]);
    // The plan as drawn up when the review was completed (before any progress), the progress
    // report as at the pack's day.
    let plan = body(&report["action_plan"]).join("\n");
    assert!(plan.contains("For the Board, 30 September 2016."), "{plan}");
    assert_eq!(plan.matches("No update yet").count(), 8, "{plan}");
    assert!(!plan.contains("agreed the plan"), "{plan}");
    // Nor the evidence of work done after it.
    assert!(!plan.contains("June 2017 audit"), "{plan}");
    assert_eq!(plan.matches("None recorded yet.").count(), 8, "{plan}");
    let progress = body(&report["progress_report"]).join("\n");
    assert!(progress.contains("as at 1 August 2017"), "{progress}");
    // Published when the report went to the National Panel.
    let publication = pack(&case, as_of(), &[], Some("publication"));
    let statement = body(&publication["actions_published"]).join("\n");
    assert!(statement.contains("as at 20 February 2017"), "{statement}");
    assert!(
        statement.contains("No action had yet been completed."),
        "{statement}"
    );
    let rapid = clean_case(&sample("rapid-review/case.json"));
    let report: Vec<String> = pack(&rapid, day(2025, 9, 1), &[], Some("report"))
        .into_keys()
        .collect();
    assert_eq!(report, ["action_plan", "progress_report"]);
    let publication = pack(&rapid, day(2025, 9, 1), &[], Some("publication"));
    let text = all_text(&publication["actions_published"]);
    assert!(!text.contains("OFFICIAL-SENSITIVE"), "{text}");
    assert!(text.contains("safeguarding partnership"), "{text}");
}
