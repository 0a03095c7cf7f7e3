//! The text of a part's paragraphs, joined across runs, with where each piece came from.
//!
//! Word splits what a person typed into runs at will (spelling marks, bookmarks, revision ids,
//! a change of formatting in the middle of a word), so anything that searches a document for
//! words (tags, placeholders, names) must search each paragraph's text joined across its runs,
//! and anything that rewrites it must know which `w:t` each character lives in. A paragraph is
//! a list of [`Piece`]s: the text of a `w:t` (or a tracked deletion's `w:delText`), or the
//! character a tab or break stands for. A [`TextView`] joins the pieces a reader wants (the
//! text as it now reads, or as it read before tracked changes) and maps offsets back.

use super::Styles;
use super::xml::{NodeId, NodeKind, Tree};
use crate::diagnostic::TablePlace;
use std::collections::HashMap;

/// Whether a piece of text is part of a tracked change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Revision {
    /// Ordinary text.
    None,
    /// Text inserted with Track Changes on (`w:ins`, `w:moveTo`).
    Inserted,
    /// Text deleted with Track Changes on (`w:delText`, `w:moveFrom`): invisible in Word's
    /// final view, but still in the file.
    Deleted,
}

/// One piece of a paragraph's text.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The element the text comes from: a `w:t`, `w:delText`, or the `w:tab`/`w:br`/`w:cr`/
    /// `w:noBreakHyphen` it stands for.
    pub element: NodeId,
    /// The text node inside a `w:t` or `w:delText`, when it has one.
    pub text_node: Option<NodeId>,
    /// The run (`w:r`) the piece sits in.
    pub run: Option<NodeId>,
    /// The text, unescaped.
    pub text: String,
    /// Tracked change status.
    pub revision: Revision,
    /// True for a character standing for an element (tab, break), not text of a `w:t`.
    pub is_mark: bool,
}

/// A paragraph of a part, with its text pieces and its place.
#[derive(Debug, Clone)]
pub struct ParagraphText {
    /// The `w:p` element.
    pub node: NodeId,
    /// Number within the part, from 1, counting every paragraph in document order (text-box
    /// paragraphs included), as the template engine numbers them.
    pub number: usize,
    /// Table, row and cell (from 1), when the paragraph is in a table.
    pub table: Option<TablePlace>,
    /// Text of the nearest heading at or above this paragraph (body only).
    pub heading: Option<String>,
    /// Heading level from the paragraph's style or outline level, when it is a heading.
    pub level: Option<u8>,
    /// The text pieces, in reading order.
    pub pieces: Vec<Piece>,
    /// True when the paragraph is inside a text box.
    pub in_text_box: bool,
    /// The enclosing `mc:AlternateContent` when the paragraph is inside its `mc:Fallback`
    /// (a copy, for old readers, of a text box already given in `mc:Choice`).
    pub fallback_of: Option<NodeId>,
    /// The enclosing `mc:AlternateContent` when the paragraph is inside its `mc:Choice`.
    pub choice_of: Option<NodeId>,
    /// True when the paragraph holds a picture, chart or embedded object.
    pub has_objects: bool,
}

/// Joined text of some pieces of a paragraph, with a map back to the pieces.
#[derive(Debug, Clone, Default)]
pub struct TextView {
    /// The joined text.
    pub text: String,
    /// (offset in `text`, piece index), in order, one per piece included.
    starts: Vec<(usize, usize)>,
}

/// A stretch of one piece: piece index, and byte range within the piece's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PieceSpan {
    /// Index into [`ParagraphText::pieces`].
    pub piece: usize,
    /// Start byte within the piece's text.
    pub from: usize,
    /// End byte (exclusive) within the piece's text.
    pub to: usize,
}

impl TextView {
    /// The pieces covering bytes `start..end` of the view, each with the range inside it.
    pub fn spans(&self, start: usize, end: usize, pieces: &[Piece]) -> Vec<PieceSpan> {
        let mut out = Vec::new();
        for &(at, piece) in &self.starts {
            let len = pieces[piece].text.len();
            if at >= end {
                break;
            }
            let from = start.max(at);
            let to = end.min(at + len);
            if from < to {
                out.push(PieceSpan {
                    piece,
                    from: from - at,
                    to: to - at,
                });
            }
        }
        out
    }
}

impl ParagraphText {
    /// The text as Word shows it with changes accepted: deleted text left out.
    pub fn text(&self) -> String {
        self.view(|r| r != Revision::Deleted).text
    }

    /// Joins the pieces whose revision `keep` accepts.
    pub fn view(&self, keep: impl Fn(Revision) -> bool) -> TextView {
        let mut v = TextView::default();
        for (i, p) in self.pieces.iter().enumerate() {
            if keep(p.revision) {
                v.starts.push((v.text.len(), i));
                v.text.push_str(&p.text);
            }
        }
        v
    }

    /// True when any piece is part of a tracked change.
    pub fn has_revisions(&self) -> bool {
        self.pieces.iter().any(|p| p.revision != Revision::None)
    }
}

/// Reads every paragraph of a parsed story part in document order. `styles` gives heading
/// levels; nearest headings are tracked when `track_headings` (the body; headers and notes
/// have no headings of their own).
pub fn paragraphs(tree: &Tree, styles: &Styles, track_headings: bool) -> Vec<ParagraphText> {
    let mut out = Vec::new();
    let mut table_no = 0usize;
    let mut table_of: HashMap<NodeId, usize> = HashMap::new();
    let mut heading: Option<String> = None;
    for n in tree.descendants(0) {
        if tree.is(n, "w:tbl") {
            table_no += 1;
            table_of.insert(n, table_no);
            continue;
        }
        if !tree.is(n, "w:p") {
            continue;
        }
        let mut pieces = Vec::new();
        let mut has_objects = false;
        // Walk the paragraph, not descending into paragraphs nested in text boxes: they are
        // paragraphs of their own.
        let mut stack: Vec<NodeId> = tree.nodes[n].children.iter().rev().copied().collect();
        while let Some(c) = stack.pop() {
            let name = tree.name(c);
            match name {
                "w:p" => continue,
                "w:drawing" | "w:pict" | "w:object" | "mc:AlternateContent" => has_objects = true,
                "w:t" | "w:delText" => {
                    let text_node = tree.nodes[c]
                        .children
                        .iter()
                        .copied()
                        .find(|&x| matches!(tree.nodes[x].kind, NodeKind::Text(_)));
                    let text = text_node.map(|x| tree.text(x)).unwrap_or_default();
                    let revision = if name == "w:delText" {
                        Revision::Deleted
                    } else {
                        revision_of(tree, c, n)
                    };
                    pieces.push(Piece {
                        element: c,
                        text_node,
                        run: tree.ancestor(c, "w:r"),
                        text,
                        revision,
                        is_mark: false,
                    });
                    continue;
                }
                "w:tab" | "w:br" | "w:cr" | "w:noBreakHyphen" => {
                    // A tab inside pPr/tabs is a tab stop, not a character.
                    if tree.nodes[c].parent != n
                        && tree.is(tree.nodes[c].parent, "w:r")
                        && !(name == "w:br" && tree.attr(c, "w:type").as_deref() == Some("page"))
                    {
                        let text = match name {
                            "w:tab" => "\t",
                            "w:noBreakHyphen" => "-",
                            _ => "\n",
                        };
                        pieces.push(Piece {
                            element: c,
                            text_node: None,
                            run: Some(tree.nodes[c].parent),
                            text: text.into(),
                            revision: revision_of(tree, c, n),
                            is_mark: true,
                        });
                    }
                    continue;
                }
                "w:instrText" | "w:delInstrText" | "w:pPr" | "w:rPr" => continue,
                _ => {}
            }
            stack.extend(tree.nodes[c].children.iter().rev().copied());
        }
        let table = tree.ancestor(n, "w:tc").and_then(|tc| {
            let tr = tree.nodes[tc].parent;
            let tbl = tree.nodes[tr].parent;
            let row = tree.nodes[tbl]
                .children
                .iter()
                .filter(|&&x| tree.is(x, "w:tr"))
                .position(|&x| x == tr)?;
            let cell = tree.nodes[tr]
                .children
                .iter()
                .filter(|&&x| tree.is(x, "w:tc"))
                .position(|&x| x == tc)?;
            Some(TablePlace {
                table: *table_of.get(&tbl)?,
                row: row + 1,
                cell: cell + 1,
            })
        });
        let level = styles.paragraph_level(tree, n);
        let mut para = ParagraphText {
            node: n,
            number: out.len() + 1,
            table,
            heading: None,
            level,
            pieces,
            in_text_box: tree.ancestor(n, "w:txbxContent").is_some(),
            fallback_of: None,
            choice_of: None,
            has_objects,
        };
        let mut cur = n;
        while cur != 0 {
            let parent = tree.nodes[cur].parent;
            if tree.is(cur, "mc:Fallback") && tree.is(parent, "mc:AlternateContent") {
                para.fallback_of = Some(parent);
                break;
            }
            if tree.is(cur, "mc:Choice") && tree.is(parent, "mc:AlternateContent") {
                para.choice_of = Some(parent);
                break;
            }
            cur = parent;
        }
        if track_headings && level.is_some() {
            let t = para.text();
            let t = t.trim();
            if !t.is_empty() {
                heading = Some(shorten(t, 60));
            }
        }
        para.heading = heading.clone();
        out.push(para);
    }
    out
}

/// Whether `node` sits in a tracked insertion or deletion, looking up to the paragraph.
fn revision_of(tree: &Tree, node: NodeId, para: NodeId) -> Revision {
    let mut cur = node;
    while cur != para && cur != 0 {
        cur = tree.nodes[cur].parent;
        match tree.name(cur) {
            "w:del" | "w:moveFrom" => return Revision::Deleted,
            "w:ins" | "w:moveTo" => return Revision::Inserted,
            _ => {}
        }
    }
    Revision::None
}

/// Cuts `s` to at most `max` characters, with an ellipsis when cut.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('\u{2026}');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="w""#;

    fn parse(body: &str) -> Tree {
        Tree::parse(&format!(
            "<w:document {NS}><w:body>{body}</w:body></w:document>"
        ))
        .unwrap()
    }

    #[test]
    fn text_is_joined_across_runs_marks_and_tracked_changes() {
        let tree = parse(
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>\
             <w:r><w:t>Mai</w:t></w:r><w:proofErr/><w:r><w:t>sie</w:t><w:tab/></w:r>\
             <w:del><w:r><w:delText>Thorn</w:delText></w:r></w:del>\
             <w:ins><w:r><w:t>Child A</w:t></w:r></w:ins><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>",
        );
        let ps = paragraphs(&tree, &Styles::default(), true);
        assert_eq!(ps.len(), 1);
        let p = &ps[0];
        assert_eq!(p.text(), "Maisie\tChild A");
        let old = p.view(|r| r != Revision::Inserted);
        assert_eq!(old.text, "Maisie\tThorn");
        let spans = old.spans(1, 5, &p.pieces);
        assert_eq!(
            spans,
            [
                PieceSpan {
                    piece: 0,
                    from: 1,
                    to: 3
                },
                PieceSpan {
                    piece: 1,
                    from: 0,
                    to: 2
                }
            ]
        );
        assert!(p.has_revisions());
        assert_eq!(p.pieces[3].revision, Revision::Deleted);
        assert_eq!(p.pieces[4].revision, Revision::Inserted);
    }

    #[test]
    fn text_box_paragraphs_are_their_own_and_headings_are_tracked() {
        let tree = parse(
            "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>Findings</w:t></w:r></w:p>\
             <w:p><w:r><w:t>Before </w:t></w:r><w:r><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>In box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>In box</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>after</w:t></w:r></w:p>",
        );
        let ps = paragraphs(
            &tree,
            &Styles::from_tree(&Tree::parse("<w:styles xmlns:w=\"w\"/>").unwrap()),
            true,
        );
        let texts: Vec<String> = ps.iter().map(|p| p.text()).collect();
        assert_eq!(texts, ["Findings", "Before after", "In box", "In box"]);
        assert_eq!(ps[0].level, Some(1));
        assert_eq!(ps[1].heading.as_deref(), Some("Findings"));
        assert!(ps[1].has_objects);
        assert!(ps[2].in_text_box && ps[2].choice_of.is_some());
        assert!(ps[3].fallback_of.is_some());
        assert_eq!(ps[3].number, 4);
    }
}
