//! Generic patterns: what looks identifying whatever the case says (a valid NHS number, a UK
//! postcode, phone number, National Insurance number or e-mail address), less what is public:
//! an organisation's contact point (freephone and non-geographic numbers, public-sector
//! e-mail domains) and the values a board allows.

use crate::case::{nhs_number_is_valid, ni_number_is_plausible, postcode_is_plausible};
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

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

    /// What replaces it where a replacement must be made (the report draft's data).
    pub fn redaction(self) -> &'static str {
        match self {
            Pattern::NhsNumber => "[NHS number]",
            Pattern::Postcode => "[address]",
            Pattern::Phone => "[telephone number]",
            Pattern::NiNumber => "[National Insurance number]",
            Pattern::Email => "[e-mail address]",
        }
    }
}

/// Why a pattern's match was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Passed {
    /// A freephone or non-geographic number (0800, 0808, 03, 084, 087): an organisation's.
    OrganisationNumber,
    /// An address at a public-sector domain (gov.uk, nhs.uk, nhs.net, police.uk, sch.uk...).
    PublicSectorAddress,
    /// The board's or an agency's own contact detail, from the case.
    OwnContact,
    /// On the allow-list.
    Allowed,
}

impl Passed {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            Passed::OrganisationNumber => {
                "a freephone or non-geographic number (an organisation's)"
            }
            Passed::PublicSectorAddress => "an e-mail address at a public-sector domain",
            Passed::OwnContact => "the board's or an agency's own contact detail",
            Passed::Allowed => "on the allow-list",
        }
    }
}

/// Public-sector e-mail domains: an address there is an organisation's or a professional's.
const PUBLIC_DOMAINS: [&str; 11] = [
    "gov.uk",
    "nhs.uk",
    "nhs.net",
    "police.uk",
    "sch.uk",
    "mod.uk",
    "parliament.uk",
    "ac.uk",
    "gov.scot",
    "gov.wales",
    "cafcass.gov.uk",
];

/// Whether a number is an organisation's: freephone (080), non-geographic (03, 084, 087, 0500).
pub(crate) fn is_organisation_number(value: &str) -> bool {
    let n = normalise_value(value);
    ["080", "03", "084", "087", "0500"]
        .iter()
        .any(|p| n.starts_with(p))
}

/// Whether an e-mail address is at a public-sector domain.
pub(crate) fn is_public_sector_address(value: &str) -> bool {
    let v = value.trim().trim_end_matches('.').to_ascii_lowercase();
    let Some((_, domain)) = v.rsplit_once('@') else {
        return false;
    };
    PUBLIC_DOMAINS
        .iter()
        .any(|d| domain == *d || domain.ends_with(&format!(".{d}")))
}

/// Normalised form of a contact detail for the allow-list: lower-case letters and digits only,
/// with a UK phone number's +44 turned into its leading 0.
pub(crate) fn normalise_value(s: &str) -> String {
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

static NHS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{3}[ \-]?\d{3}[ \-]?\d{4}").expect("nhs pattern"));
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}").expect("postcode pattern")
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
    Regex::new(r"(?:\+44 ?(?:\(0\) ?)?|\(?0)[1-9][0-9 \-)]{7,16}[0-9]").expect("phone pattern")
});

/// Every generic pattern's match in `text` (folded, case kept), as whole words, each with
/// what it is.
pub(crate) fn find(text: &str, mut f: impl FnMut(usize, usize, Pattern)) {
    find_words(&NHS, text, |s, e| {
        if nhs_number_is_valid(&text[s..e]) {
            f(s, e, Pattern::NhsNumber);
        }
    });
    find_words(&POSTCODE, text, |s, e| {
        if postcode_is_plausible(&text[s..e]) {
            f(s, e, Pattern::Postcode);
        }
    });
    find_words(&NI, text, |s, e| {
        if ni_number_is_plausible(&text[s..e]) {
            f(s, e, Pattern::NiNumber);
        }
    });
    find_words(&EMAIL, text, |s, e| {
        let v = text[s..e].trim_end_matches('.');
        f(s, s + v.len(), Pattern::Email);
    });
    // Numbers may follow each other ("0808 800 5000 0300 123 4567" once a comma is folded
    // away): each search starts where the last number ended, not where the regex stopped.
    let mut at = 0;
    while let Some(m) = PHONE.find_at(text, at) {
        match phone_end(text, m.start(), m.end()) {
            Some(e) if boundary_ok(text, m.start(), e) => {
                f(m.start(), e, Pattern::Phone);
                at = e;
            }
            _ => at = m.start() + 1,
        }
    }
}

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

/// Calls `f` for each match of `re` in `text` that stands as whole words.
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

/// True when `start..end` stands as whole words: no letter or digit touching it on either side
/// (where its own edge is a letter or digit), and no number joined to it by a dot, slash or
/// hyphen ("2.3.13" is not a date inside "12.2.3.13").
pub(crate) fn boundary_ok(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric();
    let inner_first = text[start..end].chars().next();
    let inner_last = text[start..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let ok_before = !(inner_first.is_some_and(word) && before.is_some_and(word));
    let ok_after = !(inner_last.is_some_and(word) && after.is_some_and(word));
    ok_before && ok_after && !joined_number(text, start, end)
}

/// True when a number at `start..end` continues through a dot, slash or hyphen into another.
pub(crate) fn joined_number(text: &str, start: usize, end: usize) -> bool {
    let joiner = |c: Option<char>| c.is_some_and(|c| matches!(c, '.' | '/' | '-'));
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let inner_first = text[start..end].chars().next();
    let inner_last = text[start..end].chars().next_back();
    let mut back = text[..start].chars().rev();
    let (b1, b2) = (back.next(), back.next());
    let mut fwd = text[end..].chars();
    let (a1, a2) = (fwd.next(), fwd.next());
    (digit(inner_first) && joiner(b1) && digit(b2))
        || (digit(inner_last) && joiner(a1) && digit(a2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_contact_points_are_recognised() {
        for n in [
            "0808 800 5000",
            "0300 123 4567",
            "0845 000 0000",
            "+44 800 123 4567",
        ] {
            assert!(is_organisation_number(n), "{n}");
        }
        for n in ["01632 960101", "07700 900412"] {
            assert!(!is_organisation_number(n), "{n}");
        }
        for e in [
            "panel@education.gov.uk",
            "safeguarding@northbrook.gov.uk",
            "a.b@nhs.net",
            "office@ashgrove.northbrook.sch.uk",
        ] {
            assert!(is_public_sector_address(e), "{e}");
        }
        for e in ["kerry@mail.example", "x@notgov.uk", "x@gov.uk.example.com"] {
            assert!(!is_public_sector_address(e), "{e}");
        }
    }
}
