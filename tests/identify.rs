//! One catalogue of what identifies whom: what `scr check publication` finds in a text is what
//! `scr anonymise` and the report draft's anonymiser replace.

mod common;

use common::{Docx, h1, p};
use scrkit::anonymise::{Options, anonymise};
use scrkit::case::Case;
use scrkit::check::{Document, Identifiers, check_publication};
use scrkit::pack::{DraftOptions, draft};
use std::path::Path;

fn case() -> Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    scrkit::case::load(&path).case.unwrap()
}

/// Narrative a reviewer might write: a family member's date of birth and NHS number, the
/// school and surgery, a name with an invisible character and one with a Cyrillic letter.
const NARRATIVE: &str = "Mother (born 19/07/1992, NHS 999 345 6780) took Mai\u{00AD}sie to Elm Street Surgery; \
     Ashgrove Primary raised concerns about K\u{0435}rry Thornbury's partner, Lee Carver, on the 2nd of March 2013.";

fn body_text(bytes: &[u8]) -> String {
    let doc = Document::from_bytes(bytes.to_vec()).unwrap();
    doc.body()
        .unwrap()
        .paragraphs
        .iter()
        .map(|p| p.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn what_the_check_finds_is_what_anonymise_and_the_draft_replace() {
    let c = case();
    let ids = Identifiers::from_case(&c);
    let docx = Docx::new([h1("Summary"), p(NARRATIVE)].concat());
    let doc = Document::from_bytes(docx.build()).unwrap();
    let found: Vec<String> = check_publication(&doc, Path::new("r.docx"), &ids)
        .hits
        .iter()
        .map(|h| h.found.clone())
        .collect();
    assert_eq!(
        found,
        [
            "19/07/1992",
            "999 345 6780",
            "Mai<U+00AD>sie",
            "Elm Street Surgery",
            "Ashgrove Primary",
            "K<U+0435>rry Thornbury's",
            "Lee Carver",
            "the 2nd of March 2013"
        ]
    );

    // scr anonymise replaces every one of them, and its own check finds nothing left.
    let done = anonymise(docx.build(), Path::new("r.docx"), &c, Options::default()).unwrap();
    assert!(done.residue.is_clean(), "{:#?}", done.residue.hits);
    assert_eq!(done.replaced.iter().map(|r| r.count).sum::<usize>(), 8);
    let text = body_text(&done.bytes);
    assert!(
        text.contains("Mother (born [date of birth], NHS [NHS number]) took Child A to the GP practice; the school raised concerns about Mother's partner, Mother's partner, on [date of birth]."),
        "{text}"
    );

    // The draft: the same narrative in the case's own words is replaced before the template
    // sees it, so the draft is written (not refused as a template fault) and checks clean.
    let mut c2 = c.clone();
    c2.referral.incident_summary = NARRATIVE.to_string();
    c2.child.whereabouts_at_incident = NARRATIVE.to_string();
    let bytes = draft(
        &c2,
        &DraftOptions {
            today: chrono::NaiveDate::from_ymd_opt(2016, 8, 1).unwrap(),
            templates: Default::default(),
            chronology: None,
        },
    )
    .unwrap_or_else(|e| panic!("the draft was refused: {e:#?}"));
    let doc = Document::from_bytes(bytes).unwrap();
    let report = check_publication(&doc, Path::new("draft.docx"), &ids);
    assert!(report.is_clean(), "{:#?}", report.hits);
}

#[test]
fn the_sample_schools_and_surgeries_are_found_where_the_case_marks_them() {
    let mut c = case();
    let text = "She attended Ashgrove Primary School and Nursery and was registered at Elm Street Surgery.";
    let docx = Docx::new(p(text));
    let doc = Document::from_bytes(docx.build()).unwrap();
    let hits = check_publication(&doc, Path::new("r.docx"), &Identifiers::from_case(&c)).hits;
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].replacement.as_deref(), Some("the school"));
    assert_eq!(hits[1].replacement.as_deref(), Some("the GP practice"));
    // Unmarked, they are agencies like any other.
    for a in &mut c.agencies {
        a.locates_child = false;
    }
    let hits = check_publication(&doc, Path::new("r.docx"), &Identifiers::from_case(&c)).hits;
    assert!(hits.is_empty());
}
