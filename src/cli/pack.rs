//! `scr pack` and `scr draft`: the documents of a review.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, print_diagnostics};
use scrkit::case;
use scrkit::output::{OutputDir, WritePolicy, write_file};
use scrkit::pack::{self, DraftOptions, PackError, PackOptions, TemplateSource};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub(super) struct PackArgs {
    /// The case file (.json, .xlsx, .xls or .ods).
    case: PathBuf,
    /// The folder to write the pack to.
    #[arg(short, long = "out", visible_alias = "output")]
    out: PathBuf,
    /// One zip per agency instead of a folder.
    #[arg(long)]
    zip: bool,
    /// Encrypt each agency zip with AES-256, with the password in this file (implies --zip).
    #[arg(long)]
    password_file: Option<PathBuf>,
    #[arg(long, value_parser = only_item, help = only_help())]
    only: Vec<String>,
    /// Only the documents of this stage: referral, information_gathering, decision,
    /// notification, commissioning, panels, report, publication (2015); notification,
    /// rapid_review, decision, commissioning, review, report, publication (2018/2023).
    #[arg(long, value_parser = stage_arg)]
    stage: Option<scrkit::docset::Stage>,
    /// Only this agency's pack (its id).
    #[arg(long)]
    agency: Option<String>,
    /// A folder of the board's own templates (see `scr templates export`).
    #[arg(long)]
    templates: Option<PathBuf>,
    /// The date letters carry (dd/mm/yyyy or yyyy-mm-dd); today by default.
    #[arg(long, value_parser = super::parse_date)]
    date: Option<chrono::NaiveDate>,
    /// Replace files that exist.
    #[arg(long)]
    force: bool,
    /// No progress bar or summary.
    #[arg(long, short)]
    quiet: bool,
    /// Also write a PDF beside each Word document, made by LibreOffice (which must be
    /// installed). Not with --zip: a zip is made, and encrypted, in memory from the documents.
    #[arg(long, conflicts_with_all = ["zip", "password_file"])]
    pdf: bool,
}

#[derive(clap::Args)]
pub(super) struct DraftArgs {
    /// The case file.
    case: PathBuf,
    /// The merged chronology workbook, for the summary of the case.
    #[arg(long)]
    chronology: Option<PathBuf>,
    /// Where to write the draft.
    #[arg(short, long = "out", visible_alias = "output")]
    output: PathBuf,
    /// A folder of the board's own templates.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// The date of the draft (dd/mm/yyyy or yyyy-mm-dd); today by default.
    #[arg(long, value_parser = super::parse_date)]
    date: Option<chrono::NaiveDate>,
    /// Replace the output if it exists.
    #[arg(long)]
    force: bool,
    /// Also write a PDF beside the draft, made by LibreOffice (which must be installed).
    #[arg(long)]
    pdf: bool,
}

/// A stage for `--stage`; anything else is a usage error listing the stages.
fn stage_arg(s: &str) -> Result<scrkit::docset::Stage, String> {
    scrkit::docset::Stage::from_id(s).ok_or_else(|| {
        let mut ids: Vec<&str> = Vec::new();
        for regime in [scrkit::case::Regime::Wt2015, scrkit::case::Regime::Wt2018] {
            for s in scrkit::docset::process(regime) {
                if !ids.contains(&s.id()) {
                    ids.push(s.id());
                }
            }
        }
        scrkit::suggest::help(s, &ids, "choose from")
    })
}

/// `--only`'s help: the items, from the document kinds' table.
fn only_help() -> String {
    format!("Only this item (repeatable): {}", pack::items().join(", "))
}

/// An item for `--only`, `-` read as `_`; anything else is a usage error listing the items.
fn only_item(s: &str) -> Result<String, String> {
    let id = s.trim().replace('-', "_");
    if pack::items().contains(&id.as_str()) {
        Ok(id)
    } else {
        Err(scrkit::suggest::help(s, &pack::items(), "choose from"))
    }
}

fn load_case(path: &Path) -> Option<case::Case> {
    match case::load_for(path, case::Need::Clean) {
        Ok((c, _)) => Some(c),
        Err(diagnostics) => {
            print_diagnostics(&path.display().to_string(), &diagnostics);
            eprintln!(
                "fix the case file first: `scr case check {}`",
                path.display()
            );
            None
        }
    }
}

pub(super) fn pack(a: PackArgs) -> CliResult {
    let today = a.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let password = match &a.password_file {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(s) if !s.trim().is_empty() => Some(s.trim_end_matches(['\n', '\r']).to_string()),
            Ok(_) => {
                eprintln!("error: {}: the password file is empty", p.display());
                return Ok(EXIT_USAGE);
            }
            Err(e) => {
                eprintln!("error: {}: cannot read the password file: {e}", p.display());
                return Ok(EXIT_USAGE);
            }
        },
        None => None,
    };
    let Some(c) = load_case(&a.case) else {
        return Ok(EXIT_PROBLEMS);
    };
    let mut inputs = vec![a.case.clone()];
    inputs.extend(a.password_file.clone());
    inputs.extend(files_in(a.templates.as_deref()));
    let opts = PackOptions {
        only: a.only.clone(),
        agency: a.agency.clone(),
        zip: a.zip || password.is_some(),
        password,
        templates: a
            .templates
            .clone()
            .map(TemplateSource::Dir)
            .unwrap_or_default(),
        today,
        stage: a.stage,
    };
    // A usage error leaves nothing behind: not even the output folder.
    if let Err(PackError::Usage(d)) = pack::check_options(&c, &opts) {
        print_diagnostics("pack", &d);
        eprintln!("nothing was written");
        return Ok(EXIT_USAGE);
    }
    let out = OutputDir::create(&a.out, WritePolicy::new(a.force, inputs))?;
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let mut progress = |done: usize, total: usize, path: &Path| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
            b.set_message(
                path.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
        }
    };
    match pack::make_pack(&c, &out, &opts, &mut progress) {
        Ok(files) => {
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            if !a.quiet {
                // By stage, as the pack is laid out.
                let mut last = None;
                for f in &files {
                    if last != Some(f.stage) {
                        let name = f.stage.name();
                        let mut words = name.chars();
                        let first = words.next().map(|c| c.to_uppercase().to_string());
                        println!("{}{}:", first.unwrap_or_default(), words.as_str());
                        last = Some(f.stage);
                    }
                    println!("  {}", f.path.display());
                }
                println!("wrote {} file(s) to {}", files.len(), a.out.display());
            }
            if a.pdf {
                let docs: Vec<(PathBuf, PathBuf)> = files
                    .iter()
                    .filter(|f| f.path.extension().is_some_and(|e| e == "docx"))
                    .map(|f| (out.root().join(&f.path), f.path.clone()))
                    .collect();
                let code = make_pdfs(&docs, a.quiet, |doc, bytes| {
                    out.write(&scrkit::pdf::beside(doc), bytes)
                });
                if code != EXIT_OK {
                    return Ok(code);
                }
            }
            if !a.quiet {
                let reached = scrkit::docset::reached(&c, today);
                if let Some(last) = reached.last() {
                    let (event, on) = last.begins(&c);
                    let on = on
                        .map(|d| format!(", begun {} when {event}", scrkit::uk_dates::long_date(d)))
                        .unwrap_or_default();
                    println!("the case has reached the {} stage{on}", last.name());
                }
            }
            Ok(EXIT_OK)
        }
        Err(PackError::Problems(d)) => {
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            print_diagnostics("pack", &d);
            eprintln!("nothing was written");
            Ok(EXIT_PROBLEMS)
        }
        Err(PackError::Usage(d)) => {
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            print_diagnostics("pack", &d);
            eprintln!("nothing was written");
            Ok(EXIT_USAGE)
        }
        Err(PackError::Destinations(errors)) => {
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("nothing was written");
            Ok(EXIT_USAGE)
        }
        Err(PackError::Output(e)) => Err(e.into()),
    }
}

pub(super) fn draft(a: DraftArgs) -> CliResult {
    let today = a.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let Some(c) = load_case(&a.case) else {
        return Ok(EXIT_PROBLEMS);
    };
    let opts = DraftOptions {
        today,
        templates: a
            .templates
            .clone()
            .map(TemplateSource::Dir)
            .unwrap_or_default(),
        chronology: a.chronology.clone(),
    };
    match pack::draft(&c, &opts) {
        Ok(bytes) => {
            let mut inputs = vec![a.case.clone()];
            inputs.extend(a.chronology.clone());
            inputs.extend(files_in(a.templates.as_deref()));
            let policy = WritePolicy::new(a.force, inputs);
            write_file(&a.output, &bytes, &policy)?;
            eprintln!("wrote {}", a.output.display());
            if a.pdf {
                let docs = [(a.output.clone(), a.output.clone())];
                return Ok(make_pdfs(&docs, false, |doc, bytes| {
                    let pdf = scrkit::pdf::beside(doc);
                    write_file(&pdf, bytes, &policy).map(|()| pdf)
                }));
            }
            Ok(EXIT_OK)
        }
        Err(d) => {
            print_diagnostics("draft", &d);
            Ok(EXIT_PROBLEMS)
        }
    }
}

/// The files of a board's templates folder: inputs, so no output may land on one.
fn files_in(dir: Option<&std::path::Path>) -> Vec<PathBuf> {
    dir.and_then(|d| std::fs::read_dir(d).ok())
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// Writes a PDF beside each document, made by LibreOffice; says what was written and what
/// was not. `docs` are (where to read the document, the name `write` places its PDF by). The
/// documents themselves are already written whatever happens here; the exit code is 1 when
/// any PDF is missing.
fn make_pdfs(
    docs: &[(PathBuf, PathBuf)],
    quiet: bool,
    write: impl Fn(&Path, &[u8]) -> Result<PathBuf, scrkit::output::OutputError>,
) -> i32 {
    let sources: Vec<PathBuf> = docs.iter().map(|(src, _)| src.clone()).collect();
    let results = match scrkit::pdf::convert(&sources) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}; the documents were written");
            eprintln!("  help: {}", e.help());
            return EXIT_PROBLEMS;
        }
    };
    let (mut written, mut failed) = (0, 0);
    for ((_, doc), result) in docs.iter().zip(results) {
        let outcome = result.and_then(|bytes| write(doc, &bytes).map_err(|e| e.to_string()));
        match outcome {
            Ok(_) => written += 1,
            Err(why) => {
                failed += 1;
                eprintln!("error: {}: no PDF: {why}", doc.display());
            }
        }
    }
    if failed > 0 {
        eprintln!("wrote {written} PDF(s); {failed} could not be made");
        EXIT_PROBLEMS
    } else {
        if !quiet {
            eprintln!("wrote {written} PDF(s), one beside each Word document");
        }
        EXIT_OK
    }
}
