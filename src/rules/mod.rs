//! The statutory process rules: the criteria for a review, the timescales, and the calendar
//! they are counted in.
//!
//! A coordinator applies these rules by hand today and has to explain them to the panel, the
//! Independent Chair, Ofsted and the National Panel. Each function here takes the typed case
//! and returns data (serialisable, for templates and `--json`) that carries its own
//! plain-English explanation; nothing here prints or reads files.
//!
//! - [`evaluate`]: must a review be held, and must Ofsted be notified, clause by clause.
//! - [`timeline`]: every deadline, its due date and where it stands on a given day.
//! - [`decide`]: after a rapid review (2018 regime), the local review considerations
//!   answered with reasons, and the partners' view on a national review.
//! - [`calendar`]: calendar months clamped to the month end, working days, and the bank
//!   holidays of England and Wales.

pub mod calendar;
mod criteria;
mod decisions;
mod timescales;

pub use calendar::long_date;
pub use criteria::{Clause, ClauseStatus, Criteria, Evaluation, Fact, Outcome, evaluate};
pub use decisions::{
    Consideration, Decisions, LocalReviewDecision, NationalReviewPrompt, evaluate as decide,
};
pub use timescales::{Basis, Counts, Deadline, Status, Timeline, timeline};
