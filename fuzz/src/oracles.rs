//! What a correct reader must make of a structure-aware input ([`crate::grammar`]): the checks
//! the fuzz targets and their proptest equivalents (`tests/fuzz_grammar.rs`) share.

use super::grammar::{CsvFile, Expected, TemplateText};
use scrkit::diagnostic::{Diagnostic, Location};
use std::path::Path;

/// The engine's limits, as its messages state them.
const MAX_SUB_EXPRESSION_DEPTH: usize = 32;
const MAX_BLOCK_DEPTH: usize = 64;

fn errors(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let _ = d.to_string(); // every message prints
            d.message.clone()
        })
        .collect()
}

/// Compiles a grammar-built template and renders it with `data`: nesting past the engine's
/// limits is an error saying so, a well-formed template reports no unbalanced block, and what
/// renders opens again as a package.
pub fn check_template(input: &TemplateText, data: &serde_json::Value) {
    let (text, exp): (String, Expected) = input.render();
    let bytes = super::docx_with_body(&super::body_from_text(&text));
    let compiled = scrkit::template::compile_bytes(bytes, "fuzz.docx");
    let _ = scrkit::template::inspect(&compiled.tags);
    let messages = errors(&compiled.diagnostics);
    let said = |what: &str| messages.iter().any(|m| m.contains(what));
    let head: String = text.chars().take(300).collect();
    // Broken syntax (a stray `{{`, a block never closed) may hide what follows it from the
    // parser: the nesting is judged on templates that are otherwise well formed.
    if !exp.broken && exp.sub_depth > MAX_SUB_EXPRESSION_DEPTH {
        assert!(
            said("sub-expressions are nested"),
            "{} deep, not reported: {head:?}\n{messages:#?}",
            exp.sub_depth
        );
    }
    if !exp.broken && exp.block_depth > MAX_BLOCK_DEPTH {
        assert!(
            said("blocks are nested more than"),
            "{head:?}\n{messages:#?}"
        );
    }
    let within = exp.sub_depth <= MAX_SUB_EXPRESSION_DEPTH && exp.block_depth <= MAX_BLOCK_DEPTH;
    if !exp.broken && within {
        assert!(
            !said("the block is never closed") && !said(" closes {{#"),
            "a balanced template reported unbalanced: {head:?}\n{messages:#?}"
        );
    }
    if let Some(t) = compiled.template {
        match t.render(data) {
            Ok(out) => {
                scrkit::docx::Package::from_bytes(out).expect("a rendered document opens");
            }
            Err(problems) => {
                errors(&problems);
            }
        }
    }
}

/// Reads a grammar-built CSV file as a mail merge's rows (the reader every CSV goes through):
/// a well-formed file gives back exactly its fields, and a broken quote is an error at a row
/// and column, never a row swallowed in silence.
pub fn check_csv(input: &CsvFile, dir: &Path) {
    let path = dir.join("rows.csv");
    std::fs::write(&path, input.bytes()).expect("the scratch file is written");
    let rows = scrkit::mailmerge::read_rows(&path, None);
    errors(&rows.diagnostics);
    let quote_errors: Vec<&Diagnostic> = rows
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.message.contains("quoted value"))
        .collect();
    for d in &quote_errors {
        assert!(
            matches!(d.location, Location::Cell { row, .. } if row >= 2),
            "not located at a row: {d:?}"
        );
    }
    if input.is_broken() {
        if input.break_is_certain() {
            assert!(
                !quote_errors.is_empty(),
                "a broken quote was not reported: {:?}",
                String::from_utf8_lossy(&input.bytes())
            );
        }
        return;
    }
    assert!(quote_errors.is_empty(), "{quote_errors:#?}");
    let expected: Vec<Vec<String>> = input
        .data()
        .iter()
        .map(|r| {
            r.iter()
                .map(|f| f.text.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|r| r.iter().any(|f| !f.is_empty()))
        .collect();
    let got: Vec<Vec<String>> = rows
        .rows
        .iter()
        .map(|r| {
            (1..=input.width())
                .map(|k| {
                    r.data[format!("c{k}")]
                        .as_str()
                        .unwrap_or_default()
                        .to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let padded: Vec<Vec<String>> = expected
        .into_iter()
        .map(|mut r| {
            r.resize(input.width(), String::new());
            r
        })
        .collect();
    assert_eq!(got, padded, "{:?}", String::from_utf8_lossy(&input.bytes()));
}
