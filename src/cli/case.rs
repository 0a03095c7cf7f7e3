//! `scr case ...`: the case file.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_diagnostics, print_json};
use clap::Subcommand;
use scrkit::case;
use scrkit::diagnostic::error_count;
use scrkit::output::{WritePolicy, write_file};
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum CaseCommand {
    /// Write a blank case file: .json, or a workbook (.xlsx) with drop-downs and instructions.
    New {
        /// Where to write it; the extension decides the form.
        #[arg(short, long = "out", visible_alias = "output")]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check a case file (.json, .xlsx, .xls, .ods) and report every problem with its place.
    Check {
        /// The case file.
        file: PathBuf,
        /// Print the problems as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of case.json, for editors.
    Schema,
    /// Print the data a template sees for this case (with --agency, for that agency's
    /// documents), to use with `scr fill` and `scr template check`.
    Context {
        /// The case file.
        file: PathBuf,
        /// The agency whose documents the data is for (its id).
        #[arg(long)]
        agency: Option<String>,
        /// The date the documents carry (dd/mm/yyyy or yyyy-mm-dd); today by default.
        #[arg(long, value_parser = super::parse_date)]
        date: Option<chrono::NaiveDate>,
    },
    /// Convert a case file between its forms (JSON and workbook).
    Convert {
        /// The case file to read.
        file: PathBuf,
        /// Where to write; the extension decides the form (.json or .xlsx).
        #[arg(short, long = "out", visible_alias = "output")]
        output: PathBuf,
        /// Replace the output if it exists.
        #[arg(long)]
        force: bool,
    },
}

fn form_of(path: &std::path::Path) -> Option<&'static str> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "json" => Some("json"),
        "xlsx" => Some("xlsx"),
        _ => None,
    }
}

pub(super) fn run(cmd: CaseCommand) -> CliResult {
    match cmd {
        CaseCommand::New { output, force } => {
            let bytes = match form_of(&output) {
                Some("json") => case::blank_json().into_bytes(),
                Some(_) => case::workbook::write(None)?,
                None => {
                    eprintln!(
                        "error: {}: give a .json or .xlsx file name",
                        output.display()
                    );
                    return Ok(EXIT_USAGE);
                }
            };
            write_file(&output, &bytes, &WritePolicy::new(force, []))?;
            eprintln!("wrote {}", output.display());
            Ok(EXIT_OK)
        }
        CaseCommand::Check { file, json } => {
            let loaded = case::load(&file);
            let errors = error_count(&loaded.diagnostics);
            if json {
                print_json(&serde_json::json!({
                    "file": file,
                    "ok": errors == 0 && loaded.case.is_some(),
                    "errors": errors,
                    "warnings": loaded.diagnostics.len() - errors,
                    "diagnostics": loaded.diagnostics,
                }))?;
            } else {
                print_diagnostics(&file.display().to_string(), &loaded.diagnostics);
            }
            Ok(if loaded.is_clean() {
                EXIT_OK
            } else {
                EXIT_PROBLEMS
            })
        }
        CaseCommand::Context { file, agency, date } => {
            let today = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            let loaded = case::load(&file);
            let Some(c) = loaded
                .case
                .as_ref()
                .filter(|_| error_count(&loaded.diagnostics) == 0)
            else {
                print_diagnostics(&file.display().to_string(), &loaded.diagnostics);
                return Ok(EXIT_PROBLEMS);
            };
            let base = scrkit::pack::context::case_context(c, today);
            let value = match agency {
                None => base,
                Some(id) => match c.agency(&id) {
                    Some(a) => scrkit::pack::context::agency_context(&base, c, a, &[]),
                    None => {
                        let ids: Vec<&str> = c.agencies.iter().map(|a| a.id.as_str()).collect();
                        eprintln!("error: the case has no agency \"{id}\"");
                        eprintln!(
                            "  help: {}",
                            scrkit::suggest::help(&id, &ids, "agency ids are")
                        );
                        return Ok(EXIT_USAGE);
                    }
                },
            };
            print_json(&value)?;
            Ok(EXIT_OK)
        }
        CaseCommand::Schema => {
            print_json(&case::schema())?;
            Ok(EXIT_OK)
        }
        CaseCommand::Convert {
            file,
            output,
            force,
        } => {
            let loaded = case::load(&file);
            let Some(c) = loaded
                .case
                .as_ref()
                .filter(|_| error_count(&loaded.diagnostics) == 0)
            else {
                print_diagnostics(&file.display().to_string(), &loaded.diagnostics);
                return Ok(EXIT_PROBLEMS);
            };
            let bytes = match form_of(&output) {
                Some("json") => (serde_json::to_string_pretty(c)? + "\n").into_bytes(),
                Some(_) => case::workbook::write(Some(c))?,
                None => {
                    eprintln!(
                        "error: {}: give a .json or .xlsx file name",
                        output.display()
                    );
                    return Ok(EXIT_USAGE);
                }
            };
            write_file(&output, &bytes, &WritePolicy::new(force, [file.clone()]))?;
            eprintln!("wrote {}", output.display());
            Ok(EXIT_OK)
        }
    }
}
