//! A review's audit log, checked: every entry, latest first.

use super::{AppStateRef, not_found, refusal, render};
use crate::audit;
use crate::serve::blocking;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

pub(super) struct AuditRow {
    pub(super) seq: u64,
    pub(super) time: String,
    pub(super) user: String,
    pub(super) action: String,
    pub(super) detail: String,
    pub(super) files: Vec<String>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    name: String,
    ok: bool,
    status: String,
    rows: Vec<AuditRow>,
}

/// The whole audit log of a review, checked.
pub(crate) async fn audit_page(State(state): AppStateRef, Path(name): Path<String>) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    match blocking(move || f.audit()).await {
        Ok(Ok(v)) => {
            let page = AuditPage {
                name,
                ok: v.is_intact(),
                status: match &v.broken {
                    None => format!(
                        "Intact: {} entries, each chained to the one before.",
                        v.entries.len()
                    ),
                    Some((line, reason)) => format!("Broken at entry {line}: {reason}."),
                },
                rows: audit_rows(&v.entries, usize::MAX),
            };
            render(StatusCode::OK, &page)
        }
        Ok(Err(e)) => refusal(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
        Err(resp) => resp,
    }
}

pub(super) fn audit_rows(entries: &[audit::Entry], last: usize) -> Vec<AuditRow> {
    entries
        .iter()
        .rev()
        .take(last)
        .map(|e| AuditRow {
            seq: e.seq,
            time: e.time.replace('T', " ").replace('Z', " UTC"),
            user: e.user.clone(),
            action: e.action.clone(),
            detail: e.detail.clone(),
            files: e
                .files
                .iter()
                .map(|f| {
                    if f.sha256.is_empty() {
                        f.name.clone()
                    } else {
                        format!("{} (SHA-256 {})", f.name, &f.sha256)
                    }
                })
                .collect(),
        })
        .collect()
}
