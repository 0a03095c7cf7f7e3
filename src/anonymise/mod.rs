//! Anonymising a Word document: every identifier of the child and family replaced by the case's
//! pseudonyms ("Child A", "Mother", "Sibling 1") or a bracketed description ("[date of birth]",
//! "[address]"), in every part, keeping the formatting.
//!
//! The document is edited in place, never rebuilt: a paragraph's text is searched joined across
//! runs, and each match is rewritten inside the runs that hold it (the replacement goes into the
//! first run, so it keeps that run's formatting; the rest of the match leaves the other runs).
//! Parts with nothing to replace are copied byte for byte. Identifying properties (author, last
//! modified by, manager) are cleared. A document with tracked changes is refused unless the
//! caller accepts them all, because deleted text stays in the file and cannot be anonymised by
//! editing what shows. The result is then checked with [`crate::check::publication`], and what
//! could not be replaced (a generic pattern, a link address) is reported.

use crate::case::Case;
mod parts;

use crate::check::{
    Document, PublicationReport, check_publication, is_property, labelled_attributes, local,
    paragraph_location, part_location, tracked_change,
};
use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{NodeId, NodeKind, ParagraphText, StoryKind, Tree, paragraphs};
use crate::identify::{Identifiers, Match, MatchOf};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Choices for [`anonymise`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Accept every tracked change first (otherwise a document with tracked changes is refused).
    pub accept_changes: bool,
}

/// How many times one identifier was replaced.
#[derive(Debug, Clone, Serialize)]
pub struct Replaced {
    /// Whose identifier, in words ("the child's first name").
    pub identifier: String,
    /// What replaced it.
    pub replacement: String,
    /// How many times.
    pub count: usize,
}

/// The anonymised document and what was done to it.
#[derive(Debug, Clone, Serialize)]
pub struct Anonymised {
    /// The new package.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Replacements made, by identifier.
    pub replaced: Vec<Replaced>,
    /// Properties cleared ("document author property").
    pub cleared: Vec<String>,
    /// Tracked changes accepted.
    pub accepted_changes: usize,
    /// The publication check of the result: what could not be replaced.
    pub residue: PublicationReport,
}

/// Anonymises a document with the identifiers and pseudonyms of `case`. Fails, with every
/// reason, when the file is not a Word document or has tracked changes not accepted.
pub fn anonymise(
    bytes: Vec<u8>,
    file: &Path,
    case: &Case,
    options: Options,
) -> Result<Anonymised, Vec<Diagnostic>> {
    anonymise_with(bytes, file, &Identifiers::from_case(case), options)
}

/// Anonymises a document with any identifiers: a case's, with lists added (`--identifiers`),
/// each term replaced as its list says.
pub fn anonymise_with(
    bytes: Vec<u8>,
    file: &Path,
    ids: &Identifiers,
    options: Options,
) -> Result<Anonymised, Vec<Diagnostic>> {
    let mut tally = Tally::default();
    let out = rewrite_document(bytes, ids, options, 0, &mut tally)
        .map_err(|ds| ds.into_iter().map(|d| d.in_file(file)).collect::<Vec<_>>())?;
    let mut residue = match Document::from_bytes(out.clone()) {
        Ok(d) => check_publication(&d, file, ids),
        Err(d) => {
            return Err(vec![(*d).in_file(file).with_help(
                "this is a bug in scrkit; please report it (without the document)",
            )]);
        }
    };
    for d in &mut residue.diagnostics {
        if let Some(help) = residue_help(&d.location) {
            d.help = Some(help.to_string());
        }
    }
    // "Thornbury" and "Ms Thornbury" are one identifier to the reader.
    let mut grouped: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (i, count) in tally.counts {
        let key = (ids.list[i].source.clone(), ids.list[i].replacement.clone());
        *grouped.entry(key).or_insert(0) += count;
    }
    let mut replaced: Vec<Replaced> = grouped
        .into_iter()
        .map(|((identifier, replacement), count)| Replaced {
            identifier,
            replacement,
            count,
        })
        .collect();
    replaced.sort_by(|a, b| b.count.cmp(&a.count).then(a.identifier.cmp(&b.identifier)));
    Ok(Anonymised {
        bytes: out,
        replaced,
        cleared: tally.cleared,
        accepted_changes: tally.accepted,
        residue,
    })
}

/// What anonymising did, across the document and the files embedded in it.
#[derive(Default)]
pub(crate) struct Tally {
    /// Replacements, by identifier.
    counts: HashMap<usize, usize>,
    /// Properties cleared.
    cleared: Vec<String>,
    /// Tracked changes accepted.
    accepted: usize,
}

/// What to do about an identifier anonymising left, by the kind of place it is in: the check's
/// own advice ("run `scr anonymise`") would send the author round in a circle.
fn residue_help(location: &Location) -> Option<&'static str> {
    let Location::Docx { part_label, .. } = location else {
        return None;
    };
    Some(if part_label.contains("altChunk") {
        "open the document in Word and save it (Word merges this part into the document), then \
         run `scr anonymise` on it again"
    } else if part_label.starts_with("the name of the part") {
        "the file's name inside the document identifies: insert the picture or object again from \
         a file with another name"
    } else if part_label.contains("of the image") || part_label.contains("in the image") {
        "replace the picture with a copy saved without its metadata"
    } else if part_label.contains("zip comment") {
        "save the document again in Word, which leaves the comment out"
    } else if part_label.contains("address of a link") {
        "edit or remove the link (right-click it, Edit Hyperlink)"
    } else if part_label.contains("the embedded file") || part_label.contains("binary") {
        "delete the object from the document, or paste what it shows as text"
    } else {
        return None;
    })
}

/// Anonymises one Word package: the document, or one embedded in it (`depth` deep). Fails,
/// with every reason, on a damaged package or tracked changes not accepted.
pub(crate) fn rewrite_document(
    bytes: Vec<u8>,
    ids: &Identifiers,
    options: Options,
    depth: usize,
    tally: &mut Tally,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let doc = Document::from_bytes(bytes).map_err(|d| vec![*d])?;
    if doc.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(doc.diagnostics.clone());
    }
    if !options.accept_changes {
        let changes = tracked_changes(&doc);
        if !changes.is_empty() {
            return Err(changes);
        }
    }
    let counts = &mut tally.counts;
    let mut replaced_parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for part in &doc.parts {
        let mut tree = part.tree.clone();
        let mut changed = false;
        if is_property(part.part.kind) {
            changed |= properties(&mut tree, part.part.kind, ids, counts, &mut tally.cleared);
        } else {
            if options.accept_changes {
                let n = accept_changes(&mut tree);
                tally.accepted += n;
                changed |= n > 0;
            }
            let ps = paragraphs(&tree, &doc.styles, false);
            for p in &ps {
                changed |= rewrite_paragraph(&mut tree, p, ids, counts);
            }
            changed |= loose_text(&mut tree, ids, counts, |t, n| {
                matches!(t.name(n), "w:instrText" | "w:delInstrText")
            });
        }
        changed |= attributes(&mut tree, ids, counts);
        if changed {
            replaced_parts.insert(part.part.name.clone(), tree.to_xml().into_bytes());
        }
    }
    // Every other part: custom XML, charts, settings, web pages and text merged in on
    // opening, embedded documents and workbooks, images' metadata.
    let known: HashSet<&str> = doc.parts.iter().map(|p| p.part.name.as_str()).collect();
    replaced_parts.extend(parts::rewrite_parts(
        &doc.package,
        &known,
        ids,
        options,
        depth,
        tally,
    )?);
    parts::assemble(&doc.package, &replaced_parts)
}

/// Every tracked change, one finding per paragraph, for refusing a document.
pub fn tracked_changes(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for part in &doc.parts {
        if is_property(part.part.kind) {
            continue;
        }
        for p in &part.paragraphs {
            if let Some(what) = tracked_change(&part.tree, p) {
                out.push(
                    Diagnostic::error(
                        paragraph_location(part, p),
                        format!("tracked changes: {what}"),
                    )
                    .with_help(
                        "accept or reject the changes in Word (deleted text stays in the file and cannot be anonymised), or give --accept-changes to accept them all",
                    ),
                );
            }
        }
        // Changes outside paragraphs: table rows, cells, section properties.
        let other = part
            .tree
            .descendants(0)
            .into_iter()
            .filter(|&n| is_revision(&part.tree, n) && part.tree.ancestor(n, "w:p").is_none())
            .count();
        if other > 0 {
            out.push(
                Diagnostic::error(
                    part_location(&part.part, None),
                    format!("{other} tracked change(s) to tables or sections"),
                )
                .with_help("accept or reject the changes in Word, or give --accept-changes to accept them all"),
            );
        }
    }
    out
}

fn is_revision(tree: &Tree, n: NodeId) -> bool {
    matches!(
        tree.name(n),
        "w:ins"
            | "w:del"
            | "w:moveFrom"
            | "w:moveTo"
            | "w:rPrChange"
            | "w:pPrChange"
            | "w:sectPrChange"
            | "w:tblPrChange"
            | "w:tblPrExChange"
            | "w:trPrChange"
            | "w:tcPrChange"
            | "w:tblGridChange"
            | "w:numberingChange"
            | "w:cellIns"
            | "w:cellDel"
            | "w:cellMerge"
    )
}

/// Accepts every tracked change in a part's tree, as Word's "Accept All Changes" does; returns
/// how many changes there were.
pub fn accept_changes(tree: &mut Tree) -> usize {
    let mut count = 0;
    for n in tree.descendants(0) {
        let name = tree.name(n).to_string();
        let parent = tree.nodes[n].parent;
        let parent_name = tree.name(parent).to_string();
        match name.as_str() {
            "w:ins" | "w:moveTo" => {
                count += 1;
                if parent_name == "w:rPr" || parent_name == "w:trPr" {
                    tree.detach(n); // an inserted paragraph mark or row: now ordinary
                } else {
                    tree.unwrap(n);
                }
            }
            "w:del" | "w:moveFrom" => {
                count += 1;
                if parent_name == "w:rPr" {
                    let ppr = tree.nodes[parent].parent;
                    tree.detach(n);
                    if tree.is(ppr, "w:pPr") {
                        merge_with_next(tree, tree.nodes[ppr].parent);
                    }
                } else if parent_name == "w:trPr" {
                    let tr = tree.nodes[parent].parent;
                    tree.detach(tr);
                } else {
                    tree.detach(n);
                }
            }
            "w:cellDel" => {
                count += 1;
                if let Some(tc) = tree.ancestor(n, "w:tc") {
                    tree.detach(tc);
                }
            }
            "w:rPrChange" | "w:pPrChange" | "w:sectPrChange" | "w:tblPrChange"
            | "w:tblPrExChange" | "w:trPrChange" | "w:tcPrChange" | "w:tblGridChange"
            | "w:numberingChange" | "w:cellIns" | "w:cellMerge" => {
                count += 1;
                tree.detach(n);
            }
            "w:moveFromRangeStart"
            | "w:moveFromRangeEnd"
            | "w:moveToRangeStart"
            | "w:moveToRangeEnd"
            | "w:customXmlInsRangeStart"
            | "w:customXmlInsRangeEnd"
            | "w:customXmlDelRangeStart"
            | "w:customXmlDelRangeEnd" => tree.detach(n),
            _ => {}
        }
    }
    count
}

/// A paragraph whose mark was deleted joins the next paragraph: its content moves to the
/// start of the next one (which keeps its own properties), and it goes.
fn merge_with_next(tree: &mut Tree, p: NodeId) {
    if !tree.is(p, "w:p") || p == 0 {
        return;
    }
    let parent = tree.nodes[p].parent;
    let siblings = &tree.nodes[parent].children;
    let Some(i) = siblings.iter().position(|&c| c == p) else {
        return;
    };
    let Some(&next) = siblings[i + 1..]
        .iter()
        .find(|&&c| matches!(tree.nodes[c].kind, NodeKind::Element { .. }))
    else {
        return;
    };
    if !tree.is(next, "w:p") {
        return;
    }
    let content: Vec<NodeId> = tree.nodes[p]
        .children
        .iter()
        .copied()
        .filter(|&c| !tree.is(c, "w:pPr"))
        .collect();
    let at = usize::from(tree.child(next, "w:pPr").is_some());
    tree.insert_children(next, at, &content);
    tree.detach(p);
}

/// Rewrites each identifier in a paragraph's text into the runs that hold it. Returns whether
/// anything changed.
fn rewrite_paragraph(
    tree: &mut Tree,
    p: &ParagraphText,
    ids: &Identifiers,
    counts: &mut HashMap<usize, usize>,
) -> bool {
    let view = p.view(|_| true);
    let matches: Vec<Match> = ids.find_with(&view.text, false);
    if matches.is_empty() {
        return false;
    }
    let mut texts: Vec<String> = p.pieces.iter().map(|x| x.text.clone()).collect();
    let mut edited = vec![false; texts.len()];
    let mut marks_gone = Vec::new();
    for m in matches.iter().rev() {
        let MatchOf::Identifier(i) = m.of else {
            continue;
        };
        let spans = view.spans(m.start, m.end, &p.pieces);
        let Some(first) = spans.iter().position(|s| !p.pieces[s.piece].is_mark) else {
            continue;
        };
        for (k, s) in spans.iter().enumerate() {
            if p.pieces[s.piece].is_mark {
                marks_gone.push(p.pieces[s.piece].element);
                continue;
            }
            let with = if k == first {
                ids.replacement_at(&ids.list[i].replacement, &view.text, m.start, m.end)
            } else {
                String::new()
            };
            texts[s.piece].replace_range(s.from..s.to, &with);
            edited[s.piece] = true;
        }
        *counts.entry(i).or_insert(0) += 1;
    }
    for (i, piece) in p.pieces.iter().enumerate() {
        if edited[i] {
            tree.set_text(piece.element, &texts[i]);
            tree.set_attr(piece.element, "xml:space", "preserve");
        }
    }
    for m in marks_gone {
        tree.detach(m);
    }
    true
}

/// Replaces identifiers in a string; returns the new string when anything changed.
pub(crate) fn replace_in(
    text: &str,
    ids: &Identifiers,
    counts: &mut HashMap<usize, usize>,
) -> Option<String> {
    ids.replace_with(text, false, |m| match m.of {
        MatchOf::Identifier(i) => {
            *counts.entry(i).or_insert(0) += 1;
            ids.replacement_of(m, text)
        }
        _ => None,
    })
}

/// Replaces identifiers in text nodes outside paragraphs' runs (field codes, custom XML), one
/// text node at a time, in the elements `want` selects.
pub(crate) fn loose_text(
    tree: &mut Tree,
    ids: &Identifiers,
    counts: &mut HashMap<usize, usize>,
    want: impl Fn(&Tree, NodeId) -> bool,
) -> bool {
    let mut changed = false;
    for n in tree.descendants(0) {
        if !matches!(tree.nodes[n].kind, NodeKind::Text(_)) {
            continue;
        }
        let el = tree.nodes[n].parent;
        if matches!(tree.name(el), "w:t" | "w:delText") || !want(tree, el) {
            continue;
        }
        if let Some(new) = replace_in(&tree.text(n), ids, counts) {
            tree.set_text_node(n, &new);
            changed = true;
        }
    }
    changed
}

/// Replaces identifiers in the attributes that hold visible or personal text (alt text,
/// authors, document variables): those the publication check searches.
pub(crate) fn attributes(
    tree: &mut Tree,
    ids: &Identifiers,
    counts: &mut HashMap<usize, usize>,
) -> bool {
    let edits: Vec<(NodeId, String, String)> = labelled_attributes(tree)
        .into_iter()
        .filter_map(|(n, key, _, value)| replace_in(&value, ids, counts).map(|new| (n, key, new)))
        .collect();
    let changed = !edits.is_empty();
    for (n, key, value) in edits {
        tree.set_attr(n, &key, &value);
    }
    changed
}

/// Clears the properties that name people and replaces identifiers in the rest.
fn properties(
    tree: &mut Tree,
    kind: StoryKind,
    ids: &Identifiers,
    counts: &mut HashMap<usize, usize>,
    cleared: &mut Vec<String>,
) -> bool {
    let mut changed = false;
    for n in tree.descendants(0) {
        if !matches!(tree.nodes[n].kind, NodeKind::Element { .. })
            || tree.nodes[n]
                .children
                .iter()
                .any(|&c| matches!(tree.nodes[c].kind, NodeKind::Element { .. }))
        {
            continue;
        }
        let text = tree.text_content(n);
        let clear = match (kind, local(tree.name(n))) {
            (StoryKind::CoreProperties, "creator") => Some("document author property"),
            (StoryKind::CoreProperties, "lastModifiedBy") => {
                Some("document last modified by property")
            }
            (StoryKind::AppProperties, "Manager") => Some("document manager property"),
            _ => None,
        };
        if let Some(label) = clear {
            if !text.trim().is_empty() {
                tree.set_text(n, "");
                cleared.push(label.to_string());
                changed = true;
            }
            continue;
        }
        if let Some(new) = replace_in(&text, ids, counts) {
            tree.set_text(n, &new);
            changed = true;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepting_changes_keeps_insertions_and_drops_deletions_everywhere() {
        let mut t = Tree::parse(concat!(
            "<w:body xmlns:w=\"w\">",
            "<w:p><w:pPr><w:pPrChange w:id=\"1\"><w:pPr/></w:pPrChange></w:pPr>",
            "<w:moveFrom w:id=\"2\"><w:r><w:t>old place</w:t></w:r></w:moveFrom>",
            "<w:r><w:rPr><w:b/><w:rPrChange w:id=\"3\"><w:rPr/></w:rPrChange></w:rPr><w:t>kept</w:t></w:r>",
            "<w:moveTo w:id=\"4\"><w:r><w:t> new place</w:t></w:r></w:moveTo></w:p>",
            "<w:tbl><w:tr><w:trPr><w:del w:id=\"5\"/></w:trPr><w:tc><w:p><w:r><w:t>gone row</w:t></w:r></w:p></w:tc></w:tr>",
            "<w:tr><w:trPr><w:ins w:id=\"6\"/></w:trPr><w:tc><w:p><w:r><w:t>new row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "</w:body>"
        ))
        .unwrap();
        assert_eq!(accept_changes(&mut t), 6);
        assert_eq!(
            t.to_xml(),
            concat!(
                "<w:body xmlns:w=\"w\"><w:p><w:pPr></w:pPr>",
                "<w:r><w:rPr><w:b/></w:rPr><w:t>kept</w:t></w:r><w:r><w:t> new place</w:t></w:r></w:p>",
                "<w:tbl><w:tr><w:trPr></w:trPr><w:tc><w:p><w:r><w:t>new row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                "</w:body>"
            )
        );
    }
}
