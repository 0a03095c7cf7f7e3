//! `scr chronology ...`: check agency returns and merge them.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_json};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use scrkit::case::{self, Case};
use scrkit::chronology::{self, Checked, Context, Return, Scope};
use scrkit::diagnostic::Diagnostic;
use scrkit::output::{OutputDir, WritePolicy};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Subcommand)]
pub enum ChronologyCommand {
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
        #[arg(long)]
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
}

/// What the returns are judged against: a case, or a scope typed in.
#[derive(Args)]
pub struct Against {
    /// The case file: gives the scope, and matches each return to an agency of the case.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    case: Option<PathBuf>,
    /// First day of the scope (dd/mm/yyyy or yyyy-mm-dd), when no case is given.
    #[arg(long, value_parser = parse_day)]
    from: Option<chrono::NaiveDate>,
    /// Last day of the scope (dd/mm/yyyy or yyyy-mm-dd), when no case is given.
    #[arg(long, value_parser = parse_day)]
    to: Option<chrono::NaiveDate>,
}

fn parse_day(s: &str) -> Result<chrono::NaiveDate, String> {
    let today = chrono::Local::now().date_naive();
    match chronology::dates::parse_date_text(s, today) {
        Ok(p) if p.date.certainty == chronology::Certainty::Exact => Ok(p.date.date),
        Ok(_) => Err("give a whole date, e.g. 01/03/2015".into()),
        Err(e) => Err(format!("{}; {}", e.message, e.help)),
    }
}

/// Loads the case when one is given; `Err` holds the exit code after reporting.
fn load_case(against: &Against) -> Result<Option<Case>, i32> {
    let Some(path) = &against.case else {
        return Ok(None);
    };
    let loaded = case::load(path);
    let Some(c) = loaded.case else {
        super::print_diagnostics(&path.display().to_string(), &loaded.diagnostics);
        return Err(EXIT_PROBLEMS);
    };
    let errors = scrkit::diagnostic::error_count(&loaded.diagnostics);
    if errors > 0 {
        eprintln!(
            "note: {} has {errors} problem(s) of its own; run `scr case check {}` to see them",
            path.display(),
            path.display()
        );
    }
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

/// Checks every return with a progress bar on a terminal.
fn check_all(paths: &[PathBuf], ctx: &Context) -> Checked {
    let bar = (paths.len() > 1 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(paths.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} returns read")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    });
    let checked = chronology::check(paths, ctx, &|n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    checked
}

fn agency_label(r: &Return) -> String {
    match &r.agency {
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
        let sheet = r
            .sheet
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}: {}{sheet}: {} entr{}, {} row(s) with errors; {errors} error(s), {warnings} warning(s)",
            r.path.display(),
            agency_label(r),
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

pub fn run(cmd: ChronologyCommand) -> CliResult {
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
            let compiled = match &template {
                Some(t) => {
                    let c = scrkit::template::compile_file(t);
                    match c.template {
                        Some(t) => Some(t),
                        None => {
                            super::print_diagnostics(&t.display().to_string(), &c.diagnostics);
                            return Ok(EXIT_PROBLEMS);
                        }
                    }
                }
                None => None,
            };
            let case = match load_case(&against) {
                Ok(c) => c,
                Err(code) => return Ok(code),
            };
            // Refuse before the work, not half-way through writing: every output is checked
            // here, and again when the four files are staged to appear together.
            if !force {
                for name in chronology::write::OUTPUT_NAMES {
                    let target = out.join(name);
                    if target.symlink_metadata().is_ok() {
                        return Err(scrkit::output::OutputError::Exists(target).into());
                    }
                }
            }
            let ctx = context(case.as_ref(), &against);
            let mut checked = check_all(&returns, &ctx);
            let opts = chronology::MergeOptions {
                keep_going,
                gap_days,
            };
            let merged = match chronology::merge(&mut checked, &ctx, opts) {
                Ok(m) => m,
                Err(refused) => {
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
            };
            let outputs =
                match chronology::write::build_outputs(&checked, &merged, compiled.as_ref()) {
                    Ok(o) => o,
                    Err(chronology::write::OutputsError::Docx(problems)) => {
                        let name = template
                            .as_ref()
                            .map(|t| t.display().to_string())
                            .unwrap_or_else(|| "the merged chronology template".into());
                        super::print_diagnostics(&name, &problems);
                        return Ok(EXIT_PROBLEMS);
                    }
                    Err(e) => return Err(e.into()),
                };
            let policy = WritePolicy::new(
                force,
                returns
                    .iter()
                    .cloned()
                    .chain(against.case.clone())
                    .chain(template.clone()),
            );
            let dir = OutputDir::create(&out, policy)?;
            let names: Vec<std::path::PathBuf> = chronology::write::OUTPUT_NAMES
                .iter()
                .map(std::path::PathBuf::from)
                .collect();
            let mut staging = match dir.stage(&names) {
                Ok(s) => s,
                Err(errors) => {
                    for e in &errors {
                        eprintln!("error: {e}");
                    }
                    return Ok(super::EXIT_USAGE);
                }
            };
            staging.write(Path::new(chronology::write::MERGED_XLSX), &outputs.xlsx)?;
            staging.write(Path::new(chronology::write::MERGED_DOCX), &outputs.docx)?;
            staging.write(
                Path::new(chronology::write::PROBLEMS_TXT),
                outputs.problems_txt.as_bytes(),
            )?;
            staging.write(
                Path::new(chronology::write::PROBLEMS_JSON),
                outputs.problems_json.as_bytes(),
            )?;
            let written = staging.commit()?;
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
                    println!("missing: {} ({})", m.name, m.id);
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
            let checked = check_all(&returns, &ctx);
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
