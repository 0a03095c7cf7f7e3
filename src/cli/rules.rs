//! `scr criteria` and `scr timeline`: the statutory rules applied to a case, for a coordinator
//! at a terminal or a script reading `--json`.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, print_diagnostics, print_json};
use chrono::NaiveDate;
use scrkit::case::{self, Case};
use scrkit::diagnostic::error_count;
use scrkit::rules::{
    Basis, ClauseStatus, Consideration, Criteria, Deadline, Evaluation, Outcome, Status, Timeline,
    long_date,
};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Arguments of `scr criteria`.
#[derive(clap::Args)]
pub(super) struct CriteriaArgs {
    /// The case file (.json, .xlsx, .xls or .ods).
    case: PathBuf,
    /// Print the evaluation as JSON on standard output.
    #[arg(long)]
    json: bool,
}

/// Arguments of `scr timeline`.
#[derive(clap::Args)]
pub(super) struct TimelineArgs {
    /// The case file (.json, .xlsx, .xls or .ods).
    case: PathBuf,
    /// Judge the deadlines on this day instead of today (dd/mm/yyyy or yyyy-mm-dd).
    /// Anything the case file dates after it is treated as not yet done.
    #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
    as_of: Option<NaiveDate>,
    /// Print the timeline as JSON on standard output.
    #[arg(long)]
    json: bool,
}

/// Loads the case; on errors prints them (as JSON when asked) and gives the exit code.
pub(super) fn load(path: &Path, json: bool) -> Result<Case, CliResult> {
    match case::load_for(path, case::Need::Clean) {
        Ok((c, diagnostics)) => {
            let mut err = std::io::stderr().lock();
            for d in &diagnostics {
                let _ = writeln!(err, "{d}");
            }
            Ok(c)
        }
        Err(diagnostics) => {
            let errors = error_count(&diagnostics);
            if json {
                if let Err(e) = print_json(&serde_json::json!({
                    "file": path,
                    "ok": false,
                    "errors": errors,
                    "warnings": diagnostics.len() - errors,
                    "diagnostics": diagnostics,
                })) {
                    return Err(Err(e));
                }
            } else {
                print_diagnostics(&path.display().to_string(), &diagnostics);
                println!("fix the case file, then run the command again");
            }
            Err(Ok(EXIT_PROBLEMS))
        }
    }
}

/// Runs `scr criteria`.
pub(super) fn criteria(args: CriteriaArgs) -> CliResult {
    let c = match load(&args.case, args.json) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let result = scrkit::rules::evaluate(&c);
    if args.json {
        print_json(&result)?;
    } else {
        print!("{}", criteria_text(&c, &result));
    }
    Ok(EXIT_OK)
}

/// Runs `scr timeline`.
pub(super) fn timeline(args: TimelineArgs) -> CliResult {
    let c = match load(&args.case, args.json) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let result = scrkit::rules::timeline(&c, as_of);
    if args.json {
        print_json(&result)?;
    } else {
        print!("{}", timeline_text(&c, &result));
    }
    Ok(EXIT_OK)
}

const WIDTH: usize = 96;

/// Word-wraps `text` to `WIDTH`, the first line after `first`, the others indented by `indent`.
pub(super) fn wrapped(out: &mut String, first: &str, indent: usize, text: &str) {
    let mut line = first.to_string();
    let mut empty = true;
    // Only ASCII spaces break a line: dates are glued with no-break spaces.
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            let _ = writeln!(out, "{}", line.trim_end().replace('\u{a0}', " "));
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    let _ = writeln!(out, "{}", line.trim_end().replace('\u{a0}', " "));
}

fn heading(c: &Case) -> String {
    let r = c.review.reference.trim();
    if r.is_empty() {
        String::new()
    } else {
        format!("{r}: ")
    }
}

fn clause_label(s: ClauseStatus) -> &'static str {
    match s {
        ClauseStatus::Met => "met",
        ClauseStatus::NotMet => "not met",
        ClauseStatus::Unknown => "unknown",
    }
}

fn evaluation_text(out: &mut String, e: &Evaluation, outcome_words: [&str; 3]) {
    let _ = writeln!(out, "Rule: {}", e.rule);
    for cl in &e.clauses {
        let first = format!("  {:<7}{:<9}", cl.number, clause_label(cl.status));
        wrapped(out, &first, 18, cl.text);
        wrapped(out, &format!("{}because: ", " ".repeat(18)), 27, &cl.reason);
    }
    let word = match e.outcome {
        Outcome::Met => outcome_words[0],
        Outcome::NotMet => outcome_words[1],
        Outcome::Undetermined => outcome_words[2],
    };
    wrapped(out, &format!("Outcome: {word}. "), 2, &e.summary);
    if !e.unknown_facts.is_empty() {
        let _ = writeln!(out, "Find out, then record in the case file:");
        for f in &e.unknown_facts {
            wrapped(out, "  - ", 4, &format!("{} ({})", f.description, f.field));
        }
    }
}

fn criteria_text(c: &Case, r: &Criteria) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}{} ({})", heading(c), r.title, r.guidance);
    let _ = writeln!(out);
    evaluation_text(&mut out, &r.review, ["MET", "NOT MET", "UNDETERMINED"]);
    if let Some(alt) = &r.alternative_review
        && !r.review.summary.contains(alt.as_str())
    {
        wrapped(&mut out, "", 0, alt);
    }
    let _ = writeln!(out);
    if let Some(d) = &r.decisions {
        let _ = writeln!(out, "Notification by the local authority");
        evaluation_text(
            &mut out,
            &r.ofsted,
            ["NOTIFY", "NO NOTIFICATION NEEDED", "UNDETERMINED"],
        );
        wrapped(&mut out, "Source: ", 8, r.ofsted.source);
        let _ = writeln!(out);
        let _ = writeln!(out, "Local child safeguarding practice review");
        considerations_text(&mut out, &d.local_review.considerations);
        wrapped(&mut out, "Outcome: ", 2, &d.local_review.summary);
        if !d.local_review.reasons.is_empty() {
            wrapped(&mut out, "Reasons: ", 2, &d.local_review.reasons);
        }
        problems_text(&mut out, &d.local_review.problems);
        wrapped(&mut out, "Source: ", 8, d.local_review.source);
        let _ = writeln!(out);
        let _ = writeln!(out, "National review");
        wrapped(&mut out, "", 0, d.national_review.prompt);
        considerations_text(&mut out, &d.national_review.considerations);
        considerations_text(&mut out, std::slice::from_ref(&d.national_review.view));
        wrapped(&mut out, "Outcome: ", 2, &d.national_review.summary);
        problems_text(&mut out, &d.national_review.problems);
        wrapped(&mut out, "Source: ", 8, d.national_review.source);
    } else {
        let _ = writeln!(out, "Ofsted notification");
        evaluation_text(
            &mut out,
            &r.ofsted,
            ["NOTIFY OFSTED", "NO NOTIFICATION NEEDED", "UNDETERMINED"],
        );
    }
    out
}

fn considerations_text(out: &mut String, cs: &[Consideration]) {
    for c in cs {
        let first = format!("  {:<7}{:<9}", c.number, c.answer_text.to_lowercase());
        wrapped(out, &first, 18, c.text);
        if !c.reason.is_empty() {
            wrapped(out, &format!("{}because: ", " ".repeat(18)), 27, &c.reason);
        }
    }
}

fn problems_text(out: &mut String, problems: &[String]) {
    if !problems.is_empty() {
        let _ = writeln!(out, "The Panel would ask about:");
        for p in problems {
            wrapped(out, "  - ", 4, p);
        }
    }
}

fn timeline_text(c: &Case, t: &Timeline) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}statutory timescales ({}), as of {}",
        heading(c),
        t.guidance,
        long_date(t.as_of)
    );
    for d in &t.deadlines {
        deadline_text(&mut out, d);
    }
    if !t.plan.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Rapid review plan (working days from the notification; local practice)"
        );
        for d in &t.plan {
            deadline_text(&mut out, d);
        }
    }
    let k = &t.counts;
    let parts: Vec<String> = [
        (k.overdue, "overdue"),
        (k.due, "due"),
        (k.done_late, "done late"),
        (k.ended_early, "ended early"),
        (k.done_on_time, "done on time"),
        (k.done, "done"),
        (k.in_progress, "in progress"),
        (k.satisfied, "minimum period completed"),
        (k.not_started, "not yet started"),
        (k.not_applicable, "not applicable"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    let _ = writeln!(out);
    wrapped(&mut out, "Summary: ", 9, &(parts.join(", ") + "."));
    out
}

fn deadline_text(out: &mut String, d: &Deadline) {
    let date = |d: Option<NaiveDate>| {
        d.map(|d| long_date(d).replace(' ', "\u{a0}"))
            .unwrap_or_else(|| "not recorded".into())
    };
    let _ = writeln!(out);
    let mark = match d.status {
        Status::Overdue | Status::DoneLate | Status::EndedEarly => "!",
        Status::Due | Status::InProgress => ">",
        _ => " ",
    };
    let _ = writeln!(out, "{mark} {:<48} {}", d.step, d.status_text);
    if d.status != Status::NotApplicable {
        // A minimum period (the report on the website) and a rule counted back from a
        // later event (the report to the National Panel) read differently from a deadline.
        let minimum = matches!(
            d.status,
            Status::InProgress | Status::Satisfied | Status::EndedEarly
        ) || d.id == "report_kept_published";
        let back = matches!((d.runs_from, d.due), (Some(f), Some(u)) if u < f);
        let from = if back { "counted back from" } else { "from" };
        let (due_word, done_word) = if minimum {
            ("period complete on", "removed")
        } else {
            ("due", "done")
        };
        let done = match (d.done, minimum) {
            (Some(x), _) => format!("{done_word} {}", long_date(x).replace(' ', "\u{a0}")),
            (None, true) => "not removed".into(),
            (None, false) => "not done yet".to_string(),
        };
        wrapped(
            out,
            "    ",
            4,
            &format!("{from} {} ({})", date(d.runs_from), d.runs_from_event),
        );
        wrapped(
            out,
            "    ",
            4,
            &format!("{due_word} {}; {done}", date(d.due)),
        );
    }
    wrapped(
        out,
        "    rule: ",
        10,
        &match d.basis {
            Basis::PanelGuidance | Basis::LocalPractice => format!(
                "{} [{}; {}; {}]",
                d.rule,
                d.period,
                d.source,
                d.basis.words()
            ),
            _ => format!("{} [{}; {}]", d.rule, d.period, d.source),
        },
    );
    if let Some(n) = &d.note {
        wrapped(out, "    note: ", 10, n);
    }
}
