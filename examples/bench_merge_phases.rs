//! Peak memory after each phase of a chronology merge, for issue 17's bounded-memory work.
//!
//! `cargo run --release --example bench_merge_phases -- OUT RETURN...`
use scrkit::chronology::{Context, MergeOptions, Scope};

fn peak_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let returns: Vec<std::path::PathBuf> = args[1..].iter().map(Into::into).collect();
    let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let ctx = Context {
        today: chrono::Local::now().date_naive(),
        scope: Scope {
            from: d("2015-03-01"),
            to: d("2016-02-14"),
        },
        case: None,
    };
    let t = std::time::Instant::now();
    let mut checked = scrkit::chronology::check(&returns, &ctx, &|_| {});
    eprintln!(
        "check   {:6.2}s peak {:7.1} MiB",
        t.elapsed().as_secs_f64(),
        peak_mib()
    );
    let merged = scrkit::chronology::merge(&mut checked, &ctx, MergeOptions::default()).unwrap();
    eprintln!(
        "merge   {:6.2}s peak {:7.1} MiB",
        t.elapsed().as_secs_f64(),
        peak_mib()
    );
    let x = scrkit::chronology::write::merged_xlsx(&merged).unwrap();
    eprintln!(
        "xlsx    {:6.2}s peak {:7.1} MiB ({} bytes)",
        t.elapsed().as_secs_f64(),
        peak_mib(),
        x.len()
    );
    drop(x);
    // The Word document as `scr chronology merge` writes it: rows streamed into a file.
    let mut merged = merged;
    let mut data = scrkit::chronology::document::data_without_rows(&mut merged);
    data["timeline"] =
        scrkit::chronology::document::timeline_picture(&merged, ctx.scope, &Default::default())
            .unwrap()
            .to_value();
    let merged = std::sync::Arc::new(merged);
    let file = tempfile::tempfile().unwrap();
    let file = scrkit::chronology::document::render_to(None, data, &merged, file).unwrap();
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "docx    {:6.2}s peak {:7.1} MiB ({size} bytes)",
        t.elapsed().as_secs_f64(),
        peak_mib()
    );
    let _ = &args[0];
}
