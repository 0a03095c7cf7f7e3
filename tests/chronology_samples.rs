//! The sample returns in `samples/returns/` are what the generator writes, and they merge
//! cleanly against the sample case.

#[allow(dead_code)]
#[path = "../examples/chronology_samples.rs"]
mod generator;

use std::io::{Cursor, Read};
use std::path::Path;

/// The parts of a zip package, without those that record when it was made.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.push((name, data));
    }
    out.sort();
    out
}

#[test]
fn committed_samples_match_the_generator() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = generator::sample_case(root);
    for (name, bytes) in generator::returns(&case) {
        let committed =
            std::fs::read(root.join("samples/returns").join(name)).unwrap_or_else(|e| {
                panic!("samples/returns/{name}: {e}; run `cargo run --example chronology_samples`")
            });
        if name.ends_with(".csv") {
            assert_eq!(committed, bytes, "{name} differs from the generator");
        } else {
            assert!(
                parts(&committed) == parts(&bytes),
                "{name} differs from the generator; run `cargo run --example chronology_samples`"
            );
        }
    }
}

#[test]
fn samples_merge_cleanly_with_duplicates_a_gap_and_missing_returns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = generator::sample_case(root);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let cx = scrkit::chronology::Context::for_case(&case, today);
    let paths: Vec<_> = generator::returns(&case)
        .iter()
        .map(|(n, _)| root.join("samples/returns").join(n))
        .collect();
    let mut checked = scrkit::chronology::check(&paths, &cx, &|_| {});
    for r in &checked.returns {
        assert!(
            r.diagnostics.is_empty(),
            "{}: {:?}",
            r.path.display(),
            r.diagnostics
        );
        assert!(r.agency.as_ref().and_then(|a| a.id.as_ref()).is_some());
    }
    let m = scrkit::chronology::merge(&mut checked, &cx, Default::default()).unwrap();
    assert_eq!(m.rows.len(), 24);
    assert_eq!(m.duplicate_groups.len(), 3);
    assert_eq!(m.gaps.len(), 1);
    assert_eq!(m.missing_returns.len(), 2);
    assert!(m.excluded.is_empty());
    // Pseudonyms only: no real name of the child or family appears in any entry.
    let names = [
        case.child.first_name.as_str(),
        case.child.last_name.as_str(),
    ]
    .into_iter()
    .chain(case.family.iter().map(|f| f.first_name.as_str()));
    let all: String = m
        .rows
        .iter()
        .map(|r| format!("{} {} {}", r.event, r.outcome, r.subject))
        .collect();
    for n in names {
        assert!(!all.contains(n), "real name {n} in the samples");
    }
}
