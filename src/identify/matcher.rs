//! Finding identifiers in a text: every literal form of every identifier at once (one
//! Aho-Corasick automaton, however long the list), the patterned forms (dates, numbers) by
//! regex, both in the folded text; then the generic patterns; then one match per place, the
//! longest, mapped back to the text as written.

use super::catalogue::{Forms, Identifiers};
use super::fold::{Folded, fold};
use super::patterns::{self, Passed, Pattern, is_organisation_number, is_public_sector_address};
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

/// The identifiers compiled for searching.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    literal: Option<AhoCorasick>,
    /// Identifier index of each automaton pattern.
    owner: Vec<usize>,
    patterned: Vec<(usize, Regex)>,
}

impl Compiled {
    fn new(ids: &Identifiers) -> Compiled {
        let mut strings: Vec<&str> = Vec::new();
        let mut owner = Vec::new();
        let mut patterned = Vec::new();
        for (i, id) in ids.list.iter().enumerate() {
            match &id.forms {
                Forms::Literal(forms) => {
                    for f in forms {
                        strings.push(f);
                        owner.push(i);
                    }
                }
                Forms::Pattern(re) => patterned.push((i, re.clone())),
            }
        }
        let literal = (!strings.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(&strings)
                    .ok()
            })
            .flatten();
        Compiled {
            literal,
            owner,
            patterned,
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
    /// A generic pattern's match that is public or allowed, and why: reported as passed over,
    /// never as a finding.
    Passed(Pattern, Passed),
}

/// One place in a text where an identifier or pattern occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Start byte, in the text as written.
    pub start: usize,
    /// End byte of the identifier itself.
    pub end: usize,
    /// End byte including a possessive ("'s") after it, for showing.
    pub shown_end: usize,
    /// What was found.
    pub of: MatchOf,
}

/// A candidate in folded text.
#[derive(Clone, Copy)]
struct Found {
    start: usize,
    end: usize,
    of: MatchOf,
}

/// How one edge of a match meets its neighbour.
enum Edge {
    /// A word boundary, or a letter against a digit ("Maisie2013").
    Ok,
    /// Inside a word or number.
    Inside,
    /// A letter against a letter: fine only if another identifier starts or ends there
    /// ("MaisieThornbury").
    Touching,
}

fn edge(inner: Option<char>, outer: Option<char>) -> Edge {
    match (inner, outer) {
        (Some(i), Some(o)) if i.is_alphanumeric() && o.is_alphanumeric() => {
            if i.is_numeric() != o.is_numeric() {
                Edge::Ok
            } else if i.is_numeric() {
                Edge::Inside
            } else {
                Edge::Touching
            }
        }
        _ => Edge::Ok,
    }
}

impl Identifiers {
    fn compiled(&self) -> &Compiled {
        self.compiled.get_or_init(|| Compiled::new(self))
    }

    /// Every identifier and pattern in `text`: whole words (or run together with another
    /// identifier or a number), the longest where several overlap, an identifier of the case
    /// before a generic pattern over the same words.
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.find_with(text, self.generic)
    }

    /// Like [`Identifiers::find`], choosing whether generic patterns apply.
    pub fn find_with(&self, text: &str, generic: bool) -> Vec<Match> {
        let mut all = self.find_detailed(text, generic);
        all.retain(|m| !matches!(m.of, MatchOf::Passed(..)));
        all
    }

    /// Like [`Identifiers::find_with`], with the generic patterns' matches that were passed
    /// over (public contact points, allowed values) as [`MatchOf::Passed`].
    pub fn find_detailed(&self, text: &str, generic: bool) -> Vec<Match> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let folded = fold(text);
        let compiled = self.compiled();
        let lower = folded.lower.as_str();
        let mut candidates: Vec<Found> = Vec::new();
        if let Some(ac) = &compiled.literal {
            for m in ac.find_overlapping_iter(lower) {
                candidates.push(Found {
                    start: m.start(),
                    end: m.end(),
                    of: MatchOf::Identifier(compiled.owner[m.pattern().as_usize()]),
                });
            }
        }
        for (i, re) in &compiled.patterned {
            let mut at = 0;
            while at <= lower.len() {
                let Some(m) = re.find_at(lower, at) else {
                    break;
                };
                if m.end() > m.start() && !after_tens(lower, m.start()) {
                    candidates.push(Found {
                        start: m.start(),
                        end: m.end(),
                        of: MatchOf::Identifier(*i),
                    });
                }
                at = m.start() + lower[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        let mut kept = self.standing(lower, &candidates);
        if generic {
            patterns::find(&folded.cased, |s, e, p| {
                kept.push(Found {
                    start: s,
                    end: e,
                    of: self.judge(&folded, text, s, e, p),
                })
            });
        }
        resolve(kept, &folded, text, self)
    }

    /// Whether a generic pattern's match is a finding or passed over.
    fn judge(&self, folded: &Folded, text: &str, s: usize, e: usize, p: Pattern) -> MatchOf {
        let (os, oe) = folded.original(s, e);
        let value = patterns::normalise_value(&text[os..oe]);
        let raw = &folded.cased[s..e];
        if self.own_contacts.contains(&value) {
            MatchOf::Passed(p, Passed::OwnContact)
        } else if self.allowed.contains(&value) {
            MatchOf::Passed(p, Passed::Allowed)
        } else if p == Pattern::Phone && is_organisation_number(raw) {
            MatchOf::Passed(p, Passed::OrganisationNumber)
        } else if p == Pattern::Email && is_public_sector_address(raw) {
            MatchOf::Passed(p, Passed::PublicSectorAddress)
        } else {
            MatchOf::Pattern(p)
        }
    }

    /// The candidates that stand as words: at a word boundary, against a number, or run
    /// together with another identifier.
    fn standing(&self, text: &str, candidates: &[Found]) -> Vec<Found> {
        let starts: std::collections::HashSet<usize> = candidates.iter().map(|c| c.start).collect();
        let ends: std::collections::HashSet<usize> = candidates.iter().map(|c| c.end).collect();
        candidates
            .iter()
            .filter(|c| {
                if patterns::joined_number(text, c.start, c.end) {
                    return false;
                }
                let inner = &text[c.start..c.end];
                let left = edge(inner.chars().next(), text[..c.start].chars().next_back());
                let right = edge(inner.chars().next_back(), text[c.end..].chars().next());
                let ok = |e: Edge, touching: bool| match e {
                    Edge::Ok => true,
                    Edge::Inside => false,
                    Edge::Touching => touching,
                };
                ok(left, ends.contains(&c.start)) && ok(right, starts.contains(&c.end))
            })
            .copied()
            .collect()
    }
}

/// True when a day in words is the end of a longer one: "second" in "twenty-second".
fn after_tens(text: &str, start: usize) -> bool {
    if !text[start..].starts_with(|c: char| c.is_alphabetic()) {
        return false;
    }
    let before = text[..start].trim_end_matches(['-', ' ']);
    ["twenty", "thirty"].iter().any(|t| before.ends_with(t))
}

/// One match per place: the longest, an identifier before a pattern; identifiers run together
/// with the same replacement become one; then mapped back to the text as written.
fn resolve(mut all: Vec<Found>, folded: &Folded, text: &str, ids: &Identifiers) -> Vec<Match> {
    all.sort_by_key(|m| {
        (
            m.start,
            std::cmp::Reverse(m.end),
            !matches!(m.of, MatchOf::Identifier(_)),
        )
    });
    let mut out: Vec<Found> = Vec::new();
    let mut identifier_spans: Vec<(usize, usize)> = Vec::new();
    for m in all {
        if out.last().is_some_and(|last| m.start < last.end) {
            continue;
        }
        if !matches!(m.of, MatchOf::Identifier(_))
            && identifier_spans
                .iter()
                .any(|&(s, e)| m.start < e && s < m.end)
        {
            continue;
        }
        if let MatchOf::Identifier(i) = m.of {
            identifier_spans.push((m.start, m.end));
            if let Some(last) = out.last_mut()
                && last.end == m.start
                && let MatchOf::Identifier(j) = last.of
                && ids.list[i].replacement == ids.list[j].replacement
            {
                last.end = m.end;
                continue;
            }
        }
        out.push(m);
    }
    out.into_iter()
        .filter_map(|m| {
            let (mut start, mut end) = folded.original(m.start, m.end);
            if end <= start {
                return None;
            }
            // A bracket belongs to the match only when both halves are in it: "(01632) 960101".
            let t = &text[start..end];
            if t.starts_with('(') && !t.contains(')') {
                start += 1;
            }
            let t = &text[start..end];
            if t.ends_with(')') && !t.contains('(') {
                end -= 1;
            }
            Some(Match {
                start,
                end,
                shown_end: possessive_end(text, end),
                of: m.of,
            })
        })
        .collect()
}

/// The end of a possessive after a name: "'s" or "’s".
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
