//! The table sheets' columns: one item per row, paths from the row item.

use super::choices::*;
use super::{Field, FieldKind::*, f};

pub(super) const SIGN_OFF: &[Field] = &[
    f("partner", "Partner", Text, "e.g. Northbrook Council"),
    f("name", "Name", Text, ""),
    f("role", "Role", Text, ""),
    f("signed_on", "Signed on", Date, ""),
];

pub(super) const REVIEWERS: &[Field] = &[
    f("name", "Name", Text, ""),
    f("role", "Role", Text, ""),
    f("organisation", "Organisation", Text, ""),
];

pub(super) const PANEL: &[Field] = &[
    f("name", "Name", Text, ""),
    f("role", "Role", Text, ""),
    f("agency", "Agency", Text, "Agency id or organisation"),
];

pub(super) const FAMILY: &[Field] = &[
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

pub(super) const AGENCIES: &[Field] = &[
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

pub(super) const KEY_DATES: &[Field] =
    &[f("date", "Date", Date, ""), f("event", "Event", Text, "")];

pub(super) const NOTIFICATIONS: &[Field] = &[
    f("to", "To", Choice(RECIPIENT), ""),
    f("sent_on", "Sent on", Date, ""),
];

pub(super) const LINES: &[Field] = &[f("", "Line of enquiry", Text, "")];

pub(super) const PROCESSES: &[Field] = &[
    f("kind", "Kind", Choice(PROCESS_KIND), ""),
    f("status", "Status", Text, ""),
    f("contact", "Contact", Text, ""),
    f("impact", "Impact on the review", Text, ""),
];

pub(super) const KEY_EPISODES: &[Field] = &[
    f("id", "Id", Text, "e.g. KE1"),
    f("title", "Title", Text, ""),
    f("from", "From", Date, ""),
    f("to", "To", Date, ""),
    f("summary", "Summary", Text, ""),
    f(
        "chronology_rows",
        "Chronology rows",
        Items,
        "FILE, SHEET, row N (a CSV file: FILE, row N); separated by ;",
    ),
];

pub(super) const FINDINGS: &[Field] = &[
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

pub(super) const RECOMMENDATIONS: &[Field] = &[
    f("id", "Id", Text, "e.g. R1"),
    f("recommendation", "Recommendation", Text, ""),
    f("addressed_to", "Addressed to", Text, ""),
    f("findings", "Findings", Items, "Finding ids separated by ;"),
];

pub(super) const ACTIONS: &[Field] = &[
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

pub(super) const ACTION_UPDATES: &[Field] = &[
    f("on", "Update on", Date, ""),
    f("rag", "RAG", Choice(RAG), ""),
    f("note", "Progress", Text, ""),
];
