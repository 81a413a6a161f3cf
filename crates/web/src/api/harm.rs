//! `POST /api/v1/sessions/{id}/harm`: the person says something went wrong after a session. The
//! report is kept with the session and raises an alert for their clinician; the answer carries
//! the advice for it and the status it leaves (an urgent one pauses the programme).

use crate::AppState;
use crate::api::extract::{ApiJson, created};
use crate::api::status::{AlertView, StatusView, status_of};
use crate::auth::ApiUser;
use crate::error::{ApiResult, AppError, FieldProblem, Problem};
use crate::pages::patient::person;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use sciatica_core::harm::{HarmKind, Report, Severity, advise};
use sciatica_core::policy::Action;
use sciatica_core::{Content, Urgency};
use sciatica_store::harm::{HarmReport, Reported};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, ObjectBuilder, Type};

fn kind() -> Object {
    let values: Vec<&str> = HarmKind::ALL.iter().map(|k| k.as_str()).collect();
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build()
}

fn severity() -> Object {
    let values: Vec<&str> = Severity::ALL.iter().map(|k| k.as_str()).collect();
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values)).build()
}

/// What went wrong.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewHarmBody {
    /// What happened: `bladder_bowel` (new trouble peeing or holding in pee or poo, or numbness
    /// between the legs), `other_leg` (symptoms in the other leg too), `weakness`, `numbness`
    /// (a new or bigger numb patch), `pain_worse`, `fall_injury` or `other`.
    #[schema(schema_with = kind)]
    pub kind: String,
    /// How bad it is.
    #[schema(schema_with = severity)]
    pub severity: String,
    /// What happened in the person's words (up to 2000 characters; required for `other`).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub details: Option<String>,
    /// The report's id (a UUID), so that sending it again stores it once.
    #[serde(default)]
    #[schema(format = "uuid")]
    pub id: Option<String>,
}

/// A stored report with the advice for it.
#[derive(Debug, Serialize, ToSchema)]
pub struct HarmView {
    /// Id.
    pub id: String,
    /// The session it is about.
    pub session_id: String,
    /// When it was reported.
    #[schema(schema_with = crate::api::schema::instant)]
    pub reported_at: Timestamp,
    /// What happened.
    #[schema(schema_with = kind)]
    pub kind: HarmKind,
    /// How bad.
    #[schema(schema_with = severity)]
    pub severity: Severity,
    /// In the person's words.
    pub details: Option<String>,
    /// The harm rule it matched (`H01`–`H09`).
    pub rule: String,
    /// How soon care is needed.
    #[schema(schema_with = crate::api::schema::urgency)]
    pub urgency: Urgency,
    /// What happens to the programme.
    #[schema(schema_with = crate::api::schema::action)]
    pub action: sciatica_core::Action,
    /// Show the emergency advice now (with the emergency numbers).
    pub emergency: bool,
    /// The programme is paused until a clinician has seen the person.
    pub paused: bool,
    /// What to do, in plain words.
    pub advice: String,
    /// The alert the clinician sees (`null` when the same rule's alert was already open).
    pub alert: Option<AlertView>,
    /// The status now.
    pub status: StatusView,
}

impl HarmView {
    fn of(c: &Content, r: HarmReport, alert: Option<AlertView>, status: StatusView) -> HarmView {
        let advice = advise(c, r.kind, r.severity);
        HarmView {
            id: r.id,
            session_id: r.session_id,
            reported_at: r.reported_at,
            kind: r.kind,
            severity: r.severity,
            details: r.details,
            rule: r.rule,
            urgency: r.urgency,
            action: r.action,
            emergency: advice.emergency(),
            paused: advice.pauses(),
            advice: advice.advice,
            alert,
            status,
        }
    }
}

/// Reports that something went wrong after a session. Every wrong field is named with what is
/// allowed, and nothing is stored when any is wrong.
#[utoipa::path(
    post,
    path = "/api/v1/sessions/{id}/harm",
    operation_id = "report_harm",
    tag = "sessions",
    params(("id" = String, Path, description = "The session's id")),
    request_body = NewHarmBody,
    responses(
        (status = 200, description = "This report was stored before under its id; nothing was stored again", body = HarmView),
        (status = 201, description = "Stored; the advice, the alert and the status now", body = HarmView,
            headers(("Location" = String, description = "The session's address"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such session of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another report was stored under this id", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 64 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad input; the problem names every wrong field", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn report(
    State(state): State<AppState>,
    ApiUser(user): ApiUser,
    Path(session_id): Path<String>,
    ApiJson(body): ApiJson<NewHarmBody>,
) -> ApiResult<Response> {
    let writer = person(&state, &user, Action::WriteRecord).await?;
    let c = state.content;
    let mut problems: Vec<FieldProblem> = Vec::new();
    let report = Report::parse(&body.kind, &body.severity, body.details.as_deref().unwrap_or_default())
        .map_err(|e| {
            problems.extend(e.0.into_iter().map(|f| FieldProblem { field: f.field, message: f.problem }));
        })
        .ok();
    let id = match body.id.as_deref().map(uuid::Uuid::try_parse) {
        Some(Ok(u)) => Some(u.hyphenated().to_string()),
        Some(Err(_)) => {
            problems.push(FieldProblem {
                field: "id".to_owned(),
                message: "is not a UUID; allowed: a UUID such as 0190a4c2-7b1e-7c3a-9f00-1a2b3c4d5e6f"
                    .to_owned(),
            });
            None
        }
        None => None,
    };
    let Some(report) = report.filter(|_| problems.is_empty()) else {
        return Err(AppError::Invalid(problems).into());
    };
    let stored =
        state.store.report_harm(c, &writer.patient, &session_id, id, &report, Timestamp::now()).await?;
    let now = person(&state, &user, Action::ReadRecord).await?;
    let status = status_of(c, &now)?;
    let location = format!("/api/v1/sessions/{session_id}");
    Ok(match stored {
        Reported::Stored(r, alert) => {
            let alert = alert.and_then(|a| AlertView::of(c, &(&a).into()));
            created(&location, &HarmView::of(c, r, alert, status))
        }
        Reported::Again(r) => Json(HarmView::of(c, r, None, status)).into_response(),
    })
}
