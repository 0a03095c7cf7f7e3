//! Anonymising the parts of a package outside its story: every part the publication check
//! searches ([`crate::check::walk_parts`], the one walk both share) is rewritten here when its
//! form allows: other XML parts (custom XML, charts, settings, a workbook's strings), web pages,
//! plain text, RTF and web archives that Word merges in on opening (altChunk), documents and
//! workbooks embedded in the package (opened and anonymised in turn, up to
//! [`MAX_EMBEDDED_DEPTH`] deep), and the text chunks and metadata of images (dropped, which
//! leaves the picture as it shows). What cannot be rewritten (an identifier split by RTF
//! escapes, a binary OLE object, a part's own name) stays, and the check of the result reports
//! it with what to do: the output is never called clean while it carries one.

use super::{Options, Tally, attributes, loose_text, replace_in, rewrite_document};
use crate::check::local;
use crate::check::{
    MAX_EMBEDDED_DEPTH, PartKind, PartSeen, decode_part, decode_references, image_text,
    is_inline_tag, walk_parts,
};
use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{NodeId, NodeKind, Package, Tree};
use crate::identify::{Identifiers, MatchOf};
use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

/// Rewrites every part of `package` not in `known`; the new bytes of each part changed, or
/// every problem (an embedded document that cannot be anonymised), each at its part.
pub(super) fn rewrite_parts(
    package: &Package,
    known: &HashSet<&str>,
    ids: &Identifiers,
    options: Options,
    depth: usize,
    tally: &mut Tally,
) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
    let mut replaced = BTreeMap::new();
    let mut problems = Vec::new();
    walk_parts(package, known, |name, seen| {
        let PartSeen::Content { bytes, kind, .. } = seen else {
            return;
        };
        match rewrite_part(name, &bytes, kind, ids, options, depth, tally) {
            Ok(Some(new)) => {
                replaced.insert(name.to_string(), new);
            }
            Ok(None) => {}
            Err(mut ds) => {
                for d in &mut ds {
                    nest(&mut d.location, name);
                }
                problems.extend(ds);
            }
        }
    });
    if problems.is_empty() {
        Ok(replaced)
    } else {
        Err(problems)
    }
}

/// One part by what it is; `None` when nothing in it changed (or it cannot be rewritten).
fn rewrite_part(
    name: &str,
    bytes: &[u8],
    kind: PartKind,
    ids: &Identifiers,
    options: Options,
    depth: usize,
    tally: &mut Tally,
) -> Result<Option<Vec<u8>>, Vec<Diagnostic>> {
    let counts = &mut tally.counts;
    Ok(match kind {
        PartKind::Xml => {
            let (text, _) = decode_part(bytes);
            match Tree::parse(&text) {
                Ok(mut tree) => {
                    let mut changed = rewrite_joined(&mut tree, ids, counts);
                    changed |= loose_text(&mut tree, ids, counts, |_, _| true);
                    changed |= attributes(&mut tree, ids, counts);
                    changed.then(|| tree.to_xml().into_bytes())
                }
                Err(_) if name.to_ascii_lowercase().ends_with(".xml") => None,
                Err(_) => rewrite_markup(&text, ids, counts).map(|t| encode_like(bytes, &t)),
            }
        }
        PartKind::Markup => {
            let (text, _) = decode_part(bytes);
            rewrite_markup(&text, ids, counts).map(|t| encode_like(bytes, &t))
        }
        // Identifiers written out whole; one split by an escape or a soft line break stays,
        // and the check of the result reports it.
        PartKind::Text | PartKind::Rtf | PartKind::Mime => {
            let (text, _) = decode_part(bytes);
            replace_in(&text, ids, counts).map(|t| encode_like(bytes, &t))
        }
        PartKind::Image => strip_image_text(bytes, ids),
        PartKind::Zip if depth < MAX_EMBEDDED_DEPTH => {
            let Ok(package) = Package::from_bytes(bytes.to_vec()) else {
                return Ok(None); // the check of the result refuses it, with its place
            };
            if package.main_document().is_some() {
                Some(rewrite_document(
                    bytes.to_vec(),
                    ids,
                    options,
                    depth + 1,
                    tally,
                )?)
            } else {
                let parts =
                    rewrite_parts(&package, &HashSet::new(), ids, options, depth + 1, tally)?;
                if parts.is_empty() {
                    None
                } else {
                    Some(assemble(&package, &parts)?)
                }
            }
        }
        PartKind::Zip | PartKind::Ole | PartKind::Binary => None,
    })
}

/// Rewrites identifiers split across the text nodes of one paragraph-like element (`a:p` in
/// charts and shapes, `si` and `is` in a workbook's strings), as the publication check joins
/// them: the replacement goes into the node where the identifier starts, the rest of it
/// leaves the others.
fn rewrite_joined(
    tree: &mut Tree,
    ids: &Identifiers,
    counts: &mut std::collections::HashMap<usize, usize>,
) -> bool {
    let mut changed = false;
    for n in tree.descendants(0) {
        let NodeKind::Element { .. } = tree.nodes[n].kind else {
            continue;
        };
        if !matches!(local(tree.name(n)), "p" | "si" | "is") {
            continue;
        }
        let nodes: Vec<NodeId> = tree
            .descendants(n)
            .into_iter()
            .filter(|&c| matches!(tree.nodes[c].kind, NodeKind::Text(_)))
            .collect();
        if nodes.len() < 2 {
            continue; // one node is rewritten whole by `loose_text`
        }
        let mut texts: Vec<String> = nodes.iter().map(|&c| tree.text(c)).collect();
        let mut starts = Vec::with_capacity(texts.len());
        let mut joined = String::new();
        for t in &texts {
            starts.push(joined.len());
            joined.push_str(t);
        }
        let mut edited = vec![false; texts.len()];
        for m in ids.find_with(&joined, false).iter().rev() {
            let MatchOf::Identifier(i) = m.of else {
                continue;
            };
            let mut first = true;
            for k in 0..texts.len() {
                let (from, to) = (starts[k], starts[k] + texts[k].len());
                if to <= m.start || from >= m.end {
                    continue;
                }
                let (a, b) = (m.start.max(from) - from, m.end.min(to) - from);
                let with = if first {
                    ids.replacement_at(&ids.list[i].replacement, &joined, m.start, m.end)
                } else {
                    String::new()
                };
                first = false;
                texts[k].replace_range(a..b, &with);
                edited[k] = true;
            }
            *counts.entry(i).or_insert(0) += 1;
        }
        for (k, &c) in nodes.iter().enumerate() {
            if edited[k] {
                tree.set_text_node(c, &texts[k]);
                changed = true;
            }
        }
    }
    changed
}

/// Writes a package with some parts replaced.
pub(super) fn assemble(
    package: &Package,
    parts: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    package
        .write_to(Cursor::new(Vec::new()), parts)
        .map(Cursor::into_inner)
        .map_err(|e| {
            vec![
                Diagnostic::error(
                    Location::File,
                    format!("the anonymised document could not be assembled: {e}"),
                )
                .with_help("this is a bug in scrkit; please report it (without the document)"),
            ]
        })
}

/// Places a location inside the embedded file `outer`, as the publication check does.
fn nest(location: &mut Location, outer: &str) {
    match location {
        Location::Docx {
            part, part_label, ..
        } => {
            *part = format!("{outer}/{part}");
            *part_label = format!("{part_label}, in the embedded file {outer}");
        }
        other => {
            *other = Location::Docx {
                part: outer.to_string(),
                part_label: format!("the embedded file {outer}"),
                paragraph: None,
                table: None,
                heading: None,
            }
        }
    }
}

/// Text in the encoding of the bytes it came from: UTF-8 or UTF-16 as marked, else UTF-8 when
/// the original was, else Windows-1252.
fn encode_like(original: &[u8], text: &str) -> Vec<u8> {
    match encoding_rs::Encoding::for_bom(original) {
        Some((enc, _)) if enc == encoding_rs::UTF_16LE => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Some((enc, _)) if enc == encoding_rs::UTF_16BE => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Some(_) => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        None if std::str::from_utf8(original).is_ok() => text.as_bytes().to_vec(),
        None => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

/// One character of markup's text, and the bytes of the markup that write it (a character
/// reference is several).
struct Written {
    /// Where the character starts in the text read.
    at: usize,
    /// The markup's bytes.
    raw: std::ops::Range<usize>,
}

/// Rewrites the identifiers in a web page's text in place, where tags split them
/// ("Mai<b>sie</b>") and character references write them ("Thorn&#98;ury") included: the
/// replacement goes where the identifier starts, the rest of it leaves the markup; then those
/// in attributes and the title, written out whole.
fn rewrite_markup(
    raw: &str,
    ids: &Identifiers,
    counts: &mut std::collections::HashMap<usize, usize>,
) -> Option<String> {
    let (text, map) = markup_characters(raw);
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for m in ids.find_with(&text, false) {
        let MatchOf::Identifier(i) = m.of else {
            continue;
        };
        let first = map.partition_point(|w| w.at < m.start);
        let last = map.partition_point(|w| w.at < m.end);
        let mut spans: Vec<std::ops::Range<usize>> = Vec::new();
        for w in &map[first..last] {
            match spans.last_mut() {
                Some(s) if s.end == w.raw.start => s.end = w.raw.end,
                _ => spans.push(w.raw.clone()),
            }
        }
        let replacement = ids.replacement_at(&ids.list[i].replacement, &text, m.start, m.end);
        for (k, span) in spans.into_iter().enumerate() {
            let with = if k == 0 {
                escape_markup(&replacement)
            } else {
                String::new()
            };
            edits.push((span, with));
        }
        *counts.entry(i).or_insert(0) += 1;
    }
    let mut out = raw.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, with) in &edits {
        out.replace_range(range.clone(), with);
    }
    match replace_in(&out, ids, counts) {
        Some(again) => Some(again),
        None => (!edits.is_empty()).then_some(out),
    }
}

fn escape_markup(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Markup's text as a reader sees it (comments and CDATA included, as the publication check
/// reads them), with where each character is written; an inline tag joins the text around it,
/// any other separates it with a space (written nowhere).
fn markup_characters(raw: &str) -> (String, Vec<Written>) {
    let mut text = String::new();
    let mut map = Vec::new();
    let push_text = |from: usize, to: usize, text: &mut String, map: &mut Vec<Written>| {
        let s = &raw[from..to];
        let mut i = 0;
        while i < s.len() {
            let c_len = s[i..].chars().next().map_or(1, char::len_utf8);
            let mut end = i + c_len;
            let mut decoded = s[i..end].to_string();
            if s.as_bytes()[i] == b'&'
                && let Some(semi) = s[i + 1..].find(';').filter(|&e| e < 12)
            {
                let reference = &s[i..=i + 1 + semi];
                let d = decode_references(reference);
                if d != reference {
                    decoded = d;
                    end = i + 2 + semi;
                }
            }
            map.push(Written {
                at: text.len(),
                raw: from + i..from + end,
            });
            text.push_str(&decoded);
            i = end;
        }
    };
    let mut pos = 0;
    while let Some(lt) = raw[pos..].find('<').map(|i| pos + i) {
        push_text(pos, lt, &mut text, &mut map);
        let rest = &raw[lt..];
        for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>")] {
            if rest.starts_with(open) {
                let body = lt + open.len();
                let end = raw[body..].find(close).map_or(raw.len(), |e| body + e);
                text.push(' ');
                push_text(body, end, &mut text, &mut map);
                text.push(' ');
                pos = (end + close.len()).min(raw.len());
                break;
            }
        }
        if pos > lt {
            continue;
        }
        let end = rest.find('>').map_or(raw.len(), |e| lt + e + 1);
        let name: String = raw[lt + 1..end.saturating_sub(1).max(lt + 1)]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect::<String>()
            .to_ascii_lowercase();
        if !is_inline_tag(&name) {
            text.push(' ');
        }
        pos = end;
    }
    push_text(pos, raw.len(), &mut text, &mut map);
    (text, map)
}

/// An image's text chunks and metadata dropped (PNG `tEXt`, `zTXt`, `iTXt`, `eXIf`; JPEG
/// comments and APP1/APP13 segments: EXIF, XMP, IPTC) when they hold an identifier; the
/// picture itself is kept as it is.
fn strip_image_text(bytes: &[u8], ids: &Identifiers) -> Option<Vec<u8>> {
    let texts = image_text(bytes);
    if !texts
        .iter()
        .any(|t| !ids.find_with(&t.text, false).is_empty())
    {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        out.extend_from_slice(&bytes[..8]);
        let mut pos = 8;
        while pos + 12 <= bytes.len() {
            let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().ok()?) as usize;
            let end = (pos + 12).checked_add(len)?.min(bytes.len());
            if !matches!(
                &bytes[pos + 4..pos + 8],
                b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf"
            ) {
                out.extend_from_slice(&bytes[pos..end]);
            }
            pos = end;
        }
        out.extend_from_slice(&bytes[pos..]);
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        out.extend_from_slice(&bytes[..2]);
        let mut pos = 2;
        while pos + 4 <= bytes.len() && bytes[pos] == 0xFF {
            let marker = bytes[pos + 1];
            if marker == 0xDA || marker == 0xD9 {
                break; // the picture's data: kept as it is
            }
            let len = u16::from_be_bytes([bytes[pos + 2], bytes[pos + 3]]) as usize;
            let end = (pos + 2 + len).min(bytes.len());
            if !matches!(marker, 0xFE | 0xE1 | 0xED) {
                out.extend_from_slice(&bytes[pos..end]);
            }
            pos = end;
        }
        out.extend_from_slice(&bytes[pos..]);
    } else {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_map_back_to_the_markup() {
        let raw = "<p>Mai<b>sie</b> Thorn&#98;ury</p><!-- Kerry -->";
        let (text, map) = markup_characters(raw);
        assert_eq!(text.trim(), "Maisie Thornbury   Kerry");
        let b = map.iter().find(|w| &raw[w.raw.clone()] == "&#98;").unwrap();
        assert_eq!(&text[b.at..b.at + 1], "b");
    }

    #[test]
    fn encodings_are_kept() {
        assert_eq!(encode_like(b"plain", "Child A"), b"Child A");
        assert_eq!(encode_like(b"caf\xE9", "café"), b"caf\xE9");
        assert_eq!(
            encode_like(&[0xFF, 0xFE, b'a', 0], "b"),
            [0xFF, 0xFE, b'b', 0]
        );
    }
}
