//! Agency chronology returns: read, validate cell by cell, merge into one chronology.
pub mod columns;
pub mod dates;
