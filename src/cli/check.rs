//! `scr check` (required sections and leftovers) and `scr check publication` (identifying
//! details).

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_json};
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use scrkit::case;
use scrkit::check::{
    self, DocumentReport, Identifiers, KindSource, PublicationReport, SectionState,
};
use scrkit::diagnostic::{Diagnostic, Severity};
use scrkit::input::ReadError;
use scrkit::manifest::Manifest;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(super) struct CheckArgs {
    #[command(subcommand)]
    sub: Option<CheckCommand>,
    /// The documents (.docx) to check: required sections present, in order and written, and
    /// nothing left over (tags, placeholders, TBC, XXX, highlights, comments, tracked changes).
    #[arg(required = true)]
    documents: Vec<PathBuf>,
    /// The kind of document (e.g. final_report, management_review), when it cannot be told
    /// from its ScrKind property or its title.
    #[arg(long)]
    kind: Option<String>,
    /// A board's templates folder: its manifest.toml replaces the built-in entries it lists.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Print the result as JSON on standard output.
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CheckCommand {
    /// Find anything that identifies the child or family, in every part of the documents.
    Publication(PublicationArgs),
}

#[derive(Args)]
struct PublicationArgs {
    /// The documents (.docx) meant for publication.
    #[arg(required = true)]
    documents: Vec<PathBuf>,
    /// A case file whose names, dates, addresses and numbers must not appear.
    #[arg(long, required_unless_present = "identifiers")]
    case: Vec<PathBuf>,
    /// A text file of further terms that must not appear (a school, a street), one per line,
    /// each optionally followed by `=` and what anonymising puts in its place.
    #[arg(long)]
    identifiers: Vec<PathBuf>,
    /// A text file of contact details that may appear (a charity's helpline, the partnership's
    /// public mailbox), one per line: passed over, and listed as passed over.
    #[arg(long)]
    allow: Vec<PathBuf>,
    /// Search binary objects (OLE) and macros for the text strings they hold instead of
    /// refusing them: strings are not everything such an object can show.
    #[arg(long)]
    allow_embedded: bool,
    /// Print the result as JSON on standard output.
    #[arg(long)]
    json: bool,
}

pub(super) fn run(args: CheckArgs) -> CliResult {
    match args.sub {
        Some(CheckCommand::Publication(p)) => publication(p),
        None => documents(args),
    }
}

fn progress(n: usize) -> Option<ProgressBar> {
    (n > 3 && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(n as u64);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} documents checked")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    })
}

fn documents(args: CheckArgs) -> CliResult {
    if let [dir] = args.documents.as_slice()
        && dir.is_dir()
    {
        return pack_folder(dir, args.json);
    }
    let (manifest, problems) = Manifest::for_templates(args.templates.as_deref());
    if !problems.is_empty() {
        super::print_diagnostics("manifest", &problems);
        return Ok(EXIT_PROBLEMS);
    }
    if let Some(k) = &args.kind
        && manifest.get(k).is_none()
    {
        let kinds: Vec<&str> = manifest.kinds().collect();
        eprintln!("error: --kind: \"{k}\" is not a document kind in the manifest");
        eprintln!(
            "  help: {}",
            scrkit::suggest::help(k, &kinds, "the kinds are")
        );
        return Ok(EXIT_USAGE);
    }
    let bar = progress(args.documents.len());
    let mut reports = Vec::new();
    for path in &args.documents {
        reports.push(check::check_file(path, &manifest, args.kind.as_deref()));
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let errors: usize = reports.iter().map(DocumentReport::errors).sum();
    if args.json {
        print_json(&serde_json::json!({
            "ok": errors == 0,
            "errors": errors,
            "documents": reports,
        }))?;
    } else {
        let mut out = std::io::stdout().lock();
        for r in &reports {
            print_document(&mut out, r)?;
        }
        if reports.len() > 1 {
            let bad = reports.iter().filter(|r| r.errors() > 0).count();
            writeln!(
                out,
                "{} documents checked: {bad} with problems, {} clean",
                reports.len(),
                reports.len() - bad
            )?;
        }
    }
    Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
}

/// `scr check FOLDER`: a pack made by `scr pack`, read back as one set.
fn pack_folder(dir: &Path, json: bool) -> CliResult {
    let findings = check::check_pack_folder(dir);
    let errors = scrkit::diagnostic::error_count(&findings);
    if json {
        print_json(&serde_json::json!({
            "ok": errors == 0,
            "errors": errors,
            "findings": findings,
        }))?;
    } else if findings.is_empty() {
        println!("{}: the pack reads as one set", dir.display());
    } else {
        super::print_diagnostics(&dir.display().to_string(), &findings);
    }
    Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
}

fn print_document(out: &mut impl Write, r: &DocumentReport) -> std::io::Result<()> {
    let name = r.file.display();
    match (&r.kind, r.kind_source) {
        (Some(k), KindSource::Given) => writeln!(out, "{name}: checked as {k}")?,
        (Some(k), KindSource::Property) => {
            writeln!(out, "{name}: {k} (from its ScrKind property)")?
        }
        (Some(k), KindSource::Title) => writeln!(out, "{name}: {k} (from its title)")?,
        _ => writeln!(out, "{name}: kind not known")?,
    }
    if !r.sections.is_empty() {
        writeln!(out, "  sections:")?;
        for s in &r.sections {
            let mut notes = Vec::new();
            if !s.in_order {
                notes.push("out of order".to_string());
            }
            if s.state != SectionState::Missing && !s.styled {
                notes.push("not in a heading style".to_string());
            }
            if let Some(scrkit::diagnostic::Location::Docx {
                paragraph: Some(p), ..
            }) = &s.location
            {
                notes.push(format!("paragraph {p}"));
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!("  ({})", notes.join(", "))
            };
            writeln!(out, "    {:<17} {}{notes}", s.state.describe(), s.section)?;
        }
    }
    super::write_diagnostics(out, &r.diagnostics)?;
    let errors = r.errors();
    let warnings = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if errors == 0 && warnings == 0 {
        writeln!(out, "{name}: complete, nothing left over")
    } else {
        writeln!(out, "{name}: {errors} problem(s), {warnings} warning(s)")
    }
}

/// The identifiers from every case and list given; `Err` holds the problems that stop the check.
fn identifiers(args: &PublicationArgs) -> Result<(Identifiers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut ids = Identifiers::default().with_generic(true);
    let mut notes = Vec::new();
    for path in &args.case {
        let (c, diagnostics) = case::load_for(path, case::Need::Usable)?;
        super::note_case_problems(path, &diagnostics);
        ids.extend(Identifiers::from_case(&c));
    }
    for path in &args.identifiers {
        let text = match read_terms(path) {
            Ok(t) => t,
            Err(d) => return Err(vec![d]),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (more, problems) = Identifiers::from_terms(&text, &name);
        notes.extend(problems.into_iter().map(|d| d.in_file(path)));
        ids.extend(more);
    }
    for path in &args.allow {
        ids.allow_list(&read_terms(path).map_err(|d| vec![d])?);
    }
    Ok((ids, notes))
}

/// The identifiers of a case with lists of further terms, for `scr anonymise`.
pub(super) fn case_and_lists(
    c: &scrkit::case::Case,
    lists: &[PathBuf],
) -> Result<(Identifiers, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut ids = Identifiers::from_case(c);
    let mut notes = Vec::new();
    for path in lists {
        let text = read_terms(path).map_err(|d| vec![d])?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (more, problems) = Identifiers::from_terms(&text, &name);
        notes.extend(problems.into_iter().map(|d| d.in_file(path)));
        ids.extend(more);
    }
    Ok((ids, notes))
}

fn read_terms(path: &Path) -> Result<String, Diagnostic> {
    let fail = |msg: String| {
        Diagnostic::error(scrkit::diagnostic::Location::File, msg)
            .in_file(path)
            .with_help("give a plain text file with one name, place or number per line")
    };
    let bytes = scrkit::input::read_limited(path, 16 * 1024 * 1024).map_err(|e| match e {
        ReadError::Io(e) => fail(format!("cannot read the list: {e}")),
        e => fail(format!("the list is {}, too large", e.size_in_bytes())),
    })?;
    String::from_utf8(bytes).map_err(|_| fail("the list is not UTF-8 text".into()))
}

fn publication(args: PublicationArgs) -> CliResult {
    let (ids, notes) = match identifiers(&args) {
        Ok(x) => x,
        Err(problems) => {
            super::print_diagnostics("identifiers", &problems);
            return Ok(EXIT_PROBLEMS);
        }
    };
    let bar = progress(args.documents.len());
    let mut reports: Vec<PublicationReport> = Vec::new();
    for path in &args.documents {
        let options = check::PublicationOptions {
            allow_embedded: args.allow_embedded,
        };
        reports.push(check::check_publication_file_with(path, &ids, options));
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let clean = reports.iter().all(PublicationReport::is_clean);
    if args.json {
        print_json(&serde_json::json!({
            "ok": clean,
            "identifiers": ids.list.len(),
            "notes": notes,
            "documents": reports,
        }))?;
    } else {
        let mut out = std::io::stdout().lock();
        for d in &notes {
            writeln!(out, "{d}")?;
        }
        for r in &reports {
            super::write_diagnostics(&mut out, &r.diagnostics)?;
            // The board's own details are expected; what the rules or a list let through is said.
            for p in r
                .passed_over
                .iter()
                .filter(|p| p.why != scrkit::identify::Passed::OwnContact)
            {
                writeln!(
                    out,
                    "note: {}: {}: passed over \"{}\": {}",
                    r.file.display(),
                    p.location,
                    p.found,
                    p.why.describe()
                )?;
            }
            let unread = r
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .count()
                .saturating_sub(r.hits.len());
            if r.is_clean() {
                writeln!(
                    out,
                    "{}: nothing identifying found ({} identifiers and the generic patterns)",
                    r.file.display(),
                    ids.list.len()
                )?;
            } else if r.hits.is_empty() && r.searched.parts == 0 {
                writeln!(
                    out,
                    "{}: could not be searched: not fit for publication",
                    r.file.display(),
                )?;
            } else if r.hits.is_empty() {
                writeln!(
                    out,
                    "{}: {unread} part(s) could not be searched: not fit for publication until they are removed",
                    r.file.display(),
                )?;
            } else {
                writeln!(
                    out,
                    "{}: {} identifying item(s) found: not fit for publication",
                    r.file.display(),
                    r.hits.len()
                )?;
            }
            if r.searched.parts > 0 {
                writeln!(out, "  {}", r.searched)?;
            }
        }
    }
    Ok(if clean { EXIT_OK } else { EXIT_PROBLEMS })
}
