//! Writing the merged chronology (workbook) and the problem reports.
//!
//! The bytes are built here; files are written by the caller through
//! [`crate::output::OutputDir`], so every write is atomic and stays in the output folder.

use super::merge::{Merged, findings};
use super::{Checked, Return};
use crate::diagnostic::Diagnostic;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook, XlsxError};
use std::fmt::Write as _;

/// The merged workbook's file name.
pub const MERGED_XLSX: &str = "merged-chronology.xlsx";
/// The merged Word document's file name.
pub const MERGED_DOCX: &str = "merged-chronology.docx";
/// The problem report for people.
pub const PROBLEMS_TXT: &str = "problems.txt";
/// The problem report for scripts.
pub const PROBLEMS_JSON: &str = "problems.json";

/// Every file a merge writes.
pub const OUTPUT_NAMES: [&str; 4] = [MERGED_XLSX, MERGED_DOCX, PROBLEMS_TXT, PROBLEMS_JSON];

/// The merged workbook's columns: the number the Word document shows, the canonical ones,
/// the duplicate group and the reviewer's mark for key practice episodes (what prints), then
/// the agency's own wording, provenance and what the canonical set has no place for (so
/// nothing is lost).
pub const MERGED_HEADERS: [&str; 20] = [
    "No.",
    "Date",
    "Time",
    "Date certainty",
    "Agency",
    "Source",
    "Practitioner role",
    "Subject",
    "Event",
    "Action / outcome",
    "Comment",
    "Duplicate group",
    KEY_EPISODE,
    "Agency as returned",
    "End date",
    "Agency ref",
    "Provenance file",
    "Provenance sheet",
    "Provenance row",
    "Other fields",
];

/// The column where a reviewer marks the entries that are key practice episodes; the report
/// draft (`scr draft --chronology`) brings in every entry marked there.
pub const KEY_EPISODE: &str = "Key practice episode";

/// The columns that print (No. to the key practice mark).
const PRINTED_COLUMNS: u16 = 13;

/// Builds `merged-chronology.xlsx`: one row per entry with real date and time cells (a
/// month-only date shows as `May 2015`), the header frozen, an autofilter, a drop-down to mark
/// key practice episodes, set to print landscape one page wide with the header on every page,
/// and a Summary sheet with the returns, gaps, missing returns and excluded rows (counts as
/// numbers).
pub fn merged_xlsx(merged: &Merged) -> Result<Vec<u8>, XlsxError> {
    let mut out = std::io::Cursor::new(Vec::new());
    write_merged_xlsx(merged, &std::env::temp_dir(), &mut out)?;
    Ok(out.into_inner())
}

/// Writes [`merged_xlsx`] to `out` in bounded memory: the rows sheet is written row by row
/// (rust_xlsxwriter's constant-memory mode, strings inline) through a temporary file in
/// `tempdir`, so a merge of 100,000 rows never holds its cells. `tempdir` is the output's own
/// staging folder when writing a merge, so nothing is left elsewhere.
pub fn write_merged_xlsx<W: std::io::Write + std::io::Seek + Send>(
    merged: &Merged,
    tempdir: &std::path::Path,
    out: W,
) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    book.set_tempdir(tempdir)?;
    // Level 1 deflate: a little larger, several times faster to write than the default.
    book.set_zip_compression_level(1);
    let header = crate::sheet_style::header();
    let day = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let month = Format::new()
        .set_num_format("mmmm yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let time = Format::new()
        .set_num_format("hh:mm")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let number = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);

    let ws = book.add_worksheet_with_constant_memory()?;
    ws.set_name("Merged chronology")?;
    for (c, h) in MERGED_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
    }
    ws.set_row_height(0, 45)?;
    let widths = [
        5.0, 11.0, 6.0, 11.0, 20.0, 14.0, 16.0, 13.0, 45.0, 30.0, 24.0, 9.0, 12.0, 22.0, 11.0,
        10.0, 20.0, 14.0, 10.0, 30.0,
    ];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (i, r) in merged.rows.iter().enumerate() {
        let row = i as u32 + 1;
        let date_format = if r.date_value.certainty == super::Certainty::MonthOnly {
            &month
        } else {
            &day
        };
        ws.write_number_with_format(row, 0, r.number as f64, &number)?;
        ws.write_datetime_with_format(row, 1, r.date_value.date, date_format)?;
        if let Some(t) = r.time_value {
            ws.write_datetime_with_format(row, 2, t, &time)?;
        }
        // Texts wrap at the top of their cell; the row is made tall enough for the longest.
        let texts: [(u16, &str); 9] = [
            (3, &r.certainty),
            (4, &r.agency),
            (5, &r.source),
            (6, &r.practitioner_role),
            (7, &r.subject),
            (8, &r.event),
            (9, &r.outcome),
            (10, &r.comment),
            (13, &r.agency_as_returned),
        ];
        for (c, v) in texts {
            if !v.is_empty() {
                ws.write_string_with_format(row, c, v, &wrap)?;
            }
        }
        let cells: Vec<(&str, f64)> = texts
            .iter()
            .map(|(c, v)| (*v, widths[*c as usize]))
            .collect();
        ws.set_row_height(row, super::workbook::row_height_of(&cells))?;
        if let Some(g) = r.duplicate_group {
            ws.write_number_with_format(row, 11, g as f64, &top)?;
        }
        if let Some(e) = r.end_value {
            ws.write_datetime_with_format(row, 14, e, &day)?;
        }
        if !r.reference.is_empty() {
            ws.write_string(row, 15, &r.reference)?;
        }
        ws.write_string(row, 16, &r.provenance.file)?;
        ws.write_string(row, 17, &r.provenance.sheet)?;
        ws.write_number(row, 18, r.provenance.row)?;
        if !r.extra.is_empty() {
            let extra = r
                .extra
                .iter()
                .map(|f| format!("{}: {}", f.name, f.value))
                .collect::<Vec<_>>()
                .join("\n");
            ws.write_string_with_format(row, 19, &extra, &wrap)?;
        }
    }
    let last = merged.rows.len().max(1) as u32;
    let key = DataValidation::new()
        .allow_list_strings(&["Yes"])?
        .set_input_title(KEY_EPISODE)?
        .set_input_message(
            "Choose Yes for an entry the report should discuss as a key practice episode.",
        )?;
    ws.add_data_validation(1, 12, last, 12, &key)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, last, MERGED_HEADERS.len() as u16 - 1)?;
    ws.set_landscape();
    ws.set_paper_size(super::workbook::PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_area(0, 0, last, PRINTED_COLUMNS - 1)?;
    ws.set_header(format!(
        "&C{}",
        format!("Multi-agency chronology {}", merged.review_reference)
            .trim()
            .replace('&', "&&")
    ));
    ws.set_footer("&CPage &P of &N");

    let ws = book.add_worksheet();
    ws.set_name("Summary")?;
    // Wide enough for every file and agency named, and for the headings of the counts: a
    // narrower column cut "Northbrook Community Health: Health Visiting" short, and "Rows
    // excluded" wrapped over the row under it.
    let longest = |names: &mut dyn Iterator<Item = &str>, least: usize| {
        names.map(|n| n.chars().count()).fold(least, usize::max) as f64 + 2.0
    };
    ws.set_column_width(
        0,
        longest(
            &mut merged
                .returns
                .iter()
                .map(|r| r.file.as_str())
                .chain(merged.missing_returns.iter().map(|m| m.name.as_str())),
            38,
        )
        .min(80.0),
    )?;
    ws.set_column_width(
        1,
        longest(&mut merged.returns.iter().map(|r| r.agency.as_str()), 28).min(60.0),
    )?;
    ws.set_column_width(2, 14)?;
    ws.set_column_width(3, 15)?;
    ws.set_column_width(4, 60)?;
    let bold = Format::new().set_bold();
    let mut row = 0u32;
    let mut line = |ws: &mut rust_xlsxwriter::Worksheet,
                    cells: &[&str],
                    f: Option<&Format>|
     -> Result<u32, XlsxError> {
        for (c, v) in cells.iter().enumerate() {
            match f {
                Some(f) => ws.write_string_with_format(row, c as u16, *v, f)?,
                None => ws.write_string(row, c as u16, *v)?,
            };
        }
        row += 1;
        Ok(row - 1)
    };
    let title = if merged.review_reference.is_empty() {
        "Merged chronology".to_string()
    } else {
        format!("Merged chronology: {}", merged.review_reference)
    };
    line(ws, &[&title], Some(&bold))?;
    if !merged.scope_from.is_empty() || !merged.scope_to.is_empty() {
        line(
            ws,
            &[&format!(
                "Scope: {} to {}",
                merged.scope_from, merged.scope_to
            )],
            None,
        )?;
    }
    line(ws, &[&format!("Merged on {}", merged.merged_on)], None)?;
    line(ws, &[], None)?;
    line(
        ws,
        &["Return", "Agency", "Rows merged", "Rows excluded"],
        Some(&header),
    )?;
    // Counts are numbers, so that they add up and sort in a spreadsheet.
    for r in &merged.returns {
        let at = line(ws, &[&r.file, &r.agency], None)?;
        ws.write_number(at, 2, r.entries as f64)?;
        ws.write_number(at, 3, r.excluded as f64)?;
    }
    line(ws, &[], None)?;
    line(
        ws,
        &[&format!(
            "Gaps of more than {} days with no entry from any agency",
            merged.gap_days
        )],
        Some(&bold),
    )?;
    if merged.gaps.is_empty() {
        line(ws, &["None"], None)?;
    } else {
        line(ws, &["Period", "Days"], Some(&header))?;
    }
    for g in &merged.gaps {
        let at = line(ws, &[&format!("{} to {}", g.from, g.to)], None)?;
        ws.write_number(at, 1, g.days as f64)?;
    }
    line(ws, &[], None)?;
    line(ws, &["Missing returns"], Some(&bold))?;
    if merged.missing_returns.is_empty() {
        line(
            ws,
            &[if merged.review_reference.is_empty() {
                "Not known: no case file was given"
            } else {
                "None"
            }],
            None,
        )?;
    }
    for m in &merged.missing_returns {
        line(ws, &[&m.name, &m.contact], None)?;
    }
    if !merged.excluded.is_empty() {
        line(ws, &[], None)?;
        line(ws, &["Rows left out (with --keep-going)"], Some(&bold))?;
        line(
            ws,
            &["Return", "Agency", "Sheet", "Row", "Why"],
            Some(&header),
        )?;
        for x in &merged.excluded {
            let row_text = if x.row.is_some() { "" } else { "all" };
            let at = line(
                ws,
                &[
                    &x.file,
                    &x.agency,
                    &x.sheet,
                    row_text,
                    &x.reasons.join("; "),
                ],
                None,
            )?;
            if let Some(r) = x.row {
                ws.write_number(at, 3, r)?;
            }
        }
    }
    ws.set_paper_size(super::workbook::PAPER_A4);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, row.max(1) - 1, 4)?;
    book.save_to_writer(out)
}

/// The problem report for people: every problem of every return, by agency, then the
/// merge's findings (missing returns, gaps, likely duplicates, excluded rows).
pub fn problems_text(checked: &Checked, merged: Option<&Merged>) -> String {
    let mut s = String::new();
    let errors = checked.errors();
    let warnings = checked.warnings();
    let _ = writeln!(s, "Chronology returns: problems");
    if let Some(m) = merged
        && !m.review_reference.is_empty()
    {
        let _ = writeln!(s, "Review: {}", m.review_reference);
    }
    let _ = writeln!(
        s,
        "{} return(s), {errors} error(s), {warnings} warning(s)\n",
        checked.returns.len()
    );
    // After a merge the entries have moved into its rows; its summary has the counts.
    let merged_count = |i: usize, r: &Return| {
        merged
            .and_then(|m| m.returns.get(i))
            .map(|s| s.entries)
            .unwrap_or(r.entries.len())
    };
    let mut order: Vec<(usize, &Return)> = checked.returns.iter().enumerate().collect();
    order.sort_by_key(|(_, r)| {
        r.agency
            .as_ref()
            .map(|a| a.name.to_lowercase())
            .unwrap_or_default()
    });
    for (i, r) in order {
        let agency = r
            .agency
            .as_ref()
            .map(|a| a.name.as_str())
            .unwrap_or("agency unknown");
        let _ = writeln!(
            s,
            "== {agency}: {} ({} rows merged, {} with errors)",
            r.path.display(),
            merged_count(i, r),
            r.excluded.len()
        );
        if r.diagnostics.is_empty() {
            let _ = writeln!(s, "no problems found");
        }
        for d in &r.diagnostics {
            let _ = writeln!(s, "{d}");
        }
        let _ = writeln!(s);
    }
    if !checked.diagnostics.is_empty() {
        let _ = writeln!(s, "== Across returns");
        for d in &checked.diagnostics {
            let _ = writeln!(s, "{d}");
        }
        let _ = writeln!(s);
    }
    if let Some(m) = merged {
        let _ = writeln!(s, "== The merged chronology: {} rows", m.rows.len());
        for d in findings(m) {
            let _ = writeln!(s, "{d}");
        }
        if !m.excluded.is_empty() {
            let _ = writeln!(s, "\n== Rows left out of the merge (--keep-going)");
            for x in &m.excluded {
                let place = match x.row {
                    Some(r) => crate::case::row_citation(&x.file, &x.sheet, r),
                    None => format!("{}: the whole file", x.file),
                };
                let _ = writeln!(s, "{place}: {}", x.reasons.join("; "));
            }
        }
    }
    s
}

/// The problem report for scripts.
pub fn problems_json(checked: &Checked, merged: Option<&Merged>) -> serde_json::Value {
    let returns: Vec<serde_json::Value> = checked
        .returns
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let entries = merged
                .and_then(|m| m.returns.get(i))
                .map(|s| s.entries)
                .unwrap_or(r.entries.len());
            serde_json::json!({
                "file": r.path,
                "format": r.format,
                "sheet": r.sheet,
                "agency": r.agency,
                "entries": entries,
                "rows_read": r.rows_read,
                "excluded_rows": r.excluded,
                "errors": r.errors(),
                "warnings": r.diagnostics.len() - r.errors(),
                "diagnostics": r.diagnostics,
            })
        })
        .collect();
    let findings: Vec<Diagnostic> = merged.map(findings).unwrap_or_default();
    serde_json::json!({
        "ok": checked.errors() == 0,
        "errors": checked.errors(),
        "warnings": checked.warnings(),
        "returns": returns,
        "diagnostics": checked.diagnostics,
        "merge": merged.map(|m| serde_json::json!({
            "rows": m.rows.len(),
            "duplicate_groups": m.duplicate_groups,
            "gaps": m.gaps,
            "gap_days": m.gap_days,
            "missing_returns": m.missing_returns,
            "excluded": m.excluded,
            "findings": findings,
        })),
    })
}

/// Every output of a merge, as bytes, ready for [`crate::output::OutputDir`].
#[derive(Debug, Clone)]
pub struct Outputs {
    /// `merged-chronology.xlsx`.
    pub xlsx: Vec<u8>,
    /// `merged-chronology.docx`.
    pub docx: Vec<u8>,
    /// `problems.txt`.
    pub problems_txt: String,
    /// `problems.json`.
    pub problems_json: String,
}

/// Why the outputs could not be built.
#[derive(Debug, thiserror::Error)]
pub enum OutputsError {
    /// The workbook writer failed.
    #[error("cannot build the merged workbook: {0}")]
    Xlsx(#[from] XlsxError),
    /// The Word template could not render the data.
    #[error("the merged chronology template could not be filled ({} problem(s))", .0.len())]
    Docx(Vec<Diagnostic>),
}

/// Builds every output of a merge. The Word document is rendered on a second thread while the
/// workbook and the reports are built, so a large merge costs the longer of the two, not both.
/// `template` is a board's own; scrkit's is used when it is `None`. The document's timeline
/// picture spans `scope` (widened to every entry) and marks `keys`.
pub fn build_outputs(
    checked: &Checked,
    merged: &Merged,
    template: Option<&crate::template::Template>,
    scope: super::Scope,
    keys: &super::timeline::Keys,
) -> Result<Outputs, OutputsError> {
    std::thread::scope(|s| {
        let docx = s.spawn(|| {
            let picture = super::document::timeline_picture(merged, scope, keys)?;
            match template {
                Some(t) => super::document::render(t, merged, &picture),
                None => super::document::render_default(merged, &picture),
            }
        });
        let xlsx = merged_xlsx(merged);
        let problems_txt = problems_text(checked, Some(merged));
        let problems_json = serde_json::to_string_pretty(&problems_json(checked, Some(merged)))
            .unwrap_or_default()
            + "\n";
        let docx = match docx.join() {
            Ok(r) => r.map_err(OutputsError::Docx)?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        Ok(Outputs {
            xlsx: xlsx?,
            docx,
            problems_txt,
            problems_json,
        })
    })
}
/// The Word document's file could not be written (a full disk).
fn write_failed(e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        crate::diagnostic::Location::File,
        format!("{MERGED_DOCX} could not be written: {e}"),
    )
    .with_help("check that the disk has room and you may write there")
}

/// What [`merge_into`] came to, beside the returns as checked.
#[derive(Debug)]
pub enum MergeOutcome {
    /// The merge was refused: returns have errors and `keep_going` was not given.
    Refused(super::Refused),
    /// The Word template could not be filled; nothing was written.
    Unrenderable(Vec<Diagnostic>),
    /// Every output was written: the merge, and the files in [`OUTPUT_NAMES`] order.
    Written {
        /// The merged chronology.
        merged: Box<Merged>,
        /// The files written.
        written: Vec<std::path::PathBuf>,
    },
}

/// What stopped [`merge_into`] from writing.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The output folder refused a write (an output there already, an input, a link out).
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    /// The workbook could not be built.
    #[error("the merged workbook could not be built: {0}")]
    Xlsx(#[from] XlsxError),
}

/// A whole merge into the folder `out`: refuses, before any work, a folder that holds any of
/// the outputs (unless `policy.force`); checks every return (`progress` gets the number done);
/// merges; builds every output and writes them all, or none when the merge is refused or the
/// template cannot be filled. The returns as checked come back whatever happened.
pub fn merge_into(
    out: &std::path::Path,
    policy: crate::output::WritePolicy,
    returns: &[std::path::PathBuf],
    ctx: &super::Context,
    opts: super::MergeOptions,
    template: Option<&crate::template::Template>,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<(Checked, MergeOutcome), MergeError> {
    if !policy.force {
        for name in OUTPUT_NAMES {
            let target = out.join(name);
            if target.symlink_metadata().is_ok() {
                return Err(crate::output::OutputError::Exists(target).into());
            }
        }
    }
    let mut checked = super::check(returns, ctx, progress);
    let merged = match super::merge(&mut checked, ctx, opts) {
        Ok(m) => m,
        Err(refused) => return Ok((checked, MergeOutcome::Refused(refused))),
    };
    let keys = ctx
        .case
        .map(super::timeline::Keys::of_case)
        .unwrap_or_default();
    // The four files appear together or not at all (checked again, staged, then moved). The
    // workbook streams into its staged file, its rows through temporary files in the staging
    // folder, while the Word document renders on a second thread.
    let dir = crate::output::OutputDir::create(out, policy)?;
    let names: Vec<std::path::PathBuf> = OUTPUT_NAMES.iter().map(Into::into).collect();
    let mut staging = dir
        .stage(&names)
        .map_err(|mut errors| errors.swap_remove(0))?;
    let (xlsx_target, xlsx_file) = staging.create(std::path::Path::new(MERGED_XLSX))?;
    let (_, docx_file) = staging.create(std::path::Path::new(MERGED_DOCX))?;
    let scratch = staging.scratch().to_path_buf();
    let mut merged = merged;
    let data = super::document::data_without_rows(&mut merged);
    let merged = std::sync::Arc::new(merged);
    let (docx, xlsx) = std::thread::scope(|s| {
        let docx = s.spawn(|| {
            let mut data = data;
            data["timeline"] =
                super::document::timeline_picture(&merged, ctx.scope, &keys)?.to_value();
            let out = std::io::BufWriter::with_capacity(1 << 16, docx_file);
            super::document::render_to(template, data, &merged, out).and_then(|w| {
                w.into_inner()
                    .map(drop)
                    .map_err(|e| vec![write_failed(e.error())])
            })
        });
        let xlsx = write_merged_xlsx(&merged, &scratch, std::io::BufWriter::new(xlsx_file));
        match docx.join() {
            Ok(d) => (d, xlsx),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let merged = std::sync::Arc::unwrap_or_clone(merged);
    if let Err(problems) = docx {
        return Ok((checked, MergeOutcome::Unrenderable(problems)));
    }
    xlsx.map_err(|e| match e {
        XlsxError::IoError(io) => crate::output::OutputError::Io {
            path: xlsx_target.clone(),
            source: io,
        }
        .into(),
        other => MergeError::Xlsx(other),
    })?;
    staging.write(
        std::path::Path::new(PROBLEMS_TXT),
        problems_text(&checked, Some(&merged)).as_bytes(),
    )?;
    let json = serde_json::to_string_pretty(&problems_json(&checked, Some(&merged)))
        .unwrap_or_default()
        + "\n";
    staging.write(std::path::Path::new(PROBLEMS_JSON), json.as_bytes())?;
    let written = staging.commit()?;
    Ok((
        checked,
        MergeOutcome::Written {
            merged: Box::new(merged),
            written,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronology::{Context, MergeOptions, Scope};
    use crate::output::{OutputError, WritePolicy};

    fn context() -> Context<'static> {
        Context {
            today: chrono::NaiveDate::from_ymd_opt(2016, 3, 1).unwrap(),
            scope: Scope::default(),
            case: None,
        }
    }

    #[test]
    fn merge_into_refuses_a_folder_holding_an_output_before_any_work_and_writes_nothing_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PROBLEMS_TXT), b"earlier").unwrap();
        // A return that does not exist: were it read, the error would be about it.
        let returns = vec![dir.path().join("police.csv")];
        let progress = |_: usize| {};
        let run = |force| {
            merge_into(
                dir.path(),
                WritePolicy::new(force, returns.clone()),
                &returns,
                &context(),
                MergeOptions::default(),
                None,
                &progress,
            )
        };
        match run(false) {
            Err(MergeError::Output(OutputError::Exists(p))) => {
                assert!(p.ends_with(PROBLEMS_TXT))
            }
            other => panic!("expected the folder to be refused, got {other:?}"),
        }
        // With --force the return is read, has errors, and the merge is refused: all or nothing.
        let (checked, outcome) = run(true).unwrap();
        assert!(matches!(outcome, MergeOutcome::Refused(_)), "{outcome:?}");
        assert_eq!(checked.returns.len(), 1);
        assert_eq!(
            std::fs::read(dir.path().join(PROBLEMS_TXT)).unwrap(),
            b"earlier"
        );
        assert!(!dir.path().join(MERGED_XLSX).exists());
    }
}
