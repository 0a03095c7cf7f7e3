//! The scrkit side of `scripts/bench-template-peers`: the same work as the docxtpl and
//! docxtemplater scripts beside it, so that whole processes can be timed against each other
//! (wall time and peak memory, with `/usr/bin/time -v`).
//!
//! ```text
//! bench_render make DIR                       templates for each engine, and their data
//! bench_render rfi DIR OUT [--threads N]      1,000 letters from DIR/rfi.scrkit.docx
//! bench_render table DIR ROWS OUT             one document with a ROWS-row table loop
//! ```
//!
//! Each run reads the template and the JSON data from disk, compiles once, renders, and writes
//! every document through `scrkit::output` (atomic and flushed to disk, as `scr` writes), then
//! prints one JSON line of its own timings. With `-` for OUT the documents are made in memory
//! and dropped: the engine's work alone, without the file system's.

#[path = "../benches/support/documents.rs"]
mod documents;

use documents::Dialect;
use scrkit::output::{OutputDir, WritePolicy};
use scrkit::template::{Template, compile_file};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Letters rendered by `rfi`.
const LETTERS: usize = 1000;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("make") if args.len() == 2 => make(Path::new(&args[1])),
        Some("rfi") if args.len() == 3 || args.len() == 5 => {
            let threads = match args.get(3).map(String::as_str) {
                Some("--threads") => args[4].parse().map_err(|_| "--threads takes a number"),
                Some(_) => Err("expected --threads N"),
                None => Ok(1),
            };
            threads
                .map_err(String::from)
                .and_then(|t| rfi(Path::new(&args[1]), Path::new(&args[2]), t))
        }
        Some("table") if args.len() == 4 => match args[2].parse() {
            Ok(rows) => table(Path::new(&args[1]), rows, Path::new(&args[3])),
            Err(_) => Err("ROWS must be a number".into()),
        },
        _ => Err(
            "usage: bench_render make DIR | rfi DIR OUT [--threads N] | table DIR ROWS OUT".into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_render: {e}");
            ExitCode::from(2)
        }
    }
}

fn out_dir(dir: &Path) -> Result<OutputDir, String> {
    OutputDir::create(dir, WritePolicy::new(true, [])).map_err(|e| e.to_string())
}

/// Where documents go: a folder, or nowhere (`-`) when only the rendering is measured.
fn sink(out: &Path) -> Result<Option<OutputDir>, String> {
    if out == Path::new("-") {
        Ok(None)
    } else {
        out_dir(out).map(Some)
    }
}

fn keep(out: &Option<OutputDir>, name: String, bytes: &[u8]) -> Result<usize, String> {
    if let Some(o) = out {
        o.write(&PathBuf::from(name), bytes)
            .map_err(|e| e.to_string())?;
    }
    Ok(bytes.len())
}

fn make(dir: &Path) -> Result<(), String> {
    let out = out_dir(dir)?;
    let write = |name: &str, bytes: &[u8]| {
        out.write(Path::new(name), bytes)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    for (d, word) in Dialect::ALL {
        write(&format!("rfi.{word}.docx"), &documents::rfi_template(d))?;
        write(&format!("table.{word}.docx"), &documents::table_template(d))?;
    }
    let json = |v: &Value| serde_json::to_vec(v).map_err(|e| e.to_string());
    write(
        "rfi-data.json",
        &json(&Value::Array(documents::rfi_data(LETTERS)))?,
    )?;
    for rows in [1000, 5000, 10000, 20000] {
        write(
            &format!("table-{rows}.json"),
            &json(&documents::table_data(rows))?,
        )?;
    }
    println!("wrote the templates and data to {}", dir.display());
    Ok(())
}

fn read_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn compile(path: &Path) -> Result<Template, String> {
    let compiled = compile_file(path);
    compiled.template.ok_or_else(|| {
        let all: Vec<String> = compiled.diagnostics.iter().map(|d| d.to_string()).collect();
        all.join("\n")
    })
}

fn render(t: &Template, data: Value) -> Result<Vec<u8>, String> {
    t.render_owned(data).map_err(|e| {
        let all: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        all.join("\n")
    })
}

fn rfi(dir: &Path, out: &Path, threads: usize) -> Result<(), String> {
    let start = Instant::now();
    let Value::Array(data) = read_json(&dir.join("rfi-data.json"))? else {
        return Err("rfi-data.json is not a list".into());
    };
    let t0 = Instant::now();
    let template = compile(&dir.join("rfi.scrkit.docx"))?;
    let compile_s = t0.elapsed().as_secs_f64();
    let out = sink(out)?;
    let bytes_out = AtomicUsize::new(0);
    let t1 = Instant::now();
    let slots: Vec<std::sync::Mutex<Option<Value>>> = data
        .into_iter()
        .map(|d| std::sync::Mutex::new(Some(d)))
        .collect();
    let next = AtomicUsize::new(0);
    let work = || -> Result<(), String> {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else {
                return Ok(());
            };
            let d = slot
                .lock()
                .map_err(|_| "a worker panicked")?
                .take()
                .unwrap_or(Value::Null);
            let bytes = render(&template, d)?;
            let n = keep(&out, format!("rfi-{:04}.docx", i + 1), &bytes)?;
            bytes_out.fetch_add(n, Ordering::Relaxed);
        }
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads.max(1)).map(|_| s.spawn(work)).collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| "a worker panicked".to_string())?)
    })?;
    let render_s = t1.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({"engine": "scrkit", "task": "rfi", "documents": slots.len(), "threads": threads,
               "written": out.is_some(), "bytes": bytes_out.into_inner(),
               "compile_s": compile_s, "render_s": render_s,
               "total_s": start.elapsed().as_secs_f64()})
    );
    Ok(())
}

fn table(dir: &Path, rows: usize, out: &Path) -> Result<(), String> {
    let start = Instant::now();
    let data = read_json(&dir.join(format!("table-{rows}.json")))?;
    let t0 = Instant::now();
    let template = compile(&dir.join("table.scrkit.docx"))?;
    let compile_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let bytes = render(&template, data)?;
    let out = sink(out)?;
    let n = keep(&out, format!("table-{rows}.docx"), &bytes)?;
    println!(
        "{}",
        json!({"engine": "scrkit", "task": "table", "rows": rows, "compile_s": compile_s,
               "written": out.is_some(), "bytes": n,
               "render_s": t1.elapsed().as_secs_f64(),
               "total_s": start.elapsed().as_secs_f64()})
    );
    Ok(())
}
