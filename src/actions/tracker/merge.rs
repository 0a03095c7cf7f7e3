//! Returned trackers checked against the case cell by cell and their updates merged in.

use super::*;
use crate::case::workbook::{cell_text, parse_uk_date, serial_to_date};
use crate::case::{Rag, closest, review_start};
use crate::diagnostic::{Diagnostic, Location, column_letter};
use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// One change a merge made to the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The tracker it came from.
    pub file: PathBuf,
    /// The row of the tracker (as the spreadsheet numbers it).
    pub row: u32,
    /// The action changed.
    pub action: String,
    /// What changed, in words.
    pub description: String,
}

/// What checking (and merging) returned trackers gave.
#[derive(Debug, Clone)]
pub struct Merge {
    /// The case with every change made.
    pub case: Case,
    /// Every change, in the order of the trackers and their rows.
    pub changes: Vec<Change>,
    /// Rows that changed nothing (left blank, or already in the case).
    pub unchanged: usize,
    /// Every problem, errors and warnings, each with its file and cell.
    pub diagnostics: Vec<Diagnostic>,
}

impl Merge {
    /// True when there is no error.
    pub fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn cell(row: u32, col: u32, header: &str) -> Location {
    Location::Cell {
        sheet: TRACKER_SHEET.to_string(),
        row: row + 1,
        column: column_letter(col),
        header: Some(header.to_string()),
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn date_of(d: &Data) -> Result<Option<NaiveDate>, ()> {
    match d {
        Data::Empty => Ok(None),
        Data::Float(f) => serial_to_date(*f).map(Some).ok_or(()),
        Data::Int(i) => serial_to_date(*i as f64).map(Some).ok_or(()),
        Data::DateTime(_) | Data::DateTimeIso(_) => d.as_date().map(Some).ok_or(()),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_uk_date(s).map(Some).ok_or(()),
        _ => Err(()),
    }
}

/// Checks returned trackers against `case` cell by cell and merges their updates into a copy
/// of it. `today` decides what is "in the future". The trackers are taken in order; a second
/// tracker for the same agency sees the first one's updates.
pub fn merge_trackers(case: &Case, paths: &[PathBuf], today: NaiveDate) -> Merge {
    let mut m = Merge {
        case: case.clone(),
        changes: Vec::new(),
        unchanged: 0,
        diagnostics: Vec::new(),
    };
    for path in paths {
        let before = m.diagnostics.len();
        merge_one(&mut m, case, path, today);
        for d in &mut m.diagnostics[before..] {
            if d.file.is_none() {
                d.file = Some(path.clone());
            }
        }
    }
    m
}

fn file_error(m: &mut Merge, msg: impl Into<String>, help: impl Into<String>) {
    m.diagnostics
        .push(Diagnostic::error(Location::File, msg).with_help(help));
}

fn merge_one(m: &mut Merge, original: &Case, path: &Path, today: NaiveDate) {
    use crate::docx::package::{Limits, vet_file};
    use crate::input::{not_a_package, sniff_file};
    let limits = Limits {
        max_part: 4 * MAX_TRACKER_BYTES,
        max_total: 4 * MAX_TRACKER_BYTES,
        ..Limits::default()
    };
    match std::fs::metadata(path) {
        Err(e) => {
            return file_error(
                m,
                format!("cannot read the file: {e}"),
                "check the path and that you may read it",
            );
        }
        Ok(meta) if meta.len() > MAX_TRACKER_BYTES => {
            return file_error(
                m,
                format!(
                    "the file is {} bytes, too large for an action tracker",
                    meta.len()
                ),
                "check this is the tracker the agency returned",
            );
        }
        Ok(_) => {}
    }
    if let Err(d) = vet_file(path, &limits, "tracker") {
        m.diagnostics.push(*d);
        return;
    }
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            let d = not_a_package(sniff_file(path), "tracker").unwrap_or_else(|| {
                Diagnostic::error(Location::File, format!("cannot open the tracker: {e}"))
                    .with_help("save it as .xlsx from Excel or LibreOffice, without a password")
            });
            m.diagnostics.push(d);
            return;
        }
    };
    let names = book.sheet_names();
    let marker = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(TRACKER_MARKER_SHEET))
        .and_then(|n| book.worksheet_range(n).ok())
        .map(|r| {
            r.rows()
                .filter_map(|row| {
                    Some((
                        cell_text(row.first()?),
                        row.get(1).map(cell_text).unwrap_or_default(),
                    ))
                })
                .collect::<Vec<_>>()
        });
    let Some(marker) = marker else {
        return file_error(
            m,
            "this is not an action tracker made for the review (its hidden matching sheet is missing)",
            "use the tracker workbook the board sent to the agency, with its updates typed in; a copy pasted into a new workbook cannot be matched to its agency",
        );
    };
    let get = |k: &str| {
        marker
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if get(KEY_FORMAT) != FORMAT {
        return file_error(
            m,
            "the tracker's hidden matching sheet was changed or comes from another tool",
            "ask the agency to type its updates into the tracker the board sent",
        );
    }
    let review = get(KEY_REVIEW);
    if review.trim() != original.review.reference.trim() {
        return file_error(
            m,
            format!(
                "the tracker is for review \"{review}\", not \"{}\"",
                original.review.reference.trim()
            ),
            "check you have the right case file and the right tracker",
        );
    }
    let agency = get(KEY_AGENCY);
    if original.agency(&agency).is_none() {
        return file_error(
            m,
            format!("the tracker is for agency \"{agency}\", which the case does not list"),
            "check you have the right case file",
        );
    }
    let Some(sheet) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(TRACKER_SHEET))
        .cloned()
    else {
        return file_error(
            m,
            format!("the tracker has no '{TRACKER_SHEET}' sheet"),
            "ask the agency to use the tracker the board sent without renaming its sheets",
        );
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            return file_error(
                m,
                format!("cannot read the '{sheet}' sheet: {e}"),
                "save it again from Excel or LibreOffice",
            );
        }
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows: Vec<&[Data]> = range.rows().collect();
    let Some(header) = rows.first() else {
        return file_error(
            m,
            format!("the '{TRACKER_SHEET}' sheet is empty"),
            "ask the agency to use the tracker the board sent",
        );
    };
    // Columns by header, wherever they sit; every one must be there.
    let mut at: Vec<(Col, usize)> = Vec::new();
    for c in Col::ALL {
        match header
            .iter()
            .position(|h| normalise(&cell_text(h)).eq_ignore_ascii_case(c.header()))
        {
            Some(j) => at.push((c, j)),
            None => m.diagnostics.push(
                Diagnostic::error(
                    Location::Cell {
                        sheet: sheet.clone(),
                        row: r0 + 1,
                        column: column_letter(c0),
                        header: None,
                    },
                    format!("the column '{}' is missing", c.header()),
                )
                .with_help("the tracker's columns must stay as the board sent them"),
            ),
        }
    }
    if at.len() != Col::ALL.len() {
        return;
    }
    let col_of = |c: Col| {
        at.iter()
            .find(|(x, _)| *x == c)
            .map(|(_, j)| *j)
            .unwrap_or(0)
    };
    let start = review_start(original);
    let mut seen: Vec<(String, u32)> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|d| cell_text(d).is_empty()) {
            continue;
        }
        let r = r0 + i as u32;
        let loc = |c: Col| cell(r, c0 + col_of(c) as u32, c.header());
        let val = |c: Col| row.get(col_of(c)).cloned().unwrap_or(Data::Empty);
        let id = cell_text(&val(Col::Id));
        let Some(action) = original.learning.action(&id) else {
            let known = original
                .learning
                .actions
                .iter()
                .filter(|a| a.owner_agency == agency)
                .map(|a| a.id.as_str());
            let help = match closest(&id, known) {
                Some(k) => format!("did you mean \"{k}\"? The action ids are set by the board"),
                None => {
                    "the action ids are set by the board: put back the id the tracker was sent with"
                        .into()
                }
            };
            m.diagnostics.push(
                Diagnostic::error(loc(Col::Id), format!("there is no action \"{id}\""))
                    .with_value(id.clone())
                    .with_help(help),
            );
            continue;
        };
        if action.owner_agency != agency {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::Id),
                    format!(
                        "action \"{id}\" belongs to {}, not to this tracker's agency",
                        original
                            .agency(&action.owner_agency)
                            .map(|a| a.name.as_str())
                            .unwrap_or(&action.owner_agency)
                    ),
                )
                .with_help("each agency reports on its own actions only"),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(x, _)| *x == id) {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::Id),
                    format!("action \"{id}\" is listed twice (first in row {first})"),
                )
                .with_help("give one update per action per tracker"),
            );
            continue;
        }
        seen.push((id.clone(), r + 1));
        // The board's columns must say what the case says.
        let mut forged = false;
        for c in Col::ALL.into_iter().filter(|c| c.locked() && *c != Col::Id) {
            let d = val(c);
            let same = if c == Col::DueBy {
                date_of(&d).ok().flatten() == action.due_on
            } else if c == Col::LastUpdate {
                // Context, not a setting: any update the case holds (a tracker made before
                // the last merge shows an older one).
                let found = normalise(&cell_text(&d));
                found == normalise(&last_update_text(action))
                    || action
                        .updates
                        .iter()
                        .any(|u| found == normalise(&update_text(u)))
            } else {
                normalise(&cell_text(&d)) == normalise(&expected_text(original, action, c))
            };
            if !same {
                forged = true;
                let was = expected_text(original, action, c);
                m.diagnostics.push(
                    Diagnostic::error(
                        loc(c),
                        format!(
                            "the locked column '{}' was changed: the board sets it, and the case says otherwise",
                            c.header()
                        ),
                    )
                    .with_value(cell_text(&d))
                    .with_help(format!(
                        "put back \"{was}\"; if it must change, the board changes it in the case file"
                    )),
                );
            }
        }
        if forged {
            continue;
        }
        row_update(m, action, path, r, &val, &loc, today, start);
    }
    // An action the agency owns that its tracker does not list is worth knowing about.
    let sent: Vec<&Action> = open_actions(original, &agency);
    for a in sent {
        if !seen.iter().any(|(x, _)| *x == a.id) {
            m.diagnostics.push(
                Diagnostic::warning(
                    Location::File,
                    format!("the tracker has no row for action \"{}\"", a.id),
                )
                .with_help("nothing is recorded for it; ask the agency for its update"),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn row_update(
    m: &mut Merge,
    action: &Action,
    path: &Path,
    r: u32,
    val: &dyn Fn(Col) -> Data,
    loc: &dyn Fn(Col) -> Location,
    today: NaiveDate,
    start: Option<NaiveDate>,
) {
    let mut ok = true;
    let mut err = |m: &mut Merge, c: Col, msg: String, value: Option<String>, help: &str| {
        let mut d = Diagnostic::error(loc(c), msg).with_help(help);
        if let Some(v) = value {
            d = d.with_value(v);
        }
        m.diagnostics.push(d);
        ok = false;
    };
    let on_cell = val(Col::UpdateOn);
    let on = match date_of(&on_cell) {
        Ok(d) => d,
        Err(()) => {
            err(
                m,
                Col::UpdateOn,
                "not a valid date".into(),
                Some(cell_text(&on_cell)),
                "type the date as dd/mm/yyyy, e.g. 05/12/2026, and check the day exists",
            );
            None
        }
    };
    let rag_text = cell_text(&val(Col::Rag));
    let rag = if rag_text.is_empty() {
        None
    } else {
        match Rag::from_text(&rag_text) {
            Some(x) => Some(x),
            None => {
                err(
                    m,
                    Col::Rag,
                    "not a rating".into(),
                    Some(rag_text.clone()),
                    "choose Red, Amber, Green or Complete",
                );
                None
            }
        }
    };
    let note = cell_text(&val(Col::Progress));
    let evidence = cell_text(&val(Col::Evidence));
    let any_update = on.is_some() || !rag_text.is_empty() || !note.is_empty();
    if any_update {
        if on.is_none() && cell_text(&on_cell).is_empty() {
            err(
                m,
                Col::UpdateOn,
                "the update has no date".into(),
                None,
                "give the date of this update",
            );
        }
        if rag_text.is_empty() {
            err(
                m,
                Col::Rag,
                "the update has no rating".into(),
                None,
                "choose Red, Amber, Green or Complete",
            );
        }
        if note.is_empty() {
            err(
                m,
                Col::Progress,
                "the update says nothing about progress".into(),
                None,
                "say what has been done since the last update",
            );
        }
    }
    if let Some(d) = on {
        if d > today {
            err(
                m,
                Col::UpdateOn,
                format!("the update is dated in the future ({})", long_date(d)),
                None,
                "check the year and the order of day and month",
            );
        }
        if let Some(s) = start
            && d < s
        {
            err(
                m,
                Col::UpdateOn,
                format!(
                    "the update ({}) is dated before the review began ({})",
                    long_date(d),
                    long_date(s)
                ),
                None,
                "check the year and the order of day and month",
            );
        }
    }
    if rag == Some(Rag::Complete)
        && evidence.is_empty()
        && action.evidence_of_impact.trim().is_empty()
    {
        err(
            m,
            Col::Evidence,
            "the action is reported complete without evidence of impact".into(),
            None,
            "say how you know practice has changed (an audit, figures, feedback)",
        );
    }
    if !ok {
        return;
    }
    // Merge into the working copy (which may hold an earlier tracker's updates).
    let Some(target) = m
        .case
        .learning
        .actions
        .iter_mut()
        .find(|a| a.id == action.id)
    else {
        return;
    };
    let mut changed = false;
    if let (Some(d), Some(rag)) = (on, rag) {
        let new = ActionUpdate {
            on: Some(d),
            rag,
            note: note.clone(),
        };
        let same_day: Vec<&ActionUpdate> =
            target.updates.iter().filter(|u| u.on == Some(d)).collect();
        if same_day
            .iter()
            .any(|u| u.rag == rag && normalise(&u.note) == normalise(&note))
        {
            // Already recorded (a tracker returned twice): nothing to do.
        } else if let Some(u) = same_day.first() {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::UpdateOn),
                    format!(
                        "the case already holds an update of {} for action \"{}\" that says otherwise ({}: {})",
                        long_date(d),
                        action.id,
                        u.rag.label(),
                        u.note.trim()
                    ),
                )
                .with_help(
                    "nothing was changed: if this is a correction, edit the case file by hand; otherwise date the new update on the day it was given",
                ),
            );
            return;
        } else if let Some(latest) = target.updates.iter().filter_map(|u| u.on).max()
            && d < latest
        {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::UpdateOn),
                    format!(
                        "the update ({}) is dated before the latest update the case holds for action \"{}\" ({})",
                        long_date(d),
                        action.id,
                        long_date(latest)
                    ),
                )
                .with_help("check the date: updates are added after the last one, never before it"),
            );
            return;
        } else {
            m.changes.push(Change {
                file: path.to_path_buf(),
                row: r + 1,
                action: action.id.clone(),
                description: format!(
                    "update of {} added ({}): {}",
                    long_date(d),
                    rag.label(),
                    note
                ),
            });
            target.updates.push(new);
            changed = true;
        }
    }
    if !evidence.is_empty() && normalise(&evidence) != normalise(&target.evidence_of_impact) {
        let description = if target.evidence_of_impact.trim().is_empty() {
            format!("evidence of impact recorded: {evidence}")
        } else {
            format!(
                "evidence of impact changed from \"{}\" to \"{evidence}\"",
                target.evidence_of_impact.trim()
            )
        };
        m.changes.push(Change {
            file: path.to_path_buf(),
            row: r + 1,
            action: action.id.clone(),
            description,
        });
        target.evidence_of_impact = evidence;
        changed = true;
    }
    if !changed {
        m.unchanged += 1;
    }
}
