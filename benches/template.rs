//! Benchmarks of the Word template engine (issue 4): `cargo bench --bench template`.
//!
//! - `compile`: compiling the letter and the table templates (done once per template).
//! - `rfi`: the request-for-information letter (3 pages, 55 tags, header and footer, two
//!   paragraph loops, a row loop, a conditional row): one document, 1,000 one after another,
//!   and 1,000 with `render_many` on every core. The baseline `repack` measured in the same run
//!   opens the template and writes it out with its story parts deflated afresh and nothing
//!   rendered: the floor any engine that writes a .docx pays. Rendering is reported as a ratio
//!   to it in BENCHMARKS.md.
//! - `table_rows`: one chronology with a row loop of 1,000, 5,000 and 10,000 rows, with
//!   throughput in rows, to show that time grows linearly with the rows.
//!
//! `scripts/bench-template-peers` compares the same documents against docxtpl and
//! docxtemplater, process against process.

#[path = "support/documents.rs"]
mod documents;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use documents::Dialect;
use scrkit::docx::{Package, story_parts};
use scrkit::template::{Template, compile_bytes};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::io::Cursor;
use std::time::Duration;

fn compile(bytes: Vec<u8>) -> Template {
    let c = compile_bytes(bytes, "bench.docx");
    assert!(c.diagnostics.is_empty(), "{:#?}", c.diagnostics);
    c.template.expect("the benchmark template compiles")
}

/// Opens a package and writes it again with its story parts deflated afresh, unchanged.
fn repack(bytes: &[u8]) -> Vec<u8> {
    let pkg = Package::from_bytes(bytes.to_vec()).expect("package");
    let mut parts = BTreeMap::new();
    for p in story_parts(&pkg) {
        parts.insert(p.name.clone(), pkg.read_part(&p.name).expect("part"));
    }
    pkg.write_to(Cursor::new(Vec::new()), &parts)
        .expect("write")
        .into_inner()
}

fn bench_compile(c: &mut Criterion) {
    let mut g = c.benchmark_group("compile");
    let rfi = documents::rfi_template(Dialect::Scrkit);
    let table = documents::table_template(Dialect::Scrkit);
    g.bench_function("rfi_letter", |b| b.iter(|| compile(black_box(rfi.clone()))));
    g.bench_function("table", |b| b.iter(|| compile(black_box(table.clone()))));
    g.finish();
}

fn bench_rfi(c: &mut Criterion) {
    let bytes = documents::rfi_template(Dialect::Scrkit);
    let t = compile(bytes.clone());
    let data = documents::rfi_data(1000);
    // Every letter renders, and differs from the next.
    assert_ne!(t.render(&data[0]).unwrap(), t.render(&data[1]).unwrap());

    let mut g = c.benchmark_group("rfi");
    g.bench_function("repack_baseline", |b| b.iter(|| repack(black_box(&bytes))));
    g.bench_function("render_1", |b| {
        b.iter(|| t.render(black_box(&data[0])).unwrap())
    });
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.throughput(Throughput::Elements(data.len() as u64));
    g.bench_function("render_1000_one_thread", |b| {
        b.iter_batched(
            || data.clone(),
            |data| {
                for d in data {
                    black_box(t.render_owned(d).unwrap());
                }
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("render_1000_render_many", |b| {
        b.iter_batched(
            || data.clone(),
            |data| {
                for r in t.render_many(data) {
                    black_box(r.unwrap());
                }
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn bench_table(c: &mut Criterion) {
    let t = compile(documents::table_template(Dialect::Scrkit));
    let mut g = c.benchmark_group("table_rows");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for rows in [1000usize, 5000, 10000] {
        let data = documents::table_data(rows);
        g.throughput(Throughput::Elements(rows as u64));
        g.bench_with_input(BenchmarkId::from_parameter(rows), &data, |b, data| {
            b.iter(|| t.render(black_box(data)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, bench_compile, bench_rfi, bench_table);
criterion_main!(benches);
