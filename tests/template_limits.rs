//! Nesting limits (issue #19, defect 8): sub-expressions 32 deep, blocks 64 deep and XML
//! elements 1,000 deep are located errors, never a stack overflow or hours of work, in every
//! command that compiles a template or reads a document.

mod common;

use common::{Docx, p};
use scrkit::template::compile_bytes;
use std::time::{Duration, Instant};

fn first_problem(bytes: Vec<u8>) -> String {
    let c = compile_bytes(bytes, "t.docx");
    assert!(c.template.is_none());
    c.diagnostics[0].to_string()
}

#[test]
fn sub_expressions_nested_too_deep_are_refused_at_their_tag() {
    let ok = format!("{{{{upper {}x{}}}}}", "(lower ".repeat(32), ")".repeat(32));
    assert!(
        compile_bytes(Docx::new(p(&ok)).build(), "t.docx")
            .template
            .is_some()
    );
    let deep = format!(
        "{{{{upper {}x{}}}}}",
        "(lower ".repeat(5000),
        ")".repeat(5000)
    );
    let started = Instant::now();
    let d = first_problem(Docx::new(p("Intro") + &p(&deep)).build());
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(
        d.contains(
            "document body, paragraph 2: sub-expressions are nested 5000 deep, more than 32"
        ),
        "{}",
        &d[..d.len().min(300)]
    );
}

#[test]
fn blocks_nested_too_deep_are_refused_at_the_first_one_too_many() {
    let ok = "{{#if a}}".repeat(64) + "x" + &"{{/if}}".repeat(64);
    assert!(
        compile_bytes(Docx::new(p(&ok)).build(), "t.docx")
            .template
            .is_some()
    );
    let body: String = (0..3000).map(|_| p("{{#if a}}")).collect::<String>()
        + &p("x")
        + &(0..3000).map(|_| p("{{/if}}")).collect::<String>();
    let started = Instant::now();
    let c = compile_bytes(Docx::new(body).build(), "t.docx");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        c.diagnostics.len(),
        1,
        "{:#?}",
        &c.diagnostics[..3.min(c.diagnostics.len())]
    );
    let d = c.diagnostics[0].to_string();
    assert!(
        d.contains("document body, paragraph 65: blocks are nested more than 64 deep"),
        "{d}"
    );
}

#[test]
fn elements_nested_too_deep_are_a_located_error_not_a_stack_overflow() {
    let deep = "<w:sdt><w:sdtContent>".repeat(50_000)
        + &p("{{x}}")
        + &"</w:sdtContent></w:sdt>".repeat(50_000);
    let bytes = Docx::new(deep).build();
    let d = first_problem(bytes.clone());
    assert!(
        d.contains("document body: the part is not well-formed XML (line"),
        "{d}"
    );
    assert!(d.contains("elements are nested more than 1000 deep"), "{d}");
    // The publication check reports the part once, as unreadable.
    let doc = scrkit::check::Document::from_bytes(bytes).unwrap();
    let ids = scrkit::check::Identifiers::from_terms("Maisie\n", "ids.txt").0;
    let r = scrkit::check::check_publication(&doc, std::path::Path::new("r.docx"), &ids);
    let about_body = r
        .diagnostics
        .iter()
        .filter(|d| d.to_string().contains("nested more than 1000"))
        .count();
    assert_eq!(about_body, 1, "{:#?}", r.diagnostics);
    assert_eq!(
        r.diagnostics.iter().filter(|d| d.is_error()).count(),
        1,
        "{:#?}",
        r.diagnostics
    );
}
