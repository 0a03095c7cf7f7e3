//! Every agency's summary merged into one, for the rapid review meeting:
//! `agency-summaries.xlsx` (one row per item, agencies by name, real date cells, the header
//! frozen, an autofilter, printable) and `agency-summaries.docx` (the document set's "Agency
//! summaries" template, or a board's own: one part per heading, UK dates).
//!
//! Fields a template can use (see [`Merged`]): `review_reference`, `board`, `child`,
//! `merged_on`, the lists `involvement`, `episodes`, `actions` and `learning` (each row:
//! `agency`, `when`, `end`, `subject`, `role`, `summary`, `analysis`, `provenance.file`,
//! `.sheet`, `.row`), `received` (`agency`, `file`, `rows`) and `missing` (`name`, `contact`).

use super::{Checked, Row, Section};
use crate::case::Case;
use crate::chronology::dates::Certainty;
use crate::chronology::workbook::{PAPER_A4, row_height_of};
use crate::diagnostic::{Diagnostic, Location};
use crate::output::WritePolicy;
use crate::uk_dates::long_date;
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The merged workbook's file name.
pub const SUMMARIES_XLSX: &str = "agency-summaries.xlsx";
/// The merged document's file name.
pub const SUMMARIES_DOCX: &str = "agency-summaries.docx";

/// Where a merged row came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    /// The file's name.
    pub file: String,
    /// The sheet (or "table N"); empty for a CSV file, which has none.
    pub sheet: String,
    /// The row number in it.
    pub row: u32,
}

/// One item of the merged summaries, ready for a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MergedRow {
    /// The agency, by its name in the case.
    pub agency: String,
    /// The date as a reader sees it ("10 December 2024", "May 2024"), or "".
    pub when: String,
    /// The end date, or "".
    pub end: String,
    /// Who it is about.
    pub subject: String,
    /// The role.
    pub role: String,
    /// What happened, was done, or was learned.
    pub summary: String,
    /// The agency's view.
    pub analysis: String,
    /// Where it came from.
    pub provenance: Provenance,
    #[serde(skip)]
    row: Row,
}

/// A summary received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Received {
    /// The agency's name.
    pub agency: String,
    /// The file's name.
    pub file: String,
    /// How many items it holds.
    pub rows: usize,
}

/// An agency of the case whose summary has not come in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Missing {
    /// The agency's name.
    pub name: String,
    /// Whom to ask: name, role and e-mail, as the case gives them.
    pub contact: String,
}

/// Every agency's summary, merged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Merged {
    /// The review's reference.
    pub review_reference: String,
    /// The partnership.
    pub board: String,
    /// The child's pseudonym.
    pub child: String,
    /// The day of the merge, in words.
    pub merged_on: String,
    /// Involvement, agency by agency in the case's order, each by date.
    pub involvement: Vec<MergedRow>,
    /// Key practice episodes, by date.
    pub episodes: Vec<MergedRow>,
    /// Immediate action taken, by date.
    pub actions: Vec<MergedRow>,
    /// Early learning, agency by agency.
    pub learning: Vec<MergedRow>,
    /// The summaries merged.
    pub received: Vec<Received>,
    /// The case's agencies with no summary.
    pub missing: Vec<Missing>,
}

impl Merged {
    /// The rows of one section.
    pub fn section(&self, s: Section) -> &[MergedRow] {
        match s {
            Section::Involvement => &self.involvement,
            Section::KeyPracticeEpisode => &self.episodes,
            Section::ImmediateAction => &self.actions,
            Section::EarlyLearning => &self.learning,
        }
    }
}

fn when(row: &Row) -> String {
    match row.date {
        None => String::new(),
        Some(d) if d.certainty == Certainty::Exact => long_date(d.date),
        Some(d) => d.display(),
    }
}

/// Merges checked summaries. Refused, with every error, when any summary has one: a summary
/// with a row left out would tell the meeting less than the agency sent.
pub fn merge(checked: &Checked, case: &Case, today: NaiveDate) -> Result<Merged, Vec<Diagnostic>> {
    if checked.errors() > 0 {
        let mut errors: Vec<Diagnostic> = checked
            .summaries
            .iter()
            .flat_map(|s| s.diagnostics.iter())
            .chain(&checked.diagnostics)
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if errors.is_empty() {
            errors.push(Diagnostic::error(
                Location::File,
                "the summaries have errors",
            ));
        }
        return Err(errors);
    }
    let order = |name: &str| {
        case.agencies
            .iter()
            .position(|a| a.name == name)
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<MergedRow> = Vec::new();
    let mut received = Vec::new();
    for s in &checked.summaries {
        let agency = s
            .agency
            .as_ref()
            .map(|a| a.name.clone())
            .unwrap_or_default();
        let file = s
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        received.push(Received {
            agency: agency.clone(),
            file: file.clone(),
            rows: s.rows.len(),
        });
        for r in &s.rows {
            rows.push(MergedRow {
                agency: agency.clone(),
                when: when(r),
                end: r.end_date.map(long_date).unwrap_or_default(),
                subject: r.subject.clone(),
                role: r.role.clone(),
                summary: r.summary.clone(),
                analysis: r.analysis.clone(),
                provenance: Provenance {
                    file: file.clone(),
                    sheet: s.sheet.clone().unwrap_or_default(),
                    row: r.row,
                },
                row: r.clone(),
            });
        }
    }
    received.sort_by_key(|r| order(&r.agency));
    let date_key = |r: &MergedRow| r.row.date.map(|d| d.date);
    let by_agency = |mut v: Vec<MergedRow>| {
        v.sort_by(|a, b| {
            (order(&a.agency), date_key(a), a.row.row).cmp(&(
                order(&b.agency),
                date_key(b),
                b.row.row,
            ))
        });
        v
    };
    let by_date = |mut v: Vec<MergedRow>| {
        v.sort_by(|a, b| {
            (date_key(a), order(&a.agency), a.row.row).cmp(&(
                date_key(b),
                order(&b.agency),
                b.row.row,
            ))
        });
        v
    };
    let of = |s: Section| -> Vec<MergedRow> {
        rows.iter()
            .filter(|r| r.row.section == s)
            .cloned()
            .collect()
    };
    let missing = case
        .agencies
        .iter()
        .filter(|a| !received.iter().any(|r| r.agency == a.name))
        .map(|a| Missing {
            name: a.name.clone(),
            contact: [&a.contact.name, &a.contact.role, &a.contact.email]
                .iter()
                .filter(|x| !x.trim().is_empty())
                .map(|x| x.trim())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    Ok(Merged {
        review_reference: case.review.reference.clone(),
        board: case.board.name.clone(),
        child: case.child.pseudonym.clone(),
        merged_on: long_date(today),
        involvement: by_agency(of(Section::Involvement)),
        episodes: by_date(of(Section::KeyPracticeEpisode)),
        actions: by_date(of(Section::ImmediateAction)),
        learning: by_agency(of(Section::EarlyLearning)),
        received,
        missing,
    })
}

/// The merged workbook: one sheet of every item (section, agency, dates as date cells), the
/// header frozen with an autofilter, landscape, one page wide, the header on every page; and
/// a Received sheet listing the summaries and the agencies still to send one.
pub fn summaries_xlsx(merged: &Merged) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = crate::sheet_style::header();
    let day = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let month = Format::new()
        .set_num_format("mmmm yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let headers = [
        ("Section", 20.0),
        ("Agency", 24.0),
        ("Date", 11.0),
        ("End date", 11.0),
        ("Subject", 14.0),
        ("Role", 16.0),
        ("Summary", 50.0),
        ("Analysis", 40.0),
        ("File", 22.0),
        ("Row", 6.0),
    ];
    let ws = book.add_worksheet();
    ws.set_name("Agency summaries")?;
    for (c, (h, w)) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    let mut row = 0u32;
    for s in Section::ALL {
        for r in merged.section(s) {
            row += 1;
            ws.write_string_with_format(row, 0, s.label(), &top)?;
            ws.write_string_with_format(row, 1, &r.agency, &wrap)?;
            if let Some(d) = r.row.date {
                let f = if d.certainty == Certainty::MonthOnly {
                    &month
                } else {
                    &day
                };
                ws.write_datetime_with_format(row, 2, d.date, f)?;
            }
            if let Some(e) = r.row.end_date {
                ws.write_datetime_with_format(row, 3, e, &day)?;
            }
            for (c, v) in [
                (4u16, &r.subject),
                (5, &r.role),
                (6, &r.summary),
                (7, &r.analysis),
                (8, &r.provenance.file),
            ] {
                if !v.is_empty() {
                    ws.write_string_with_format(row, c, v, &wrap)?;
                }
            }
            ws.write_number_with_format(row, 9, r.provenance.row as f64, &top)?;
            ws.set_row_height(
                row,
                row_height_of(&[(&r.summary, 50.0), (&r.analysis, 40.0), (&r.agency, 24.0)]),
            )?;
        }
    }
    let last_col = headers.len() as u16 - 1;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.max(1), last_col)?;
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_area(0, 0, row.max(1), last_col)?;
    ws.set_header(format!(
        "&CAgency summaries: {}",
        merged.review_reference.replace('&', "&&")
    ));
    ws.set_footer("&CPage &P of &N");

    let ws = book.add_worksheet();
    ws.set_name("Received")?;
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 30)?;
    ws.set_column_width(2, 8)?;
    for (c, h) in ["Agency", "File", "Items"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let mut row = 0u32;
    for r in &merged.received {
        row += 1;
        ws.write_string_with_format(row, 0, &r.agency, &wrap)?;
        ws.write_string_with_format(row, 1, &r.file, &wrap)?;
        ws.write_number_with_format(row, 2, r.rows as f64, &top)?;
    }
    if !merged.missing.is_empty() {
        row += 2;
        ws.write_string_with_format(row, 0, "No summary yet from", &header)?;
        ws.write_string_with_format(row, 1, "Contact", &header)?;
        for m in &merged.missing {
            row += 1;
            ws.write_string_with_format(row, 0, &m.name, &wrap)?;
            ws.write_string_with_format(row, 1, &m.contact, &wrap)?;
            ws.set_row_height(row, row_height_of(&[(&m.contact, 30.0), (&m.name, 36.0)]))?;
        }
    }
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, row.max(1), 2)?;
    book.save_to_buffer()
}

/// The merged document, with the document set's template or a board's own.
pub fn summaries_docx(
    merged: &Merged,
    template: Option<&crate::template::Template>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let data = serde_json::to_value(merged).unwrap_or_default();
    match template {
        Some(t) => t.render_owned(data),
        None => crate::template::compile_bytes(
            crate::docset::DocKind::AgencySummaries.builtin().to_vec(),
            "templates/agency-summaries.docx",
        )
        .labelled(crate::case::fields::label_of)?
        .render_owned(data),
    }
}

/// What [`merge_into`] came to.
#[derive(Debug)]
pub enum MergeOutcome {
    /// The summaries have errors (listed in the check); nothing was written.
    Refused(Vec<Diagnostic>),
    /// The Word template could not be filled; nothing was written.
    Unrenderable(Vec<Diagnostic>),
    /// Both files were written.
    Written {
        /// The merge.
        merged: Box<Merged>,
        /// The files written.
        written: Vec<PathBuf>,
    },
}

/// What stopped [`merge_into`] from writing.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The output folder refused a write.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    /// The workbook could not be built.
    #[error("the merged workbook could not be built: {0}")]
    Xlsx(#[from] XlsxError),
}

/// A whole merge into the folder `out`: refuses a folder already holding an output (unless
/// `policy.force`) before any work, checks every summary, merges, and writes both files or
/// neither. The summaries as checked come back whatever happened.
pub fn merge_into(
    out: &Path,
    policy: WritePolicy,
    paths: &[PathBuf],
    case: &Case,
    today: NaiveDate,
    template: Option<&crate::template::Template>,
) -> Result<(Checked, MergeOutcome), MergeError> {
    let names = [SUMMARIES_XLSX, SUMMARIES_DOCX];
    if !policy.force {
        for name in names {
            let target = out.join(name);
            if target.symlink_metadata().is_ok() {
                return Err(crate::output::OutputError::Exists(target).into());
            }
        }
    }
    let checked = super::check(paths, Some(case), today);
    let merged = match merge(&checked, case, today) {
        Ok(m) => m,
        Err(errors) => return Ok((checked, MergeOutcome::Refused(errors))),
    };
    let docx = match summaries_docx(&merged, template) {
        Ok(d) => d,
        Err(problems) => return Ok((checked, MergeOutcome::Unrenderable(problems))),
    };
    let xlsx = summaries_xlsx(&merged)?;
    let dir = crate::output::OutputDir::create(out, policy)?;
    let files: Vec<PathBuf> = names.iter().map(Into::into).collect();
    let mut staging = dir
        .stage(&files)
        .map_err(|mut errors| errors.swap_remove(0))?;
    staging.write(Path::new(SUMMARIES_XLSX), &xlsx)?;
    staging.write(Path::new(SUMMARIES_DOCX), &docx)?;
    let written = staging.commit()?;
    Ok((
        checked,
        MergeOutcome::Written {
            merged: Box::new(merged),
            written,
        },
    ))
}
