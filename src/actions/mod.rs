//! The action plan of a review, tracked: where each action stands on a given day, and the
//! tracker workbooks agencies return their progress in.
//!
//! The chain itself (key episodes, findings, recommendations, actions) is part of the case
//! file ([`crate::case::Learning`]); this module judges and tracks it.

mod status;
mod tracker;

pub use status::{ActionReport, ActionStatus, Counts, Group, State, action_report, action_status};
pub use tracker::{
    Change, Col, MAX_TRACKER_BYTES, Merge, TRACKER_MARKER_SHEET, TRACKER_SHEET, TrackerError,
    merge_trackers, open_actions, tracker_agencies, tracker_file_name, tracker_xlsx,
};
