//! Recording the day's facts: the date a step happened, validated and written back to the case
//! file.

use super::review::{PageState, show_refused};
use super::{AppStateRef, csrf_ok, forged, not_found};
use crate::serve::{Session, blocking};
use crate::workspace::{Fact, WorkspaceError};
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize)]
pub(crate) struct FactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    date: String,
}

/// Reads a date as typed: `YYYY-MM-DD` (what a date field sends) or `dd/mm/yyyy`.
fn read_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// Records the date of a step in the case file.
pub(crate) async fn record_fact(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    axum::Form(form): axum::Form<FactForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let fact = Fact::from_field(&form.step);
    let date = read_date(&form.date);
    let mut ps = PageState {
        fact_field: form.step.clone(),
        date_value: form.date.clone(),
        ..PageState::default()
    };
    if fact.is_none() {
        ps.step_error = "Choose the step that happened".into();
    }
    if form.date.trim().is_empty() {
        ps.fact_error = "Enter the date the step happened".into();
    } else if date.is_none() {
        ps.fact_error = "Enter a real date, for example 27/03/2026".into();
    }
    let (Some(fact), Some(date)) = (fact, date) else {
        return show_refused(state, name, session.csrf, ps).await;
    };
    let st = state.clone();
    match blocking(move || f.record_fact(fact, date, st.today(), &st.user)).await {
        Ok(Ok(())) => Redirect::to(&format!("/review/{name}?done=fact#facts")).into_response(),
        Ok(Err(WorkspaceError::Problems(d))) => {
            ps.fact_error = d
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            show_refused(state, name, session.csrf, ps).await
        }
        Ok(Err(WorkspaceError::Refused(msg))) => {
            ps.fact_error = msg;
            show_refused(state, name, session.csrf, ps).await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
