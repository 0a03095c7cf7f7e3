//! Turning one XML part of a Word template into a handlebars template of that part's XML.
//!
//! The part is parsed once into a [`Tree`]. Each paragraph's text is joined across its runs,
//! so a tag Word split over runs (spelling marks, bookmarks, rsid changes) is found whole; the
//! tag then moves into the run where `{{` starts, keeping that run's formatting, and its pieces
//! leave the other runs. Where a block's tags sit decides what the block repeats: the text
//! between them (one paragraph), whole paragraphs and tables (each tag alone in its paragraph),
//! or a table row (tags in two cells of one row). The tree is then written out as handlebars
//! source in which values go through the engine's `__v` helper, which escapes them and knows
//! the host paragraph's formatting, and every other byte is the template's own.

use super::helpers::{Host, HostMode};
use super::tags::{FoundTag, TagKind, classify, find_tags};
use crate::diagnostic::{Diagnostic, Location, TablePlace};
use crate::docx::xml::{NodeId, NodeKind, Tree, escape_text};
use crate::docx::{StoryKind, StoryPart, Styles};
use quick_xml::events::BytesStart;
use std::collections::HashMap;

/// How far a block reaches, decided by where its tags sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Extent {
    /// A value, or a block whose tags share a paragraph: the text between them.
    Inline,
    /// A block whose tags are alone in their paragraphs: the paragraphs and tables between.
    Paragraphs,
    /// A block whose tags sit in two cells of one table row: the row.
    Row,
}

/// One tag of a compiled template, with everything needed to report on it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TagInfo {
    /// The tag as written (with Word's typography undone).
    pub source: String,
    /// What it does.
    #[serde(skip)]
    pub kind: TagKind,
    /// "value", "block", "else", "end" or "comment".
    pub role: &'static str,
    /// How far it reaches (for blocks).
    pub extent: Extent,
    /// Where it is.
    pub location: Location,
    /// The paragraph's text with a caret line under the tag.
    pub excerpt: String,
}

/// A compiled part: handlebars source and where each emitted tag is in it.
#[derive(Debug, Clone)]
pub struct CompiledPart {
    /// Part name in the package.
    pub name: String,
    /// The part's XML as handlebars source.
    pub source: String,
    /// (line, column) in `source` of each emitted tag, with the tag's index, in order.
    pub positions: Vec<(usize, usize, usize)>,
}

/// Everything compiling the parts produced.
#[derive(Debug, Default)]
pub struct CompileOutput {
    /// Compiled parts, in reading order.
    pub parts: Vec<CompiledPart>,
    /// Every tag found.
    pub tags: Vec<TagInfo>,
    /// Host formatting by tag index.
    pub hosts: Vec<Host>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// The largest drawing or bookmark id in the template.
    pub max_id: u64,
}

/// Compiles the story parts given as (part, XML text).
pub fn compile_parts(
    parts: &[(StoryPart, String)],
    styles: &Styles,
    helpers: &[&str],
) -> CompileOutput {
    let mut out = CompileOutput::default();
    for (part, text) in parts {
        let tree = match Tree::parse(text) {
            Ok(t) => t,
            Err(e) => {
                out.diagnostics.push(
                    Diagnostic::error(
                        loc(part, None, None, None),
                        format!(
                            "the part is not well-formed XML (line {}, column {}): {}",
                            e.line, e.column, e.message
                        ),
                    )
                    .with_help("open the template in Word or LibreOffice and save it again"),
                );
                continue;
            }
        };
        max_ids(&tree, &mut out.max_id);
        let mut c = PartCompiler {
            part,
            tree: &tree,
            styles,
            helpers,
            out: &mut out,
            text_segments: HashMap::new(),
            para_tags: HashMap::new(),
            dropped: HashMap::new(),
            row_tags: HashMap::new(),
            guards: HashMap::new(),
            tagged_t: HashMap::new(),
            part_tags: Vec::new(),
            emptied_runs: Default::default(),
        };
        let compiled = if matches!(
            part.kind,
            StoryKind::CoreProperties | StoryKind::AppProperties | StoryKind::CustomProperties
        ) {
            c.compile_plain()
        } else {
            c.compile_story()
        };
        if let Some(p) = compiled {
            out.parts.push(p);
        }
    }
    out
}

fn loc(
    part: &StoryPart,
    paragraph: Option<usize>,
    table: Option<TablePlace>,
    heading: Option<String>,
) -> Location {
    Location::Docx {
        part: part.name.clone(),
        part_label: part.label.clone(),
        paragraph,
        table,
        heading,
    }
}

fn max_ids(tree: &Tree, max: &mut u64) {
    for n in tree.descendants(0) {
        let key = match tree.name(n) {
            "wp:docPr" | "pic:cNvPr" => "id",
            "w:bookmarkStart" | "w:bookmarkEnd" => "w:id",
            _ => continue,
        };
        if let Some(v) = tree.attr(n, key).and_then(|v| v.parse::<u64>().ok()) {
            *max = (*max).max(v);
        }
    }
}

/// A piece of a text node after tags moved: literal text or a tag.
#[derive(Debug, Clone)]
enum Segment {
    Text(String),
    Tag(usize),
}

/// One `w:t` of a paragraph, with its place in the joined text.
struct TextRun {
    t: NodeId,
    text_node: Option<NodeId>,
    start: usize,
    text: String,
    tracked: bool,
}

struct Paragraph {
    node: NodeId,
    number: usize,
    table: Option<TablePlace>,
    heading: Option<String>,
    runs: Vec<TextRun>,
    text: String,
    has_objects: bool,
    has_section_break: bool,
}

struct PartCompiler<'a> {
    part: &'a StoryPart,
    tree: &'a Tree,
    styles: &'a Styles,
    helpers: &'a [&'a str],
    out: &'a mut CompileOutput,
    /// New content of text nodes that held tags.
    text_segments: HashMap<NodeId, Vec<Segment>>,
    /// Tags of each paragraph, in order.
    para_tags: HashMap<NodeId, Vec<usize>>,
    /// Paragraphs replaced by their block tags.
    dropped: HashMap<NodeId, Vec<usize>>,
    /// Row-level block tags: (opens, closes) by `w:tr`.
    row_tags: HashMap<NodeId, (Vec<usize>, Vec<usize>)>,
    /// Containers that need an empty paragraph at their end, with the pPr to give it.
    guards: HashMap<NodeId, String>,
    /// `w:t` elements holding a value or text cut beside a tag, which need `xml:space="preserve"`.
    tagged_t: HashMap<NodeId, ()>,
    /// Indexes (into out.tags) of this part's tags, in document order.
    part_tags: Vec<usize>,
    /// Runs left with nothing in them once the tag pieces moved out.
    emptied_runs: std::collections::HashSet<NodeId>,
}

/// Tag facts used while pairing, parallel to `part_tags`.
#[derive(Clone)]
struct TagPlace {
    tag: usize,
    para: NodeId,
    parent: NodeId,
    cell: Option<NodeId>,
    row: Option<NodeId>,
    run_parent: Option<NodeId>,
}

impl<'a> PartCompiler<'a> {
    fn error(&mut self, location: Location, message: String, help: &str, excerpt: Option<String>) {
        let mut d = Diagnostic::error(location, message).with_help(help);
        if let Some(e) = excerpt {
            d = d.with_excerpt(e);
        }
        self.out.diagnostics.push(d);
    }

    fn tag_error(&mut self, tag: usize, message: String, help: &str) {
        let t = &self.out.tags[tag];
        let (l, e) = (t.location.clone(), t.excerpt.clone());
        self.error(l, message, help, Some(e));
    }

    // ---------------------------------------------------------------- Word story parts

    fn compile_story(&mut self) -> Option<CompiledPart> {
        let paragraphs = self.paragraphs();
        let mut places: Vec<TagPlace> = Vec::new();
        for p in &paragraphs {
            self.lex_paragraph(p, &mut places);
        }
        let extents = self.pair(&paragraphs, &places);
        self.place_blocks(&paragraphs, &places, &extents);
        Some(self.emit())
    }

    /// Every paragraph of the part in document order, with its runs' text.
    fn paragraphs(&self) -> Vec<Paragraph> {
        let tree = self.tree;
        let is_body = self.part.kind == StoryKind::Body;
        let mut out = Vec::new();
        let mut tables = crate::docx::text::TablePlaces::default();
        let mut heading: Option<String> = None;
        for n in tree.descendants(0) {
            if tree.is(n, "w:tbl") {
                tables.add_table(tree, n);
                continue;
            }
            if !tree.is(n, "w:p") {
                continue;
            }
            let mut runs = Vec::new();
            let mut text = String::new();
            let mut has_objects = false;
            // Walk the paragraph, not descending into paragraphs nested in text boxes.
            let mut stack: Vec<NodeId> = tree.nodes[n].children.iter().rev().copied().collect();
            while let Some(c) = stack.pop() {
                match tree.name(c) {
                    "w:p" => continue,
                    "w:drawing" | "w:pict" | "w:object" | "mc:AlternateContent" => {
                        has_objects = true
                    }
                    "w:t" => {
                        let text_node = tree.nodes[c]
                            .children
                            .iter()
                            .copied()
                            .find(|&x| matches!(tree.nodes[x].kind, NodeKind::Text(_)));
                        let s = text_node.map(|x| tree.text(x)).unwrap_or_default();
                        let tracked = self.tracked(c, n);
                        runs.push(TextRun {
                            t: c,
                            text_node,
                            start: text.len(),
                            text: s.clone(),
                            tracked,
                        });
                        text.push_str(&s);
                        continue;
                    }
                    "w:delText" | "w:instrText" => continue,
                    _ => {}
                }
                stack.extend(tree.nodes[c].children.iter().rev().copied());
            }
            let table = tables.place(tree, n);
            let has_section_break = tree
                .child(n, "w:pPr")
                .and_then(|ppr| tree.child(ppr, "w:sectPr"))
                .is_some();
            if is_body && self.styles.paragraph_level(tree, n).is_some() {
                let t = text.trim();
                if !t.is_empty() {
                    heading = Some(shorten(t, 60));
                }
            }
            out.push(Paragraph {
                node: n,
                number: out.len() + 1,
                table,
                heading: heading.clone(),
                runs,
                text,
                has_objects,
                has_section_break,
            });
        }
        out
    }

    fn tracked(&self, t: NodeId, para: NodeId) -> bool {
        let mut cur = t;
        while cur != para && cur != 0 {
            cur = self.tree.nodes[cur].parent;
            if matches!(
                self.tree.name(cur),
                "w:ins" | "w:del" | "w:moveFrom" | "w:moveTo"
            ) {
                return true;
            }
        }
        false
    }

    fn location_of(&self, p: &Paragraph) -> Location {
        loc(self.part, Some(p.number), p.table, p.heading.clone())
    }

    /// Finds the paragraph's tags, records them, and moves each tag's text into its first run.
    fn lex_paragraph(&mut self, p: &Paragraph, places: &mut Vec<TagPlace>) {
        if !p.text.contains("{{") {
            return;
        }
        let (found, unclosed) = find_tags(&p.text);
        for u in unclosed {
            let ex = excerpt(&p.text, u.start, u.start + 2);
            self.error(
                self.location_of(p),
                "a tag opens with {{ but never closes with }}".into(),
                "add the closing }} or remove the stray {{",
                Some(ex),
            );
        }
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
        let id = self.out.tags.len();
        let kind = match classify(&tag.source, self.helpers) {
            Ok(k) => k,
            Err(problem) => {
                self.error(
                    self.location_of(p),
                    format!("{} in {}", problem.message, tag.source),
                    &problem.help,
                    Some(excerpt(&p.text, tag.start, tag.end)),
                );
                TagKind::Comment
            }
        };
        let role = match kind {
            TagKind::Value { .. } => "value",
            TagKind::Open { .. } => "block",
            TagKind::Else { .. } => "else",
            TagKind::Close { .. } => "end",
            TagKind::Comment => "comment",
        };
        self.out.tags.push(TagInfo {
            source: tag.source.clone(),
            kind,
            role,
            extent: Extent::Inline,
            location: self.location_of(p),
            excerpt: excerpt(&p.text, tag.start, tag.end),
        });
        self.out.hosts.push(Host {
            mode: HostMode::NestedRun,
            ppr: String::new(),
            rpr: String::new(),
        });
        self.part_tags.push(id);
        id
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

    /// Pairs block tags and decides each block's extent; reports what cannot be paired.
    fn pair(&mut self, paragraphs: &[Paragraph], places: &[TagPlace]) -> HashMap<usize, Extent> {
        let para: HashMap<NodeId, &Paragraph> = paragraphs.iter().map(|p| (p.node, p)).collect();
        let structural =
            |node: NodeId, tags: &[TagInfo], para_tags: &HashMap<NodeId, Vec<usize>>| -> bool {
                let Some(p) = para.get(&node) else {
                    return false;
                };
                let Some(ids) = para_tags.get(&node) else {
                    return false;
                };
                if p.has_objects || p.has_section_break {
                    return false;
                }
                if !ids
                    .iter()
                    .all(|&i| tags[i].kind.is_block() || tags[i].kind == TagKind::Comment)
                {
                    return false;
                }
                let (found, _) = find_tags(&p.text);
                let mut rest = p.text.clone();
                for t in found.iter().rev() {
                    rest.replace_range(t.start..t.end, "");
                }
                rest.trim().is_empty()
            };
        let mut extents: HashMap<usize, Extent> = HashMap::new();
        let mut stack: Vec<(usize, Vec<usize>)> = Vec::new(); // (open place index, else place indexes)
        for (i, pl) in places.iter().enumerate() {
            match &self.out.tags[pl.tag].kind {
                TagKind::Open { .. } => stack.push((i, Vec::new())),
                TagKind::Else { .. } => match stack.last_mut() {
                    Some((_, elses)) => elses.push(i),
                    None => self.tag_error(
                        pl.tag,
                        "{{else}} outside any block".into(),
                        "put {{else}} between {{#if ...}} and {{/if}}",
                    ),
                },
                TagKind::Close { helper } => {
                    let helper = helper.clone();
                    let Some((oi, elses)) = stack.pop() else {
                        self.tag_error(
                            pl.tag,
                            format!("{{{{/{helper}}}}} closes a block that was never opened"),
                            "remove it, or add the matching {{#...}} before it",
                        );
                        continue;
                    };
                    let open = &places[oi];
                    let TagKind::Open { helper: oh, .. } = &self.out.tags[open.tag].kind else {
                        continue;
                    };
                    if *oh != helper {
                        let msg = format!(
                            "{{{{/{helper}}}}} closes {} opened at {}",
                            self.out.tags[open.tag].source, self.out.tags[open.tag].location
                        );
                        self.tag_error(
                            pl.tag,
                            msg,
                            "blocks must close in the reverse order they open",
                        );
                        continue;
                    }
                    let ext = if open.para == pl.para {
                        if open.run_parent == pl.run_parent {
                            Some(Extent::Inline)
                        } else {
                            None
                        }
                    } else if open.parent == pl.parent
                        && structural(open.para, &self.out.tags, &self.para_tags)
                        && structural(pl.para, &self.out.tags, &self.para_tags)
                    {
                        Some(Extent::Paragraphs)
                    } else if open.row.is_some() && open.row == pl.row && open.cell != pl.cell {
                        Some(Extent::Row)
                    } else {
                        None
                    };
                    let Some(ext) = ext else {
                        let why = if open.para == pl.para {
                            "its start and end are in different parts of the paragraph (a hyperlink, field or content control)"
                        } else if para.get(&open.para).is_some_and(|p| p.has_section_break)
                            || para.get(&pl.para).is_some_and(|p| p.has_section_break)
                        {
                            "one of its tags shares a paragraph with a section break"
                        } else {
                            "its start and end are in different places (body, table cell, row, text box)"
                        };
                        let msg = format!(
                            "the block {} cannot be used: {why}; it ends with {} at {}",
                            self.out.tags[open.tag].source,
                            self.out.tags[pl.tag].source,
                            self.out.tags[pl.tag].location
                        );
                        self.tag_error(
                            open.tag,
                            msg,
                            "put both tags in one paragraph, each alone in its own paragraph at the same level, or in two cells of one table row",
                        );
                        continue;
                    };
                    for &e in &elses {
                        let ep = &places[e];
                        let ok = match ext {
                            Extent::Inline => {
                                ep.para == open.para && ep.run_parent == open.run_parent
                            }
                            Extent::Paragraphs => {
                                ep.parent == open.parent
                                    && structural(ep.para, &self.out.tags, &self.para_tags)
                            }
                            Extent::Row => false,
                        };
                        if ok {
                            extents.insert(ep.tag, ext);
                        } else {
                            let help = match ext {
                                Extent::Row => {
                                    "a row block cannot have {{else}}: use one row with {{#if x}} and another with {{#unless x}}"
                                }
                                Extent::Inline => {
                                    "keep {{else}} in the same paragraph as its block"
                                }
                                Extent::Paragraphs => {
                                    "put {{else}} alone in its own paragraph, at the same level as the block's tags"
                                }
                            };
                            self.tag_error(
                                ep.tag,
                                "{{else}} is not where its block can use it".into(),
                                help,
                            );
                        }
                    }
                    extents.insert(open.tag, ext);
                    extents.insert(pl.tag, ext);
                }
                _ => {}
            }
        }
        for (oi, _) in stack {
            let t = places[oi].tag;
            let helper = match &self.out.tags[t].kind {
                TagKind::Open { helper, .. } => helper.clone(),
                _ => String::new(),
            };
            self.tag_error(
                t,
                format!("the block is never closed with {{{{/{helper}}}}}"),
                "add the closing tag where the block should end",
            );
        }
        for (&t, &e) in &extents {
            self.out.tags[t].extent = e;
        }
        extents
    }

    /// Moves paragraph and row blocks' tags out of the text to where they act.
    fn place_blocks(
        &mut self,
        paragraphs: &[Paragraph],
        places: &[TagPlace],
        extents: &HashMap<usize, Extent>,
    ) {
        let tree = self.tree;
        for p in paragraphs {
            let Some(ids) = self.para_tags.get(&p.node) else {
                continue;
            };
            let all_para = ids.iter().all(|&i| {
                extents.get(&i) == Some(&Extent::Paragraphs)
                    || self.out.tags[i].kind == TagKind::Comment
            });
            let any_para = ids
                .iter()
                .any(|&i| extents.get(&i) == Some(&Extent::Paragraphs));
            if all_para && any_para {
                let keep: Vec<usize> = ids
                    .iter()
                    .copied()
                    .filter(|&i| self.out.tags[i].kind != TagKind::Comment)
                    .collect();
                self.dropped.insert(p.node, keep);
                // A container whose last paragraph goes must still end with one.
                let parent = tree.nodes[p.node].parent;
                let last_p = tree.nodes[parent]
                    .children
                    .iter()
                    .rev()
                    .copied()
                    .find(|&c| tree.is(c, "w:p"));
                let needs_guard = last_p == Some(p.node)
                    && (!tree.is(parent, "w:body") || self.ends_with_table(parent));
                if needs_guard {
                    let mut ppr = String::new();
                    if let Some(x) = tree.child(p.node, "w:pPr") {
                        tree.write(x, &mut ppr);
                    }
                    self.guards.insert(parent, ppr);
                }
            }
        }
        let mut row_level = std::collections::HashSet::new();
        for pl in places {
            if extents.get(&pl.tag) != Some(&Extent::Row) {
                continue;
            }
            let Some(row) = pl.row else { continue };
            let entry = self.row_tags.entry(row).or_default();
            match self.out.tags[pl.tag].kind {
                TagKind::Open { .. } => entry.0.push(pl.tag),
                _ => entry.1.push(pl.tag),
            }
            row_level.insert(pl.tag);
        }
        // The row tags' text leaves their cells (in one pass: a table of thousands of row
        // blocks must not cost thousands of passes).
        if !row_level.is_empty() {
            for segs in self.text_segments.values_mut() {
                segs.retain(|s| !matches!(s, Segment::Tag(t) if row_level.contains(t)));
            }
        }
    }

    /// True when a table follows the body's last paragraph that always stays, so the
    /// document could end with a table, which Word does not accept.
    fn ends_with_table(&self, body: NodeId) -> bool {
        let tree = self.tree;
        let kids = &tree.nodes[body].children;
        let last_kept = kids
            .iter()
            .rposition(|&c| tree.is(c, "w:p") && !self.dropped.contains_key(&c));
        kids[last_kept.map(|i| i + 1).unwrap_or(0)..]
            .iter()
            .any(|&c| tree.is(c, "w:tbl"))
    }

    fn emit(&mut self) -> CompiledPart {
        let mut sink = Sink::default();
        let mut depth = 0i32;
        self.emit_node(0, &mut sink, &mut depth);
        CompiledPart {
            name: self.part.name.clone(),
            source: sink.out,
            positions: sink.positions,
        }
    }

    fn emit_tag(&self, id: usize, sink: &mut Sink, depth: &mut i32) {
        let t = &self.out.tags[id];
        let src = match &t.kind {
            TagKind::Value { expr } => format!("{{{{__v {id} {}}}}}", as_param(expr, self.helpers)),
            TagKind::Open { helper, rest } => {
                let (first, tail) = split_first_arg(rest);
                let wrap = if helper == "if" || helper == "unless" {
                    "__t"
                } else {
                    "__p"
                };
                *depth += 1;
                format!("{{{{#{helper} ({wrap} {id} {first}){tail}}}}}")
            }
            TagKind::Else { rest } if rest.is_empty() => "{{else}}".to_string(),
            TagKind::Else { rest } => {
                let (helper, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let (first, tail) = split_first_arg(args.trim());
                let wrap = if helper == "if" || helper == "unless" {
                    "__t"
                } else {
                    "__p"
                };
                format!("{{{{else {helper} ({wrap} {id} {first}){tail}}}}}")
            }
            TagKind::Close { helper } => {
                *depth -= 1;
                format!("{{{{/{helper}}}}}")
            }
            TagKind::Comment => return,
        };
        sink.tag(&src, id);
    }

    fn emit_node(&self, n: NodeId, sink: &mut Sink, depth: &mut i32) {
        let tree = self.tree;
        if let Some(tags) = self.dropped.get(&n) {
            for &t in tags {
                self.emit_tag(t, sink, depth);
            }
            return;
        }
        if self.emptied_runs.contains(&n) {
            return;
        }
        if let Some(segs) = self.text_segments.get(&n) {
            for s in segs {
                match s {
                    Segment::Text(t) => {
                        let mut e = String::new();
                        escape_text(t, &mut e);
                        sink.raw(&e);
                    }
                    Segment::Tag(id) => self.emit_tag(*id, sink, depth),
                }
            }
            return;
        }
        let row = self.row_tags.get(&n);
        if let Some((opens, _)) = row {
            for &t in opens {
                self.emit_tag(t, sink, depth);
            }
        }
        match &tree.nodes[n].kind {
            NodeKind::Root => {
                for &c in &tree.nodes[n].children {
                    self.emit_node(c, sink, depth);
                }
            }
            NodeKind::Element { name, raw, empty } => {
                let (raw, trusted) = if *depth > 0 {
                    let fresh = fresh_ids(name, raw);
                    let changed = fresh != *raw;
                    (fresh, changed)
                } else {
                    (raw.clone(), false)
                };
                let raw = if self.tagged_t.contains_key(&n) && !raw.contains("xml:space") {
                    format!("{raw} xml:space=\"preserve\"")
                } else {
                    raw
                };
                let guard = self.guards.get(&n);
                let open = |sink: &mut Sink| {
                    sink.raw("<");
                    if trusted {
                        sink.trusted(&raw);
                    } else {
                        sink.raw(&raw);
                    }
                };
                if *empty && tree.nodes[n].children.is_empty() && guard.is_none() {
                    open(sink);
                    sink.raw("/>");
                } else {
                    open(sink);
                    sink.raw(">");
                    let kids = &tree.nodes[n].children;
                    // In the body the guard goes before the final section properties.
                    let sect = kids.last().copied().filter(|&k| tree.is(k, "w:sectPr"));
                    for &c in kids {
                        if Some(c) == sect
                            && let Some(g) = guard
                        {
                            sink.raw(&format!("<w:p>{g}</w:p>"));
                        }
                        self.emit_node(c, sink, depth);
                    }
                    if let (Some(g), None) = (guard, sect) {
                        sink.raw(&format!("<w:p>{g}</w:p>"));
                    }
                    sink.raw("</");
                    sink.raw(name);
                    sink.raw(">");
                }
            }
            NodeKind::Text(raw) | NodeKind::Raw(raw) => sink.raw(raw),
        }
        if let Some((_, closes)) = row {
            for &t in closes {
                self.emit_tag(t, sink, depth);
            }
        }
    }

    // ---------------------------------------------------------------- property parts

    /// Property parts hold plain text in elements: each text node is its own paragraph.
    fn compile_plain(&mut self) -> Option<CompiledPart> {
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
            for u in unclosed {
                self.error(
                    location.clone(),
                    "a tag opens with {{ but never closes with }}".into(),
                    "add the closing }} or remove the stray {{",
                    Some(excerpt(&text, u.start, u.start + 2)),
                );
            }
            let mut segs = Vec::new();
            let mut from = 0;
            let mut open = 0i32;
            for tag in &found {
                let id = self.out.tags.len();
                let kind = match classify(&tag.source, self.helpers) {
                    Ok(k) => k,
                    Err(p) => {
                        self.error(
                            location.clone(),
                            format!("{} in {}", p.message, tag.source),
                            &p.help,
                            Some(excerpt(&text, tag.start, tag.end)),
                        );
                        TagKind::Comment
                    }
                };
                match kind {
                    TagKind::Open { .. } => open += 1,
                    TagKind::Close { .. } => open -= 1,
                    _ => {}
                }
                let role = match kind {
                    TagKind::Value { .. } => "value",
                    TagKind::Open { .. } => "block",
                    TagKind::Else { .. } => "else",
                    TagKind::Close { .. } => "end",
                    TagKind::Comment => "comment",
                };
                self.out.tags.push(TagInfo {
                    source: tag.source.clone(),
                    kind,
                    role,
                    extent: Extent::Inline,
                    location: location.clone(),
                    excerpt: excerpt(&text, tag.start, tag.end),
                });
                self.out.hosts.push(Host {
                    mode: HostMode::Plain,
                    ppr: String::new(),
                    rpr: String::new(),
                });
                self.part_tags.push(id);
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
                    Some(shorten(&text, 70)),
                );
                segs = vec![Segment::Text(text.clone())];
            }
            self.text_segments.insert(n, segs);
        }
        Some(self.emit())
    }
}

/// Where an emitted tag is in the generated source, for mapping handlebars errors back.
#[derive(Default)]
struct Sink {
    out: String,
    line: usize,
    col: usize,
    positions: Vec<(usize, usize, usize)>,
}

impl Sink {
    fn raw(&mut self, s: &str) {
        // Template text must never read as handlebars: break up any "{{".
        let mut s = if s.contains("{{") {
            s.replace("{{", "{&#123;")
        } else {
            s.to_string()
        };
        // A "}" right after a tag would extend it.
        if s.starts_with('}') && self.out.ends_with("}}") {
            s.replace_range(0..1, "&#125;");
        }
        self.advance(&s);
        self.out.push_str(&s);
    }

    /// Markup the engine wrote itself (helper calls in attributes): emitted as is.
    fn trusted(&mut self, s: &str) {
        self.advance(s);
        self.out.push_str(s);
    }

    fn tag(&mut self, src: &str, id: usize) {
        // "{" or "\" just before a tag would change how handlebars reads it.
        if self.out.ends_with('{') {
            self.out.pop();
            self.out.push_str("&#123;");
            self.col += 5;
        } else if self.out.ends_with('\\') {
            self.out.pop();
            self.out.push_str("&#92;");
            self.col += 4;
        }
        self.positions.push((self.line + 1, self.col + 1, id));
        self.advance(src);
        self.out.push_str(src);
    }

    fn advance(&mut self, s: &str) {
        for ch in s.chars() {
            if ch == '\n' {
                self.line += 1;
                self.col = 0;
            } else {
                self.col += 1;
            }
        }
    }
}

/// A value expression as a helper parameter: a path stays a path, a helper call becomes a
/// subexpression.
fn as_param(expr: &str, helpers: &[&str]) -> String {
    let simple = !expr.contains(char::is_whitespace) && !expr.starts_with('(');
    if simple && !helpers.contains(&expr) {
        expr.to_string()
    } else {
        format!("({expr})")
    }
}

/// Splits a block's arguments into the first and the rest (`agencies as |a|`).
fn split_first_arg(rest: &str) -> (&str, &str) {
    let rest = rest.trim();
    let bytes = rest.as_bytes();
    let end = match bytes.first() {
        Some(b'(') => {
            let mut depth = 0;
            let mut quote: Option<u8> = None;
            let mut end = rest.len();
            for (i, &b) in bytes.iter().enumerate() {
                match (quote, b) {
                    (Some(q), c) if c == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'(') => depth += 1,
                    (None, b')') => {
                        depth -= 1;
                        if depth == 0 {
                            end = i + 1;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            end
        }
        Some(&q @ (b'"' | b'\'')) => rest[1..]
            .find(q as char)
            .map(|i| i + 2)
            .unwrap_or(rest.len()),
        _ => rest.find(char::is_whitespace).unwrap_or(rest.len()),
    };
    let (a, b) = rest.split_at(end);
    (a, if b.is_empty() { "" } else { b })
}

/// Rewrites ids in repeated content so each copy is unique: drawing ids, bookmark ids and
/// names; paragraph ids (optional in Word) are dropped.
fn fresh_ids(name: &str, raw: &str) -> String {
    let which: &[&str] = match name {
        "wp:docPr" => &["id"],
        "w:bookmarkStart" => &["w:id", "w:name"],
        "w:bookmarkEnd" => &["w:id"],
        "w:p" | "w:tr" => &["w14:paraId", "w14:textId"],
        _ => return raw.to_string(),
    };
    let start = BytesStart::from_content(raw, name.len());
    let mut attrs = start.attributes();
    attrs.with_checks(false);
    let all: Vec<(String, String)> = attrs
        .flatten()
        .map(|a| (a.key.as_ref().to_string(), a.value.clone().into_owned()))
        .collect();
    if !all.iter().any(|(k, _)| which.contains(&k.as_str())) {
        return raw.to_string();
    }
    let orig_id = all
        .iter()
        .find(|(k, _)| k == "w:id")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let mut out = name.to_string();
    for (k, v) in &all {
        let v = match (name, k.as_str()) {
            ("w:p" | "w:tr", _) if which.contains(&k.as_str()) => continue,
            ("wp:docPr", "id") => "{{__id}}".to_string(),
            ("w:bookmarkStart", "w:id") => format!("{{{{__bs {}}}}}", num(v)),
            ("w:bookmarkEnd", "w:id") => format!("{{{{__be {}}}}}", num(v)),
            ("w:bookmarkStart", "w:name") => {
                let mut name_lit = String::new();
                for ch in crate::docx::xml::unescape(v).chars() {
                    if ch.is_alphanumeric() || ch == '_' {
                        name_lit.push(ch);
                    }
                }
                format!("{{{{__bn {} \"{name_lit}\"}}}}", num(&orig_id))
            }
            _ => v.replace("{{", "{&#123;"),
        };
        let q = if v.contains('"') { '\'' } else { '"' };
        out.push(' ');
        out.push_str(k);
        out.push('=');
        out.push(q);
        out.push_str(&v);
        out.push(q);
    }
    out
}

fn num(s: &str) -> u64 {
    s.trim().parse().unwrap_or(0)
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
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
    fn first_argument_is_split_from_block_params() {
        assert_eq!(
            split_first_arg("agencies as |a i|"),
            ("agencies", " as |a i|")
        );
        assert_eq!(split_first_arg("(eq a \"x y\") "), ("(eq a \"x y\")", ""));
        assert_eq!(split_first_arg("\"a b\" c"), ("\"a b\"", " c"));
        assert_eq!(split_first_arg("x"), ("x", ""));
    }

    #[test]
    fn excerpts_point_at_the_tag() {
        let e = excerpt("Dear {{contact.nme}}, please", 5, 20);
        assert_eq!(e, "Dear {{contact.nme}}, please\n     ^^^^^^^^^^^^^^^");
    }

    #[test]
    fn repeated_ids_are_made_fresh() {
        assert_eq!(
            fresh_ids("wp:docPr", "wp:docPr id=\"3\" name=\"Picture 3\""),
            "wp:docPr id=\"{{__id}}\" name=\"Picture 3\""
        );
        assert_eq!(
            fresh_ids(
                "w:bookmarkStart",
                "w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\""
            ),
            "w:bookmarkStart w:id=\"{{__bs 0}}\" w:name='{{__bn 0 \"_GoBack\"}}'"
        );
        assert_eq!(
            fresh_ids("w:p", "w:p w14:paraId=\"1A2B\" w:rsidR=\"00C1\""),
            "w:p w:rsidR=\"00C1\""
        );
        assert_eq!(fresh_ids("w:r", "w:r w:rsidR=\"1\""), "w:r w:rsidR=\"1\"");
    }

    #[test]
    fn template_text_never_reads_as_handlebars() {
        let mut s = Sink::default();
        s.raw("a{{b");
        s.raw("x{");
        s.tag("{{__v 0 y}}", 0);
        s.raw("}z\\");
        s.tag("{{__v 1 y}}", 1);
        assert_eq!(s.out, "a{&#123;bx&#123;{{__v 0 y}}&#125;z&#92;{{__v 1 y}}");
        assert_eq!(s.positions[0], (1, 17, 0));
    }
}
