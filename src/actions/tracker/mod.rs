//! The action tracker round-trip: a workbook per owner agency listing its open actions, which
//! the agency fills with its progress and returns; the returns are checked cell by cell and
//! merged into the case with every change listed.
//!
//! What the board set (the action, its lead, its due date, its success measure) is in locked
//! columns. Sheet protection only prevents accidents, so a returned tracker is compared with
//! the case cell by cell: a locked cell that no longer says what the case says is a located
//! error, never taken in. Merging adds updates; it never replaces one: an update the case
//! already holds for the same day that says something else is a conflict, reported, and
//! nothing is written.

mod merge;
mod workbook;

pub use merge::{Change, Merge, merge_trackers};
pub use workbook::{TrackerError, tracker_xlsx};

use crate::case::{Action, ActionUpdate, Case};
use crate::rules::calendar::long_date;

/// The sheet agencies fill in.
pub const TRACKER_SHEET: &str = "Actions";
/// The hidden sheet that matches a returned tracker to its review and agency. Named apart from
/// the chronology workbook's marker so neither is mistaken for the other.
pub const TRACKER_MARKER_SHEET: &str = "scrkit-tracker";
pub(super) const KEY_FORMAT: &str = "Format";
pub(super) const KEY_REVIEW: &str = "Review reference";
pub(super) const KEY_AGENCY: &str = "Agency id";
pub(super) const FORMAT: &str = "scrkit action tracker 1";
/// The largest returned tracker read, in bytes.
pub const MAX_TRACKER_BYTES: u64 = 16 * 1024 * 1024;

/// A column of the tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// The action's id (locked).
    Id,
    /// The recommendation it answers (locked).
    Recommendation,
    /// What will be done (locked).
    Action,
    /// The lead (locked).
    Lead,
    /// The due date (locked).
    DueBy,
    /// How success is measured (locked).
    SuccessMeasure,
    /// The latest update the case holds (locked).
    LastUpdate,
    /// The date of this update.
    UpdateOn,
    /// Its rating.
    Rag,
    /// What has been done.
    Progress,
    /// The evidence that practice changed.
    Evidence,
}

impl Col {
    /// Every column, in order.
    pub const ALL: [Col; 11] = [
        Col::Id,
        Col::Recommendation,
        Col::Action,
        Col::Lead,
        Col::DueBy,
        Col::SuccessMeasure,
        Col::LastUpdate,
        Col::UpdateOn,
        Col::Rag,
        Col::Progress,
        Col::Evidence,
    ];

    /// The header.
    pub fn header(self) -> &'static str {
        match self {
            Col::Id => "Action",
            Col::Recommendation => "Recommendation",
            Col::Action => "What will be done",
            Col::Lead => "Lead",
            Col::DueBy => "Due by",
            Col::SuccessMeasure => "Success measure",
            Col::LastUpdate => "Last update",
            Col::UpdateOn => "Update date",
            Col::Rag => "RAG",
            Col::Progress => "Progress since the last update",
            Col::Evidence => "Evidence of impact",
        }
    }

    /// True for the columns the board sets.
    pub fn locked(self) -> bool {
        !matches!(
            self,
            Col::UpdateOn | Col::Rag | Col::Progress | Col::Evidence
        )
    }

    pub(super) fn width(self) -> f64 {
        match self {
            Col::Id => 9.0,
            Col::DueBy => 17.0,
            Col::UpdateOn => 12.0,
            Col::Rag => 11.0,
            Col::Lead => 18.0,
            Col::Recommendation | Col::SuccessMeasure | Col::LastUpdate => 30.0,
            Col::Action | Col::Progress | Col::Evidence => 40.0,
        }
    }

    pub(super) fn guidance(self) -> &'static str {
        match self {
            Col::UpdateOn => "The date of this update, dd/mm/yyyy.",
            Col::Rag => {
                "Red: will miss its date or cannot be done as planned. Amber: at some risk. Green: on course. Complete: done (give the evidence)."
            }
            Col::Progress => "What has been done since the last update, and anything in the way.",
            Col::Evidence => {
                "How you know practice has changed: audits, figures, feedback. Needed when the action is complete."
            }
            _ => "Set by the board: please do not change.",
        }
    }
}

pub(super) fn update_text(u: &ActionUpdate) -> String {
    match u.on {
        Some(d) => format!("{}, {}: {}", long_date(d), u.rag.label(), u.note.trim()),
        None => format!("{}: {}", u.rag.label(), u.note.trim()),
    }
}

pub(super) fn last_update_text(a: &Action) -> String {
    match a.updates.iter().max_by_key(|u| u.on) {
        Some(u) => update_text(u),
        None => "No update yet".into(),
    }
}

pub(super) fn recommendation_text(case: &Case, a: &Action) -> String {
    match case.learning.recommendation(&a.recommendation) {
        Some(r) => format!("{}: {}", r.id, r.recommendation.trim()),
        None => a.recommendation.clone(),
    }
}

/// The text the case says a locked cell holds (dates are compared as dates).
pub(super) fn expected_text(case: &Case, a: &Action, col: Col) -> String {
    match col {
        Col::Id => a.id.clone(),
        Col::Recommendation => recommendation_text(case, a),
        Col::Action => a.action.clone(),
        Col::Lead => a.lead.clone(),
        Col::SuccessMeasure => a.success_measure.clone(),
        Col::LastUpdate => last_update_text(a),
        Col::DueBy => a.due_on.map(long_date).unwrap_or_default(),
        _ => String::new(),
    }
}

/// The actions an agency's tracker lists: its open ones, in the case's order.
pub fn open_actions<'c>(case: &'c Case, agency_id: &str) -> Vec<&'c Action> {
    case.learning
        .actions
        .iter()
        .filter(|a| a.owner_agency == agency_id && a.closed_on.is_none())
        .collect()
}

/// The file name of an agency's tracker: `police-action-tracker.xlsx`.
pub fn tracker_file_name(agency_id: &str) -> String {
    format!(
        "{}-action-tracker.xlsx",
        crate::output::safe_file_name(agency_id)
    )
}

/// The agencies that own at least one open action, in the case's order.
pub fn tracker_agencies(case: &Case) -> Vec<&str> {
    case.agencies
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| !open_actions(case, id).is_empty())
        .collect()
}
