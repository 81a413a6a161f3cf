//! The patient's side of the care team: who has access to their record and since when (past
//! access too), and ending a clinician's access (with a confirmation step; audited).

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::pages::{Layout, render};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use jiff::Timestamp;
use sciatica_core::policy::{Action, Role, Target};
use sciatica_store::StoreError;
use sciatica_store::care_team::Membership;

/// A membership as the account page shows it, dates in the patient's time zone.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The clinician's account id.
    pub clinician_id: String,
    /// Their email.
    pub email: String,
    /// "3 March 2026".
    pub since: String,
    /// When access ended, if it has.
    pub ended: Option<String>,
}

/// The patient's own record id, checked by the policy for ending access.
async fn own(state: &AppState, user: &CurrentUser) -> Result<String, AppError> {
    crate::pages::patient::patient_id(state, user, Action::EndCareTeam).await
}

/// The care team of the signed-in patient (nothing for staff).
pub async fn shown(state: &AppState, user: &CurrentUser) -> Result<Vec<Shown>, AppError> {
    if user.user.role != Role::Patient {
        return Ok(Vec::new());
    }
    let Some(pid) = user.user.patient_id.as_deref() else { return Ok(Vec::new()) };
    user.authorize(state, Action::ReadRecord, Target::Patient(pid)).await?;
    let tz = state.store.patient(pid).await?.schedule()?.tz;
    let day = |t: Timestamp| t.to_zoned_datetime(tz.clone()).strftime("%-d %B %Y").to_string();
    Ok(state
        .store
        .care_team(pid)
        .await?
        .into_iter()
        .map(|m: Membership| Shown {
            clinician_id: m.clinician_id,
            email: m.clinician_email,
            since: day(m.added_at),
            ended: m.ended_at.map(day),
        })
        .collect())
}

#[derive(Template)]
#[template(path = "clinician_end.html")]
struct EndPage {
    layout: Layout,
    clinician: Shown,
}

/// `POST /account/clinicians/{id}/end`: asks the patient to confirm.
pub async fn confirm(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    own(&state, &user).await?;
    let clinician = shown(&state, &user)
        .await?
        .into_iter()
        .find(|m| m.clinician_id == id && m.ended.is_none())
        .ok_or(AppError::NotFound)?;
    render(&EndPage { layout: Layout::for_user(&user, "account"), clinician })
}

/// Ends a clinician's current access to the signed-in patient's record and audits it; not
/// found when that clinician has none.
pub async fn end_access(state: &AppState, user: &CurrentUser, clinician_id: &str) -> Result<(), AppError> {
    let pid = own(state, user).await?;
    let now = Timestamp::now();
    match state.store.end_care_team(&pid, clinician_id, Some(&user.user.id), now).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    state
        .store
        .audit(Some(&user.user.id), Some(Role::Patient), "care_team.end", Some(&pid), clinician_id, now)
        .await?;
    Ok(())
}

/// `POST /account/clinicians/{id}/end/confirm`: ends the access.
pub async fn end(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> PageResult {
    end_access(&state, &user, &id).await?;
    Ok(Redirect::to("/account?ended=1#clinicians").into_response())
}
