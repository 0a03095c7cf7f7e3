//! The catalogue: every fact of a case that identifies the child or family, whose it is, the
//! forms it is written in, and what replaces it.

use super::fold::fold_term;
use super::forms::{
    HONORIFICS, date_pattern, institution_kind, institution_names, long_date, phone_pattern,
    spaced_pattern, strip_number,
};
use super::matcher::Compiled;
use super::patterns::normalise_value;
use crate::case::{Address, Case, postcode_is_plausible};
use crate::diagnostic::{Diagnostic, Location};
use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// What an identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// A name.
    Name,
    /// A date of birth.
    DateOfBirth,
    /// A date of death.
    DateOfDeath,
    /// The date of the incident that led to the review.
    DateOfIncident,
    /// An address or part of one.
    Address,
    /// A postcode.
    Postcode,
    /// An NHS number.
    NhsNumber,
    /// A National Insurance number.
    NiNumber,
    /// A telephone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A school, nursery, GP practice or other place that locates the child.
    Place,
    /// A term from an identifiers list.
    Extra,
}

impl IdentifierKind {
    /// What a replacement reads when no pseudonym applies.
    pub fn redaction(self) -> &'static str {
        match self {
            IdentifierKind::Name => "[name]",
            IdentifierKind::DateOfBirth => "[date of birth]",
            IdentifierKind::DateOfDeath => "[date of death]",
            IdentifierKind::DateOfIncident => "[date of the incident]",
            IdentifierKind::Address | IdentifierKind::Postcode => "[address]",
            IdentifierKind::NhsNumber => "[NHS number]",
            IdentifierKind::NiNumber => "[National Insurance number]",
            IdentifierKind::Phone => "[telephone number]",
            IdentifierKind::Email => "[e-mail address]",
            IdentifierKind::Place => "[place]",
            IdentifierKind::Extra => "[removed]",
        }
    }
}

/// How an identifier is written: literal forms (folded), or a pattern over folded text.
#[derive(Debug, Clone)]
pub(crate) enum Forms {
    /// Folded, lower-case strings, matched all at once by one automaton.
    Literal(Vec<String>),
    /// A regex over folded, lower-case text (dates, numbers spaced any way).
    Pattern(Regex),
}

/// One identifier: a value from the case (or a list) and the forms it is written in.
#[derive(Debug, Clone, Serialize)]
pub struct Identifier {
    /// What it is.
    pub kind: IdentifierKind,
    /// The value, as written in the case or list (dates as "2 March 2013").
    pub term: String,
    /// Whose it is, in words that name no one: "the child's first name", "Mother's date of
    /// birth", "line 3 of extra.txt".
    pub source: String,
    /// What anonymising puts in its place: a pseudonym, a kind ("the school"), or a bracketed
    /// description.
    pub replacement: String,
    /// The date, for a date identifier (the draft shows the child's as month and year).
    #[serde(skip)]
    pub(crate) date: Option<NaiveDate>,
    /// Whose it is ("the child", "Mother"), several when shared.
    #[serde(skip)]
    owners: Vec<String>,
    /// What it is of them ("surname").
    #[serde(skip)]
    what: String,
    #[serde(skip)]
    pub(crate) forms: Forms,
}

impl Identifier {
    /// True when it is the child's own (not shared with anyone else).
    pub fn is_the_childs(&self) -> bool {
        self.owners == ["the child"]
    }
}

/// Splits "Mother's partner's surname" into ("Mother's partner", "surname").
fn split_source(source: &str) -> (Option<&str>, &str) {
    match source.rfind("'s ") {
        Some(i) => (Some(&source[..i]), &source[i + 3..]),
        None => (None, source),
    }
}

/// "the child's postcode", or "the postcode of the child, Mother and Sibling 1".
fn describe(owners: &[String], what: &str) -> String {
    match owners {
        [] => what.to_string(),
        [one] => format!("{one}'s {what}"),
        [rest @ .., last] => format!("the {what} of {} and {last}", rest.join(", ")),
    }
}

/// Everything to look for: the case's identifiers, generic patterns, and what may pass.
#[derive(Debug, Clone, Default)]
pub struct Identifiers {
    /// The identifiers.
    pub list: Vec<Identifier>,
    /// Look for generic patterns too.
    pub generic: bool,
    /// Values generic patterns may find without harm (the board's and the agencies' own
    /// contact details), normalised.
    pub(crate) own_contacts: Vec<String>,
    /// Values and terms a board allows (`--allow`, the case's allow-list), normalised.
    pub(crate) allowed: Vec<String>,
    /// Each identifier by kind and folded term, to merge repeats.
    index: HashMap<(IdentifierKind, String), usize>,
    /// The matcher, built on first use.
    pub(crate) compiled: OnceLock<Compiled>,
}

/// A person of the case, for building identifiers.
struct Person<'a> {
    /// "the child", "Mother".
    who: String,
    pseudonym: String,
    first: &'a str,
    last: &'a str,
    other: &'a [String],
}

impl Identifiers {
    fn push(
        &mut self,
        kind: IdentifierKind,
        term: &str,
        forms: Forms,
        source: String,
        replacement: String,
    ) -> Option<usize> {
        let term = term.trim();
        if term.is_empty() {
            return None;
        }
        if let Forms::Literal(l) = &forms
            && l.iter().all(|f| f.is_empty())
        {
            return None;
        }
        self.compiled = OnceLock::new();
        // One identifier per value: a surname or an address shared by several people names
        // them all, and replacing it cannot pick one person's pseudonym.
        let (owner, what) = split_source(&source);
        let (owner, what) = (owner.map(str::to_string), what.to_string());
        let key = (kind, fold_term(term));
        if let Some(&i) = self.index.get(&key) {
            let existing = &mut self.list[i];
            match owner {
                Some(o) if existing.what == what => {
                    if !existing.owners.contains(&o) {
                        existing.owners.push(o);
                    }
                    existing.source = describe(&existing.owners, &existing.what);
                }
                _ => {
                    if !existing.source.contains(&source) {
                        existing.source = format!("{} and {source}", existing.source);
                    }
                }
            }
            if existing.replacement != replacement {
                existing.replacement = if existing.what == "surname" {
                    "[family name]".into()
                } else {
                    kind.redaction().to_string()
                };
            }
            return Some(i);
        }
        self.index.insert(key, self.list.len());
        self.list.push(Identifier {
            kind,
            term: term.to_string(),
            source,
            replacement,
            date: None,
            owners: owner.into_iter().collect(),
            what,
            forms,
        });
        Some(self.list.len() - 1)
    }

    fn literal(
        &mut self,
        kind: IdentifierKind,
        term: &str,
        forms: &[String],
        source: String,
        replacement: String,
    ) {
        let mut folded: Vec<String> = forms.iter().map(|f| fold_term(f)).collect();
        folded.retain(|f| !f.is_empty());
        folded.sort();
        folded.dedup();
        self.push(kind, term, Forms::Literal(folded), source, replacement);
    }

    fn pattern(
        &mut self,
        kind: IdentifierKind,
        term: &str,
        pattern: &str,
        source: String,
        replacement: String,
    ) -> Option<usize> {
        let re = Regex::new(&format!("(?i:{pattern})")).ok()?;
        self.push(kind, term, Forms::Pattern(re), source, replacement)
    }

    fn name(&mut self, term: &str, source: String, replacement: &str) {
        // A single letter is an initial, not a name anyone can be found by.
        if term.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return;
        }
        self.literal(
            IdentifierKind::Name,
            term,
            &[term.to_string()],
            source,
            replacement.to_string(),
        );
    }

    fn person(&mut self, p: &Person) {
        let whose = if p.who == "the child" {
            "the child's".to_string()
        } else {
            format!("{}'s", p.who)
        };
        let first = p.first.trim();
        let last = p.last.trim();
        let given: Vec<&str> = first.split_whitespace().collect();
        if !first.is_empty() && !last.is_empty() {
            self.name(
                &format!("{first} {last}"),
                format!("{whose} full name"),
                &p.pseudonym,
            );
            if given.len() > 1 {
                self.name(
                    &format!("{} {last}", given[0]),
                    format!("{whose} full name"),
                    &p.pseudonym,
                );
            }
        }
        for g in &given {
            self.name(g, format!("{whose} first name"), &p.pseudonym);
        }
        if given.len() > 1 {
            self.name(first, format!("{whose} first names"), &p.pseudonym);
        }
        if !last.is_empty() {
            self.name(last, format!("{whose} surname"), &p.pseudonym);
            for h in HONORIFICS {
                for form in [format!("{h} {last}"), format!("{h}. {last}")] {
                    self.name(&form, format!("{whose} surname"), &p.pseudonym);
                }
            }
        }
        for o in p.other {
            self.name(o, format!("{whose} other name"), &p.pseudonym);
        }
    }

    fn date(&mut self, kind: IdentifierKind, d: Option<NaiveDate>, source: String) {
        if let Some(d) = d
            && let Some(i) = self.pattern(
                kind,
                &long_date(d),
                &date_pattern(d),
                source,
                kind.redaction().into(),
            )
        {
            self.list[i].date = Some(d);
        }
    }

    fn address(&mut self, a: &Address, whose: &str) {
        let lines: Vec<&str> = a
            .lines
            .iter()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty())
            .collect();
        let source = format!("{whose} address");
        let redaction = IdentifierKind::Address.redaction().to_string();
        let postcode = postcode_is_plausible(&a.postcode).then(|| a.postcode.trim().to_string());
        if let Some(first) = lines.first() {
            // The whole address as one: the first line, then as much of the rest as follows.
            let mut parts: Vec<&str> = lines.clone();
            if !a.town.trim().is_empty() {
                parts.push(a.town.trim());
            }
            let mut forms = Vec::new();
            for k in 1..=parts.len() {
                let joined = parts[..k].join(" ");
                if let Some(p) = &postcode {
                    forms.push(format!("{joined} {p}"));
                    forms.push(format!("{joined} {}", p.replace(' ', "")));
                }
                forms.push(joined);
            }
            self.literal(
                IdentifierKind::Address,
                first,
                &forms,
                source.clone(),
                redaction.clone(),
            );
        }
        for line in &lines {
            self.literal(
                IdentifierKind::Address,
                line,
                &[line.to_string()],
                source.clone(),
                redaction.clone(),
            );
            // The street without its number: "Larkspur Close" from "14 Larkspur Close",
            // "Harbour View" from "Flat 6, Harbour View".
            for part in line.split(',') {
                let street = strip_number(part.trim());
                if street.chars().filter(|c| c.is_alphabetic()).count() >= 4 && street != *line {
                    self.literal(
                        IdentifierKind::Address,
                        street,
                        &[street.to_string()],
                        source.clone(),
                        redaction.clone(),
                    );
                }
            }
        }
        if let Some(p) = postcode {
            self.pattern(
                IdentifierKind::Postcode,
                &p,
                &spaced_pattern(&p),
                format!("{whose} postcode"),
                redaction,
            );
        }
    }

    fn number(&mut self, kind: IdentifierKind, value: &str, source: String) {
        let digits = value.chars().filter(|c| c.is_ascii_alphanumeric()).count();
        if digits < 6 {
            return;
        }
        let pattern = if kind == IdentifierKind::Phone {
            phone_pattern(value)
        } else {
            spaced_pattern(value)
        };
        self.pattern(kind, value, &pattern, source, kind.redaction().into());
    }

    /// A place that locates the child, by its name and the shorter names people use for it,
    /// replaced by its kind ("the school").
    fn place(&mut self, name: &str, replacement: &str, source: String) {
        if name.chars().filter(|c| c.is_alphabetic()).count() < 4 {
            return;
        }
        self.literal(
            IdentifierKind::Place,
            name,
            &institution_names(name),
            source,
            replacement.to_string(),
        );
    }

    /// Every identifier of the child and family in a case, the places that locate the child,
    /// and the board's and agencies' contact details as values generic patterns may find
    /// without harm.
    pub fn from_case(case: &Case) -> Identifiers {
        let mut ids = Identifiers {
            generic: true,
            ..Default::default()
        };
        let child = &case.child;
        let child_pseudonym = if child.pseudonym.trim().is_empty() {
            "[child]".to_string()
        } else {
            child.pseudonym.trim().to_string()
        };
        let mut people = vec![Person {
            who: "the child".into(),
            pseudonym: child_pseudonym,
            first: &child.first_name,
            last: &child.last_name,
            other: &child.other_names,
        }];
        for (i, m) in case.family.iter().enumerate() {
            let who = [&m.pseudonym, &m.relationship]
                .iter()
                .map(|s| s.trim())
                .find(|s| !s.is_empty())
                .map(str::to_string)
                .unwrap_or_else(|| format!("family member {}", i + 1));
            let pseudonym = if m.pseudonym.trim().is_empty() {
                IdentifierKind::Name.redaction().to_string()
            } else {
                m.pseudonym.trim().to_string()
            };
            people.push(Person {
                who,
                pseudonym,
                first: &m.first_name,
                last: &m.last_name,
                other: &m.other_names,
            });
        }
        for p in &people {
            ids.person(p);
        }
        ids.date(
            IdentifierKind::DateOfBirth,
            child.date_of_birth,
            "the child's date of birth".into(),
        );
        ids.date(
            IdentifierKind::DateOfDeath,
            child.date_of_death,
            "the child's date of death".into(),
        );
        ids.date(
            IdentifierKind::DateOfIncident,
            child.date_of_incident,
            "the child's date of the incident".into(),
        );
        ids.address(&child.address, "the child's");
        ids.number(
            IdentifierKind::NhsNumber,
            &child.nhs_number,
            "the child's NHS number".into(),
        );
        for (m, p) in case.family.iter().zip(&people[1..]) {
            let whose = format!("{}'s", p.who);
            ids.date(
                IdentifierKind::DateOfBirth,
                m.date_of_birth,
                format!("{whose} date of birth"),
            );
            ids.address(&m.address, &whose);
            ids.number(
                IdentifierKind::NhsNumber,
                &m.nhs_number,
                format!("{whose} NHS number"),
            );
            ids.number(
                IdentifierKind::NiNumber,
                &m.ni_number,
                format!("{whose} National Insurance number"),
            );
            ids.number(
                IdentifierKind::Phone,
                &m.phone,
                format!("{whose} telephone number"),
            );
            if m.email.contains('@') {
                ids.literal(
                    IdentifierKind::Email,
                    &m.email,
                    &[m.email.trim().to_string()],
                    format!("{whose} e-mail address"),
                    IdentifierKind::Email.redaction().into(),
                );
            }
        }
        for a in case.agencies.iter().filter(|a| a.locates_child) {
            let as_ = match a.named_in_report_as.trim() {
                "" => institution_kind(&a.name, &a.kind),
                s => s.to_string(),
            };
            ids.place(&a.name, &as_, "a place that locates the child".into());
        }
        for p in &child.locating_places {
            let (name, as_) = match p.split_once('=') {
                Some((n, r)) if !r.trim().is_empty() => (n.trim(), r.trim().to_string()),
                Some((n, _)) => (n.trim(), institution_kind(n, "")),
                None => (p.trim(), institution_kind(p, "")),
            };
            ids.place(name, &as_, "a place that locates the child".into());
        }
        let mut own = Vec::new();
        let b = &case.board;
        let mut contact = |c: &crate::case::Contact| {
            own.push(normalise_value(&c.email));
            own.push(normalise_value(&c.phone));
        };
        contact(&b.business_manager);
        contact(&case.referral.referrer);
        for a in &case.agencies {
            contact(&a.contact);
            contact(&a.board_representative);
        }
        own.push(normalise_value(&b.secure_email));
        for line in &b.address {
            if postcode_is_plausible(line) {
                own.push(normalise_value(line));
            }
            // "Northbrook NB1 1AA": the postcode at the end of a line.
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.len() >= 2 {
                let tail = words[words.len() - 2..].join(" ");
                if postcode_is_plausible(&tail) {
                    own.push(normalise_value(&tail));
                }
            }
        }
        own.retain(|a| !a.is_empty());
        ids.own_contacts = own;
        ids.allow(case.publication.allow.iter().map(String::as_str));
        ids
    }

    /// Terms from a list, one per line, each optionally followed by `=` and what replaces it
    /// ("Ashgrove Primary = the school"); blank lines and lines starting with `#` are skipped.
    /// `name` names the list in sources ("line 3 of extra.txt").
    pub fn from_terms(text: &str, name: &str) -> (Identifiers, Vec<Diagnostic>) {
        let mut ids = Identifiers::default();
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim().trim_start_matches('\u{feff}').trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (term, replacement) = match line.split_once('=') {
                Some((t, r)) if !r.trim().is_empty() => (t.trim(), r.trim().to_string()),
                Some((t, _)) => (t.trim(), IdentifierKind::Extra.redaction().to_string()),
                None => (line, IdentifierKind::Extra.redaction().to_string()),
            };
            if term.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                problems.push(
                    Diagnostic::warning(
                        Location::Text {
                            line: i + 1,
                            column: 1,
                        },
                        format!("line {} is too short to search for; it was skipped", i + 1),
                    )
                    .with_help("give a name, place or number of at least two letters or digits"),
                );
                continue;
            }
            ids.literal(
                IdentifierKind::Extra,
                term,
                &[term.to_string()],
                format!("line {} of {name}", i + 1),
                replacement,
            );
        }
        (ids, problems)
    }

    /// Values and terms a board allows (a charity's helpline, the partnership's public
    /// address): generic patterns pass over them, and the check reports that it did.
    pub fn allow<'a>(&mut self, values: impl IntoIterator<Item = &'a str>) {
        for v in values {
            let n = normalise_value(v);
            if !n.is_empty() && !self.allowed.contains(&n) {
                self.allowed.push(n);
            }
        }
    }

    /// An allow-list file: one value per line, `#` for comments.
    pub fn allow_list(&mut self, text: &str) {
        self.allow(
            text.lines()
                .map(|l| l.trim().trim_start_matches('\u{feff}').trim())
                .filter(|l| !l.is_empty() && !l.starts_with('#')),
        );
    }

    /// Adds another set's identifiers and allowed values; generic patterns stay on if either
    /// has them.
    pub fn extend(&mut self, other: Identifiers) {
        self.generic |= other.generic;
        self.own_contacts.extend(other.own_contacts);
        self.allowed.extend(other.allowed);
        self.compiled = OnceLock::new();
        for i in other.list {
            let key = (i.kind, fold_term(&i.term));
            if let std::collections::hash_map::Entry::Vacant(e) = self.index.entry(key) {
                e.insert(self.list.len());
                self.list.push(i);
            }
        }
    }

    /// Turns on the generic patterns.
    pub fn with_generic(mut self, on: bool) -> Identifiers {
        self.generic = on;
        self
    }
}

/// The identifiers of a set by kind, for summaries.
pub fn count_by_kind(ids: &Identifiers) -> BTreeMap<IdentifierKind, usize> {
    let mut out = BTreeMap::new();
    for i in &ids.list {
        *out.entry(i.kind).or_insert(0) += 1;
    }
    out
}
