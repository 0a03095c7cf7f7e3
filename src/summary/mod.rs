//! Agency summaries of a rapid review: the workbook each agency receives on day 1, reading a
//! returned one back, checking it cell by cell, and merging every agency's summary into one
//! workbook and one Word document for the rapid review meeting.
//!
//! The round trip is the chronology's: a returned summary is read by the same readers
//! ([`crate::chronology::read`], any of xlsx, xls, ods, csv or a Word table), looking for the
//! summary's header row instead of the chronology's; a workbook made for the other layout is
//! refused with the command that reads it. Every problem is reported at once, each at its cell
//! (sheet, row, column) with what to do.
//! - [`layout`]: the columns, the four sections, the marker's check;
//! - [`workbook`]: the blank (or filled) workbook;
//! - `check` (here): a returned file into [`Summary`] rows and diagnostics;
//! - [`merge`]: every summary into `agency-summaries.xlsx` and `agency-summaries.docx`.

pub mod layout;
pub mod merge;
mod validate;
pub mod workbook;

pub use layout::{Column, Section};
pub use merge::{MergeError, MergeOutcome, Merged, merge, merge_into};

use crate::case::Case;
use crate::chronology::dates::EntryDate;
use crate::chronology::read::{Format, Marker, Wanted, read_for};
use crate::chronology::{AgencyEvidence, ReturnAgency};
use crate::diagnostic::{Diagnostic, Location};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One row of a summary: an item under one of the four headings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The heading it belongs to.
    pub section: Section,
    /// When it happened, or when the involvement began.
    pub date: Option<EntryDate>,
    /// When it ended.
    pub end_date: Option<NaiveDate>,
    /// Who it is about.
    pub subject: String,
    /// The practitioner's or team's role.
    pub role: String,
    /// What happened, was done, or was learned.
    pub summary: String,
    /// The agency's view.
    pub analysis: String,
    /// The row number in the file.
    pub row: u32,
}

/// One agency's summary, read and checked.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The sheet (or table) read.
    pub sheet: Option<String>,
    /// The hidden marker, when the file was made from scrkit's workbook.
    pub marker: Option<Marker>,
    /// The agency it comes from, when it could be told.
    pub agency: Option<ReturnAgency>,
    /// Rows read without errors, in the file's order.
    pub rows: Vec<Row>,
    /// Every problem, errors and warnings, each naming the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Summary {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        crate::diagnostic::error_count(&self.diagnostics)
    }
}

/// Every summary of a check, and problems that concern several together.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// One per file, in the order given.
    pub summaries: Vec<Summary>,
    /// Problems across summaries (two for one agency).
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Errors in all summaries together.
    pub fn errors(&self) -> usize {
        self.summaries.iter().map(Summary::errors).sum::<usize>()
            + crate::diagnostic::error_count(&self.diagnostics)
    }

    /// Warnings in all summaries together.
    pub fn warnings(&self) -> usize {
        self.summaries
            .iter()
            .chain([])
            .map(|s| s.diagnostics.len() - s.errors())
            .sum::<usize>()
            + self.diagnostics.len()
            - crate::diagnostic::error_count(&self.diagnostics)
    }
}

/// The summary's header row, for the shared readers.
const SUMMARY: Wanted = Wanted {
    has_header: |g| layout::find_header(g).is_some(),
    header_help: "the header row must name at least the Section and Summary columns (as in the \
                  agency summary workbook: Section, Date, End date, Subject, Role, Summary, \
                  Analysis); a chronology return is checked with `scr chronology check`",
    format: "scrkit agency summary workbook",
    what: "an agency summary",
};

/// Reads and checks one returned summary, judged as of `today` against the case, when given.
pub fn read_summary(path: &Path, case: Option<&Case>, today: NaiveDate) -> Summary {
    let found = read_for(path, &SUMMARY);
    let mut s = Summary {
        path: path.to_path_buf(),
        format: found.format,
        sheet: None,
        marker: found.marker,
        agency: None,
        rows: Vec::new(),
        diagnostics: found.diagnostics,
    };
    if let Some(grid) = found.grid {
        s.sheet = Some(grid.name.clone());
        let scope = case.map(|c| (c.review.scope.from, c.review.scope.to));
        let (rows, diagnostics) = validate::rows(&grid, today, scope.unwrap_or((None, None)));
        s.rows = rows;
        s.diagnostics.extend(diagnostics);
    }
    resolve_agency(&mut s, case);
    for d in &mut s.diagnostics {
        if d.file.is_none() {
            d.file = Some(path.to_path_buf());
        }
    }
    s
}

/// Which agency a summary is from: its marker (whose check must hold), else its file name.
fn resolve_agency(s: &mut Summary, case: Option<&Case>) {
    if let Some(m) = s
        .marker
        .clone()
        .filter(|m| m.format.starts_with(SUMMARY.format))
    {
        let expected =
            layout::marker_check(&m.format, &m.review_reference, &m.agency_id, &m.agency_name);
        if m.check.trim() != expected {
            s.diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    "the workbook's hidden sheet, which says which agency and review it is for, \
                     has been changed by hand (its check does not match), so it cannot say whose \
                     summary this is",
                )
                .with_help(
                    "ask the agency to copy its rows into the workbook it was sent, or send it a \
                     new one with `scr summary blank`",
                ),
            );
            return;
        }
        let Some(case) = case else {
            s.agency = Some(ReturnAgency {
                id: Some(m.agency_id.clone()).filter(|x| !x.is_empty()),
                name: m.agency_name.clone(),
                evidence: AgencyEvidence::Workbook,
            });
            return;
        };
        if m.review_reference.trim() != case.review.reference.trim() {
            s.diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "this workbook was made for review {}, not {}",
                        m.review_reference, case.review.reference
                    ),
                )
                .with_help("check that the right summary was sent for this review"),
            );
        }
        match case.agency(&m.agency_id) {
            Some(a) => {
                s.agency = Some(ReturnAgency {
                    id: Some(a.id.clone()),
                    name: a.name.clone(),
                    evidence: AgencyEvidence::Workbook,
                })
            }
            None => s.diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "this workbook was made for agency '{}' ({}), which is not an agency of the case",
                        m.agency_id, m.agency_name
                    ),
                )
                .with_help("add the agency to the case file, or check that the right summary was sent"),
            ),
        }
        return;
    }
    let stem = s
        .path
        .file_stem()
        .map(|x| x.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(case) = case else {
        s.agency = Some(ReturnAgency {
            id: None,
            name: stem,
            evidence: AgencyEvidence::FileName,
        });
        return;
    };
    let stem_words = stem.trim_start_matches("agency-summary-");
    match crate::chronology::match_agency(case, stem_words) {
        Some(a) => {
            s.agency = Some(ReturnAgency {
                id: Some(a.id.clone()),
                name: a.name.clone(),
                evidence: AgencyEvidence::FileName,
            })
        }
        None if s.sheet.is_some() => s.diagnostics.push(
            Diagnostic::error(
                Location::File,
                "cannot tell which agency this summary is from",
            )
            .with_help(format!(
                "return it in the workbook the agency was sent, or name the file after the \
                     agency's id in the case (e.g. {})",
                workbook::file_name(
                    case.agencies
                        .first()
                        .map(|a| a.id.as_str())
                        .unwrap_or("police")
                )
            )),
        ),
        None => {}
    }
}

/// Reads and checks every summary, on all cores, keeping the order of `paths`.
pub fn check(paths: &[PathBuf], case: Option<&Case>, today: NaiveDate) -> Checked {
    let summaries =
        crate::parallel::ordered_map(paths.iter().collect(), |p| read_summary(p, case, today));
    let mut diagnostics = Vec::new();
    for (i, s) in summaries.iter().enumerate() {
        let Some(id) = s.agency.as_ref().and_then(|a| a.id.as_ref()) else {
            continue;
        };
        if let Some(first) = summaries[..i]
            .iter()
            .find(|o| o.agency.as_ref().and_then(|a| a.id.as_ref()) == Some(id))
        {
            diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "a second summary for {} (the first is {})",
                        s.agency.as_ref().map(|a| a.name.as_str()).unwrap_or(id),
                        first.path.display()
                    ),
                )
                .in_file(&s.path)
                .with_help("give only the summary that replaces the other"),
            );
        }
    }
    Checked {
        summaries,
        diagnostics,
    }
}
