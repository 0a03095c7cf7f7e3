//! `scr check`: required sections (each state), leftovers (each kind, in each part), kinds,
//! documents built as Word leaves them and documents filled by the template engine.

mod common;

use common::{Docx, esc, h1, p, table};
use scrkit::check::{Document, DocumentReport, LeftoverKind, SectionState, check_document};
use scrkit::diagnostic::Location;
use scrkit::manifest::Manifest;
use std::path::Path;
use std::process::Command;

const IMR: [&str; 12] = [
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
];

fn imr_body(content: impl Fn(usize, &str) -> Option<String>) -> String {
    let mut body = String::new();
    for (i, h) in IMR.iter().enumerate() {
        if let Some(c) = content(i, h) {
            body.push_str(&h1(h));
            body.push_str(&c);
        }
    }
    body
}

fn imr(body: String) -> Docx {
    let mut d = Docx::new(body);
    d.custom_property = Some(("ScrKind".into(), "management_review".into()));
    d.title = Some("Individual management review".into());
    d
}

fn check(d: &Docx, kind: Option<&str>) -> DocumentReport {
    let doc = Document::from_bytes(d.build()).unwrap();
    check_document(&doc, Path::new("imr.docx"), &Manifest::builtin(), kind)
}

fn states(r: &DocumentReport) -> Vec<SectionState> {
    r.sections.iter().map(|s| s.state).collect()
}

fn paragraph_of(l: &Location) -> Option<usize> {
    match l {
        Location::Docx { paragraph, .. } => *paragraph,
        _ => None,
    }
}

fn label_of(l: &Location) -> String {
    match l {
        Location::Docx { part_label, .. } => part_label.clone(),
        _ => String::new(),
    }
}

#[test]
fn a_complete_management_review_is_clean() {
    let d = imr(imr_body(|i, _| {
        Some(p(&format!("What the agency wrote for section {i}.")))
    }));
    let r = check(&d, None);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);
    assert_eq!(r.kind.as_deref(), Some("management_review"));
    assert_eq!(r.kind_source, scrkit::check::KindSource::Property);
    assert_eq!(states(&r), vec![SectionState::Present; 12]);
    assert!(r.sections.iter().all(|s| s.in_order && s.styled));
    // Each heading is located: paragraph 1, 3, 5...
    let paras: Vec<Option<usize>> = r
        .sections
        .iter()
        .map(|s| paragraph_of(s.location.as_ref().unwrap()))
        .collect();
    assert_eq!(paras[0], Some(1));
    assert_eq!(paras[11], Some(23));
}

#[test]
fn each_section_state_is_told_apart_and_located() {
    let body = imr_body(|i, _| match i {
        1 => Some(String::new()),                                         // empty
        2 => Some(p("[To be completed: the date records were secured]")), // placeholder only
        3 => Some(p("  ") + &p("[To be completed: from]") + &p("[TO BE COMPLETED: to]")),
        4 => None, // missing
        _ => Some(p("Written.")),
    });
    let r = check(&imr(body), None);
    use SectionState::*;
    assert_eq!(
        states(&r),
        [
            Present,
            Empty,
            PlaceholderOnly,
            PlaceholderOnly,
            Missing,
            Present,
            Present,
            Present,
            Present,
            Present,
            Present,
            Present
        ]
    );
    let msgs: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        msgs.iter().any(|m| m.contains("document body, paragraph 3 (under \"Independence of the author\"): the section \"Independence of the author\" is empty")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("\"Records secured\" holds only")),
        "{msgs:#?}"
    );
    let missing = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("\"Sources\" is missing"))
        .unwrap();
    assert!(
        missing
            .help
            .as_ref()
            .unwrap()
            .contains("after the section \"Timespan of the review\"")
    );
    // Placeholders of placeholder-only sections are not reported twice.
    assert!(
        r.leftovers
            .iter()
            .all(|l| l.kind != LeftoverKind::Placeholder),
        "{:#?}",
        r.leftovers
    );
    assert_eq!(r.errors(), 4);
}

#[test]
fn a_placeholder_beside_written_text_is_a_leftover_and_labels_are_not_content() {
    let body = imr_body(|i, _| match i {
        0 => Some(p(
            "Northbrook Police. Author: [To be completed: name and role]",
        )),
        1 => Some(p("Name of manager: [To be completed: name]")),
        2 => Some(table(&[&[
            "Date records secured",
            "[To be completed: date]",
        ]])),
        _ => Some(p("Written.")),
    });
    let r = check(&imr(body), None);
    assert_eq!(r.sections[0].state, SectionState::Present);
    assert_eq!(r.sections[1].state, SectionState::PlaceholderOnly);
    assert_eq!(r.sections[2].state, SectionState::PlaceholderOnly);
    let placeholders: Vec<&str> = r
        .leftovers
        .iter()
        .filter(|l| l.kind == LeftoverKind::Placeholder)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(placeholders, ["[To be completed: name and role]"]);
}

#[test]
fn a_misplaced_section_is_the_one_reported_out_of_order() {
    let mut order: Vec<usize> = (0..12).collect();
    order.retain(|&i| i != 8);
    order.insert(2, 8); // "Good practice" moved up
    let mut body = String::new();
    for i in order {
        body.push_str(&h1(IMR[i]));
        body.push_str(&p("Written."));
    }
    let r = check(&imr(body), None);
    let out: Vec<&str> = r
        .sections
        .iter()
        .filter(|s| !s.in_order)
        .map(|s| s.section.as_str())
        .collect();
    assert_eq!(out, ["Good practice"]);
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.message.contains("out of order"))
        .unwrap();
    assert!(
        d.message.contains(
            "between \"Analysis against the lines of enquiry\" and \"What should have happened\""
        ),
        "{}",
        d.message
    );
}

#[test]
fn headings_are_found_despite_numbering_case_localised_styles_and_no_style() {
    let styled = |style: &str, text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
            esc(text)
        )
    };
    let bold = |text: &str| {
        format!(
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>",
            esc(text)
        )
    };
    let mut body = String::new();
    for (i, h) in IMR.iter().enumerate() {
        let heading = match i {
            0 => styled("Berschrift1", "1. AGENCY AND AUTHOR"),
            1 => styled("BoardHeading", "1.2 Independence of the Author:"),
            2 => bold("Records secured"),
            3 => "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>4. Time</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:i/></w:rPr><w:t>span of the review</w:t></w:r></w:p>".to_string(),
            6 => styled("Heading1", "B) The agency\u{2019}s involvement"),
            _ => h1(h),
        };
        body.push_str(&heading);
        body.push_str(&p("Written."));
        if i == 7 {
            // A sub-heading that repeats a later section's name is not that section.
            body.push_str(&styled("Heading2", "Good practice"));
            body.push_str(&p("Within the analysis."));
        }
    }
    let mut d = imr(body);
    d.styles_extra = r#"<w:style w:type="paragraph" w:styleId="Berschrift1"><w:name w:val="Überschrift 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="BoardHeading"><w:name w:val="Board heading"/><w:basedOn w:val="Berschrift1"/></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>"#.into();
    let r = check(&d, None);
    assert_eq!(
        states(&r),
        vec![SectionState::Present; 12],
        "{:#?}",
        r.diagnostics
    );
    assert!(r.sections.iter().all(|s| s.in_order));
    assert_eq!(
        r.sections[0].heading.as_deref(),
        Some("1. AGENCY AND AUTHOR")
    );
    assert_eq!(
        r.sections[3].heading.as_deref(),
        Some("4. Timespan of the review")
    );
    // The bold paragraph counts, with a warning that is not an error.
    assert!(!r.sections[2].styled);
    assert_eq!(r.errors(), 0);
    assert_eq!(r.diagnostics.len(), 1);
    assert!(r.diagnostics[0].message.contains("not in a heading style"));
    // "Good practice" is the top-level one, after the analysis.
    let gp = paragraph_of(r.sections[8].location.as_ref().unwrap()).unwrap();
    assert_eq!(gp, 19);
}

#[test]
fn table_header_rows_are_not_content_and_a_picture_is() {
    let header_row_table = "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>Recommendation</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Owner</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>";
    let picture = "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"Genogram\"/></wp:inline></w:drawing></w:r></w:p>";
    let body = imr_body(|i, _| match i {
        5 => Some(picture.to_string()),
        11 => Some(header_row_table.to_string()),
        _ => Some(p("Written.")),
    });
    let r = check(&imr(body), None);
    assert_eq!(r.sections[5].state, SectionState::Present);
    assert_eq!(r.sections[11].state, SectionState::Empty);
}

#[test]
fn the_kind_comes_from_the_property_the_title_or_the_caller() {
    let body = imr_body(|_, _| Some(p("Written.")));
    let mut by_title = Docx::new(body.clone());
    by_title.title = Some("IMR: Northbrook Police".into());
    let r = check(&by_title, None);
    assert_eq!(r.kind.as_deref(), Some("management_review"));
    assert_eq!(r.kind_source, scrkit::check::KindSource::Title);
    assert_eq!(r.errors(), 0);

    let mut unknown = Docx::new(body.clone());
    unknown.title = Some("Notes".into());
    let r = check(&unknown, None);
    assert!(r.sections.is_empty());
    assert_eq!(r.errors(), 1);
    assert!(
        r.diagnostics[0]
            .help
            .as_ref()
            .unwrap()
            .contains("final_report")
    );

    // Checked as a final report, the same document misses all its sections but one.
    let r = check(&unknown, Some("final_report"));
    assert_eq!(r.sections.len(), 12);
    let present: Vec<&str> = r
        .sections
        .iter()
        .filter(|s| s.state != SectionState::Missing)
        .map(|s| s.section.as_str())
        .collect();
    assert_eq!(present, ["Good practice"]);

    let r = check(&unknown, Some("minutes"));
    assert!(
        r.diagnostics[0]
            .message
            .contains("\"minutes\" is not a document kind")
    );
}

fn leftover_doc() -> Docx {
    let body = imr_body(|i, _| {
        match i {
        0 => Some(
            // A tag split across runs as Word leaves it.
            "<w:p><w:r><w:t>Agency: {</w:t></w:r><w:r><w:t>{agency.</w:t></w:r><w:r><w:t>name}}</w:t></w:r></w:p>"
                .to_string(),
        ),
        1 => Some(p("The author is independent. Start date TBC.")),
        2 => Some(p("Records secured on XXX by the records team.")),
        3 => Some(
            "<w:p><w:r><w:t xml:space=\"preserve\">From March 2015 </w:t></w:r><w:r><w:rPr><w:highlight w:val=\"yellow\"/></w:rPr><w:t xml:space=\"preserve\">check this </w:t></w:r><w:r><w:rPr><w:b/><w:highlight w:val=\"yellow\"/></w:rPr><w:t>date</w:t></w:r><w:r><w:rPr><w:highlight w:val=\"none\"/></w:rPr><w:t>.</w:t></w:r></w:p>"
                .to_string(),
        ),
        4 => Some(
            "<w:p><w:r><w:t xml:space=\"preserve\">Records seen: </w:t></w:r><w:del w:author=\"A\" w:id=\"1\"><w:r><w:delText>none</w:delText></w:r></w:del><w:ins w:author=\"A\" w:id=\"2\"><w:r><w:t>the case file</w:t></w:r></w:ins></w:p>"
                .to_string(),
        ),
        5 => Some(
            "<w:p><w:commentRangeStart w:id=\"0\"/><w:r><w:t>Staffing was stretched.</w:t></w:r><w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r></w:p>"
                .to_string(),
        ),
        _ => Some(p("Written.")),
    }
    });
    let mut d = imr(body);
    d.header = Some(p("OFFICIAL-SENSITIVE [To be completed: reference]"));
    d.footer = Some(p("Page 1 tbc"));
    d.footnotes = Some(p("Source: XXXX"));
    d.endnotes = Some(p("See {{review.reference}}"));
    d.comments = vec![("Reviewer".into(), p("Is this right? TBC"))];
    d.title = Some("Individual management review {{agency.name}}".into());
    d
}

#[test]
fn every_kind_of_leftover_is_found_in_every_part_with_its_place() {
    let r = check(&leftover_doc(), None);
    let found: Vec<(LeftoverKind, String, String, Option<usize>)> = r
        .leftovers
        .iter()
        .map(|l| {
            (
                l.kind,
                l.text.clone(),
                label_of(&l.location),
                paragraph_of(&l.location),
            )
        })
        .collect();
    let has = |kind: LeftoverKind, text: &str, label: &str| {
        found
            .iter()
            .any(|(k, t, l, _)| *k == kind && t == text && l == label)
    };
    use LeftoverKind::*;
    assert!(has(Tag, "{{agency.name}}", "document body"), "{found:#?}");
    assert!(has(ToBeConfirmed, "TBC", "document body"), "{found:#?}");
    assert!(has(Xxx, "XXX", "document body"), "{found:#?}");
    assert!(
        has(Highlight, "check this date", "document body"),
        "{found:#?}"
    );
    assert!(
        has(
            TrackedChange,
            "inserted \"the case file\", deleted \"none\"",
            "document body"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            Placeholder,
            "[To be completed: reference]",
            "header of section 1"
        ),
        "{found:#?}"
    );
    assert!(
        has(ToBeConfirmed, "tbc", "footer of section 1"),
        "{found:#?}"
    );
    assert!(has(Xxx, "XXXX", "footnote 1"), "{found:#?}");
    assert!(has(Tag, "{{review.reference}}", "endnote 1"), "{found:#?}");
    assert!(
        has(Comment, "Is this right? TBC", "comment by Reviewer"),
        "{found:#?}"
    );
    assert!(
        has(ToBeConfirmed, "TBC", "comment by Reviewer"),
        "{found:#?}"
    );
    assert!(
        has(Tag, "{{agency.name}}", "document title property"),
        "{found:#?}"
    );
    assert_eq!(found.len(), 12, "{found:#?}");
    // Body findings carry the paragraph and the nearest heading.
    let tag = r.leftovers.iter().find(|l| l.kind == Tag).unwrap();
    assert_eq!(
        tag.location.to_string(),
        "document body, paragraph 2 (under \"Agency and author\")"
    );
    // The sections are all written; the leftovers alone make the errors.
    assert_eq!(states(&r), vec![SectionState::Present; 12]);
    assert_eq!(r.errors(), 12);
}

#[test]
fn words_that_merely_contain_the_markers_are_not_leftovers() {
    let body = imr_body(|_, _| {
        Some(p(
            "Staff at the TBCS unit met at Exxon House; an XX chromosome; the {brace} and [square] notes; \
             a TBC-free text would say \u{201c}to be confirmed\u{201d} in words.",
        ))
    });
    let r = check(&imr(body), None);
    let kinds: Vec<LeftoverKind> = r.leftovers.iter().map(|l| l.kind).collect();
    // "TBC-free" holds the word TBC; nothing else is a marker.
    assert_eq!(
        kinds,
        vec![LeftoverKind::ToBeConfirmed; 12],
        "{:#?}",
        r.leftovers
    );
}

#[test]
fn a_document_filled_by_the_template_engine_is_checked_like_any_other() {
    let mut body = String::new();
    for (i, h) in IMR.iter().enumerate() {
        body.push_str(&h1(h));
        if i == 0 {
            body.push_str(&p("{{agency.name}}, for {{child.pseudonym}}."));
        } else if i == 10 {
            body.push_str(&p("[To be completed: what the agency has learned]"));
        } else {
            body.push_str(&p("{{#each lines}}{{this}} {{/each}}"));
        }
    }
    let mut template = imr(body);
    template.title = Some("Individual management review: {{agency.name}}".into());
    let compiled = scrkit::template::compile_bytes(template.build(), "imr-template.docx");
    assert!(
        compiled.diagnostics.is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    let data = serde_json::json!({
        "agency": {"name": "Northbrook Police"},
        "child": {"pseudonym": "Child A"},
        "lines": ["Seen", "and written."]
    });
    let filled = compiled.template.unwrap().render(&data).unwrap();
    let doc = Document::from_bytes(filled).unwrap();
    let r = check_document(
        &doc,
        Path::new("police-imr.docx"),
        &Manifest::builtin(),
        None,
    );
    assert_eq!(r.kind.as_deref(), Some("management_review"));
    assert_eq!(
        r.title.as_deref(),
        Some("Individual management review: Northbrook Police")
    );
    let not_present: Vec<(&str, SectionState)> = r
        .sections
        .iter()
        .filter(|s| s.state != SectionState::Present)
        .map(|s| (s.section.as_str(), s.state))
        .collect();
    assert_eq!(not_present, [("Learning", SectionState::PlaceholderOnly)]);
    assert!(r.leftovers.is_empty(), "{:#?}", r.leftovers);

    // The template itself is full of tags: each is a leftover.
    let doc = Document::from_bytes(template.build()).unwrap();
    let r = check_document(
        &doc,
        Path::new("imr-template.docx"),
        &Manifest::builtin(),
        None,
    );
    let tags = r
        .leftovers
        .iter()
        .filter(|l| l.kind == LeftoverKind::Tag)
        .count();
    assert_eq!(tags, 2 + 10 * 3 + 1);
}

fn scr(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_command_checks_several_documents_in_one_report() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("police-imr.docx");
    let bad = dir.path().join("health-imr.docx");
    std::fs::write(&good, imr(imr_body(|_, _| Some(p("Written.")))).build()).unwrap();
    std::fs::write(&bad, leftover_doc().build()).unwrap();
    let (code, out) = scr(&["check", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("management_review (from its ScrKind property)"),
        "{out}"
    );
    assert!(
        out.contains("present           Recommendations and action plan"),
        "{out}"
    );
    assert!(out.contains("complete, nothing left over"), "{out}");

    let (code, out) = scr(&["check", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("comment by Reviewer"), "{out}");
    assert!(
        out.contains("2 documents checked: 1 with problems, 1 clean"),
        "{out}"
    );

    let (code, out) = scr(&["check", bad.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    let doc = &v["documents"][0];
    assert_eq!(doc["kind"], "management_review");
    assert_eq!(doc["sections"][0]["state"], "present");
    assert_eq!(doc["leftovers"].as_array().unwrap().len(), 12);
    assert_eq!(
        doc["leftovers"][0]["location"]["part_label"],
        "document body"
    );

    // A board's manifest changes what is required.
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("manifest.toml"),
        "[[document]]\nkind = \"management_review\"\ntitle = \"Agency report\"\nfile = \"agency_report.docx\"\naudience = \"Agencies\"\nsections = [\"Agency and author\", \"Summary\"]\n",
    )
    .unwrap();
    let (code, out) = scr(&[
        "check",
        good.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the required section \"Summary\" is missing"),
        "{out}"
    );

    let (code, out) = scr(&["check", dir.path().join("nothing.docx").to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("cannot read the document"), "{out}");
}
