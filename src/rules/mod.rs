//! The statutory process rules: the criteria for a review, the timescales, and the calendar
//! they are counted in.
//!
//! A coordinator applies these rules by hand today and has to explain them to the panel, the
//! Independent Chair, Ofsted and the National Panel. Each function here takes the typed case
//! and returns data (serialisable, for templates and `--json`) that carries its own
//! plain-English explanation; nothing here prints or reads files.
//!
//! - [`criteria::evaluate`]: must a review be held, and must Ofsted be notified, clause by clause.
//! - [`timescales::timeline`]: every deadline, its due date and where it stands on a given day.
//! - [`decisions::evaluate`]: after a rapid review (2018 regime), the local review
//!   considerations answered with reasons, and the partners' view on a national review.
//! - [`calendar`]: calendar months clamped to the month end, working days, and the bank
//!   holidays of England and Wales.

pub mod calendar;
pub mod criteria;
pub mod decisions;
pub mod timescales;

pub use criteria::{Criteria, evaluate};
pub use decisions::Decisions;
pub use timescales::{Timeline, timeline};
