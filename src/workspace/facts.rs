//! The day's facts: the date a step happened, validated and written back to the case file.

use super::{ReviewFolder, WorkspaceError, case_file};
use crate::audit::{self, Record};
use crate::case;
use crate::diagnostic::Diagnostic;
use chrono::NaiveDate;
use serde::Serialize;

impl ReviewFolder {
    /// Records the date of a step in the case file (`case.json` only), after checking that the
    /// changed case is still valid; only the date is written into the file, atomically, and
    /// the change recorded with the file's hash before and after.
    pub fn record_fact(
        &self,
        fact: Fact,
        date: NaiveDate,
        today: NaiveDate,
        user: &str,
    ) -> Result<(), WorkspaceError> {
        let Some(path) = self.case_path.clone() else {
            return Err(WorkspaceError::Refused(
                "the review has no case file".into(),
            ));
        };
        if path.extension().is_none_or(|e| e != "json") {
            return Err(WorkspaceError::Refused(
                "this review's case file is a workbook: record the date in it in Excel, in \
                 the sheet that holds it"
                    .into(),
            ));
        }
        if date > today {
            return Err(WorkspaceError::Problems(vec![Diagnostic::error(
                case::json_loc(fact.field()),
                "the date is in the future: record a step once it has happened",
            )]));
        }
        let (text, mut value) = case_file::read(&path)?;
        fact.set(&mut value, date);
        let loaded = case::from_value(value.clone(), &case::SourceMap::new(), today);
        let errors: Vec<Diagnostic> = loaded
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            return Err(WorkspaceError::Problems(errors));
        }
        let before = audit::sha256_file(&path);
        case_file::write_json(&path, &text, &value)?;
        let record = Record::new("fact recorded")
            .file_in(&self.dir, &path)
            .detail(format!("{} (case file was sha256 {before})", fact.field()));
        audit::append(&self.dir, user, &record)?;
        Ok(())
    }
}

/// A step whose date a coordinator records on the day it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Fact {
    /// The referral was received.
    ReferralReceived,
    /// The panel considered the referral.
    PanelConsidered,
    /// The panel made its recommendation.
    Recommended,
    /// The Independent Chair decided.
    Decided,
    /// Ofsted was told of the decision.
    OfstedTold,
    /// The DfE was told of the decision.
    DfeTold,
    /// The National Panel was told of the decision.
    NationalPanelTold,
    /// The review was initiated.
    ReviewInitiated,
    /// The review was completed.
    ReviewCompleted,
    /// The serious incident was known.
    IncidentKnown,
    /// The serious incident was notified.
    IncidentNotified,
    /// The rapid review was completed.
    RapidReviewCompleted,
    /// The report was sent to the National Panel.
    SentToNationalPanel,
    /// The report was published.
    Published,
}

impl Fact {
    /// Every fact, in the order of the process.
    pub const ALL: &[Fact] = &[
        Fact::IncidentKnown,
        Fact::IncidentNotified,
        Fact::RapidReviewCompleted,
        Fact::ReferralReceived,
        Fact::PanelConsidered,
        Fact::Recommended,
        Fact::Decided,
        Fact::OfstedTold,
        Fact::DfeTold,
        Fact::NationalPanelTold,
        Fact::ReviewInitiated,
        Fact::ReviewCompleted,
        Fact::SentToNationalPanel,
        Fact::Published,
    ];

    /// The case file field it sets (a notification's `sent_on` for those told).
    pub fn field(self) -> &'static str {
        match self {
            Fact::ReferralReceived => "referral.received_on",
            Fact::PanelConsidered => "decision.panel_considered_on",
            Fact::Recommended => "decision.recommended_on",
            Fact::Decided => "decision.decided_on",
            Fact::OfstedTold => "decision.notifications[ofsted].sent_on",
            Fact::DfeTold => "decision.notifications[dfe].sent_on",
            Fact::NationalPanelTold => "decision.notifications[national_panel].sent_on",
            Fact::ReviewInitiated => "review.initiated_on",
            Fact::ReviewCompleted => "review.completed_on",
            Fact::IncidentKnown => "referral.incident_known_on",
            Fact::IncidentNotified => "referral.notified_on",
            Fact::RapidReviewCompleted => "referral.rapid_review_completed_on",
            Fact::SentToNationalPanel => "publication.sent_to_national_panel_on",
            Fact::Published => "publication.published_on",
        }
    }

    /// The step in words.
    pub fn label(self) -> &'static str {
        match self {
            Fact::ReferralReceived => "Referral received",
            Fact::PanelConsidered => "Panel considered the referral",
            Fact::Recommended => "Panel made its recommendation",
            Fact::Decided => "Independent Chair decided",
            Fact::OfstedTold => "Ofsted told of the decision",
            Fact::DfeTold => "Department for Education told of the decision",
            Fact::NationalPanelTold => "National Panel told of the decision",
            Fact::ReviewInitiated => "Review initiated",
            Fact::ReviewCompleted => "Review completed",
            Fact::IncidentKnown => "Serious incident became known",
            Fact::IncidentNotified => "Serious incident notified",
            Fact::RapidReviewCompleted => "Rapid review completed",
            Fact::SentToNationalPanel => "Report sent to the National Panel",
            Fact::Published => "Report published",
        }
    }

    /// The fact a field name stands for.
    pub fn from_field(field: &str) -> Option<Fact> {
        Fact::ALL.iter().copied().find(|f| f.field() == field)
    }

    fn set(self, v: &mut serde_json::Value, date: NaiveDate) {
        let date = serde_json::Value::String(date.to_string());
        let to = match self {
            Fact::OfstedTold => "ofsted",
            Fact::DfeTold => "dfe",
            Fact::NationalPanelTold => "national_panel",
            _ => {
                let mut parts = self.field().split('.');
                let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
                    return;
                };
                if !v[a].is_object() {
                    v[a] = serde_json::json!({});
                }
                v[a][b] = date;
                return;
            }
        };
        if !v["decision"].is_object() {
            v["decision"] = serde_json::json!({});
        }
        if !v["decision"]["notifications"].is_array() {
            v["decision"]["notifications"] = serde_json::json!([]);
        }
        if let Some(list) = v["decision"]["notifications"].as_array_mut() {
            match list.iter_mut().find(|n| n["to"] == to) {
                Some(n) => n["sent_on"] = date,
                None => list.push(serde_json::json!({ "to": to, "sent_on": date })),
            }
        }
    }
}
