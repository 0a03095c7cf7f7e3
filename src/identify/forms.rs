//! The written forms of a fact: how people write a date, a number, a street. Every pattern here
//! is matched in folded, lower-case text (see `fold`), so it need not spell out case, accents,
//! curly apostrophes, look-alike letters or runs of spaces.

use chrono::{Datelike, NaiveDate};

pub use crate::uk_dates::{MONTHS, long_date, month_year};

const UNITS: [&str; 20] = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINAL_UNITS: [&str; 20] = [
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
];

/// 1..99 in words, as a pattern: "ninety[- ]five".
fn number_words(n: u32) -> String {
    match n {
        0 => String::new(),
        1..=19 => UNITS[n as usize].to_string(),
        _ if n.is_multiple_of(10) => TENS[(n / 10) as usize].to_string(),
        _ => format!(
            "{}[- ]?{}",
            TENS[(n / 10) as usize],
            UNITS[(n % 10) as usize]
        ),
    }
}

/// A day of the month in words, as a pattern: "second", "twenty[- ]first", "thirtieth".
fn ordinal_words(n: u32) -> String {
    match n {
        1..=19 => ORDINAL_UNITS[n as usize].to_string(),
        20 => "twentieth".into(),
        30 => "thirtieth".into(),
        _ => format!(
            "{}[- ]?{}",
            TENS[(n / 10) as usize],
            ORDINAL_UNITS[(n % 10) as usize]
        ),
    }
}

/// A year in words, as a pattern: "two thousand (and )?thirteen", "twenty thirteen",
/// "nineteen ninety[- ]five", "nineteen oh five".
fn year_words(y: i32) -> Option<String> {
    let (century, rest) = (y / 100, (y % 100) as u32);
    let mut forms = Vec::new();
    if y == 2000 {
        forms.push("two thousand".to_string());
    } else if (2001..2100).contains(&y) {
        forms.push(format!("two thousand (?:and )?{}", number_words(rest)));
    }
    if (1100..2100).contains(&y) && rest >= 10 {
        forms.push(format!(
            "{} {}",
            number_words(century as u32),
            number_words(rest)
        ));
    } else if (1100..2100).contains(&y) && rest > 0 {
        forms.push(format!(
            "{} (?:oh|o) {}",
            number_words(century as u32),
            number_words(rest)
        ));
    }
    (!forms.is_empty()).then(|| format!("(?:{})", forms.join("|")))
}

/// A regex matching a date in its common written forms, in folded text: 02/03/2013, 2/3/13,
/// 2.3.2013, 2013-03-02, 2 March 2013, 2nd of Mar. 2013, March 2nd 2013, the second of March
/// 2013, 2 March two thousand and thirteen.
pub(super) fn date_pattern(d: NaiveDate) -> String {
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
    let name = MONTHS[(month - 1) as usize].to_lowercase();
    let short = &name[..3];
    let month_words = match month {
        9 => r"(?:september|sept?\.?)".to_string(),
        5 => "may".to_string(),
        _ => format!(r"(?:{name}|{short}\.?)"),
    };
    let ord = r"(?:st|nd|rd|th)?";
    let day_forms = format!(r"(?:(?:the )?{dd}{ord}|(?:the )?{})", ordinal_words(day));
    let year_forms = match year_words(year) {
        Some(w) => format!(r"(?:{year}|'{yy}|{w})"),
        None => format!(r"(?:{year}|'{yy})"),
    };
    [
        format!(r"{dd} ?[/.\-] ?{mm} ?[/.\-] ?(?:{year}|{yy})"),
        format!(r"{year}-{mm}-{dd}"),
        format!(r"{day_forms} (?:day )?(?:of )?{month_words},? {year_forms}"),
        format!(r"{month_words} {day_forms},? {year_forms}"),
    ]
    .join("|")
}

/// A regex matching the letters and digits of `value` with any space, hyphen or dot between
/// them: "999 234 5675", "9992345675", "999-234-5675".
pub(super) fn spaced_pattern(value: &str) -> String {
    let chars: Vec<char> = value
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    chars
        .iter()
        .map(|c| regex::escape(&c.to_string()))
        .collect::<Vec<_>>()
        .join(r"[ \-.]?")
}

/// A telephone number's pattern: its digits spaced any way, with +44 for the leading 0.
pub(super) fn phone_pattern(value: &str) -> String {
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
            r"(?:\(?0|\+44[ \-.]?(?:\(0\)[ \-.]?)?)[ \-.)]{{0,2}}{}",
            spaced_pattern(rest)
        ),
        None => spaced_pattern(&national),
    }
}

/// Titles written before a surname.
pub(super) const HONORIFICS: [&str; 6] = ["Mr", "Mrs", "Ms", "Miss", "Mx", "Master"];

/// A street without its house or flat number: "14 Larkspur Close" gives "Larkspur Close",
/// "Flat 6" gives "".
pub(super) fn strip_number(part: &str) -> &str {
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

/// Words that say what kind of place an institution is, dropped from the end of its name to
/// give the shorter names people use: "Ashgrove Primary School and Nursery" is also written
/// "Ashgrove Primary School", "Ashgrove Primary" and "Ashgrove".
const KIND_WORDS: [&str; 24] = [
    "school",
    "nursery",
    "primary",
    "infant",
    "infants",
    "junior",
    "juniors",
    "academy",
    "college",
    "surgery",
    "practice",
    "medical",
    "health",
    "centre",
    "center",
    "clinic",
    "group",
    "pre-school",
    "preschool",
    "children's",
    "childrens",
    "church",
    "c of e",
    "ce",
];

/// The names an institution is written by: the whole name, the name before " and ", and the
/// name with its kind words dropped from the end, down to one distinctive word of four letters
/// or more.
pub(super) fn institution_names(name: &str) -> Vec<String> {
    let mut out = vec![name.trim().to_string()];
    let lower = name.to_lowercase();
    let base = match lower.find(" and ") {
        Some(i) => name[..i].trim().to_string(),
        None => name.trim().to_string(),
    };
    out.push(base.clone());
    let mut words: Vec<&str> = base.split_whitespace().collect();
    while words.len() > 1 {
        let last = words[words.len() - 1].to_lowercase();
        let last = last.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-');
        if !KIND_WORDS.contains(&last) {
            break;
        }
        words.pop();
        let shorter = words.join(" ");
        if shorter.chars().filter(|c| c.is_alphabetic()).count() < 4 {
            break;
        }
        out.push(shorter);
    }
    out.dedup();
    out.retain(|n| !n.is_empty());
    out
}

/// The kind of an institution in words, for the report: "the school", "the GP practice".
pub(super) fn institution_kind(name: &str, kind: &str) -> String {
    let n = format!("{} {}", name, kind).to_lowercase();
    let has = |w: &str| n.contains(w);
    if has("nursery") && !has("school") {
        "the nursery".into()
    } else if has("school") || has("academy") || has("education") || has("college") {
        "the school".into()
    } else if has("surgery") || has("gp") || has("primary care") || has("medical practice") {
        "the GP practice".into()
    } else if has("health centre") || has("clinic") {
        "the health centre".into()
    } else if has("church") || has("mosque") || has("temple") || has("synagogue") {
        "the place of worship".into()
    } else {
        "[place]".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn institutions_are_written_by_shorter_names() {
        assert_eq!(
            institution_names("Ashgrove Primary School and Nursery"),
            [
                "Ashgrove Primary School and Nursery",
                "Ashgrove Primary School",
                "Ashgrove Primary",
                "Ashgrove"
            ]
        );
        assert_eq!(
            institution_names("Elm Street Surgery"),
            ["Elm Street Surgery", "Elm Street"]
        );
        assert_eq!(
            institution_kind("Elm Street Surgery", "Health: primary care"),
            "the GP practice"
        );
        assert_eq!(
            institution_kind("Ashgrove Primary School and Nursery", "Education"),
            "the school"
        );
    }

    #[test]
    fn years_and_days_in_words() {
        assert_eq!(ordinal_words(2), "second");
        assert_eq!(ordinal_words(21), "twenty[- ]?first");
        let re = regex::Regex::new(&format!("^(?:{})$", year_words(2013).unwrap())).unwrap();
        for y in [
            "two thousand and thirteen",
            "two thousand thirteen",
            "twenty thirteen",
        ] {
            assert!(re.is_match(y), "{y}");
        }
        let re = regex::Regex::new(&format!("^(?:{})$", year_words(1995).unwrap())).unwrap();
        assert!(re.is_match("nineteen ninety-five"));
    }
}
