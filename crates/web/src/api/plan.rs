//! `GET /api/v1/plan`: today's sessions and exercises, or a 409 problem carrying the status
//! when no programme may be shown (not screened yet, an urgent result, or a hold).

use crate::AppState;
use crate::api::extract::problem_json;
use crate::api::status::{StatusView, status_of};
use crate::auth::ApiUser;
use crate::error::{ApiResult, Problem};
use crate::pages::patient::person;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use sciatica_core::plan::Planned;
use sciatica_core::policy::Action;
use sciatica_core::progression::{Proposal, StopReason};
use sciatica_core::{Cause, Content, Direction, Family, Slot};
use sciatica_store::person::Today;
use serde::Serialize;
use utoipa::ToSchema;

/// A problem that carries the current status: no programme may be shown now.
#[derive(Debug, Serialize, ToSchema)]
pub struct BlockedProblem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status (409).
    pub status: u16,
    /// What happened and what to do.
    pub detail: String,
    /// The status that holds the programme back.
    pub current_status: StatusView,
}

/// A planned session of today.
#[derive(Debug, Serialize, ToSchema)]
pub struct SlotView {
    /// `morning` or `evening`.
    #[schema(schema_with = crate::api::schema::slot)]
    pub slot: Slot,
    /// When it is planned.
    #[schema(schema_with = crate::api::schema::instant)]
    pub at: Timestamp,
    /// When it was done, if it was.
    #[schema(value_type = Option<String>, format = DateTime)]
    pub done_at: Option<Timestamp>,
}

/// An exercise of the plan with its dose.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlannedView {
    /// Exercise id (kebab-case).
    pub id: String,
    /// Plain name.
    pub name: String,
    /// Main direction of movement.
    #[schema(schema_with = crate::api::schema::direction)]
    pub direction: Direction,
    /// Rounds.
    pub sets: u32,
    /// Repetitions per round (holds, for a hold exercise).
    pub reps: u32,
    /// Seconds each hold lasts, for a hold exercise.
    pub hold_seconds: Option<u32>,
    /// Minutes, for time-based activity.
    pub minutes: Option<u32>,
    /// The dose is done on each side.
    pub per_side: bool,
    /// Times a day.
    pub times_per_day: u32,
    /// The dose in words.
    pub dose: String,
    /// A symptom-response trial the person chose.
    pub trial: bool,
    /// In its easier version for now.
    pub regressed: bool,
    /// Why it is easier for now, until when and how (also on an exercise that stands in for
    /// another).
    pub easier: Option<EasierView>,
    /// The exercise this one stands in for, for now.
    pub replaces: Option<String>,
    /// A note for this phase.
    pub note: Option<String>,
    /// The exercise's instructions.
    pub url: String,
    /// The animated figure.
    pub figure: String,
}

/// An easier version in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct EasierView {
    /// What happened: `moved_down` (it sent symptoms further down the leg) or `stopped` (the
    /// session was stopped during it).
    pub reason: String,
    /// The last day of the easier version.
    #[schema(value_type = String, format = Date)]
    pub until: Date,
    /// What is easier, in plain words.
    pub summary: String,
}

impl PlannedView {
    /// An exercise of the plan as the API shows it.
    pub fn of(c: &Content, e: &Planned) -> PlannedView {
        let mut v = PlannedView::from(e);
        v.easier = e.easier.as_ref().map(|x| EasierView {
            reason: match x.reason {
                StopReason::MovedDown => "moved_down".to_owned(),
                StopReason::Stopped => "stopped".to_owned(),
            },
            until: x.until,
            summary: crate::words::easier(c, e).unwrap_or_default(),
        });
        v
    }
}

impl From<&Planned> for PlannedView {
    fn from(e: &Planned) -> PlannedView {
        PlannedView {
            id: e.id.clone(),
            name: e.name.clone(),
            direction: e.direction,
            sets: e.sets,
            reps: e.reps,
            hold_seconds: e.hold_seconds,
            minutes: e.minutes,
            per_side: e.per_side,
            times_per_day: e.times_per_day,
            dose: crate::words::dose(&e.dosage()),
            trial: e.trial,
            regressed: e.regressed,
            easier: None,
            replaces: e.replaces.clone(),
            note: e.note.clone(),
            url: format!("/api/v1/exercises/{}", e.id),
            figure: format!("/figures/{}.svg", e.id),
        }
    }
}

/// Today's plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    /// The person's local date.
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// The person's cause.
    #[schema(schema_with = crate::api::schema::cause)]
    pub cause: Cause,
    /// The family of the programme planned.
    #[schema(schema_with = crate::api::schema::family)]
    pub family: Family,
    /// The programme's name.
    pub programme: String,
    /// The phase (1 relief, 2 recovery, 3 maintenance).
    pub phase: u8,
    /// Sessions planned a day.
    pub sessions_per_day: u8,
    /// Today's sessions and whether they are done.
    pub slots: Vec<SlotView>,
    /// The exercises, in order.
    pub exercises: Vec<PlannedView>,
    /// The last screen is more than a week old: answer the safety questions again.
    pub rescreen_due: bool,
    /// Every criterion of the phase holds: the person may move to this phase.
    pub ready_for_phase: Option<u8>,
    /// The status (something may need attention even when the programme goes on).
    pub status: StatusView,
}

/// The 409 answer when no programme may be shown.
pub fn blocked(status: StatusView) -> Response {
    let (kind, title, detail) = if status.screened {
        (
            "programme-paused",
            "Your exercises are paused",
            "No exercise programme may be shown until this is dealt with; see current_status.",
        )
    } else {
        (
            "not-screened",
            "Please answer the safety questions first",
            "Send the screening answers to POST /api/v1/screenings first.",
        )
    };
    let body = BlockedProblem {
        kind: format!("https://sciatica.invalid/problems/{kind}"),
        title: title.to_owned(),
        status: StatusCode::CONFLICT.as_u16(),
        detail: detail.to_owned(),
        current_status: status,
    };
    problem_json(StatusCode::CONFLICT, &body)
}

/// Today's plan.
#[utoipa::path(
    get,
    path = "/api/v1/plan",
    operation_id = "get_plan",
    tag = "programme",
    responses(
        (status = 200, description = "Today's plan", body = PlanView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No patient record of yours", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No programme may be shown now; the problem carries the status", body = BlockedProblem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn plan(State(state): State<AppState>, ApiUser(user): ApiUser) -> ApiResult<Response> {
    let person = person(&state, &user, Action::ReadRecord).await?;
    let c = state.content;
    let status = status_of(c, &person)?;
    let (today, assessment) = person.today_plan(c)?;
    let plan = match today {
        Today::Plan(p) => p,
        Today::NotScreened | Today::Blocked(_) => return Ok(blocked(status)),
    };
    let todays: Vec<_> =
        person.record.recent().iter().filter(|s| s.date == person.today && s.counts_as_done()).collect();
    let slots = person
        .schedule
        .planned(person.today, plan.sessions_per_day)
        .into_iter()
        .map(|p| SlotView {
            slot: p.slot,
            at: p.at.timestamp(),
            done_at: todays.iter().find(|s| s.slot == p.slot).map(|s| s.ended_at),
        })
        .collect();
    let programme =
        c.protocols.iter().find(|p| p.family == plan.family).map_or_else(String::new, |p| p.name.clone());
    Ok(Json(PlanView {
        date: person.today,
        cause: plan.cause,
        family: plan.family,
        programme,
        phase: plan.phase,
        sessions_per_day: plan.sessions_per_day,
        slots,
        exercises: plan.exercises.iter().map(|e| PlannedView::of(c, e)).collect(),
        rescreen_due: person.record.rescreen_due(person.now),
        ready_for_phase: assessment.as_ref().and_then(|a| {
            a.proposals.iter().find_map(|p| match p {
                Proposal::ProgressPhase { to, .. }
                    if sciatica_core::care::proposal_id(p)
                        .is_none_or(|id| person.record.decided(&id).is_none()) =>
                {
                    Some(*to)
                }
                _ => None,
            })
        }),
        status,
    })
    .into_response())
}
