//! The document set of a review: which documents exist, who receives each, and the built-in
//! Word templates a board can use as they are or rebrand in Word.
//!
//! The templates are generated from [`content`] (so they can be regenerated and reviewed as
//! code) and committed under `templates/`; the committed files are what scrkit uses, embedded
//! in the binary, and a test keeps them equal to what the generator writes.

mod content;

use serde::Serialize;

/// The kinds of document in a review's paperwork.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Referral form (Part 1 by the referrer, Part 2 for the board).
    Referral,
    /// Request for information pro-forma, one per agency, before the decision.
    RequestForInformation,
    /// Panel recommendation and the Independent Chair's decision.
    Decision,
    /// Notification of the decision to Ofsted, the DfE or the National Panel.
    Notification,
    /// Terms of Reference.
    TermsOfReference,
    /// Covering letter sent with each agency's pack.
    CoveringLetter,
    /// Individual management review (IMR) template.
    ManagementReview,
    /// Merged multi-agency chronology.
    MergedChronology,
    /// Final report draft, anonymised.
    FinalReport,
    /// Learning and action plan.
    ActionPlan,
}

/// Every kind, in the order of the process.
pub const ALL: &[DocKind] = &[
    DocKind::Referral,
    DocKind::RequestForInformation,
    DocKind::Decision,
    DocKind::Notification,
    DocKind::TermsOfReference,
    DocKind::CoveringLetter,
    DocKind::ManagementReview,
    DocKind::MergedChronology,
    DocKind::FinalReport,
    DocKind::ActionPlan,
];

impl DocKind {
    /// The id used in file names, manifests and `--only`.
    pub fn id(self) -> &'static str {
        match self {
            DocKind::Referral => "referral",
            DocKind::RequestForInformation => "request_for_information",
            DocKind::Decision => "decision",
            DocKind::Notification => "notification",
            DocKind::TermsOfReference => "terms_of_reference",
            DocKind::CoveringLetter => "covering_letter",
            DocKind::ManagementReview => "management_review",
            DocKind::MergedChronology => "merged_chronology",
            DocKind::FinalReport => "final_report",
            DocKind::ActionPlan => "action_plan",
        }
    }

    /// The document's title.
    pub fn title(self) -> &'static str {
        match self {
            DocKind::Referral => "Serious Case Review referral form",
            DocKind::RequestForInformation => "Request for information",
            DocKind::Decision => "Panel recommendation and Chair's decision",
            DocKind::Notification => "Notification of decision",
            DocKind::TermsOfReference => "Terms of Reference",
            DocKind::CoveringLetter => "Covering letter",
            DocKind::ManagementReview => "Individual management review",
            DocKind::MergedChronology => "Multi-agency chronology",
            DocKind::FinalReport => "Serious Case Review report",
            DocKind::ActionPlan => "Learning and action plan",
        }
    }

    /// The template's file name under `templates/`.
    pub fn file_name(self) -> String {
        format!("{}.docx", self.id().replace('_', "-"))
    }

    /// Finds a kind by its id (as in `--only`), accepting `-` for `_`.
    pub fn from_id(id: &str) -> Option<DocKind> {
        let id = id.trim().replace('-', "_");
        ALL.iter().copied().find(|k| k.id() == id)
    }

    /// The built-in template, as committed under `templates/`.
    pub fn builtin(self) -> &'static [u8] {
        match self {
            DocKind::Referral => include_bytes!("../../templates/referral.docx"),
            DocKind::RequestForInformation => {
                include_bytes!("../../templates/request-for-information.docx")
            }
            DocKind::Decision => include_bytes!("../../templates/decision.docx"),
            DocKind::Notification => include_bytes!("../../templates/notification.docx"),
            DocKind::TermsOfReference => include_bytes!("../../templates/terms-of-reference.docx"),
            DocKind::CoveringLetter => include_bytes!("../../templates/covering-letter.docx"),
            DocKind::ManagementReview => include_bytes!("../../templates/management-review.docx"),
            DocKind::MergedChronology => include_bytes!("../../templates/merged-chronology.docx"),
            DocKind::FinalReport => include_bytes!("../../templates/final-report.docx"),
            DocKind::ActionPlan => include_bytes!("../../templates/action-plan.docx"),
        }
    }

    /// Generates the built-in template from its source description.
    pub fn generate(self) -> Vec<u8> {
        crate::docx::write::build(&content::document(self))
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
        }
        assert_eq!(DocKind::from_id("nonsense"), None);
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
                    for (ci, cell) in row.iter().enumerate() {
                        for (word, bold) in cell.iter().flat_map(fixed_words) {
                            let need =
                                text_twips(&word, bold || ri < table.header_rows) + CELL_PADDING;
                            assert!(
                                grid[ci] >= need,
                                "{place}: \"{word}\" needs {need}, column {} is {}",
                                ci + 1,
                                grid[ci]
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
