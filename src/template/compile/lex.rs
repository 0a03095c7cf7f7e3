//! Lexing: each paragraph's text joined across runs (through `docx::text`), its tags found,
//! classified and recorded, and each tag moved whole into the run where it starts; property
//! parts, whose text nodes are paragraphs of their own, likewise.

use super::{CompiledPart, Extent, Paragraph, PartCompiler, Segment, TagInfo, TagPlace, TextRun};
use crate::diagnostic::Location;
use crate::docx::StoryKind;
use crate::docx::text::{self, Revision};
use crate::docx::xml::{NodeId, NodeKind};
use crate::template::helpers::{Host, HostMode};
use crate::template::tags::{FoundTag, TagKind, Unclosed, classify, find_tags};

impl PartCompiler<'_> {
    /// Every paragraph of the part in document order, read by `docx::text` (the one walk of
    /// a paragraph's text across its runs), keeping the `w:t` pieces: what a tag can be typed
    /// in. Tracked-change status and the nearest heading come from the same walk.
    pub(super) fn paragraphs(&self) -> Vec<Paragraph> {
        let tree = self.tree;
        let is_body = self.part.kind == StoryKind::Body;
        text::paragraphs(tree, self.styles, is_body)
            .into_iter()
            .map(|p| {
                let mut runs: Vec<TextRun> = Vec::new();
                let mut joined = String::new();
                for piece in p.pieces {
                    if piece.is_mark || !tree.is(piece.element, "w:t") {
                        continue;
                    }
                    joined.push_str(&piece.text);
                    runs.push(TextRun {
                        t: piece.element,
                        text_node: piece.text_node,
                        start: joined.len() - piece.text.len(),
                        text: piece.text,
                        tracked: piece.revision != Revision::None,
                    });
                }
                let has_section_break = tree
                    .child(p.node, "w:pPr")
                    .and_then(|ppr| tree.child(ppr, "w:sectPr"))
                    .is_some();
                Paragraph {
                    node: p.node,
                    number: p.number,
                    table: p.table,
                    heading: p.heading,
                    runs,
                    text: joined,
                    has_objects: p.has_objects,
                    has_section_break,
                }
            })
            .collect()
    }

    /// Finds the paragraph's tags, records them, and moves each tag's text into its first run.
    pub(super) fn lex_paragraph(&mut self, p: &Paragraph, places: &mut Vec<TagPlace>) {
        if !p.text.contains("{{") {
            return;
        }
        let (found, unclosed) = find_tags(&p.text);
        self.unclosed(&self.location_of(p), &p.text, &unclosed);
        if found.is_empty() {
            return;
        }
        let tree = self.tree;
        let mut ids = Vec::with_capacity(found.len());
        for tag in &found {
            let id = self.new_tag(p, tag);
            ids.push(id);
            self.para_tags.entry(p.node).or_default().push(id);
            let overlapping = |r: &TextRun| r.start < tag.end && tag.start < r.start + r.text.len();
            if p.runs.iter().filter(|r| overlapping(r)).any(|r| r.tracked) {
                self.tag_error(
                    id,
                    "the tag is inside a tracked change".into(),
                    "accept or reject the tracked changes in Word (Review > Accept), then save the template",
                );
            }
            let first = p
                .runs
                .iter()
                .position(|r| r.start <= tag.start && tag.start < r.start + r.text.len())
                .unwrap_or(0);
            let run_node = tree.nodes[p.runs[first].t].parent;
            let run_parent = tree
                .is(run_node, "w:r")
                .then(|| tree.nodes[run_node].parent);
            places.push(TagPlace {
                tag: id,
                para: p.node,
                parent: tree.nodes[p.node].parent,
                cell: tree.ancestor(p.node, "w:tc"),
                row: tree.ancestor(p.node, "w:tr"),
                run_parent,
            });
            if matches!(self.out.tags[id].kind, TagKind::Value { .. }) {
                self.out.hosts[id] = self.host(p, first);
                self.tagged_t.insert(p.runs[first].t, ());
            }
        }
        // Each run keeps its text outside tags; a tag goes whole into the run where it starts.
        for r in &p.runs {
            let (s, e) = (r.start, r.start + r.text.len());
            let mut segs = Vec::new();
            let mut pos = s;
            let mut touched = false;
            for (tag, &id) in found.iter().zip(&ids) {
                if tag.end <= s || tag.start >= e {
                    continue;
                }
                touched = true;
                if tag.start >= s {
                    if tag.start > pos {
                        segs.push(Segment::Text(p.text[pos..tag.start].to_string()));
                    }
                    segs.push(Segment::Tag(id));
                }
                pos = tag.end.min(e);
            }
            if !touched {
                continue;
            }
            if pos < e {
                segs.push(Segment::Text(p.text[pos..e].to_string()));
            }
            if !segs.is_empty() {
                // Text left beside a removed piece of a tag may now start or end with a space,
                // which Word and LibreOffice drop unless the w:t preserves it.
                self.tagged_t.insert(r.t, ());
            }
            if segs.is_empty() {
                // A run that held only a piece of a tag goes, unless it holds anything else.
                let run = tree.nodes[r.t].parent;
                if tree.is(run, "w:r")
                    && tree.nodes[run]
                        .children
                        .iter()
                        .all(|&c| c == r.t || tree.is(c, "w:rPr"))
                {
                    self.emptied_runs.insert(run);
                }
            }
            if let Some(tn) = r.text_node {
                self.text_segments.insert(tn, segs);
            }
        }
    }

    fn new_tag(&mut self, p: &Paragraph, tag: &FoundTag) -> usize {
        self.register_tag(tag, &p.text, self.location_of(p), HostMode::NestedRun)
    }

    /// Records a tag found at `tag.start..tag.end` of `text`: its kind (a comment, with an
    /// error, when it cannot be read), its role, where it is, and a host of `mode` (a value's
    /// formatting is filled in by the caller that knows the run).
    fn register_tag(
        &mut self,
        tag: &FoundTag,
        text: &str,
        location: Location,
        mode: HostMode,
    ) -> usize {
        let id = self.out.tags.len();
        let kind = match classify(&tag.source, self.helpers) {
            Ok(k) => k,
            Err(problem) => {
                self.error(
                    location.clone(),
                    format!("{} in {}", problem.message, tag.source),
                    &problem.help,
                    Some(excerpt(text, tag.start, tag.end)),
                );
                TagKind::Comment
            }
        };
        self.out.tags.push(TagInfo {
            source: tag.source.clone(),
            role: role(&kind),
            kind,
            extent: Extent::Inline,
            location,
            excerpt: excerpt(text, tag.start, tag.end),
        });
        self.out.hosts.push(Host {
            mode,
            ppr: String::new(),
            rpr: String::new(),
        });
        self.part_tags.push(id);
        id
    }

    /// Reports each `{{` that never closes.
    fn unclosed(&mut self, location: &Location, text: &str, unclosed: &[Unclosed]) {
        for u in unclosed {
            self.error(
                location.clone(),
                "a tag opens with {{ but never closes with }}".into(),
                "add the closing }} or remove the stray {{",
                Some(excerpt(text, u.start, u.start + 2)),
            );
        }
    }

    fn host(&self, p: &Paragraph, run: usize) -> Host {
        let tree = self.tree;
        let t = p.runs[run].t;
        let r = tree.nodes[t].parent;
        let mode = if tree.is(r, "w:r") && tree.nodes[r].parent == p.node {
            HostMode::Run
        } else {
            HostMode::NestedRun
        };
        let mut rpr = String::new();
        if let Some(x) = tree.child(r, "w:rPr") {
            tree.write(x, &mut rpr);
        }
        let mut ppr = String::new();
        if let Some(x) = tree.child(p.node, "w:pPr") {
            // Section properties stay with the original paragraph: a copy would add a break.
            let kids: Vec<NodeId> = tree.nodes[x]
                .children
                .iter()
                .copied()
                .filter(|&k| !tree.is(k, "w:sectPr"))
                .collect();
            if let NodeKind::Element { raw, name, .. } = &tree.nodes[x].kind {
                ppr.push('<');
                ppr.push_str(raw);
                ppr.push('>');
                for k in kids {
                    tree.write(k, &mut ppr);
                }
                ppr.push_str("</");
                ppr.push_str(name);
                ppr.push('>');
            }
        }
        Host { mode, ppr, rpr }
    }

    /// Property parts hold plain text in elements: each text node is its own paragraph.
    pub(super) fn compile_plain(&mut self) -> Option<CompiledPart> {
        let tree = self.tree;
        let mut number = 0;
        for n in tree.descendants(0) {
            let NodeKind::Text(_) = &tree.nodes[n].kind else {
                continue;
            };
            number += 1;
            let text = tree.text(n);
            if !text.contains("{{") {
                continue;
            }
            let parent = tree.nodes[n].parent;
            let what = match tree.name(parent) {
                "dc:title" => "title".to_string(),
                "dc:subject" => "subject".to_string(),
                "dc:creator" => "author".to_string(),
                "cp:keywords" => "keywords".to_string(),
                "dc:description" => "comments".to_string(),
                "cp:lastModifiedBy" => "last modified by".to_string(),
                "cp:category" => "category".to_string(),
                other => tree
                    .attr(tree.nodes[parent].parent, "name")
                    .unwrap_or_else(|| other.rsplit(':').next().unwrap_or(other).to_string()),
            };
            let label = format!("{} ({what})", self.part.label);
            let location = Location::Docx {
                part: self.part.name.clone(),
                part_label: label,
                paragraph: Some(number),
                table: None,
                heading: None,
            };
            let (found, unclosed) = find_tags(&text);
            self.unclosed(&location, &text, &unclosed);
            let mut segs = Vec::new();
            let mut from = 0;
            let mut open = 0i32;
            for tag in &found {
                let id = self.register_tag(tag, &text, location.clone(), HostMode::Plain);
                match self.out.tags[id].kind {
                    TagKind::Open { .. } => open += 1,
                    TagKind::Close { .. } => open -= 1,
                    _ => {}
                }
                if tag.start > from {
                    segs.push(Segment::Text(text[from..tag.start].to_string()));
                }
                segs.push(Segment::Tag(id));
                from = tag.end;
            }
            if from < text.len() {
                segs.push(Segment::Text(text[from..].to_string()));
            }
            if open != 0 {
                self.error(
                    location.clone(),
                    "a block in a document property must open and close within the property".into(),
                    "put {{#if}} and {{/if}} in the same property",
                    Some(text::shorten(&text, 70)),
                );
                segs = vec![Segment::Text(text.clone())];
            }
            self.text_segments.insert(n, segs);
        }
        Some(self.emit())
    }
}

/// What a tag does, in the word `inspect` and messages use.
fn role(kind: &TagKind) -> &'static str {
    match kind {
        TagKind::Value { .. } => "value",
        TagKind::Open { .. } => "block",
        TagKind::Else { .. } => "else",
        TagKind::Close { .. } => "end",
        TagKind::Comment => "comment",
    }
}

/// A window of the paragraph's text around a tag, and a caret line under the tag.
///
/// Only the characters shown are visited, so a paragraph holding thousands of tags costs no
/// more per tag than a short one.
fn excerpt(text: &str, start: usize, end: usize) -> String {
    let mut before: Vec<char> = text[..start].chars().rev().take(31).collect();
    before.reverse();
    let more_before = before.len() > 30;
    if more_before {
        before.remove(0);
    }
    let tag: Vec<char> = text[start..end].chars().take(61).collect();
    let mut after: Vec<char> = text[end..].chars().take(31).collect();
    let more_after = after.len() > 30;
    if more_after {
        after.pop();
    }
    let mut line = String::new();
    if more_before {
        line.push('…');
    }
    line.extend(&before);
    let caret_at = line.chars().count();
    let shown_tag: String = if tag.len() > 60 {
        let mut s: String = tag[..59].iter().collect();
        s.push('…');
        s
    } else {
        tag.iter().collect()
    };
    let width = shown_tag.chars().count();
    line.push_str(&shown_tag);
    line.extend(&after);
    if more_after {
        line.push('…');
    }
    let line: String = line
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    format!(
        "{line}\n{}{}",
        " ".repeat(caret_at),
        "^".repeat(width.max(1))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_point_at_the_tag() {
        let e = excerpt("Dear {{contact.nme}}, please", 5, 20);
        assert_eq!(e, "Dear {{contact.nme}}, please\n     ^^^^^^^^^^^^^^^");
    }
}
