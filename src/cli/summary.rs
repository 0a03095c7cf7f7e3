//! `scr summary ...`: the rapid review's agency summaries: blank workbooks, checks, the merge.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, print_json};
use clap::Subcommand;
use scrkit::output::WritePolicy;
use scrkit::summary::{self, Checked, MergeOutcome};
use std::io::Write;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum SummaryCommand {
    /// Write the blank agency summary workbook of every agency (or one) into a folder.
    Blank {
        /// The case file.
        case: PathBuf,
        /// Only this agency (its id in the case).
        #[arg(long)]
        agency: Option<String>,
        /// The output folder.
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        /// Replace files already in the output folder.
        #[arg(long)]
        force: bool,
    },
    /// Check returned agency summaries and report every problem with its cell.
    Check {
        /// The summaries (.xlsx, .xls, .ods, .csv, or a table in .docx).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The case file: matches each summary to an agency and its review.
        #[arg(long)]
        case: Option<PathBuf>,
        /// Print the result as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Merge every agency's summary into agency-summaries.xlsx and agency-summaries.docx.
    Merge {
        /// The case file.
        case: PathBuf,
        /// The summaries.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The output folder.
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        /// A board's own Word template for agency-summaries.docx (scrkit's own otherwise).
        #[arg(long)]
        template: Option<PathBuf>,
        /// Replace files already in the output folder.
        #[arg(long)]
        force: bool,
        /// Print the result as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
}

/// A line per summary, then its problems, then the totals.
fn print_checked(checked: &Checked) {
    let mut out = std::io::stdout().lock();
    for s in &checked.summaries {
        let errors = s.errors();
        let sheet = s
            .sheet
            .as_deref()
            .map(|x| format!(", {x}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {}{sheet}: {} item(s); {errors} error(s), {} warning(s)",
            s.path.display(),
            super::chronology::agency_label(s.agency.as_ref()),
            s.rows.len(),
            s.diagnostics.len() - errors,
        );
        let _ = super::write_diagnostics(&mut out, &s.diagnostics);
    }
    for d in &checked.diagnostics {
        let _ = writeln!(out, "{d}");
    }
    let (e, w) = (checked.errors(), checked.warnings());
    let n = checked.summaries.len();
    let _ = if e == 0 && w == 0 {
        writeln!(out, "{n} summary(ies): no problems found")
    } else {
        writeln!(out, "{n} summary(ies): {e} error(s), {w} warning(s)")
    };
}

fn checked_json(checked: &Checked) -> serde_json::Value {
    serde_json::json!({
        "ok": checked.errors() == 0,
        "errors": checked.errors(),
        "warnings": checked.warnings(),
        "summaries": checked.summaries.iter().map(|s| serde_json::json!({
            "file": s.path,
            "format": s.format,
            "sheet": s.sheet,
            "agency": s.agency,
            "items": s.rows.len(),
            "errors": s.errors(),
            "warnings": s.diagnostics.len() - s.errors(),
            "diagnostics": s.diagnostics,
        })).collect::<Vec<_>>(),
        "diagnostics": checked.diagnostics,
    })
}

pub(super) fn run(cmd: SummaryCommand) -> CliResult {
    let today = chrono::Local::now().date_naive();
    match cmd {
        SummaryCommand::Blank {
            case,
            agency,
            out,
            force,
        } => {
            let c = match super::usable_case(&case) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let policy = WritePolicy::new(force, [case.clone()]);
            match summary::workbook::write_blanks(&c, agency.as_deref(), &out, policy) {
                Ok(written) => {
                    for p in &written {
                        println!("wrote {}", p.display());
                    }
                    Ok(EXIT_OK)
                }
                Err(summary::workbook::BlankError::UnknownAgency(id)) => {
                    let ids: Vec<&str> = c.agencies.iter().map(|a| a.id.as_str()).collect();
                    eprintln!("error: the case has no agency \"{id}\"");
                    eprintln!("  help: agency ids are: {}", ids.join(", "));
                    Ok(super::EXIT_USAGE)
                }
                Err(e) => Err(e.into()),
            }
        }
        SummaryCommand::Check { files, case, json } => {
            let c = match &case {
                Some(p) => match super::usable_case(p) {
                    Ok(c) => Some(c),
                    Err(code) => return Ok(code),
                },
                None => None,
            };
            let checked = summary::check(&files, c.as_ref(), today);
            if json {
                print_json(&checked_json(&checked))?;
            } else {
                print_checked(&checked);
            }
            Ok(if checked.errors() == 0 {
                EXIT_OK
            } else {
                EXIT_PROBLEMS
            })
        }
        SummaryCommand::Merge {
            case,
            files,
            out,
            template,
            force,
            json,
        } => {
            let compiled = match super::template::board_template(template.as_deref()) {
                Ok(t) => t,
                Err(code) => return Ok(code),
            };
            let c = match super::usable_case(&case) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let policy = WritePolicy::new(
                force,
                files
                    .iter()
                    .cloned()
                    .chain([case.clone()])
                    .chain(template.clone()),
            );
            let (checked, outcome) =
                summary::merge_into(&out, policy, &files, &c, today, compiled.as_ref())?;
            match outcome {
                MergeOutcome::Refused(_) => {
                    if json {
                        print_json(&checked_json(&checked))?;
                    } else {
                        print_checked(&checked);
                        eprintln!(
                            "merge refused: fix the errors above and check again (nothing was written)"
                        );
                    }
                    Ok(EXIT_PROBLEMS)
                }
                MergeOutcome::Unrenderable(problems) => {
                    let name = template
                        .as_ref()
                        .map(|t| t.display().to_string())
                        .unwrap_or_else(|| "the agency summaries template".into());
                    super::print_diagnostics(&name, &problems);
                    Ok(EXIT_PROBLEMS)
                }
                MergeOutcome::Written { merged, written } => {
                    let items = summary::Section::ALL
                        .iter()
                        .map(|s| merged.section(*s).len())
                        .sum::<usize>();
                    if json {
                        print_json(&serde_json::json!({
                            "ok": true,
                            "items": items,
                            "received": merged.received,
                            "missing": merged.missing,
                            "warnings": checked.warnings(),
                            "written": written,
                        }))?;
                    } else {
                        println!(
                            "merged {items} item(s) from {} summary(ies): {} involvement, {} key practice episode(s), {} immediate action(s), {} early learning; {} missing",
                            merged.received.len(),
                            merged.involvement.len(),
                            merged.episodes.len(),
                            merged.actions.len(),
                            merged.learning.len(),
                            merged.missing.len(),
                        );
                        for m in &merged.missing {
                            println!("missing: {}", m.name);
                        }
                        for p in &written {
                            println!("wrote {}", p.display());
                        }
                        if checked.warnings() > 0 {
                            println!(
                                "{} warning(s): run `scr summary check` to see them",
                                checked.warnings()
                            );
                        }
                    }
                    Ok(EXIT_OK)
                }
            }
        }
    }
}
