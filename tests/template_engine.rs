//! The Word template engine, on templates built the way Word leaves them, read back part by part.

mod common;

use common::{Docx, NS, assert_sound, body, esc, h1, p, paragraphs, table};
use scrkit::diagnostic::Location;
use scrkit::docx::{Package, Tree};
use scrkit::template::{Compiled, Template, compile_bytes};
use serde_json::{Value, json};

fn data() -> Value {
    json!({
        "review": {"reference": "SCR-2016-03", "scope": {"from": "2015-03-01", "to": "2016-02-14"}},
        "child": {"pseudonym": "Child A", "date_of_birth": "2013-03-02", "date_of_death": "2016-02-14", "died": true},
        "board": {"short_name": "Northbrook LSCB"},
        "agencies": [
            {"id": "police", "name": "Northbrook Police", "returns": {"chronology": true, "management_review": true},
             "contacts": [{"name": "DI Oyelaran"}, {"name": "DC Hale"}]},
            {"id": "gp", "name": "Elm Street Surgery", "returns": {"chronology": true, "management_review": false},
             "contacts": [{"name": "Dr Farrant"}]},
            {"id": "school", "name": "Ashgrove Primary", "returns": {"chronology": false, "management_review": false},
             "contacts": []}
        ],
        "empty": []
    })
}

fn compile(docx: &Docx) -> Template {
    let c = compile_bytes(docx.build(), "test.docx");
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
    c.template.unwrap()
}

fn fill(docx: &Docx, d: &Value) -> Vec<u8> {
    let out = compile(docx).render(d).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_sound(&out);
    // With SCRKIT_KEEP_OUTPUTS set, scripts/interop checks these with LibreOffice and openxml-audit.
    common::keep(&docx.build(), &out);
    out
}

#[test]
fn a_tag_split_across_runs_by_word_is_found_and_keeps_the_first_runs_formatting() {
    // What Word writes after a tag is typed, spell-checked, bookmarked and edited in two sessions.
    let para = r#"<w:p w:rsidR="00A1"><w:r w:rsidR="00A1"><w:rPr><w:b/></w:rPr><w:t>Review of {</w:t></w:r><w:r w:rsidR="00B2"><w:rPr><w:i/></w:rPr><w:t>{</w:t></w:r><w:proofErr w:type="spellStart"/><w:r w:rsidR="00C3"><w:t>child.</w:t></w:r><w:bookmarkStart w:id="7" w:name="_GoBack"/><w:r><w:t>pseudo</w:t></w:r><w:bookmarkEnd w:id="7"/><w:r><w:lastRenderedPageBreak/><w:t>nym}</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r w:rsidR="00D4"><w:t xml:space="preserve">} (born </w:t></w:r><w:r><w:t>{{date child.date_of_birth}})</w:t></w:r></w:p>"#;
    let out = fill(&Docx::new(para), &data());
    assert_eq!(body(&out), ["Review of Child A (born 2 March 2013)"]);
    // The value sits in the run where "{{" started (the bold one), with that run's formatting;
    // the runs left empty go.
    let xml = Package::from_bytes(out)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    assert!(
        xml.contains("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">Review of Child A</w:t>"),
        "{xml}"
    );
    assert!(!xml.contains("<w:i/>"), "{xml}");
    assert_eq!(
        xml.matches("<w:t></w:t>").count(),
        1,
        "only the run that holds a page-break mark stays: {xml}"
    );
    // Non-text content between the pieces is kept: the bookmark and the page-break mark.
    assert!(xml.contains("w:bookmarkStart") && xml.contains("w:lastRenderedPageBreak"));
}

#[test]
fn text_left_beside_a_split_tag_keeps_its_spaces_for_word() {
    // Word writes "made under {{" and "review.reference}} guidance." as two runs, neither
    // needing xml:space="preserve"; once the tag's piece leaves the second run its text starts
    // with a space, which Word and LibreOffice drop unless the w:t preserves it.
    let para = r#"<w:p><w:r><w:t>Made under {{</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>review.reference}} guidance.</w:t></w:r><w:r><w:t>{{board.short_name</w:t></w:r><w:r><w:t>}} </w:t></w:r><w:r><w:t>end</w:t></w:r></w:p>"#;
    let out = fill(&Docx::new(para), &data());
    assert_eq!(
        body(&out),
        ["Made under SCR-2016-03 guidance.Northbrook LSCB end"]
    );
    let xml = Package::from_bytes(out)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    assert!(
        xml.contains(r#"<w:t xml:space="preserve"> guidance.</w:t>"#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"<w:t xml:space="preserve"> </w:t>"#),
        "{xml}"
    );
}

#[test]
fn smart_quotes_in_tags_are_straightened() {
    let out = fill(
        &Docx::new(p("{{date child.date_of_death \u{201C}%d/%m/%Y\u{201D}}}")),
        &data(),
    );
    assert_eq!(body(&out), ["14/02/2016"]);
}

#[test]
fn every_story_part_is_templated() {
    let mut d = Docx::new(p("Body {{review.reference}}"));
    d.header = Some(p("OFFICIAL-SENSITIVE {{review.reference}}"));
    d.footer = Some(p("{{board.short_name}}"));
    d.footnotes = Some(p("Scope ends {{date review.scope.to}}"));
    d.title = Some("Report {{review.reference}} & more".into());
    d.custom_property = Some(("ScrReference".into(), "{{review.reference}}".into()));
    let out = fill(&d, &data());
    assert_eq!(
        paragraphs(&out, "word/header1.xml"),
        ["OFFICIAL-SENSITIVE SCR-2016-03"]
    );
    assert_eq!(paragraphs(&out, "word/footer1.xml"), ["Northbrook LSCB"]);
    assert_eq!(
        paragraphs(&out, "word/footnotes.xml")[2],
        "Scope ends 14 February 2016"
    );
    let pkg = Package::from_bytes(out).unwrap();
    let core = pkg.read_text("docProps/core.xml").unwrap();
    assert!(
        core.contains("<dc:title>Report SCR-2016-03 &amp; more</dc:title>"),
        "{core}"
    );
    let custom = pkg.read_text("docProps/custom.xml").unwrap();
    assert!(
        custom.contains("<vt:lpwstr>SCR-2016-03</vt:lpwstr>"),
        "{custom}"
    );
}

#[test]
fn parts_that_hold_no_text_are_copied_byte_for_byte() {
    let src = Docx::new(p("{{review.reference}}")).build();
    let out = compile_bytes(src.clone(), "t")
        .template
        .unwrap()
        .render(&data())
        .unwrap();
    let a = Package::from_bytes(src).unwrap();
    let b = Package::from_bytes(out).unwrap();
    for part in ["word/styles.xml", "[Content_Types].xml", "_rels/.rels"] {
        assert_eq!(
            a.read_part(part).unwrap(),
            b.read_part(part).unwrap(),
            "{part}"
        );
    }
    assert_eq!(
        a.part_names().collect::<Vec<_>>(),
        b.part_names().collect::<Vec<_>>()
    );
}

#[test]
fn a_paragraph_loop_repeats_whole_paragraphs_and_leaves_no_blank_lines() {
    let tpl = [
        h1("Agencies"),
        p("{{#each agencies}}"),
        p("{{index}}. {{name}}"),
        p("{{#if returns.management_review}}"),
        p("   Management review requested."),
        p("{{else}}"),
        p("   Chronology only."),
        p("{{/if}}"),
        p("{{/each}}"),
        p("End."),
    ]
    .concat();
    let out = fill(&Docx::new(tpl), &data());
    assert_eq!(
        body(&out),
        [
            "Agencies",
            "1. Northbrook Police",
            "   Management review requested.",
            "2. Elm Street Surgery",
            "   Chronology only.",
            "3. Ashgrove Primary",
            "   Chronology only.",
            "End."
        ]
    );
}

#[test]
fn a_loop_can_repeat_tables_and_nest_a_row_loop() {
    let tpl = [
        p("{{#each agencies}}"),
        p("{{name}}"),
        table(&[&["Contact"], &["{{#each contacts}}{{name}}{{/each}}"]]),
        p("{{/each}}"),
    ]
    .concat();
    // The inner loop is inline (same paragraph): names run together in one cell.
    let out = fill(&Docx::new(tpl), &data());
    let texts = body(&out);
    assert_eq!(
        texts,
        [
            "Northbrook Police",
            "Contact",
            "DI OyelaranDC Hale",
            "Elm Street Surgery",
            "Contact",
            "Dr Farrant",
            "Ashgrove Primary",
            "Contact",
            "",
            // The loop ends with a table, so an empty paragraph keeps the document from
            // ending in one (Word refuses that).
            ""
        ]
    );
    let xml = Package::from_bytes(out)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    assert_eq!(xml.matches("<w:tbl>").count(), 3);
}

#[test]
fn a_row_loop_repeats_the_row_and_a_false_row_condition_removes_it() {
    let tpl = table(&[
        &["Agency", "Chronology"],
        &[
            "{{#each agencies}}{{name}}",
            "{{#if returns.chronology}}Yes{{else}}No{{/if}}{{/each}}",
        ],
        &[
            "{{#if child.died}}Date of death",
            "{{date child.date_of_death}}{{/if}}",
        ],
        &["{{#if empty}}Never shown", "x{{/if}}"],
        &["Total", "{{count agencies}}"],
    ]);
    let out = fill(&Docx::new(tpl), &data());
    assert_eq!(
        body(&out),
        [
            "Agency",
            "Chronology",
            "Northbrook Police",
            "Yes",
            "Elm Street Surgery",
            "Yes",
            "Ashgrove Primary",
            "No",
            "Date of death",
            "14 February 2016",
            "Total",
            "3"
        ]
    );
    let xml = Package::from_bytes(out)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    assert_eq!(xml.matches("<w:tr>").count(), 6);
}

#[test]
fn nested_row_and_paragraph_loops_use_the_right_scope() {
    let tpl = [
        p("{{#each agencies}}"),
        p("{{name}} ({{@root.review.reference}})"),
        table(&[&[
            "{{#each contacts}}{{index}}",
            "{{name}} of {{../name}}{{/each}}",
        ]]),
        p("{{/each}}"),
    ]
    .concat();
    let out = fill(&Docx::new(tpl), &data());
    let t = body(&out);
    assert_eq!(t[0], "Northbrook Police (SCR-2016-03)");
    assert_eq!(
        &t[1..5],
        [
            "1",
            "DI Oyelaran of Northbrook Police",
            "2",
            "DC Hale of Northbrook Police"
        ]
    );
    assert_eq!(t[5], "Elm Street Surgery (SCR-2016-03)");
}

#[test]
fn an_empty_loop_in_a_cell_still_leaves_the_cell_a_paragraph() {
    let cell_body = [p("{{#each empty}}"), p("{{this}}"), p("{{/each}}")].concat();
    let tpl = format!(
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid><w:tr><w:tc>{cell_body}</w:tc></w:tr></w:tbl>{}",
        p("after")
    );
    let out = fill(&Docx::new(tpl), &data());
    let xml = Package::from_bytes(out)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    let tree = Tree::parse(&xml).unwrap();
    for tc in tree
        .descendants(0)
        .into_iter()
        .filter(|&n| tree.is(n, "w:tc"))
    {
        assert!(
            tree.child(tc, "w:p").is_some(),
            "a cell without a paragraph: {xml}"
        );
    }
}

#[test]
fn values_are_escaped_and_keep_their_lines_tabs_and_characters() {
    let d = json!({"v": "A & B <c> \"q\" 'a'\tTabbed\nNext line\n\nNew paragraph \u{1}\u{7}🙂 Ysgol Gŵyr, Llŷn"});
    let tpl = r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>{{v}}</w:t></w:r></w:p>"#;
    let out = fill(&Docx::new(tpl), &d);
    assert_eq!(
        body(&out),
        [
            "A & B <c> \"q\" 'a'\tTabbed\nNext line",
            "New paragraph 🙂 Ysgol Gŵyr, Llŷn"
        ]
    );
    // The new paragraph copies the host paragraph's and run's properties.
    let xml = Package::from_bytes(out)
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    assert_eq!(xml.matches("<w:jc w:val=\"center\"/>").count(), 2);
    assert_eq!(xml.matches("<w:b/>").count(), 2);
}

#[test]
fn numbers_booleans_lists_and_dates_render_naturally() {
    let d =
        json!({"n": 7, "f": 2.5, "yes": true, "no": false, "xs": ["a", "b"], "d": "2026-11-25"});
    let out = fill(
        &Docx::new(p(
            "{{n}} {{f}} {{yes}} {{no}} {{xs}} {{d}} {{date d \"%Y\"}}",
        )),
        &d,
    );
    assert_eq!(body(&out), ["7 2.5 Yes No a, b 25 November 2026 2026"]);
}

#[test]
fn repeated_drawings_and_bookmarks_get_fresh_ids() {
    let drawing = r#"<w:p><w:bookmarkStart w:id="3" w:name="Logo"/><w:r><w:drawing><wp:inline><wp:extent cx="10" cy="10"/><wp:docPr id="5" name="Picture 5"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill/><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r><w:bookmarkEnd w:id="3"/><w:r><w:t>{{name}}</w:t></w:r></w:p>"#;
    let tpl = [p("{{#each agencies}}"), drawing.to_string(), p("{{/each}}")].concat();
    let out = fill(&Docx::new(tpl), &data());
    let xml = Package::from_bytes(out.clone())
        .unwrap()
        .read_text("word/document.xml")
        .unwrap();
    assert_eq!(xml.matches("<wp:docPr").count(), 3);
    // assert_sound checked uniqueness; the bookmark ends match their starts.
    let tree = Tree::parse(&xml).unwrap();
    let starts: Vec<String> = tree
        .descendants(0)
        .into_iter()
        .filter(|&n| tree.is(n, "w:bookmarkStart"))
        .map(|n| tree.attr(n, "w:id").unwrap())
        .collect();
    let ends: Vec<String> = tree
        .descendants(0)
        .into_iter()
        .filter(|&n| tree.is(n, "w:bookmarkEnd"))
        .map(|n| tree.attr(n, "w:id").unwrap())
        .collect();
    assert_eq!(starts, ends);
    assert_eq!(
        body(&out),
        [
            "Northbrook Police",
            "Elm Street Surgery",
            "Ashgrove Primary"
        ]
    );
}

fn problems(c: &Compiled) -> Vec<String> {
    c.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn every_template_error_is_reported_at_once_and_located() {
    let tpl = [
        h1("Purpose"),
        p("{{#each agencies}}"),
        p("{{name}"),
        p("{{frobnicate name}}"),
        p("{{date x \"%d}}"),
        h1("Scope"),
        p("{{#if a}} never closed"),
        // A block may span rows of one table, never two tables.
        table(&[&["{{#each agencies}}", "x"]]),
        table(&[&["y", "{{/each}}"]]),
        p("{{/if}}"),
    ]
    .concat();
    let mut d = Docx::new(tpl);
    d.header = Some(p("{{/with}}"));
    let c = compile_bytes(d.build(), "bad.docx");
    assert!(c.template.is_none());
    let all = problems(&c);
    let expect = [
        (
            "document body, paragraph 3 (under \"Purpose\")",
            "never closes",
        ),
        (
            "document body, paragraph 4 (under \"Purpose\")",
            "unknown helper \"frobnicate\"",
        ),
        (
            "document body, paragraph 5 (under \"Purpose\")",
            "cannot be read",
        ),
        (
            "document body, table 1, row 1, cell 1, paragraph 8 (under \"Scope\")",
            "cannot be used",
        ),
        ("header of section 1, paragraph 1", "never opened"),
        (
            "document body, paragraph 2 (under \"Purpose\")",
            "never closed",
        ),
    ];
    for (place, what) in expect {
        assert!(
            all.iter().any(|s| s.contains(place) && s.contains(what)),
            "no '{what}' at '{place}' in {all:#?}"
        );
    }
    // Each error shows the tag with a caret under it.
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.message.contains("frobnicate"))
        .unwrap();
    assert_eq!(
        d.excerpt.as_deref(),
        Some("{{frobnicate name}}\n^^^^^^^^^^^^^^^^^^^")
    );
    assert!(d.help.is_some());
}

#[test]
fn a_tag_in_a_tracked_change_is_an_error_not_corruption() {
    let tpl = r#"<w:p><w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t>{{child.pseudonym}}</w:t></w:r></w:ins></w:p>"#;
    let c = compile_bytes(Docx::new(tpl).build(), "t");
    let all = problems(&c);
    assert!(all.iter().any(|s| s.contains("tracked change")), "{all:#?}");
}

#[test]
fn missing_data_is_reported_for_every_tag_with_its_place() {
    let tpl = [
        h1("Child"),
        p("{{child.pseudonym}} {{child.nmae}}"),
        p("{{#each agencies}}"),
        p("{{nme}} {{default phone \"no phone\"}}"),
        p("{{/each}}"),
        p("{{#if child.alive}}x{{/if}} {{date child.dob}}"),
    ]
    .concat();
    let t = compile(&Docx::new(tpl));
    let errs = t.check(&data());
    let shown: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 4, "{shown:#?}");
    for (what, place) in [
        ("\"child.nmae\"", "paragraph 2 (under \"Child\")"),
        ("\"nme\"", "paragraph 4"),
        ("\"child.alive\"", "paragraph 6"),
        ("\"child.dob\"", "paragraph 6"),
    ] {
        assert!(
            shown.iter().any(|s| s.contains(what) && s.contains(place)),
            "{what} at {place}: {shown:#?}"
        );
    }
    // The loop's missing field is reported once, with how often.
    assert!(shown.iter().any(|s| s.contains("3 times")), "{shown:#?}");
    // And rendering refuses: no half-filled document.
    assert!(t.render(&data()).is_err());
}

#[test]
fn compile_once_render_many_in_parallel_gives_each_its_own_document() {
    let t = compile(&Docx::new(p("{{child.pseudonym}}")));
    let many: Vec<Value> = (0..40)
        .map(|i| json!({"child": {"pseudonym": format!("Child {i}")}}))
        .collect();
    let out = t.render_many(many);
    assert_eq!(out.len(), 40);
    for (i, r) in out.into_iter().enumerate() {
        let doc = r.unwrap();
        assert_eq!(body(&doc), [format!("Child {i}")]);
    }
}

#[test]
fn inspect_lists_tags_with_their_places_and_data_paths() {
    let tpl = [
        h1("Agencies"),
        p("{{#each agencies as |a|}}"),
        p("{{a.name}}: {{join a.contacts \", \" key=\"name\"}} {{@root.review.reference}}"),
        p("{{/each}}"),
    ]
    .concat();
    let c = compile_bytes(Docx::new(tpl).build(), "t");
    let r = scrkit::template::inspect(&c.tags);
    let needs: Vec<Vec<String>> = r.iter().map(|t| t.needs.clone()).collect();
    assert_eq!(needs[0], ["agencies"]);
    assert_eq!(needs[1], ["agencies[].name"]);
    assert_eq!(needs[2], ["agencies[].contacts"]);
    assert_eq!(needs[3], ["review.reference"]);
    assert_eq!(r[0].extent, scrkit::template::Extent::Paragraphs);
    assert!(matches!(
        &r[1].location,
        Location::Docx {
            paragraph: Some(3),
            ..
        }
    ));
}

#[test]
fn xml_that_is_not_well_formed_is_located() {
    let c = compile_bytes(Docx::new("<w:p><w:r><w:t>x</w:r></w:p>").build(), "t");
    let all = problems(&c);
    assert!(
        all.iter()
            .any(|s| s.contains("not well-formed") && s.contains("document body")),
        "{all:#?}"
    );
}

#[test]
fn the_namespaces_constant_is_used() {
    assert!(NS.contains("wordprocessingml"));
    assert_eq!(esc("a<b"), "a&lt;b");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_string_renders_to_well_formed_xml_and_reads_back(s in any::<String>()) {
            let t = compile(&Docx::new(p("[{{v}}]")));
            let out = t.render(&json!({"v": s})).unwrap();
            let got = body(&out).join("\n\n");
            // What XML cannot hold is dropped; line ends are normalised; all else reads back.
            let expected: String = s
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .filter(|c| scrkit::docx::xml::is_xml_char(*c))
                .collect();
            prop_assert_eq!(got, format!("[{expected}]"));
        }
    }
}

#[test]
fn a_streamed_list_is_asked_for_item_by_item_and_renders_as_a_list_in_the_data_would() {
    use scrkit::template::Streamed;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let tpl = [
        p("{{count rows}} rows for {{review.reference}}"),
        p("{{#each rows}}"),
        p("{{index}}. {{event}} ({{@root.board.short_name}}){{#if @last}} last{{/if}}"),
        p("{{/each}}"),
        table(&[
            &["No.", "Event"],
            &["{{#each rows}}{{index}}", "{{event}}{{/each}}"],
        ]),
    ]
    .concat();
    let docx = Docx::new(tpl);
    let t = compile(&docx);
    let asked = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&asked);
    let events = ["Home visit", "Strategy discussion", "Case conference"];
    let streamed = Streamed {
        key: "rows".into(),
        len: events.len(),
        item: Arc::new(move |i| {
            seen.fetch_add(1, Ordering::Relaxed);
            json!({ "event": events[i] })
        }),
    };
    let d =
        json!({"review": {"reference": "SCR-2016-03"}, "board": {"short_name": "Northbrook LSCB"}});
    let out = t
        .render_to(d.clone(), Some(&streamed), std::io::Cursor::new(Vec::new()))
        .unwrap_or_else(|e| panic!("{e:#?}"))
        .into_inner();
    assert_sound(&out);
    assert_eq!(
        body(&out),
        [
            "3 rows for SCR-2016-03",
            "1. Home visit (Northbrook LSCB)",
            "2. Strategy discussion (Northbrook LSCB)",
            "3. Case conference (Northbrook LSCB) last",
            "No.",
            "Event",
            "1",
            "Home visit",
            "2",
            "Strategy discussion",
            "3",
            "Case conference",
            "",
        ]
    );
    // Each item asked for once per loop that walks the list.
    assert_eq!(asked.load(Ordering::Relaxed), 6);
    // The same as the list given whole.
    let mut whole = d.clone();
    whole["rows"] = json!(
        events
            .iter()
            .map(|e| json!({"event": e}))
            .collect::<Vec<_>>()
    );
    assert_eq!(body(&t.render(&whole).unwrap()), body(&out));

    // Items without a field the template uses: reported once a tag, with how many times.
    let partial = Streamed {
        key: "rows".into(),
        len: 3,
        item: Arc::new(|i| {
            if i == 1 {
                json!({"event": "x"})
            } else {
                json!({})
            }
        }),
    };
    let problems = t
        .render_to(d, Some(&partial), std::io::Cursor::new(Vec::new()))
        .unwrap_err();
    assert!(
        problems.iter().any(|p| p.message.contains("\"event\"")
            && p.message.contains("(2 times, once for each repetition)")),
        "{problems:#?}"
    );
}
