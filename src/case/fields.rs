//! The case workbook's layout: which sheet holds which field, under what label, of what kind.
//!
//! One table drives both directions, so the blank workbook that `scr case new` writes and the
//! reader that loads a filled one can never disagree. Paths are the JSON paths of the case file,
//! so a problem found by validation maps straight back to the cell a coordinator typed into.

/// What a cell holds, which decides how it is written (format, drop-down) and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// Several short items in one cell, separated by `;` or new lines (names, address lines).
    Items,
    /// A date, shown dd/mm/yyyy.
    Date,
    /// Yes or no.
    Bool,
    /// A whole number (days, counts).
    Number,
    /// One of fixed choices: (JSON value, label shown in the drop-down).
    Choice(&'static [(&'static str, &'static str)]),
}

/// One field of the case file as it appears in the workbook.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Path inside the sheet's object (forms: from the case root; tables: from the row item).
    pub path: &'static str,
    /// The label a coordinator sees.
    pub label: &'static str,
    /// How the cell is written and read.
    pub kind: FieldKind,
    /// A line of guidance shown beside the field.
    pub help: &'static str,
}

/// How a sheet is laid out.
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    /// One field per row: Field | Value | Guidance.
    Form(&'static [Field]),
    /// One item per row under a header row; the items form the array at `array`.
    Table {
        /// JSON path of the array.
        array: &'static str,
        /// The columns, in order.
        columns: &'static [Field],
    },
    /// One item per row of an array held inside the items of another array (an action's
    /// updates): the first column names the parent item by its key, the others are the
    /// child's fields. The parent's sheet must come earlier in [`SHEETS`].
    Nested {
        /// JSON path of the parent array.
        parent: &'static str,
        /// The parent's field that identifies it (e.g. "id").
        key: &'static str,
        /// The label of the first column, which holds the parent's key.
        key_label: &'static str,
        /// The child array's name inside each parent item.
        child: &'static str,
        /// The child's columns, after the key column.
        columns: &'static [Field],
    },
}

/// A sheet of the case workbook.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// Sheet name.
    pub name: &'static str,
    /// What it is for, shown on the instructions sheet.
    pub purpose: &'static str,
    /// Its layout.
    pub layout: Layout,
}

use FieldKind::*;

const fn f(path: &'static str, label: &'static str, kind: FieldKind, help: &'static str) -> Field {
    Field {
        path,
        label,
        kind,
        help,
    }
}

/// Yes / no / not known.
pub const ANSWER: &[(&str, &str)] = &[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")];
/// Kinds of review.
pub const REVIEW_KIND: &[(&str, &str)] = &[
    ("scr", "Serious Case Review"),
    ("cspr", "Local Child Safeguarding Practice Review"),
    ("rapid_review", "Rapid review"),
    ("alternative", "Alternative review"),
];
/// Regimes.
pub const REGIME: &[(&str, &str)] = &[
    ("2015", "Working Together 2015"),
    ("2018", "Working Together 2018/2023"),
];
/// Methodologies named by the process.
pub const METHODOLOGY: &[(&str, &str)] = &[
    ("not_agreed", "Not yet agreed"),
    ("learning_together", "SCIE Learning Together"),
    ("root_cause_analysis", "Root Cause Analysis"),
    (
        "child_practice_review",
        "Child Practice Review (Welsh model)",
    ),
    ("silp", "Significant Incident Learning Process"),
    ("appreciative_inquiry", "Appreciative Inquiry"),
    ("other", "Other"),
];
/// Recommendations and decisions.
pub const OUTCOME: &[(&str, &str)] = &[
    ("pending", "Pending"),
    ("initiate", "Initiate a review"),
    ("alternative", "Alternative review"),
    ("no_review", "No review"),
];
/// Notification recipients.
pub const RECIPIENT: &[(&str, &str)] = &[
    ("ofsted", "Ofsted"),
    ("dfe", "Department for Education"),
    ("national_panel", "National Panel"),
    ("board_members", "Board members"),
];
/// Red-amber-green ratings of an action update.
pub const RAG: &[(&str, &str)] = &[
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("complete", "Complete"),
];
/// Parallel processes.
pub const PROCESS_KIND: &[(&str, &str)] = &[
    ("criminal_investigation", "Criminal investigation"),
    ("inquest", "Inquest"),
    ("care_proceedings", "Care proceedings"),
    ("domestic_homicide_review", "Domestic homicide review"),
    ("safeguarding_adult_review", "Safeguarding adult review"),
    ("other", "Other"),
];

const REVIEW: &[Field] = &[
    f("board.name", "Board name", Text, "Full name of the board"),
    f(
        "board.short_name",
        "Board short name",
        Text,
        "e.g. Northbrook LSCB",
    ),
    f(
        "board.address",
        "Board address",
        Items,
        "Lines separated by ;",
    ),
    f(
        "board.secure_email",
        "Board secure e-mail",
        Text,
        "Where agencies return documents",
    ),
    f("board.business_manager.name", "Business manager", Text, ""),
    f(
        "board.business_manager.role",
        "Business manager role",
        Text,
        "",
    ),
    f(
        "board.business_manager.email",
        "Business manager e-mail",
        Text,
        "",
    ),
    f(
        "board.business_manager.phone",
        "Business manager phone",
        Text,
        "",
    ),
    f(
        "board.independent_chair",
        "Board Independent Chair",
        Text,
        "Makes the final decision",
    ),
    f(
        "review.reference",
        "Review reference",
        Text,
        "e.g. SCR-2016-03",
    ),
    f("review.kind", "Kind of review", Choice(REVIEW_KIND), ""),
    f(
        "review.regime",
        "Regime",
        Choice(REGIME),
        "Which statutory guidance applies",
    ),
    f("review.methodology", "Methodology", Choice(METHODOLOGY), ""),
    f(
        "review.methodology_notes",
        "Methodology notes",
        Text,
        "Required when Other",
    ),
    f("review.independent_chair", "Review panel chair", Text, ""),
    f(
        "review.scope.from",
        "Scope from",
        Date,
        "First day the review examines",
    ),
    f(
        "review.scope.to",
        "Scope to",
        Date,
        "Last day the review examines",
    ),
    f(
        "review.initiated_on",
        "Review initiated on",
        Date,
        "Date of the decision to commission",
    ),
    f("review.completed_on", "Review completed on", Date, ""),
    f(
        "publication.sent_to_national_panel_on",
        "Report sent to National Panel on",
        Date,
        "At least a week before publication",
    ),
    f("publication.published_on", "Report published on", Date, ""),
    f(
        "publication.removed_on",
        "Report removed from website on",
        Date,
        "Not before 12 months",
    ),
    f(
        "publication.allow",
        "Contact details allowed in the report",
        Items,
        "Public helplines and mailboxes the publication check may pass over; separated by ;",
    ),
    f(
        "publication.sent_to_secretary_of_state_on",
        "Report sent to Secretary of State on",
        Date,
        "2018 regime: at least 7 working days before publication",
    ),
];

const CHILD: &[Field] = &[
    f("child.first_name", "First name", Text, ""),
    f("child.last_name", "Last name", Text, ""),
    f("child.other_names", "Other names", Items, "Separated by ;"),
    f(
        "child.pseudonym",
        "Pseudonym",
        Text,
        "Used in every published document, e.g. Child A",
    ),
    f("child.date_of_birth", "Date of birth", Date, "dd/mm/yyyy"),
    f(
        "child.date_of_death",
        "Date of death",
        Date,
        "Where the child died",
    ),
    f(
        "child.date_of_incident",
        "Date of incident",
        Date,
        "Where the child was seriously harmed",
    ),
    f("child.gender", "Gender", Text, ""),
    f("child.ethnicity", "Ethnicity", Text, ""),
    f(
        "child.address.lines",
        "Address",
        Items,
        "Lines separated by ;",
    ),
    f("child.address.town", "Town", Text, ""),
    f("child.address.postcode", "Postcode", Text, ""),
    f("child.nhs_number", "NHS number", Text, "Ten digits"),
    f("child.legal_status", "Legal status", Text, ""),
    f(
        "child.child_protection_plan",
        "On a child protection plan",
        Choice(ANSWER),
        "",
    ),
    f(
        "child.whereabouts_at_incident",
        "Where and with whom at the time",
        Text,
        "",
    ),
    f(
        "child.locating_places",
        "Places that locate the child",
        Items,
        "A nursery, club or centre not among the agencies; separated by ;",
    ),
    f(
        "child.looked_after",
        "Looked after (in care)",
        Choice(ANSWER),
        "A looked-after child's death is always notified",
    ),
];

const REFERRAL: &[Field] = &[
    f("referral.referrer.name", "Referrer name", Text, ""),
    f("referral.referrer.role", "Referrer role", Text, ""),
    f("referral.referrer.email", "Referrer e-mail", Text, ""),
    f("referral.referrer.phone", "Referrer phone", Text, ""),
    f(
        "referral.referring_agency",
        "Referring agency",
        Text,
        "Agency id or organisation",
    ),
    f("referral.from_cdop", "Referral from CDOP", Bool, ""),
    f("referral.made_on", "Referral made on", Date, ""),
    f(
        "referral.received_on",
        "Referral received on",
        Date,
        "Panel timescales run from here",
    ),
    f(
        "referral.incident_known_on",
        "Incident known on",
        Date,
        "2018 regime",
    ),
    f(
        "referral.notified_on",
        "Notified to National Panel on",
        Date,
        "2018 regime",
    ),
    f(
        "referral.rapid_review_completed_on",
        "Rapid review completed on",
        Date,
        "2018 regime",
    ),
    f("referral.incident_summary", "Incident summary", Text, ""),
    f(
        "referral.reason",
        "Reason for referral",
        Text,
        "Why the criteria are believed met",
    ),
    f(
        "referral.facts.abuse_or_neglect",
        "Abuse or neglect known or suspected",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.child_died",
        "Child died",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.seriously_harmed",
        "Child seriously harmed",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.concern_about_working_together",
        "Concern about working together",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.died_in_custody",
        "Died in custody or detention",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.custody_setting",
        "Custody setting",
        Text,
        "",
    ),
    f(
        "referral.facts.life_threatening_injury",
        "Potentially life-threatening injury",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.serious_sexual_abuse",
        "Serious sexual abuse",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.permanent_impairment",
        "Serious and permanent impairment",
        Choice(ANSWER),
        "",
    ),
    f(
        "referral.facts.harmed_in_area",
        "Died or harmed in the area",
        Choice(ANSWER),
        "2018 regime: in the local authority's area",
    ),
    f(
        "referral.facts.normally_resident_in_area",
        "Normally resident in the area",
        Choice(ANSWER),
        "2018 regime",
    ),
    f(
        "referral.facts.harmed_outside_england",
        "Died or harmed outside England",
        Choice(ANSWER),
        "2018 regime",
    ),
];

/// The rapid review's own facts (2018 regime).
const RAPID_REVIEW: &[Field] = &[
    f(
        "rapid_review.plan.letters",
        "Plan: letters (working day)",
        Number,
        "Blank for the usual plan: day 1",
    ),
    f(
        "rapid_review.plan.summaries_due",
        "Plan: agency summaries due (working day)",
        Number,
        "Blank for the usual plan: day 7",
    ),
    f(
        "rapid_review.plan.meeting",
        "Plan: meeting (working day)",
        Number,
        "Blank for the usual plan: day 10",
    ),
    f(
        "rapid_review.plan.report",
        "Plan: report (working day)",
        Number,
        "Blank for the usual plan: day 12",
    ),
    f(
        "rapid_review.plan.sign_off",
        "Plan: sign-off (working day)",
        Number,
        "Blank for the usual plan: day 14",
    ),
    f(
        "rapid_review.plan.sent",
        "Plan: sent to the Panel (working day)",
        Number,
        "Blank for the usual plan: day 15",
    ),
    f("rapid_review.letters_sent_on", "Letters sent on", Date, ""),
    f(
        "rapid_review.summaries_received_on",
        "Last agency summary received on",
        Date,
        "",
    ),
    f("rapid_review.meeting_on", "Meeting held on", Date, ""),
    f(
        "rapid_review.report_drafted_on",
        "Report drafted on",
        Date,
        "",
    ),
    f(
        "rapid_review.signed_off_on",
        "Signed off on",
        Date,
        "By the safeguarding partners",
    ),
    f(
        "rapid_review.facts",
        "Facts as far as readily established",
        Text,
        "",
    ),
    f(
        "rapid_review.immediate_action",
        "Immediate safety action",
        Text,
        "",
    ),
    f(
        "rapid_review.learning",
        "Learning and improvements identified",
        Text,
        "",
    ),
    f(
        "rapid_review.identity_context.race",
        "Race and ethnicity",
        Text,
        "",
    ),
    f(
        "rapid_review.identity_context.culture",
        "Culture, faith and language",
        Text,
        "",
    ),
    f(
        "rapid_review.identity_context.disability",
        "Disability",
        Text,
        "",
    ),
    f(
        "rapid_review.identity_context.other_inequalities",
        "Other inequalities",
        Text,
        "",
    ),
    f(
        "rapid_review.local_review.improvements.answer",
        "11(a) Improvements needed",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.local_review.improvements.reason",
        "11(a) Improvements needed: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.local_review.recurrent_themes.answer",
        "11(b) Recurrent themes",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.local_review.recurrent_themes.reason",
        "11(b) Recurrent themes: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.local_review.working_together.answer",
        "11(c) Agencies working together",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.local_review.working_together.reason",
        "11(c) Agencies working together: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.local_review.panel_suggests_local.answer",
        "11(d) Panel suggests a local review",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.local_review.panel_suggests_local.reason",
        "11(d) Panel suggests a local review: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.national_review.improvements.answer",
        "National 3(a) Improvements needed",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.national_review.improvements.reason",
        "National 3(a) Improvements needed: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.national_review.legislative_change.answer",
        "National 3(b) Legislation or guidance",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.national_review.legislative_change.reason",
        "National 3(b) Legislation or guidance: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.national_review.recurrent_themes.answer",
        "National 3(c) Recurrent themes",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.national_review.recurrent_themes.reason",
        "National 3(c) Recurrent themes: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.national_review.view.answer",
        "National review may be needed",
        Choice(ANSWER),
        "Yes, no or not known",
    ),
    f(
        "rapid_review.national_review.view.reason",
        "National review may be needed: reason",
        Text,
        "The partners' reason",
    ),
    f(
        "rapid_review.panel_response.received_on",
        "Panel response received on",
        Date,
        "",
    ),
    f(
        "rapid_review.panel_response.agrees_with_decision",
        "Panel agrees with the decision",
        Choice(ANSWER),
        "",
    ),
    f(
        "rapid_review.panel_response.national_review",
        "Panel will hold a national review",
        Choice(ANSWER),
        "",
    ),
    f(
        "rapid_review.panel_response.comments",
        "Panel comments",
        Text,
        "",
    ),
];

const SIGN_OFF: &[Field] = &[
    f("partner", "Partner", Text, "e.g. Northbrook Council"),
    f("name", "Name", Text, ""),
    f("role", "Role", Text, ""),
    f("signed_on", "Signed on", Date, ""),
];

const DECISION: &[Field] = &[
    f(
        "decision.panel_considered_on",
        "Panel considered on",
        Date,
        "",
    ),
    f(
        "decision.recommendation",
        "Panel recommendation",
        Choice(OUTCOME),
        "",
    ),
    f("decision.recommended_on", "Recommended on", Date, ""),
    f(
        "decision.recommendation_reasons",
        "Recommendation reasons",
        Text,
        "",
    ),
    f(
        "decision.chair_decision",
        "Chair's decision",
        Choice(OUTCOME),
        "",
    ),
    f("decision.decided_on", "Decided on", Date, ""),
    f("decision.decision_reasons", "Decision reasons", Text, ""),
    f(
        "decision.alternative_review",
        "Alternative review",
        Text,
        "Where criteria are not met",
    ),
];

const TOR: &[Field] = &[
    f(
        "terms_of_reference.practitioner_involvement",
        "Practitioner involvement",
        Text,
        "",
    ),
    f(
        "terms_of_reference.information_sharing",
        "Information sharing and consent",
        Text,
        "",
    ),
    f(
        "terms_of_reference.family_involvement.who",
        "Family: who",
        Text,
        "",
    ),
    f(
        "terms_of_reference.family_involvement.when",
        "Family: when told",
        Text,
        "",
    ),
    f(
        "terms_of_reference.family_involvement.by_whom",
        "Family: told by whom",
        Text,
        "",
    ),
    f(
        "terms_of_reference.family_involvement.consent",
        "Family: consent",
        Text,
        "",
    ),
    f(
        "terms_of_reference.family_involvement.feedback",
        "Family: feedback",
        Text,
        "",
    ),
    f(
        "terms_of_reference.family_involvement.views_on_findings",
        "Family: views on findings",
        Text,
        "",
    ),
    f(
        "terms_of_reference.timescales.information_due",
        "Information due",
        Date,
        "",
    ),
    f(
        "terms_of_reference.timescales.chronologies_due",
        "Chronologies due",
        Date,
        "",
    ),
    f(
        "terms_of_reference.timescales.management_reviews_due",
        "Management reviews due",
        Date,
        "",
    ),
    f(
        "terms_of_reference.timescales.briefing_on",
        "Briefing session on",
        Date,
        "",
    ),
    f(
        "terms_of_reference.timescales.first_panel_on",
        "First panel on",
        Date,
        "",
    ),
    f(
        "terms_of_reference.timescales.second_panel_on",
        "Second panel on",
        Date,
        "",
    ),
    f(
        "terms_of_reference.timescales.draft_report_due",
        "Draft report due",
        Date,
        "",
    ),
    f(
        "terms_of_reference.publication_plan",
        "Publication plan",
        Text,
        "",
    ),
];

const REVIEWERS: &[Field] = &[
    f("name", "Name", Text, ""),
    f("role", "Role", Text, ""),
    f("organisation", "Organisation", Text, ""),
];

const PANEL: &[Field] = &[
    f("name", "Name", Text, ""),
    f("role", "Role", Text, ""),
    f("agency", "Agency", Text, "Agency id or organisation"),
];

const FAMILY: &[Field] = &[
    f("first_name", "First name", Text, ""),
    f("last_name", "Last name", Text, ""),
    f("other_names", "Other names", Items, ""),
    f("pseudonym", "Pseudonym", Text, ""),
    f("relationship", "Relationship", Text, ""),
    f("date_of_birth", "Date of birth", Date, ""),
    f("address.lines", "Address", Items, ""),
    f("address.town", "Town", Text, ""),
    f("address.postcode", "Postcode", Text, ""),
    f("ethnicity", "Ethnicity", Text, ""),
    f("nhs_number", "NHS number", Text, ""),
    f("ni_number", "NI number", Text, ""),
    f("phone", "Phone", Text, ""),
    f("email", "E-mail", Text, ""),
    f("household", "In household", Choice(ANSWER), ""),
];

const AGENCIES: &[Field] = &[
    f("id", "Id", Text, "Short, unique: letters, digits, -"),
    f("name", "Name", Text, ""),
    f("kind", "Sector", Text, ""),
    f("contact.name", "Contact name", Text, ""),
    f("contact.role", "Contact role", Text, ""),
    f("contact.email", "Contact e-mail", Text, ""),
    f("contact.phone", "Contact phone", Text, ""),
    f(
        "board_representative.name",
        "Board representative",
        Text,
        "",
    ),
    f("board_representative.role", "Representative role", Text, ""),
    f("still_involved", "Still involved", Choice(ANSWER), ""),
    f("returns.chronology", "Chronology", Bool, ""),
    f("returns.management_review", "Management review", Bool, ""),
    f("returns.background_report", "Background report", Bool, ""),
    f("involvement", "Involvement", Text, ""),
    f(
        "locates_child",
        "Locates the child",
        Bool,
        "Yes for the child's school, nursery or GP practice",
    ),
    f(
        "named_in_report_as",
        "Named in the report as",
        Text,
        "e.g. the school; blank: from its name",
    ),
    f(
        "delivery",
        "Delivered",
        Text,
        "Only without a secure e-mail: e.g. by hand",
    ),
];

const KEY_DATES: &[Field] = &[f("date", "Date", Date, ""), f("event", "Event", Text, "")];

const NOTIFICATIONS: &[Field] = &[
    f("to", "To", Choice(RECIPIENT), ""),
    f("sent_on", "Sent on", Date, ""),
];

const LINES: &[Field] = &[f("", "Line of enquiry", Text, "")];

const PROCESSES: &[Field] = &[
    f("kind", "Kind", Choice(PROCESS_KIND), ""),
    f("status", "Status", Text, ""),
    f("contact", "Contact", Text, ""),
    f("impact", "Impact on the review", Text, ""),
];

const LEARNING: &[Field] = &[
    f(
        "learning.plan_agreed_on",
        "Action plan agreed on",
        Date,
        "The date the board agreed the action plan",
    ),
    f(
        "learning.update_interval_days",
        "Update interval (days)",
        Number,
        "An open action with no update for longer is stale; blank means 90",
    ),
];

const KEY_EPISODES: &[Field] = &[
    f("id", "Id", Text, "e.g. KE1"),
    f("title", "Title", Text, ""),
    f("from", "From", Date, ""),
    f("to", "To", Date, ""),
    f("summary", "Summary", Text, ""),
    f(
        "chronology_rows",
        "Chronology rows",
        Items,
        "FILE, SHEET, row N; separated by ;",
    ),
];

const FINDINGS: &[Field] = &[
    f("id", "Id", Text, "e.g. F1"),
    f("title", "Title", Text, ""),
    f("finding", "Finding", Text, ""),
    f(
        "episodes",
        "Key episodes",
        Items,
        "Episode ids separated by ;",
    ),
];

const RECOMMENDATIONS: &[Field] = &[
    f("id", "Id", Text, "e.g. R1"),
    f("recommendation", "Recommendation", Text, ""),
    f("addressed_to", "Addressed to", Text, ""),
    f("findings", "Findings", Items, "Finding ids separated by ;"),
];

const ACTIONS: &[Field] = &[
    f("id", "Id", Text, "e.g. A1"),
    f("recommendation", "Recommendation", Text, "Its id"),
    f("action", "Action", Text, ""),
    f("owner_agency", "Owner agency", Text, "Agency id"),
    f("lead", "Lead", Text, ""),
    f("due_on", "Due by", Date, ""),
    f("success_measure", "Success measure", Text, ""),
    f("evidence_of_impact", "Evidence of impact", Text, ""),
    f("closed_on", "Closed on", Date, ""),
    f("closure_agreed_by", "Closure agreed by", Text, ""),
];

const ACTION_UPDATES: &[Field] = &[
    f("on", "Update on", Date, ""),
    f("rag", "RAG", Choice(RAG), ""),
    f("note", "Progress", Text, ""),
];

/// Every sheet of the case workbook, in order.
pub const SHEETS: &[Sheet] = &[
    Sheet {
        name: "Review",
        purpose: "The board, the review, its scope and publication",
        layout: Layout::Form(REVIEW),
    },
    Sheet {
        name: "Child",
        purpose: "The child the review is about",
        layout: Layout::Form(CHILD),
    },
    Sheet {
        name: "Family",
        purpose: "Family members and significant others, one per row",
        layout: Layout::Table {
            array: "family",
            columns: FAMILY,
        },
    },
    Sheet {
        name: "Agencies",
        purpose: "Every agency involved, one per row, and what each returns",
        layout: Layout::Table {
            array: "agencies",
            columns: AGENCIES,
        },
    },
    Sheet {
        name: "Referral",
        purpose: "The referral and the facts the criteria need",
        layout: Layout::Form(REFERRAL),
    },
    Sheet {
        name: "Key dates",
        purpose: "Key dates listed in the referral",
        layout: Layout::Table {
            array: "referral.key_dates",
            columns: KEY_DATES,
        },
    },
    Sheet {
        name: "Decision",
        purpose: "Panel recommendation and the Chair's decision",
        layout: Layout::Form(DECISION),
    },
    Sheet {
        name: "Notifications",
        purpose: "Who was told of the decision, and when",
        layout: Layout::Table {
            array: "decision.notifications",
            columns: NOTIFICATIONS,
        },
    },
    Sheet {
        name: "Terms of reference",
        purpose: "Agreements made when the review is commissioned",
        layout: Layout::Form(TOR),
    },
    Sheet {
        name: "Lines of enquiry",
        purpose: "Key lines of enquiry, one per row",
        layout: Layout::Table {
            array: "terms_of_reference.key_lines_of_enquiry",
            columns: LINES,
        },
    },
    Sheet {
        name: "Parallel processes",
        purpose: "Police, coroner, court and other reviews",
        layout: Layout::Table {
            array: "terms_of_reference.parallel_processes",
            columns: PROCESSES,
        },
    },
    Sheet {
        name: "Reviewers",
        purpose: "Reviewers and authors appointed",
        layout: Layout::Table {
            array: "review.reviewers",
            columns: REVIEWERS,
        },
    },
    Sheet {
        name: "Panel",
        purpose: "Members of the review panel",
        layout: Layout::Table {
            array: "review.panel",
            columns: PANEL,
        },
    },
    Sheet {
        name: "Rapid review",
        purpose: "2018 regime: the rapid review's plan, findings and decisions",
        layout: Layout::Form(RAPID_REVIEW),
    },
    Sheet {
        name: "Sign-off",
        purpose: "2018 regime: each safeguarding partner's sign-off of the rapid review",
        layout: Layout::Table {
            array: "rapid_review.sign_off",
            columns: SIGN_OFF,
        },
    },
    Sheet {
        name: "Learning",
        purpose: "The action plan: when it was agreed, how often progress is due",
        layout: Layout::Form(LEARNING),
    },
    Sheet {
        name: "Key episodes",
        purpose: "Key practice episodes, with the chronology rows they rest on",
        layout: Layout::Table {
            array: "learning.key_episodes",
            columns: KEY_EPISODES,
        },
    },
    Sheet {
        name: "Findings",
        purpose: "The review's findings, each citing key episodes",
        layout: Layout::Table {
            array: "learning.findings",
            columns: FINDINGS,
        },
    },
    Sheet {
        name: "Recommendations",
        purpose: "The review's recommendations, each citing findings",
        layout: Layout::Table {
            array: "learning.recommendations",
            columns: RECOMMENDATIONS,
        },
    },
    Sheet {
        name: "Actions",
        purpose: "The action plan: one action per row, each answering a recommendation",
        layout: Layout::Table {
            array: "learning.actions",
            columns: ACTIONS,
        },
    },
    Sheet {
        name: "Action updates",
        purpose: "Progress on each action, one update per row, oldest first",
        layout: Layout::Nested {
            parent: "learning.actions",
            key: "id",
            key_label: "Action",
            child: "updates",
            columns: ACTION_UPDATES,
        },
    },
];

/// The label shown for a choice's JSON value.
pub fn choice_label(choices: &[(&str, &'static str)], value: &str) -> Option<&'static str> {
    choices.iter().find(|(v, _)| *v == value).map(|(_, l)| *l)
}

/// The JSON value for what a person typed in a choice cell: the label or the value itself,
/// in any case.
pub fn choice_value(choices: &[(&'static str, &str)], typed: &str) -> Option<&'static str> {
    let t = typed.trim();
    choices
        .iter()
        .find(|(v, l)| v.eq_ignore_ascii_case(t) || l.eq_ignore_ascii_case(t))
        .map(|(v, _)| *v)
}

/// The label of a coded value from any of the case file's choice lists, for documents.
pub fn label_of(value: &str) -> Option<&'static str> {
    [
        ANSWER,
        REVIEW_KIND,
        REGIME,
        METHODOLOGY,
        OUTCOME,
        RECIPIENT,
        PROCESS_KIND,
        RAG,
    ]
    .iter()
    .find_map(|c| choice_label(c, value))
}
