//! "Did you mean": the one way a mistyped name is matched to the names that exist.
//!
//! Every lookup by name goes through here (case fields, template tags and helpers, document
//! kinds, stages, agency ids, workbook sheets and columns), so that a slip of the keyboard gets
//! the same answer everywhere. The distance is Damerau-Levenshtein (optimal string alignment:
//! a swapped pair of letters counts as one slip, as people type them), compared without case and
//! treating `-`, `_` and spaces alike; a name is offered only when it is within about a third of
//! its length, so that "education" never becomes "police".

use serde_json::Value;

/// The name among `known` nearest to `typed`, when it is close enough to be a slip of the
/// keyboard. Ties go to the first name given.
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let t = fold(typed);
    if t.is_empty() {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let kf = fold(k);
        if kf.is_empty() {
            continue;
        }
        let d = distance(&t, &kf);
        if d <= limit(&t, &kf) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|(_, k)| k)
}

/// `did you mean "x"?` for the nearest of `known`, or nothing.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(typed, known).map(|k| format!("did you mean \"{k}\"?"))
}

/// Help for a name that is not one of `known`: "did you mean …?" first where one is close,
/// then the whole list (`what` names the list: "the stages are").
pub fn help(typed: &str, known: &[&str], what: &str) -> String {
    let list = format!("{what}: {}", known.join(", "));
    match did_you_mean(typed, known.iter().copied()) {
        Some(d) => format!("{d} ({list})"),
        None => list,
    }
}

/// The edits allowed between two names: a third of the longer, at least one.
fn limit(a: &str, b: &str) -> usize {
    (a.chars().count().max(b.chars().count()) / 3).max(1)
}

/// Lower case, with `-`, `_` and spaces read as one separator.
fn fold(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| if matches!(c, '-' | ' ') { '_' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Damerau-Levenshtein distance (optimal string alignment) in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The dotted path in `data` that `path` was probably meant to be (`agency.contct.name` for
/// `agency.contact.name`), or `None`. Each step the data lacks is replaced by its nearest
/// sibling; the answer is given only when the whole corrected path exists. `scopes` are the
/// objects the path may be read from, innermost first (a block's `this`, then the root).
pub fn data_path(path: &str, scopes: &[&Value]) -> Option<String> {
    let steps: Vec<&str> = path.split('.').collect();
    if steps.iter().any(|s| s.is_empty() || s.starts_with('@')) {
        return None;
    }
    scopes.iter().find_map(|scope| {
        let mut here = *scope;
        let mut fixed: Vec<String> = Vec::with_capacity(steps.len());
        let mut changed = false;
        for step in &steps {
            let next = match here {
                Value::Object(map) => match map.get(*step) {
                    Some(v) => {
                        fixed.push((*step).to_string());
                        v
                    }
                    None => {
                        let k = closest(step, map.keys().map(String::as_str))?;
                        changed = true;
                        fixed.push(k.to_string());
                        &map[k]
                    }
                },
                Value::Array(items) => {
                    let i: usize = step.parse().ok()?;
                    fixed.push((*step).to_string());
                    items.get(i)?
                }
                _ => return None,
            };
            here = next;
        }
        changed.then(|| fixed.join("."))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn near_names_are_suggested_far_ones_not() {
        assert_eq!(closest("R11", ["R1", "R2", "F1"]), Some("R1"));
        assert_eq!(closest("polce", ["police", "csc"]), Some("police"));
        assert_eq!(closest("education", ["police", "csc"]), None);
        assert_eq!(closest("", ["police"]), None);
    }

    #[test]
    fn a_swapped_pair_is_one_slip() {
        assert_eq!(distance("cotnact", "contact"), 1);
        assert_eq!(distance("contct", "contact"), 1);
        // "plc" is two slips from "police", too many for a three-letter word.
        assert_eq!(closest("plc", ["police"]), None);
        assert_eq!(
            closest("comissioning", ["commissioning", "panels"]),
            Some("commissioning")
        );
    }

    #[test]
    fn case_and_separators_do_not_count() {
        assert_eq!(
            closest("Terms-Of-Reference", ["terms_of_reference"]),
            Some("terms_of_reference")
        );
        assert_eq!(
            closest("health visiting", ["health-visiting"]),
            Some("health-visiting")
        );
    }

    #[test]
    fn help_puts_the_suggestion_before_the_list() {
        assert_eq!(
            help("polce", &["police", "csc"], "agency ids are"),
            "did you mean \"police\"? (agency ids are: police, csc)"
        );
        assert_eq!(
            help("xyz", &["police"], "agency ids are"),
            "agency ids are: police"
        );
    }

    #[test]
    fn a_data_path_is_corrected_step_by_step() {
        let data = json!({"agency": {"contact": {"name": "x"}}, "agencies": [{"name": "y"}]});
        assert_eq!(
            data_path("agency.contct.name", &[&data]).as_deref(),
            Some("agency.contact.name")
        );
        assert_eq!(
            data_path("agncy.contct.nme", &[&data]).as_deref(),
            Some("agency.contact.name")
        );
        // Nothing to correct, or nothing close: no suggestion.
        assert_eq!(data_path("agency.contact.name", &[&data]), None);
        assert_eq!(data_path("agency.telephone", &[&data]), None);
        // A block's own scope first, then the root.
        let item = json!({"name": "z"});
        assert_eq!(data_path("nmae", &[&item, &data]).as_deref(), Some("name"));
        assert_eq!(
            data_path("agencies.0.nme", &[&data]).as_deref(),
            Some("agencies.0.name")
        );
    }
}
