//! Document checks on a long report: ratios against opening and parsing the same document,
//! measured in the same run (see BENCHMARKS.md).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Docx, h1, p};
use criterion::{Criterion, criterion_group, criterion_main};
use scrkit::anonymise::{Options, anonymise};
use scrkit::check::{Document, Identifiers, check_document, check_publication};
use scrkit::manifest::Manifest;
use std::hint::black_box;
use std::path::Path;

const SECTIONS: [&str; 12] = [
    "Introduction",
    "Process and methodology",
    "Panel membership",
    "Family involvement",
    "Parallel processes",
    "Summary of the case",
    "Analysis",
    "Findings",
    "Good practice",
    "Recommendations",
    "Actions already taken and their impact",
    "What more will be done",
];

/// A final report of about `paragraphs` paragraphs, one in fifty naming the family.
fn report(paragraphs: usize) -> Vec<u8> {
    let mut body = String::new();
    let per = paragraphs / SECTIONS.len();
    for (s, h) in SECTIONS.iter().enumerate() {
        body.push_str(&h1(h));
        for i in 0..per {
            if (s * per + i).is_multiple_of(50) {
                body.push_str(&p("On 2nd March 2013 Maisie Thornbury's mother, Kerry, moved to 14 Larkspur Close, NB4 7QT."));
            } else {
                body.push_str(&p(
                    "Child A was seen by the health visitor, who recorded concerns about the home conditions and shared them with children's social care the following week, as the procedures require.",
                ));
            }
        }
    }
    let mut d = Docx::new(body);
    d.custom_property = Some(("ScrKind".into(), "final_report".into()));
    d.build()
}

fn bench(c: &mut Criterion) {
    let bytes = report(2_400);
    let case = scrkit::case::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json"))
        .case
        .expect("sample case");
    let ids = Identifiers::from_case(&case);
    let manifest = Manifest::builtin();
    let file = Path::new("report.docx");
    let mut g = c.benchmark_group("final report, 2,400 paragraphs");
    g.sample_size(10);
    g.bench_function("open and parse (baseline)", |b| {
        b.iter(|| black_box(Document::from_bytes(bytes.clone()).expect("opens")))
    });
    g.bench_function("scr check (sections, leftovers)", |b| {
        b.iter(|| {
            let d = Document::from_bytes(bytes.clone()).expect("opens");
            black_box(check_document(&d, file, &manifest, None))
        })
    });
    g.bench_function("scr check publication", |b| {
        b.iter(|| {
            let d = Document::from_bytes(bytes.clone()).expect("opens");
            black_box(check_publication(&d, file, &ids))
        })
    });
    g.bench_function("scr anonymise (with its own check)", |b| {
        b.iter(|| {
            black_box(
                anonymise(bytes.clone(), file, &case, Options::default()).expect("anonymises"),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
