//! Blocks: block tags paired, each block's extent decided by where its tags sit (inline,
//! paragraphs, a table row, rows of a table), and paragraph and row blocks' tags moved to
//! where they act.

use super::{Extent, Paragraph, PartCompiler, Segment, TagInfo, TagPlace};
use crate::docx::xml::NodeId;
use crate::template::tags::{TagKind, find_tags};
use std::collections::HashMap;

/// The deepest blocks may be nested (`{{#each}}` in `{{#if}}` in ...): real templates use
/// three or four; past this, compiling and rendering cost grows with every level.
pub(crate) const MAX_BLOCK_DEPTH: usize = 64;

impl PartCompiler<'_> {
    /// Pairs block tags and decides each block's extent; reports what cannot be paired.
    pub(super) fn pair(
        &mut self,
        paragraphs: &[Paragraph],
        places: &[TagPlace],
    ) -> HashMap<usize, Extent> {
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
                TagKind::Open { .. } if stack.len() == MAX_BLOCK_DEPTH => {
                    // Said once, at the first block too many; pairing goes on so that every
                    // other problem is reported too (the error keeps the engine from
                    // compiling the part, where the cost of deep nesting lies).
                    self.tag_error(
                        pl.tag,
                        format!("blocks are nested more than {MAX_BLOCK_DEPTH} deep"),
                        "close some blocks before opening more; no document needs so many inside one another",
                    );
                    stack.push((i, Vec::new()));
                }
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
                    } else if let (Some(first), Some(last)) = (open.row, pl.row)
                        && first != last
                        && self.tree.nodes[first].parent == self.tree.nodes[last].parent
                    {
                        // Two rows of one table (text order puts the first before the last).
                        Some(Extent::Rows)
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
                            "put both tags in one paragraph, each alone in its own paragraph at the same level, in two cells of one table row, or in rows of one table",
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
                            Extent::Row | Extent::Rows => false,
                        };
                        if ok {
                            extents.insert(ep.tag, ext);
                        } else {
                            let help = match ext {
                                Extent::Row | Extent::Rows => {
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
    pub(super) fn place_blocks(
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
        // A row's block tags act around the row: its opens before it, its closes after it. So
        // a row may not end one block and then begin another: the begun block would wrap the
        // row the first one still holds.
        let mut misplaced = Vec::new();
        for pl in places {
            if !matches!(extents.get(&pl.tag), Some(Extent::Row | Extent::Rows)) {
                continue;
            }
            let Some(row) = pl.row else { continue };
            let entry = self.row_tags.entry(row).or_default();
            match self.out.tags[pl.tag].kind {
                TagKind::Open { .. } => {
                    if let Some(&closed) = entry.1.first() {
                        misplaced.push((pl.tag, closed));
                    }
                    entry.0.push(pl.tag)
                }
                _ => entry.1.push(pl.tag),
            }
            row_level.insert(pl.tag);
        }
        for (open, closed) in misplaced {
            let msg = format!(
                "the block {} begins in the row where {} ends another block",
                self.out.tags[open].source, self.out.tags[closed].source
            );
            self.tag_error(
                open,
                msg,
                "a row's blocks begin before it and end after it: end the first block in an earlier row, or begin this one in a later row",
            );
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
}
