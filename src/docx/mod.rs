//! Reading Word packages: the zip with limits ([`package`]), an XML tree that writes back what
//! it read ([`xml`]), and which paragraphs are headings ([`Styles`]).
//!
//! Documents are never round-tripped through a typed model (docx-rs drops content on reading):
//! what scrkit changes it edits in place, and everything else it copies.

pub mod package;
pub mod text;
pub mod write;
pub mod xml;

pub use package::{Package, StoryKind, StoryPart, story_parts};
pub use text::{ParagraphText, Piece, PieceSpan, Revision, TextView, paragraphs};
pub use xml::{NodeId, NodeKind, Tree};

use std::collections::HashMap;

/// Heading levels of a document's paragraph styles, from `word/styles.xml`.
///
/// A style is a heading when it has an outline level (Word's own headings, and custom or
/// localised ones such as "Überschrift 1" or "Titre 1"), or its name is "heading N" or "Title",
/// directly or through the style it is based on.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    levels: HashMap<String, u8>,
}

/// Level given to the Title style: above Heading 1.
pub const TITLE_LEVEL: u8 = 0;

impl Styles {
    /// Reads the styles of a package (empty when it has none).
    pub fn from_package(pkg: &Package) -> Styles {
        let main = pkg
            .main_document()
            .unwrap_or_else(|| "word/document.xml".into());
        let rels = pkg.relationships(&main);
        let name = rels
            .values()
            .find(|r| r.kind.ends_with("/styles"))
            .map(|r| r.target.clone())
            .unwrap_or_else(|| "word/styles.xml".into());
        match pkg.read_text(&name).ok().and_then(|t| Tree::parse(&t).ok()) {
            Some(tree) => Styles::from_tree(&tree),
            None => Styles::default(),
        }
    }

    /// Reads heading levels from a parsed styles part.
    pub fn from_tree(tree: &Tree) -> Styles {
        struct Raw {
            level: Option<u8>,
            based_on: Option<String>,
        }
        let mut raw: HashMap<String, Raw> = HashMap::new();
        for n in tree.descendants(0) {
            if !tree.is(n, "w:style") || tree.attr(n, "w:type").as_deref() != Some("paragraph") {
                continue;
            }
            let Some(id) = tree.attr(n, "w:styleId") else {
                continue;
            };
            let name = tree
                .child(n, "w:name")
                .and_then(|x| tree.attr(x, "w:val"))
                .unwrap_or_default()
                .to_lowercase();
            let outline = tree
                .child(n, "w:pPr")
                .and_then(|p| tree.child(p, "w:outlineLvl"))
                .and_then(|o| tree.attr(o, "w:val"))
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|l| *l < 9)
                .map(|l| l + 1);
            let by_name = if name == "title" {
                Some(TITLE_LEVEL)
            } else {
                name.strip_prefix("heading ")
                    .and_then(|d| d.trim().parse::<u8>().ok())
            };
            let based_on = tree
                .child(n, "w:basedOn")
                .and_then(|b| tree.attr(b, "w:val"));
            raw.insert(
                id,
                Raw {
                    level: outline.or(by_name),
                    based_on,
                },
            );
        }
        let mut levels = HashMap::new();
        for id in raw.keys() {
            let mut cur = Some(id.clone());
            let mut hops = 0;
            while let Some(c) = cur {
                let Some(r) = raw.get(&c) else { break };
                if let Some(l) = r.level {
                    levels.insert(id.clone(), l);
                    break;
                }
                cur = r.based_on.clone();
                hops += 1;
                if hops > 20 {
                    break;
                }
            }
        }
        // Word's built-in ids work even when styles.xml is missing or minimal.
        for l in 1..=9u8 {
            levels.entry(format!("Heading{l}")).or_insert(l);
        }
        levels.entry("Title".into()).or_insert(TITLE_LEVEL);
        Styles { levels }
    }

    /// The heading level of a style id, if it is a heading style.
    pub fn level(&self, style_id: &str) -> Option<u8> {
        self.levels.get(style_id).copied()
    }

    /// The heading level of a paragraph: its own outline level, else its style's.
    pub fn paragraph_level(&self, tree: &Tree, p: NodeId) -> Option<u8> {
        let ppr = tree.child(p, "w:pPr")?;
        if let Some(l) = tree
            .child(ppr, "w:outlineLvl")
            .and_then(|o| tree.attr(o, "w:val"))
            .and_then(|v| v.parse::<u8>().ok())
            .filter(|l| *l < 9)
        {
            return Some(l + 1);
        }
        let style = tree
            .child(ppr, "w:pStyle")
            .and_then(|s| tree.attr(s, "w:val"))?;
        self.level(&style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_found_by_outline_level_name_and_inheritance() {
        let xml = r#"<w:styles xmlns:w="u">
          <w:style w:type="paragraph" w:styleId="Berschrift1"><w:name w:val="Überschrift 1"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="Board heading"/><w:basedOn w:val="Berschrift1"/></w:style>
          <w:style w:type="paragraph" w:styleId="h2"><w:name w:val="heading 2"/></w:style>
          <w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        </w:styles>"#;
        let s = Styles::from_tree(&Tree::parse(xml).unwrap());
        assert_eq!(s.level("Berschrift1"), Some(1));
        assert_eq!(s.level("MyHead"), Some(1));
        assert_eq!(s.level("h2"), Some(2));
        assert_eq!(s.level("Normal"), None);
        assert_eq!(s.level("Heading3"), Some(3));
    }
}
