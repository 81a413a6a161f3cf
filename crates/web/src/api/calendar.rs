//! The private calendar feed: `GET /api/v1/calendar` (its link, if on), `POST /api/v1/calendar`
//! (a new link; the old one stops working) and `DELETE /api/v1/calendar` (off).

use crate::AppState;
use crate::auth::{ApiUser, token};
use crate::error::{ApiResult, Problem};
use crate::pages::patient::patient_id;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use sciatica_core::policy::Action;
use serde::Serialize;
use utoipa::ToSchema;

/// The feed's link: anyone with it can read the session times, so it is kept private.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarView {
    /// The iCalendar feed, or null when the feed is off.
    pub url: Option<String>,
    /// True when the person chose (on the calendar page) to show their programme and its cause
    /// in the events; otherwise they hold times and neutral titles only.
    pub detail: bool,
}

/// The feed link, when the feed is on.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedLink {
    /// The iCalendar feed.
    pub url: String,
}

fn url(state: &AppState, secret: &str) -> String {
    format!("{}/calendar/{secret}.ics", state.config.base())
}

/// The feed's link, if the feed is on.
#[utoipa::path(
    get,
    path = "/api/v1/calendar",
    operation_id = "get_calendar",
    tag = "calendar",
    responses(
        (status = 200, description = "The feed", body = CalendarView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn get_feed(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<Json<CalendarView>> {
    let id = patient_id(&state, &user, Action::ManageCalendar).await?;
    let url = state.store.calendar_token(&id).await?.map(|t| url(&state, &t));
    let detail = state.store.calendar_detail(&id).await?;
    Ok(Json(CalendarView { url, detail }))
}

/// Turns the feed on with a new link; an old link stops working.
#[utoipa::path(
    post,
    path = "/api/v1/calendar",
    operation_id = "renew_calendar",
    tag = "calendar",
    responses(
        (status = 201, description = "The new link", body = FeedLink),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn new_feed(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
) -> ApiResult<(StatusCode, Json<FeedLink>)> {
    let id = patient_id(&state, &user, Action::ManageCalendar).await?;
    let secret = token::new_secret();
    state.store.set_calendar_token(&id, &secret, Timestamp::now()).await?;
    Ok((StatusCode::CREATED, Json(FeedLink { url: url(&state, &secret) })))
}

/// Turns the feed off; the link stops working.
#[utoipa::path(
    delete,
    path = "/api/v1/calendar",
    operation_id = "delete_calendar",
    tag = "calendar",
    responses(
        (status = 204, description = "Off"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn delete_feed(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<StatusCode> {
    let id = patient_id(&state, &user, Action::ManageCalendar).await?;
    state.store.revoke_calendar(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}
