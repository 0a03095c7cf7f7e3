//! Agency chronology returns: read them, validate them cell by cell, merge them into one
//! multi-agency chronology.
//!
//! Agencies return chronologies as spreadsheets (ideally the workbook scrkit made for them,
//! see [`workbook`]), CSV files or, from older habits, a table in a Word document. Today a
//! coordinator copies and pastes them into one table by hand; this module does it exactly:
//! - `read` turns any of those formats into a grid of cells;
//! - `columns` finds the header row and maps headers (with aliases) to the agreed columns;
//! - [`dates`] reads dates and times day first, by column, keeping their certainty;
//! - `validate` checks every cell and builds the entries, reporting every problem at once;
//! - [`mod@merge`] orders, flags likely duplicates, finds gaps and missing returns;
//! - [`mod@write`] builds the merged workbook and the problem reports.
//!
//! Readers never fail on content: a [`Return`] holds what could be read and every diagnostic.

mod columns;
pub mod dates;
pub mod document;
pub mod merge;
pub(crate) mod read;
pub mod timeline;
mod validate;
pub(crate) use validate::read_date;
pub mod workbook;
pub mod write;

use crate::case::{Agency, Case};
use crate::diagnostic::{Diagnostic, Location};
use chrono::{NaiveDate, NaiveTime};
pub use columns::Column;
pub use dates::{Certainty, EntryDate};
pub use merge::{MergeOptions, Merged, Refused, merge};
/// One sheet or CSV file read whole, for a mail merge's rows.
pub(crate) use read::{CellValue, Grid, GridKind, read_table};
pub use read::{Format, Marker};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
pub use write::{MergeError, MergeOutcome, merge_into};

/// The period a review examines; entries outside it are warnings, not errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// First day, when known.
    pub from: Option<NaiveDate>,
    /// Last day, when known.
    pub to: Option<NaiveDate>,
}

impl Scope {
    /// Why an entry from `first` to `last` lies wholly outside the scope, if it does.
    pub fn outside(&self, first: NaiveDate, last: NaiveDate) -> Option<String> {
        if let Some(from) = self.from
            && last < from
        {
            return Some(format!(
                "the date is before the review's scope, which starts on {}",
                dates::long_date(from)
            ));
        }
        if let Some(to) = self.to
            && first > to
        {
            return Some(format!(
                "the date is after the review's scope, which ends on {}",
                dates::long_date(to)
            ));
        }
        None
    }

    /// The scope of a case.
    pub fn of_case(case: &Case) -> Scope {
        Scope {
            from: case.review.scope.from,
            to: case.review.scope.to,
        }
    }
}

/// What a check or merge is judged against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Today: dates after it are errors, and it decides two-digit years.
    pub today: NaiveDate,
    /// The review's scope.
    pub scope: Scope,
    /// The case, when given: returns are matched to its agencies.
    pub case: Option<&'a Case>,
}

impl<'a> Context<'a> {
    /// A context from a case, judged as of `today`.
    pub fn for_case(case: &'a Case, today: NaiveDate) -> Self {
        Context {
            today,
            scope: Scope::of_case(case),
            case: Some(case),
        }
    }
}

/// One chronology entry, as the agency wrote it, with its dates read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The date and its certainty.
    pub date: EntryDate,
    /// The time of day, where given.
    pub time: Option<NaiveTime>,
    /// The last day of an event lasting several days.
    pub end_date: Option<NaiveDate>,
    /// The agency's own reference.
    pub reference: String,
    /// The Agency cell (blank when only Source was given).
    pub agency: String,
    /// The record or system.
    pub source: String,
    /// The practitioner's role.
    pub practitioner_role: String,
    /// Who the entry is about.
    pub subject: String,
    /// What happened.
    pub event: String,
    /// Action taken or outcome.
    pub outcome: String,
    /// The agency's comment.
    pub comment: String,
    /// Columns outside the agreed template: (header, value).
    pub extra: Vec<(String, String)>,
    /// The row number in the return.
    pub row: u32,
}

/// A row left out because it has errors, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcludedRow {
    /// The row number in the return.
    pub row: u32,
    /// Why, one line per problem.
    pub reasons: Vec<String>,
}

/// How the agency of a return was told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyEvidence {
    /// The hidden sheet of scrkit's workbook.
    Workbook,
    /// The values in the Agency column.
    AgencyColumn,
    /// The file's name.
    FileName,
}

/// The agency a return comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnAgency {
    /// The agency id in the case, when the return matched one.
    pub id: Option<String>,
    /// The agency's name, as shown in the merged chronology.
    pub name: String,
    /// How it was told.
    pub evidence: AgencyEvidence,
}

/// One return, read and validated.
#[derive(Debug, Clone, Serialize)]
pub struct Return {
    /// The file.
    pub path: PathBuf,
    /// Its format.
    pub format: Format,
    /// The sheet (or table) read.
    pub sheet: Option<String>,
    /// The hidden marker of scrkit's workbook, if the return was made from one.
    pub marker: Option<Marker>,
    /// The agency it comes from, when it could be told.
    pub agency: Option<ReturnAgency>,
    /// Rows read without errors.
    pub entries: Vec<Entry>,
    /// Rows with errors.
    pub excluded: Vec<ExcludedRow>,
    /// Non-blank rows read below the header.
    pub rows_read: usize,
    /// Every problem, errors and warnings, each naming the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Return {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        crate::diagnostic::error_count(&self.diagnostics)
    }

    /// The agency name shown for an entry of this return: the case's name for the agency the
    /// return is matched to (one agency is named one way, so filters work), else the entry's
    /// own Agency cell, else the return's agency, else its Source. The entry's own wording is
    /// kept beside it in the merged workbook.
    pub fn agency_of<'e>(&'e self, e: &'e Entry) -> &'e str {
        if let Some(a) = self.agency.as_ref().filter(|a| a.id.is_some()) {
            &a.name
        } else if !e.agency.is_empty() {
            &e.agency
        } else if let Some(a) = &self.agency {
            &a.name
        } else {
            &e.source
        }
    }

    /// True when the whole file could not be used (unreadable, no header row, no mandatory
    /// column), as opposed to some of its rows.
    pub fn is_unusable(&self) -> bool {
        self.sheet.is_none()
            || (self.entries.is_empty()
                && self.excluded.iter().all(|x| {
                    x.reasons
                        .first()
                        .is_some_and(|r| r.starts_with("the return has no"))
                })
                && !self.excluded.is_empty())
    }
}

/// Letters and digits only, lower case: how agency names are compared.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The case's agency a text names: by id, name or kind, or a name containing it; `None`
/// unless exactly one agency fits.
pub fn match_agency<'c>(case: &'c Case, text: &str) -> Option<&'c Agency> {
    let t = squash(text);
    if t.is_empty() {
        return None;
    }
    let exact: Vec<&Agency> = case
        .agencies
        .iter()
        .filter(|a| squash(&a.id) == t || squash(&a.name) == t)
        .collect();
    if exact.len() == 1 {
        return Some(exact[0]);
    }
    let loose: Vec<&Agency> = case
        .agencies
        .iter()
        .filter(|a| {
            let (id, name, kind) = (squash(&a.id), squash(&a.name), squash(&a.kind));
            (t.len() >= 4 && (name.contains(&t) || kind == t))
                || (name.len() >= 4 && t.contains(&name))
                || (id.len() >= 2 && t.contains(&id))
        })
        .collect();
    (loose.len() == 1).then(|| loose[0])
}

/// Reads and validates one return.
pub fn read_return(path: &Path, ctx: &Context) -> Return {
    let source = read::read_source(path);
    let mut ret = Return {
        path: path.to_path_buf(),
        format: source.format,
        sheet: None,
        marker: source.marker,
        agency: None,
        entries: Vec::new(),
        excluded: Vec::new(),
        rows_read: 0,
        diagnostics: source.diagnostics,
    };
    let mut agency_values = Vec::new();
    if let Some((grid, header)) = source.grid {
        ret.sheet = Some(grid.name.clone());
        // The blank workbook's marker names the agency, so its rows need not.
        let agency_known = ret
            .marker
            .as_ref()
            .is_some_and(|m| !m.agency_name.trim().is_empty());
        let v = validate::validate_grid(grid, &header, ctx.today, &ctx.scope, agency_known);
        ret.entries = v.entries;
        ret.excluded = v.excluded;
        ret.rows_read = v.rows_read;
        ret.diagnostics.extend(v.diagnostics);
        agency_values = v.agency_values;
    }
    resolve_agency(&mut ret, &agency_values, ctx);
    for d in &mut ret.diagnostics {
        if d.file.is_none() {
            d.file = Some(path.to_path_buf());
        }
    }
    ret
}

fn resolve_agency(ret: &mut Return, agency_values: &[(String, usize)], ctx: &Context) {
    let stem = ret
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(case) = ctx.case else {
        ret.agency = if let Some(m) = ret.marker.as_ref().filter(|m| !m.agency_name.is_empty()) {
            Some(ReturnAgency {
                id: Some(m.agency_id.clone()).filter(|s| !s.is_empty()),
                name: m.agency_name.clone(),
                evidence: AgencyEvidence::Workbook,
            })
        } else if let Some((v, _)) = agency_values.first() {
            Some(ReturnAgency {
                id: None,
                name: v.clone(),
                evidence: AgencyEvidence::AgencyColumn,
            })
        } else {
            Some(ReturnAgency {
                id: None,
                name: stem,
                evidence: AgencyEvidence::FileName,
            })
        };
        return;
    };
    let found = |a: &Agency, evidence| ReturnAgency {
        id: Some(a.id.clone()),
        name: a.name.clone(),
        evidence,
    };
    if let Some(m) = ret.marker.clone() {
        if !m.review_reference.is_empty()
            && !case.review.reference.is_empty()
            && m.review_reference.trim() != case.review.reference.trim()
        {
            ret.diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "this workbook was made for review {}, not {}",
                        m.review_reference, case.review.reference
                    ),
                )
                .with_help("check that the right return was sent for this review"),
            );
        }
        match case.agency(&m.agency_id) {
            Some(a) => ret.agency = Some(found(a, AgencyEvidence::Workbook)),
            None => ret.diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "this workbook was made for agency '{}' ({}), which is not an agency of the case",
                        m.agency_id, m.agency_name
                    ),
                )
                .with_help("add the agency to the case file, or check that the right return was sent"),
            ),
        }
        return;
    }
    if let Some((v, _)) = agency_values.first() {
        if let Some(a) = match_agency(case, v) {
            ret.agency = Some(found(a, AgencyEvidence::AgencyColumn));
            return;
        }
        if let Some(a) = match_agency(case, &stem) {
            ret.agency = Some(found(a, AgencyEvidence::FileName));
            return;
        }
        ret.diagnostics.push(
            Diagnostic::error(
                Location::File,
                format!("the agency of this return ('{v}') is not an agency of the case"),
            )
            .with_value(v.clone())
            .with_help(format!(
                "the case's agencies are: {}; name one in the Agency column or name the file \
                 after its id (e.g. {}.xlsx)",
                case.agencies
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.id))
                    .collect::<Vec<_>>()
                    .join(", "),
                case.agencies
                    .first()
                    .map(|a| a.id.as_str())
                    .unwrap_or("police")
            )),
        );
        return;
    }
    if let Some(a) = match_agency(case, &stem) {
        ret.agency = Some(found(a, AgencyEvidence::FileName));
        return;
    }
    if ret.sheet.is_some() {
        ret.diagnostics.push(
            Diagnostic::error(
                Location::File,
                "cannot tell which agency this return is from",
            )
            .with_help(
                "fill the Agency column, or name the file after the agency's id in the case \
                     (e.g. police.xlsx)",
            ),
        );
    }
}

/// Every return of a check, plus problems that concern several returns together.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// One per file, in the order given.
    pub returns: Vec<Return>,
    /// Problems across returns (two returns for one agency).
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Errors in all returns together.
    pub fn errors(&self) -> usize {
        self.returns.iter().map(Return::errors).sum::<usize>()
            + crate::diagnostic::error_count(&self.diagnostics)
    }

    /// Warnings in all returns together.
    pub fn warnings(&self) -> usize {
        self.returns
            .iter()
            .map(|r| r.diagnostics.len() - r.errors())
            .sum::<usize>()
            + self.diagnostics.len()
            - crate::diagnostic::error_count(&self.diagnostics)
    }
}

/// Reads and validates every return, on all cores, reporting progress as each file is done
/// (`progress` gets the number done so far). The result keeps the order of `paths`.
pub fn check(paths: &[PathBuf], ctx: &Context, progress: &(dyn Fn(usize) + Sync)) -> Checked {
    let done = AtomicUsize::new(0);
    let returns = crate::parallel::ordered_map(paths.iter().collect(), |p| {
        let r = read_return(p, ctx);
        progress(done.fetch_add(1, Ordering::Relaxed) + 1);
        r
    });
    let mut diagnostics = Vec::new();
    for (i, r) in returns.iter().enumerate() {
        let Some(id) = r.agency.as_ref().and_then(|a| a.id.as_ref()) else {
            continue;
        };
        if let Some(first) = returns[..i]
            .iter()
            .find(|o| o.agency.as_ref().and_then(|a| a.id.as_ref()) == Some(id))
        {
            diagnostics.push(
                Diagnostic::warning(
                    Location::File,
                    format!(
                        "a second return for {} (the first is {}); both are merged",
                        r.agency.as_ref().map(|a| a.name.as_str()).unwrap_or(id),
                        first.path.display()
                    ),
                )
                .in_file(&r.path)
                .with_help("if one replaces the other, give only the newer file"),
            );
        }
    }
    Checked {
        returns,
        diagnostics,
    }
}
