//! A small XML tree that keeps every byte it does not need to change.
//!
//! quick-xml streams the part; the tree keeps each start tag's raw text (attributes, namespace
//! declarations and all) and each text's raw, escaped form, so writing an unchanged node gives back
//! exactly what was read. Word parts are small next to the documents rendered from them, so a
//! tree built once per template is cheap; rendering never re-parses.

use quick_xml::events::{BytesStart, Event};

/// Index of a node in a [`Tree`].
pub type NodeId = usize;

/// What a node is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// The virtual root that holds the declaration and the document element.
    Root,
    /// An element: its qualified name, the raw inside of its start tag, and whether it was
    /// written as an empty element (`<w:br/>`).
    Element {
        /// Qualified name, e.g. `w:p`.
        name: String,
        /// Everything between `<` and `>` (or `/>`): the name and the attributes, verbatim.
        raw: String,
        /// Written as `<x/>`.
        empty: bool,
    },
    /// Character data, in its raw escaped form.
    Text(String),
    /// Anything else kept verbatim: declaration, comment, processing instruction, CDATA.
    Raw(String),
}

/// One node and its place in the tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// What it is.
    pub kind: NodeKind,
    /// Its parent (the root is its own parent).
    pub parent: NodeId,
    /// Its children in order.
    pub children: Vec<NodeId>,
}

/// A parsed XML part.
#[derive(Debug, Clone)]
pub struct Tree {
    /// All nodes; node 0 is the root.
    pub nodes: Vec<Node>,
}

/// Why a part could not be parsed, with the line and column (1-based) where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// What went wrong.
    pub message: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    (line, col)
}

/// The deepest nesting of elements a part may have. Word's own documents stay below 100;
/// walking a deeper tree would risk the stack of every reader that recurses through it.
pub const MAX_XML_DEPTH: usize = 1000;

impl Tree {
    /// Parses a part. Fails with the place of the first error when the part is not well formed.
    pub fn parse(text: &str) -> Result<Tree, XmlError> {
        let mut reader = quick_xml::Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut tree = Tree {
            nodes: vec![Node {
                kind: NodeKind::Root,
                parent: 0,
                children: Vec::new(),
            }],
        };
        let mut cur: NodeId = 0;
        let mut depth = 0usize;
        let err = |reader: &quick_xml::Reader<&[u8]>, msg: String| {
            let (line, column) = line_col(text, reader.error_position() as usize);
            XmlError {
                message: msg,
                line,
                column,
            }
        };
        loop {
            let ev = match reader.read_event() {
                Ok(ev) => ev,
                Err(e) => return Err(err(&reader, e.to_string())),
            };
            match ev {
                Event::Start(e) => {
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        let (line, column) = line_col(text, reader.buffer_position() as usize);
                        return Err(XmlError {
                            message: format!(
                                "elements are nested more than {MAX_XML_DEPTH} deep; no document needs so many"
                            ),
                            line,
                            column,
                        });
                    }
                    let id = tree.push(cur, element(&e, false));
                    cur = id;
                }
                Event::Empty(e) => {
                    tree.push(cur, element(&e, true));
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    cur = tree.nodes[cur].parent;
                }
                Event::Text(t) => {
                    let raw = t.to_string();
                    tree.push_text(cur, &raw);
                }
                Event::GeneralRef(r) => {
                    let raw = format!("&{};", &*r);
                    tree.push_text(cur, &raw);
                }
                Event::CData(c) => {
                    // Kept as text: CDATA content is literal, so escape it for the raw form.
                    let s = c.to_string();
                    tree.push_text(cur, &quick_xml::escape::escape(s.as_str()));
                }
                Event::Comment(c) => {
                    let raw = format!("<!--{}-->", &*c);
                    tree.push(cur, NodeKind::Raw(raw));
                }
                Event::Decl(d) => {
                    let raw = format!("<?{}?>", &*d);
                    tree.push(cur, NodeKind::Raw(raw));
                }
                Event::PI(p) => {
                    let raw = format!("<?{}?>", &*p);
                    tree.push(cur, NodeKind::Raw(raw));
                }
                Event::DocType(d) => {
                    let raw = format!("<!DOCTYPE {}>", &*d);
                    tree.push(cur, NodeKind::Raw(raw));
                }
                Event::Eof => break,
            }
        }
        if cur != 0 {
            let (line, column) = line_col(text, text.len());
            return Err(XmlError {
                message: "the part ends before all its elements are closed".into(),
                line,
                column,
            });
        }
        Ok(tree)
    }

    fn push(&mut self, parent: NodeId, kind: NodeKind) -> NodeId {
        let id = self.nodes.len();
        self.nodes.push(Node {
            kind,
            parent,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
        id
    }

    fn push_text(&mut self, parent: NodeId, raw: &str) {
        if let Some(&last) = self.nodes[parent].children.last()
            && let NodeKind::Text(t) = &mut self.nodes[last].kind
        {
            t.push_str(raw);
            return;
        }
        self.push(parent, NodeKind::Text(raw.to_string()));
    }

    /// The qualified name of an element node, or "" for other nodes.
    pub fn name(&self, id: NodeId) -> &str {
        match &self.nodes[id].kind {
            NodeKind::Element { name, .. } => name,
            _ => "",
        }
    }

    /// True when `id` is an element named `name`.
    pub fn is(&self, id: NodeId, name: &str) -> bool {
        self.name(id) == name
    }

    /// The unescaped value of an attribute of an element node.
    pub fn attr(&self, id: NodeId, key: &str) -> Option<String> {
        let NodeKind::Element { name, raw, .. } = &self.nodes[id].kind else {
            return None;
        };
        let start = BytesStart::from_content(raw.as_str(), name.len());
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

    /// The first child element named `name`.
    pub fn child(&self, id: NodeId, name: &str) -> Option<NodeId> {
        self.nodes[id]
            .children
            .iter()
            .copied()
            .find(|&c| self.is(c, name))
    }

    /// The nearest ancestor (not `id` itself) named `name`.
    pub fn ancestor(&self, id: NodeId, name: &str) -> Option<NodeId> {
        let mut cur = id;
        while cur != 0 {
            cur = self.nodes[cur].parent;
            if self.is(cur, name) {
                return Some(cur);
            }
        }
        None
    }

    /// All nodes below `id` in document order (not `id` itself).
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.nodes[id].children.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev().copied());
        }
        out
    }

    /// The unescaped text of a text node, or "" for other nodes.
    pub fn text(&self, id: NodeId) -> String {
        match &self.nodes[id].kind {
            NodeKind::Text(raw) => unescape(raw),
            _ => String::new(),
        }
    }

    /// The text content of an element (all text nodes below it, unescaped).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut s = String::new();
        for n in self.descendants(id) {
            if let NodeKind::Text(raw) = &self.nodes[n].kind {
                s.push_str(&unescape(raw));
            }
        }
        s
    }

    /// Replaces the content of an element with one text node holding `text` (escaped here).
    /// Used to rewrite a `w:t` in place, so the run around it keeps its formatting.
    pub fn set_text(&mut self, id: NodeId, text: &str) {
        let mut raw = String::with_capacity(text.len());
        escape_text(text, &mut raw);
        for c in std::mem::take(&mut self.nodes[id].children) {
            self.nodes[c].parent = 0;
        }
        if !raw.is_empty() {
            self.push(id, NodeKind::Text(raw));
        }
    }

    /// Replaces the raw text of a text node with `text` (escaped here).
    pub fn set_text_node(&mut self, id: NodeId, text: &str) {
        if let NodeKind::Text(raw) = &mut self.nodes[id].kind {
            raw.clear();
            escape_text(text, raw);
        }
    }

    /// Sets (or adds) an attribute of an element, keeping every other byte of its start tag.
    pub fn set_attr(&mut self, id: NodeId, key: &str, value: &str) {
        let NodeKind::Element { name, raw, .. } = &self.nodes[id].kind else {
            return;
        };
        let start = BytesStart::from_content(raw.as_str(), name.len());
        let mut attrs = start.attributes();
        attrs.with_checks(false);
        let mut escaped = String::new();
        escape_text(value, &mut escaped);
        let mut new_raw = String::new();
        let mut found = false;
        // Rebuild only when the attribute exists; otherwise append, leaving the rest verbatim.
        let mut pieces: Vec<(String, String)> = Vec::new();
        for a in attrs.flatten() {
            let k = a.key.as_ref().to_string();
            let v = a.value.to_string();
            if k == key {
                found = true;
                pieces.push((k, escaped.clone()));
            } else {
                pieces.push((k, v));
            }
        }
        let name = name.clone();
        if found {
            new_raw.push_str(&name);
            for (k, v) in pieces {
                new_raw.push_str(&format!(" {k}=\"{}\"", v.replace('"', "&quot;")));
            }
        } else {
            new_raw.push_str(raw.trim_end());
            new_raw.push_str(&format!(" {key}=\"{escaped}\""));
        }
        if let NodeKind::Element { raw, .. } = &mut self.nodes[id].kind {
            *raw = new_raw;
        }
    }

    /// Takes a node out of the tree (it stays in the arena, unreachable).
    pub fn detach(&mut self, id: NodeId) {
        if id == 0 {
            return;
        }
        let parent = self.nodes[id].parent;
        self.nodes[parent].children.retain(|&c| c != id);
        // Detached nodes point at the root, which does not list them: walks up still end.
        self.nodes[id].parent = 0;
    }

    /// Replaces an element by its children, in place (accepting a tracked insertion).
    pub fn unwrap(&mut self, id: NodeId) {
        if id == 0 {
            return;
        }
        let parent = self.nodes[id].parent;
        let children = std::mem::take(&mut self.nodes[id].children);
        for &c in &children {
            self.nodes[c].parent = parent;
        }
        if let Some(i) = self.nodes[parent].children.iter().position(|&c| c == id) {
            self.nodes[parent].children.splice(i..=i, children);
        }
        // Detached nodes point at the root, which does not list them: walks up still end.
        self.nodes[id].parent = 0;
    }

    /// Moves `nodes` (in order) to become children of `parent`, starting at index `at`.
    pub fn insert_children(&mut self, parent: NodeId, at: usize, nodes: &[NodeId]) {
        for &n in nodes {
            self.detach(n);
        }
        let at = at.min(self.nodes[parent].children.len());
        for (i, &n) in nodes.iter().enumerate() {
            self.nodes[n].parent = parent;
            self.nodes[parent].children.insert(at + i, n);
        }
    }

    /// Writes a node and everything below it back as XML.
    pub fn write(&self, id: NodeId, out: &mut String) {
        match &self.nodes[id].kind {
            NodeKind::Root => {
                for &c in &self.nodes[id].children {
                    self.write(c, out);
                }
            }
            NodeKind::Element { name, raw, empty } => {
                if *empty && self.nodes[id].children.is_empty() {
                    out.push('<');
                    out.push_str(raw);
                    out.push_str("/>");
                } else {
                    out.push('<');
                    out.push_str(raw);
                    out.push('>');
                    for &c in &self.nodes[id].children {
                        self.write(c, out);
                    }
                    out.push_str("</");
                    out.push_str(name);
                    out.push('>');
                }
            }
            NodeKind::Text(raw) | NodeKind::Raw(raw) => out.push_str(raw),
        }
    }

    /// The whole tree as XML.
    pub fn to_xml(&self) -> String {
        let mut s = String::new();
        self.write(0, &mut s);
        s
    }
}

fn element(e: &BytesStart<'_>, empty: bool) -> NodeKind {
    NodeKind::Element {
        name: e.name().as_ref().to_string(),
        raw: e.to_string(),
        empty,
    }
}

/// Unescapes XML character data; malformed references are kept as written.
pub fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    quick_xml::escape::unescape(raw)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| raw.to_string())
}

/// Escapes text for XML character data and attribute values, and drops the characters that
/// XML 1.0 does not allow at all (control characters, unpaired surrogates cannot occur in Rust
/// strings, U+FFFE and U+FFFF).
pub fn escape_text(s: &str, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// True for characters XML 1.0 allows in a document.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unchanged_tree_writes_back_byte_for_byte() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document xmlns:w=\"urn:w\" a='1'><w:body><w:p w:rsidR=\"00AB\"><w:r><w:t xml:space=\"preserve\">A &amp; B &lt;c&gt; &#x2019;</w:t></w:r><w:r><w:br/></w:r></w:p><!-- note --></w:body></w:document>";
        let tree = Tree::parse(xml).unwrap();
        assert_eq!(tree.to_xml(), xml);
    }

    #[test]
    fn text_is_unescaped_for_reading() {
        let tree = Tree::parse("<a><b>x &amp; y&#x2019;s</b></a>").unwrap();
        assert_eq!(tree.text_content(0), "x & y\u{2019}s");
    }

    #[test]
    fn malformed_xml_is_located() {
        let e = Tree::parse("<a>\n<b></c>\n</a>").unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = Tree::parse("<a><b>").unwrap_err();
        assert!(e.message.contains("closed") || !e.message.is_empty());
    }

    #[test]
    fn attributes_are_read_unescaped() {
        let tree =
            Tree::parse("<w:p xmlns:w=\"u\"><w:pStyle w:val=\"Heading&amp;1\"/></w:p>").unwrap();
        let p = tree.nodes[0].children[0];
        let s = tree.child(p, "w:pStyle").unwrap();
        assert_eq!(tree.attr(s, "w:val").as_deref(), Some("Heading&1"));
    }

    #[test]
    fn edits_keep_every_other_byte() {
        let mut t = Tree::parse(
            "<w:p xmlns:w=\"u\"><w:ins w:author='A'><w:r><w:t>x</w:t></w:r></w:ins><w:r><w:t>y</w:t><w:tab/></w:r></w:p>",
        )
        .unwrap();
        let ts: Vec<NodeId> = t
            .descendants(0)
            .into_iter()
            .filter(|&n| t.is(n, "w:t"))
            .collect();
        t.set_text(ts[0], "Child A & co");
        t.set_attr(ts[0], "xml:space", "preserve");
        let ins = t
            .descendants(0)
            .into_iter()
            .find(|&n| t.is(n, "w:ins"))
            .unwrap();
        t.set_attr(ins, "w:author", "B\"");
        t.unwrap(ins);
        let tab = t
            .descendants(0)
            .into_iter()
            .find(|&n| t.is(n, "w:tab"))
            .unwrap();
        t.detach(tab);
        assert_eq!(
            t.to_xml(),
            "<w:p xmlns:w=\"u\"><w:r><w:t xml:space=\"preserve\">Child A &amp; co</w:t></w:r><w:r><w:t>y</w:t></w:r></w:p>"
        );
        assert_eq!(t.ancestor(tab, "w:p"), None);
    }

    #[test]
    fn escaping_drops_characters_xml_forbids() {
        let mut s = String::new();
        escape_text("a\u{1}b\u{FFFF}<&>\"'\u{1F600}", &mut s);
        assert_eq!(s, "ab&lt;&amp;&gt;&quot;&apos;\u{1F600}");
    }
}
