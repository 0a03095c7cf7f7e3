//! `scr actions`: where the action plan stands, and the tracker round-trip with agencies.

use super::parse_date;
use super::rules::{load, wrapped};
use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_diagnostics, print_json};
use chrono::NaiveDate;
use scrkit::actions::{self, ActionReport, State};
use scrkit::case::{self, Case};
use scrkit::output::{OutputDir, WritePolicy, write_file};
use scrkit::rules::calendar::long_date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `scr actions`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(super) struct ActionsArgs {
    #[command(subcommand)]
    command: Option<ActionsCommand>,
    /// The case file (.json, .xlsx, .xls or .ods).
    case: Option<PathBuf>,
    /// Judge the actions on this day instead of today (YYYY-MM-DD or dd/mm/yyyy). Updates and
    /// closures the case file dates after it are treated as not yet made.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
    /// Print the report as JSON on standard output.
    #[arg(long)]
    json: bool,
}

/// The tracker round-trip.
#[derive(clap::Subcommand)]
enum ActionsCommand {
    /// Write each owner agency's action tracker workbook (its open actions; the board's
    /// columns locked).
    Workbook {
        /// The case file.
        case: PathBuf,
        /// A folder (one tracker per agency), or an .xlsx file (with --agency, or when one
        /// agency owns every open action).
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        /// Only this agency's tracker (its id in the case).
        #[arg(long)]
        agency: Option<String>,
        /// The date the agencies are asked to return it by (shown in the tracker).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        return_by: Option<NaiveDate>,
        /// Replace existing files.
        #[arg(long)]
        force: bool,
    },
    /// Write the board's progress report on the action plan (a Word document): counts by
    /// agency and by recommendation, overdue and stale actions first.
    Report {
        /// The case file.
        case: PathBuf,
        /// The report (.docx).
        #[arg(short, long = "out", visible_alias = "output")]
        out: PathBuf,
        /// Report the plan as it stood on this day instead of today (YYYY-MM-DD or
        /// dd/mm/yyyy); the report is dated so.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// A folder of the board's own templates (progress-report.docx).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// Replace the output if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Check returned trackers cell by cell against the case, and list what they would change.
    Check {
        /// The case file.
        case: PathBuf,
        /// The returned trackers.
        #[arg(required = true)]
        trackers: Vec<PathBuf>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Merge returned trackers into a new case file, listing every change. Nothing is written
    /// if any tracker has an error.
    Update {
        /// The case file (never changed).
        case: PathBuf,
        /// The returned trackers.
        #[arg(required = true)]
        trackers: Vec<PathBuf>,
        /// The new case file (.json or .xlsx).
        #[arg(short, long = "out", visible_alias = "output")]
        output: PathBuf,
        /// Replace the output if it exists.
        #[arg(long)]
        force: bool,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs `scr actions`.
pub(super) fn run(args: ActionsArgs) -> CliResult {
    match args.command {
        Some(ActionsCommand::Workbook {
            case,
            out,
            agency,
            return_by,
            force,
        }) => workbook(&case, &out, agency.as_deref(), return_by, force),
        Some(ActionsCommand::Report {
            case,
            out,
            as_of,
            templates,
            force,
        }) => report_document(&case, &out, as_of, templates, force),
        Some(ActionsCommand::Check {
            case,
            trackers,
            json,
        }) => merge(&case, &trackers, None, false, json),
        Some(ActionsCommand::Update {
            case,
            trackers,
            output,
            force,
            json,
        }) => merge(&case, &trackers, Some(&output), force, json),
        None => {
            let Some(path) = args.case else {
                eprintln!(
                    "error: give the case file: scr actions CASE [--as-of DATE] [--json], or see scr actions --help"
                );
                return Ok(EXIT_USAGE);
            };
            let c = match load(&path, args.json) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let as_of = args
                .as_of
                .unwrap_or_else(|| chrono::Local::now().date_naive());
            let report = actions::action_report(&c, as_of);
            if args.json {
                print_json(&report)?;
            } else {
                print!("{}", report_text(&c, &report));
            }
            Ok(if report.needs_attention() {
                EXIT_PROBLEMS
            } else {
                EXIT_OK
            })
        }
    }
}

/// `scr actions report`: the progress report as a Word document.
fn report_document(
    path: &Path,
    out: &Path,
    as_of: Option<NaiveDate>,
    templates: Option<PathBuf>,
    force: bool,
) -> CliResult {
    let c = match load(path, false) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
    let source = templates
        .clone()
        .map(scrkit::pack::TemplateSource::Dir)
        .unwrap_or_default();
    match scrkit::pack::learning::progress_report(&c, as_of, &source) {
        Ok(bytes) => {
            let mut inputs = vec![path.to_path_buf()];
            if let Some(dir) = &templates {
                inputs.push(dir.join(scrkit::docset::DocKind::ProgressReport.file_name()));
            }
            write_file(out, &bytes, &WritePolicy::new(force, inputs))?;
            let r = actions::action_report(&c, as_of);
            eprintln!(
                "wrote {}: the action plan as at {}, {}",
                out.display(),
                long_date(as_of),
                r.counts.words()
            );
            Ok(EXIT_OK)
        }
        Err(d) => {
            print_diagnostics("progress report", &d);
            Ok(EXIT_PROBLEMS)
        }
    }
}

fn report_text(c: &Case, r: &ActionReport) -> String {
    let mut out = String::new();
    let reference = c.review.reference.trim();
    let _ = writeln!(
        out,
        "{}action plan as of {} (an open action needs an update at least every {} days)",
        if reference.is_empty() {
            String::new()
        } else {
            format!("{reference}: ")
        },
        long_date(r.as_of),
        r.update_interval_days
    );
    if r.actions.is_empty() {
        let _ = writeln!(out, "\nThe case holds no actions yet.");
        return out;
    }
    for state in State::ALL {
        let list: Vec<_> = r.actions.iter().filter(|a| a.state == state).collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{} ({})", state.label(), list.len());
        for a in list {
            let mark = if state.needs_attention() { "!" } else { " " };
            let due = a
                .due_on
                .map(|d| format!("due {}", long_date(d)))
                .unwrap_or_else(|| "no due date".into());
            let _ = writeln!(
                out,
                "{mark} {:<5} {} ({}), {}: {}",
                a.id, a.owner_name, a.recommendation, due, a.state_text
            );
            wrapped(&mut out, "        ", 8, &a.action);
            if let (Some(on), Some(rag)) = (a.last_update_on, a.last_rag_label) {
                wrapped(
                    &mut out,
                    "        last update: ",
                    21,
                    &format!("{} ({rag}) {}", long_date(on), a.last_note),
                );
            }
        }
    }
    let table = |out: &mut String, title: &str, groups: &[actions::Group]| {
        let _ = writeln!(out, "\n{title}");
        let _ = writeln!(
            out,
            "  {:<44} {:>5} {:>8} {:>6} {:>8} {:>9} {:>9}",
            "", "total", "overdue", "stale", "at risk", "on track", "complete"
        );
        for g in groups {
            let mut name = format!("{} {}", g.id, g.name);
            if name.chars().count() > 44 {
                name = name.chars().take(43).collect::<String>() + "…";
            }
            let k = &g.counts;
            let _ = writeln!(
                out,
                "  {:<44} {:>5} {:>8} {:>6} {:>8} {:>9} {:>9}",
                name, k.total, k.overdue, k.stale, k.at_risk, k.on_track, k.complete
            );
        }
    };
    table(&mut out, "By agency", &r.by_agency);
    table(&mut out, "By recommendation", &r.by_recommendation);
    let _ = writeln!(out);
    wrapped(&mut out, "Summary: ", 9, &(r.counts.words() + "."));
    if r.needs_attention() {
        let _ = writeln!(
            out,
            "Needs attention: {} overdue, {} with no update for over {} days.",
            r.counts.overdue, r.counts.stale, r.update_interval_days
        );
    }
    out
}

fn workbook(
    case_path: &Path,
    out: &Path,
    agency: Option<&str>,
    return_by: Option<NaiveDate>,
    force: bool,
) -> CliResult {
    let c = match load(case_path, false) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let agencies: Vec<String> = match agency {
        Some(id) => {
            if c.agency(id).is_none() {
                let known = c.agencies.iter().map(|a| a.id.as_str());
                let hint = case::closest(id, known)
                    .map(|k| format!(" (did you mean \"{k}\"?)"))
                    .unwrap_or_default();
                eprintln!("error: the case has no agency \"{id}\"{hint}");
                return Ok(EXIT_USAGE);
            }
            if actions::open_actions(&c, id).is_empty() {
                eprintln!("error: agency \"{id}\" owns no open action, so it has no tracker");
                return Ok(EXIT_PROBLEMS);
            }
            vec![id.to_string()]
        }
        None => actions::tracker_agencies(&c)
            .into_iter()
            .map(String::from)
            .collect(),
    };
    if agencies.is_empty() {
        eprintln!("no agency owns an open action: there is no tracker to send");
        return Ok(EXIT_OK);
    }
    let policy = WritePolicy::new(force, [case_path.to_path_buf()]);
    let is_file = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_file {
        if agencies.len() > 1 {
            eprintln!(
                "error: {} agencies own open actions ({}): give a folder to write one tracker each, or --agency ID",
                agencies.len(),
                agencies.join(", ")
            );
            return Ok(EXIT_USAGE);
        }
        let bytes = actions::tracker_xlsx(&c, &agencies[0], return_by)?;
        write_file(out, &bytes, &policy)?;
        eprintln!("wrote {}", out.display());
        return Ok(EXIT_OK);
    }
    let dir = OutputDir::create(out, policy)?;
    for id in &agencies {
        let bytes = actions::tracker_xlsx(&c, id, return_by)?;
        let name = actions::tracker_file_name(id);
        let written = dir.write(Path::new(&name), &bytes)?;
        eprintln!(
            "wrote {} ({} open action(s))",
            written.display(),
            actions::open_actions(&c, id).len()
        );
    }
    Ok(EXIT_OK)
}

fn merge(
    case_path: &Path,
    trackers: &[PathBuf],
    output: Option<&Path>,
    force: bool,
    json: bool,
) -> CliResult {
    let c = match load(case_path, json) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Some(o) = output
        && !matches!(
            o.extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase)
                .as_deref(),
            Some("json" | "xlsx")
        )
    {
        eprintln!("error: {}: give a .json or .xlsx file name", o.display());
        return Ok(EXIT_USAGE);
    }
    let today = chrono::Local::now().date_naive();
    let m = actions::merge_trackers(&c, trackers, today);
    // The merged case must itself be a valid case file before it is written.
    let mut diagnostics = m.diagnostics.clone();
    if m.is_clean() {
        for d in case::validate(&m.case, today) {
            if d.is_error() {
                diagnostics.push(d.in_file(output.unwrap_or(case_path)));
            }
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut written = None;
    if errors == 0
        && let Some(o) = output
    {
        let bytes = if o
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        {
            (serde_json::to_string_pretty(&m.case)? + "\n").into_bytes()
        } else {
            case::workbook::write(Some(&m.case))?
        };
        let mut inputs = vec![case_path.to_path_buf()];
        inputs.extend(trackers.iter().cloned());
        write_file(o, &bytes, &WritePolicy::new(force, inputs))?;
        written = Some(o.to_path_buf());
    }
    if json {
        print_json(&serde_json::json!({
            "ok": errors == 0,
            "errors": errors,
            "warnings": diagnostics.len() - errors,
            "diagnostics": diagnostics,
            "changes": m.changes,
            "unchanged_rows": m.unchanged,
            "written": written,
        }))?;
    } else {
        let subject = format!("{} tracker(s)", trackers.len());
        print_diagnostics(&subject, &diagnostics);
        let verb = if written.is_some() || output.is_none() && errors == 0 {
            ""
        } else {
            "would be "
        };
        if m.changes.is_empty() {
            println!(
                "no change to the case ({} row(s) with nothing new)",
                m.unchanged
            );
        } else {
            println!(
                "{} change(s) {verb}made, {} row(s) with nothing new:",
                m.changes.len(),
                m.unchanged
            );
            for ch in &m.changes {
                let mut line = String::new();
                wrapped(
                    &mut line,
                    &format!("  {} ({}, row {}): ", ch.action, ch.file.display(), ch.row),
                    6,
                    &ch.description,
                );
                print!("{line}");
            }
        }
        match (&written, output, errors) {
            (Some(o), _, _) => eprintln!("wrote {}", o.display()),
            (None, Some(_), _) => {
                println!("nothing written: fix the errors above, then run it again")
            }
            _ => {}
        }
    }
    Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
}
