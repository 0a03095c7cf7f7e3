//! `scr fill` and `scr template ...`: the Word template engine.

use super::{CliResult, EXIT_OK, EXIT_PROBLEMS, print_diagnostics, print_json};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use scrkit::case::fields::label_of;
use scrkit::diagnostic::Diagnostic;
use scrkit::mailmerge::{self, FillError};
use scrkit::output::{OutputDir, WritePolicy, write_file};
use scrkit::template::{self, Template};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// A board's own `--template` for a merge, compiled with the case's words for coded values;
/// its problems printed and the exit code returned when it does not compile.
pub(super) fn board_template(path: Option<&Path>) -> Result<Option<Template>, i32> {
    let Some(path) = path else {
        return Ok(None);
    };
    match template::compile_board(path, label_of) {
        Ok(t) => Ok(Some(t)),
        Err(diagnostics) => {
            print_diagnostics(&path.display().to_string(), &diagnostics);
            Err(EXIT_PROBLEMS)
        }
    }
}

#[derive(clap::Args)]
pub(super) struct FillArgs {
    /// The Word template (.docx) with {{tags}}.
    template: PathBuf,
    /// The data to fill it with (JSON), for one document.
    #[arg(required_unless_present = "rows", conflicts_with = "rows")]
    data: Option<PathBuf>,
    /// Mail merge: one document for each row of this file (JSON Lines, a JSON array, CSV, or a
    /// sheet of .xlsx/.xls/.ods whose first row holds the column headings); -o is a folder.
    #[arg(long, value_name = "DATA")]
    rows: Option<PathBuf>,
    /// With --rows: the sheet to read (else the first visible one).
    #[arg(long, requires = "rows")]
    sheet: Option<String>,
    /// With --rows: each file's name as tags filled from its row, e.g. "{{agency}}-letter"
    /// (made safe; a name met twice gets -2, -3). Without it: the template's name and the row
    /// number.
    #[arg(long, requires = "rows", value_name = "PATTERN")]
    name: Option<String>,
    /// Where to write the document (with --rows, the folder for the documents).
    #[arg(short, long = "out", visible_alias = "output")]
    output: PathBuf,
    /// Replace the output if it exists.
    #[arg(long)]
    force: bool,
    /// With --rows: no progress bar and no list of files.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
pub(super) enum TemplateCommand {
    /// List every tag and block with its place and the data it needs.
    Inspect {
        /// The Word template (.docx).
        template: PathBuf,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Report every problem filling the template with the data would meet, without writing.
    Check {
        /// The Word template (.docx).
        template: PathBuf,
        /// The data (JSON).
        data: PathBuf,
        /// Print the problems as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn read_data(path: &Path) -> Result<serde_json::Value, Diagnostic> {
    scrkit::case::read_json_file(path).map_err(|d| *d)
}

fn report(subject: &Path, diagnostics: &[Diagnostic], json: bool) -> CliResult {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if json {
        print_json(&serde_json::json!({
            "file": subject,
            "ok": errors == 0,
            "errors": errors,
            "warnings": diagnostics.len() - errors,
            "diagnostics": diagnostics,
        }))?;
    } else {
        print_diagnostics(&subject.display().to_string(), diagnostics);
    }
    Ok(if errors == 0 { EXIT_OK } else { EXIT_PROBLEMS })
}

pub(super) fn fill(args: FillArgs) -> CliResult {
    let Some(data_path) = args.data.clone() else {
        return fill_rows(args);
    };
    let data = match read_data(&data_path) {
        Ok(d) => d,
        Err(d) => return report(&data_path, &[d], false),
    };
    let t = match template::compile_board(&args.template, label_of) {
        Ok(t) => t,
        Err(diagnostics) => return report(&args.template, &diagnostics, false),
    };
    match t.render_owned(data) {
        Ok(bytes) => {
            let policy = WritePolicy::new(args.force, [args.template.clone(), data_path]);
            write_file(&args.output, &bytes, &policy)?;
            eprintln!("wrote {}", args.output.display());
            Ok(EXIT_OK)
        }
        Err(problems) => report(&args.template, &problems, false),
    }
}

/// `scr fill TEMPLATE --rows DATA -o DIR`: the mail merge.
fn fill_rows(args: FillArgs) -> CliResult {
    let Some(rows_path) = args.rows.clone() else {
        return Ok(super::EXIT_USAGE);
    };
    let rows = mailmerge::read_rows(&rows_path, args.sheet.as_deref());
    if rows.diagnostics.iter().any(Diagnostic::is_error) {
        return report(&rows_path, &rows.diagnostics, false);
    }
    let t = match template::compile_board(&args.template, label_of) {
        Ok(t) => t,
        Err(diagnostics) => return report(&args.template, &diagnostics, false),
    };
    if !rows.diagnostics.is_empty() {
        print_diagnostics(&rows_path.display().to_string(), &rows.diagnostics);
    }
    let policy = WritePolicy::new(args.force, [args.template.clone(), rows_path.clone()]);
    let out = OutputDir::create(&args.output, policy)?;
    let naming = mailmerge::Naming {
        pattern: args.name.clone(),
        stem: args
            .template
            .file_stem()
            .map(|s| scrkit::output::safe_file_name(&s.to_string_lossy()))
            .unwrap_or_else(|| "document".into()),
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} documents {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    });
    let mut progress = |done: usize, total: usize| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    };
    let result = mailmerge::fill_rows(&t, rows, &out, &naming, &mut progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    match result {
        Ok(files) => {
            if !args.quiet {
                for f in &files {
                    println!("{}", f.display());
                }
            }
            eprintln!(
                "wrote {} document(s) to {}",
                files.len(),
                args.output.display()
            );
            Ok(EXIT_OK)
        }
        Err(FillError::Problems(problems)) => {
            print_diagnostics("the mail merge", &problems);
            eprintln!("nothing was written");
            Ok(EXIT_PROBLEMS)
        }
        Err(FillError::Destinations(errors)) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            eprintln!("nothing was written (use --force to replace existing files)");
            Ok(EXIT_PROBLEMS)
        }
        Err(FillError::Output(e)) => Err(e.into()),
    }
}

pub(super) fn run(cmd: TemplateCommand) -> CliResult {
    match cmd {
        TemplateCommand::Inspect { template, json } => {
            let compiled = template::compile_file(&template);
            let tags = template::inspect(&compiled.tags);
            if json {
                print_json(&serde_json::json!({
                    "file": template,
                    "tags": tags,
                    "diagnostics": compiled.diagnostics,
                }))?;
            } else {
                for t in &tags {
                    let needs = if t.needs.is_empty() {
                        String::new()
                    } else {
                        format!("  needs: {}", t.needs.join(", "))
                    };
                    let extent = match (t.role, t.extent) {
                        ("block" | "else" | "end", template::Extent::Paragraphs) => " [paragraphs]",
                        ("block" | "else" | "end", template::Extent::Row) => " [table row]",
                        ("block" | "else" | "end", template::Extent::Rows) => " [table rows]",
                        ("block" | "else" | "end", template::Extent::Inline) => " [inline]",
                        _ => "",
                    };
                    println!("{}  {}{extent}{needs}\n    at {}", t.role, t.tag, t.place);
                }
                println!("{} tag(s)", tags.len());
                if !compiled.diagnostics.is_empty() {
                    print_diagnostics(&template.display().to_string(), &compiled.diagnostics);
                }
            }
            Ok(if compiled.diagnostics.iter().any(|d| d.is_error()) {
                EXIT_PROBLEMS
            } else {
                EXIT_OK
            })
        }
        TemplateCommand::Check {
            template,
            data,
            json,
        } => {
            let data = match read_data(&data) {
                Ok(d) => d,
                Err(d) => return report(&data, &[d], json),
            };
            let compiled = template::compile_file(&template);
            let diagnostics = match &compiled.template {
                Some(t) => t.check(&data),
                None => compiled.diagnostics,
            };
            if diagnostics.is_empty() && !json {
                println!("{}: the data fills every tag", template.display());
                return Ok(EXIT_OK);
            }
            report(&template, &diagnostics, json)
        }
    }
}
