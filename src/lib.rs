//! scrkit: the paperwork of a safeguarding case review.
//!
//! A Local Safeguarding Children Board runs a Serious Case Review through a fixed process:
//! referral, information gathering, a decision against statutory criteria, Terms of Reference,
//! agency chronologies and management reviews, panels and a published, anonymised report.
//! This library turns one structured case file into the documents of that process, checks what
//! comes back, and checks what goes out. The `scr` binary is a thin layer over it.
//!
//! Every reader returns what it could make of its input together with every problem found
//! ([`diagnostic::Diagnostic`]), located for the person who must fix it. Every writer goes
//! through [`output`], which writes atomically, never over an input, never outside the output
//! folder, and readable by the owner only.

pub mod actions;
pub mod anonymise;
pub mod audit;
pub mod case;
pub mod check;
pub mod chronology;
pub mod diagnostic;
pub mod docset;
pub mod docx;
pub mod identify;
pub mod input;
pub mod mailmerge;
pub mod manifest;
pub mod output;
pub mod pack;
mod parallel;
pub mod pdf;
pub mod rules;
pub mod serve;
mod sheet_style;
pub mod suggest;
pub mod summary;
pub mod template;
pub mod uk_dates;
pub mod workspace;
