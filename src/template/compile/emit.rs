//! Emission: the part's tree written out as handlebars source, values through the engine's
//! `__v` helper, every other byte the template's own, and where each tag landed recorded.

use super::cells::shade_argument;
use crate::template::picture::PICTURE;

/// The argument of a `{{picture …}}` value tag, when `expr` is one.
fn picture_argument(expr: &str) -> Option<&str> {
    let rest = expr.trim().strip_prefix(PICTURE)?;
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}
use super::ids::fresh_ids;
use super::{CompiledPart, PartCompiler, Segment};
use crate::docx::xml::{NodeId, NodeKind, escape_text};
use crate::template::tags::TagKind;

impl PartCompiler<'_> {
    pub(super) fn emit(&mut self) -> CompiledPart {
        let mut sink = Sink::default();
        let mut depth = 0i32;
        self.emit_node(0, &mut sink, &mut depth);
        CompiledPart {
            name: self.part.name.clone(),
            source: sink.out,
            positions: sink.positions,
        }
    }

    pub(super) fn emit_tag(&self, id: usize, sink: &mut Sink, depth: &mut i32) {
        let t = &self.out.tags[id];
        let src = match &t.kind {
            TagKind::Value { expr } if self.shade_tags.contains(&id) => {
                let arg = shade_argument(expr).unwrap_or("");
                let arg = if arg.starts_with('(') {
                    arg.to_string()
                } else {
                    as_param(arg, self.helpers)
                };
                format!("{{{{__shade {id} {arg}}}}}")
            }
            TagKind::Value { expr } if picture_argument(expr).is_some() => {
                let arg = picture_argument(expr).unwrap_or("");
                let arg = if arg.starts_with('(') {
                    arg.to_string()
                } else {
                    as_param(arg, self.helpers)
                };
                format!("{{{{__picture {id} {arg}}}}}")
            }
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

    pub(super) fn emit_node(&self, n: NodeId, sink: &mut Sink, depth: &mut i32) {
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
            NodeKind::Element { name, raw, .. }
                if name == "w:tc" && self.cell_shades.contains_key(&n) =>
            {
                // A cell shaded from data: its properties come first, with the shading.
                sink.raw("<");
                sink.raw(raw);
                sink.raw(">");
                let kids = &tree.nodes[n].children;
                let pr = kids.first().copied().filter(|&k| tree.is(k, "w:tcPr"));
                self.emit_cell_properties(pr, self.cell_shades[&n], sink, depth);
                for &c in kids.iter().filter(|&&c| Some(c) != pr) {
                    self.emit_node(c, sink, depth);
                }
                sink.raw("</w:tc>");
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
}

/// Where an emitted tag is in the generated source, for mapping handlebars errors back.
#[derive(Default)]
pub(super) struct Sink {
    out: String,
    line: usize,
    col: usize,
    positions: Vec<(usize, usize, usize)>,
}

impl Sink {
    pub(super) fn raw(&mut self, s: &str) {
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
