//! The 2018/2023 process's packs: a rapid review that leads to a local child safeguarding
//! practice review packs at each of its stages into its own documents, in its own words.

mod common;

use chrono::NaiveDate;
use common::{assert_sound, clean_case, sample};
use scrkit::case::Regime;
use scrkit::docset::{DocKind, Stage, process};
use scrkit::output::{OutputDir, WritePolicy};
use scrkit::pack::{PackOptions, TemplateSource, make_pack};
use std::io::Read;
use std::path::Path;

/// The 2015 process's words, which no document of the 2018/2023 process may use.
const WORDS_OF_2015: &[&str] = &[
    "serious case review",
    "lscb",
    "local safeguarding children board",
    "independent chair",
    "the board",
    "national panel of independent experts",
];

fn options(stage: Option<Stage>) -> PackOptions {
    PackOptions {
        only: Vec::new(),
        agency: None,
        zip: false,
        password: None,
        templates: TemplateSource::Builtin,
        today: NaiveDate::from_ymd_opt(2025, 1, 8).unwrap(),
        stage,
    }
}

/// The text of every XML part of a package, tags removed: body, headers, footers,
/// properties, everything.
fn every_part(bytes: &[u8]) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if !name.ends_with(".xml") && !name.ends_with(".rels") {
            continue;
        }
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        let mut text = String::new();
        let mut in_tag = false;
        for c in s.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push((name, text));
    }
    out
}

/// Packs one stage (or all) into a fresh folder; every file written, with its bytes.
fn pack(stage: Option<Stage>) -> Vec<(String, String, Vec<u8>)> {
    let case = clean_case(&sample("rapid-review/case.json"));
    let dir = tempfile::tempdir().unwrap();
    let out = OutputDir::create(dir.path(), WritePolicy::new(false, [])).unwrap();
    let files = make_pack(&case, &out, &options(stage), &mut |_, _, _| {})
        .unwrap_or_else(|e| panic!("{stage:?}: {e:?}"));
    files
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.path().join(&f.path)).unwrap();
            (f.item, f.path.display().to_string(), bytes)
        })
        .collect()
}

fn items(files: &[(String, String, Vec<u8>)]) -> Vec<&str> {
    let mut v: Vec<&str> = files.iter().map(|(i, _, _)| i.as_str()).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn every_stage_of_the_rapid_review_sample_packs_its_own_documents_in_its_own_words() {
    let expected: &[(&str, &[&str])] = &[
        ("notification", &["serious_incident_notification"]),
        (
            "rapid_review",
            &[
                "rapid_review_letter",
                "rapid_review_report",
                "summary_workbook",
            ],
        ),
        ("decision", &["panel_response", "partners_sign_off"]),
        (
            "commissioning",
            &[
                "chronology_workbook",
                "covering_letter",
                "terms_of_reference",
            ],
        ),
        ("report", &["action_plan", "progress_report"]),
        (
            "publication",
            &["actions_published", "progress_report", "publication_notice"],
        ),
    ];
    let stages = process(Regime::Wt2018);
    assert_eq!(stages.len(), 7);
    let mut documents = 0;
    for s in stages {
        let stage = Stage::from_id(s.id()).and_then(|s| s.in_process(Regime::Wt2018));
        assert_eq!(stage, Some(*s));
        let files = pack(stage);
        let want = expected
            .iter()
            .find(|(id, _)| *id == s.id())
            .map(|(_, k)| k.to_vec())
            .unwrap_or_default();
        assert_eq!(items(&files), want, "stage {}", s.id());
        for (_, path, bytes) in files.iter().filter(|(_, p, _)| p.ends_with(".docx")) {
            assert_sound(bytes);
            documents += 1;
            for (part, text) in every_part(bytes) {
                let lower = text.to_lowercase();
                for w in WORDS_OF_2015 {
                    assert!(!lower.contains(w), "{path}, {part}: \"{w}\" in {text}");
                }
                assert!(!text.contains("{{"), "{path}, {part}: a tag is left");
            }
        }
    }
    assert!(documents >= 13, "{documents}");
}

#[test]
fn a_whole_rapid_review_pack_holds_no_document_of_the_2015_process() {
    let files = pack(None);
    let all = items(&files);
    for k in [
        DocKind::Referral,
        DocKind::RequestForInformation,
        DocKind::Decision,
        DocKind::Notification,
    ] {
        assert!(!all.contains(&k.id()), "{all:?}");
    }
    for k in [
        DocKind::SeriousIncidentNotification,
        DocKind::RapidReviewLetter,
        DocKind::RapidReviewReport,
        DocKind::PartnersSignOff,
        DocKind::PanelResponse,
        DocKind::PublicationNotice,
        DocKind::TermsOfReference,
    ] {
        assert!(all.contains(&k.id()), "{:?} missing from {all:?}", k);
    }
}

/// The text of a document's body, paragraphs joined.
fn text_of(files: &[(String, String, Vec<u8>)], item: &str) -> String {
    let (_, _, bytes) = files.iter().find(|(i, _, _)| i == item).unwrap();
    common::body(bytes).join("\n")
}

#[test]
fn the_rapid_review_documents_are_filled_from_the_case_in_words_and_long_dates() {
    let files = pack(None);
    let iso = |t: &str| {
        t.as_bytes().windows(10).any(|w| {
            w[..4].iter().all(u8::is_ascii_digit)
                && w[4] == b'-'
                && w[7] == b'-'
                && w[5..7].iter().all(u8::is_ascii_digit)
        })
    };
    for item in [
        "serious_incident_notification",
        "rapid_review_report",
        "partners_sign_off",
        "panel_response",
        "rapid_review_letter",
    ] {
        let t = text_of(&files, item);
        // The partners' answer to the Panel is the one thing no case field holds.
        let expected = usize::from(item == "panel_response");
        assert_eq!(
            t.matches("[To be completed").count(),
            expected,
            "{item}: {t}"
        );
        assert!(!iso(&t), "{item}: an ISO date in {t}");
        for code in ["not_met", "rapid_review", "initiate\n", "_on"] {
            assert!(!t.contains(code), "{item}: \"{code}\" in {t}");
        }
    }
    let n = text_of(&files, "serious_incident_notification");
    assert!(n.contains("Rio Castellane"), "{n}");
    assert!(n.contains("11 December 2024"), "became aware: {n}");
    assert!(n.contains("16 December 2024"), "notified: {n}");
    assert!(n.contains("Westmere Police"), "{n}");
    let r = text_of(&files, "rapid_review_report");
    for want in [
        "a fractured femur",
        "maternal aunt",
        "bruising protocol",
        "mixed White and Black Caribbean",
        "care leaver",
        "11(a)",
        "to commission a local child safeguarding practice review",
        "do not think the case needs a national review",
        "Chief Superintendent Lena Okafor",
        "9 January 2025",
    ] {
        assert!(
            r.contains(want),
            "rapid review report lacks \"{want}\": {r}"
        );
    }
    assert!(
        !r.contains("Rio"),
        "the report to the Panel names the child: {r}"
    );
    let l = text_of(&files, "rapid_review_letter");
    assert!(l.contains("27 December 2024"), "summaries due: {l}");
    assert!(l.contains("2 January 2025"), "meeting: {l}");
    let p = text_of(&files, "panel_response");
    assert!(
        p.contains("23 January 2025") && p.contains("father and his family"),
        "{p}"
    );
    // A 2023 case names lead and delegated partners.
    let s = text_of(&files, "partners_sign_off");
    assert!(
        s.contains("Working Together to Safeguard Children 2023"),
        "{s}"
    );
    assert!(s.contains("delegated safeguarding partners"), "{s}");
}

#[test]
fn a_fact_the_case_does_not_hold_is_a_placeholder_and_a_stage_of_the_other_process_is_refused() {
    let mut case = clean_case(&sample("rapid-review/case.json"));
    case.rapid_review.facts.clear();
    case.rapid_review.panel_response.comments.clear();
    let dir = tempfile::tempdir().unwrap();
    let out = OutputDir::create(dir.path(), WritePolicy::new(false, [])).unwrap();
    let mut o = options(Stage::from_id("rapid-review"));
    make_pack(&case, &out, &o, &mut |_, _, _| {}).unwrap();
    let report =
        std::fs::read(dir.path().join("02-rapid-review/rapid-review-report.docx")).unwrap();
    let t = common::body(&report).join("\n");
    assert!(t.contains("[To be completed: the facts of the case"), "{t}");
    o.stage = Stage::from_id("panels");
    let err = make_pack(&case, &out, &o, &mut |_, _, _| {}).unwrap_err();
    let msg = format!("{err:?}");
    assert!(
        msg.contains("no panels stage") && msg.contains("rapid_review"),
        "{msg}"
    );
    assert!(Path::new(dir.path()).join("02-rapid-review").exists());
}

#[test]
fn terms_of_reference_without_commissioning_facts_read_well_and_never_blank() {
    // The sample, before the partners had agreed the chair, the model or the return dates.
    let mut case = clean_case(&sample("rapid-review/case.json"));
    case.review.independent_chair = String::new();
    case.review.methodology = Default::default();
    case.terms_of_reference.timescales.chronologies_due = None;
    case.terms_of_reference.timescales.management_reviews_due = None;
    let dir = tempfile::tempdir().unwrap();
    let out = OutputDir::create(dir.path(), WritePolicy::new(false, [])).unwrap();
    let mut opts = options(Some(Stage::LocalReviewCommissioning));
    opts.only = vec!["terms_of_reference".into()];
    opts.agency = None;
    let files = make_pack(&case, &out, &opts, &mut |_, _, _| {}).unwrap();
    let tor = files.iter().find(|f| f.recipient == "coordinator").unwrap();
    let text = common::paragraphs(
        &std::fs::read(dir.path().join(&tor.path)).unwrap(),
        "word/document.xml",
    )
    .join("\n");
    assert!(!text.contains("chaired by ."), "{text}");
    assert!(!text.contains("due by  and"), "{text}");
    assert!(!text.contains("Not yet agreed model"), "{text}");
    assert!(text.contains("[To be completed: who chairs the review panel]"));
    assert!(text.contains("Chronologies are due by [To be completed: the date]"));
    assert!(text.contains("The model the review will use is still to be agreed."));
    // The sample itself holds the facts.
    let full = text_of(
        &pack(Some(Stage::LocalReviewCommissioning)),
        "terms_of_reference",
    );
    assert!(
        full.contains("The review panel is chaired by Grace Olufemi."),
        "{full}"
    );
    assert!(full.contains("Chronologies are due by 7 February 2025"));
}

/// Read as pages, the rapid review report and the partners' sign-off said the decision twice
/// (the sample's reasons ended with the decision itself, and the sign-off gave the decision,
/// then a summary that repeated it). No sentence that tells of a decision is said twice in any
/// document of the whole pack.
#[test]
fn no_document_of_the_rapid_review_pack_says_a_decision_twice() {
    let files = pack(None);
    let mut read = 0;
    for (item, path, bytes) in &files {
        if !path.ends_with(".docx") {
            continue;
        }
        read += 1;
        let text = common::body(bytes).join("\n");
        // The reasons say why, not the decision again in other words.
        for reasons in text.lines().filter(|l| l.starts_with("Reasons: ")) {
            assert!(!reasons.contains("decided"), "{item} ({path}): {reasons}");
        }
        let mut seen = std::collections::HashSet::new();
        for sentence in text
            .split(['\n', '.'])
            .map(str::trim)
            .filter(|s| s.contains("decided"))
        {
            assert!(
                seen.insert(sentence),
                "{item} ({path}) says twice: {sentence}\n{text}"
            );
        }
    }
    assert!(read > 10, "{read}");
    let sign_off = files
        .iter()
        .find(|(i, _, _)| i == "partners_sign_off")
        .map(|(_, _, b)| common::body(b).join("\n"))
        .unwrap();
    assert!(
        sign_off.contains("The decision\nThe partners' answers point towards a local child safeguarding practice review (11(a), 11(b) and 11(c) answered yes). The safeguarding partners decided on 8 January 2025 to commission a local child safeguarding practice review.\nReasons: The rapid review found learning"),
        "{sign_off}"
    );
}
