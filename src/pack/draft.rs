//! The final report draft: pre-filled from the case and anonymised before a single value
//! reaches the template.
//!
//! Anonymising the data (not the finished document) means a board's own template cannot leak a
//! name by using `{{child.first_name}}`: the real names are simply not in what it is given.
//! Names become the case's pseudonyms wherever they occur, in every text field; addresses,
//! dates of birth and death, and NHS, National Insurance, phone and e-mail details are removed;
//! exact dates of key events are shown as month and year.

use super::context;
use super::{TemplateSource, load_templates};
use crate::case::Case;
use crate::diagnostic::{Diagnostic, Location};
use crate::docset::DocKind;
use crate::identify::{Identifiers, MatchOf, month_year};
use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};
use std::path::PathBuf;

/// How to make the draft.
#[derive(Debug, Clone)]
pub struct DraftOptions {
    /// The date of the draft.
    pub today: NaiveDate,
    /// Where the template comes from.
    pub templates: TemplateSource,
    /// The merged chronology workbook (`merged-chronology.xlsx`), for the summary of the case.
    pub chronology: Option<PathBuf>,
}

/// Anonymises the draft's data with the case's identifiers: the same catalogue the
/// publication check searches with, so whatever the check would find in the case's own words
/// is replaced before the template sees it.
pub(super) struct Anonymiser {
    ids: Identifiers,
    /// The child's dates of birth, death and incident, shown as month and year.
    child_dates: Vec<NaiveDate>,
}

impl Anonymiser {
    /// The case's identifiers, generic patterns included.
    pub(super) fn for_case(case: &Case) -> Anonymiser {
        let child = &case.child;
        Anonymiser {
            ids: Identifiers::from_case(case).with_generic(true),
            child_dates: [
                child.date_of_birth,
                child.date_of_death,
                child.date_of_incident,
            ]
            .into_iter()
            .flatten()
            .collect(),
        }
    }

    /// Anonymises one text: names become pseudonyms, places their kind, the child's dates
    /// month and year, everything else its bracketed description.
    pub(super) fn text(&self, s: &str) -> String {
        // A date field holding one of the child's days (a scope ending on the day of death)
        // keeps only its month, which the `date` helper shows as "February 2016".
        if let Some(d) = self
            .child_dates
            .iter()
            .find(|d| s.trim() == d.format("%Y-%m-%d").to_string())
        {
            return d.format("%Y-%m").to_string();
        }
        self.ids
            .replace_with(s, true, |m| match m.of {
                MatchOf::Identifier(i) => {
                    let id = &self.ids.list[i];
                    match id.date {
                        Some(d) if self.child_dates.contains(&d) => Some(month_year(d)),
                        _ => self.ids.replacement_of(m, s),
                    }
                }
                _ => self.ids.replacement_of(m, s),
            })
            .map(|t| self.month_words(t))
            .unwrap_or_else(|| s.to_string())
    }

    /// A day reduced to its month takes the month's preposition: "on 14 February 2016"
    /// becomes "in February 2016", never "on February 2016".
    fn month_words(&self, mut t: String) -> String {
        for d in &self.child_dates {
            let month = month_year(*d);
            for (on, in_) in [
                ("on the ", "in "),
                ("on ", "in "),
                ("On the ", "In "),
                ("On ", "In "),
            ] {
                let wrong = format!("{on}{month}");
                if t.contains(&wrong) {
                    t = t.replace(&wrong, &format!("{in_}{month}"));
                }
            }
        }
        t
    }

    /// Anonymises every string in a JSON value.
    pub(super) fn value(&self, v: &mut Value) {
        match v {
            Value::String(s) => *s = self.text(s),
            Value::Array(a) => a.iter_mut().for_each(|x| self.value(x)),
            Value::Object(o) => o.values_mut().for_each(|x| self.value(x)),
            _ => {}
        }
    }
}

fn clear(v: &mut Value, keys: &[&str]) {
    if let Value::Object(o) = v {
        for k in keys {
            if let Some(x) = o.get_mut(*k) {
                *x = match x {
                    Value::Array(_) => json!([]),
                    Value::Object(_) => json!({}),
                    _ => Value::Null,
                };
            }
        }
    }
}

/// "2 years", "8 months": the child's age at the death or incident.
fn age_text(birth: NaiveDate, at: NaiveDate) -> String {
    let months = (at.year() - birth.year()) * 12 + at.month() as i32
        - birth.month() as i32
        - i32::from(at.day() < birth.day());
    match months {
        m if m < 0 => String::new(),
        m if m < 24 => format!("{m} month{}", if m == 1 { "" } else { "s" }),
        m => format!("{} years", m / 12),
    }
}

/// The anonymised context of the final report.
pub(super) fn draft_context(
    case: &Case,
    today: NaiveDate,
    key_events: Vec<(NaiveDate, String)>,
) -> Value {
    let anon = Anonymiser::for_case(case);
    let mut v = context::case_context(case, today);
    let child = &case.child;
    let (at, event) = match (child.date_of_death, child.date_of_incident) {
        (Some(d), _) => (Some(d), format!("died in {}", month_year(d))),
        (None, Some(i)) => (
            Some(i),
            format!("was seriously harmed in {}", month_year(i)),
        ),
        _ => (None, "was seriously harmed".to_string()),
    };
    let age = match (child.date_of_birth, at) {
        (Some(b), Some(a)) => age_text(b, a),
        _ => String::new(),
    };
    if let Some(c) = v.get_mut("child") {
        c["age_text"] = Value::String(age);
        c["event_text"] = Value::String(event);
        for k in ["first_name", "last_name", "full_name"] {
            c[k] = Value::String(child.pseudonym.clone());
        }
        clear(
            c,
            &[
                "other_names",
                "date_of_birth",
                "date_of_death",
                "date_of_incident",
                "address",
                "nhs_number",
            ],
        );
    }
    if let Some(Value::Array(fam)) = v.get_mut("family") {
        for (m, src) in fam.iter_mut().zip(&case.family) {
            for k in ["first_name", "last_name", "full_name"] {
                m[k] = Value::String(src.pseudonym.clone());
            }
            clear(
                m,
                &[
                    "other_names",
                    "date_of_birth",
                    "address",
                    "nhs_number",
                    "ni_number",
                    "phone",
                    "email",
                ],
            );
        }
    }
    // Exact dates of the referral's key events would identify; month and year do not.
    if let Some(Value::Array(kd)) = v.pointer_mut("/referral/key_dates") {
        kd.clear();
    }
    v["key_events"] = Value::Array(
        key_events
            .into_iter()
            .map(|(d, t)| json!({"date_text": month_year(d), "text": t}))
            .collect(),
    );
    anon.value(&mut v);
    // A scope ending on the day of death is shown as its month; its start then reads as a
    // month too ("from March 2015 to February 2016"), not one day against one month.
    if let Some(Value::Object(scope)) = v.pointer_mut("/review/scope") {
        let month_only = scope
            .values()
            .any(|x| x.as_str().is_some_and(|s| s.len() == 7));
        if month_only {
            for x in scope.values_mut() {
                if let Value::String(s) = x
                    && s.len() == 10
                {
                    s.truncate(7);
                }
            }
        }
    }
    // The case's own account often gives the child's age already ("aged two"); the
    // introduction then leaves its own out rather than say it twice.
    let summary = v
        .pointer("/referral/incident_summary")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if states_an_age(summary)
        && let Some(c) = v.get_mut("child")
    {
        c["age_text"] = Value::String(String::new());
    }
    v
}

/// Whether a text gives someone's age: "aged two", "aged 2", "a 3-year-old", "18 months old".
fn states_an_age(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        *w == "aged"
            || w.ends_with("-old")
            || (*w == "old"
                && i >= 1
                && matches!(
                    words[i - 1],
                    "year" | "years" | "month" | "months" | "week" | "weeks"
                ))
    })
}

/// The key events of the case: the referral's key dates, and from the merged chronology every
/// entry a reviewer marked as a key practice episode (or, when none is marked, the events that
/// several agencies recorded: its duplicate groups), in date order.
pub(super) fn key_events(
    case: &Case,
    chronology: Option<&PathBuf>,
    today: NaiveDate,
) -> Result<Vec<(NaiveDate, String)>, Vec<Diagnostic>> {
    let mut out: Vec<(NaiveDate, String)> = case
        .referral
        .key_dates
        .iter()
        .filter_map(|k| k.date.map(|d| (d, k.event.clone())))
        .collect();
    if let Some(path) = chronology {
        let ctx = crate::chronology::Context::for_case(case, today);
        let r = crate::chronology::read_return(path, &ctx);
        let errors: Vec<Diagnostic> = r
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .cloned()
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let column = |e: &crate::chronology::Entry, name: &str| {
            e.extra
                .iter()
                .find(|(h, _)| h.trim().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let key = crate::chronology::write::KEY_EPISODE;
        let marked = |e: &crate::chronology::Entry| {
            column(e, key).is_some_and(|v| !matches!(v.to_lowercase().as_str(), "no" | "n"))
        };
        // The reviewer's marks decide, all of them; without any, the events several agencies
        // recorded (one per day).
        let any_marked = r.entries.iter().any(marked);
        for e in &r.entries {
            let take = if any_marked {
                marked(e)
            } else {
                column(e, "Duplicate group").is_some()
                    && !out.iter().any(|(d, _)| *d == e.date.date)
            };
            if take {
                let who = if e.agency.is_empty() {
                    &e.source
                } else {
                    &e.agency
                };
                out.push((e.date.date, format!("{} ({who})", e.event)));
            }
        }
    }
    out.sort_by_key(|(d, _)| *d);
    Ok(out)
}

/// Makes the anonymised final report draft.
pub fn draft(case: &Case, opts: &DraftOptions) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let templates = load_templates(&opts.templates, &[DocKind::FinalReport])?;
    let t = templates.get(&DocKind::FinalReport).ok_or_else(|| {
        vec![
            Diagnostic::error(Location::File, "no final report template")
                .with_help("this is a bug in scrkit"),
        ]
    })?;
    let events = key_events(case, opts.chronology.as_ref(), opts.today)?;
    let bytes = t.render_owned(draft_context(case, opts.today, events))?;
    let problems = publication_problems(case, &bytes, std::path::Path::new("draft"));
    if problems.is_empty() {
        Ok(bytes)
    } else {
        Err(problems)
    }
}

/// What `scr check publication` would find in a document written for publication (`bytes`,
/// to be written at `path`): its data held no identifier, but a board's template might, in its
/// own wording. A document with a finding is refused.
pub(super) fn publication_problems(
    case: &Case,
    bytes: &[u8],
    path: &std::path::Path,
) -> Vec<Diagnostic> {
    let doc = match crate::check::Document::from_bytes(bytes.to_vec()) {
        Ok(d) => d,
        Err(d) => return vec![*d],
    };
    let ids = Identifiers::from_case(case).with_generic(true);
    let report = crate::check::check_publication(&doc, path, &ids);
    report
        .hits
        .iter()
        .map(|h| {
            Diagnostic::error(
                h.location.clone(),
                format!(
                    "the document would contain \"{}\" ({})",
                    h.found, h.identifier
                ),
            )
            .in_file(path)
            .with_help("the template itself holds this text: remove it from the template")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chronology_events(csv: &str) -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let case = crate::case::load(&root.join("samples/case.json"))
            .case
            .unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("merged.csv");
        std::fs::write(&path, csv).unwrap();
        let today = NaiveDate::from_ymd_opt(2016, 9, 1).unwrap();
        let referral = key_events(&case, None, today).unwrap();
        let all = key_events(&case, Some(&path), today).unwrap();
        all.into_iter()
            .filter(|e| !referral.contains(e))
            .map(|(_, t)| t)
            .collect()
    }

    /// Every entry a reviewer marked as a key practice episode comes into the draft (two on
    /// one day included); before, only one entry per day of a duplicate group did.
    #[test]
    fn the_draft_brings_in_every_entry_marked_key() {
        let events = chronology_events(
            "No.,Date,Agency,Event,Duplicate group,Key practice episode\n\
             1,01/05/2015,Police,Call-out,,Yes\n\
             2,12/10/2015,School,Disclosure,2,yes\n\
             3,12/10/2015,Social care,Referral,2,Yes\n\
             4,20/10/2015,Health,Visit,,No\n\
             5,21/10/2015,Health,Clinic,,\n",
        );
        assert_eq!(
            events,
            [
                "Call-out (Police)",
                "Disclosure (School)",
                "Referral (Social care)"
            ]
        );
        // Nothing marked: the events several agencies recorded, once a day.
        let events = chronology_events(
            "No.,Date,Agency,Event,Duplicate group,Key practice episode\n\
             2,12/10/2015,School,Disclosure,2,\n\
             3,12/10/2015,Social care,Referral,2,\n\
             4,20/10/2015,Health,Visit,,\n",
        );
        assert_eq!(events, ["Disclosure (School)"]);
    }

    #[test]
    fn an_age_is_said_once() {
        assert!(states_an_age("Child A, aged two, was taken to hospital"));
        assert!(states_an_age("a 2-year-old was found"));
        assert!(states_an_age("the baby, 8 months old, was"));
        assert!(!states_an_age(
            "She was taken to hospital with a head injury"
        ));
        assert!(!states_an_age("an old injury was found"));
    }

    #[test]
    fn a_day_reduced_to_its_month_reads_in_the_month() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let case = crate::case::load(&root.join("samples/case.json"))
            .case
            .unwrap();
        let anon = Anonymiser::for_case(&case);
        let death = case.child.date_of_death.unwrap();
        let month = month_year(death);
        let said = format!("admitted on {} and", crate::uk_dates::long_date(death));
        assert_eq!(anon.text(&said), format!("admitted in {month} and"));
        let said = format!("On {} she died.", crate::uk_dates::long_date(death));
        assert_eq!(anon.text(&said), format!("In {month} she died."));
    }

    #[test]
    fn ages_read_naturally() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(age_text(d(2013, 3, 2), d(2016, 2, 14)), "2 years");
        assert_eq!(age_text(d(2015, 6, 10), d(2016, 2, 14)), "8 months");
        assert_eq!(age_text(d(2015, 1, 20), d(2016, 2, 14)), "12 months");
    }
}
