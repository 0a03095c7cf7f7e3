//! The data a template sees: the case as it is in `case.json`, plus what the process rules
//! derive from it and a few conveniences a template author would otherwise compute by hand.
//!
//! | key | what it holds |
//! | --- | --- |
//! | `board`, `review`, `child`, `family`, `agencies`, `referral`, `decision`, `terms_of_reference`, `publication` | the case file as written |
//! | `child.full_name`, `family[].full_name` | first and last names joined |
//! | `agencies[].returns_text` | "a chronology and an individual management review" |
//! | `agencies[].contact.salutation` | how a letter greets the contact: "DI Oyelaran", else the full name |
//! | `referral.referring_agency` | the referring agency's name where the case gives its id (the id is `referral.referring_agency_id`) |
//! | `review.panel[].agency_name` | the agency's name where `agency` is an agency id |
//! | `today` | the date the pack is made (YYYY-MM-DD; shown as 25 November 2026) |
//! | `criteria` | the criteria decision (see `rules::criteria`) |
//! | `timeline` | the statutory deadlines as at `today` (see `rules::timescales`) |
//! | `agency` | in an agency's documents: that agency, with `enclosures` |
//! | `recipient` | in a notification: `id`, `name` |

use crate::case::{Agency, Case, Recipient, Regime};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The context shared by every document of a case.
pub fn case_context(case: &Case, today: NaiveDate) -> Value {
    let mut v = serde_json::to_value(case).unwrap_or(Value::Null);
    if let Some(child) = v.get_mut("child") {
        child["full_name"] = Value::String(case.child.full_name());
    }
    if let Some(Value::Array(fam)) = v.get_mut("family") {
        for (m, src) in fam.iter_mut().zip(&case.family) {
            m["full_name"] = Value::String(src.full_name());
        }
    }
    if let Some(Value::Array(ags)) = v.get_mut("agencies") {
        for (a, src) in ags.iter_mut().zip(&case.agencies) {
            a["returns_text"] = Value::String(returns_text(src));
            a["contact"]["salutation"] = Value::String(salutation(&src.contact.name));
        }
    }
    // An agency is always shown by its name: a letter never says "Referring agency: csc".
    if let Some(a) = case.agency(case.referral.referring_agency.trim()) {
        v["referral"]["referring_agency_id"] = Value::String(a.id.clone());
        v["referral"]["referring_agency"] = Value::String(a.name.clone());
    }
    if let Some(Value::Array(panel)) = v.pointer_mut("/review/panel") {
        for (m, src) in panel.iter_mut().zip(&case.review.panel) {
            let name = case
                .agency(&src.agency)
                .map(|a| a.name.clone())
                .unwrap_or_else(|| src.agency.clone());
            m["agency_name"] = Value::String(name);
        }
    }
    v["today"] = Value::String(today.format("%Y-%m-%d").to_string());
    v["criteria"] = serde_json::to_value(crate::rules::evaluate(case)).unwrap_or(Value::Null);
    v["timeline"] =
        serde_json::to_value(crate::rules::timeline(case, today)).unwrap_or(Value::Null);
    v
}

/// Titles and ranks a letter greets someone by, in lower case: "Dear DI Oyelaran".
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "rev",
    "revd",
    "cllr",
    "pc",
    "ds",
    "dc",
    "di",
    "dci",
    "dsi",
    "dsu",
    "sgt",
    "sergeant",
    "insp",
    "inspector",
    "ch",
    "chief",
    "supt",
    "superintendent",
    "detective",
    "constable",
    "commander",
    "nurse",
    "sister",
];

/// How a letter greets `name`: its title or rank and surname ("DI Samuel Oyelaran" is "DI
/// Oyelaran", "Dr Colin Farrant" is "Dr Farrant"), or the full name when it has none (a
/// first name alone would be too familiar, "Dear Whitcombe" too curt).
pub fn salutation(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let titled = words
        .iter()
        .take_while(|w| TITLES.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
        .count();
    match words.split_at(titled) {
        (titles, [.., surname]) if !titles.is_empty() => format!("{} {surname}", titles.join(" ")),
        _ => words.join(" "),
    }
}

/// What an agency is asked to return, in words.
pub fn returns_text(a: &Agency) -> String {
    let mut items = Vec::new();
    if a.returns.chronology {
        items.push("a chronology");
    }
    if a.returns.management_review {
        items.push("an individual management review");
    }
    if a.returns.background_report {
        items.push("a background report");
    }
    match items.len() {
        0 => "information when asked".into(),
        1 => items[0].into(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// The context of one agency's documents.
pub fn agency_context(base: &Value, case: &Case, agency: &Agency, enclosures: &[String]) -> Value {
    let mut v = base.clone();
    let i = case.agencies.iter().position(|a| a.id == agency.id);
    let mut a = i
        .and_then(|i| base["agencies"].get(i).cloned())
        .unwrap_or_else(|| serde_json::to_value(agency).unwrap_or(Value::Null));
    a["enclosures"] = json!(enclosures);
    v["agency"] = a;
    v
}

/// The bodies a decision is notified to, with how letters name them.
pub fn recipient(case: &Case, r: Recipient) -> Value {
    let (id, name) = match r {
        Recipient::Ofsted => ("ofsted", "Ofsted"),
        Recipient::Dfe => ("dfe", "Department for Education"),
        Recipient::NationalPanel => (
            "national_panel",
            match case.review.regime {
                Regime::Wt2015 => "National Panel of Independent Experts on Serious Case Reviews",
                Regime::Wt2018 => "Child Safeguarding Practice Review Panel",
            },
        ),
        Recipient::BoardMembers => ("board_members", "Members of the Board"),
    };
    json!({"id": id, "name": name})
}

/// The context of one notification letter.
pub fn notification_context(base: &Value, case: &Case, r: Recipient) -> Value {
    let mut v = base.clone();
    v["recipient"] = recipient(case, r);
    v
}

#[cfg(test)]
mod tests {
    use super::salutation;

    #[test]
    fn a_letter_greets_by_rank_and_surname_else_by_full_name() {
        assert_eq!(salutation("DI Samuel Oyelaran"), "DI Oyelaran");
        assert_eq!(salutation("Dr Colin Farrant"), "Dr Farrant");
        assert_eq!(
            salutation("Chief Superintendent Lena Okafor"),
            "Chief Superintendent Okafor"
        );
        assert_eq!(salutation("Mrs. J. Smith"), "Mrs. Smith");
        assert_eq!(salutation("Angela  Whitcombe"), "Angela Whitcombe");
        assert_eq!(salutation("Dr"), "Dr");
        assert_eq!(salutation(""), "");
    }
}
