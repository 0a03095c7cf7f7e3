//! The choice lists of the case file: the JSON value of each choice and the label a person
//! sees in the drop-down and in documents.

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
