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

/// What one paragraph style says of itself: its outline level, the level its name implies
/// ("heading 2", "Title"), and the style it is based on.
#[derive(Debug, Default)]
struct RawStyle {
    outline: Option<u8>,
    by_name: Option<u8>,
    based_on: Option<String>,
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
        match pkg.read_text(&name) {
            Ok(text) => Styles::from_xml(&text),
            Err(_) => Styles::from_raw(HashMap::new()),
        }
    }

    /// Reads heading levels from the text of a styles part without building a tree or reading
    /// every element: a styles part runs to hundreds of KB (latent styles, character and table
    /// styles, formatting) of which only each paragraph style's name, outline level and parent
    /// matter. The `<w:style` elements are found by a byte search and only their own tags are
    /// read. A part that is cut short gives the levels read before the cut (and Word's
    /// built-in ids).
    pub fn from_xml(text: &str) -> Styles {
        use quick_xml::events::BytesStart;
        /// The value of `key` in the element whose tag starts at `at` (just past `<`).
        fn attr_of(tag: &str, name_len: usize, key: &str) -> Option<String> {
            let start = BytesStart::from_content(tag, name_len);
            let mut attrs = start.attributes();
            attrs.with_checks(false);
            attrs
                .flatten()
                .find(|a| a.key.as_ref() == key)
                .and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.into_owned())
                })
        }
        /// The first element named `name` in `body`, as its tag's content (name and attributes).
        fn element<'a>(body: &'a str, name: &str) -> Option<&'a str> {
            let mut from = 0;
            while let Some(rel) = body[from..].find(name) {
                let at = from + rel;
                let after = body.as_bytes().get(at + name.len()).copied();
                if at > 0
                    && body.as_bytes()[at - 1] == b'<'
                    && matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'))
                {
                    let end = body[at..].find('>')? + at;
                    return Some(body[at..end].trim_end_matches('/'));
                }
                from = at + name.len();
            }
            None
        }
        let mut raw: HashMap<String, RawStyle> = HashMap::new();
        let mut from = 0;
        while let Some(rel) = text[from..].find("<w:style") {
            let at = from + rel + 1;
            let Some(tag_end) = text[at..].find('>').map(|e| e + at) else {
                break;
            };
            from = tag_end;
            if !matches!(
                text.as_bytes().get(at + "w:style".len()),
                Some(b' ' | b'\t' | b'\n' | b'\r')
            ) {
                continue; // <w:styles>, <w:styleLink ...>
            }
            let empty = text[..tag_end].ends_with('/');
            let tag = text[at..tag_end].trim_end_matches('/');
            let body = if empty {
                ""
            } else {
                let end = text[tag_end..]
                    .find("</w:style>")
                    .map_or(text.len(), |e| e + tag_end);
                from = end;
                &text[tag_end + 1..end]
            };
            let name_len = "w:style".len();
            if attr_of(tag, name_len, "w:type").as_deref() != Some("paragraph") {
                continue;
            }
            let Some(id) = attr_of(tag, name_len, "w:styleId") else {
                continue;
            };
            let val =
                |name: &str| element(body, name).and_then(|t| attr_of(t, name.len(), "w:val"));
            let name = val("w:name").unwrap_or_default().to_lowercase();
            let by_name = if name == "title" {
                Some(TITLE_LEVEL)
            } else {
                name.strip_prefix("heading ")
                    .and_then(|d| d.trim().parse::<u8>().ok())
            };
            // The outline level of the style's own paragraph properties.
            let ppr = element(body, "w:pPr").and_then(|t| {
                let open = body.find(t)? + t.len();
                let close = body[open..].find("</w:pPr>").map_or(open, |e| e + open);
                Some(&body[open..close])
            });
            let outline = ppr
                .and_then(|p| element(p, "w:outlineLvl"))
                .and_then(|t| attr_of(t, "w:outlineLvl".len(), "w:val"))
                .and_then(|v| v.parse::<u8>().ok())
                .filter(|l| *l < 9)
                .map(|l| l + 1);
            raw.insert(
                id,
                RawStyle {
                    outline,
                    by_name,
                    based_on: val("w:basedOn"),
                },
            );
        }
        Styles::from_raw(raw)
    }

    /// Reads heading levels from a parsed styles part.
    pub fn from_tree(tree: &Tree) -> Styles {
        let mut raw: HashMap<String, RawStyle> = HashMap::new();
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
                RawStyle {
                    outline,
                    by_name,
                    based_on,
                },
            );
        }
        Styles::from_raw(raw)
    }

    /// Levels from each style's own facts, following `basedOn` (at most 20 steps).
    fn from_raw(raw: HashMap<String, RawStyle>) -> Styles {
        let mut levels = HashMap::new();
        for id in raw.keys() {
            let mut cur = Some(id.clone());
            let mut hops = 0;
            while let Some(c) = cur {
                let Some(r) = raw.get(&c) else { break };
                if let Some(l) = r.outline.or(r.by_name) {
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
        // The streaming reader finds the same levels as the tree.
        let streamed = Styles::from_xml(xml);
        let mut a: Vec<_> = s.levels.iter().collect();
        let mut b: Vec<_> = streamed.levels.iter().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn the_fast_reader_agrees_with_the_tree_on_every_built_in_template() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut seen = 0;
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().extension().is_none_or(|x| x != "docx") {
                continue;
            }
            let pkg = Package::from_bytes(std::fs::read(e.path()).unwrap()).unwrap();
            let text = pkg.read_text("word/styles.xml").unwrap();
            let a = Styles::from_tree(&Tree::parse(&text).unwrap());
            let b = Styles::from_xml(&text);
            assert_eq!(a.levels, b.levels, "{}", e.path().display());
            seen += 1;
        }
        assert!(seen > 5);
    }

    #[test]
    fn the_streaming_reader_keeps_to_paragraph_styles_and_their_own_outline_level() {
        let xml = r#"<?xml version="1.0"?><w:styles xmlns:w="u">
          <w:docDefaults><w:pPrDefault><w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:pPrDefault></w:docDefaults>
          <w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1 char"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:pPr><w:ind w:left="720"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
          <w:style w:type="table" w:styleId="Grid"><w:name w:val="heading 3"/><w:tblStylePr w:type="firstRow"><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:tblStylePr></w:style>
          <w:style
            w:type="paragraph" w:styleId="Spread" ><w:name w:val="heading 5" /><w:pPr/></w:style>
          <w:style w:type="paragraph" w:styleId="T"><w:name w:val="Title"/></w:style>
          <w:style w:type="paragraph" w:styleId="Deep"><w:basedOn w:val="Lvl4"/></w:style>
          <w:style w:type="paragraph" w:styleId="Lvl4"><w:pPr><w:keepNext/><w:outlineLvl w:val="3"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Empty"/>
        </w:styles>"#;
        let s = Styles::from_xml(xml);
        assert_eq!(s.level("Heading1Char"), None);
        assert_eq!(s.level("Quote"), None);
        assert_eq!(s.level("Grid"), None);
        assert_eq!(s.level("Spread"), Some(5));
        assert_eq!(s.level("T"), Some(TITLE_LEVEL));
        assert_eq!(s.level("Deep"), Some(4));
        assert_eq!(s.level("Empty"), None);
        assert_eq!(s.level("Heading2"), Some(2));
    }
}
