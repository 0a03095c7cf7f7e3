//! `scr fill` and `scr template ...`: the Word template engine.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, print_diagnostics, print_json};
use clap::Subcommand;
use scrkit::diagnostic::Diagnostic;
use scrkit::output::{WritePolicy, write_file};
use scrkit::template::{self, Compiled};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub(super) struct FillArgs {
    /// The Word template (.docx) with {{tags}}.
    template: PathBuf,
    /// The data to fill it with (JSON).
    data: PathBuf,
    /// Where to write the document.
    #[arg(short, long = "out", visible_alias = "output")]
    output: PathBuf,
    /// Replace the output if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Subcommand)]
pub(super) enum TemplateCommand {
    /// List every tag and block with its place and the data it needs.
    Inspect {
        /// The Word template (.docx).
        template: PathBuf,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Report every problem filling the template with the data would meet, without writing.
    Check {
        /// The Word template (.docx).
        template: PathBuf,
        /// The data (JSON).
        data: PathBuf,
        /// Print the problems as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn read_data(path: &Path) -> Result<serde_json::Value, Diagnostic> {
    scrkit::case::read_json_file(path).map_err(|d| *d)
}

fn report(subject: &Path, diagnostics: &[Diagnostic], json: bool) -> CliResult {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if json {
        print_json(&serde_json::json!({
            "file": subject,
            "ok": errors == 0,
            "errors": errors,
            "warnings": diagnostics.len() - errors,
            "diagnostics": diagnostics,
        }))?;
    } else {
        print_diagnostics(&subject.display().to_string(), diagnostics);
    }
    Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
}

pub(super) fn fill(args: FillArgs) -> CliResult {
    let data = match read_data(&args.data) {
        Ok(d) => d,
        Err(d) => return report(&args.data, &[d], false),
    };
    let Compiled {
        template,
        diagnostics,
        ..
    } = template::compile_file(&args.template);
    let Some(mut t) = template else {
        return report(&args.template, &diagnostics, false);
    };
    t.set_labels(scrkit::case::fields::label_of);
    match t.render_owned(data) {
        Ok(bytes) => {
            let policy = WritePolicy::new(args.force, [args.template.clone(), args.data.clone()]);
            write_file(&args.output, &bytes, &policy)?;
            eprintln!("wrote {}", args.output.display());
            Ok(EXIT_OK)
        }
        Err(problems) => report(&args.template, &problems, false),
    }
}

pub(super) fn run(cmd: TemplateCommand) -> CliResult {
    match cmd {
        TemplateCommand::Inspect { template, json } => {
            let compiled = template::compile_file(&template);
            let tags = template::inspect(&compiled.tags);
            if json {
                print_json(&serde_json::json!({
                    "file": template,
                    "tags": tags,
                    "diagnostics": compiled.diagnostics,
                }))?;
            } else {
                for t in &tags {
                    let needs = if t.needs.is_empty() {
                        String::new()
                    } else {
                        format!("  needs: {}", t.needs.join(", "))
                    };
                    let extent = match (t.role, t.extent) {
                        ("block" | "else" | "end", template::Extent::Paragraphs) => " [paragraphs]",
                        ("block" | "else" | "end", template::Extent::Row) => " [table row]",
                        ("block" | "else" | "end", template::Extent::Rows) => " [table rows]",
                        ("block" | "else" | "end", template::Extent::Inline) => " [inline]",
                        _ => "",
                    };
                    println!("{}  {}{extent}{needs}\n    at {}", t.role, t.tag, t.place);
                }
                println!("{} tag(s)", tags.len());
                if !compiled.diagnostics.is_empty() {
                    print_diagnostics(&template.display().to_string(), &compiled.diagnostics);
                }
            }
            Ok(if compiled.diagnostics.iter().any(|d| d.is_error()) {
                EXIT_PROBLEMS
            } else {
                EXIT_OK
            })
        }
        TemplateCommand::Check {
            template,
            data,
            json,
        } => {
            let data = match read_data(&data) {
                Ok(d) => d,
                Err(d) => return report(&data, &[d], json),
            };
            let compiled = template::compile_file(&template);
            let diagnostics = match &compiled.template {
                Some(t) => t.check(&data),
                None => compiled.diagnostics,
            };
            if diagnostics.is_empty() && !json {
                println!("{}: the data fills every tag", template.display());
                return Ok(EXIT_OK);
            }
            report(&template, &diagnostics, json)
        }
    }
}
