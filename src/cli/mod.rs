//! Argument parsing and printing. Nothing here knows how a document is made; everything here
//! knows how to talk to a person at a terminal or a script reading `--json`.

mod actions;
mod anonymise;
mod audit;
mod case;
mod check;
mod chronology;
mod pack;
mod rules;
mod serve;
mod summary;
mod template;
mod templates;

use clap::{Parser, Subcommand};
use scrkit::diagnostic::{Diagnostic, Severity};
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code: the work was done and the input is clean.
pub(crate) const EXIT_OK: i32 = 0;
/// Exit code: the input has problems, which were reported.
pub(crate) const EXIT_PROBLEMS: i32 = 1;
/// Exit code: usage error or internal error.
pub(crate) const EXIT_USAGE: i32 = 2;

#[derive(Parser)]
#[command(
    name = "scr",
    version,
    about = "The paperwork of a safeguarding case review: case file, Word packs, chronologies, checks",
    long_about = None,
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create, check and convert the case file.
    #[command(subcommand)]
    Case(case::CaseCommand),
    /// Apply the statutory criteria to the referral: must a review be held, must Ofsted be told?
    Criteria(rules::CriteriaArgs),
    /// List every statutory deadline of the case with its due date and where it stands.
    Timeline(rules::TimelineArgs),
    /// Where the action plan stands on a day (exit 1 when an action is overdue or has no
    /// recent update), and the action tracker round-trip with agencies.
    Actions(actions::ActionsArgs),
    /// Make every document of the review: the coordinator's records and one pack per agency.
    Pack(pack::PackArgs),
    /// Make the anonymised final report draft.
    Draft(pack::DraftArgs),
    /// Fill a Word template (.docx with {{tags}}) from JSON data.
    Fill(template::FillArgs),
    /// Inspect and check Word templates.
    #[command(subcommand)]
    Template(template::TemplateCommand),
    /// The built-in Word templates: list them, or export them to rebrand.
    #[command(subcommand)]
    Templates(templates::TemplatesCommand),
    /// Check agency chronology returns and merge them into one chronology.
    #[command(subcommand)]
    Chronology(chronology::ChronologyCommand),
    /// The rapid review's agency summaries: blank workbooks, checks and the merge.
    #[command(subcommand)]
    Summary(summary::SummaryCommand),
    /// Check documents: required sections and leftovers; `check publication` for identifying
    /// details.
    Check(check::CheckArgs),
    /// Replace the family's names, dates, addresses and numbers with the case's pseudonyms in
    /// every part of a document, then check the result.
    Anonymise(anonymise::AnonymiseArgs),
    /// Check or list the audit log of a review folder.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// The coordinator's workspace in the browser, on this machine only.
    Serve(serve::ServeArgs),
}

/// Runs the command line and returns the process exit code. A panic (a bug in scrkit) is
/// reported by the hook below and becomes exit code 2; it unwinds first, so temporary files
/// of writes in progress are removed and no output is left half-written.
pub(crate) fn run() -> i32 {
    install_panic_hook();
    let code = std::panic::catch_unwind(run_command).unwrap_or(EXIT_USAGE);
    if PIPE_CLOSED.load(Ordering::SeqCst) {
        EXIT_PIPE_CLOSED
    } else {
        code
    }
}

/// Exit code when the reader of standard output went away (`scr ... | head`): what a shell
/// reports for a program ended by a closed pipe (128 + SIGPIPE), without a message.
pub(crate) const EXIT_PIPE_CLOSED: i32 = 141;

/// Set when a write to standard output found the pipe closed; the command then ends quietly.
static PIPE_CLOSED: AtomicBool = AtomicBool::new(false);

/// Whether an error is standard output's pipe closing under us, looking through the causes
/// (serde_json and boxed errors wrap the io error).
fn is_closed_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur = Some(e);
    while let Some(err) = cur {
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::BrokenPipe
        {
            return true;
        }
        if let Some(j) = err.downcast_ref::<serde_json::Error>()
            && j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe)
        {
            return true;
        }
        cur = err.source();
    }
    false
}

/// Whether a panic is `print!`'s on a closed standard output ("failed printing to stdout:
/// Broken pipe"): not a bug, the reader has simply stopped reading.
fn is_closed_pipe_panic(payload: &(dyn std::any::Any + Send)) -> bool {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("");
    text.starts_with("failed printing to stdout") && text.contains("Broken pipe")
}

fn run_command() -> i32 {
    // For the tests of the panic hook only: a panic whose message holds personal data, which
    // must not reach the terminal.
    if std::env::var_os("SCRKIT_INTERNAL_TEST_PANIC").is_some() {
        panic!("test panic about Maisie Thornbury, 14 Larkspur Close");
    }
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    // Commands run on a review folder of a workspace are recorded in its audit log.
    let hook = audit::Hook::start(&std::env::args_os().collect::<Vec<_>>());
    let result = match cli.command {
        Command::Case(c) => case::run(c),
        Command::Criteria(a) => rules::criteria(a),
        Command::Timeline(a) => rules::timeline(a),
        Command::Actions(a) => actions::run(a),
        Command::Pack(a) => pack::pack(a),
        Command::Draft(a) => pack::draft(a),
        Command::Fill(a) => template::fill(a),
        Command::Template(c) => template::run(c),
        Command::Templates(c) => templates::run(c),
        Command::Chronology(c) => chronology::run(c),
        Command::Summary(c) => summary::run(c),
        Command::Check(a) => check::run(a),
        Command::Anonymise(a) => anonymise::run(a),
        Command::Audit(c) => audit::run(c),
        Command::Serve(a) => serve::run(a),
    };
    let code = match result {
        Ok(code) => code,
        Err(e) if is_closed_pipe(e.as_ref()) => {
            PIPE_CLOSED.store(true, Ordering::SeqCst);
            EXIT_PIPE_CLOSED
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_USAGE
        }
    };
    hook.finish(code);
    code
}

/// A failure that is not a problem in the user's input: a file that cannot be written, etc.
pub(crate) type CliResult = Result<i32, Box<dyn std::error::Error>>;

/// Where bugs are reported: the repository named in Cargo.toml, else its maintainers.
fn report_to() -> &'static str {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => {
            "the scrkit maintainers (the issue tracker of the scrkit repository you installed it from)"
        }
        url => url,
    }
}

/// What a person sees when scrkit has a bug: that it is a bug, that nothing was half-written,
/// where to report it and what to send. The panic's own message is never shown: it may quote
/// the data being read (a name, an address), and this text is pasted into bug reports.
fn bug_report(location: Option<(&str, u32)>) -> String {
    let mut s = format!(
        "internal error: scrkit stopped because of a bug in scrkit, not a problem in your files.\n\
         No output file was replaced or left half-written.\n\
         Please report it to {}, with the version (scrkit {}), the command you ran and the \
         lines below; do not send the case files or documents, they hold personal data.",
        report_to(),
        env!("CARGO_PKG_VERSION"),
    );
    if let Some((file, line)) = location {
        s.push_str(&format!("\n  at {file}:{line}"));
    }
    s
}

fn install_panic_hook() {
    static REPORTED: AtomicBool = AtomicBool::new(false);
    std::panic::set_hook(Box::new(|info| {
        if is_closed_pipe_panic(info.payload()) {
            PIPE_CLOSED.store(true, Ordering::SeqCst);
            return;
        }
        // A panic in a worker thread is raised again in the main one: report it once.
        if REPORTED.swap(true, Ordering::SeqCst) {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "{}",
            bug_report(info.location().map(|l| (l.file(), l.line())))
        );
        // RUST_BACKTRACE stays the user's choice: a backtrace holds code places, not data.
        let trace = std::backtrace::Backtrace::capture();
        if trace.status() == std::backtrace::BacktraceStatus::Captured {
            let _ = writeln!(err, "{trace}");
        }
    }));
}

/// How many problems of one file are printed for a person; the rest are counted. A file
/// with ten thousand broken tags needs its first few fixed, not ten thousand lines.
pub(crate) const SHOWN_PER_FILE: usize = 100;

/// Writes diagnostics for a person, the first [`SHOWN_PER_FILE`] in full and a count of the
/// rest (`--json` always lists every one).
pub(crate) fn write_diagnostics(
    out: &mut impl Write,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    for d in diagnostics.iter().take(SHOWN_PER_FILE) {
        writeln!(out, "{d}")?;
    }
    if diagnostics.len() > SHOWN_PER_FILE {
        let rest = &diagnostics[SHOWN_PER_FILE..];
        let errors = rest.iter().filter(|d| d.is_error()).count();
        writeln!(
            out,
            "... and {} more problem(s) ({errors} error(s), {} warning(s)) not shown: fix the \
             ones above first, or use --json where the command has it to list them all",
            rest.len(),
            rest.len() - errors
        )?;
    }
    Ok(())
}

/// Prints diagnostics for a person on standard output, then a one-line summary; returns the
/// number of errors.
pub(crate) fn print_diagnostics(subject: &str, diagnostics: &[Diagnostic]) -> usize {
    let mut err = std::io::stdout().lock();
    let _ = write_diagnostics(&mut err, diagnostics);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let _ = if errors == 0 && warnings == 0 {
        writeln!(err, "{subject}: no problems found")
    } else {
        writeln!(err, "{subject}: {errors} error(s), {warnings} warning(s)")
    };
    errors
}

/// Prints a value as pretty JSON on standard output.
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The one parser of a date typed as an argument (`--date`, `--as-of`, `--from`, `--to`): the
/// forms people type, dd/mm/yyyy (UK order) or yyyy-mm-dd, with a four-digit year.
pub(crate) fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    let t = s.trim();
    chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .ok()
        .filter(|d| d.year() >= 1000)
        .ok_or_else(|| {
            format!("\"{t}\" is not a date: write it as dd/mm/yyyy or yyyy-mm-dd, e.g. 05/12/2026")
        })
}

/// Says that a case used for a check has problems of its own, without listing them.
pub(crate) fn note_case_problems(path: &std::path::Path, diagnostics: &[Diagnostic]) {
    let errors = scrkit::diagnostic::error_count(diagnostics);
    if errors > 0 {
        eprintln!(
            "note: {} has {errors} problem(s) of its own; run `scr case check {}` to see them",
            path.display(),
            path.display()
        );
    }
}

/// Loads a case for a command that checks against it: a case that could be built is used, a
/// note saying it has problems of its own; `Err` holds the exit code after reporting.
pub(crate) fn usable_case(path: &std::path::Path) -> Result<scrkit::case::Case, i32> {
    match scrkit::case::load_for(path, scrkit::case::Need::Usable) {
        Ok((c, diagnostics)) => {
            note_case_problems(path, &diagnostics);
            Ok(c)
        }
        Err(diagnostics) => {
            print_diagnostics(&path.display().to_string(), &diagnostics);
            Err(EXIT_PROBLEMS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bug_report_says_it_is_a_bug_where_to_report_it_and_nothing_of_the_data() {
        let text = bug_report(Some(("src/chronology/read.rs", 120)));
        assert!(text.starts_with("internal error: scrkit stopped because of a bug"));
        assert!(text.contains("Please report it to "));
        assert!(text.contains(report_to()));
        assert!(text.contains(env!("CARGO_PKG_VERSION")));
        assert!(text.contains("do not send the case files"));
        assert!(text.ends_with("at src/chronology/read.rs:120"));
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn a_closed_pipe_is_known_through_wrappers() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let json: Box<dyn std::error::Error> = Box::new(serde_json::Error::io(io));
        assert!(is_closed_pipe(json.as_ref()));
        let other: Box<dyn std::error::Error> =
            Box::new(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert!(!is_closed_pipe(other.as_ref()));
        let p: Box<dyn std::any::Any + Send> =
            Box::new("failed printing to stdout: Broken pipe (os error 32)".to_string());
        assert!(is_closed_pipe_panic(p.as_ref()));
    }

    #[test]
    fn dates_are_read_as_people_type_them() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(super::parse_date("05/12/2026"), Ok(d));
        assert_eq!(super::parse_date("5/12/2026"), Ok(d));
        assert_eq!(super::parse_date(" 2026-12-05 "), Ok(d));
        for bad in ["31/02/2015", "05/12/26", "12/05", "5 December 2026"] {
            let e = super::parse_date(bad).unwrap_err();
            assert!(e.contains("dd/mm/yyyy or yyyy-mm-dd"), "{bad}: {e}");
        }
    }
}
