//! What identifies the child and family, in every form it is commonly written, and where it
//! occurs in a text.
//!
//! From a case: names (full, given, surname, other names, with "Mr"/"Ms"… before a surname;
//! a possessive "Maisie's" is found through its name), dates of birth and death in every
//! common written form (02/03/2013, 2/3/13, 2.3.2013, 2013-03-02, 2 March 2013, 2nd March
//! 2013, 2nd of Mar. 2013, March 2nd, 2013), addresses (whole, line by line, and the street
//! without its number), postcodes with or without the space, NHS and National Insurance numbers
//! and phone numbers however they are spaced, and e-mail addresses. From a list: any terms.
//! Generic patterns find what the case may not list: any NHS number with a valid check digit,
//! UK postcodes, UK phone numbers, National Insurance numbers and e-mail addresses.
//!
//! Matching is case-insensitive and whole-word: "Lee" is not found in "Leeds", and a
//! pseudonym such as "Child A" is never an identifier.

use crate::case::{
    Address, Case, nhs_number_is_valid, ni_number_is_plausible, postcode_is_plausible,
};
use crate::diagnostic::{Diagnostic, Location};
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

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
            IdentifierKind::Address | IdentifierKind::Postcode => "[address]",
            IdentifierKind::NhsNumber => "[NHS number]",
            IdentifierKind::NiNumber => "[National Insurance number]",
            IdentifierKind::Phone => "[telephone number]",
            IdentifierKind::Email => "[e-mail address]",
            IdentifierKind::Extra => "[removed]",
        }
    }
}

/// One identifier: a value from the case (or a list) and the pattern of its written forms.
#[derive(Debug, Clone, Serialize)]
pub struct Identifier {
    /// What it is.
    pub kind: IdentifierKind,
    /// The value, as written in the case or list (dates as "2 March 2013").
    pub term: String,
    /// Whose it is, in words that name no one: "the child's first name", "Mother's date of
    /// birth", "line 3 of extra.txt".
    pub source: String,
    /// What anonymising puts in its place: a pseudonym, or a bracketed description.
    pub replacement: String,
    /// Whose it is ("the child", "Mother"), several when shared.
    #[serde(skip)]
    owners: Vec<String>,
    /// What it is of them ("surname").
    #[serde(skip)]
    what: String,
    #[serde(skip)]
    pattern: Regex,
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

/// A generic pattern: something that looks identifying whatever the case says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Ten digits with a valid NHS check digit.
    NhsNumber,
    /// A UK postcode.
    Postcode,
    /// A UK telephone number.
    Phone,
    /// A National Insurance number.
    NiNumber,
    /// An e-mail address.
    Email,
}

impl Pattern {
    /// The pattern in words.
    pub fn describe(self) -> &'static str {
        match self {
            Pattern::NhsNumber => "an NHS number (its check digit is valid)",
            Pattern::Postcode => "a postcode",
            Pattern::Phone => "a telephone number",
            Pattern::NiNumber => "a National Insurance number",
            Pattern::Email => "an e-mail address",
        }
    }
}

/// What a match is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOf {
    /// An identifier, by index into [`Identifiers::list`].
    Identifier(usize),
    /// A generic pattern.
    Pattern(Pattern),
}

/// One place in a text where an identifier or pattern occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Start byte.
    pub start: usize,
    /// End byte of the identifier itself.
    pub end: usize,
    /// End byte including a possessive ("'s") after it, for showing.
    pub shown_end: usize,
    /// What was found.
    pub of: MatchOf,
}

/// Everything to look for.
#[derive(Debug, Clone, Default)]
pub struct Identifiers {
    /// The identifiers.
    pub list: Vec<Identifier>,
    /// Look for generic patterns too.
    pub generic: bool,
    /// Values that generic patterns may find without it being a problem (the board's and the
    /// agencies' own contact details), normalised.
    allowed: Vec<String>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A regex fragment matching `word` with any apostrophe or hyphen form and any whitespace.
fn words_pattern(term: &str) -> String {
    let mut out = String::new();
    let mut first = true;
    for word in term.split_whitespace() {
        if !first {
            out.push_str(r",?\s+");
        }
        first = false;
        for ch in word.chars() {
            match ch {
                '\'' | '\u{2019}' | '\u{2018}' => out.push_str("['\u{2019}\u{2018}]"),
                '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => {
                    out.push_str(r"[-\u{2010}\u{2011}\u{2013}]")
                }
                ',' => out.push_str(",?"),
                c => out.push_str(&regex::escape(&c.to_string())),
            }
        }
    }
    out
}

/// A regex fragment matching the characters of `value` (letters and digits only) with any
/// spaces, hyphens or dots between them: "999 234 5675", "9992345675", "999-234-5675".
fn spaced_pattern(value: &str) -> String {
    let chars: Vec<char> = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    chars
        .iter()
        .map(|c| regex::escape(&c.to_string()))
        .collect::<Vec<_>>()
        .join(r"[\s\-.]?")
}

/// A regex fragment matching a date in its common written forms.
fn date_pattern(d: NaiveDate) -> String {
    let day = d.day();
    let month = d.month();
    let year = d.year();
    let yy = format!("{:02}", year.rem_euclid(100));
    let dd = if day < 10 {
        format!("0?{day}")
    } else {
        day.to_string()
    };
    let mm = if month < 10 {
        format!("0?{month}")
    } else {
        month.to_string()
    };
    let name = MONTHS[(month - 1) as usize];
    let short = &name[..3];
    let month_words = match month {
        9 => r"(?:September|Sept?\.?)".to_string(),
        5 => "May".to_string(),
        _ => format!(r"(?:{name}|{short}\.?)"),
    };
    let ord = r"(?:st|nd|rd|th)?";
    let year_words = format!(r"(?:{year}|['\u{{2019}}]{yy})");
    [
        format!(r"{dd}\s?[/.\-]\s?{mm}\s?[/.\-]\s?(?:{year}|{yy})"),
        format!(r"{year}-{mm}-{dd}"),
        format!(r"{dd}{ord}\s+(?:of\s+)?{month_words},?\s+{year_words}"),
        format!(r"{month_words}\s+(?:the\s+)?{dd}{ord},?\s+{year_words}"),
    ]
    .join("|")
}

/// Shows a date the UK way.
fn show_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// Normalised form of a contact detail for the allow-list: lower-case letters and digits only,
/// with a UK phone number's +44 turned into its leading 0.
fn normalise_value(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '@' || *c == '.' || *c == '+')
        .flat_map(char::to_lowercase)
        .collect();
    let t = t.trim_end_matches('.').to_string();
    if let Some(rest) = t.strip_prefix("+44") {
        let rest = rest.strip_prefix('0').unwrap_or(rest);
        return format!("0{}", rest.replace('.', ""));
    }
    if t.contains('@') {
        t
    } else {
        t.replace(['.', '+'], "")
    }
}

static HONORIFICS: [&str; 6] = ["Mr", "Mrs", "Ms", "Miss", "Mx", "Master"];

/// A street without its house or flat number: "14 Larkspur Close" gives "Larkspur Close",
/// "Flat 6" gives "".
fn strip_number(part: &str) -> &str {
    let mut rest = part.trim();
    for word in ["flat", "apartment", "apt", "unit", "room", "house"] {
        if rest.len() > word.len()
            && rest.is_char_boundary(word.len())
            && rest[..word.len()].eq_ignore_ascii_case(word)
            && rest[word.len()..].starts_with(|c: char| c.is_whitespace() || c == '.')
        {
            rest = rest[word.len()..].trim_start_matches('.').trim_start();
        }
    }
    let number_end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '-' || c == '/'))
        .unwrap_or(rest.len());
    if number_end == 0 {
        return rest;
    }
    // A letter straight after the number belongs to it ("14a").
    let mut tail = &rest[number_end..];
    if tail.len() > 1
        && tail.starts_with(|c: char| c.is_ascii_alphabetic())
        && tail[1..].starts_with(|c: char| c.is_whitespace() || c == ',')
    {
        tail = &tail[1..];
    }
    tail.trim_start_matches([',', ' ']).trim()
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
        pattern: &str,
        source: String,
        replacement: String,
    ) {
        let term = term.trim();
        if term.is_empty() || pattern.is_empty() {
            return;
        }
        // One identifier per value: a surname or an address shared by several people names
        // them all, and replacing it cannot pick one person's pseudonym.
        let (owner, what) = split_source(&source);
        let (owner, what) = (owner.map(str::to_string), what.to_string());
        if let Some(existing) = self
            .list
            .iter_mut()
            .find(|i| i.kind == kind && i.term.to_lowercase() == term.to_lowercase())
        {
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
            return;
        }
        let Ok(re) = Regex::new(&format!("(?i:{pattern})")) else {
            return;
        };
        self.list.push(Identifier {
            kind,
            term: term.to_string(),
            source,
            replacement,
            owners: owner.into_iter().collect(),
            what,
            pattern: re,
        });
    }

    fn name(&mut self, term: &str, source: String, replacement: &str) {
        // A single letter is an initial, not a name anyone can be found by.
        if term.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            return;
        }
        self.push(
            IdentifierKind::Name,
            term,
            &words_pattern(term),
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
                self.name(
                    &format!("{h} {last}"),
                    format!("{whose} surname"),
                    &p.pseudonym,
                );
            }
        }
        for o in p.other {
            self.name(o, format!("{whose} other name"), &p.pseudonym);
        }
    }

    fn date(&mut self, kind: IdentifierKind, d: Option<NaiveDate>, source: String) {
        if let Some(d) = d {
            self.push(
                kind,
                &show_date(d),
                &date_pattern(d),
                source,
                kind.redaction().into(),
            );
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
        if let Some(first) = lines.first() {
            // The whole address as one: first line, then whatever follows of the rest.
            let mut pattern = words_pattern(first);
            for rest in &lines[1..] {
                pattern.push_str(&format!(r"(?:,?\s+{})?", words_pattern(rest)));
            }
            if !a.town.trim().is_empty() {
                pattern.push_str(&format!(r"(?:,?\s+{})?", words_pattern(a.town.trim())));
            }
            if postcode_is_plausible(&a.postcode) {
                pattern.push_str(&format!(r"(?:,?\s+{})?", spaced_pattern(&a.postcode)));
            }
            self.push(
                IdentifierKind::Address,
                first,
                &pattern,
                source.clone(),
                redaction.clone(),
            );
        }
        for line in &lines {
            self.push(
                IdentifierKind::Address,
                line,
                &words_pattern(line),
                source.clone(),
                redaction.clone(),
            );
            // The street without its number: "Larkspur Close" from "14 Larkspur Close",
            // "Harbour View" from "Flat 6, Harbour View".
            for part in line.split(',') {
                let street = strip_number(part.trim());
                if street.chars().filter(|c| c.is_alphabetic()).count() >= 4 && street != *line {
                    self.push(
                        IdentifierKind::Address,
                        street,
                        &words_pattern(street),
                        source.clone(),
                        redaction.clone(),
                    );
                }
            }
        }
        if postcode_is_plausible(&a.postcode) {
            self.push(
                IdentifierKind::Postcode,
                a.postcode.trim(),
                &spaced_pattern(&a.postcode),
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
        self.push(kind, value, &pattern, source, kind.redaction().into());
    }

    /// Every identifier of the child and family in a case, and the board's and agencies'
    /// contact details as values generic patterns may find without harm.
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
        // Full names first, so that the longest form of a name wins where several match.
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
                ids.push(
                    IdentifierKind::Email,
                    &m.email,
                    &regex::escape(m.email.trim()),
                    format!("{whose} e-mail address"),
                    IdentifierKind::Email.redaction().into(),
                );
            }
        }
        let mut allowed = Vec::new();
        let b = &case.board;
        let mut contact = |c: &crate::case::Contact| {
            allowed.push(normalise_value(&c.email));
            allowed.push(normalise_value(&c.phone));
        };
        contact(&b.business_manager);
        contact(&case.referral.referrer);
        for a in &case.agencies {
            contact(&a.contact);
            contact(&a.board_representative);
        }
        allowed.push(normalise_value(&b.secure_email));
        for line in &b.address {
            if postcode_is_plausible(line) {
                allowed.push(normalise_value(line));
            }
            // "Northbrook NB1 1AA": the postcode at the end of a line.
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.len() >= 2 {
                let tail = words[words.len() - 2..].join(" ");
                if postcode_is_plausible(&tail) {
                    allowed.push(normalise_value(&tail));
                }
            }
        }
        allowed.retain(|a| !a.is_empty());
        ids.allowed = allowed;
        ids
    }

    /// Terms from a list, one per line; blank lines and lines starting with `#` are skipped.
    /// `name` names the list in sources ("line 3 of extra.txt").
    pub fn from_terms(text: &str, name: &str) -> (Identifiers, Vec<Diagnostic>) {
        let mut ids = Identifiers::default();
        let mut problems = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let term = line.trim().trim_start_matches('\u{feff}').trim();
            if term.is_empty() || term.starts_with('#') {
                continue;
            }
            if term.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                problems.push(
                    Diagnostic::warning(
                        Location::Text {
                            line: i + 1,
                            column: 1,
                        },
                        format!("\"{term}\" is too short to search for; it was skipped"),
                    )
                    .with_help("give a name, place or number of at least two letters or digits"),
                );
                continue;
            }
            ids.push(
                IdentifierKind::Extra,
                term,
                &words_pattern(term),
                format!("line {} of {name}", i + 1),
                IdentifierKind::Extra.redaction().into(),
            );
        }
        (ids, problems)
    }

    /// Adds another set's identifiers and allowed values; generic patterns stay on if either
    /// has them.
    pub fn extend(&mut self, other: Identifiers) {
        self.generic |= other.generic;
        self.allowed.extend(other.allowed);
        for i in other.list {
            if !self
                .list
                .iter()
                .any(|x| x.kind == i.kind && x.term.eq_ignore_ascii_case(&i.term))
            {
                self.list.push(i);
            }
        }
    }

    /// Turns on the generic patterns.
    pub fn with_generic(mut self, on: bool) -> Identifiers {
        self.generic = on;
        self
    }

    /// Every identifier and pattern in `text`: whole words, the longest where several overlap,
    /// an identifier of the case before a generic pattern over the same words.
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.find_with(text, self.generic)
    }

    /// Like [`Identifiers::find`], choosing whether generic patterns apply.
    pub fn find_with(&self, text: &str, generic: bool) -> Vec<Match> {
        let mut all: Vec<Match> = Vec::new();
        for (i, id) in self.list.iter().enumerate() {
            find_words(&id.pattern, text, |s, e| {
                all.push(Match {
                    start: s,
                    end: e,
                    shown_end: e,
                    of: MatchOf::Identifier(i),
                })
            });
        }
        if generic {
            self.find_patterns(text, &mut all);
        }
        // Longest first at each start; identifiers before patterns; then drop overlaps.
        all.sort_by_key(|m| {
            (
                m.start,
                std::cmp::Reverse(m.end),
                matches!(m.of, MatchOf::Pattern(_)),
            )
        });
        let mut out: Vec<Match> = Vec::new();
        let mut identifier_spans: Vec<(usize, usize)> = Vec::new();
        for m in all {
            if out.last().is_some_and(|last| m.start < last.end) {
                continue;
            }
            if let MatchOf::Pattern(_) = m.of
                && identifier_spans
                    .iter()
                    .any(|&(s, e)| m.start < e && s < m.end)
            {
                continue;
            }
            if let MatchOf::Identifier(_) = m.of {
                identifier_spans.push((m.start, m.end));
            }
            out.push(m);
        }
        for m in &mut out {
            // A bracket belongs to the match only when both halves are in it: "(01632) 960101".
            let t = &text[m.start..m.end];
            if t.starts_with('(') && !t.contains(')') {
                m.start += 1;
            }
            let t = &text[m.start..m.end];
            if t.ends_with(')') && !t.contains('(') {
                m.end -= 1;
            }
            m.shown_end = possessive_end(text, m.end);
        }
        out
    }

    fn find_patterns(&self, text: &str, all: &mut Vec<Match>) {
        let allowed = |s: &str| self.allowed.contains(&normalise_value(s));
        find_words(&NHS, text, |s, e| {
            if nhs_number_is_valid(&text[s..e]) && !allowed(&text[s..e]) {
                all.push(pattern_match(s, e, Pattern::NhsNumber));
            }
        });
        find_words(&POSTCODE, text, |s, e| {
            if postcode_is_plausible(&text[s..e]) && !allowed(&text[s..e]) {
                all.push(pattern_match(s, e, Pattern::Postcode));
            }
        });
        find_words(&NI, text, |s, e| {
            if ni_number_is_plausible(&text[s..e]) && !allowed(&text[s..e]) {
                all.push(pattern_match(s, e, Pattern::NiNumber));
            }
        });
        find_words(&EMAIL, text, |s, e| {
            let v = text[s..e].trim_end_matches('.');
            if !allowed(v) {
                all.push(pattern_match(s, s + v.len(), Pattern::Email));
            }
        });
        for m in PHONE.find_iter(text) {
            if let Some(e) = phone_end(text, m.start(), m.end())
                && boundary_ok(text, m.start(), e)
                && !allowed(&text[m.start()..e])
            {
                all.push(pattern_match(m.start(), e, Pattern::Phone));
            }
        }
    }
}

fn pattern_match(start: usize, end: usize, p: Pattern) -> Match {
    Match {
        start,
        end,
        shown_end: end,
        of: MatchOf::Pattern(p),
    }
}

static NHS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{3}[ \-\u{a0}]?\d{3}[ \-\u{a0}]?\d{4}").expect("nhs pattern"));
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z]{1,2}[0-9][A-Z0-9]?[ \u{a0}]?[0-9][A-Z]{2}").expect("postcode pattern")
});
static NI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]")
        .expect("ni pattern")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+'\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
        .expect("email pattern")
});
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+44[ \u{a0}]?(?:\(0\)[ \u{a0}]?)?|\(?0)[1-9][0-9 \u{a0}\-)]{7,16}[0-9]")
        .expect("phone pattern")
});

/// The end of the longest prefix of a phone-like match that is a UK number (ten or eleven
/// digits with its leading 0), ending at a digit not followed by another digit.
fn phone_end(text: &str, start: usize, end: usize) -> Option<usize> {
    let s = &text[start..end];
    let international = s.starts_with("+44");
    let mut digits = 0usize;
    let mut best = None;
    let body = if international { &s[3..] } else { s };
    let offset = start + (s.len() - body.len());
    let mut seen_paren_zero = false;
    for (i, c) in body.char_indices() {
        if international && !seen_paren_zero && body[i..].starts_with("(0)") {
            seen_paren_zero = true;
            continue;
        }
        if c.is_ascii_digit() {
            digits += 1;
            let total = if international { digits + 1 } else { digits };
            let next_is_digit = body[i + 1..].starts_with(|x: char| x.is_ascii_digit());
            if (total == 10 || total == 11) && !next_is_digit {
                best = Some(offset + i + 1);
            }
        }
    }
    // Separators must be sparse: "0 1 6 3 2 ..." is not a phone number.
    let e = best?;
    let seps = text[start..e]
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '+')
        .count();
    (seps <= 4).then_some(e)
}

/// A phone identifier's pattern: its digits spaced any way, with +44 for the leading 0.
fn phone_pattern(value: &str) -> String {
    let digits: String = value.chars().filter(|c| c.is_ascii_digit()).collect();
    let national = if value.trim_start().starts_with('+') {
        digits
            .strip_prefix("44")
            .map(|d| format!("0{}", d.trim_start_matches('0')))
            .unwrap_or(digits.clone())
    } else {
        digits.clone()
    };
    match national.strip_prefix('0') {
        Some(rest) => format!(
            r"(?:\(?0|\+44[\s\-.]?(?:\(0\)[\s\-.]?)?)[\s\-.)]{{0,2}}{}",
            spaced_pattern(rest)
        ),
        None => spaced_pattern(&national),
    }
}

/// Calls `f` for each match of `re` in `text` that stands as whole words: no letter or digit
/// touching it on either side (where its own edge is a letter or digit).
fn find_words(re: &Regex, text: &str, mut f: impl FnMut(usize, usize)) {
    let mut at = 0;
    while at <= text.len() {
        let Some(m) = re.find_at(text, at) else {
            break;
        };
        if boundary_ok(text, m.start(), m.end()) && m.end() > m.start() {
            f(m.start(), m.end());
            at = m.end();
        } else {
            // Try again one character on, so an overlapping whole-word match is not skipped.
            at = m.start()
                + text[m.start()..]
                    .chars()
                    .next()
                    .map(char::len_utf8)
                    .unwrap_or(1);
        }
    }
}

fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let inner_first = text[start..end].chars().next();
    let inner_last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ok_before = !(inner_first.is_some_and(word) && before.is_some_and(word));
    let ok_after = !(inner_last.is_some_and(word) && after.is_some_and(word));
    // Numbers joined by dots, slashes or hyphens are one number: "2.3.13" is not a date
    // inside "12.2.3.13".
    let joiner = |c: Option<char>| c.is_some_and(|c| matches!(c, '.' | '/' | '-'));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let mut back = text[..start].chars().rev();
    let (b1, b2) = (back.next(), back.next());
    let mut fwd = text[end..].chars();
    let (a1, a2) = (fwd.next(), fwd.next());
    let joined_before = digit(inner_first) && joiner(b1) && digit(b2);
    let joined_after = digit(inner_last) && joiner(a1) && digit(a2);
    ok_before && ok_after && !joined_before && !joined_after
}

/// The end of a possessive after a name: "'s", "’s", or a bare apostrophe after an s.
fn possessive_end(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    for p in ["'s", "\u{2019}s"] {
        if let Some(after) = rest.strip_prefix(p)
            && !after.starts_with(char::is_alphanumeric)
        {
            return end + p.len();
        }
    }
    end
}

/// The identifiers of a set by kind, for summaries.
pub fn count_by_kind(ids: &Identifiers) -> BTreeMap<IdentifierKind, usize> {
    let mut out = BTreeMap::new();
    for i in &ids.list {
        *out.entry(i.kind).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(ids: &Identifiers, text: &str) -> Vec<String> {
        ids.find(text)
            .iter()
            .map(|m| text[m.start..m.shown_end].to_string())
            .collect()
    }

    fn date_ids() -> Identifiers {
        let mut ids = Identifiers::default();
        ids.date(
            IdentifierKind::DateOfBirth,
            NaiveDate::from_ymd_opt(2013, 3, 2),
            "dob".into(),
        );
        ids
    }

    #[test]
    fn a_date_is_found_in_every_common_written_form() {
        let ids = date_ids();
        for form in [
            "02/03/2013",
            "2/3/13",
            "2.3.2013",
            "02.03.13",
            "2-3-2013",
            "2013-03-02",
            "2 March 2013",
            "2nd March 2013",
            "2nd of March 2013",
            "2 Mar 2013",
            "2 Mar. 2013",
            "March 2nd 2013",
            "March 2, 2013",
            "2ND MARCH 2013",
            "2\u{a0}March\u{a0}2013",
        ] {
            assert_eq!(
                found(&ids, &format!("born on {form}, at home")),
                [form],
                "{form}"
            );
        }
        for other in [
            "12/03/2013",
            "2/3/2014",
            "22 March 2013",
            "March 2013",
            "2/3/130",
            "12.2.3.13",
        ] {
            assert!(found(&ids, other).is_empty(), "{other}");
        }
    }

    #[test]
    fn names_are_whole_words_with_possessives() {
        let mut ids = Identifiers::default();
        ids.person(&Person {
            who: "the child".into(),
            pseudonym: "Child A".into(),
            first: "Maisie",
            last: "Thornbury",
            other: &[],
        });
        assert_eq!(
            found(
                &ids,
                "Maisie's mother; MAISIE THORNBURY; Ms Thornbury; Thornburys' house"
            ),
            ["Maisie's", "MAISIE THORNBURY", "Ms Thornbury"]
        );
        assert!(found(&ids, "Child A, Maisiex, xMaisie, Thornburyshire").is_empty());
        let m = &ids.find("Maisie\u{2019}s")[0];
        assert_eq!((m.end, m.shown_end), (6, 6 + "\u{2019}s".len()));
    }

    #[test]
    fn numbers_are_found_however_they_are_spaced() {
        let mut ids = Identifiers::default();
        ids.number(IdentifierKind::NhsNumber, "999 234 5675", "nhs".into());
        ids.number(IdentifierKind::NiNumber, "QQ 12 34 56 C", "ni".into());
        ids.number(IdentifierKind::Phone, "07700 900 412", "phone".into());
        for form in [
            "9992345675",
            "999 234 5675",
            "999-234-5675",
            "qq123456c",
            "QQ 12 34 56 C",
            "07700900412",
            "07700 900412",
            "+44 7700 900412",
            "+44 (0)7700 900 412",
        ] {
            assert_eq!(found(&ids, &format!("number: {form}.")), [form], "{form}");
        }
        assert!(found(&ids, "99923456751 and 107700900412").is_empty());
    }

    #[test]
    fn generic_patterns_find_unlisted_numbers_and_skip_invalid_ones() {
        let ids = Identifiers::default().with_generic(true);
        assert_eq!(
            found(
                &ids,
                "NHS 943 476 5919, not 943 476 5918; NB4 7QT; call 01632 960101 or +44 7700 900123; ann@mail.example.; AB 12 34 56 C"
            ),
            [
                "943 476 5919",
                "NB4 7QT",
                "01632 960101",
                "+44 7700 900123",
                "ann@mail.example",
                "AB 12 34 56 C"
            ]
        );
        for clean in [
            "Section 47 enquiry in 2015 and 2016",
            "paragraph 3.2.1",
            "NHS 111",
            "nb4 7qt in lower case",
            "1234567890",
            "Working Together 2015, 14 days, 0.5 FTE",
        ] {
            assert!(
                found(&ids, clean).is_empty(),
                "{clean}: {:?}",
                found(&ids, clean)
            );
        }
    }
}
