//! Where each action of the plan stands on a given day, and the summaries a board reads:
//! by agency and by recommendation.
//!
//! The day matters: anything the case file dates after it (an update, a closure) is treated
//! as not yet happened, so a past day shows what the board would have seen then.

use crate::case::{Action, Case, Rag};
use crate::rules::calendar::long_date;
use chrono::NaiveDate;
use serde::Serialize;

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Past its due date and not closed.
    Overdue,
    /// Open, and no update for longer than the case's update interval.
    Stale,
    /// Open, and the latest update is red or amber.
    AtRisk,
    /// Open, in time, and the latest update (if any) is green or reports it complete.
    OnTrack,
    /// Closed by the board, with evidence of impact.
    Complete,
}

impl State {
    /// Every state, most urgent first (the order reports list them in).
    pub const ALL: [State; 5] = [
        State::Overdue,
        State::Stale,
        State::AtRisk,
        State::OnTrack,
        State::Complete,
    ];

    /// The state in words.
    pub fn label(self) -> &'static str {
        match self {
            State::Overdue => "Overdue",
            State::Stale => "No recent update",
            State::AtRisk => "At risk",
            State::OnTrack => "On track",
            State::Complete => "Complete",
        }
    }

    /// The colour a document shows the state in (RGB hex, no `#`), matching the RAG colours.
    pub fn colour(self) -> &'static str {
        match self {
            State::Overdue => Rag::Red.colour(),
            State::Stale | State::AtRisk => Rag::Amber.colour(),
            State::OnTrack => Rag::Green.colour(),
            State::Complete => Rag::Complete.colour(),
        }
    }

    /// True for the states that make `scr actions` exit 1.
    pub fn needs_attention(self) -> bool {
        matches!(self, State::Overdue | State::Stale)
    }
}

/// One action as it stood on the day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionStatus {
    /// The action's id.
    pub id: String,
    /// The recommendation it answers (its id).
    pub recommendation: String,
    /// What will be done.
    pub action: String,
    /// The owner agency's id.
    pub owner_agency: String,
    /// The owner agency's name (its id when the case does not list it).
    pub owner_name: String,
    /// The lead.
    pub lead: String,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// The state on the day.
    pub state: State,
    /// The state in words.
    pub state_label: &'static str,
    /// What the state means for this action, in a sentence part: "overdue by 32 days".
    pub state_text: String,
    /// True when no update has come for longer than the interval (also for an overdue action).
    pub stale: bool,
    /// Days past the due date, when overdue.
    pub days_overdue: Option<i64>,
    /// Days since the latest update (or since the plan was agreed, when there is none).
    pub days_since_update: Option<i64>,
    /// The latest update on or before the day.
    pub last_update_on: Option<NaiveDate>,
    /// Its rating.
    pub last_rag: Option<Rag>,
    /// Its rating in words.
    pub last_rag_label: Option<&'static str>,
    /// Its note.
    pub last_note: String,
    /// The closure date, when closed on or before the day.
    pub closed_on: Option<NaiveDate>,
    /// The evidence of impact recorded.
    pub evidence_of_impact: String,
}

/// How many actions are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// All actions.
    pub total: usize,
    /// Overdue.
    pub overdue: usize,
    /// No recent update.
    pub stale: usize,
    /// At risk.
    pub at_risk: usize,
    /// On track.
    pub on_track: usize,
    /// Complete.
    pub complete: usize,
}

impl Counts {
    fn add(&mut self, s: State) {
        self.total += 1;
        match s {
            State::Overdue => self.overdue += 1,
            State::Stale => self.stale += 1,
            State::AtRisk => self.at_risk += 1,
            State::OnTrack => self.on_track += 1,
            State::Complete => self.complete += 1,
        }
    }

    /// The count of one state.
    pub fn of(&self, s: State) -> usize {
        match s {
            State::Overdue => self.overdue,
            State::Stale => self.stale,
            State::AtRisk => self.at_risk,
            State::OnTrack => self.on_track,
            State::Complete => self.complete,
        }
    }

    /// "2 overdue, 1 at risk, 3 complete" (states with none left out); "no actions" when empty.
    pub fn words(&self) -> String {
        let parts: Vec<String> = State::ALL
            .iter()
            .filter(|s| self.of(**s) > 0)
            .map(|s| match s {
                State::Stale => format!("{} with no recent update", self.of(*s)),
                _ => format!("{} {}", self.of(*s), s.label().to_lowercase()),
            })
            .collect();
        if parts.is_empty() {
            "no actions".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The actions of one agency or one recommendation, counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The agency's or recommendation's id.
    pub id: String,
    /// The agency's name, or the recommendation's text.
    pub name: String,
    /// Counts by state.
    pub counts: Counts,
}

/// The whole action plan as it stood on a day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionReport {
    /// The day judged.
    pub as_of: NaiveDate,
    /// The day in words.
    pub as_of_text: String,
    /// Days an open action may go without an update.
    pub update_interval_days: u32,
    /// Every action, most urgent first (overdue, stale, at risk, on track, complete), then by
    /// due date.
    pub actions: Vec<ActionStatus>,
    /// Counts over the whole plan.
    pub counts: Counts,
    /// Counts by owner agency, in the case's order of agencies.
    pub by_agency: Vec<Group>,
    /// Counts by recommendation, in the case's order.
    pub by_recommendation: Vec<Group>,
}

impl ActionReport {
    /// True when any action is overdue or stale.
    pub fn needs_attention(&self) -> bool {
        self.counts.overdue + self.counts.stale > 0
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

/// The state of one action on `as_of`.
pub fn action_status(case: &Case, a: &Action, as_of: NaiveDate) -> ActionStatus {
    let interval = i64::from(case.learning.update_interval());
    let last = a.latest_update(as_of);
    let closed_on = a.closed_on.filter(|d| *d <= as_of);
    let baseline = last
        .and_then(|u| u.on)
        .or(case.learning.plan_agreed_on.filter(|d| *d <= as_of));
    let days_since_update = baseline.map(|d| (as_of - d).num_days());
    let stale = closed_on.is_none() && days_since_update.is_some_and(|n| n > interval);
    let rag = last.map(|u| u.rag);
    // An action its owner reports complete is done, whatever the board's closure waits for.
    let days_overdue = match (closed_on, a.due_on, rag) {
        (None, Some(due), r) if due < as_of && r != Some(Rag::Complete) => {
            Some((as_of - due).num_days())
        }
        _ => None,
    };
    let (state, state_text) = if let Some(c) = closed_on {
        (State::Complete, format!("closed on {}", long_date(c)))
    } else if let Some(n) = days_overdue {
        let mut t = format!("overdue by {}", days(n));
        if stale && let Some(d) = days_since_update {
            t.push_str(&format!("; no update for {}", days(d)));
        }
        (State::Overdue, t)
    } else if stale {
        let d = days_since_update.unwrap_or_default();
        (
            State::Stale,
            format!(
                "no update for {} (updates are due every {})",
                days(d),
                days(interval)
            ),
        )
    } else {
        match rag {
            Some(Rag::Red) => (State::AtRisk, "rated red at the last update".into()),
            Some(Rag::Amber) => (State::AtRisk, "rated amber at the last update".into()),
            Some(Rag::Complete) => (
                State::OnTrack,
                "reported complete; closure not yet agreed by the board".into(),
            ),
            Some(Rag::Green) => (State::OnTrack, "rated green at the last update".into()),
            None => (State::OnTrack, "no update yet".into()),
        }
    };
    let owner_name = case
        .agency(&a.owner_agency)
        .map(|x| x.name.clone())
        .unwrap_or_else(|| a.owner_agency.clone());
    ActionStatus {
        id: a.id.clone(),
        recommendation: a.recommendation.clone(),
        action: a.action.clone(),
        owner_agency: a.owner_agency.clone(),
        owner_name,
        lead: a.lead.clone(),
        due_on: a.due_on,
        state,
        state_label: state.label(),
        state_text,
        stale,
        days_overdue,
        days_since_update,
        last_update_on: last.and_then(|u| u.on),
        last_rag: rag,
        last_rag_label: rag.map(Rag::label),
        last_note: last.map(|u| u.note.clone()).unwrap_or_default(),
        closed_on,
        evidence_of_impact: a.evidence_of_impact.clone(),
    }
}

/// Every action of the case as it stood on `as_of`, with the summaries.
pub fn action_report(case: &Case, as_of: NaiveDate) -> ActionReport {
    let mut actions: Vec<ActionStatus> = case
        .learning
        .actions
        .iter()
        .map(|a| action_status(case, a, as_of))
        .collect();
    // Stable: the case's order breaks ties after state and due date.
    actions.sort_by_key(|s| (s.state, s.due_on.is_none(), s.due_on));
    let mut counts = Counts::default();
    for s in &actions {
        counts.add(s.state);
    }
    let mut by_agency: Vec<Group> = Vec::new();
    let agency_order = |id: &str| {
        case.agencies
            .iter()
            .position(|a| a.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut agency_ids: Vec<&str> = actions.iter().map(|s| s.owner_agency.as_str()).collect();
    agency_ids.sort_by_key(|id| (agency_order(id), id.to_string()));
    agency_ids.dedup();
    for id in agency_ids {
        let mut c = Counts::default();
        let mut name = id.to_string();
        for s in actions.iter().filter(|s| s.owner_agency == id) {
            c.add(s.state);
            name = s.owner_name.clone();
        }
        by_agency.push(Group {
            id: id.to_string(),
            name,
            counts: c,
        });
    }
    let mut by_recommendation = Vec::new();
    for r in &case.learning.recommendations {
        let mut c = Counts::default();
        for s in actions.iter().filter(|s| s.recommendation == r.id) {
            c.add(s.state);
        }
        by_recommendation.push(Group {
            id: r.id.clone(),
            name: r.recommendation.clone(),
            counts: c,
        });
    }
    ActionReport {
        as_of,
        as_of_text: long_date(as_of),
        update_interval_days: case.learning.update_interval(),
        actions,
        counts,
        by_agency,
        by_recommendation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{ActionUpdate, Agency, Recommendation};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn case_with(actions: Vec<Action>) -> Case {
        let mut c = Case::default();
        c.agencies.push(Agency {
            id: "police".into(),
            name: "Northbrook Police".into(),
            ..Agency::default()
        });
        c.learning.plan_agreed_on = Some(d(2017, 1, 2));
        c.learning.recommendations.push(Recommendation {
            id: "R1".into(),
            recommendation: "Share histories.".into(),
            ..Recommendation::default()
        });
        c.learning.actions = actions;
        c
    }

    fn action(id: &str, due: NaiveDate, updates: &[(NaiveDate, Rag)]) -> Action {
        Action {
            id: id.into(),
            recommendation: "R1".into(),
            owner_agency: "police".into(),
            due_on: Some(due),
            updates: updates
                .iter()
                .map(|(on, rag)| ActionUpdate {
                    on: Some(*on),
                    rag: *rag,
                    note: "n".into(),
                })
                .collect(),
            ..Action::default()
        }
    }

    #[test]
    fn overdue_stale_at_risk_on_track_and_complete_are_told_apart() {
        let mut done = action("A5", d(2017, 6, 30), &[(d(2017, 3, 1), Rag::Complete)]);
        done.closed_on = Some(d(2017, 4, 1));
        done.evidence_of_impact = "audit".into();
        let c = case_with(vec![
            action("A1", d(2017, 3, 31), &[(d(2017, 3, 1), Rag::Green)]),
            action("A2", d(2017, 12, 31), &[(d(2017, 1, 20), Rag::Green)]),
            action("A3", d(2017, 12, 31), &[(d(2017, 4, 20), Rag::Amber)]),
            action("A4", d(2017, 12, 31), &[(d(2017, 4, 20), Rag::Green)]),
            done,
        ]);
        let r = action_report(&c, d(2017, 5, 1));
        let state = |id: &str| r.actions.iter().find(|a| a.id == id).unwrap().state;
        assert_eq!(state("A1"), State::Overdue);
        assert_eq!(state("A2"), State::Stale);
        assert_eq!(state("A3"), State::AtRisk);
        assert_eq!(state("A4"), State::OnTrack);
        assert_eq!(state("A5"), State::Complete);
        assert!(r.needs_attention());
        assert_eq!(r.actions[0].id, "A1", "most urgent first");
        assert_eq!(r.actions[0].state_text, "overdue by 31 days");
        let a2 = r.actions.iter().find(|a| a.id == "A2").unwrap();
        assert_eq!(a2.days_since_update, Some(101));
        assert_eq!(r.by_agency.len(), 1);
        assert_eq!(r.by_agency[0].name, "Northbrook Police");
        assert_eq!(r.by_recommendation[0].counts.total, 5);
        assert_eq!(
            r.counts.words(),
            "1 overdue, 1 with no recent update, 1 at risk, 1 on track, 1 complete"
        );
    }

    #[test]
    fn the_day_judged_hides_what_came_after_it() {
        let mut a = action("A1", d(2017, 3, 31), &[(d(2017, 3, 1), Rag::Complete)]);
        a.closed_on = Some(d(2017, 4, 10));
        let c = case_with(vec![a]);
        // Before its closure the action is reported complete: done, not overdue.
        let before = action_report(&c, d(2017, 4, 9));
        assert_eq!(before.actions[0].state, State::OnTrack);
        assert!(!before.needs_attention());
        // Before that report, the due date itself is on time and the day after is overdue.
        let early = case_with(vec![action(
            "A1",
            d(2017, 3, 31),
            &[(d(2017, 3, 1), Rag::Green)],
        )]);
        assert_eq!(
            action_report(&early, d(2017, 3, 31)).actions[0].state,
            State::OnTrack
        );
        assert_eq!(
            action_report(&early, d(2017, 4, 1)).actions[0].state,
            State::Overdue
        );
        let after = action_report(&c, d(2017, 4, 10));
        assert_eq!(after.actions[0].state, State::Complete);
        // With no update yet, staleness runs from the day the plan was agreed.
        let quiet = case_with(vec![action("A1", d(2018, 3, 31), &[])]);
        assert_eq!(
            action_report(&quiet, d(2017, 4, 2)).actions[0].state,
            State::OnTrack
        );
        assert_eq!(
            action_report(&quiet, d(2017, 4, 3)).actions[0].state,
            State::Stale
        );
    }
}
