//! The register of every review in the workspace, with the numbers for the yearly report.

use super::Workspace;
use crate::case::{Case, ReviewKind};
use crate::rules::{Deadline, Status, Timeline};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// One review in the register.
#[derive(Debug, Clone, Serialize)]
pub struct RegisterRow {
    /// The folder name.
    pub name: String,
    /// The review's reference, or the folder name when the case cannot be read.
    pub reference: String,
    /// The kind in words.
    pub kind: String,
    /// The kind's code (`scr`, `cspr`, `rapid_review`, `alternative`).
    pub kind_code: String,
    /// The regime in words.
    pub regime: String,
    /// The regime's code (`2015`, `2018`).
    pub regime_code: String,
    /// The stage, from the dates recorded.
    pub stage: String,
    /// The next deadline still running, soonest first.
    pub next_deadline: Option<NextDeadline>,
    /// Steps overdue, in words.
    pub overdue: Vec<String>,
    /// Agencies whose chronology has not been received, by name.
    pub missing_returns: Vec<String>,
    /// Errors in the case file (the rest is empty then).
    pub case_errors: usize,
    /// The year the review began (referral, else incident), for the yearly numbers.
    pub year: Option<i32>,
    /// The deadlines done, and done on time.
    pub done: usize,
    /// Of those, on time.
    pub on_time: usize,
    /// A rapid review that went on to a local review.
    pub converted: bool,
    /// Actions of the plan not yet complete.
    pub actions_open: usize,
    /// Of those, past their due date.
    pub actions_overdue: usize,
}

/// A deadline still to meet.
#[derive(Debug, Clone, Serialize)]
pub struct NextDeadline {
    /// The step.
    pub step: String,
    /// The due date.
    pub due: NaiveDate,
    /// Calendar days left (negative when overdue).
    pub days_left: i64,
    /// Working days left, for rules counted in working days.
    pub working_days_left: Option<i64>,
}

/// The numbers a partnership's yearly report needs, for one year.
#[derive(Debug, Clone, Default, Serialize)]
pub struct YearNumbers {
    /// The year.
    pub year: i32,
    /// Serious Case Reviews.
    pub scr: usize,
    /// Local child safeguarding practice reviews.
    pub cspr: usize,
    /// Rapid reviews.
    pub rapid: usize,
    /// Alternative reviews.
    pub alternative: usize,
    /// Rapid reviews that went on to a local review (a review initiated).
    pub rapid_converted: usize,
    /// Deadlines done.
    pub done: usize,
    /// Of those, on time.
    pub on_time: usize,
}

/// Every review of a workspace, with the yearly numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Register {
    /// The day judged.
    pub as_of: NaiveDate,
    /// One row per review, by folder name.
    pub rows: Vec<RegisterRow>,
    /// By year, latest first.
    pub years: Vec<YearNumbers>,
}

/// The stages [`stage`] names, in the order a review goes through them, then the register's
/// word for a review whose case file cannot be read: the order the register sorts by.
pub const STAGES: &[&str] = &[
    "Not started",
    "Referral received",
    "Panel considered",
    "Rapid review completed",
    "Decision made",
    "Review under way",
    "Report completed",
    "Published",
    CASE_HAS_ERRORS,
];

/// The register's stage for a review whose case file has errors.
pub const CASE_HAS_ERRORS: &str = "Case file has errors";

/// The stage a review is at, from its dates (one of [`STAGES`]).
pub fn stage(c: &Case) -> &'static str {
    if c.publication.published_on.is_some() {
        "Published"
    } else if c.review.completed_on.is_some() {
        "Report completed"
    } else if c.review.initiated_on.is_some() {
        "Review under way"
    } else if c.decision.decided_on.is_some() {
        "Decision made"
    } else if c.referral.rapid_review_completed_on.is_some() {
        "Rapid review completed"
    } else if c.decision.panel_considered_on.is_some() {
        "Panel considered"
    } else if c.referral.received_on.is_some() || c.referral.notified_on.is_some() {
        "Referral received"
    } else {
        "Not started"
    }
}

fn code(v: impl Serialize) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn label(v: impl Serialize) -> String {
    let c = code(v);
    crate::case::fields::label_of(&c)
        .map(str::to_string)
        .unwrap_or(c)
}

/// The next deadline still running in a timeline: due or overdue, soonest due first.
pub fn next_deadline(t: &Timeline) -> Option<NextDeadline> {
    t.deadlines
        .iter()
        .filter(|d| matches!(d.status, Status::Due | Status::Overdue))
        .filter_map(|d| Some((d, d.due?)))
        .min_by_key(|(_, due)| *due)
        .map(|(d, due): (&Deadline, NaiveDate)| NextDeadline {
            step: d.step.to_string(),
            due,
            days_left: (due - t.as_of).num_days(),
            working_days_left: d.working_days.then(|| working_days_left(t.as_of, due)),
        })
}

/// Working days from `today` to `due`, negative when `due` has passed.
fn working_days_left(today: NaiveDate, due: NaiveDate) -> i64 {
    use crate::rules::calendar::working_days_between;
    if due >= today {
        i64::from(working_days_between(today, due))
    } else {
        -i64::from(working_days_between(due, today))
    }
}

/// The register of a workspace as of `today`.
pub fn register(ws: &Workspace, today: NaiveDate) -> Register {
    let mut rows = Vec::new();
    for f in ws.reviews() {
        let loaded = f.load(today);
        let errors = crate::diagnostic::error_count(&loaded.diagnostics);
        let mut row = RegisterRow {
            name: f.name.clone(),
            reference: f.name.clone(),
            kind: String::new(),
            kind_code: String::new(),
            regime: String::new(),
            regime_code: String::new(),
            stage: CASE_HAS_ERRORS.into(),
            next_deadline: None,
            overdue: Vec::new(),
            missing_returns: Vec::new(),
            case_errors: errors,
            year: None,
            done: 0,
            on_time: 0,
            converted: false,
            actions_open: 0,
            actions_overdue: 0,
        };
        if let (Some(c), 0) = (&loaded.case, errors) {
            let t = crate::rules::timeline(c, today);
            row.reference = c.review.reference.clone();
            row.kind = label(c.review.kind);
            row.kind_code = code(c.review.kind);
            row.regime = label(c.review.regime);
            row.regime_code = code(c.review.regime);
            row.stage = stage(c).into();
            row.next_deadline = next_deadline(&t);
            row.overdue = t
                .deadlines
                .iter()
                .filter(|d| d.status == Status::Overdue)
                .map(|d| format!("{}: {}", d.step, d.status_text))
                .collect();
            row.missing_returns = f
                .missing_returns(c)
                .iter()
                .map(|a| a.name.clone())
                .collect();
            row.year = c
                .referral
                .received_on
                .or(c.referral.incident_known_on)
                .or(c.review.initiated_on)
                .map(|d| d.year());
            row.done = t.counts.done_on_time + t.counts.done_late;
            row.on_time = t.counts.done_on_time;
            row.converted =
                c.review.kind == ReviewKind::RapidReview && c.review.initiated_on.is_some();
            let actions = crate::actions::action_report(c, today).counts;
            row.actions_open = actions.total - actions.complete;
            row.actions_overdue = actions.overdue;
        }
        rows.push(row);
    }
    let mut years: Vec<YearNumbers> = Vec::new();
    for r in &rows {
        let Some(y) = r.year else { continue };
        let kind = match r.kind_code.as_str() {
            "cspr" => ReviewKind::Cspr,
            "rapid_review" => ReviewKind::RapidReview,
            "alternative" => ReviewKind::Alternative,
            _ => ReviewKind::Scr,
        };
        tally(&mut years, y, kind, r);
    }
    years.sort_by_key(|y| std::cmp::Reverse(y.year));
    Register {
        as_of: today,
        rows,
        years,
    }
}

fn tally(years: &mut Vec<YearNumbers>, y: i32, kind: ReviewKind, r: &RegisterRow) {
    let i = match years.iter().position(|n| n.year == y) {
        Some(i) => i,
        None => {
            years.push(YearNumbers {
                year: y,
                ..YearNumbers::default()
            });
            years.len() - 1
        }
    };
    let n = &mut years[i];
    match kind {
        ReviewKind::Scr => n.scr += 1,
        ReviewKind::Cspr => n.cspr += 1,
        ReviewKind::RapidReview => n.rapid += 1,
        ReviewKind::Alternative => n.alternative += 1,
    }
    if r.converted {
        n.rapid_converted += 1;
    }
    n.done += r.done;
    n.on_time += r.on_time;
}

/// Which reviews the register shows: each filter left empty shows every review.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterFilter {
    /// The kind's code (`scr`, `cspr`, `rapid_review`, `alternative`).
    pub kind: String,
    /// The regime's code (`2015`, `2018`).
    pub regime: String,
    /// One of [`STAGES`].
    pub stage: String,
    /// Only reviews with a step overdue.
    pub overdue_only: bool,
    /// Words the reference, folder name or stage contains (any case).
    pub text: String,
}

impl RegisterFilter {
    /// True when the row passes every filter set.
    pub fn matches(&self, r: &RegisterRow) -> bool {
        let needle = self.text.trim().to_lowercase();
        (self.kind.is_empty() || r.kind_code == self.kind)
            && (self.regime.is_empty() || r.regime_code == self.regime)
            && (self.stage.is_empty() || r.stage == self.stage)
            && (!self.overdue_only || !r.overdue.is_empty())
            && (needle.is_empty()
                || r.reference.to_lowercase().contains(&needle)
                || r.name.to_lowercase().contains(&needle)
                || r.stage.to_lowercase().contains(&needle))
    }
}

/// The columns the register sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The review's reference.
    Reference,
    /// Kind, then reference.
    Kind,
    /// Stage in the order reviews go through them, then reference.
    Stage,
    /// The next deadline's due date, reviews with none last.
    #[default]
    Deadline,
    /// The number of overdue steps and overdue actions, most first.
    Overdue,
    /// The number of missing returns, most first.
    Missing,
    /// Overdue actions, then open actions, most first.
    Actions,
}

impl SortKey {
    /// Every key, in the order of the register's columns.
    pub const ALL: [SortKey; 7] = [
        SortKey::Reference,
        SortKey::Kind,
        SortKey::Stage,
        SortKey::Deadline,
        SortKey::Overdue,
        SortKey::Missing,
        SortKey::Actions,
    ];

    /// The key's id in a link (`?sort=stage`).
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Reference => "reference",
            SortKey::Kind => "kind",
            SortKey::Stage => "stage",
            SortKey::Deadline => "deadline",
            SortKey::Overdue => "overdue",
            SortKey::Missing => "missing",
            SortKey::Actions => "actions",
        }
    }

    /// The key of an id; the default for anything else.
    pub fn from_id(id: &str) -> SortKey {
        SortKey::ALL
            .into_iter()
            .find(|k| k.id() == id)
            .unwrap_or_default()
    }
}

/// Sorts rows by `key` (ties by reference), reversed when `descending`.
pub fn sort_rows(rows: &mut [RegisterRow], key: SortKey, descending: bool) {
    let stage_rank = |r: &RegisterRow| {
        STAGES
            .iter()
            .position(|s| *s == r.stage)
            .unwrap_or(STAGES.len())
    };
    let overdue = |r: &RegisterRow| std::cmp::Reverse(r.overdue.len() + r.actions_overdue);
    match key {
        SortKey::Reference => rows.sort_by(|a, b| a.reference.cmp(&b.reference)),
        SortKey::Kind => rows.sort_by(|a, b| (&a.kind, &a.reference).cmp(&(&b.kind, &b.reference))),
        SortKey::Stage => rows.sort_by_key(|r| (stage_rank(r), r.reference.clone())),
        SortKey::Deadline => rows.sort_by_key(|r| {
            (
                r.next_deadline.as_ref().map_or(NaiveDate::MAX, |n| n.due),
                r.reference.clone(),
            )
        }),
        SortKey::Overdue => rows.sort_by_key(|r| (overdue(r), r.reference.clone())),
        SortKey::Missing => rows.sort_by_key(|r| {
            (
                std::cmp::Reverse(r.missing_returns.len()),
                r.reference.clone(),
            )
        }),
        SortKey::Actions => rows.sort_by_key(|r| {
            (
                std::cmp::Reverse((r.actions_overdue, r.actions_open)),
                r.reference.clone(),
            )
        }),
    }
    if descending {
        rows.reverse();
    }
}
