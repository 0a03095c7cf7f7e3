//! The learning chain as templates see it: the case's findings and recommendations with what
//! they cite in words, and the action plan as it stands on the document's day (`action_plan`),
//! recommendation by recommendation and most urgent first, each action's owner by name, its
//! latest rating in words and in the colour its cell is shaded.
//!
//! | key | what it holds |
//! | --- | --- |
//! | `learning.findings[].episodes_text` | the key episodes it is drawn from: "KE1 (The domestic incident of April 2015) and KE4 (…)" |
//! | `learning.recommendations[].findings_text` | the findings it rests on, likewise |
//! | `action_plan.as_of`, `agreed_on`, `update_interval_days` | the day judged, the board's agreement, how often updates are due |
//! | `action_plan.counts`, `summary` | actions by state (`total`, `overdue`, `stale`, `at_risk`, `on_track`, `complete`) and in words |
//! | `action_plan.recommendations[]` | each recommendation (`id`, `recommendation`, `addressed_to`, `findings_text`) with its `actions` |
//! | `action_plan.actions[]` | every action, most urgent first; `attention[]` the overdue and stale, `others[]` the rest |
//! | `action_plan.taken[]`, `to_do[]` | actions done (closed, or reported complete) and still to do, in the plan's order, for the published statement |
//! | `action_plan.by_agency[]`, `by_recommendation[]` | `id`, `name`, `counts` |
//!
//! An action reads: `id`, `recommendation`, `action`, `owner_agency` (the id), `owner_name`,
//! `lead`, `due_on`, `due_month` ("March 2017"), `success_measure`, `state`, `state_label`,
//! `state_text`, `state_colour`, `rag_label` ("Green", or "No update yet"), `rag_colour`,
//! `last_update_on`, `last_note`, `evidence_of_impact` (once the action is done by the day),
//! `closed_on`, `closure_agreed_by`.
//! Colours are light tints (RGB hex) that black text reads on; the words are always beside them.

use crate::actions::{ActionStatus, Counts, State, action_report};
use crate::case::{Case, Rag};
use crate::uk_dates::month_year;
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The tint a document shades a rating's cell with.
pub fn rag_tint(rag: Rag) -> &'static str {
    match rag {
        Rag::Red => "FFC7CE",
        Rag::Amber => "FFEB9C",
        Rag::Green => "C6EFCE",
        Rag::Complete => "BDD7EE",
    }
}

/// The tint a document shades a state's cell with, matching the ratings'.
pub fn state_tint(state: State) -> &'static str {
    match state {
        State::Overdue => rag_tint(Rag::Red),
        State::Stale | State::AtRisk => rag_tint(Rag::Amber),
        State::OnTrack => rag_tint(Rag::Green),
        State::Complete => rag_tint(Rag::Complete),
    }
}

/// "KE1 (title) and KE4 (title)": cited ids with what they are, in the order cited.
fn cited(ids: &[String], title: impl Fn(&str) -> Option<String>) -> String {
    let items: Vec<String> = ids
        .iter()
        .map(|id| match title(id) {
            Some(t) if !t.trim().is_empty() => format!("{id} ({})", t.trim()),
            _ => id.clone(),
        })
        .collect();
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Adds to the case's `learning` what each finding and recommendation cites, in words.
pub(super) fn cite_in_words(case: &Case, learning: &mut Value) {
    let l = &case.learning;
    if let Some(Value::Array(fs)) = learning.get_mut("findings") {
        for (v, f) in fs.iter_mut().zip(&l.findings) {
            v["episodes_text"] = Value::String(cited(&f.episodes, |id| {
                l.key_episodes
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| e.title.clone())
            }));
        }
    }
    if let Some(Value::Array(rs)) = learning.get_mut("recommendations") {
        for (v, r) in rs.iter_mut().zip(&l.recommendations) {
            v["findings_text"] = Value::String(cited(&r.findings, |id| {
                l.findings
                    .iter()
                    .find(|f| f.id == id)
                    .map(|f| f.title.clone())
            }));
        }
    }
}

/// Done by the day: closed by the board, or reported complete by its owner.
fn done(s: &ActionStatus) -> bool {
    s.state == State::Complete || s.last_rag == Some(Rag::Complete)
}

fn action_value(case: &Case, s: &ActionStatus) -> Value {
    let a = case.learning.action(&s.id);
    let (rag_label, rag_colour) = match s.last_rag {
        Some(r) => (r.label(), Value::String(rag_tint(r).into())),
        None => ("No update yet", Value::Null),
    };
    json!({
        "id": s.id,
        "recommendation": s.recommendation,
        "action": s.action,
        "owner_agency": s.owner_agency,
        "owner_name": s.owner_name,
        "lead": s.lead,
        "due_on": s.due_on,
        "due_month": s.due_on.map(month_year),
        "success_measure": a.map(|a| a.success_measure.clone()).unwrap_or_default(),
        "state": s.state,
        "state_label": s.state_label,
        "state_text": s.state_text,
        "state_colour": state_tint(s.state),
        "rag": s.last_rag,
        "rag_label": rag_label,
        "rag_colour": rag_colour,
        "last_update_on": s.last_update_on,
        "last_note": s.last_note,
        // Evidence carries no date of its own: it shows once the action is done by the day,
        // so that a plan dated before the work never quotes its outcome.
        "evidence_of_impact": if done(s) { s.evidence_of_impact.as_str() } else { "" },
        "closed_on": s.closed_on,
        "closure_agreed_by": a.filter(|_| s.closed_on.is_some()).map(|a| a.closure_agreed_by.clone()).unwrap_or_default(),
    })
}

fn counts_value(c: &Counts) -> Value {
    json!({
        "total": c.total,
        "overdue": c.overdue,
        "stale": c.stale,
        "at_risk": c.at_risk,
        "on_track": c.on_track,
        "complete": c.complete,
        "text": c.words(),
    })
}

/// The action plan as it stands on `as_of`, for templates.
pub fn action_plan(case: &Case, as_of: NaiveDate) -> Value {
    let report = action_report(case, as_of);
    let actions: Vec<Value> = report
        .actions
        .iter()
        .map(|s| action_value(case, s))
        .collect();
    let pick = |f: &dyn Fn(&ActionStatus) -> bool| -> Vec<Value> {
        report
            .actions
            .iter()
            .zip(&actions)
            .filter(|(s, _)| f(s))
            .map(|(_, v)| v.clone())
            .collect()
    };
    // The plan's own order (by recommendation, as the board agreed it), for what is read
    // recommendation by recommendation.
    let in_plan_order = |f: &dyn Fn(&ActionStatus) -> bool| -> Vec<Value> {
        case.learning
            .actions
            .iter()
            .filter_map(|a| report.actions.iter().position(|s| s.id == a.id))
            .filter(|&i| f(&report.actions[i]))
            .map(|i| actions[i].clone())
            .collect()
    };
    let recommendations: Vec<Value> = case
        .learning
        .recommendations
        .iter()
        .map(|r| {
            let own = in_plan_order(&|s| s.recommendation == r.id);
            json!({
                "id": r.id,
                "recommendation": r.recommendation,
                "addressed_to": r.addressed_to,
                "findings_text": cited(&r.findings, |id| case.learning.findings.iter().find(|f| f.id == id).map(|f| f.title.clone())),
                "actions": own,
            })
        })
        .collect();
    let groups = |gs: &[crate::actions::Group]| -> Vec<Value> {
        gs.iter()
            .map(|g| json!({"id": g.id, "name": g.name, "counts": counts_value(&g.counts)}))
            .collect()
    };
    json!({
        "as_of": report.as_of,
        // Not yet agreed on a day before the board agreed it.
        "agreed_on": case.learning.plan_agreed_on.filter(|d| *d <= as_of),
        "update_interval_days": report.update_interval_days,
        "counts": counts_value(&report.counts),
        "summary": format!(
            "{} {}: {}.",
            report.counts.total,
            if report.counts.total == 1 { "action" } else { "actions" },
            report.counts.words()
        ),
        "recommendations": recommendations,
        "attention": pick(&|s| s.state.needs_attention()),
        "others": pick(&|s| !s.state.needs_attention()),
        "taken": in_plan_order(&|s| done(s)),
        "to_do": in_plan_order(&|s| !done(s)),
        "actions": actions,
        "by_agency": groups(&report.by_agency),
        "by_recommendation": groups(&report.by_recommendation),
    })
}

/// The board's progress report on the action plan as at `as_of` (`scr actions report`), from
/// the built-in template or a board's own.
pub fn progress_report(
    case: &Case,
    as_of: NaiveDate,
    templates: &super::TemplateSource,
) -> Result<Vec<u8>, Vec<crate::diagnostic::Diagnostic>> {
    let kind = crate::docset::DocKind::ProgressReport;
    let mut compiled = super::load_templates(templates, &[kind])?;
    let t = compiled.remove(&kind).ok_or_else(|| {
        vec![
            crate::diagnostic::Diagnostic::error(
                crate::diagnostic::Location::File,
                "no progress report template",
            )
            .with_help("this is a bug in scrkit; please report it"),
        ]
    })?;
    t.render_owned(super::context::case_context(case, as_of))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_read_as_ids_with_their_titles() {
        let ids = ["KE1".to_string(), "KE9".to_string(), "KE4".to_string()];
        let t = cited(&ids, |id| match id {
            "KE1" => Some("April".into()),
            "KE4" => Some("December".into()),
            _ => None,
        });
        assert_eq!(t, "KE1 (April), KE9 and KE4 (December)");
        assert_eq!(cited(&[], |_| None), "");
    }
}
