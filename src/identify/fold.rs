//! The form text is matched in: a name disguised with invisible characters, look-alike letters,
//! full-width or styled forms, accents, odd spacing or curly apostrophes reads as the plain name.
//!
//! Folding keeps a map from every folded byte back to the original text, so a match is
//! reported and replaced in the text as written, invisible characters and all.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A text in its folded forms, with the way back to the original.
pub(crate) struct Folded {
    /// Folded and lower-cased: what identifiers are matched in.
    pub lower: String,
    /// Folded, case kept: what generic patterns (upper-case postcodes) are matched in. Byte for
    /// byte the same layout as `lower`.
    pub cased: String,
    /// For each byte of `lower`, the original byte range of the character it came from.
    origin: Vec<(u32, u32)>,
}

impl Folded {
    /// The original byte range of folded bytes `start..end`.
    pub(super) fn original(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end || end > self.origin.len() {
            return (0, 0);
        }
        (
            self.origin[start].0 as usize,
            self.origin[end - 1].1 as usize,
        )
    }
}

/// Characters that take no space on the page: soft hyphen, zero-width spaces and joiners,
/// word joiner, direction marks and embeddings, variation selectors, tags, fillers.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// A letter from another script that looks like a Latin one (Cyrillic, Greek, Armenian,
/// dotless i), as the Latin letter.
pub(crate) fn confusable(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'С' | 'Ϲ' => 'C',
        'Е' | 'Ε' => 'E',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' | 'Ӏ' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' | 'Օ' => 'O',
        'Р' | 'Ρ' => 'P',
        'Ԛ' => 'Q',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Х' | 'Χ' => 'X',
        'У' | 'Υ' => 'Y',
        'Ζ' => 'Z',
        'Ԝ' => 'W',
        'а' | 'α' | 'ɑ' => 'a',
        'ь' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' => 'e',
        'ɡ' => 'g',
        'һ' | 'հ' => 'h',
        'і' | 'ı' | 'ι' | 'ɩ' => 'i',
        'ј' | 'ϳ' | 'ȷ' => 'j',
        'κ' => 'k',
        'ӏ' => 'l',
        'о' | 'ο' | 'օ' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'υ' | 'ս' => 'u',
        'ν' | 'ѵ' => 'v',
        'ԝ' => 'w',
        'х' => 'x',
        'у' => 'y',
        _ => return None,
    })
}

fn unify(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
        | '\u{FE63}' => '-',
        c => confusable(c).unwrap_or(c),
    }
}

/// Folds a text: compatibility forms (full-width, styled letters, ligatures) as their plain
/// letters, accents dropped, invisible characters removed, look-alike letters as Latin ones,
/// apostrophes and dashes as `'` and `-`, any run of spaces as one space, a comma before a
/// space dropped, and (in `lower`) lower case.
pub(crate) fn fold(text: &str) -> Folded {
    let mut lower = String::with_capacity(text.len());
    let mut cased = String::with_capacity(text.len());
    let mut origin: Vec<(u32, u32)> = Vec::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((s, c)) = chars.next() {
        let e = s + c.len_utf8();
        let span = (s as u32, e as u32);
        if c == ',' && chars.peek().is_some_and(|&(_, n)| n.is_whitespace()) {
            continue;
        }
        let push = |d: char, lower: &mut String, cased: &mut String, origin: &mut Vec<_>| {
            let mut l = d.to_lowercase();
            let l = match (l.next(), l.next()) {
                (Some(one), None) if one.len_utf8() == d.len_utf8() => one,
                _ => d,
            };
            lower.push(l);
            cased.push(d);
            for _ in 0..d.len_utf8() {
                origin.push(span);
            }
        };
        if c.is_ascii() && !c.is_ascii_whitespace() && c != '`' {
            push(c, &mut lower, &mut cased, &mut origin);
            continue;
        }
        for d in std::iter::once(c).nfkd() {
            if is_invisible(d) || is_combining_mark(d) {
                continue;
            }
            if d.is_whitespace() {
                if lower.ends_with(' ') {
                    // One space however many: the last space's origin grows to cover them.
                    if let Some(last) = origin.last_mut() {
                        last.1 = e as u32;
                    }
                } else {
                    push(' ', &mut lower, &mut cased, &mut origin);
                }
                continue;
            }
            push(unify(d), &mut lower, &mut cased, &mut origin);
        }
    }
    Folded {
        lower,
        cased,
        origin,
    }
}

/// Folds a term the way texts are folded, for matching.
pub(crate) fn fold_term(term: &str) -> String {
    fold(term.trim()).lower.trim().to_string()
}

/// A text found in a document, safe to show: invisible characters, control characters and
/// look-alike letters appear as their code (`<U+00AD>`), so a reader sees why it matched.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let whitespace = matches!(c, '\t' | '\n' | '\r');
        if is_invisible(c) || (c.is_control() && !whitespace) || confusable(c).is_some() {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disguises_fold_to_the_plain_text_and_map_back() {
        for disguised in [
            "Mai\u{00AD}sie",
            "Mai\u{200B}sie",
            "M\u{200D}aisie",
            "Mais\u{2060}ie",
            "\u{200E}Maisie",
            "M\u{0430}isie",
            "Ma\u{0131}sie",
            "\u{FF2D}\u{FF41}isie",
            "Ma\u{00EF}sie",
            "\u{1D40C}aisie",
            "MAISIE",
        ] {
            let f = fold(disguised);
            assert_eq!(f.lower, "maisie", "{disguised}");
            let (s, e) = f.original(0, f.lower.len());
            assert_eq!(&disguised[s..e], disguised.trim_start_matches('\u{200E}'));
        }
        let f = fold("Larkspur\u{a0}\u{a0} Close, Northbrook");
        assert_eq!(f.lower, "larkspur close northbrook");
        assert_eq!(f.cased, "Larkspur Close Northbrook");
        assert_eq!(fold("Maisie\u{2019}s").lower, "maisie's");
        assert_eq!(shown("Mai\u{00AD}s\u{0456}e"), "Mai<U+00AD>s<U+0456>e");
    }
}
