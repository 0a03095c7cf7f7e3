//! The case workbook's layout: which sheet holds which field, under what label, of what kind.
//!
//! One table drives both directions, so the blank workbook that `scr case new` writes and the
//! reader that loads a filled one can never disagree. Paths are the JSON paths of the case file,
//! so a problem found by validation maps straight back to the cell a coordinator typed into.

mod choices;
mod forms;
mod tables;

pub use choices::{
    ANSWER, METHODOLOGY, OUTCOME, PROCESS_KIND, RAG, RECIPIENT, REGIME, REVIEW_KIND, choice_label,
    choice_value, label_of,
};
use forms::*;
use tables::*;

/// What a cell holds, which decides how it is written (format, drop-down) and read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text.
    Text,
    /// Several short items in one cell, separated by `;` or new lines (names, address lines).
    Items,
    /// A date, shown dd/mm/yyyy.
    Date,
    /// Yes or no.
    Bool,
    /// A whole number (days, counts).
    Number,
    /// One of fixed choices: (JSON value, label shown in the drop-down).
    Choice(&'static [(&'static str, &'static str)]),
}

/// One field of the case file as it appears in the workbook.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Path inside the sheet's object (forms: from the case root; tables: from the row item).
    pub path: &'static str,
    /// The label a coordinator sees.
    pub label: &'static str,
    /// How the cell is written and read.
    pub kind: FieldKind,
    /// A line of guidance shown beside the field.
    pub help: &'static str,
}

/// How a sheet is laid out.
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    /// One field per row: Field | Value | Guidance.
    Form(&'static [Field]),
    /// One item per row under a header row; the items form the array at `array`.
    Table {
        /// JSON path of the array.
        array: &'static str,
        /// The columns, in order.
        columns: &'static [Field],
    },
    /// One item per row of an array held inside the items of another array (an action's
    /// updates): the first column names the parent item by its key, the others are the
    /// child's fields. The parent's sheet must come earlier in [`SHEETS`].
    Nested {
        /// JSON path of the parent array.
        parent: &'static str,
        /// The parent's field that identifies it (e.g. "id").
        key: &'static str,
        /// The label of the first column, which holds the parent's key.
        key_label: &'static str,
        /// The child array's name inside each parent item.
        child: &'static str,
        /// The child's columns, after the key column.
        columns: &'static [Field],
    },
}

/// A sheet of the case workbook.
#[derive(Debug, Clone, Copy)]
pub struct Sheet {
    /// Sheet name.
    pub name: &'static str,
    /// What it is for, shown on the instructions sheet.
    pub purpose: &'static str,
    /// Its layout.
    pub layout: Layout,
}

pub(super) const fn f(
    path: &'static str,
    label: &'static str,
    kind: FieldKind,
    help: &'static str,
) -> Field {
    Field {
        path,
        label,
        kind,
        help,
    }
}

/// Every sheet of the case workbook, in order.
pub const SHEETS: &[Sheet] = &[
    Sheet {
        name: "Review",
        purpose: "The board, the review, its scope and publication",
        layout: Layout::Form(REVIEW),
    },
    Sheet {
        name: "Child",
        purpose: "The child the review is about",
        layout: Layout::Form(CHILD),
    },
    Sheet {
        name: "Family",
        purpose: "Family members and significant others, one per row",
        layout: Layout::Table {
            array: "family",
            columns: FAMILY,
        },
    },
    Sheet {
        name: "Agencies",
        purpose: "Every agency involved, one per row, and what each returns",
        layout: Layout::Table {
            array: "agencies",
            columns: AGENCIES,
        },
    },
    Sheet {
        name: "Referral",
        purpose: "The referral and the facts the criteria need",
        layout: Layout::Form(REFERRAL),
    },
    Sheet {
        name: "Key dates",
        purpose: "Key dates listed in the referral",
        layout: Layout::Table {
            array: "referral.key_dates",
            columns: KEY_DATES,
        },
    },
    Sheet {
        name: "Decision",
        purpose: "Panel recommendation and the Chair's decision",
        layout: Layout::Form(DECISION),
    },
    Sheet {
        name: "Notifications",
        purpose: "Who was told of the decision, and when",
        layout: Layout::Table {
            array: "decision.notifications",
            columns: NOTIFICATIONS,
        },
    },
    Sheet {
        name: "Terms of reference",
        purpose: "Agreements made when the review is commissioned",
        layout: Layout::Form(TOR),
    },
    Sheet {
        name: "Lines of enquiry",
        purpose: "Key lines of enquiry, one per row",
        layout: Layout::Table {
            array: "terms_of_reference.key_lines_of_enquiry",
            columns: LINES,
        },
    },
    Sheet {
        name: "Parallel processes",
        purpose: "Police, coroner, court and other reviews",
        layout: Layout::Table {
            array: "terms_of_reference.parallel_processes",
            columns: PROCESSES,
        },
    },
    Sheet {
        name: "Reviewers",
        purpose: "Reviewers and authors appointed",
        layout: Layout::Table {
            array: "review.reviewers",
            columns: REVIEWERS,
        },
    },
    Sheet {
        name: "Panel",
        purpose: "Members of the review panel",
        layout: Layout::Table {
            array: "review.panel",
            columns: PANEL,
        },
    },
    Sheet {
        name: "Rapid review",
        purpose: "2018 regime: the rapid review's plan, findings and decisions",
        layout: Layout::Form(RAPID_REVIEW),
    },
    Sheet {
        name: "Sign-off",
        purpose: "2018 regime: each safeguarding partner's sign-off of the rapid review",
        layout: Layout::Table {
            array: "rapid_review.sign_off",
            columns: SIGN_OFF,
        },
    },
    Sheet {
        name: "Learning",
        purpose: "The action plan: when it was agreed, how often progress is due",
        layout: Layout::Form(LEARNING),
    },
    Sheet {
        name: "Key episodes",
        purpose: "Key practice episodes, with the chronology rows they rest on",
        layout: Layout::Table {
            array: "learning.key_episodes",
            columns: KEY_EPISODES,
        },
    },
    Sheet {
        name: "Findings",
        purpose: "The review's findings, each citing key episodes",
        layout: Layout::Table {
            array: "learning.findings",
            columns: FINDINGS,
        },
    },
    Sheet {
        name: "Recommendations",
        purpose: "The review's recommendations, each citing findings",
        layout: Layout::Table {
            array: "learning.recommendations",
            columns: RECOMMENDATIONS,
        },
    },
    Sheet {
        name: "Actions",
        purpose: "The action plan: one action per row, each answering a recommendation",
        layout: Layout::Table {
            array: "learning.actions",
            columns: ACTIONS,
        },
    },
    Sheet {
        name: "Action updates",
        purpose: "Progress on each action, one update per row, oldest first",
        layout: Layout::Nested {
            parent: "learning.actions",
            key: "id",
            key_label: "Action",
            child: "updates",
            columns: ACTION_UPDATES,
        },
    },
];
