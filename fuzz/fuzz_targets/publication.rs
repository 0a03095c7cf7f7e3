//! The publication check (and anonymising, which shares its reading): any bytes as a document
//! searched for the sample case's identifiers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use scrkit::check::{Identifiers, check_publication, document::Document};
use std::path::Path;
use std::sync::OnceLock;

fn case() -> &'static scrkit::case::Case {
    static CASE: OnceLock<scrkit::case::Case> = OnceLock::new();
    CASE.get_or_init(scrkit_fuzz::sample_case)
}

fn ids() -> &'static Identifiers {
    static IDS: OnceLock<Identifiers> = OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids = Identifiers::from_case(case());
        let (more, _) = Identifiers::from_terms("Ashdown Primary\nLark Rise\n", "terms.txt");
        ids.extend(more);
        ids
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&mode, rest)) = input.split_first() else {
        return;
    };
    let bytes = scrkit_fuzz::docx_from(mode, rest);
    if let Ok(doc) = Document::from_bytes(bytes.clone()) {
        let report = check_publication(&doc, Path::new("fuzz.docx"), ids());
        for d in &report.diagnostics {
            let _ = d.to_string();
        }
    }
    if mode & 0x80 != 0 {
        let options = scrkit::anonymise::Options {
            accept_changes: mode & 0x40 != 0,
        };
        let _ = scrkit::anonymise::anonymise(bytes, Path::new("fuzz.docx"), case(), options);
    }
});
