//! The stages of the 2018/2023 process (Working Together 2018, chapter 4; 2023, chapter 5):
//! the serious incident notified, the rapid review, the partners' decision, then the local
//! child safeguarding practice review commissioned, carried out, reported and published. The
//! second table behind `stage::process`; the stage model (`Stage`) is shared.

use super::stage::Stage;
use crate::case::{Case, Outcome};
use chrono::NaiveDate;

/// The 2018/2023 process, stage by stage.
pub(super) const PROCESS: &[Stage] = &[
    Stage::SeriousIncident,
    Stage::RapidReview,
    Stage::PartnersDecision,
    Stage::LocalReviewCommissioning,
    Stage::LocalReview,
    Stage::LocalReviewReport,
    Stage::LocalReviewPublication,
];

/// The id used by `--stage` (the same words as the 2015 stages where the step is alike).
pub(super) fn id(s: Stage) -> &'static str {
    match s {
        Stage::SeriousIncident => "notification",
        Stage::RapidReview => "rapid_review",
        Stage::PartnersDecision => "decision",
        Stage::LocalReviewCommissioning => "commissioning",
        Stage::LocalReview => "review",
        Stage::LocalReviewReport => "report",
        _ => "publication",
    }
}

/// The stage in words, for messages.
pub(super) fn name(s: Stage) -> &'static str {
    match s {
        Stage::SeriousIncident => "serious incident notification",
        Stage::RapidReview => "rapid review",
        Stage::PartnersDecision => "safeguarding partners' decision",
        Stage::LocalReviewCommissioning => "local review commissioning",
        Stage::LocalReview => "local review",
        Stage::LocalReviewReport => "local review report",
        _ => "publication",
    }
}

/// The event that begins the stage, in words, and its date where the case records it.
pub(super) fn begins(s: Stage, case: &Case) -> (&'static str, Option<NaiveDate>) {
    let r = &case.referral;
    let rr = &case.rapid_review;
    let decided = case.decision.chair_decision != Outcome::Pending;
    match s {
        Stage::SeriousIncident => (
            "the local authority learned of the serious incident",
            r.incident_known_on.or(r.notified_on),
        ),
        Stage::RapidReview => ("the Panel was notified", r.notified_on),
        Stage::PartnersDecision => (
            "the safeguarding partners decided on a local review",
            case.decision
                .decided_on
                .filter(|_| decided)
                .or(rr.signed_off_on),
        ),
        Stage::LocalReviewCommissioning => (
            "the local review was initiated",
            case.review
                .initiated_on
                .or(case.decision.decided_on.filter(|_| follows(case).is_ok())),
        ),
        Stage::LocalReview => (
            "the first review panel met",
            case.terms_of_reference.timescales.first_panel_on,
        ),
        Stage::LocalReviewReport => ("the review was completed", case.review.completed_on),
        _ => (
            "the report was sent to the Panel",
            case.publication
                .sent_to_national_panel_on
                .or(case.publication.sent_to_secretary_of_state_on)
                .or(case.publication.published_on),
        ),
    }
}

/// The date the documents of the rapid review's stages carry: the notification record the day
/// the Panel was notified, the letters the day they were sent, the decision's records the day
/// of the decision.
pub(super) fn dated(s: Stage, case: &Case) -> Option<NaiveDate> {
    match s {
        Stage::SeriousIncident => case.referral.notified_on,
        Stage::RapidReview => case.rapid_review.letters_sent_on,
        _ => case
            .decision
            .decided_on
            .filter(|_| case.decision.chair_decision != Outcome::Pending),
    }
}

/// Whether a local review follows: only when the partners decided to commission one.
pub(super) fn follows(case: &Case) -> Result<(), String> {
    match case.decision.chair_decision {
        Outcome::Initiate | Outcome::Alternative => Ok(()),
        Outcome::NoReview => Err(
            "the safeguarding partners decided that there will be no local review, so there is nothing to commission, carry out, report or publish".into(),
        ),
        Outcome::Pending => Err(
            "the safeguarding partners have not yet decided whether there will be a local review (decision.chair_decision is pending)".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Regime;
    use crate::docset::{process, reached};

    fn sample() -> Case {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/rapid-review/case.json");
        crate::case::load(&path).case.unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_rapid_review_reaches_its_own_stages_by_its_dates() {
        let c = sample();
        assert_eq!(process(c.review.regime), PROCESS);
        let last = |d: &str| *reached(&c, day(d)).last().unwrap();
        assert_eq!(last("2024-12-11"), Stage::SeriousIncident);
        assert_eq!(last("2024-12-16"), Stage::RapidReview);
        assert_eq!(last("2025-01-08"), Stage::LocalReviewCommissioning);
        assert_eq!(Stage::PartnersDecision.dated(&c), Some(day("2025-01-08")));
        assert_eq!(Stage::RapidReview.dated(&c), Some(day("2024-12-17")));
        assert_eq!(Stage::SeriousIncident.dated(&c), Some(day("2024-12-16")));
        assert_eq!(Stage::RapidReview.next(&c), Some(Stage::PartnersDecision));
    }

    #[test]
    fn stage_names_find_the_cases_own_stage() {
        let decision = Stage::from_id("decision").unwrap();
        assert_eq!(decision, Stage::Decision);
        assert_eq!(
            decision.in_process(Regime::Wt2018),
            Some(Stage::PartnersDecision)
        );
        assert_eq!(
            Stage::from_id("rapid-review")
                .unwrap()
                .in_process(Regime::Wt2018),
            Some(Stage::RapidReview)
        );
        assert_eq!(Stage::RapidReview.in_process(Regime::Wt2015), None);
        assert_eq!(Stage::Panels.in_process(Regime::Wt2018), None);
        for s in PROCESS {
            assert_eq!(
                Stage::from_id(s.id()).unwrap().in_process(Regime::Wt2018),
                Some(*s)
            );
        }
        assert_eq!(Stage::RapidReview.folder(), "02-rapid-review");
    }

    #[test]
    fn no_local_review_means_no_stage_after_the_decision() {
        let mut c = sample();
        c.decision.chair_decision = Outcome::NoReview;
        let stages = reached(&c, day("2026-12-05"));
        assert_eq!(stages.last(), Some(&Stage::PartnersDecision));
        let why = Stage::LocalReviewCommissioning.follows(&c).unwrap_err();
        assert!(why.contains("safeguarding partners"), "{why}");
        assert!(Stage::RapidReview.follows(&c).is_ok());
    }
}
