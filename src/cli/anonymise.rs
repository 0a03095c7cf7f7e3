//! `scr anonymise`: replace the family's identifiers with the case's pseudonyms.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, print_diagnostics, print_json};
use clap::Args;
use scrkit::anonymise::{Options, anonymise_with};
use scrkit::check::document::MAX_DOCUMENT_BYTES;
use scrkit::diagnostic::{Diagnostic, Location};
use scrkit::input::ReadError;
use scrkit::output::{WritePolicy, write_file};
use std::path::PathBuf;

#[derive(Args)]
pub(super) struct AnonymiseArgs {
    /// The document (.docx) to anonymise.
    document: PathBuf,
    /// The case file: the identifiers to replace and the pseudonyms to put in their place.
    #[arg(long)]
    case: PathBuf,
    /// A text file of further terms to replace (a school, a street), one per line, each
    /// optionally followed by `=` and what to put in its place ("Ashgrove Primary = the
    /// school"; otherwise "[removed]").
    #[arg(long)]
    identifiers: Vec<PathBuf>,
    /// Where to write the anonymised document.
    #[arg(short, long = "out", visible_alias = "output")]
    output: PathBuf,
    /// Replace the output if it exists.
    #[arg(long)]
    force: bool,
    /// Accept every tracked change first (a document with tracked changes is refused otherwise).
    #[arg(long)]
    accept_changes: bool,
    /// Print the result as JSON on standard output.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(args: AnonymiseArgs) -> CliResult {
    let c = match super::usable_case(&args.case) {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let (ids, notes) = match super::check::case_and_lists(&c, &args.identifiers) {
        Ok(x) => x,
        Err(problems) => {
            print_diagnostics("identifiers", &problems);
            return Ok(EXIT_PROBLEMS);
        }
    };
    for d in &notes {
        eprintln!("{d}");
    }
    let bytes = match read(&args) {
        Ok(b) => b,
        Err(d) => {
            print_diagnostics(&args.document.display().to_string(), &[d]);
            return Ok(EXIT_PROBLEMS);
        }
    };
    let done = match anonymise_with(
        bytes,
        &args.document,
        &ids,
        Options {
            accept_changes: args.accept_changes,
        },
    ) {
        Ok(d) => d,
        Err(problems) => {
            if args.json {
                print_json(
                    &serde_json::json!({"ok": false, "written": false, "diagnostics": problems}),
                )?;
            } else {
                print_diagnostics(&args.document.display().to_string(), &problems);
                println!("nothing was written");
            }
            return Ok(EXIT_PROBLEMS);
        }
    };
    let mut inputs = vec![args.document.clone(), args.case.clone()];
    inputs.extend(args.identifiers.iter().cloned());
    let policy = WritePolicy::new(args.force, inputs);
    write_file(&args.output, &done.bytes, &policy)?;
    let clean = done.residue.is_clean();
    if args.json {
        print_json(&serde_json::json!({
            "ok": clean,
            "written": args.output,
            "result": done,
        }))?;
    } else {
        let total: usize = done.replaced.iter().map(|r| r.count).sum();
        println!("wrote {}", args.output.display());
        println!("replaced {total} identifier(s):");
        for r in &done.replaced {
            println!("  {:>4}  {} -> {}", r.count, r.identifier, r.replacement);
        }
        for c in &done.cleared {
            println!("cleared the {c}");
        }
        if done.accepted_changes > 0 {
            println!("accepted {} tracked change(s)", done.accepted_changes);
        }
        if clean {
            println!(
                "{}: checked: nothing identifying is left",
                args.output.display()
            );
        } else {
            for d in &done.residue.diagnostics {
                println!("{d}");
            }
            println!(
                "{}: {} item(s) could not be replaced: see above for each, then run `scr check publication`",
                args.output.display(),
                done.residue
                    .diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .count()
            );
        }
    }
    Ok(if clean { EXIT_OK } else { EXIT_PROBLEMS })
}

fn read(args: &AnonymiseArgs) -> Result<Vec<u8>, Diagnostic> {
    let fail = |msg: String| {
        Diagnostic::error(Location::File, msg)
            .in_file(&args.document)
            .with_help("check the path and that you may read it")
    };
    scrkit::input::read_limited(&args.document, MAX_DOCUMENT_BYTES).map_err(|e| match e {
        ReadError::Io(e) => fail(format!("cannot read the document: {e}")),
        e => fail(format!(
            "the file is {}, too large for a document",
            e.size_in_bytes()
        )),
    })
}
