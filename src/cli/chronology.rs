//! `scr chronology ...`: check agency returns and merge them.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_json};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use scrkit::case::Case;
use scrkit::chronology::{self, Checked, Context, MergeOutcome, Return, Scope};
use scrkit::diagnostic::Diagnostic;
use scrkit::output::WritePolicy;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum ChronologyCommand {
    /// Check agency returns (.xlsx, .xlsm, .xls, .ods, .csv, or a table in .docx) and report
    /// every problem with its cell.
    Check {
        /// The returns.
        #[arg(required = true)]
        returns: Vec<PathBuf>,
        #[command(flatten)]
        against: Against,
        /// Print the result as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Merge checked returns into one chronology: merged-chronology.xlsx and .docx,
    /// problems.txt and problems.json in the output folder.
    Merge {
        /// The returns.
        #[arg(required = true)]
        returns: Vec<PathBuf>,
        /// The output folder.
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        #[command(flatten)]
        against: Against,
        /// Merge the valid rows even when some returns have errors; every row left out is
        /// listed with its reason.
        #[arg(long)]
        keep_going: bool,
        /// Report periods longer than this many days with no entry from any agency.
        #[arg(long, default_value_t = chronology::merge::DEFAULT_GAP_DAYS,
              value_parser = clap::value_parser!(i64).range(1..))]
        gap_days: i64,
        /// A board's own Word template for merged-chronology.docx (scrkit's own otherwise).
        #[arg(long)]
        template: Option<PathBuf>,
        /// Replace files already in the output folder.
        #[arg(long)]
        force: bool,
        /// Print the summary as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Draw the merged chronology as a timeline picture: agencies as lanes, gaps shaded,
    /// likely duplicates linked, key dates marked. The returns are checked and merged as
    /// `merge` does; only the picture is written.
    Timeline {
        /// The returns.
        #[arg(required = true)]
        returns: Vec<PathBuf>,
        /// The picture's file: .svg or .png.
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        #[command(flatten)]
        against: Against,
        /// Draw the valid rows even when some returns have errors.
        #[arg(long)]
        keep_going: bool,
        /// Shade periods longer than this many days with no entry.
        #[arg(long, default_value_t = chronology::merge::DEFAULT_GAP_DAYS,
              value_parser = clap::value_parser!(i64).range(1..))]
        gap_days: i64,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// What the returns are judged against: a case, or a scope typed in.
#[derive(Args)]
pub(super) struct Against {
    /// The case file: gives the scope, and matches each return to an agency of the case.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    case: Option<PathBuf>,
    /// First day of the scope (dd/mm/yyyy or yyyy-mm-dd), when no case is given.
    #[arg(long, value_parser = super::parse_date)]
    from: Option<chrono::NaiveDate>,
    /// Last day of the scope (dd/mm/yyyy or yyyy-mm-dd), when no case is given.
    #[arg(long, value_parser = super::parse_date)]
    to: Option<chrono::NaiveDate>,
}

/// Loads the case when one is given; `Err` holds the exit code after reporting.
fn load_case(against: &Against) -> Result<Option<Case>, i32> {
    let Some(path) = &against.case else {
        return Ok(None);
    };
    let c = super::usable_case(path)?;
    if c.review.scope.from.is_none() || c.review.scope.to.is_none() {
        eprintln!(
            "error: {}: the review's scope (review.scope.from and .to) is not set; dates cannot be checked against it",
            path.display()
        );
        return Err(EXIT_PROBLEMS);
    }
    Ok(Some(c))
}

fn context<'a>(case: Option<&'a Case>, against: &Against) -> Context<'a> {
    let today = chrono::Local::now().date_naive();
    match case {
        Some(c) => Context::for_case(c, today),
        None => Context {
            today,
            scope: Scope {
                from: against.from,
                to: against.to,
            },
            case: None,
        },
    }
}

/// Runs `work` with a progress bar of `total` returns on a terminal.
fn with_progress<T>(total: usize, work: impl FnOnce(&(dyn Fn(usize) + Sync)) -> T) -> T {
    let bar = (total > 1 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(total as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} returns read")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    });
    let result = work(&|n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result
}

/// How a return's agency is named in `check` output, for chronology returns and agency
/// summaries alike: the case's name and id, or that it is unknown.
pub(super) fn agency_label(agency: Option<&chronology::ReturnAgency>) -> String {
    match agency {
        Some(a) => match &a.id {
            Some(id) => format!("{} ({id})", a.name),
            None => a.name.clone(),
        },
        None => "agency unknown".into(),
    }
}

/// A per-return summary line, then its problems.
fn print_checked(checked: &Checked) {
    let mut out = std::io::stdout().lock();
    for r in &checked.returns {
        let errors = r.errors();
        let warnings = r.diagnostics.len() - errors;
        // A CSV file has no sheets; its name is already given.
        let sheet = match (&r.sheet, r.format) {
            (Some(s), f) if f != scrkit::chronology::Format::Csv => format!(", {s}"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{}: {}{sheet}: {} entr{}, {} row(s) with errors; {errors} error(s), {warnings} warning(s)",
            r.path.display(),
            agency_label(r.agency.as_ref()),
            r.entries.len(),
            if r.entries.len() == 1 { "y" } else { "ies" },
            r.excluded.len(),
        );
        let _ = super::write_diagnostics(&mut out, &r.diagnostics);
    }
    for d in &checked.diagnostics {
        let _ = writeln!(out, "{d}");
    }
    let (e, w) = (checked.errors(), checked.warnings());
    let _ = if e == 0 && w == 0 {
        writeln!(
            out,
            "{} return(s): no problems found",
            checked.returns.len()
        )
    } else {
        writeln!(
            out,
            "{} return(s): {e} error(s), {w} warning(s)",
            checked.returns.len()
        )
    };
}

fn return_json(r: &Return) -> serde_json::Value {
    let errors = r.errors();
    serde_json::json!({
        "file": r.path,
        "format": r.format,
        "sheet": r.sheet,
        "agency": r.agency,
        "entries": r.entries.len(),
        "rows_read": r.rows_read,
        "excluded_rows": r.excluded,
        "errors": errors,
        "warnings": r.diagnostics.len() - errors,
        "diagnostics": r.diagnostics,
    })
}

fn diagnostics_json(ds: &[Diagnostic]) -> serde_json::Value {
    serde_json::to_value(ds).unwrap_or_default()
}

pub(super) fn run(cmd: ChronologyCommand) -> CliResult {
    match cmd {
        ChronologyCommand::Merge {
            returns,
            out,
            against,
            keep_going,
            gap_days,
            template,
            force,
            json,
        } => {
            let compiled = match super::template::board_template(template.as_deref()) {
                Ok(t) => t,
                Err(code) => return Ok(code),
            };
            let case = match load_case(&against) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let ctx = context(case.as_ref(), &against);
            let opts = chronology::MergeOptions {
                keep_going,
                gap_days,
            };
            let policy = WritePolicy::new(
                force,
                returns
                    .iter()
                    .cloned()
                    .chain(against.case.clone())
                    .chain(template.clone()),
            );
            let (checked, outcome) = with_progress(returns.len(), |progress| {
                chronology::merge_into(
                    &out,
                    policy,
                    &returns,
                    &ctx,
                    opts,
                    compiled.as_ref(),
                    progress,
                )
            })?;
            let (merged, written) = match outcome {
                MergeOutcome::Written { merged, written } => (merged, written),
                MergeOutcome::Refused(refused) => {
                    if json {
                        print_json(&chronology::write::problems_json(&checked, None))?;
                    } else {
                        print_checked(&checked);
                        eprintln!(
                            "merge refused: {} return(s) have errors ({}); fix them, or merge the \
                             valid rows with --keep-going",
                            refused.returns.len(),
                            refused
                                .returns
                                .iter()
                                .map(|(p, n)| format!("{}: {n}", p.display()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    return Ok(EXIT_PROBLEMS);
                }
                MergeOutcome::Unrenderable(problems) => {
                    let name = template
                        .as_ref()
                        .map(|t| t.display().to_string())
                        .unwrap_or_else(|| "the merged chronology template".into());
                    super::print_diagnostics(&name, &problems);
                    return Ok(EXIT_PROBLEMS);
                }
            };
            let errors = checked.errors();
            if json {
                print_json(&serde_json::json!({
                    "ok": errors == 0,
                    "rows": merged.rows.len(),
                    "returns": merged.returns,
                    "duplicate_groups": merged.duplicate_groups.len(),
                    "gaps": merged.gaps,
                    "missing_returns": merged.missing_returns,
                    "excluded": merged.excluded.len(),
                    "errors": checked.errors(),
                    "warnings": checked.warnings(),
                    "written": written,
                }))?;
            } else {
                println!(
                    "merged {} rows from {} return(s): {} likely duplicate group(s), {} gap(s) over {} days, {} missing return(s), {} row(s) left out",
                    merged.rows.len(),
                    merged.returns.len(),
                    merged.duplicate_groups.len(),
                    merged.gaps.len(),
                    merged.gap_days,
                    merged.missing_returns.len(),
                    merged.excluded.len()
                );
                for m in &merged.missing_returns {
                    println!("missing: {}", m.name);
                }
                for p in &written {
                    println!("wrote {}", p.display());
                }
                if checked.errors() + checked.warnings() > 0 {
                    println!(
                        "{} error(s), {} warning(s): see {}",
                        checked.errors(),
                        checked.warnings(),
                        chronology::write::PROBLEMS_TXT
                    );
                }
            }
            Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
        }
        ChronologyCommand::Timeline {
            returns,
            out,
            against,
            keep_going,
            gap_days,
            force,
        } => {
            if chronology::timeline::PictureFormat::of_path(&out).is_none() {
                eprintln!(
                    "error: {}: give a file name ending in .svg or .png",
                    out.display()
                );
                return Ok(EXIT_USAGE);
            }
            let case = match load_case(&against) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            let ctx = context(case.as_ref(), &against);
            let opts = chronology::MergeOptions {
                keep_going,
                gap_days,
            };
            let policy =
                WritePolicy::new(force, returns.iter().cloned().chain(against.case.clone()));
            let (checked, outcome) = with_progress(returns.len(), |progress| {
                chronology::timeline::timeline_into(&out, policy, &returns, &ctx, opts, progress)
            })?;
            match outcome {
                chronology::timeline::TimelineOutcome::Refused(refused) => {
                    print_checked(&checked);
                    eprintln!(
                        "timeline refused: {} return(s) have errors; fix them, or draw the valid \
                         rows with --keep-going",
                        refused.returns.len()
                    );
                    Ok(EXIT_PROBLEMS)
                }
                chronology::timeline::TimelineOutcome::Written { merged, path } => {
                    println!(
                        "drew {} entries from {} return(s): {} gap(s) over {} days, {} likely duplicate group(s)",
                        merged.rows.len(),
                        merged.returns.len(),
                        merged.gaps.len(),
                        merged.gap_days,
                        merged.duplicate_groups.len()
                    );
                    println!("wrote {}", path.display());
                    Ok(if checked.errors() == 0 {
                        EXIT_OK
                    } else {
                        EXIT_PROBLEMS
                    })
                }
            }
        }
        ChronologyCommand::Check {
            returns,
            against,
            json,
        } => {
            let case = match load_case(&against) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            if returns.is_empty() {
                eprintln!("error: give at least one return");
                return Ok(EXIT_USAGE);
            }
            let ctx = context(case.as_ref(), &against);
            let checked = with_progress(returns.len(), |progress| {
                chronology::check(&returns, &ctx, progress)
            });
            let errors = checked.errors();
            if json {
                print_json(&serde_json::json!({
                    "ok": errors == 0,
                    "errors": errors,
                    "warnings": checked.warnings(),
                    "returns": checked.returns.iter().map(return_json).collect::<Vec<_>>(),
                    "diagnostics": diagnostics_json(&checked.diagnostics),
                }))?;
            } else {
                print_checked(&checked);
            }
            Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
        }
    }
}
