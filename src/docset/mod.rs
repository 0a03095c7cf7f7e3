//! The document set of a review: which documents exist, who receives each, and the built-in
//! Word templates a board can use as they are or rebrand in Word.
//!
//! Every kind is one row of the table in `kinds.rs` ([`KindSpec`]); the rest of scrkit reads
//! that row. The templates are generated from `content/` (so they can be regenerated and
//! reviewed as code) and committed under `templates/`; the committed files are what scrkit
//! uses, embedded in the binary, and a test keeps them equal to what the generator writes.

mod content;
mod kinds;
mod process_2018;
mod stage;

pub use kinds::{ALL, Agencies, DocKind, KindSpec, Recipients, ReviewForm, Template};
pub use stage::{Stage, process, reached};

impl DocKind {
    /// The id used in manifests, the `ScrKind` property and `--only`.
    pub fn id(self) -> &'static str {
        self.spec().id
    }

    /// The document's title.
    pub fn title(self) -> &'static str {
        self.spec().title
    }

    /// The template's file name under `templates/`.
    pub fn file_name(self) -> String {
        self.spec().template.file.to_string()
    }

    /// Finds a kind by its id (as in `--only`), accepting `-` for `_`.
    pub fn from_id(id: &str) -> Option<DocKind> {
        let id = id.trim().replace('-', "_");
        ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The built-in template, as committed under `templates/`.
    pub fn builtin(self) -> &'static [u8] {
        self.spec().template.bytes
    }

    /// Generates the built-in template from its source description.
    pub fn generate(self) -> Vec<u8> {
        crate::docx::write::build_reproducible(&content::document(self))
    }

    /// True when `scr pack` makes it (the report draft and the merged chronology have commands
    /// of their own).
    pub fn in_pack(self) -> bool {
        !self.spec().recipients.is_empty()
    }
}

impl serde::Serialize for DocKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_file_names_are_safe() {
        for k in ALL {
            assert_eq!(DocKind::from_id(k.id()), Some(*k));
            assert_eq!(DocKind::from_id(&k.id().replace('_', "-")), Some(*k));
            let f = k.file_name();
            assert_eq!(
                crate::output::safe_file_name(f.trim_end_matches(".docx")) + ".docx",
                f
            );
            let out = k.spec().output;
            assert_eq!(
                crate::output::safe_file_name(out.trim_end_matches(".docx")) + ".docx",
                out
            );
        }
        assert_eq!(DocKind::from_id("nonsense"), None);
    }

    #[test]
    fn ids_titles_and_files_are_each_used_once() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert_ne!(a.id(), b.id());
                assert_ne!(a.title(), b.title());
                assert_ne!(a.file_name(), b.file_name());
            }
        }
    }

    fn attr(tag: &str, name: &str) -> u32 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..].split('"').next().unwrap().parse().unwrap()
    }

    /// Every built-in table spans the text width of its page, and no column is narrower than
    /// a word it holds (its header words bold) or than the widest text it is meant for (a long
    /// date, a time): LibreOffice broke "Tim/e", "10:0/0", "Practition/er", "In househ/old" and
    /// "Claus/e", and the action plan's table stopped short of the margin.
    #[test]
    fn every_built_in_table_spans_the_text_width_and_breaks_no_word() {
        use crate::docx::write::{Block, CELL_PADDING, Col, fixed_words, text_twips};
        for k in ALL {
            let pkg = crate::docx::Package::from_bytes(k.builtin().to_vec()).unwrap();
            let xml = pkg.read_text("word/document.xml").unwrap();
            let page = &xml[xml.find("<w:pgSz").unwrap()..];
            let margins = &page[page.find("<w:pgMar").unwrap()..];
            let text_width = attr(page, "w:w") - attr(margins, "w:left") - attr(margins, "w:right");
            let grids: Vec<Vec<u32>> = xml
                .split("<w:tblGrid>")
                .skip(1)
                .map(|g| {
                    g.split("</w:tblGrid>")
                        .next()
                        .unwrap()
                        .split("<w:gridCol ")
                        .skip(1)
                        .map(|c| attr(c, "w:w"))
                        .collect()
                })
                .collect();
            let tables: Vec<_> = content::document(*k)
                .body
                .into_iter()
                .filter_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .collect();
            assert_eq!(grids.len(), tables.len(), "{k:?}");
            for (n, (grid, table)) in grids.iter().zip(&tables).enumerate() {
                let place = format!("{k:?}, table {}", n + 1);
                assert_eq!(grid.iter().sum::<u32>(), text_width, "{place}: {grid:?}");
                for (ri, row) in table.rows.iter().enumerate() {
                    for (cell, (ci, span)) in row.iter().zip(table.cell_columns(ri)) {
                        let width: u32 = grid[ci..ci + span].iter().sum();
                        for (word, bold) in cell.iter().flat_map(fixed_words) {
                            let need =
                                text_twips(&word, bold || ri < table.header_rows) + CELL_PADDING;
                            assert!(
                                width >= need,
                                "{place}: \"{word}\" needs {need}, column {} is {}",
                                ci + 1,
                                width
                            );
                        }
                    }
                }
                for (ci, col) in table.columns.iter().enumerate() {
                    if let Col::Fit(sample) = col {
                        let need = text_twips(sample, false) + CELL_PADDING;
                        assert!(
                            grid[ci] >= need,
                            "{place}: \"{sample}\" needs {need}, column {} is {}",
                            ci + 1,
                            grid[ci]
                        );
                    }
                }
            }
        }
    }

    /// A sentence after a table has space above it instead of sitting flush under the border.
    #[test]
    fn a_paragraph_after_a_table_has_space_above_it() {
        let pkg = crate::docx::Package::from_bytes(DocKind::Decision.builtin().to_vec()).unwrap();
        let xml = pkg.read_text("word/document.xml").unwrap();
        let clauses = xml.find(">Clause<").unwrap();
        let after = &xml[clauses..];
        let after = &after[after.find("</w:tbl>").unwrap()..];
        let first = &after[..after.find("</w:p>").unwrap()];
        assert!(first.contains("{{criteria.summary}}"), "{first}");
        assert!(first.contains("<w:spacing w:before=\"240\"/>"), "{first}");
    }
}
