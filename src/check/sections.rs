//! Required sections: each present, in the manifest's order, with something written under it.
//!
//! Headings are found by style (any heading level [`crate::docx::Styles`] knows, localised and
//! custom styles included) and, for documents typed without heading styles, by a paragraph
//! whose whole text names a required section. When a section's heading appears more than once
//! (a "Good practice" sub-heading in each agency's analysis, and the report's own "Good
//! practice" section), the highest-level occurrence is the section. Order is judged by the
//! longest run of sections already in order, so one misplaced section is the one reported.

use super::document::{Document, paragraph_location};
use super::placeholder_re;
use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{NodeId, ParagraphText, Tree};
use crate::manifest::DocumentKind;
use serde::Serialize;
use std::collections::HashSet;

/// What state a required section is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionState {
    /// The heading is there with content under it.
    Present,
    /// The heading is there with nothing under it.
    Empty,
    /// The heading is there with nothing under it but `[To be completed: …]` placeholders.
    PlaceholderOnly,
    /// No heading for the section.
    Missing,
}

impl SectionState {
    /// The state in words.
    pub fn describe(self) -> &'static str {
        match self {
            SectionState::Present => "present",
            SectionState::Empty => "empty",
            SectionState::PlaceholderOnly => "placeholder only",
            SectionState::Missing => "missing",
        }
    }
}

/// One required section of a checked document.
#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary {
    /// The section's heading in the manifest.
    pub section: String,
    /// Its state.
    pub state: SectionState,
    /// The heading as the document writes it, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// Where the heading is, when found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// False when the section is found but out of the manifest's order.
    pub in_order: bool,
    /// False when the heading was found by its text but is not in a heading style.
    pub styled: bool,
}

/// A heading candidate: a paragraph index, its level, whether styled.
struct Candidate {
    index: usize,
    level: Option<u8>,
    text: String,
}

/// Judges every required section of `kind` in the document's body. Returns the summary (one
/// entry per required section, in manifest order), the findings, and the paragraphs (by node)
/// of sections holding only placeholders, whose placeholders need no report of their own.
pub fn check_sections(
    doc: &Document,
    kind: &DocumentKind,
) -> (Vec<SectionSummary>, Vec<Diagnostic>, HashSet<NodeId>) {
    let mut summaries = Vec::new();
    let mut diagnostics = Vec::new();
    let mut covered = HashSet::new();
    let Some(body) = doc.body() else {
        return (summaries, diagnostics, covered);
    };
    let ps = &body.paragraphs;
    let tree = &body.tree;

    let mut candidates: Vec<Candidate> = Vec::new();
    for (i, p) in ps.iter().enumerate() {
        if p.fallback_of.is_some() {
            continue;
        }
        let text = p.text();
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        if p.level.is_some()
            || (t.chars().count() <= 150 && kind.sections.iter().any(|s| s.matches(t)))
        {
            candidates.push(Candidate {
                index: i,
                level: p.level,
                text: t.to_string(),
            });
        }
    }

    // Each section takes its highest-level matching heading, the first of those.
    let mut chosen: Vec<Option<&Candidate>> = Vec::new();
    for s in &kind.sections {
        let best = candidates
            .iter()
            .filter(|c| s.matches(&c.text))
            .min_by_key(|c| (c.level.unwrap_or(u8::MAX), c.index));
        chosen.push(best);
    }
    let assigned: HashSet<usize> = chosen.iter().flatten().map(|c| c.index).collect();
    let styled_min = chosen
        .iter()
        .flatten()
        .filter_map(|c| c.level)
        .min()
        .unwrap_or(1);

    // Order: the longest run of found sections whose manifest order matches document order.
    let mut found: Vec<(usize, usize)> = chosen
        .iter()
        .enumerate()
        .filter_map(|(k, c)| c.map(|c| (c.index, k)))
        .collect();
    found.sort();
    let in_order = longest_increasing(&found.iter().map(|f| f.1).collect::<Vec<_>>());
    let in_order_sections: HashSet<usize> = in_order.iter().map(|&i| found[i].1).collect();

    for (k, s) in kind.sections.iter().enumerate() {
        let Some(c) = chosen[k] else {
            let after = kind.sections[..k]
                .iter()
                .zip(&chosen)
                .rev()
                .find(|(_, c)| c.is_some())
                .map(|(s, _)| s.heading.clone());
            let help = match after {
                Some(a) => format!(
                    "add a heading \"{}\" in a heading style after the section \"{a}\", and write the section under it",
                    s.heading
                ),
                None => format!(
                    "add a heading \"{}\" in a heading style, and write the section under it",
                    s.heading
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    body_location(doc),
                    format!("the required section \"{}\" is missing", s.heading),
                )
                .with_help(help),
            );
            summaries.push(SectionSummary {
                section: s.heading.clone(),
                state: SectionState::Missing,
                heading: None,
                location: None,
                in_order: true,
                styled: true,
            });
            continue;
        };
        let p = &ps[c.index];
        let location = paragraph_location(body, p);
        let level = c.level.unwrap_or(styled_min);
        let end = (c.index + 1..ps.len())
            .find(|&j| assigned.contains(&j) || ps[j].level.is_some_and(|l| l <= level))
            .unwrap_or(ps.len());
        let state = section_state(tree, &ps[c.index + 1..end], &mut covered);
        if state == SectionState::PlaceholderOnly {
            // Placeholders under the section are reported by the section.
        } else {
            for q in &ps[c.index + 1..end] {
                covered.remove(&q.node);
            }
        }
        let ordered = in_order_sections.contains(&k);
        let styled = c.level.is_some();
        match state {
            SectionState::Empty => diagnostics.push(
                Diagnostic::error(
                    location.clone(),
                    format!("the section \"{}\" is empty", s.heading),
                )
                .with_help("write the section, or say under its heading why it does not apply"),
            ),
            SectionState::PlaceholderOnly => diagnostics.push(
                Diagnostic::error(
                    location.clone(),
                    format!(
                        "the section \"{}\" holds only \"[To be completed: …]\" placeholders",
                        s.heading
                    ),
                )
                .with_help("write the section in place of the placeholders"),
            ),
            _ => {}
        }
        if !ordered {
            let ordered_at = |j: &usize| chosen[*j].is_some() && in_order_sections.contains(j);
            let prev = (0..k)
                .rev()
                .find(ordered_at)
                .map(|j| kind.sections[j].heading.clone());
            let next = (k + 1..kind.sections.len())
                .find(ordered_at)
                .map(|j| kind.sections[j].heading.clone());
            let place = match (prev, next) {
                (Some(a), Some(b)) => format!("between \"{a}\" and \"{b}\""),
                (Some(a), None) => format!("after \"{a}\""),
                (None, Some(b)) => format!("before \"{b}\""),
                (None, None) => "in the template's order".into(),
            };
            diagnostics.push(
                Diagnostic::error(
                    location.clone(),
                    format!(
                        "the section \"{}\" is out of order: it belongs {place}",
                        s.heading
                    ),
                )
                .with_help(format!("move the section (heading and text) {place}")),
            );
        }
        if !styled {
            diagnostics.push(
                Diagnostic::warning(
                    location.clone(),
                    format!("the heading \"{}\" is not in a heading style", c.text),
                )
                .with_help(
                    "apply the template's heading style (e.g. Heading 1) so that it shows in the navigation pane and the contents",
                ),
            );
        }
        summaries.push(SectionSummary {
            section: s.heading.clone(),
            state,
            heading: Some(c.text.clone()),
            location: Some(location),
            in_order: ordered,
            styled,
        });
    }
    (summaries, diagnostics, covered)
}

fn body_location(doc: &Document) -> Location {
    match doc.body() {
        Some(b) => super::document::part_location(&b.part, None),
        None => Location::File,
    }
}

/// The state of a section from the paragraphs under its heading. Adds the paragraphs that hold
/// placeholders to `covered`.
fn section_state(
    tree: &Tree,
    under: &[ParagraphText],
    covered: &mut HashSet<NodeId>,
) -> SectionState {
    let re = placeholder_re();
    // Rows holding a placeholder: the other cells of such a row are labels ("Owner").
    let mut rows_with_placeholder: HashSet<NodeId> = HashSet::new();
    for p in under {
        if let Some(tr) = tree.ancestor(p.node, "w:tr")
            && re.is_match(&p.text())
        {
            rows_with_placeholder.insert(tr);
        }
    }
    let mut placeholder = false;
    let mut content = false;
    for p in under {
        if p.level.is_some() || p.fallback_of.is_some() {
            continue;
        }
        let row = tree.ancestor(p.node, "w:tr");
        if row.is_some_and(|tr| is_header_row(tree, tr)) {
            continue;
        }
        if p.has_objects && p.pieces.iter().all(|x| x.text.trim().is_empty()) {
            content = true;
            continue;
        }
        let text = p.text();
        let mut had = false;
        let rest = re.replace_all(&text, |_: &regex::Captures| {
            had = true;
            String::new()
        });
        if had {
            placeholder = true;
            covered.insert(p.node);
        }
        let rest = rest.trim();
        if !rest.chars().any(char::is_alphanumeric) {
            continue;
        }
        // "Name of manager: [To be completed: …]": a short label without a sentence in it.
        let label = (had
            && rest.ends_with(':')
            && rest.chars().count() <= 80
            && !rest[..rest.len() - 1].contains(['.', '!', '?']))
            || row.is_some_and(|tr| rows_with_placeholder.contains(&tr));
        if !label {
            content = true;
        }
    }
    match (content, placeholder) {
        (true, _) => SectionState::Present,
        (false, true) => SectionState::PlaceholderOnly,
        (false, false) => SectionState::Empty,
    }
}

/// True for a table row set to repeat as a header row: its cells are column labels.
fn is_header_row(tree: &Tree, tr: NodeId) -> bool {
    tree.child(tr, "w:trPr")
        .and_then(|pr| tree.child(pr, "w:tblHeader"))
        .is_some_and(|h| {
            !matches!(
                tree.attr(h, "w:val").as_deref(),
                Some("0" | "false" | "off")
            )
        })
}

/// Indexes of a longest strictly increasing subsequence of `xs`.
fn longest_increasing(xs: &[usize]) -> Vec<usize> {
    let n = xs.len();
    if n == 0 {
        return Vec::new();
    }
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if xs[j] < xs[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut best = (0..n)
        .max_by_key(|&i| (len[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    let mut out = vec![best];
    while prev[best] != usize::MAX {
        best = prev[best];
        out.push(best);
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn one_misplaced_section_is_the_one_out_of_order() {
        // Manifest order 0..5; the document has section 4 moved to the front.
        let xs = [4, 0, 1, 2, 3, 5];
        let keep: Vec<usize> = longest_increasing(&xs).iter().map(|&i| xs[i]).collect();
        assert_eq!(keep, [0, 1, 2, 3, 5]);
        assert!(longest_increasing(&[]).is_empty());
    }
}
