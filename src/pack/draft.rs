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
use chrono::{Datelike, NaiveDate};
use regex::{Regex, RegexBuilder};
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

/// Replaces the people's names in free text with their pseudonyms.
pub(super) struct Anonymiser {
    rules: Vec<(Regex, String)>,
}

fn word(term: &str) -> Option<Regex> {
    let t = term.trim();
    if t.chars().count() < 2 {
        return None;
    }
    RegexBuilder::new(&format!(r"\b{}\b", regex::escape(t)))
        .case_insensitive(true)
        .build()
        .ok()
}

impl Anonymiser {
    /// Builds the replacements for a case: full names first, then first names, other names
    /// and surnames (a surname shared by several people becomes "[family name]").
    pub(super) fn for_case(case: &Case) -> Anonymiser {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut people: Vec<(&str, &str, &[String], &str)> = vec![(
            &case.child.first_name,
            &case.child.last_name,
            &case.child.other_names,
            &case.child.pseudonym,
        )];
        for m in &case.family {
            people.push((&m.first_name, &m.last_name, &m.other_names, &m.pseudonym));
        }
        let mut surnames: std::collections::HashMap<String, Vec<String>> = Default::default();
        for (first, last, others, pseudonym) in &people {
            let full = format!("{} {}", first.trim(), last.trim());
            pairs.push((full, pseudonym.to_string()));
            pairs.push((first.to_string(), pseudonym.to_string()));
            for o in others.iter() {
                pairs.push((o.clone(), pseudonym.to_string()));
            }
            surnames
                .entry(last.trim().to_lowercase())
                .or_default()
                .push(pseudonym.to_string());
        }
        for (last, who) in surnames {
            let to = if who.len() == 1 {
                who[0].clone()
            } else {
                "[family name]".to_string()
            };
            pairs.push((last, to));
        }
        // Longest first, so "Kerry Thornbury" goes before "Thornbury".
        pairs.sort_by_key(|(t, _)| std::cmp::Reverse(t.chars().count()));
        let mut rules: Vec<(Regex, String)> = Vec::new();
        for (t, to) in pairs {
            if t.trim().is_empty() || to.trim().is_empty() {
                continue;
            }
            if let Some(r) = word(&t) {
                rules.push((r, to));
            }
        }
        // Addresses and postcodes go whole.
        let mut places: Vec<String> = Vec::new();
        let mut addr = |a: &crate::case::Address| {
            places.extend(a.lines.iter().cloned());
            places.push(a.postcode.clone());
            places.push(a.postcode.replace(' ', ""));
        };
        addr(&case.child.address);
        for m in &case.family {
            addr(&m.address);
        }
        for p in places {
            if let Some(r) = word(&p) {
                rules.push((r, "[address]".into()));
            }
        }
        // The child's dates of birth, death and incident, in the ways people write them,
        // become month and year.
        for d in [
            case.child.date_of_birth,
            case.child.date_of_death,
            case.child.date_of_incident,
        ]
        .into_iter()
        .flatten()
        {
            let to = month_year(d);
            for form in written_dates(d) {
                if let Some(r) = word(&form) {
                    rules.push((r, to.clone()));
                }
            }
            // A date field holding the same day (a scope ending on the day of death) keeps
            // only its month, which the `date` helper shows as "February 2016".
            if let Ok(r) = Regex::new(&format!("^{}$", d.format("%Y-%m-%d"))) {
                rules.push((r, d.format("%Y-%m").to_string()));
            }
        }
        Anonymiser { rules }
    }

    /// Anonymises one text.
    pub(super) fn text(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (r, to) in &self.rules {
            if r.is_match(&out) {
                out = r.replace_all(&out, regex::NoExpand(to)).into_owned();
            }
        }
        out
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

/// A date as people write it: 2 March 2013, 2nd March 2013, 02/03/2013, 2/3/13, 2.3.2013...
pub(super) fn written_dates(d: NaiveDate) -> Vec<String> {
    let suffix = match d.day() {
        1 | 21 | 31 => "st",
        2 | 22 => "nd",
        3 | 23 => "rd",
        _ => "th",
    };
    let mut v: Vec<String> = [
        "%-d %B %Y",
        "%d %B %Y",
        "%-d %b %Y",
        "%d/%m/%Y",
        "%-d/%-m/%Y",
        "%d/%m/%y",
        "%-d/%-m/%y",
        "%d.%m.%Y",
        "%-d.%-m.%Y",
        "%d.%m.%y",
        "%-d.%-m.%y",
    ]
    .iter()
    .map(|f| d.format(f).to_string())
    .collect();
    v.push(format!("{}{suffix} {}", d.day(), d.format("%B %Y")));
    v.push(format!(
        "{} {}{suffix} {}",
        d.format("%B"),
        d.day(),
        d.year()
    ));
    v.sort();
    v.dedup();
    v
}

fn month_year(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
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
    v
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
    // The data held no identifier; a board's template might, in its own wording. Check the
    // result as `scr check publication` would, and refuse a draft that identifies anyone.
    let doc = crate::check::Document::from_bytes(bytes.clone()).map_err(|d| vec![*d])?;
    let ids = crate::check::Identifiers::from_case(case).with_generic(true);
    let report = crate::check::check_publication(&doc, std::path::Path::new("draft"), &ids);
    if report.hits.is_empty() {
        return Ok(bytes);
    }
    Err(report
        .hits
        .iter()
        .map(|h| {
            Diagnostic::error(
                h.location.clone(),
                format!("the draft would contain \"{}\" ({})", h.found, h.identifier),
            )
            .with_help("the template itself holds this text: remove it from the template")
        })
        .collect())
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
    fn ages_read_naturally() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(age_text(d(2013, 3, 2), d(2016, 2, 14)), "2 years");
        assert_eq!(age_text(d(2015, 6, 10), d(2016, 2, 14)), "8 months");
        assert_eq!(age_text(d(2015, 1, 20), d(2016, 2, 14)), "12 months");
    }

    #[test]
    fn dates_are_recognised_in_every_common_form() {
        let f = written_dates(NaiveDate::from_ymd_opt(2013, 3, 2).unwrap());
        for form in [
            "2 March 2013",
            "02/03/2013",
            "2/3/13",
            "2.3.2013",
            "2nd March 2013",
            "March 2nd 2013",
        ] {
            assert!(f.contains(&form.to_string()), "{form} not in {f:?}");
        }
    }
}
