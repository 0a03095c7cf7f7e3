//! The one table of document kinds: everything scrkit knows about a kind of document is in its
//! row here (the template, its manifest entry, the stages it belongs to, who receives it, its
//! file name in a pack and its title). The enum [`DocKind`], the list [`ALL`], the built-in
//! manifest (`templates/manifest.toml`), the pack's routing and `--only` are all derived from
//! it. ARCHITECTURE.md, "Adding a document kind", says how to add a row.

use super::content;
use super::stage::Stage;
use crate::docx::write::Block;

/// A built-in template: its file name under `templates/` and the committed bytes.
#[derive(Debug)]
pub struct Template {
    /// The file name under `templates/` (and in a board's templates folder).
    pub file: &'static str,
    /// The committed file, embedded in the binary.
    pub bytes: &'static [u8],
}

/// Which agencies receive a per-agency document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agencies {
    /// Every agency in the case.
    All,
    /// Agencies asked for a chronology.
    Chronology,
    /// Agencies asked for an individual management review.
    ManagementReview,
}

/// Which reviews a kind belongs to, by the decision taken: the Terms of Reference of a
/// Serious Case Review are not sent for an alternative review, which has documents of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewForm {
    /// Whatever form the review takes.
    Any,
    /// The statutory review only (a Serious Case Review, a local review): not when the
    /// decision is an alternative form of review.
    Statutory,
    /// Only when the decision is an alternative form of review.
    Alternative,
}

impl ReviewForm {
    /// True when a kind of this form belongs to a review decided `outcome`.
    pub fn follows(self, outcome: crate::case::Outcome) -> bool {
        let alternative = outcome == crate::case::Outcome::Alternative;
        match self {
            ReviewForm::Any => true,
            ReviewForm::Statutory => !alternative,
            ReviewForm::Alternative => alternative,
        }
    }
}

/// Who a pack makes a document for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipients {
    /// One copy in the coordinator's folder.
    Coordinator,
    /// One copy per body told of the decision (Ofsted, the DfE, the National Panel), with
    /// `recipient` in its data and the body's id in its file name.
    NotifiedBodies,
    /// One copy in the folder of each agency that matches, with `agency` in its data.
    Agencies(Agencies),
}

/// One row of the table: a kind of document.
#[derive(Debug)]
pub struct KindSpec {
    /// The id used in manifests, `ScrKind`, `--only` and `--kind` (lower case, underscores).
    pub id: &'static str,
    /// The title, as on the first page, in the footer and in the manifest.
    pub title: &'static str,
    /// The built-in template.
    pub template: Template,
    /// Who receives it, in words (the manifest's `audience`).
    pub audience: &'static str,
    /// Meant for publication: must pass `scr check publication`.
    pub publication: bool,
    /// Other titles a document of this kind is recognised by.
    pub recognise: &'static [&'static str],
    /// The required sections in order: the heading and other accepted wordings.
    pub sections: &'static [(&'static str, &'static [&'static str])],
    /// Data paths a board's template must use.
    pub fields: &'static [&'static str],
    /// The wording and layout of the built-in template (in `content/`).
    pub content: fn(&KindSpec) -> Vec<Block>,
    /// Landscape pages (wide tables).
    pub landscape: bool,
    /// The stages of the review whose packs hold it.
    pub stages: &'static [Stage],
    /// The reviews it belongs to, by the decision: a Serious Case Review's, an alternative
    /// review's, or either.
    pub form: ReviewForm,
    /// Who a pack makes it for; empty when another command makes it (`scr draft`,
    /// `scr chronology merge`).
    pub recipients: &'static [Recipients],
    /// Its file name in a pack (a notification's gets the body's id: `notification-ofsted.docx`).
    pub output: &'static str,
}

/// A built-in template by its file name: the name once, the bytes embedded from `templates/`.
macro_rules! template {
    ($file:literal) => {
        Template {
            file: $file,
            bytes: include_bytes!(concat!("../../templates/", $file)),
        }
    };
}

/// Defines [`DocKind`], [`ALL`] and [`DocKind::spec`] from the rows below, so that a kind is
/// written down once.
macro_rules! document_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $spec:expr; )*) => {
        /// The kinds of document in a review's paperwork, in the order of the process.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum DocKind {
            $( $(#[$doc])* $variant, )*
        }

        /// Every kind, in the order of the process.
        pub const ALL: &[DocKind] = &[$(DocKind::$variant),*];

        impl DocKind {
            /// The kind's row of the table.
            pub fn spec(self) -> &'static KindSpec {
                match self {
                    $( DocKind::$variant => {
                        static SPEC: KindSpec = $spec;
                        &SPEC
                    } )*
                }
            }
        }
    };
}

document_kinds! {
/// Referral form (Part 1 by the referrer, Part 2 for the board).
Referral = KindSpec {
    id: "referral",
    title: "Serious Case Review referral form",
    template: template!("referral.docx"),
    audience: "The referring partner, to the Board's Business Office",
    publication: false,
    recognise: &["Serious Case Review referral", "Referral for a Serious Case Review", "SCR referral form", "Referral form"],
    sections: &[
        ("Referrer", &["Details of the referrer", "The referrer"]),
        ("The child", &[]),
        ("Family and significant others", &[]),
        ("Agencies involved", &[]),
        ("What happened", &["The incident", "Circumstances of the referral"]),
        ("Criteria", &["Criteria for a Serious Case Review", "Which criteria are met"]),
        ("Key dates", &[]),
        ("Securing records", &["Records secured"]),
    ],
    fields: &[
        "referral.referrer.name",
        "referral.referrer.role",
        "referral.referring_agency",
        "referral.made_on",
        "child.full_name",
        "child.date_of_birth",
        "child.address.lines",
        "child.address.postcode",
        "child.gender",
        "child.ethnicity",
        "child.legal_status",
        "child.child_protection_plan",
        "child.whereabouts_at_incident",
        "family[].full_name",
        "family[].relationship",
        "family[].date_of_birth",
        "agencies[].name",
        "agencies[].still_involved",
        "referral.incident_summary",
        "referral.reason",
        "referral.facts.abuse_or_neglect",
        "referral.facts.child_died",
        "referral.facts.seriously_harmed",
        "referral.facts.concern_about_working_together",
        "referral.key_dates[].event",
        "board.secure_email",
    ],
    content: content::referral,
    landscape: false,
    stages: &[Stage::Referral],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "referral-form.docx",
};
/// Request for information, one per agency, before the decision.
RequestForInformation = KindSpec {
    id: "request_for_information",
    title: "Request for information",
    template: template!("request-for-information.docx"),
    audience: "Each agency involved with the child and family (one each)",
    publication: false,
    recognise: &["Request for information pro-forma", "Information request"],
    sections: &[
        ("Why we are asking", &["What prompted the request", "Reason for the request"]),
        ("The child and family", &["The child"]),
        ("Information sharing", &[]),
        ("Your agency's involvement", &["The agency's involvement", "Agency involvement"]),
        ("Practice questions", &["Questions about practice"]),
        ("Parallel processes", &[]),
        ("Declaration", &[]),
    ],
    fields: &[
        "review.reference",
        "board.name",
        "board.secure_email",
        "agency.name",
        "agency.contact.name",
        "child.full_name",
        "child.date_of_birth",
        "child.date_of_death",
        "child.address.lines",
        "child.address.postcode",
        "referral.incident_summary",
        "terms_of_reference.timescales.information_due",
    ],
    content: content::request_for_information,
    landscape: false,
    stages: &[Stage::InformationGathering],
    form: ReviewForm::Any,
    recipients: &[Recipients::Agencies(Agencies::All)],
    output: "request-for-information.docx",
};
/// Panel recommendation and the Independent Chair's decision.
Decision = KindSpec {
    id: "decision",
    title: "Panel recommendation and Chair's decision",
    template: template!("decision.docx"),
    audience: "The Independent Chair and the Board",
    publication: false,
    recognise: &["Panel recommendation", "Chair's decision", "Decision record"],
    sections: &[
        ("The referral", &[]),
        ("The criteria", &["Criteria for a Serious Case Review", "Evaluation against the criteria"]),
        ("Panel recommendation", &["The panel's recommendation"]),
        ("Independent Chair's decision", &["The Independent Chair's decision", "The Chair's decision"]),
        ("Deadlines", &["Timescales", "Dates and deadlines"]),
        ("Notifications", &[]),
    ],
    fields: &[
        "review.reference",
        "board.independent_chair",
        "child.pseudonym",
        "referral.received_on",
        "criteria.clauses[].text",
        "criteria.clauses[].reason",
        "decision.panel_considered_on",
        "decision.recommendation",
        "decision.recommendation_reasons",
        "decision.chair_decision",
        "decision.decided_on",
        "decision.decision_reasons",
        "timeline.deadlines[].due",
    ],
    content: content::decision,
    landscape: false,
    stages: &[Stage::Decision],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "panel-recommendation-and-decision.docx",
};
/// Notification of the decision to Ofsted, the DfE and the National Panel.
Notification = KindSpec {
    id: "notification",
    title: "Notification of decision",
    template: template!("notification.docx"),
    audience: "Ofsted, the Department for Education and the National Panel",
    publication: false,
    recognise: &["Notification of a Serious Case Review decision"],
    sections: &[
        ("Decision", &["The decision"]),
        ("Contact", &[]),
    ],
    fields: &[
        "board.name",
        "recipient.name",
        "review.reference",
        "child.pseudonym",
        "decision.chair_decision",
        "decision.decided_on",
        "decision.decision_reasons",
        "review.reviewers[].name",
        "criteria.outcome",
        "board.business_manager.name",
        "board.business_manager.email",
    ],
    content: content::notification,
    landscape: false,
    stages: &[Stage::Notification],
    form: ReviewForm::Any,
    recipients: &[Recipients::NotifiedBodies],
    output: "notification.docx",
};
/// Terms of Reference.
TermsOfReference = KindSpec {
    id: "terms_of_reference",
    title: "Terms of Reference",
    template: template!("terms-of-reference.docx"),
    audience: "The review panel and every agency",
    publication: false,
    recognise: &["Terms of Reference for the Serious Case Review"],
    sections: &[
        ("Background", &["Introduction"]),
        ("Scope", &["Scope of the review", "Scope period"]),
        ("Methodology", &[]),
        ("Chair and reviewers", &["Independent chair and reviewer", "Independent chair and reviewers", "Independent chair and lead reviewer", "Lead reviewer"]),
        ("Panel membership", &[]),
        ("Agencies and what each returns", &["Agencies and what they return", "Agency contributions"]),
        ("Key lines of enquiry", &[]),
        ("Involvement of practitioners", &["Practitioner involvement"]),
        ("Involvement of the family", &["Family involvement"]),
        ("Information sharing and consent", &[]),
        ("Parallel processes", &[]),
        ("Timescales", &[]),
        ("Publication", &["Publication and media"]),
    ],
    fields: &[
        "review.reference",
        "child.pseudonym",
        "review.scope.from",
        "review.scope.to",
        "review.methodology",
        "review.independent_chair",
        "review.reviewers[].name",
        "review.panel[].name",
        "review.panel[].role",
        "agencies[].name",
        "agencies[].returns.chronology",
        "agencies[].returns.management_review",
        "terms_of_reference.key_lines_of_enquiry[]",
        "terms_of_reference.practitioner_involvement",
        "terms_of_reference.family_involvement.who",
        "terms_of_reference.information_sharing",
        "terms_of_reference.parallel_processes[].kind",
        "terms_of_reference.timescales.management_reviews_due",
        "terms_of_reference.publication_plan",
    ],
    content: content::terms_of_reference,
    landscape: false,
    stages: &[Stage::Commissioning, Stage::LocalReviewCommissioning],
    form: ReviewForm::Statutory,
    recipients: &[Recipients::Coordinator, Recipients::Agencies(Agencies::All)],
    output: "terms-of-reference.docx",
};
/// Covering letter sent with each agency's pack.
CoveringLetter = KindSpec {
    id: "covering_letter",
    title: "Covering letter",
    template: template!("covering-letter.docx"),
    audience: "Each agency's designated lead (one each)",
    publication: false,
    recognise: &["Letter to agencies"],
    sections: &[
        ("What we ask of your agency", &["What we are asking for", "What we ask"]),
        ("When and how to return it", &["How to return it securely", "Returning documents securely"]),
        ("Enclosures", &[]),
    ],
    fields: &[
        "review.reference",
        "agency.name",
        "agency.contact.name",
        "agency.returns.chronology",
        "agency.returns.management_review",
        "agency.enclosures[]",
        "terms_of_reference.timescales.chronologies_due",
        "terms_of_reference.timescales.management_reviews_due",
        "board.business_manager.name",
        "board.secure_email",
    ],
    content: content::covering_letter,
    landscape: false,
    stages: &[Stage::Commissioning, Stage::LocalReviewCommissioning],
    form: ReviewForm::Statutory,
    recipients: &[Recipients::Agencies(Agencies::All)],
    output: "covering-letter.docx",
};
/// Individual management review (IMR) template.
ManagementReview = KindSpec {
    id: "management_review",
    title: "Individual management review",
    template: template!("management-review.docx"),
    audience: "Agencies asked for a management review; returned to the review panel",
    publication: false,
    recognise: &["Individual management review (IMR)", "IMR", "Agency report", "Management review"],
    sections: &[
        ("Agency and author", &["The agency and the author"]),
        ("Independence of the author", &["Author's independence"]),
        ("Records secured", &["Securing records"]),
        ("Timespan of the review", &["Timespan", "Period reviewed"]),
        ("Sources", &["Sources of information", "Records seen and staff interviewed"]),
        ("Context", &["Contextual factors", "Organisational context"]),
        ("The agency's involvement", &["Agency involvement", "Summary of involvement"]),
        ("Analysis against the lines of enquiry", &["Analysis", "Analysis of involvement"]),
        ("Good practice", &[]),
        ("What should have happened", &["What should have happened and why it did not"]),
        ("Learning", &["Lessons learned", "Key learning"]),
        ("Recommendations and action plan", &["Recommendations", "Action plan"]),
    ],
    fields: &[
        "review.reference",
        "agency.name",
        "child.pseudonym",
        "review.scope.from",
        "review.scope.to",
        "terms_of_reference.key_lines_of_enquiry[]",
        "terms_of_reference.timescales.management_reviews_due",
    ],
    content: content::management_review,
    landscape: false,
    stages: &[Stage::Commissioning, Stage::LocalReviewCommissioning],
    form: ReviewForm::Statutory,
    recipients: &[Recipients::Agencies(Agencies::ManagementReview)],
    output: "management-review.docx",
};
/// Notice to each agency that the decision is an alternative form of review, and what it asks.
AlternativeReviewNotice = KindSpec {
    id: "alternative_review_notice",
    title: "Notice of an alternative review",
    template: template!("alternative-review-notice.docx"),
    audience: "Each agency's designated lead (one each), when an alternative review is commissioned",
    publication: false,
    recognise: &["Alternative review letter", "Notice of alternative review"],
    sections: &[
        ("Why an alternative review", &["The decision"]),
        ("What we ask of your agency", &["What we are asking for", "What we ask"]),
        ("Monitoring by the Board", &["Monitoring"]),
        ("When and how to return it", &["How to return it securely", "Returning documents securely"]),
        ("Enclosures", &[]),
    ],
    fields: &[
        "review.reference",
        "agency.name",
        "agency.contact.name",
        "decision.decided_on",
        "decision.alternative_review",
        "decision.decision_reasons",
        "agency.returns.chronology",
        "agency.enclosures[]",
        "board.business_manager.name",
        "board.secure_email",
    ],
    content: content::alternative_review_notice,
    landscape: false,
    stages: &[Stage::Commissioning, Stage::LocalReviewCommissioning],
    form: ReviewForm::Alternative,
    recipients: &[Recipients::Agencies(Agencies::All)],
    output: "notice-of-alternative-review.docx",
};
/// Terms of Reference of an alternative review: why, the form chosen, who takes part, and
/// what the board monitors.
AlternativeTermsOfReference = KindSpec {
    id: "alternative_terms_of_reference",
    title: "Terms of Reference for an alternative review",
    template: template!("alternative-terms-of-reference.docx"),
    audience: "The review's lead and every agency taking part, when an alternative review is commissioned",
    publication: false,
    recognise: &["Terms of Reference for the alternative review", "Alternative review Terms of Reference"],
    sections: &[
        ("Why an alternative review", &["The decision"]),
        ("The review chosen", &["Form of review", "Method"]),
        ("Background", &["Introduction"]),
        ("Scope", &["Scope of the review"]),
        ("Agencies taking part", &["Agencies and what each returns"]),
        ("Key lines of enquiry", &[]),
        ("Involvement of practitioners and the family", &["Involvement of practitioners", "Involvement of the family"]),
        ("Monitoring by the Board", &["Monitoring"]),
        ("Timescales", &[]),
    ],
    fields: &[
        "review.reference",
        "child.pseudonym",
        "decision.decided_on",
        "decision.alternative_review",
        "decision.decision_reasons",
        "review.scope.from",
        "review.scope.to",
        "agencies[].name",
        "terms_of_reference.key_lines_of_enquiry[]",
    ],
    content: content::alternative_terms_of_reference,
    landscape: false,
    stages: &[Stage::Commissioning, Stage::LocalReviewCommissioning],
    form: ReviewForm::Alternative,
    recipients: &[Recipients::Coordinator, Recipients::Agencies(Agencies::All)],
    output: "terms-of-reference-alternative-review.docx",
};
/// Merged multi-agency chronology (made by `scr chronology merge`).
MergedChronology = KindSpec {
    id: "merged_chronology",
    title: "Multi-agency chronology",
    template: template!("merged-chronology.docx"),
    audience: "The review panel",
    publication: false,
    recognise: &["Merged chronology", "Combined chronology", "Integrated chronology"],
    sections: &[
        ("Entries", &["Chronology", "Chronology of events"]),
        ("Possible duplicates", &[]),
        ("Gaps", &["Gaps in contact"]),
        ("Missing returns", &[]),
    ],
    fields: &[
        "review_reference",
        "scope_from",
        "scope_to",
        "rows[].when",
        "rows[].agency",
        "rows[].source",
        "rows[].event",
        "rows[].outcome",
        "duplicate_groups[].rows",
        "gaps[].from",
        "missing_returns[].name",
    ],
    content: content::merged_chronology,
    landscape: true,
    stages: &[Stage::Panels, Stage::LocalReview],
    form: ReviewForm::Any,
    recipients: &[],
    output: "merged-chronology.docx",
};
/// Final report draft, anonymised (made by `scr draft`).
FinalReport = KindSpec {
    id: "final_report",
    title: "Case review report",
    template: template!("final-report.docx"),
    audience: "The independent author; published by the Board",
    publication: true,
    recognise: &["Serious Case Review report", "Serious Case Review: Child", "Local child safeguarding practice review: Child", "Final report", "Overview report", "Serious Case Review overview report", "Child Safeguarding Practice Review report"],
    sections: &[
        ("Introduction", &[]),
        ("Process and methodology", &["The review process", "Methodology"]),
        ("Panel membership", &["The review panel", "Panel members"]),
        ("Family involvement", &["Involvement of the family", "The family's contribution"]),
        ("Parallel processes", &[]),
        ("Summary of the case", &["Case summary", "Background"]),
        ("Analysis", &["Analysis by line of enquiry"]),
        ("Findings", &["Findings and key learning", "Key findings"]),
        ("Good practice", &[]),
        ("Recommendations", &[]),
        ("Actions already taken and their impact", &["Actions taken and their impact", "Actions taken"]),
        ("What more will be done", &["Further action"]),
    ],
    fields: &[
        "board.name",
        "review.reference",
        "child.pseudonym",
        "review.methodology",
        "review.independent_chair",
        "review.panel[].role",
        "review.scope.from",
        "review.scope.to",
        "terms_of_reference.key_lines_of_enquiry[]",
        "terms_of_reference.family_involvement.who",
        "terms_of_reference.parallel_processes[].kind",
        "learning.findings[].finding",
        "learning.recommendations[].recommendation",
    ],
    content: content::final_report,
    landscape: false,
    stages: &[Stage::Report, Stage::LocalReviewReport],
    form: ReviewForm::Any,
    recipients: &[],
    output: "final-report.docx",
};
/// Learning and action plan.
ActionPlan = KindSpec {
    id: "action_plan",
    title: "Learning and action plan",
    template: template!("action-plan.docx"),
    audience: "The Board",
    publication: false,
    recognise: &["Action plan", "Strategic action plan"],
    sections: &[
        ("Actions", &["Recommendations and actions", "Action plan"]),
        ("Monitoring", &["Monitoring progress", "Monitoring and review"]),
    ],
    fields: &[
        "review.reference",
        "child.pseudonym",
        "action_plan.recommendations[].recommendation",
        "action_plan.recommendations[].actions[].action",
        "action_plan.recommendations[].actions[].owner_name",
        "action_plan.recommendations[].actions[].due_on",
        "action_plan.recommendations[].actions[].rag_label",
    ],
    content: content::action_plan,
    landscape: true,
    stages: &[Stage::Report, Stage::LocalReviewReport],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "learning-and-action-plan.docx",
};
/// The board's progress report on the action plan, as at the day it is made.
ProgressReport = KindSpec {
    id: "progress_report",
    title: "Action plan progress report",
    template: template!("progress-report.docx"),
    audience: "The Board (or the safeguarding partners) and its review sub-group",
    publication: false,
    recognise: &["Progress report", "Action plan update", "Action tracker report"],
    sections: &[
        ("Summary", &["Summary of progress"]),
        ("Actions needing attention", &["Overdue actions", "Exceptions"]),
        ("Other actions", &["All actions"]),
    ],
    fields: &[
        "review.reference",
        "action_plan.as_of",
        "action_plan.by_agency[].name",
        "action_plan.attention[].action",
        "action_plan.attention[].state_label",
    ],
    content: content::progress_report,
    landscape: true,
    stages: &[Stage::Report, Stage::Publication, Stage::LocalReviewReport, Stage::LocalReviewPublication],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "action-plan-progress-report.docx",
};
/// The published statement of actions taken, their impact and what more will be done.
ActionsPublished = KindSpec {
    id: "actions_published",
    title: "Actions taken in response to the review",
    template: template!("actions-published.docx"),
    audience: "The public: published with the report or beside it",
    publication: true,
    recognise: &["Actions taken, their impact and what more will be done", "Response to the review"],
    sections: &[
        ("The review's recommendations", &["Recommendations"]),
        ("Actions already taken and their impact", &["Actions taken and their impact", "Actions taken"]),
        ("What more will be done", &["Further action"]),
    ],
    fields: &[
        "board.name",
        "child.pseudonym",
        "action_plan.taken[].action",
        "action_plan.to_do[].action",
    ],
    content: content::actions_published,
    landscape: false,
    stages: &[Stage::Publication, Stage::LocalReviewPublication],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "actions-taken-and-their-impact.docx",
};/// Record of the serious incident notification to the Child Safeguarding Practice Review Panel.
SeriousIncidentNotification = KindSpec {
    id: "serious_incident_notification",
    title: "Serious incident notification record",
    template: template!("serious-incident-notification.docx"),
    audience: "The safeguarding partnership's own record of what the local authority notified",
    publication: false,
    recognise: &["Serious incident notification", "Notification of a serious incident"],
    sections: &[
        ("The child", &[]),
        ("The incident", &[]),
        ("Agencies involved", &[]),
        ("When the local authority became aware and when it notified", &["Dates", "Dates of awareness and notification"]),
        ("The duty to notify", &["Criteria for notification"]),
    ],
    fields: &[
        "review.reference",
        "child.full_name",
        "child.date_of_birth",
        "referral.incident_summary",
        "agencies[].name",
        "referral.incident_known_on",
        "referral.notified_on",
    ],
    content: content::serious_incident_notification,
    landscape: false,
    stages: &[Stage::SeriousIncident],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "serious-incident-notification.docx",
};
/// The rapid review's letter to each agency on day 1, asking for its agency summary.
RapidReviewLetter = KindSpec {
    id: "rapid_review_letter",
    title: "Rapid review letter to agencies",
    template: template!("rapid-review-letter.docx"),
    audience: "Each agency's safeguarding lead (one each)",
    publication: false,
    recognise: &["Rapid review request", "Rapid review: letter to agencies"],
    sections: &[
        ("What we ask of your agency", &["What we are asking for"]),
        ("When and how to return it", &["How to return it securely"]),
        ("The rapid review meeting", &["The meeting"]),
        ("Enclosures", &[]),
    ],
    fields: &[
        "review.reference",
        "agency.name",
        "agency.contact.name",
        "child.full_name",
        "referral.notified_on",
        "rapid_review.due.summaries_due",
        "board.secure_email",
    ],
    content: content::rapid_review_letter,
    landscape: false,
    stages: &[Stage::RapidReview],
    form: ReviewForm::Any,
    recipients: &[Recipients::Agencies(Agencies::All)],
    output: "rapid-review-letter.docx",
};
/// Every agency's summary merged, for the rapid review meeting (made by `scr summary merge`).
AgencySummaries = KindSpec {
    id: "agency_summaries",
    title: "Agency summaries",
    template: template!("agency-summaries.docx"),
    audience: "The safeguarding partners at the rapid review meeting",
    publication: false,
    recognise: &["Merged agency summaries", "Rapid review agency summaries"],
    sections: &[
        ("Agency involvement", &["Involvement"]),
        ("Key practice episodes", &[]),
        ("Immediate action taken", &["Immediate action"]),
        ("Early learning", &["Learning"]),
        ("Summaries received", &["Received"]),
    ],
    fields: &[
        "review_reference",
        "involvement[].agency",
        "involvement[].summary",
        "episodes[].when",
        "episodes[].summary",
        "actions[].summary",
        "learning[].summary",
        "missing[].name",
    ],
    content: content::agency_summaries,
    landscape: true,
    stages: &[Stage::RapidReview],
    form: ReviewForm::Any,
    recipients: &[],
    output: "agency-summaries.docx",
};
/// The rapid review report, in the shape the Panel asks for.
RapidReviewReport = KindSpec {
    id: "rapid_review_report",
    title: "Rapid review report",
    template: template!("rapid-review-report.docx"),
    audience: "The safeguarding partners; sent to the Child Safeguarding Practice Review Panel",
    publication: false,
    recognise: &["Rapid review", "Rapid review template"],
    sections: &[
        ("The facts as far as readily established", &["The facts", "Facts of the case"]),
        ("Agency involvement", &[]),
        ("Key practice episodes", &[]),
        ("Immediate safety action", &["Immediate action taken"]),
        ("Learning and improvements identified", &["Learning identified", "Learning"]),
        ("The child's identity and needs", &["Identity and needs", "Race, culture, disability and other inequalities"]),
        ("Decision on a local child safeguarding practice review", &["Decision on a local review", "Local review decision"]),
        ("View on a national review", &["National review"]),
        ("Sign-off", &["Signed off by"]),
    ],
    fields: &[
        "review.reference",
        "child.pseudonym",
        "rapid_review.facts",
        "rapid_review.immediate_action",
        "rapid_review.learning",
        "rapid_review.identity_context.race",
        "rapid_review.identity_context.culture",
        "rapid_review.identity_context.disability",
        "rapid_review.identity_context.other_inequalities",
        "criteria.decisions.local_review.decision_text",
        "criteria.decisions.national_review.summary",
    ],
    content: content::rapid_review_report,
    landscape: false,
    stages: &[Stage::RapidReview],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "rapid-review-report.docx",
};
/// The safeguarding partners' sign-off of the rapid review and its decision.
PartnersSignOff = KindSpec {
    id: "partners_sign_off",
    title: "Safeguarding partners' sign-off",
    template: template!("partners-sign-off.docx"),
    audience: "The safeguarding partners",
    publication: false,
    recognise: &["Sign-off record", "Partners' sign-off"],
    sections: &[
        ("The decision", &[]),
        ("Signed off by the safeguarding partners", &["Sign-off", "Signed off by"]),
    ],
    fields: &[
        "review.reference",
        "criteria.decisions.local_review.summary",
        "rapid_review.sign_off[].partner",
        "rapid_review.sign_off[].name",
    ],
    content: content::partners_sign_off,
    landscape: false,
    stages: &[Stage::PartnersDecision],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "partners-sign-off.docx",
};
/// Record of the Child Safeguarding Practice Review Panel's response to the rapid review.
PanelResponse = KindSpec {
    id: "panel_response",
    title: "Record of the Panel's response",
    template: template!("panel-response.docx"),
    audience: "The safeguarding partners",
    publication: false,
    recognise: &["Panel response", "The Panel's response"],
    sections: &[
        ("The local review", &[]),
        ("A national review", &["National review"]),
        ("The Panel's comments", &["Comments"]),
        ("What the partners will do", &["Response to the Panel"]),
    ],
    fields: &[
        "review.reference",
        "rapid_review.panel_response.received_on",
        "rapid_review.panel_response.agrees_with_decision",
        "rapid_review.panel_response.national_review",
        "rapid_review.panel_response.comments",
    ],
    content: content::panel_response,
    landscape: false,
    stages: &[Stage::PartnersDecision],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "panel-response.docx",
};
/// Notice and copy of the local review's report to the Panel and the Secretary of State,
/// before publication.
PublicationNotice = KindSpec {
    id: "publication_notice",
    title: "Notice of publication",
    template: template!("publication-notice.docx"),
    audience: "The Child Safeguarding Practice Review Panel and the Secretary of State",
    publication: false,
    recognise: &["Notice of publication to the Panel", "Copy of the report to the Panel"],
    sections: &[
        ("The report", &[]),
        ("Publication", &[]),
        ("Enclosures", &[]),
        ("Contact", &[]),
    ],
    fields: &[
        "review.reference",
        "child.pseudonym",
        "publication.published_on",
        "board.business_manager.name",
    ],
    content: content::publication_notice,
    landscape: false,
    stages: &[Stage::LocalReviewPublication],
    form: ReviewForm::Any,
    recipients: &[Recipients::Coordinator],
    output: "notice-of-publication.docx",
};
}
