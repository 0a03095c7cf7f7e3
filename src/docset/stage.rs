//! The stages of a review, in the order of the process.

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
}
