//! Cell shading from data: `{{shade x}}` typed anywhere in a table cell shades that cell with
//! the colour `x` holds (an RGB hex such as "C00000"), so a status can show in colour as well
//! as in words. Word keeps a cell's shading in its properties (`w:tcPr/w:shd`), where no tag
//! can be typed, so the tag leaves the text and acts there.

use super::{PartCompiler, Segment, Sink, TagPlace};
use crate::docx::xml::NodeId;
use crate::template::tags::TagKind;

/// The helper a template calls to shade its cell.
pub(super) const SHADE: &str = "shade";

/// What may follow `w:shd` in a cell's properties, in the schema's order.
const AFTER_SHD: &[&str] = &[
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
];

/// The argument of a `{{shade …}}` value tag, when `expr` is one.
pub(super) fn shade_argument(expr: &str) -> Option<&str> {
    let rest = expr.strip_prefix(SHADE)?;
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

impl PartCompiler<'_> {
    /// Moves each `{{shade x}}` out of its cell's text into the cell's properties; one outside
    /// a table, or a second in one cell, is an error.
    pub(super) fn place_shades(&mut self, places: &[TagPlace]) {
        for pl in places {
            let TagKind::Value { expr } = &self.out.tags[pl.tag].kind else {
                continue;
            };
            if shade_argument(expr).is_none() {
                continue;
            }
            let Some(cell) = pl.cell else {
                self.tag_error(
                    pl.tag,
                    "{{shade}} colours the table cell it is in, and this one is not in a table"
                        .into(),
                    "move the tag into the table cell to colour, or remove it",
                );
                continue;
            };
            if let Some(&first) = self.cell_shades.get(&cell) {
                let msg = format!(
                    "the cell is already coloured by {}",
                    self.out.tags[first].source
                );
                self.tag_error(pl.tag, msg, "keep one {{shade}} tag in each cell");
                continue;
            }
            self.cell_shades.insert(cell, pl.tag);
            self.shade_tags.insert(pl.tag);
        }
        if !self.shade_tags.is_empty() {
            let moved = &self.shade_tags;
            for segs in self.text_segments.values_mut() {
                segs.retain(|s| !matches!(s, Segment::Tag(t) if moved.contains(t)));
            }
        }
    }

    /// Writes a shaded cell's properties (`tc_pr`, or none when the cell has none) with its
    /// `{{shade}}` where the schema puts `w:shd`, in place of any fixed shading.
    pub(super) fn emit_cell_properties(
        &self,
        tc_pr: Option<NodeId>,
        tag: usize,
        sink: &mut Sink,
        depth: &mut i32,
    ) {
        let tree = self.tree;
        let Some(pr) = tc_pr else {
            sink.raw("<w:tcPr>");
            self.emit_tag(tag, sink, depth);
            sink.raw("</w:tcPr>");
            return;
        };
        let raw = match &tree.nodes[pr].kind {
            crate::docx::xml::NodeKind::Element { raw, .. } => raw.clone(),
            _ => "w:tcPr".into(),
        };
        sink.raw("<");
        sink.raw(&raw);
        sink.raw(">");
        let mut placed = false;
        for &c in &tree.nodes[pr].children {
            if tree.is(c, "w:shd") {
                continue;
            }
            if !placed && AFTER_SHD.iter().any(|n| tree.is(c, n)) {
                self.emit_tag(tag, sink, depth);
                placed = true;
            }
            self.emit_node(c, sink, depth);
        }
        if !placed {
            self.emit_tag(tag, sink, depth);
        }
        sink.raw("</w:tcPr>");
    }
}

#[cfg(test)]
mod tests {
    use super::shade_argument;

    #[test]
    fn only_the_shade_helper_is_a_shade_tag() {
        assert_eq!(shade_argument("shade rag_colour"), Some("rag_colour"));
        assert_eq!(shade_argument("shade (lookup a b)"), Some("(lookup a b)"));
        assert_eq!(shade_argument("shaded"), None);
        assert_eq!(shade_argument("shade_of x"), None);
        assert_eq!(shade_argument("default shade x"), None);
    }
}
