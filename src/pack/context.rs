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
//! | `timeline.by_id.<id>` | each deadline by its id (`timeline.by_id.rapid_review.due`) |
//! | `rapid_review.due.<step>` | the rapid review's day plan: each step's due date (`letters`, `summaries_due`, `meeting`, `report`, `sign_off`, `sent`) |
//! | `regime` | the process's words: `review_name`, `board`, `decision_maker`, `partners`... (see [`regime_labels`]) |
//! | `learning` | the learning chain as written, with what each link cites in words (see [`super::learning`]) |
//! | `action_plan` | the action plan as at `today`: by recommendation, most urgent first, by agency (see [`super::learning`]) |

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
    if let Some(l) = v.get_mut("learning") {
        super::learning::cite_in_words(case, l);
    }
    v["action_plan"] = super::learning::action_plan(case, today);
    v["regime"] = regime_labels(case);
    v["today"] = Value::String(today.format("%Y-%m-%d").to_string());
    v["criteria"] = serde_json::to_value(crate::rules::evaluate(case)).unwrap_or(Value::Null);
    v["timeline"] =
        serde_json::to_value(crate::rules::timeline(case, today)).unwrap_or(Value::Null);
    index_deadlines(&mut v);
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

/// The day Working Together 2023 replaced the 2018 edition.
const WT2023_FROM: (i32, u32, u32) = (2023, 12, 15);

/// The words of the case's process, so that one template speaks either: the 2015 Serious
/// Case Review process (the Board, its Independent Chair, the National Panel) or the 2018/2023
/// one (the safeguarding partnership and its partners, the Child Safeguarding Practice Review
/// Panel, the rapid review, the local child safeguarding practice review). Under 2018 the
/// edition of Working Together (2018, or 2023 from 15 December 2023) follows the incident's
/// date: 2023 names lead and delegated safeguarding partners and a partnership chair. Keys
/// ending `_capital` start a sentence.
pub fn regime_labels(case: &Case) -> Value {
    match case.review.regime {
        Regime::Wt2015 => json!({
            "id": "2015",
            "rapid_review": false,
            "guidance": "Working Together to Safeguard Children 2015",
            "review_name": "Serious Case Review",
            "review_name_capital": "Serious Case Review",
            "a_review": "a Serious Case Review",
            "board_name": "Local Safeguarding Children Board",
            "board": "the Board",
            "board_capital": "The Board",
            "decision_maker": "the Independent Chair",
            "decision_maker_capital": "The Independent Chair",
            "partners": "the Board's partners",
            "review_panel": "the Serious Case Review Panel",
            "review_panel_capital": "The Serious Case Review Panel",
            "national_panel": "the National Panel of Independent Experts on Serious Case Reviews",
            "report_to": "the National Panel of Independent Experts",
        }),
        Regime::Wt2018 => {
            let r = &case.referral;
            let when = r.incident_known_on.or(r.notified_on).or(r.made_on);
            let (y, m, d) = WT2023_FROM;
            let edition_2023 =
                when.is_none_or(|w| w >= NaiveDate::from_ymd_opt(y, m, d).unwrap_or(w));
            let (guidance, partners, chair) = if edition_2023 {
                (
                    "Working Together to Safeguard Children 2023",
                    "the lead safeguarding partners (the local authority, the integrated care board and the police) and their delegated safeguarding partners",
                    "the partnership chair",
                )
            } else {
                (
                    "Working Together to Safeguard Children 2018",
                    "the safeguarding partners (the local authority, the clinical commissioning group and the police)",
                    "the safeguarding partners",
                )
            };
            json!({
                "id": "2018",
                "rapid_review": true,
                "edition": if edition_2023 { "2023" } else { "2018" },
                "guidance": guidance,
                "review_name": "local child safeguarding practice review",
                "review_name_capital": "Local child safeguarding practice review",
                "a_review": "a local child safeguarding practice review",
                "board_name": "safeguarding partnership",
                "board": "the safeguarding partnership",
                "board_capital": "The safeguarding partnership",
                "decision_maker": "the safeguarding partners",
                "decision_maker_capital": "The safeguarding partners",
                "partners": partners,
                "chair": chair,
                "review_panel": "the review panel",
                "review_panel_capital": "The review panel",
                "national_panel": "the Child Safeguarding Practice Review Panel",
                "report_to": "the Child Safeguarding Practice Review Panel and the Secretary of State",
            })
        }
    }
}

/// Deadlines by id, so that a letter can state one (`timeline.by_id.rapid_review.due`), and
/// the rapid review's day plan as `rapid_review.due.<step>`.
fn index_deadlines(v: &mut Value) {
    let by_id = |list: Option<&Value>| -> serde_json::Map<String, Value> {
        list.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|d| Some((d.get("id")?.as_str()?.to_string(), d.clone())))
            .collect()
    };
    let deadlines = by_id(v.pointer("/timeline/deadlines"));
    let plan: serde_json::Map<String, Value> = by_id(v.pointer("/timeline/plan"))
        .into_iter()
        .map(|(id, d)| (id, d.get("due").cloned().unwrap_or(Value::Null)))
        .collect();
    if let Some(t) = v.get_mut("timeline").and_then(Value::as_object_mut) {
        t.insert("by_id".into(), Value::Object(deadlines));
    }
    if let Some(r) = v.get_mut("rapid_review").and_then(Value::as_object_mut) {
        r.insert("due".into(), Value::Object(plan));
    }
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
