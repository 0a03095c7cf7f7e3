//! Leftovers: what a finished document must not still hold. Unfilled `{{tags}}`,
//! `[To be completed: …]` placeholders, "TBC" and "XXX" markers, highlighted text, comments,
//! and tracked changes not yet accepted or rejected, in the body, headers, footers, footnotes,
//! endnotes and comments (and tags or placeholders in the document properties).

use super::document::{
    Document, PartText, is_property, is_separator_note, local, paragraph_label, paragraph_location,
    part_location,
};
use super::placeholder_re;
use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{NodeId, ParagraphText, Revision, StoryKind, Tree, text::shorten};
use regex::Regex;
use serde::Serialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// What kind of leftover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftoverKind {
    /// A template tag, `{{…}}`, not filled.
    Tag,
    /// A `[To be completed: …]` placeholder.
    Placeholder,
    /// "TBC", "TBA" or "TBD".
    ToBeConfirmed,
    /// "XXX" (or longer runs of X).
    Xxx,
    /// Highlighted text.
    Highlight,
    /// A comment.
    Comment,
    /// A tracked change not accepted or rejected.
    TrackedChange,
}

/// One leftover.
#[derive(Debug, Clone, Serialize)]
pub struct Leftover {
    /// What it is.
    pub kind: LeftoverKind,
    /// The text found.
    pub text: String,
    /// Where.
    pub location: Location,
}

impl Leftover {
    /// The leftover as a finding.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let (message, help) = match self.kind {
            LeftoverKind::Tag => (
                format!("a template tag was left unfilled: {}", self.text),
                "fill the document again from the case, or type the text in place of the tag",
            ),
            LeftoverKind::Placeholder => (
                format!("a placeholder is still to be completed: {}", self.text),
                "write the text and delete the placeholder",
            ),
            LeftoverKind::ToBeConfirmed => (
                format!("\"{}\" marks something still to be confirmed", self.text),
                "confirm it and write it in place of the marker",
            ),
            LeftoverKind::Xxx => (
                format!("\"{}\" marks something missing", self.text),
                "write what belongs here",
            ),
            LeftoverKind::Highlight => (
                format!("highlighted text: \"{}\"", self.text),
                "highlighting marks text to check: check it, then remove the highlight",
            ),
            LeftoverKind::Comment => (
                format!("a comment is still in the document: \"{}\"", self.text),
                "act on the comment and delete it before the document goes out",
            ),
            LeftoverKind::TrackedChange => (
                format!(
                    "tracked changes are not accepted or rejected: {}",
                    self.text
                ),
                "review the changes and accept or reject each (Review > Accept > Accept All Changes): deleted text stays in the file until then",
            ),
        };
        Diagnostic::error(self.location.clone(), message).with_help(help)
    }
}

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{[^}]{0,200}\}\}|\{\{").expect("tag pattern"));
static TBC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:TBC|TBA|TBD)\b").expect("tbc pattern"));
static XXX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bX{3,}\b").expect("xxx pattern"));

/// Finds every leftover in the document. Placeholders in the paragraphs of `covered` are left
/// out (a section holding only placeholders is reported as such).
pub fn find_leftovers(doc: &Document, covered: &HashSet<NodeId>) -> Vec<Leftover> {
    let mut out = Vec::new();
    for part in &doc.parts {
        if is_property(part.part.kind) {
            properties(part, &mut out);
            continue;
        }
        let mut comments_seen = HashSet::new();
        for p in &part.paragraphs {
            if p.fallback_of.is_some() || is_separator_note(&part.tree, p) {
                continue;
            }
            let location = paragraph_location(part, p);
            let text = p.text();
            let mut push = |kind, found: &str| {
                out.push(Leftover {
                    kind,
                    text: shorten(found, 80),
                    location: location.clone(),
                })
            };
            for m in TAG.find_iter(&text) {
                push(LeftoverKind::Tag, m.as_str());
            }
            if !covered.contains(&p.node) {
                for m in placeholder_re().find_iter(&text) {
                    push(LeftoverKind::Placeholder, m.as_str());
                }
            }
            for m in TBC.find_iter(&text) {
                push(LeftoverKind::ToBeConfirmed, m.as_str());
            }
            for m in XXX.find_iter(&text) {
                push(LeftoverKind::Xxx, m.as_str());
            }
            for h in highlighted(&part.tree, p) {
                push(LeftoverKind::Highlight, &h);
            }
            if let Some(change) = tracked_change(&part.tree, p) {
                push(LeftoverKind::TrackedChange, &change);
            }
            if part.part.kind == StoryKind::Comments
                && let Some(c) = part.tree.ancestor(p.node, "w:comment")
                && comments_seen.insert(c)
            {
                let text = part.tree.text_content(c);
                out.push(Leftover {
                    kind: LeftoverKind::Comment,
                    text: shorten(text.trim(), 80),
                    location: Location::Docx {
                        part: part.part.name.clone(),
                        part_label: paragraph_label(part, p),
                        paragraph: Some(p.number),
                        table: None,
                        heading: None,
                    },
                });
            }
        }
    }
    out
}

/// Stretches of highlighted text in a paragraph, joined across runs.
fn highlighted(tree: &Tree, p: &ParagraphText) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for piece in &p.pieces {
        if piece.revision == Revision::Deleted {
            continue;
        }
        let lit = piece.run.is_some_and(|r| {
            tree.child(r, "w:rPr")
                .and_then(|pr| tree.child(pr, "w:highlight"))
                .and_then(|h| tree.attr(h, "w:val"))
                .is_some_and(|v| v != "none")
        });
        if lit {
            cur.push_str(&piece.text);
        } else if !cur.trim().is_empty() {
            out.push(std::mem::take(&mut cur).trim().to_string());
        } else {
            cur.clear();
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// A description of the tracked changes in a paragraph, when it has any.
pub(crate) fn tracked_change(tree: &Tree, p: &ParagraphText) -> Option<String> {
    let mut inserted = String::new();
    let mut deleted = String::new();
    for piece in &p.pieces {
        match piece.revision {
            Revision::Inserted => inserted.push_str(&piece.text),
            Revision::Deleted => deleted.push_str(&piece.text),
            Revision::None => {}
        }
    }
    let mut parts = Vec::new();
    if !inserted.trim().is_empty() {
        parts.push(format!("inserted \"{}\"", shorten(inserted.trim(), 40)));
    }
    if !deleted.trim().is_empty() {
        parts.push(format!("deleted \"{}\"", shorten(deleted.trim(), 40)));
    }
    if parts.is_empty() {
        // Formatting changes, or a paragraph mark inserted or deleted.
        let own = |n: NodeId| {
            tree.descendants(n).into_iter().any(|d| {
                matches!(
                    tree.name(d),
                    "w:rPrChange" | "w:pPrChange" | "w:ins" | "w:del" | "w:moveFrom" | "w:moveTo"
                ) && tree.ancestor(d, "w:p") == Some(p.node)
            })
        };
        if own(p.node) {
            parts.push("formatting or paragraph changes".into());
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// Tags and placeholders left in document properties.
fn properties(part: &PartText, out: &mut Vec<Leftover>) {
    let t = &part.tree;
    for n in t.descendants(0) {
        if t.nodes[n]
            .children
            .iter()
            .any(|&c| !matches!(t.nodes[c].kind, crate::docx::NodeKind::Text(_)))
        {
            continue;
        }
        let text = t.text_content(n);
        if text.trim().is_empty() {
            continue;
        }
        let label = property_label(part, t, n);
        for m in TAG.find_iter(&text) {
            out.push(Leftover {
                kind: LeftoverKind::Tag,
                text: shorten(m.as_str(), 80),
                location: part_location(&part.part, Some(&label)),
            });
        }
        for m in placeholder_re().find_iter(&text) {
            out.push(Leftover {
                kind: LeftoverKind::Placeholder,
                text: shorten(m.as_str(), 80),
                location: part_location(&part.part, Some(&label)),
            });
        }
    }
}

/// A property named for a person: "document title property", "custom property 'Family'".
pub fn property_label(part: &PartText, t: &Tree, n: NodeId) -> String {
    let name = t.name(n);
    match part.part.kind {
        StoryKind::CustomProperties => {
            let prop = if local(name) == "property" {
                Some(n)
            } else {
                t.ancestor(n, "property")
            };
            match prop.and_then(|p| t.attr(p, "name")) {
                Some(pn) => format!("custom property \"{pn}\""),
                None => "custom document properties".into(),
            }
        }
        _ => {
            let what = match local(name) {
                "title" => "title",
                "subject" => "subject",
                "creator" => "author",
                "keywords" => "keywords",
                "description" => "comments",
                "lastModifiedBy" => "last modified by",
                "category" => "category",
                "contentStatus" => "status",
                "identifier" => "identifier",
                "language" => "language",
                "Company" => "company",
                "Manager" => "manager",
                "HyperlinkBase" => "hyperlink base",
                "lpstr" | "lpwstr" if part.part.kind == StoryKind::AppProperties => {
                    "titles of parts"
                }
                other => other,
            };
            format!("document {what} property")
        }
    }
}
