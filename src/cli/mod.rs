//! Argument parsing and printing. Nothing here knows how a document is made; everything here
//! knows how to talk to a person at a terminal or a script reading `--json`.

mod anonymise;
mod case;
mod check;
mod chronology;
mod pack;
mod rules;
mod template;
mod templates;

use clap::{Parser, Subcommand};
use scrkit::diagnostic::{Diagnostic, Severity};
use std::io::Write;

/// Exit code: the work was done and the input is clean.
pub const EXIT_OK: i32 = 0;
/// Exit code: the input has problems, which were reported.
pub const EXIT_PROBLEMS: i32 = 1;
/// Exit code: usage error or internal error.
pub const EXIT_USAGE: i32 = 2;

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
    /// Check documents: required sections and leftovers; `check publication` for identifying
    /// details.
    Check(check::CheckArgs),
    /// Replace the family's names, dates, addresses and numbers with the case's pseudonyms in
    /// every part of a document, then check the result.
    Anonymise(anonymise::AnonymiseArgs),
}

/// Runs the command line and returns the process exit code.
pub fn run() -> i32 {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let result = match cli.command {
        Command::Case(c) => case::run(c),
        Command::Criteria(a) => rules::criteria(a),
        Command::Timeline(a) => rules::timeline(a),
        Command::Pack(a) => pack::pack(a),
        Command::Draft(a) => pack::draft(a),
        Command::Fill(a) => template::fill(a),
        Command::Template(c) => template::run(c),
        Command::Templates(c) => templates::run(c),
        Command::Chronology(c) => chronology::run(c),
        Command::Check(a) => check::run(a),
        Command::Anonymise(a) => anonymise::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_USAGE
        }
    }
}

/// A failure that is not a problem in the user's input: a file that cannot be written, etc.
pub type CliResult = Result<i32, Box<dyn std::error::Error>>;

fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "internal error: scrkit has a bug and stopped. No output file was half-written.\n\
             Please report it to the scrkit maintainers with the command you ran (not the case data)."
        );
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            default(info);
        } else if let Some(loc) = info.location() {
            eprintln!("  at {}:{}", loc.file(), loc.line());
        }
        std::process::exit(EXIT_USAGE);
    }));
}

/// Prints diagnostics for a person on standard output, then a one-line summary; returns the
/// number of errors.
pub fn print_diagnostics(subject: &str, diagnostics: &[Diagnostic]) -> usize {
    let mut err = std::io::stdout().lock();
    for d in diagnostics {
        let _ = writeln!(err, "{d}");
    }
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
pub fn print_json(value: &impl serde::Serialize) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
