//! What identifies the child and family, in one place: the publication check
//! (`check::check_publication`), `scr anonymise` and the report draft's anonymiser all search
//! with [`Identifiers`], so what the check finds is what the others replace.
//!
//! From a case: names (full, given, surname, other names, with "Mr"/"Ms"… before a surname; a
//! possessive "Maisie's" is found through its name), dates of birth, death and the incident in
//! every common written form (02/03/2013, 2/3/13, 2013-03-02, 2nd of Mar. 2013, March 2nd,
//! 2013, the second of March two thousand and thirteen), addresses (whole, line by line, and
//! the street without its number), postcodes, NHS and National Insurance numbers and phone
//! numbers however they are spaced, e-mail addresses, and the places that locate the child
//! (its school, nursery, GP practice), by their shorter names too. From a list: any terms, each
//! with its own replacement if the list gives one. Generic patterns find what the case may not
//! list (a valid NHS number, a UK postcode, phone number, National Insurance number, e-mail
//! address), passing over organisations' public contact points and allowed values.
//!
//! Text is matched in a folded form (`fold`): invisible characters removed, look-alike
//! letters, full-width forms and accents folded, so a disguised name is still found, and the
//! match is mapped back to the text as written. Matching is case-insensitive and whole-word
//! ("Lee" is not found in "Leeds"), except that identifiers run together with each other or
//! with a number ("MaisieThornbury", "Maisie2013") are found. A pseudonym such as "Child A"
//! is never an identifier.

mod catalogue;
mod fold;
mod forms;
mod matcher;
mod patterns;

pub use catalogue::{Identifier, IdentifierKind, Identifiers, count_by_kind};
pub use fold::shown;
pub use forms::{MONTHS, long_date, month_year};
pub use matcher::{Match, MatchOf};
pub use patterns::{Passed, Pattern};

impl Identifiers {
    /// What replaces match `m` of `text`: `replacement` with a capital letter where it starts a
    /// sentence ("The school said…"). A value that is nothing but the identifier (an agency's
    /// name in the data) stays as it is: a template may place it mid-sentence.
    pub fn replacement_at(
        &self,
        replacement: &str,
        text: &str,
        start: usize,
        end: usize,
    ) -> String {
        let before = text[..start].trim_end_matches([' ', '\u{a0}', '\t']);
        let whole = before.is_empty() && text[end..].trim().is_empty();
        let sentence_start =
            !whole && (before.is_empty() || before.ends_with(['.', '!', '?', '\n', ':']));
        let mut chars = replacement.chars();
        match chars.next() {
            Some(c) if sentence_start && c.is_lowercase() => {
                c.to_uppercase().chain(chars).collect()
            }
            _ => replacement.to_string(),
        }
    }

    /// Replaces each identifier (and, with `generic`, each generic pattern) in `text` with what
    /// `with` says (nothing, to leave it); `None` when nothing was replaced.
    pub fn replace_with(
        &self,
        text: &str,
        generic: bool,
        mut with: impl FnMut(&Match) -> Option<String>,
    ) -> Option<String> {
        let matches = self.find_with(text, generic);
        let mut out = text.to_string();
        let mut changed = false;
        for m in matches.iter().rev() {
            if let Some(r) = with(m) {
                out.replace_range(m.start..m.end, &r);
                changed = true;
            }
        }
        changed.then_some(out)
    }

    /// The replacement an identifier match gets in `text`.
    pub fn replacement_of(&self, m: &Match, text: &str) -> Option<String> {
        match m.of {
            MatchOf::Identifier(i) => {
                Some(self.replacement_at(&self.list[i].replacement, text, m.start, m.end))
            }
            MatchOf::Pattern(p) => Some(p.redaction().to_string()),
            MatchOf::Passed(..) => None,
        }
    }
}

#[cfg(test)]
mod tests;
