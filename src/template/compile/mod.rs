//! Turning one XML part of a Word template into a handlebars template of that part's XML.
//!
//! The part is parsed once into a [`Tree`]. Each paragraph's text is joined across its runs,
//! so a tag Word split over runs (spelling marks, bookmarks, rsid changes) is found whole; the
//! tag then moves into the run where `{{` starts, keeping that run's formatting, and its pieces
//! leave the other runs. Where a block's tags sit decides what the block repeats: the text
//! between them (one paragraph), whole paragraphs and tables (each tag alone in its paragraph),
//! a table row (tags in two cells of one row), or rows of a table (tags in two rows). The tree
//! is then written out as handlebars source in which values go through the engine's `__v`
//! helper, which escapes them and knows the host paragraph's formatting, and every other byte
//! is the template's own.

//!
//! Compiling goes by stage, each in its own file: `lex` (paragraphs read through `docx::text`,
//! tags found and moved into the run where they start), `blocks` (block tags paired and their
//! extent decided, paragraph and row blocks moved to where they act), `emit` (the tree written
//! out as handlebars source) and `ids` (drawing and bookmark ids made fresh in repeated
//! content).

mod blocks;
mod cells;
mod emit;
mod ids;
mod lex;

use super::helpers::Host;
use super::tags::TagKind;
use crate::diagnostic::{Diagnostic, Location, TablePlace};
use crate::docx::xml::{NodeId, Tree};
use crate::docx::{StoryKind, StoryPart, Styles};
use emit::Sink;
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
    /// A block that opens in a cell of one row and closes in a cell of a later row of the same
    /// table: those rows and every row between (a heading row and the rows under it repeated
    /// together, a row loop nested in another).
    Rows,
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
pub(super) struct CompiledPart {
    /// Part name in the package.
    pub name: String,
    /// The part's XML as handlebars source.
    pub source: String,
    /// (line, column) in `source` of each emitted tag, with the tag's index, in order.
    pub positions: Vec<(usize, usize, usize)>,
}

/// Everything compiling the parts produced.
#[derive(Debug, Default)]
pub(super) struct CompileOutput {
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
pub(super) fn compile_parts(
    parts: &[(StoryPart, String)],
    styles: &Styles,
    helpers: &[&str],
) -> CompileOutput {
    let mut out = CompileOutput::default();
    for (part, text) in parts {
        // A part that cannot hold a tag is left as it is (copied byte for byte when rendering);
        // only its ids matter, so that fresh ones made elsewhere do not meet them.
        if !may_hold_tags(text)
            && let Some(max) = ids::max_ids_streaming(text)
        {
            out.max_id = out.max_id.max(max);
            continue;
        }
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
        ids::max_ids(&tree, &mut out.max_id);
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
            cell_shades: HashMap::new(),
            shade_tags: Default::default(),
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

/// Whether a part's XML may hold a tag: it has a `{` (or a character reference, which could
/// write one). Word splits a tag over runs, so `{{` itself need not appear in the XML.
pub(super) fn may_hold_tags(xml: &str) -> bool {
    memchr::memchr(b'{', xml.as_bytes()).is_some()
        || memchr::memmem::find(xml.as_bytes(), b"&#").is_some()
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
    /// Cells (`w:tc`) shaded from data, with their `{{shade}}` tag.
    cell_shades: HashMap<NodeId, usize>,
    /// The `{{shade}}` tags moved into cell properties.
    shade_tags: std::collections::HashSet<usize>,
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

    fn compile_story(&mut self) -> Option<CompiledPart> {
        let paragraphs = self.paragraphs();
        let mut places: Vec<TagPlace> = Vec::new();
        for p in &paragraphs {
            self.lex_paragraph(p, &mut places);
        }
        let extents = self.pair(&paragraphs, &places);
        self.place_blocks(&paragraphs, &places, &extents);
        self.place_shades(&places);
        Some(self.emit())
    }

    fn location_of(&self, p: &Paragraph) -> Location {
        loc(self.part, Some(p.number), p.table, p.heading.clone())
    }
}
