//! The stages of a review, in the order of the process: the event that begins each, the date
//! its documents carry, and which stages the decision rules out. The documents of each stage
//! are in the kinds' table (`kinds.rs`, `stages`).

use serde::Serialize;

/// A stage of the review process, each begun by an event the case records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The referral is made and received.
    Referral,
    /// Every agency is asked what it knows, before the panel decides.
    InformationGathering,
    /// The panel recommends and the Chair decides.
    Decision,
    /// Ofsted, the DfE and the National Panel are told of the decision.
    Notification,
    /// The review is commissioned: Terms of Reference, chronologies and management reviews.
    Commissioning,
    /// The review panel meets.
    Panels,
    /// The report is written and assured; the action plan is drawn up.
    Report,
    /// The report is ratified and published.
    Publication,
    // The 2018/2023 process (`process_2018.rs`), in its own order after the 2015 stages so
    // that comparing two stages of one process follows that process.
    /// The local authority notifies the Panel of a serious incident.
    SeriousIncident,
    /// The safeguarding partners' rapid review: letters on day 1, agency summaries, the
    /// meeting, the report sent to the Panel.
    RapidReview,
    /// The partners decide on a local review, sign the rapid review off, and the Panel replies.
    PartnersDecision,
    /// The local child safeguarding practice review is commissioned.
    LocalReviewCommissioning,
    /// The local review is carried out: chronologies, agency reports, practitioners.
    LocalReview,
    /// The local review's report is written; the action plan is drawn up.
    LocalReviewReport,
    /// The report goes to the Panel and the Secretary of State, then is published.
    LocalReviewPublication,
}

use crate::case::{Case, Outcome, Regime};
use chrono::NaiveDate;

use super::process_2018;

/// The 2015 process of the seed, stage by stage.
const PROCESS_2015: &[Stage] = &[
    Stage::Referral,
    Stage::InformationGathering,
    Stage::Decision,
    Stage::Notification,
    Stage::Commissioning,
    Stage::Panels,
    Stage::Report,
    Stage::Publication,
];

/// The stages of a regime's process, in order: one table per process (the 2018/2023 one in
/// `process_2018.rs`). Another nation's process (Wales's child practice reviews) is another
/// table and another arm here; the kinds' rows say which stages hold each document.
pub fn process(regime: Regime) -> &'static [Stage] {
    match regime {
        Regime::Wt2015 => PROCESS_2015,
        Regime::Wt2018 => process_2018::PROCESS,
    }
}

/// Every process's table, for finding a stage by its id before the case is known.
const PROCESSES: &[&[Stage]] = &[PROCESS_2015, process_2018::PROCESS];

impl Stage {
    /// The id used by `--stage`.
    pub fn id(self) -> &'static str {
        match self {
            Stage::Referral => "referral",
            Stage::InformationGathering => "information_gathering",
            Stage::Decision => "decision",
            Stage::Notification => "notification",
            Stage::Commissioning => "commissioning",
            Stage::Panels => "panels",
            Stage::Report => "report",
            Stage::Publication => "publication",
            _ => process_2018::id(self),
        }
    }

    /// The stage in words, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Referral => "referral",
            Stage::InformationGathering => "information gathering",
            Stage::Decision => "panel recommendation and Chair's decision",
            Stage::Notification => "notifications",
            Stage::Commissioning => "commissioning",
            Stage::Panels => "panels",
            Stage::Report => "report and quality assurance",
            Stage::Publication => "ratification and publication",
            _ => process_2018::name(self),
        }
    }

    /// The process whose table holds the stage.
    fn own_process(self) -> &'static [Stage] {
        PROCESSES
            .iter()
            .copied()
            .find(|p| p.contains(&self))
            .unwrap_or(PROCESS_2015)
    }

    /// The folder a pack puts the stage's documents in, numbered so folders sort in order.
    pub fn folder(self) -> String {
        let n = self
            .own_process()
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
            + 1;
        format!("{n:02}-{}", self.id().replace('_', "-"))
    }

    /// Finds a stage by its id, accepting `-` for `_`: the first process's stage of that id
    /// (`in_process` then gives the case's own stage of the same name).
    pub fn from_id(id: &str) -> Option<Stage> {
        let id = id.trim().replace('-', "_");
        PROCESSES
            .iter()
            .flat_map(|p| p.iter().copied())
            .find(|s| s.id() == id)
    }

    /// The stage of `regime`'s process that goes by this stage's id: `--stage decision` is the
    /// Chair's decision in a 2015 case and the partners' decision in a 2018 one. `None` when
    /// the process has no stage of that name.
    pub fn in_process(self, regime: Regime) -> Option<Stage> {
        let p = process(regime);
        if p.contains(&self) {
            return Some(self);
        }
        p.iter().copied().find(|s| s.id() == self.id())
    }

    /// The event that begins the stage, in words, and its date where the case records it.
    pub fn begins(self, case: &Case) -> (&'static str, Option<NaiveDate>) {
        let d = &case.decision;
        let decided = d.chair_decision != Outcome::Pending;
        match self {
            Stage::Referral => (
                "the referral was made",
                case.referral.made_on.or(case.referral.received_on),
            ),
            Stage::InformationGathering => ("the referral was received", case.referral.received_on),
            Stage::Decision => (
                "the panel considered the referral",
                d.panel_considered_on.or(d.recommended_on),
            ),
            Stage::Notification => ("the Chair decided", d.decided_on.filter(|_| decided)),
            Stage::Commissioning => (
                "the review was initiated",
                case.review
                    .initiated_on
                    .or(d.decided_on.filter(|_| self.follows(case).is_ok())),
            ),
            Stage::Panels => (
                "the first panel met",
                case.terms_of_reference.timescales.first_panel_on,
            ),
            Stage::Report => ("the review was completed", case.review.completed_on),
            Stage::Publication => (
                "the report was sent to the National Panel",
                case.publication
                    .sent_to_national_panel_on
                    .or(case.publication.published_on),
            ),
            _ => process_2018::begins(self, case),
        }
    }

    /// The date the stage's documents carry where the case records it: the day the stage
    /// began, except the decision record, which is dated the day of the decision.
    pub fn dated(self, case: &Case) -> Option<NaiveDate> {
        match self {
            Stage::Decision => case
                .decision
                .decided_on
                .filter(|_| case.decision.chair_decision != Outcome::Pending)
                .or(self.begins(case).1),
            Stage::SeriousIncident | Stage::RapidReview | Stage::PartnersDecision => {
                process_2018::dated(self, case).or(self.begins(case).1)
            }
            _ => self.begins(case).1,
        }
    }

    /// Whether the stage happens at all, given the decision: with no review there is nothing
    /// to commission, hold panels on, report or publish. The reason in words when it does not.
    pub fn follows(self, case: &Case) -> Result<(), String> {
        if !self.needs_a_review() {
            return Ok(());
        }
        if self >= Stage::SeriousIncident {
            return process_2018::follows(case);
        }
        match case.decision.chair_decision {
            Outcome::Initiate | Outcome::Alternative => Ok(()),
            Outcome::NoReview => Err(
                "the Chair decided that there will be no review, so there is nothing to commission, hold panels on, report or publish".into(),
            ),
            Outcome::Pending => Err(
                "the Chair has not yet decided whether there will be a review (decision.chair_decision is pending)".into(),
            ),
        }
    }

    /// True for the stages that happen only when a review is commissioned.
    fn needs_a_review(self) -> bool {
        let p = self.own_process();
        let first = if p == PROCESS_2015 {
            Stage::Commissioning
        } else {
            Stage::LocalReviewCommissioning
        };
        self >= first
    }

    /// The stage after this one in the case's process.
    pub fn next(self, case: &Case) -> Option<Stage> {
        let p = process(case.review.regime);
        p.iter()
            .position(|s| *s == self)
            .and_then(|i| p.get(i + 1).copied())
    }
}

/// The stages the case has reached on `as_of`: each stage up to the last whose beginning the
/// case records on or before that day (a stage the decision rules out is never reached).
pub fn reached(case: &Case, as_of: NaiveDate) -> Vec<Stage> {
    let p = process(case.review.regime);
    let last = p
        .iter()
        .rposition(|s| s.follows(case).is_ok() && s.begins(case).1.is_some_and(|d| d <= as_of))
        .unwrap_or(0);
    p[..=last]
        .iter()
        .copied()
        .filter(|s| s.follows(case).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Case {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
        crate::case::load(&path).case.unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_stage_reached_is_the_last_whose_event_is_recorded_by_the_day() {
        let c = sample();
        let last = |d: &str| *reached(&c, day(d)).last().unwrap();
        assert_eq!(last("2016-02-18"), Stage::Referral);
        assert_eq!(last("2016-02-19"), Stage::InformationGathering);
        assert_eq!(last("2016-03-15"), Stage::Decision);
        assert_eq!(last("2016-03-21"), Stage::Commissioning);
        assert_eq!(last("2016-05-10"), Stage::Panels);
        assert_eq!(last("2016-10-01"), Stage::Report);
        assert_eq!(last("2026-12-05"), Stage::Publication);
        assert_eq!(Stage::Decision.dated(&c), Some(day("2016-03-21")));
        assert_eq!(Stage::Decision.next(&c), Some(Stage::Notification));
    }

    #[test]
    fn no_review_means_no_stage_after_the_notifications() {
        let mut c = sample();
        c.decision.chair_decision = Outcome::NoReview;
        let stages = reached(&c, day("2026-12-05"));
        assert_eq!(stages.last(), Some(&Stage::Notification));
        assert!(Stage::Commissioning.follows(&c).is_err());
        c.decision.chair_decision = Outcome::Alternative;
        assert!(Stage::Commissioning.follows(&c).is_ok());
    }

    #[test]
    fn ids_and_folders_round_trip() {
        for s in PROCESS_2015 {
            assert_eq!(Stage::from_id(s.id()), Some(*s));
            assert_eq!(Stage::from_id(&s.id().replace('_', "-")), Some(*s));
        }
        assert_eq!(Stage::Commissioning.folder(), "05-commissioning");
    }
}
