//! The document set of a review: which documents exist, who receives each, and the built-in
//! Word templates a board can use as they are or rebrand in Word.
//!
//! The templates are generated from [`content`] (so they can be regenerated and reviewed as
//! code) and committed under `templates/`; the committed files are what scrkit uses, embedded
//! in the binary, and a test keeps them equal to what the generator writes.

mod content;

use serde::Serialize;

/// The kinds of document in a review's paperwork.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Referral form (Part 1 by the referrer, Part 2 for the board).
    Referral,
    /// Request for information pro-forma, one per agency, before the decision.
    RequestForInformation,
    /// Panel recommendation and the Independent Chair's decision.
    Decision,
    /// Notification of the decision to Ofsted, the DfE or the National Panel.
    Notification,
    /// Terms of Reference.
    TermsOfReference,
    /// Covering letter sent with each agency's pack.
    CoveringLetter,
    /// Individual management review (IMR) template.
    ManagementReview,
    /// Merged multi-agency chronology.
    MergedChronology,
    /// Final report draft, anonymised.
    FinalReport,
    /// Learning and action plan.
    ActionPlan,
}

/// Every kind, in the order of the process.
pub const ALL: &[DocKind] = &[
    DocKind::Referral,
    DocKind::RequestForInformation,
    DocKind::Decision,
    DocKind::Notification,
    DocKind::TermsOfReference,
    DocKind::CoveringLetter,
    DocKind::ManagementReview,
    DocKind::MergedChronology,
    DocKind::FinalReport,
    DocKind::ActionPlan,
];

impl DocKind {
    /// The id used in file names, manifests and `--only`.
    pub fn id(self) -> &'static str {
        match self {
            DocKind::Referral => "referral",
            DocKind::RequestForInformation => "request_for_information",
            DocKind::Decision => "decision",
            DocKind::Notification => "notification",
            DocKind::TermsOfReference => "terms_of_reference",
            DocKind::CoveringLetter => "covering_letter",
            DocKind::ManagementReview => "management_review",
            DocKind::MergedChronology => "merged_chronology",
            DocKind::FinalReport => "final_report",
            DocKind::ActionPlan => "action_plan",
        }
    }

    /// The document's title.
    pub fn title(self) -> &'static str {
        match self {
            DocKind::Referral => "Serious Case Review referral form",
            DocKind::RequestForInformation => "Request for information",
            DocKind::Decision => "Panel recommendation and Chair's decision",
            DocKind::Notification => "Notification of decision",
            DocKind::TermsOfReference => "Terms of Reference",
            DocKind::CoveringLetter => "Covering letter",
            DocKind::ManagementReview => "Individual management review",
            DocKind::MergedChronology => "Multi-agency chronology",
            DocKind::FinalReport => "Serious Case Review report",
            DocKind::ActionPlan => "Learning and action plan",
        }
    }

    /// The template's file name under `templates/`.
    pub fn file_name(self) -> String {
        format!("{}.docx", self.id().replace('_', "-"))
    }

    /// Finds a kind by its id (as in `--only`), accepting `-` for `_`.
    pub fn from_id(id: &str) -> Option<DocKind> {
        let id = id.trim().replace('-', "_");
        ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The built-in template, as committed under `templates/`.
    pub fn builtin(self) -> &'static [u8] {
        match self {
            DocKind::Referral => include_bytes!("../../templates/referral.docx"),
            DocKind::RequestForInformation => {
                include_bytes!("../../templates/request-for-information.docx")
            }
            DocKind::Decision => include_bytes!("../../templates/decision.docx"),
            DocKind::Notification => include_bytes!("../../templates/notification.docx"),
            DocKind::TermsOfReference => include_bytes!("../../templates/terms-of-reference.docx"),
            DocKind::CoveringLetter => include_bytes!("../../templates/covering-letter.docx"),
            DocKind::ManagementReview => include_bytes!("../../templates/management-review.docx"),
            DocKind::MergedChronology => include_bytes!("../../templates/merged-chronology.docx"),
            DocKind::FinalReport => include_bytes!("../../templates/final-report.docx"),
            DocKind::ActionPlan => include_bytes!("../../templates/action-plan.docx"),
        }
    }

    /// Generates the built-in template from its source description.
    pub fn generate(self) -> Vec<u8> {
        crate::docx::write::build(&content::document(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_file_names_are_safe() {
        for k in ALL {
            assert_eq!(DocKind::from_id(k.id()), Some(*k));
            assert_eq!(DocKind::from_id(&k.id().replace('_', "-")), Some(*k));
            let f = k.file_name();
            assert_eq!(
                crate::output::safe_file_name(f.trim_end_matches(".docx")) + ".docx",
                f
            );
        }
        assert_eq!(DocKind::from_id("nonsense"), None);
    }
}
