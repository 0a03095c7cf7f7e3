//! Tables filled from nested data: blocks that span several rows of a table (a heading row
//! with the rows under it, repeated together) and cells shaded from data with `{{shade}}`.

mod common;

use common::{Docx, assert_sound, body, p, table};
use scrkit::docx::Package;
use scrkit::template::{Compiled, Template, compile_bytes};
use serde_json::{Value, json};

fn plan() -> Value {
    json!({
        "show": true,
        "hide": false,
        "recommendations": [
            {"id": "R1", "text": "Share histories.", "actions": [
                {"id": "A1", "what": "New form", "colour": "FFC7CE", "rag": "Red"},
                {"id": "A2", "what": "Screening rule", "colour": "C6EFCE", "rag": "Green"}
            ]},
            {"id": "R2", "text": "See the child.", "actions": []},
            {"id": "R3", "text": "Assess every adult.", "actions": [
                {"id": "A3", "what": "Checklist", "colour": null, "rag": "No update"}
            ]}
        ]
    })
}

fn compiled(tpl: &str) -> Compiled {
    compile_bytes(Docx::new(tpl).build(), "rows.docx")
}

fn compile(tpl: &str) -> Template {
    let c = compiled(tpl);
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
    c.template.unwrap()
}

fn fill(tpl: &str, data: &Value) -> Vec<u8> {
    let docx = Docx::new(tpl);
    let out = compile(tpl)
        .render(data)
        .unwrap_or_else(|e| panic!("{e:#?}"));
    assert_sound(&out);
    common::keep(&docx.build(), &out);
    out
}

fn document_xml(docx: &[u8]) -> String {
    Package::from_bytes(docx.to_vec())
        .unwrap()
        .read_text("word/document.xml")
        .unwrap()
}

fn errors(tpl: &str) -> Vec<String> {
    let c = compiled(tpl);
    assert!(c.template.is_none(), "the template should be refused");
    c.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn a_block_over_two_rows_repeats_a_heading_row_with_a_row_loop_under_it() {
    let tpl = [
        table(&[
            &["Ref", "Action"],
            &["{{#each recommendations}}{{id}}", "{{text}}"],
            &["{{#each actions}}{{id}}", "{{what}}{{/each}}{{/each}}"],
            &["End", "of plan"],
        ]),
        p("after"),
    ]
    .concat();
    let out = fill(&tpl, &plan());
    assert_eq!(
        body(&out),
        [
            "Ref",
            "Action",
            "R1",
            "Share histories.",
            "A1",
            "New form",
            "A2",
            "Screening rule",
            "R2",
            "See the child.",
            "R3",
            "Assess every adult.",
            "A3",
            "Checklist",
            "End",
            "of plan",
            "after"
        ]
    );
    // One table: the rows repeat inside it, the table itself does not.
    let xml = document_xml(&out);
    assert_eq!(xml.matches("<w:tbl>").count(), 1);
    assert_eq!(xml.matches("<w:tr>").count(), 8);
}

#[test]
fn a_condition_over_rows_keeps_or_removes_them_all() {
    let tpl = [
        table(&[
            &["{{#if show}}Shown 1", "a"],
            &["Shown 2", "b{{/if}}"],
            &["{{#if hide}}Hidden 1", "c"],
            &["Between", "d"],
            &["Hidden 2", "e{{/if}}"],
            &["Last", "f"],
        ]),
        p("after"),
    ]
    .concat();
    let out = fill(&tpl, &plan());
    assert_eq!(
        body(&out),
        ["Shown 1", "a", "Shown 2", "b", "Last", "f", "after"]
    );
}

#[test]
fn a_row_that_ends_one_block_and_begins_another_is_refused_with_its_place() {
    // Row 2 ends the first block, then begins another: the second would wrap the first's row.
    let all = errors(&table(&[
        &["{{#if show}}a", "b"],
        &["{{/if}}{{#if hide}}c", "d"],
        &["e", "{{/if}}"],
    ]));
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].contains("table 1, row 2, cell 1")
            && all[0].contains("begins in the row where {{/if}} ends another block"),
        "{all:#?}"
    );
    // Even within one row, a block after a row block's end.
    let all = errors(&table(&[&[
        "{{#if show}}a",
        "{{/if}}{{#if hide}}b",
        "{{/if}}",
    ]]));
    assert_eq!(all.len(), 1, "{all:#?}");
}

#[test]
fn a_block_over_two_tables_is_still_refused() {
    let tpl = [
        table(&[&["{{#each recommendations}}", "x"]]),
        p("between"),
        table(&[&["y", "{{/each}}"]]),
    ]
    .concat();
    let all = errors(&tpl);
    assert!(
        all.iter()
            .any(|e| e.contains("cannot be used") && e.contains("rows of one table")),
        "{all:#?}"
    );
}

/// A plan table whose action rows' first cell has properties as Word writes them: a width,
/// fixed shading, vertical alignment.
fn shaded_plan(first_cell: &str) -> String {
    let plain = |t: &str| {
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
            p(t)
        )
    };
    format!(
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/></w:tblGrid>\
         <w:tr>{}{}</w:tr>\
         <w:tr><w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/><w:vAlign w:val=\"center\"/></w:tcPr>{}</w:tc>{}</w:tr></w:tbl>{}",
        plain("{{#each recommendations}}{{id}}"),
        plain("{{text}}"),
        p(first_cell),
        plain("{{what}}{{/each}}{{/each}}"),
        p("after")
    )
}

#[test]
fn shade_colours_its_cell_from_the_data_in_place_of_the_fixed_shading() {
    let out = fill(
        &shaded_plan("{{#each actions}}{{shade colour}}{{rag}}"),
        &plan(),
    );
    let texts = body(&out);
    assert_eq!(
        texts,
        [
            "R1",
            "Share histories.",
            "Red",
            "New form",
            "Green",
            "Screening rule",
            "R2",
            "See the child.",
            "R3",
            "Assess every adult.",
            "No update",
            "Checklist",
            "after"
        ]
    );
    let xml = document_xml(&out);
    // Each action's colour, where the schema puts it (after the width, before the alignment);
    // the fixed shading is gone, and an action with no colour has none.
    assert!(
        xml.contains("<w:tcW w:w=\"2000\" w:type=\"dxa\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFC7CE\"/><w:vAlign w:val=\"center\"/>"),
        "{xml}"
    );
    assert!(xml.contains("w:fill=\"C6EFCE\""), "{xml}");
    assert!(!xml.contains("D9D9D9"), "{xml}");
    assert_eq!(xml.matches("<w:shd ").count(), 2, "{xml}");
}

#[test]
fn shade_gives_a_cell_properties_when_it_has_none() {
    let tpl = [
        table(&[&["{{#each recommendations}}{{id}}", "{{text}}{{/each}}"]]),
        "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid><w:tr><w:tc>".to_string(),
        p("{{shade \"#00b050\"}}Green"),
        "</w:tc></w:tr></w:tbl>".to_string(),
        p("after"),
    ]
    .concat();
    let out = fill(&tpl, &plan());
    let xml = document_xml(&out);
    assert!(
        xml.contains(
            "<w:tc><w:tcPr><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"00B050\"/></w:tcPr>"
        ),
        "{xml}"
    );
}

#[test]
fn shade_outside_a_table_twice_in_a_cell_or_with_no_colour_is_reported() {
    let all = errors(&p("{{shade colour}}"));
    assert!(all[0].contains("not in a table"), "{all:#?}");
    let all = errors(&table(&[&["{{shade a}}{{shade b}}x"]]));
    assert!(
        all[0].contains("already coloured by {{shade a}}"),
        "{all:#?}"
    );
    let t = compile(&table(&[&["{{shade colour}}x", "{{shade missing}}y"]]));
    let problems = t.render(&json!({"colour": "red"})).unwrap_err();
    let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    assert_eq!(text.len(), 2, "{text:#?}");
    assert!(text.iter().any(|t| t.contains("\"red\" is not a colour")));
    assert!(
        text.iter()
            .any(|t| t.contains("the data has no value for \"missing\""))
    );
}
