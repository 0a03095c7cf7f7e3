//! The statutory timescales: every deadline of the case's regime, with the date it runs from,
//! its due date, the date it was done and where it stands.
//!
//! Coordinators are asked by Ofsted, the National Panel and their own board whether each step
//! was taken in time, and want warning of the next one. [`timeline`] answers both from the
//! dates in the case file, as of a given day. Facts dated after that day are treated as not yet
//! having happened, so a timeline "as of" a past day reads as it would have read then.
//!
//! "Within one month" and "within six months" are calendar months clamped to the month end
//! (31 January plus one month is 28 or 29 February); days are calendar days; working days skip
//! weekends and the bank holidays of England and Wales ([`super::calendar`]). A step is on time
//! when it is done on or before its due date. The number of days in a status is always in
//! calendar days.
//!
//! The result ([`Timeline`]) serialises to the shape templates read as `timeline.*`:
//! `regime`, `guidance`, `as_of`, `counts` (how many deadlines in each status) and
//! `deadlines[]`, each with `id`, `step`, `rule`, `source`, `period`, `working_days`,
//! `runs_from`, `runs_from_event`, `runs_from_field`, `due`, `done`, `done_field`, `status`,
//! `days`, `status_text` and `note`. Dates are `YYYY-MM-DD` (or `null`).

use super::calendar::{
    add_days, add_months, add_working_days, long_date, sub_days, sub_working_days,
};
use super::criteria::{self, Outcome as CriteriaOutcome};
use crate::case::{Case, Outcome, Recipient, Regime};
use chrono::NaiveDate;
use serde::Serialize;

/// Where a deadline stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Done on or before the due date.
    DoneOnTime,
    /// Done after the due date; `days` says by how many days.
    DoneLate,
    /// Done, but there is no due date to judge it by (the date it runs from is not recorded).
    Done,
    /// Not done yet and the due date has not passed; `days` says how many days are left.
    Due,
    /// Not done and the due date has passed; `days` says by how many days.
    Overdue,
    /// A minimum period (the report on the website) is running; `days` says how many are left.
    InProgress,
    /// A minimum period has been completed.
    Satisfied,
    /// A minimum period was cut short; `days` says by how many days.
    EndedEarly,
    /// The event the deadline runs from has not happened, or its date is not recorded.
    NotStarted,
    /// The rule does not apply to this case; `note` says why.
    NotApplicable,
}

/// One deadline of the regime, judged on the case's dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// A stable key, e.g. `panel_considers`.
    pub id: &'static str,
    /// The step, e.g. "Panel considers the referral".
    pub step: &'static str,
    /// The rule, as the process states it.
    pub rule: &'static str,
    /// Where the rule comes from.
    pub source: &'static str,
    /// The time allowed, in words, e.g. "1 calendar month".
    pub period: String,
    /// What the time limit rests on: statute, statutory guidance, the Panel's guidance or the
    /// partnership's own practice (which the case file may change).
    pub basis: Basis,
    /// True when the period counts working days.
    pub working_days: bool,
    /// The date the period runs from, if it is recorded (and not after the as-of day).
    pub runs_from: Option<NaiveDate>,
    /// The event it runs from, e.g. "receipt of the referral".
    pub runs_from_event: &'static str,
    /// The case file field holding that date.
    pub runs_from_field: &'static str,
    /// The due date (for a minimum period, the first day the period is complete).
    pub due: Option<NaiveDate>,
    /// The date the step was done, if it is recorded (and not after the as-of day).
    pub done: Option<NaiveDate>,
    /// The case file field holding that date.
    pub done_field: &'static str,
    /// Where the deadline stands.
    pub status: Status,
    /// Days late, left, overdue or short, where the status has a number.
    pub days: Option<i64>,
    /// The status in words, e.g. "done 9 days late", "due in 3 days".
    pub status_text: String,
    /// Anything else the coordinator should know about this deadline.
    pub note: Option<String>,
}

/// What a time limit rests on. A coordinator must know which limits bind and which are the
/// partnership's own choice, so every deadline says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// An Act or regulations.
    Statute,
    /// Statutory guidance: Working Together, or the process a board adopted under it.
    StatutoryGuidance,
    /// The Child Safeguarding Practice Review Panel's guidance: an expectation, not statute.
    PanelGuidance,
    /// The partnership's own practice: the case file may set another figure.
    LocalPractice,
}

impl Basis {
    /// The basis in words, for people.
    pub fn words(self) -> &'static str {
        match self {
            Basis::Statute => "statute",
            Basis::StatutoryGuidance => "statutory guidance",
            Basis::PanelGuidance => "the Panel's guidance, not statute",
            Basis::LocalPractice => "local practice, not statute: the case file may change it",
        }
    }
}

/// How many deadlines are in each status, for a one-line summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Done on time.
    pub done_on_time: usize,
    /// Done late.
    pub done_late: usize,
    /// Done, with no due date to judge by.
    pub done: usize,
    /// Due, not yet passed.
    pub due: usize,
    /// Overdue.
    pub overdue: usize,
    /// Minimum period running.
    pub in_progress: usize,
    /// Minimum period completed.
    pub satisfied: usize,
    /// Minimum period cut short.
    pub ended_early: usize,
    /// Not yet started.
    pub not_started: usize,
    /// Not applicable.
    pub not_applicable: usize,
}

/// Every deadline of a case's regime as of one day, ready for a template as `timeline`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// The regime whose timescales were applied.
    pub regime: Regime,
    /// The statutory guidance, by name.
    pub guidance: &'static str,
    /// The day the timeline is judged on.
    pub as_of: NaiveDate,
    /// How many deadlines are in each status.
    pub counts: Counts,
    /// The deadlines, in the order of the process.
    pub deadlines: Vec<Deadline>,
    /// Under the 2018 regime: the rapid review's working-day plan (letters, agency summaries,
    /// meeting, report, sign-off, sent to the Panel), judged the same way; empty otherwise.
    pub plan: Vec<Deadline>,
}

/// The time a rule allows.
#[derive(Debug, Clone, Copy)]
enum Limit {
    /// Within this many calendar months after.
    Months(u32),
    /// Within this many calendar days after.
    Days(u64),
    /// Within this many working days after.
    WorkingDays(u32),
    /// At least this many calendar days before.
    DaysBefore(u64),
    /// No later than this many working days before.
    WorkingDaysBefore(u32),
    /// For at least this many calendar months after (a minimum period).
    AtLeastMonths(u32),
}

struct Spec {
    id: &'static str,
    step: &'static str,
    rule: &'static str,
    source: &'static str,
    period: String,
    basis: Basis,
    limit: Limit,
    runs_from: Option<NaiveDate>,
    runs_from_event: &'static str,
    runs_from_field: &'static str,
    done: Option<NaiveDate>,
    done_field: &'static str,
    not_applicable: Option<String>,
    note: Option<String>,
}

fn days_text(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

fn judge(spec: Spec, as_of: NaiveDate) -> Deadline {
    let known = |d: Option<NaiveDate>| d.filter(|d| *d <= as_of);
    let runs_from = known(spec.runs_from);
    let done = known(spec.done);
    let mut note = spec.note;
    let due = runs_from.and_then(|start| match spec.limit {
        Limit::Months(n) | Limit::AtLeastMonths(n) => add_months(start, n),
        Limit::Days(n) => add_days(start, n),
        Limit::WorkingDays(n) => add_working_days(start, n),
        Limit::DaysBefore(n) => sub_days(start, n),
        Limit::WorkingDaysBefore(n) => sub_working_days(start, n),
    });
    let minimum = matches!(spec.limit, Limit::AtLeastMonths(_));
    let (status, days, text) = if let Some(why) = spec.not_applicable {
        let text = format!("not applicable: {why}");
        (Status::NotApplicable, None, text)
    } else if minimum {
        match (due, done) {
            (None, _) => (
                Status::NotStarted,
                None,
                format!("not yet started: no date for {}", spec.runs_from_event),
            ),
            (Some(end), Some(ended)) if ended >= end => (
                Status::Satisfied,
                None,
                "minimum period completed".to_string(),
            ),
            (Some(end), Some(ended)) => {
                let n = (end - ended).num_days();
                (
                    Status::EndedEarly,
                    Some(n),
                    format!("ended {} early", days_text(n)),
                )
            }
            (Some(end), None) if as_of >= end => (
                Status::Satisfied,
                None,
                "minimum period completed".to_string(),
            ),
            (Some(end), None) => {
                let n = (end - as_of).num_days();
                (
                    Status::InProgress,
                    Some(n),
                    format!("in progress: {} still to run", days_text(n)),
                )
            }
        }
    } else {
        match (due, done) {
            (None, Some(_)) => (
                Status::Done,
                None,
                format!(
                    "done (no due date yet: no date for {})",
                    spec.runs_from_event
                ),
            ),
            (Some(due), Some(done)) if done <= due => {
                (Status::DoneOnTime, None, "done on time".to_string())
            }
            (Some(due), Some(done)) => {
                let n = (done - due).num_days();
                (
                    Status::DoneLate,
                    Some(n),
                    format!("done {} late", days_text(n)),
                )
            }
            (Some(due), None) if as_of <= due => {
                let n = (due - as_of).num_days();
                let text = if n == 0 {
                    "due today".to_string()
                } else {
                    format!("due in {}", days_text(n))
                };
                (Status::Due, Some(n), text)
            }
            (Some(due), None) => {
                let n = (as_of - due).num_days();
                (
                    Status::Overdue,
                    Some(n),
                    format!("overdue by {}", days_text(n)),
                )
            }
            (None, None) => (
                Status::NotStarted,
                None,
                format!("not yet started: no date for {}", spec.runs_from_event),
            ),
        }
    };
    let earliest = match (spec.limit, runs_from, done) {
        (Limit::DaysBefore(n), None, Some(sent)) => add_days(sent, n),
        (Limit::WorkingDaysBefore(n), None, Some(sent)) => add_working_days(sent, n),
        _ => None,
    };
    if let Some(earliest) = earliest
        && status == Status::Done
    {
        let earliest = long_date(earliest);
        note = Some(match note {
            Some(n) => format!("{n} Publish on or after {earliest}."),
            None => format!("Publish on or after {earliest}."),
        });
    }
    Deadline {
        id: spec.id,
        step: spec.step,
        rule: spec.rule,
        source: spec.source,
        period: spec.period,
        basis: spec.basis,
        working_days: matches!(
            spec.limit,
            Limit::WorkingDays(_) | Limit::WorkingDaysBefore(_)
        ),
        runs_from,
        runs_from_event: spec.runs_from_event,
        runs_from_field: spec.runs_from_field,
        due,
        done,
        done_field: spec.done_field,
        status,
        days,
        status_text: text,
        note,
    }
}

/// The first date a notification went to `to`, if any did.
fn notified(case: &Case, to: Recipient) -> Option<NaiveDate> {
    case.decision
        .notifications
        .iter()
        .filter(|n| n.to == to)
        .filter_map(|n| n.sent_on)
        .min()
}

/// The date the review was initiated: `review.initiated_on`, or else the date of a decision to
/// initiate, which is the same event recorded in another place.
fn initiation(case: &Case) -> (Option<NaiveDate>, Option<String>) {
    match (case.review.initiated_on, case.decision.chair_decision) {
        (Some(d), _) => (Some(d), None),
        (None, Outcome::Initiate) if case.decision.decided_on.is_some() => (
            case.decision.decided_on,
            Some(
                "review.initiated_on is not filled in; the date of the decision to initiate \
                 (decision.decided_on) is used."
                    .into(),
            ),
        ),
        _ => (None, None),
    }
}

fn no_review_decided(case: &Case) -> bool {
    matches!(
        case.decision.chair_decision,
        Outcome::NoReview | Outcome::Alternative
    )
}

/// Every deadline of the case's regime, judged as of `as_of`.
pub fn timeline(case: &Case, as_of: NaiveDate) -> Timeline {
    let (guidance, specs, plan) = match case.review.regime {
        Regime::Wt2015 => (
            "Working Together to Safeguard Children 2015",
            specs_2015(case),
            Vec::new(),
        ),
        Regime::Wt2018 => (
            "Working Together to Safeguard Children 2018 (and 2023)",
            specs_2018(case),
            plan_2018(case),
        ),
    };
    let deadlines: Vec<Deadline> = specs.into_iter().map(|s| judge(s, as_of)).collect();
    let plan: Vec<Deadline> = plan.into_iter().map(|s| judge(s, as_of)).collect();
    let mut counts = Counts::default();
    for d in &deadlines {
        *match d.status {
            Status::DoneOnTime => &mut counts.done_on_time,
            Status::DoneLate => &mut counts.done_late,
            Status::Done => &mut counts.done,
            Status::Due => &mut counts.due,
            Status::Overdue => &mut counts.overdue,
            Status::InProgress => &mut counts.in_progress,
            Status::Satisfied => &mut counts.satisfied,
            Status::EndedEarly => &mut counts.ended_early,
            Status::NotStarted => &mut counts.not_started,
            Status::NotApplicable => &mut counts.not_applicable,
        } += 1;
    }
    Timeline {
        regime: case.review.regime,
        guidance,
        as_of,
        counts,
        deadlines,
        plan,
    }
}

const PROCESS_3: &str = "Serious Case Review Process (Working Together 2015), section 3";
const PROCESS_8: &str = "Serious Case Review Process (Working Together 2015), section 8";
const PROCESS_10: &str = "Serious Case Review Process (Working Together 2015), section 10";

fn specs_2015(case: &Case) -> Vec<Spec> {
    let d = &case.decision;
    let (initiated, initiation_note) = initiation(case);
    let published = case.publication.published_on;
    let no_review = no_review_decided(case);
    let no_publication = no_review
        && published.is_none()
        && case.publication.sent_to_national_panel_on.is_none()
        && case.publication.removed_on.is_none();
    let not_commissioned = "the Chair decided not to initiate a Serious Case Review".to_string();
    let told = |id, step, rule, to| Spec {
        id,
        step,
        rule,
        source: PROCESS_3,
        basis: Basis::StatutoryGuidance,
        period: "14 days".into(),
        limit: Limit::Days(14),
        runs_from: d.decided_on,
        runs_from_event: "the Chair's decision",
        runs_from_field: "decision.decided_on",
        done: notified(case, to),
        done_field: "decision.notifications[].sent_on",
        not_applicable: None,
        note: None,
    };
    vec![
        Spec {
            id: "panel_considers",
            step: "Panel considers the referral",
            rule: "The Serious Case Review Panel will normally consider the case within a month \
                   of receipt of the referral.",
            source: PROCESS_3,
            basis: Basis::StatutoryGuidance,
            period: "1 calendar month".into(),
            limit: Limit::Months(1),
            runs_from: case.referral.received_on,
            runs_from_event: "receipt of the referral",
            runs_from_field: "referral.received_on",
            done: d.panel_considered_on,
            done_field: "decision.panel_considered_on",
            not_applicable: None,
            note: None,
        },
        Spec {
            id: "chair_decides",
            step: "Independent Chair decides",
            rule: "The Chair of the panel makes a recommendation to the board's Independent \
                   Chair, who will make a final decision within 14 days of receipt of the \
                   recommendation.",
            source: PROCESS_3,
            basis: Basis::StatutoryGuidance,
            period: "14 days".into(),
            limit: Limit::Days(14),
            runs_from: d.recommended_on,
            runs_from_event: "the panel's recommendation",
            runs_from_field: "decision.recommended_on",
            done: d.decided_on,
            done_field: "decision.decided_on",
            not_applicable: None,
            note: None,
        },
        told(
            "ofsted_told",
            "Ofsted told of the decision",
            "Ofsted and the Department for Education will be informed of the decision within \
             14 days.",
            Recipient::Ofsted,
        ),
        told(
            "dfe_told",
            "DfE told of the decision",
            "Ofsted and the Department for Education will be informed of the decision within \
             14 days.",
            Recipient::Dfe,
        ),
        Spec {
            note: Some(
                "The process gives no separate time for this; the 14 days for Ofsted and the \
                 DfE are applied, as the decision goes to all three."
                    .into(),
            ),
            ..told(
                "national_panel_told",
                "National Panel told of the decision",
                "The Independent Chair informs the National Panel of Independent Experts of the \
                 decision: with the names of the reviewers appointed where a review is agreed, \
                 or with the serious incident notification and why the criteria are not met \
                 where it is not.",
                Recipient::NationalPanel,
            )
        },
        Spec {
            id: "review_completed",
            step: "Review completed",
            rule: "The board will aim for completion of the Serious Case Review within six \
                   months of initiation.",
            source: PROCESS_8,
            basis: Basis::StatutoryGuidance,
            period: "6 calendar months".into(),
            limit: Limit::Months(6),
            runs_from: initiated,
            runs_from_event: "initiation of the review",
            runs_from_field: "review.initiated_on",
            done: case.review.completed_on,
            done_field: "review.completed_on",
            not_applicable: (no_review && initiated.is_none()).then(|| not_commissioned.clone()),
            note: initiation_note,
        },
        Spec {
            id: "report_to_national_panel",
            step: "Report sent to the National Panel",
            rule: "The board will send copies of all Serious Case Review reports to the National \
                   Panel of Independent Experts at least one week before publication.",
            source: PROCESS_10,
            basis: Basis::StatutoryGuidance,
            period: "at least 7 days before".into(),
            limit: Limit::DaysBefore(7),
            runs_from: published,
            runs_from_event: "publication of the report",
            runs_from_field: "publication.published_on",
            done: case.publication.sent_to_national_panel_on,
            done_field: "publication.sent_to_national_panel_on",
            not_applicable: no_publication.then(|| not_commissioned.clone()),
            note: None,
        },
        Spec {
            id: "report_kept_published",
            step: "Report kept on the website",
            rule: "The published report will normally remain on the board's website for a \
                   minimum of 12 months.",
            source: PROCESS_10,
            basis: Basis::StatutoryGuidance,
            period: "at least 12 calendar months".into(),
            limit: Limit::AtLeastMonths(12),
            runs_from: published,
            runs_from_event: "publication of the report",
            runs_from_field: "publication.published_on",
            done: case.publication.removed_on,
            done_field: "publication.removed_on",
            not_applicable: no_publication.then_some(not_commissioned),
            note: None,
        },
    ]
}

/// The notification duty and its 5 working days (Working Together; the duty is statute).
const WT_NOTIFY: &str = "Children Act 2004, section 16C(1); Working Together to Safeguard \
     Children 2018, chapter 4, and 2023, chapter 5 (the duty on local authorities to notify \
     incidents to the Panel)";
/// The rapid review: Working Together leaves the timing to the Panel's guidance.
const WT_RAPID: &str = "Working Together to Safeguard Children 2018, chapter 4, and 2023, \
     chapter 5 (the rapid review), and the Child Safeguarding Practice Review Panel's guidance \
     for safeguarding partners";
const WT_LOCAL: &str = "Working Together to Safeguard Children 2018, chapter 4, and 2023, \
     chapter 5 (local child safeguarding practice reviews)";
const WT_PUBLISH: &str = "Working Together to Safeguard Children 2018, chapter 4, and 2023, \
     chapter 5 (publication of local reviews); Child Safeguarding Practice Review and Relevant \
     Agency (England) Regulations 2018";
/// The usual plan follows published partnership flowcharts (letters on day 1, agency summaries
/// on days 2 to 10, the report on days 10 to 12, sign-off on days 12 to 15).
const LOCAL_PLAN: &str = "the partnership's rapid review plan";

fn specs_2018(case: &Case) -> Vec<Spec> {
    let r = &case.referral;
    let criteria = criteria::evaluate(case);
    let no_duty = criteria.ofsted.outcome == CriteriaOutcome::NotMet;
    let no_duty_why = "the local authority has no duty to notify this incident";
    let not_for_panel = criteria.notify_panel == Some(false);
    let not_for_panel_why = "this is not a serious incident the Panel must be notified of, so \
                             there is no rapid review";
    let (initiated, initiation_note) = initiation(case);
    let no_review = no_review_decided(case);
    let p = &case.publication;
    let published = p.published_on;
    let no_publication = no_review
        && published.is_none()
        && p.sent_to_national_panel_on.is_none()
        && p.sent_to_secretary_of_state_on.is_none()
        && p.removed_on.is_none();
    let no_local_review = "the partners decided not to hold a local review";
    let before_publication = |id, step, done, done_field| Spec {
        id,
        step,
        rule: "The safeguarding partners send a copy of the full report to the Panel and to the \
               Secretary of State no later than seven working days before it is published.",
        source: WT_PUBLISH,
        period: "at least 7 working days before".into(),
        basis: Basis::StatutoryGuidance,
        limit: Limit::WorkingDaysBefore(7),
        runs_from: published,
        runs_from_event: "publication of the report",
        runs_from_field: "publication.published_on",
        done,
        done_field,
        not_applicable: no_publication.then(|| no_local_review.to_string()),
        note: None,
    };
    vec![
        Spec {
            id: "incident_notified",
            step: "Serious incident notified",
            rule: "The local authority notifies the Child Safeguarding Practice Review Panel of \
                   a serious incident within 5 working days of becoming aware of it (and a \
                   looked-after child's death to the Secretary of State and Ofsted).",
            source: WT_NOTIFY,
            period: "5 working days".into(),
            basis: Basis::StatutoryGuidance,
            limit: Limit::WorkingDays(5),
            runs_from: r.incident_known_on,
            runs_from_event: "the incident becoming known",
            runs_from_field: "referral.incident_known_on",
            done: r.notified_on,
            done_field: "referral.notified_on",
            not_applicable: (no_duty && r.notified_on.is_none()).then(|| no_duty_why.to_string()),
            note: None,
        },
        Spec {
            id: "rapid_review",
            step: "Rapid review completed",
            rule: "The safeguarding partners complete a rapid review and send it to the Panel \
                   within 15 working days of the notification.",
            source: WT_RAPID,
            period: "15 working days".into(),
            basis: Basis::PanelGuidance,
            limit: Limit::WorkingDays(15),
            runs_from: r.notified_on,
            runs_from_event: "the notification",
            runs_from_field: "referral.notified_on",
            done: r.rapid_review_completed_on,
            done_field: "referral.rapid_review_completed_on",
            not_applicable: (not_for_panel && r.rapid_review_completed_on.is_none())
                .then(|| not_for_panel_why.to_string()),
            note: None,
        },
        Spec {
            id: "review_published",
            step: "Local review published",
            rule: "A local child safeguarding practice review is completed and published within \
                   six months of the decision to initiate it.",
            source: WT_LOCAL,
            period: "6 calendar months".into(),
            basis: Basis::StatutoryGuidance,
            limit: Limit::Months(6),
            runs_from: initiated,
            runs_from_event: "initiation of the review",
            runs_from_field: "review.initiated_on",
            done: published,
            done_field: "publication.published_on",
            not_applicable: (no_review && initiated.is_none()).then(|| no_local_review.to_string()),
            note: initiation_note,
        },
        before_publication(
            "report_to_panel",
            "Report sent to the Panel",
            p.sent_to_national_panel_on,
            "publication.sent_to_national_panel_on",
        ),
        before_publication(
            "report_to_secretary_of_state",
            "Report sent to the Secretary of State",
            p.sent_to_secretary_of_state_on,
            "publication.sent_to_secretary_of_state_on",
        ),
        Spec {
            id: "report_kept_published",
            step: "Report kept on the website",
            rule: "The published report stays on the partnership's website for at least a year.",
            source: WT_PUBLISH,
            period: "at least 12 calendar months".into(),
            basis: Basis::StatutoryGuidance,
            limit: Limit::AtLeastMonths(12),
            runs_from: published,
            runs_from_event: "publication of the report",
            runs_from_field: "publication.published_on",
            done: p.removed_on,
            done_field: "publication.removed_on",
            not_applicable: no_publication.then(|| no_local_review.to_string()),
            note: None,
        },
    ]
}

/// One step of the rapid review plan: its id, what it is, the usual working day, the day the
/// partnership set (if any), and the case file field that records it done.
struct PlanStep {
    id: &'static str,
    step: &'static str,
    usual: u32,
    set: Option<u32>,
    set_field: &'static str,
    done: Option<NaiveDate>,
    done_field: &'static str,
}

/// The working days of the usual plan, counted from the notification (day 0).
const USUAL_PLAN: [(&str, u32); 6] = [
    ("letters", 1),
    ("summaries_due", 7),
    ("meeting", 10),
    ("report", 12),
    ("sign_off", 14),
    ("sent", 15),
];

fn plan_2018(case: &Case) -> Vec<Spec> {
    let rr = &case.rapid_review;
    let plan = &rr.plan;
    let usual = |id: &str| {
        USUAL_PLAN
            .iter()
            .find(|(k, _)| *k == id)
            .map(|(_, d)| *d)
            .unwrap_or(15)
    };
    let steps = [
        PlanStep {
            id: "letters",
            step: "Letters to agencies",
            usual: usual("letters"),
            set: plan.letters,
            set_field: "rapid_review.plan.letters",
            done: rr.letters_sent_on,
            done_field: "rapid_review.letters_sent_on",
        },
        PlanStep {
            id: "summaries_due",
            step: "Agency summaries returned",
            usual: usual("summaries_due"),
            set: plan.summaries_due,
            set_field: "rapid_review.plan.summaries_due",
            done: rr.summaries_received_on,
            done_field: "rapid_review.summaries_received_on",
        },
        PlanStep {
            id: "meeting",
            step: "Rapid review meeting",
            usual: usual("meeting"),
            set: plan.meeting,
            set_field: "rapid_review.plan.meeting",
            done: rr.meeting_on,
            done_field: "rapid_review.meeting_on",
        },
        PlanStep {
            id: "report",
            step: "Rapid review report drafted",
            usual: usual("report"),
            set: plan.report,
            set_field: "rapid_review.plan.report",
            done: rr.report_drafted_on,
            done_field: "rapid_review.report_drafted_on",
        },
        PlanStep {
            id: "sign_off",
            step: "Signed off by the safeguarding partners",
            usual: usual("sign_off"),
            set: plan.sign_off,
            set_field: "rapid_review.plan.sign_off",
            done: rr.signed_off_on,
            done_field: "rapid_review.signed_off_on",
        },
        PlanStep {
            id: "sent",
            step: "Sent to the Panel",
            usual: usual("sent"),
            set: plan.sent,
            set_field: "rapid_review.plan.sent",
            done: case.referral.rapid_review_completed_on,
            done_field: "referral.rapid_review_completed_on",
        },
    ];
    let criteria = criteria::evaluate(case);
    let not_for_panel = (criteria.notify_panel == Some(false)
        && case.referral.rapid_review_completed_on.is_none())
    .then(|| "this is not a serious incident the Panel must be notified of".to_string());
    steps
        .into_iter()
        .map(|s| {
            let day = s.set.unwrap_or(s.usual);
            let mut notes = Vec::new();
            if let Some(set) = s.set
                && set != s.usual
            {
                notes.push(format!(
                    "The partnership set working day {set} ({}); the usual plan says day {}.",
                    s.set_field, s.usual
                ));
            }
            if day > 15 {
                notes.push(
                    "This is after the 15 working days the Panel expects the rapid review to \
                     take."
                        .to_string(),
                );
            }
            Spec {
                id: s.id,
                step: s.step,
                rule: "The rapid review's plan, counted in working days from the notification.",
                source: LOCAL_PLAN,
                period: format!("working day {day}"),
                basis: Basis::LocalPractice,
                limit: Limit::WorkingDays(day),
                runs_from: case.referral.notified_on,
                runs_from_event: "the notification",
                runs_from_field: "referral.notified_on",
                done: s.done,
                done_field: s.done_field,
                not_applicable: not_for_panel.clone(),
                note: (!notes.is_empty()).then(|| notes.join(" ")),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Answer, Notification};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn get<'a>(t: &'a Timeline, id: &str) -> &'a Deadline {
        t.deadlines.iter().find(|x| x.id == id).expect(id)
    }

    fn notify(c: &mut Case, to: Recipient, on: Option<NaiveDate>) {
        c.decision
            .notifications
            .push(Notification { to, sent_on: on });
    }

    /// The sample case's dates: a 2015 review, completed nine days late.
    fn sample_2015() -> Case {
        let mut c = Case::default();
        c.referral.received_on = Some(d(2016, 2, 19));
        c.decision.panel_considered_on = Some(d(2016, 3, 10));
        c.decision.recommended_on = Some(d(2016, 3, 11));
        c.decision.recommendation = Outcome::Initiate;
        c.decision.chair_decision = Outcome::Initiate;
        c.decision.decided_on = Some(d(2016, 3, 21));
        notify(&mut c, Recipient::BoardMembers, Some(d(2016, 3, 22)));
        notify(&mut c, Recipient::Ofsted, Some(d(2016, 3, 29)));
        notify(&mut c, Recipient::Dfe, Some(d(2016, 3, 29)));
        notify(&mut c, Recipient::NationalPanel, Some(d(2016, 3, 30)));
        c.review.initiated_on = Some(d(2016, 3, 21));
        c.review.completed_on = Some(d(2016, 9, 30));
        c.publication.sent_to_national_panel_on = Some(d(2017, 2, 20));
        c.publication.published_on = Some(d(2017, 3, 6));
        c
    }

    #[test]
    fn every_2015_rule_is_listed_in_process_order() {
        let t = timeline(&sample_2015(), d(2026, 11, 25));
        let ids: Vec<_> = t.deadlines.iter().map(|x| x.id).collect();
        assert_eq!(
            ids,
            [
                "panel_considers",
                "chair_decides",
                "ofsted_told",
                "dfe_told",
                "national_panel_told",
                "review_completed",
                "report_to_national_panel",
                "report_kept_published"
            ]
        );
        assert_eq!(t.counts.done_on_time, 6);
        assert_eq!(t.counts.done_late, 1);
        assert_eq!(t.counts.satisfied, 1);
        for x in &t.deadlines {
            assert!(!x.rule.is_empty() && !x.source.is_empty(), "{}", x.id);
        }
    }

    #[test]
    fn sample_completion_is_nine_days_late() {
        let t = timeline(&sample_2015(), d(2026, 11, 25));
        let x = get(&t, "review_completed");
        assert_eq!(x.runs_from, Some(d(2016, 3, 21)));
        assert_eq!(x.due, Some(d(2016, 9, 21)));
        assert_eq!(x.done, Some(d(2016, 9, 30)));
        assert_eq!(x.status, Status::DoneLate);
        assert_eq!(x.days, Some(9));
        assert_eq!(x.status_text, "done 9 days late");
    }

    #[test]
    fn panel_within_one_calendar_month_clamped_to_the_month_end() {
        let mut c = Case::default();
        c.referral.received_on = Some(d(2016, 1, 31));
        c.decision.panel_considered_on = Some(d(2016, 2, 29));
        let t = timeline(&c, d(2016, 6, 1));
        let x = get(&t, "panel_considers");
        assert_eq!(x.due, Some(d(2016, 2, 29)));
        assert_eq!(x.status, Status::DoneOnTime);
        assert_eq!(x.period, "1 calendar month");
        c.decision.panel_considered_on = Some(d(2016, 3, 1));
        let x = get(&timeline(&c, d(2016, 6, 1)), "panel_considers").clone();
        assert_eq!((x.status, x.days), (Status::DoneLate, Some(1)));
        assert_eq!(x.status_text, "done 1 day late");
        // Not a leap year: 28 February.
        c.referral.received_on = Some(d(2015, 1, 31));
        c.decision.panel_considered_on = None;
        let x = get(&timeline(&c, d(2015, 2, 1)), "panel_considers").clone();
        assert_eq!(x.due, Some(d(2015, 2, 28)));
        assert_eq!((x.status, x.days), (Status::Due, Some(27)));
        assert_eq!(x.status_text, "due in 27 days");
    }

    #[test]
    fn chair_decides_within_14_days_of_the_recommendation() {
        let mut c = Case::default();
        c.decision.recommended_on = Some(d(2016, 3, 11));
        c.decision.decided_on = Some(d(2016, 3, 25));
        let x = get(&timeline(&c, d(2016, 6, 1)), "chair_decides").clone();
        assert_eq!(x.due, Some(d(2016, 3, 25)));
        assert_eq!(x.status, Status::DoneOnTime);
        c.decision.decided_on = Some(d(2016, 3, 28));
        let x = get(&timeline(&c, d(2016, 6, 1)), "chair_decides").clone();
        assert_eq!((x.status, x.days), (Status::DoneLate, Some(3)));
        c.decision.decided_on = None;
        let x = get(&timeline(&c, d(2016, 3, 25)), "chair_decides").clone();
        assert_eq!((x.status, x.days), (Status::Due, Some(0)));
        assert_eq!(x.status_text, "due today");
        let x = get(&timeline(&c, d(2016, 3, 26)), "chair_decides").clone();
        assert_eq!((x.status, x.days), (Status::Overdue, Some(1)));
        assert_eq!(x.status_text, "overdue by 1 day");
    }

    #[test]
    fn ofsted_dfe_and_national_panel_within_14_days_of_the_decision() {
        let mut c = Case::default();
        c.decision.decided_on = Some(d(2016, 3, 21));
        notify(&mut c, Recipient::Ofsted, Some(d(2016, 4, 8)));
        notify(&mut c, Recipient::Ofsted, Some(d(2016, 4, 1)));
        notify(&mut c, Recipient::Dfe, None);
        let t = timeline(&c, d(2016, 4, 10));
        let o = get(&t, "ofsted_told");
        // The first notification counts.
        assert_eq!(o.done, Some(d(2016, 4, 1)));
        assert_eq!(o.due, Some(d(2016, 4, 4)));
        assert_eq!(o.status, Status::DoneOnTime);
        let f = get(&t, "dfe_told");
        assert_eq!(f.done, None);
        assert_eq!((f.status, f.days), (Status::Overdue, Some(6)));
        let n = get(&t, "national_panel_told");
        assert_eq!((n.status, n.days), (Status::Overdue, Some(6)));
        assert!(n.note.as_deref().unwrap().contains("14 days"));
        assert_eq!(t.counts.overdue, 2);
    }

    #[test]
    fn completion_within_six_months_of_initiation() {
        let mut c = Case::default();
        c.decision.chair_decision = Outcome::Initiate;
        c.review.initiated_on = Some(d(2016, 8, 31));
        let x = get(&timeline(&c, d(2016, 12, 1)), "review_completed").clone();
        // 31 August plus six months is the end of February.
        assert_eq!(x.due, Some(d(2017, 2, 28)));
        assert_eq!((x.status, x.days), (Status::Due, Some(89)));
        c.review.completed_on = Some(d(2017, 2, 28));
        let x = get(&timeline(&c, d(2017, 3, 1)), "review_completed").clone();
        assert_eq!(x.status, Status::DoneOnTime);
        assert_eq!(x.note, None);
    }

    #[test]
    fn initiation_falls_back_to_the_decision_to_initiate() {
        let mut c = Case::default();
        c.decision.chair_decision = Outcome::Initiate;
        c.decision.decided_on = Some(d(2016, 3, 21));
        let x = get(&timeline(&c, d(2016, 4, 1)), "review_completed").clone();
        assert_eq!(x.runs_from, Some(d(2016, 3, 21)));
        assert_eq!(x.due, Some(d(2016, 9, 21)));
        assert!(x.note.unwrap().contains("decision.decided_on"));
        // A pending decision does not count as an initiation.
        c.decision.chair_decision = Outcome::Pending;
        let x = get(&timeline(&c, d(2016, 4, 1)), "review_completed").clone();
        assert_eq!(x.status, Status::NotStarted);
        assert_eq!(
            x.status_text,
            "not yet started: no date for initiation of the review"
        );
    }

    #[test]
    fn no_review_makes_the_review_rules_not_applicable() {
        let mut c = Case::default();
        c.decision.chair_decision = Outcome::NoReview;
        c.decision.decided_on = Some(d(2016, 3, 21));
        let t = timeline(&c, d(2016, 4, 1));
        for id in [
            "review_completed",
            "report_to_national_panel",
            "report_kept_published",
        ] {
            let x = get(&t, id);
            assert_eq!(x.status, Status::NotApplicable, "{id}");
            assert!(
                x.status_text
                    .starts_with("not applicable: the Chair decided not")
            );
            assert_eq!(x.due, None);
        }
        // The decision itself must still be notified.
        assert_eq!(get(&t, "ofsted_told").status, Status::Due);
        assert_eq!(t.counts.not_applicable, 3);
    }

    #[test]
    fn report_to_national_panel_at_least_a_week_before_publication() {
        let mut c = Case::default();
        c.publication.published_on = Some(d(2017, 3, 6));
        c.publication.sent_to_national_panel_on = Some(d(2017, 2, 27));
        let x = get(&timeline(&c, d(2017, 6, 1)), "report_to_national_panel").clone();
        assert_eq!(x.due, Some(d(2017, 2, 27)));
        assert_eq!(x.status, Status::DoneOnTime);
        c.publication.sent_to_national_panel_on = Some(d(2017, 3, 1));
        let x = get(&timeline(&c, d(2017, 6, 1)), "report_to_national_panel").clone();
        assert_eq!((x.status, x.days), (Status::DoneLate, Some(2)));
        // Published without sending it: overdue since a week before publication.
        c.publication.sent_to_national_panel_on = None;
        let x = get(&timeline(&c, d(2017, 3, 10)), "report_to_national_panel").clone();
        assert_eq!((x.status, x.days), (Status::Overdue, Some(11)));
        // Sent, not yet published: done, and the earliest publication date is given.
        c.publication.published_on = None;
        c.publication.sent_to_national_panel_on = Some(d(2017, 2, 20));
        let x = get(&timeline(&c, d(2017, 2, 21)), "report_to_national_panel").clone();
        assert_eq!(x.status, Status::Done);
        assert_eq!(
            x.note.as_deref(),
            Some("Publish on or after 27 February 2017.")
        );
        // Neither: not started.
        c.publication.sent_to_national_panel_on = None;
        let x = get(&timeline(&c, d(2017, 2, 21)), "report_to_national_panel").clone();
        assert_eq!(x.status, Status::NotStarted);
    }

    #[test]
    fn report_stays_on_the_website_at_least_twelve_months() {
        let mut c = Case::default();
        c.publication.published_on = Some(d(2016, 2, 29));
        let x = get(&timeline(&c, d(2016, 12, 1)), "report_kept_published").clone();
        // 29 February plus 12 months is 28 February.
        assert_eq!(x.due, Some(d(2017, 2, 28)));
        assert_eq!((x.status, x.days), (Status::InProgress, Some(89)));
        assert_eq!(x.status_text, "in progress: 89 days still to run");
        let x = get(&timeline(&c, d(2017, 2, 28)), "report_kept_published").clone();
        assert_eq!(x.status, Status::Satisfied);
        c.publication.removed_on = Some(d(2017, 1, 31));
        let x = get(&timeline(&c, d(2017, 6, 1)), "report_kept_published").clone();
        assert_eq!((x.status, x.days), (Status::EndedEarly, Some(28)));
        assert_eq!(x.status_text, "ended 28 days early");
        c.publication.removed_on = Some(d(2017, 3, 1));
        let x = get(&timeline(&c, d(2017, 6, 1)), "report_kept_published").clone();
        assert_eq!(x.status, Status::Satisfied);
        c.publication = Default::default();
        let x = get(&timeline(&c, d(2017, 6, 1)), "report_kept_published").clone();
        assert_eq!(x.status, Status::NotStarted);
    }

    #[test]
    fn nothing_recorded_means_nothing_started() {
        let t = timeline(&Case::default(), d(2026, 11, 25));
        assert_eq!(t.counts.not_started, t.deadlines.len());
        assert_eq!(
            get(&t, "panel_considers").status_text,
            "not yet started: no date for receipt of the referral"
        );
    }

    #[test]
    fn as_of_a_past_day_ignores_what_happened_later() {
        let t = timeline(&sample_2015(), d(2016, 3, 15));
        assert_eq!(get(&t, "panel_considers").status, Status::DoneOnTime);
        let chair = get(&t, "chair_decides");
        assert_eq!(chair.done, None);
        assert_eq!((chair.status, chair.days), (Status::Due, Some(10)));
        assert_eq!(get(&t, "ofsted_told").status, Status::NotStarted);
        assert_eq!(get(&t, "review_completed").status, Status::NotStarted);
        // Mid-review: completion is due.
        let t = timeline(&sample_2015(), d(2016, 9, 1));
        let x = get(&t, "review_completed");
        assert_eq!((x.status, x.days), (Status::Due, Some(20)));
        let t = timeline(&sample_2015(), d(2016, 9, 26));
        let x = get(&t, "review_completed");
        assert_eq!((x.status, x.days), (Status::Overdue, Some(5)));
    }

    fn case_2018() -> Case {
        let mut c = Case::default();
        c.review.regime = Regime::Wt2018;
        c.referral.facts.abuse_or_neglect = Answer::Yes;
        c.referral.facts.seriously_harmed = Answer::Yes;
        c.referral.facts.harmed_in_area = Answer::Yes;
        c
    }

    #[test]
    fn wt2018_rapid_review_due_over_christmas_2024() {
        // Notified on Monday 16 December 2024: Christmas Day, Boxing Day and New Year's Day
        // are skipped, so the fifteenth working day is Thursday 9 January 2025.
        let mut c = case_2018();
        c.referral.notified_on = Some(d(2024, 12, 16));
        let t = timeline(&c, d(2024, 12, 20));
        let x = get(&t, "rapid_review");
        assert_eq!(x.due, Some(d(2025, 1, 9)));
        assert_eq!(x.basis, Basis::PanelGuidance);
        assert!(x.source.contains("Panel's guidance"));
        // The usual plan, day by day.
        let due: Vec<_> = t.plan.iter().map(|p| (p.id, p.due.unwrap())).collect();
        assert_eq!(
            due,
            [
                ("letters", d(2024, 12, 17)),
                ("summaries_due", d(2024, 12, 27)),
                ("meeting", d(2025, 1, 2)),
                ("report", d(2025, 1, 6)),
                ("sign_off", d(2025, 1, 8)),
                ("sent", d(2025, 1, 9)),
            ]
        );
        assert!(t.plan.iter().all(|p| p.basis == Basis::LocalPractice));
        assert_eq!(get(&t, "incident_notified").basis, Basis::StatutoryGuidance);
        let letters = &t.plan[0];
        assert_eq!(letters.period, "working day 1");
        assert_eq!(letters.status, Status::Overdue);
        assert_eq!(letters.done_field, "rapid_review.letters_sent_on");
    }

    #[test]
    fn wt2018_the_partnership_can_move_a_step_of_the_plan() {
        let mut c = case_2018();
        c.referral.notified_on = Some(d(2024, 12, 16));
        c.rapid_review.plan.summaries_due = Some(8);
        c.rapid_review.plan.sent = Some(16);
        c.rapid_review.letters_sent_on = Some(d(2024, 12, 17));
        c.rapid_review.summaries_received_on = Some(d(2024, 12, 30));
        let t = timeline(&c, d(2025, 1, 3));
        let s = t.plan.iter().find(|p| p.id == "summaries_due").unwrap();
        assert_eq!(s.due, Some(d(2024, 12, 30)));
        assert_eq!(s.status, Status::DoneOnTime);
        assert!(s.note.as_deref().unwrap().contains("working day 8"));
        assert!(s.note.as_deref().unwrap().contains("usual plan says day 7"));
        let sent = t.plan.iter().find(|p| p.id == "sent").unwrap();
        assert_eq!(sent.due, Some(d(2025, 1, 10)));
        assert!(
            sent.note
                .as_deref()
                .unwrap()
                .contains("15 working days the Panel expects")
        );
        // The Panel's 15 days are not moved by the local plan.
        assert_eq!(get(&t, "rapid_review").due, Some(d(2025, 1, 9)));
        assert_eq!(t.plan[0].status, Status::DoneOnTime);
    }

    #[test]
    fn wt2018_no_plan_and_no_rapid_review_when_the_panel_need_not_be_told() {
        let mut c = case_2018();
        c.referral.facts.harmed_in_area = Answer::No;
        c.referral.facts.normally_resident_in_area = Answer::No;
        c.referral.notified_on = Some(d(2024, 12, 16));
        let t = timeline(&c, d(2025, 1, 3));
        assert_eq!(get(&t, "rapid_review").status, Status::NotApplicable);
        assert!(t.plan.iter().all(|p| p.status == Status::NotApplicable));
        // Under the 2015 regime there is no plan at all.
        assert!(timeline(&sample_2015(), d(2026, 11, 25)).plan.is_empty());
    }

    #[test]
    fn wt2018_copies_to_the_panel_and_secretary_of_state_seven_working_days_before() {
        let mut c = case_2018();
        c.decision.chair_decision = Outcome::Initiate;
        c.review.initiated_on = Some(d(2024, 9, 2));
        // Published on Tuesday 7 January 2025: seven working days before, skipping New Year's
        // Day, Boxing Day and Christmas Day, is Tuesday 24 December 2024.
        c.publication.published_on = Some(d(2025, 1, 7));
        c.publication.sent_to_national_panel_on = Some(d(2024, 12, 24));
        c.publication.sent_to_secretary_of_state_on = Some(d(2024, 12, 30));
        let t = timeline(&c, d(2025, 2, 1));
        let panel = get(&t, "report_to_panel");
        assert_eq!(panel.due, Some(d(2024, 12, 24)));
        assert!(panel.working_days);
        assert_eq!(panel.status, Status::DoneOnTime);
        let sos = get(&t, "report_to_secretary_of_state");
        assert_eq!((sos.status, sos.days), (Status::DoneLate, Some(6)));
        assert_eq!(sos.done_field, "publication.sent_to_secretary_of_state_on");
        let kept = get(&t, "report_kept_published");
        assert_eq!(kept.due, Some(d(2026, 1, 7)));
        assert_eq!(kept.status, Status::InProgress);
        // Sent but not yet published: the earliest day to publish, in working days.
        c.publication.published_on = None;
        let t = timeline(&c, d(2025, 1, 2));
        let panel = get(&t, "report_to_panel");
        assert_eq!(panel.status, Status::Done);
        assert_eq!(
            panel.note.as_deref(),
            Some("Publish on or after 7 January 2025.")
        );
    }

    #[test]
    fn wt2018_notification_within_five_working_days() {
        let mut c = case_2018();
        // Thursday 22 December 2022: Christmas and New Year substitute days are skipped.
        c.referral.incident_known_on = Some(d(2022, 12, 22));
        let t = timeline(&c, d(2022, 12, 28));
        let ids: Vec<_> = t.deadlines.iter().map(|x| x.id).collect();
        assert_eq!(
            ids,
            [
                "incident_notified",
                "rapid_review",
                "review_published",
                "report_to_panel",
                "report_to_secretary_of_state",
                "report_kept_published"
            ]
        );
        let x = get(&t, "incident_notified");
        assert!(x.working_days);
        assert_eq!(x.due, Some(d(2023, 1, 3)));
        assert_eq!((x.status, x.days), (Status::Due, Some(6)));
        c.referral.notified_on = Some(d(2023, 1, 3));
        assert_eq!(
            get(&timeline(&c, d(2023, 1, 3)), "incident_notified").status,
            Status::DoneOnTime
        );
        c.referral.notified_on = Some(d(2023, 1, 4));
        let x = get(&timeline(&c, d(2023, 1, 4)), "incident_notified").clone();
        assert_eq!((x.status, x.days), (Status::DoneLate, Some(1)));
        // Over Easter 2016.
        c.referral.incident_known_on = Some(d(2016, 3, 23));
        c.referral.notified_on = None;
        let x = get(&timeline(&c, d(2016, 3, 24)), "incident_notified").clone();
        assert_eq!(x.due, Some(d(2016, 4, 1)));
    }

    #[test]
    fn wt2018_rapid_review_within_fifteen_working_days_of_the_notification() {
        let mut c = case_2018();
        c.referral.notified_on = Some(d(2023, 1, 3));
        let x = get(&timeline(&c, d(2023, 1, 30)), "rapid_review").clone();
        assert_eq!(x.due, Some(d(2023, 1, 24)));
        assert_eq!((x.status, x.days), (Status::Overdue, Some(6)));
        // Across the coronation bank holiday (Monday 8 May 2023).
        c.referral.notified_on = Some(d(2023, 5, 2));
        c.referral.rapid_review_completed_on = Some(d(2023, 5, 24));
        let x = get(&timeline(&c, d(2023, 6, 1)), "rapid_review").clone();
        assert_eq!(x.due, Some(d(2023, 5, 24)));
        assert_eq!(x.status, Status::DoneOnTime);
    }

    #[test]
    fn wt2018_review_published_within_six_months() {
        let mut c = case_2018();
        c.decision.chair_decision = Outcome::Initiate;
        c.review.initiated_on = Some(d(2023, 8, 31));
        c.publication.published_on = Some(d(2024, 3, 1));
        let x = get(&timeline(&c, d(2024, 6, 1)), "review_published").clone();
        assert_eq!(x.due, Some(d(2024, 2, 29)));
        assert_eq!((x.status, x.days), (Status::DoneLate, Some(1)));
        c.decision.chair_decision = Outcome::NoReview;
        c.review.initiated_on = None;
        c.publication.published_on = None;
        let x = get(&timeline(&c, d(2024, 6, 1)), "review_published").clone();
        assert_eq!(x.status, Status::NotApplicable);
    }

    #[test]
    fn wt2018_notification_not_applicable_when_not_a_serious_case() {
        let mut c = case_2018();
        c.referral.facts.abuse_or_neglect = Answer::No;
        c.child.looked_after = Answer::No;
        c.referral.incident_known_on = Some(d(2023, 1, 3));
        let t = timeline(&c, d(2023, 2, 1));
        assert_eq!(get(&t, "incident_notified").status, Status::NotApplicable);
        assert_eq!(get(&t, "rapid_review").status, Status::NotApplicable);
        // Undetermined criteria still show the deadline: better warned than late.
        c.referral.facts.abuse_or_neglect = Answer::Unknown;
        let t = timeline(&c, d(2023, 2, 1));
        assert_eq!(get(&t, "incident_notified").status, Status::Overdue);
    }

    #[test]
    fn serialises_to_the_fields_templates_use() {
        let v = serde_json::to_value(timeline(&sample_2015(), d(2026, 11, 25))).unwrap();
        assert_eq!(v["as_of"], "2026-11-25");
        assert_eq!(v["regime"], "2015");
        assert_eq!(v["counts"]["done_late"], 1);
        let late = &v["deadlines"][5];
        assert_eq!(late["id"], "review_completed");
        assert_eq!(late["status"], "done_late");
        assert_eq!(late["days"], 9);
        assert_eq!(late["runs_from"], "2016-03-21");
        assert_eq!(late["due"], "2016-09-21");
        assert_eq!(late["done"], "2016-09-30");
        assert_eq!(late["runs_from_field"], "review.initiated_on");
        assert_eq!(late["done_field"], "review.completed_on");
        assert_eq!(v["deadlines"][0]["days"], serde_json::Value::Null);
    }
}
