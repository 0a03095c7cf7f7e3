//! What a stage's documents carry and must not contradict: the date each document is dated
//! (the day its stage's event happened where the case records it, a notification the day it
//! was sent, else the pack's date), the deadlines it states and the next stage's beginning it
//! must not come after, and a decision that goes against the criteria without its reasons.

use crate::case::{Agency, Case, Outcome, Recipient, Regime};
use crate::diagnostic::{Diagnostic, Location};
use crate::docset::{DocKind, Stage};
use crate::rules::long_date;
use chrono::NaiveDate;
use std::path::Path;

/// Documents made again and again for as long as the actions run (the progress report on the
/// action plan): each shows the plan as it stands on the day it is made (`--date`, or today),
/// not on its stage's day, and may be made after later stages began. The action plan itself is
/// the plan as drawn up at its stage, and the published statement the actions as they stood
/// when the report was published.
pub(super) fn living(kind: DocKind) -> bool {
    kind == DocKind::ProgressReport
}

/// The date a document carries, and whether the case recorded it (rather than the pack's
/// own date, `--date` or today, standing in).
#[derive(Debug, Clone, Copy)]
pub(super) struct Dated {
    pub(super) date: NaiveDate,
    pub(super) recorded: bool,
}

/// The date of a stage's document: a notification the day the case records it was sent to
/// `to`, any other the day its stage's event happened; the pack's date where neither is
/// recorded (a notification not yet sent goes today).
pub(super) fn document_date(
    case: &Case,
    stage: Stage,
    to: Option<Recipient>,
    fallback: NaiveDate,
) -> Dated {
    let recorded = match (stage, to) {
        (Stage::Notification, Some(r)) => case
            .decision
            .notifications
            .iter()
            .find(|n| n.to == r)
            .and_then(|n| n.sent_on),
        _ => stage.dated(case),
    };
    Dated {
        date: recorded.unwrap_or(fallback),
        recorded: recorded.is_some(),
    }
}

/// The deadlines a document states, each with its name in words.
fn stated_deadlines(
    case: &Case,
    kind: DocKind,
    agency: Option<&Agency>,
) -> Vec<(&'static str, NaiveDate)> {
    let t = &case.terms_of_reference.timescales;
    let asks = |f: fn(&Agency) -> bool| agency.is_none_or(f);
    let mut out = Vec::new();
    let mut add = |what, d: Option<NaiveDate>| {
        if let Some(d) = d {
            out.push((what, d));
        }
    };
    match kind {
        DocKind::RequestForInformation => add("the reply it asks for by", t.information_due),
        DocKind::AlternativeReviewNotice | DocKind::AlternativeTermsOfReference
            if asks(|a| a.returns.chronology) =>
        {
            add("the date chronologies are due", t.chronologies_due)
        }
        DocKind::CoveringLetter | DocKind::TermsOfReference => {
            if asks(|a| a.returns.chronology) {
                add("the date chronologies are due", t.chronologies_due);
            }
            if asks(|a| a.returns.management_review) {
                add(
                    "the date management reviews are due",
                    t.management_reviews_due,
                );
            }
        }
        DocKind::ManagementReview => add(
            "the date management reviews are due",
            t.management_reviews_due,
        ),
        _ => {}
    }
    out
}

/// Every way the document of `kind` for `agency` (none for the coordinator's), dated `dated`
/// for `stage`, contradicts the case: dated after a deadline it states, or after the next
/// stage has begun. Notifications are exempt from the second: they go out beside the
/// commissioning of the review, not before it.
pub(super) fn contradictions(
    case: &Case,
    kind: DocKind,
    stage: Stage,
    dated: Dated,
    agency: Option<&Agency>,
    path: &Path,
) -> Vec<Diagnostic> {
    let title = kind.title().to_lowercase();
    let (event, _) = stage.begins(case);
    let help = |clash: &str| {
        if dated.recorded {
            format!(
                "check the dates in the case file: the document is dated the day {event}, which falls after {clash}"
            )
        } else {
            format!(
                "record in the case file the date {event}, so that its documents carry it, or give the date they were sent with --date"
            )
        }
    };
    let mut out = Vec::new();
    for (what, due) in stated_deadlines(case, kind, agency) {
        if dated.date > due {
            out.push(
                Diagnostic::error(
                    Location::File,
                    format!(
                        "the {title} would be dated {}, after {what} ({}), which it states",
                        long_date(dated.date),
                        long_date(due)
                    ),
                )
                .in_file(path)
                .with_help(help(what)),
            );
        }
    }
    if stage != Stage::Notification
        && let Some(next) = stage.next(case).filter(|n| n.follows(case).is_ok())
        && let (began, Some(on)) = next.begins(case)
        && dated.date > on
    {
        out.push(
            Diagnostic::error(
                Location::File,
                format!(
                    "the {title} would be dated {}, after the {} stage began ({}: {began})",
                    long_date(dated.date),
                    next.name(),
                    long_date(on)
                ),
            )
            .in_file(path)
            .with_help(help(&format!("the day {began}"))),
        );
    }
    out
}

/// A decision against where the criteria point is only sendable with the reasons for it: every
/// notification and the rapid review's records say what was decided and why. Under the 2015
/// process, a Chair's decision against criteria that say a Serious Case Review must be
/// initiated; under 2018/2023, the partners' decision against a local review that the
/// considerations of regulation 11 point towards. Checked when the pack holds a document of
/// the stage that carries the decision or a later one.
pub(super) fn unexplained_decision(case: &Case, kinds: &[DocKind]) -> Option<Diagnostic> {
    let d = &case.decision;
    let against = matches!(d.chair_decision, Outcome::NoReview | Outcome::Alternative);
    let from = match case.review.regime {
        Regime::Wt2015 => Stage::Notification,
        Regime::Wt2018 => Stage::RapidReview,
    };
    let carried = kinds
        .iter()
        .any(|k| k.spec().stages.iter().any(|s| *s >= from));
    if !carried || !against || !d.decision_reasons.trim().is_empty() {
        return None;
    }
    let criteria = crate::rules::evaluate(case);
    let message = match (case.review.regime, &criteria.decisions) {
        (Regime::Wt2018, Some(decisions)) => {
            let local = &decisions.local_review;
            if local.points_to_review != Some(true) {
                return None;
            }
            let yes: Vec<&str> = local
                .considerations
                .iter()
                .filter(|c| c.yes == Some(true))
                .map(|c| c.number)
                .collect();
            format!(
                "the rapid review's answers point towards a local child safeguarding practice review ({} answered yes), but the safeguarding partners decided not to commission one and the case gives no reasons",
                yes.join(", ")
            )
        }
        _ if criteria.review.met == Some(true) => format!(
            "the criteria say a Serious Case Review must be initiated, but the Chair decided {} and the case gives no reasons",
            match d.chair_decision {
                Outcome::Alternative => "on an alternative form of review",
                _ => "not to hold a review",
            }
        ),
        _ => return None,
    };
    Some(
        Diagnostic::error(
            Location::Json {
                path: "$.decision.decision_reasons".into(),
            },
            message,
        )
        .with_help("record the reasons for the decision in decision.decision_reasons: every document that tells of the decision must say why"),
    )
}
