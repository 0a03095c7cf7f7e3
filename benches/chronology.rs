//! Chronology benchmark: 20 returns × 5,000 rows.
//!
//! Measured in the same run:
//! - the floor: calamine only reading every return (open the workbook, read the sheet);
//! - `check`: reading and validating every cell of every return (scrkit's own reader);
//! - `check + merge`: that, then ordering, duplicates, gaps (the merged chronology in memory);
//! - `full`: that, then every output's bytes (merged-chronology.xlsx and .docx, problems.txt
//!   and .json), as `scr chronology merge` builds them before writing.
//!
//! Criterion reports the times; at the end the ratios to the floor are printed from paired
//! runs (floor and candidate alternating, median of each), which is what BENCHMARKS.md records.

#[allow(dead_code)]
#[path = "../examples/chronology_bench_data.rs"]
mod data;

use calamine::{Reader, open_workbook_auto};
use criterion::Criterion;
use scrkit::chronology::{self, Context, MergeOptions, Scope};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const RETURNS: usize = 20;
const ROWS: usize = 5000;

fn ctx() -> Context<'static> {
    Context {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
        scope: Scope {
            from: chrono::NaiveDate::from_ymd_opt(2015, 3, 1),
            to: chrono::NaiveDate::from_ymd_opt(2016, 2, 14),
        },
        case: None,
    }
}

fn floor(paths: &[PathBuf]) -> usize {
    let mut cells = 0;
    for p in paths {
        let mut book = open_workbook_auto(p).unwrap();
        let range = book.worksheet_range("Chronology").unwrap();
        cells += range.get_size().0 * range.get_size().1;
    }
    cells
}

fn check(paths: &[PathBuf]) -> chronology::Checked {
    chronology::check(paths, &ctx(), &|_| {})
}

fn check_merge(paths: &[PathBuf]) -> chronology::Merged {
    let mut checked = check(paths);
    chronology::merge(&mut checked, &ctx(), MergeOptions::default()).unwrap()
}

fn full(paths: &[PathBuf]) -> usize {
    let mut checked = check(paths);
    let m = chronology::merge(&mut checked, &ctx(), MergeOptions::default()).unwrap();
    let o = chronology::write::build_outputs(
        &checked,
        &m,
        None,
        Default::default(),
        &Default::default(),
    )
    .unwrap();
    o.xlsx.len() + o.docx.len() + o.problems_txt.len() + o.problems_json.len()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn paired(paths: &[PathBuf], rounds: usize) {
    let candidates: [(&str, &dyn Fn() -> usize); 3] = [
        ("check", &|| check(paths).returns.len()),
        ("check + merge", &|| check_merge(paths).rows.len()),
        ("full (with output bytes)", &|| full(paths)),
    ];
    let mut floor_times = Vec::new();
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); candidates.len()];
    for _ in 0..rounds {
        let t = Instant::now();
        black_box(floor(paths));
        floor_times.push(t.elapsed());
        for (i, (_, f)) in candidates.iter().enumerate() {
            let t = Instant::now();
            black_box(f());
            times[i].push(t.elapsed());
        }
    }
    let f = median(floor_times);
    println!(
        "\nchronology, {RETURNS} returns x {ROWS} rows, median of {rounds} paired rounds \
         ({} core(s)):",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "  floor (calamine read only)  {:>8.3} s  1.00x",
        f.as_secs_f64()
    );
    for (i, (name, _)) in candidates.iter().enumerate() {
        let m = median(times[i].clone());
        println!(
            "  {name:<27} {:>8.3} s  {:.2}x the floor",
            m.as_secs_f64(),
            m.as_secs_f64() / f.as_secs_f64()
        );
    }
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-chronology");
    let paths = data::write_returns(&dir, RETURNS, ROWS);
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .configure_from_args();
    {
        let mut g = c.benchmark_group("chronology_20x5000");
        g.bench_function("floor_calamine_read", |b| {
            b.iter(|| black_box(floor(&paths)))
        });
        g.bench_function("check", |b| {
            b.iter(|| black_box(check(&paths).returns.len()))
        });
        g.bench_function("check_merge", |b| {
            b.iter(|| black_box(check_merge(&paths).rows.len()))
        });
        g.bench_function("full", |b| b.iter(|| black_box(full(&paths))));
        g.finish();
    }
    c.final_summary();
    paired(&paths, 5);
}
