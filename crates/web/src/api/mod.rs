//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//! Clients use a bearer token (or the session cookie of the web pages); errors are
//! `application/problem+json` naming the field.
//!
//! Every route is listed once, in [`endpoints`]: the router is built from that list, and a test
//! checks that the OpenAPI document describes exactly the same methods and paths.

pub mod account;
pub mod calendar;
pub mod clinical;
pub mod clinical_views;
pub mod exercises;
pub mod export;
pub mod extract;
pub mod harm;
pub mod me;
pub mod measures;
pub mod plan;
pub mod profile;
pub mod program;
pub mod progress;
pub mod schema;
pub mod screenings;
pub mod session_body;
pub mod sessions;
pub mod status;

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, any, on};
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "sciatica API", description = "The JSON API of sciatica, a home-exercise coach for sciatica."),
    paths(
        openapi,
        me::me,
        account::erase,
        account::create_token,
        account::revoke_token,
        profile::get_profile,
        profile::put_profile,
        screenings::create,
        screenings::list,
        screenings::one,
        status::status,
        status::assessed,
        plan::plan,
        program::get_program,
        program::patch_program,
        exercises::list,
        exercises::one,
        sessions::create,
        sessions::list,
        sessions::one,
        harm::report,
        progress::progress,
        measures::submit,
        measures::list,
        calendar::get_feed,
        calendar::new_feed,
        calendar::delete_feed,
        export::export,
        // Clinical actions on a patient of the care team.
        clinical::put_cause,
        clinical::put_clearance,
        clinical::acknowledge,
        clinical::start_program,
        clinical::edit_program,
        clinical::put_phase,
        clinical::decide,
        clinical::note,
        clinical::actions,
    ),
    components(schemas(me::Me, crate::error::Problem, crate::error::FieldProblem, schema::ScreeningAnswers)),
    modifiers(&Security),
    tags(
        (name = "account", description = "The account, its API tokens, export and erasure"),
        (name = "profile", description = "Name, time zone and session times"),
        (name = "screenings", description = "The safety questions and their results"),
        (name = "status", description = "What is in force now"),
        (name = "programme", description = "The programme and today's plan"),
        (name = "exercises", description = "How to do each exercise"),
        (name = "sessions", description = "Logged sessions"),
        (name = "progress", description = "Progress over time"),
        (name = "measures", description = "Outcome questionnaires"),
        (name = "calendar", description = "The private calendar feed"),
        (name = "clinical", description = "Clinical actions on a patient of your care team, and their history"),
    )
)]
pub struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "get_openapi",
    tag = "account",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = Object)),
    security(())
)]
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// One route of the API.
pub struct Endpoint {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{name}` for a parameter (the same syntax in axum and OpenAPI).
    pub path: &'static str,
    router: MethodRouter<AppState>,
}

fn at<H, T>(method: Method, path: &'static str, handler: H) -> Endpoint
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("a method the router supports");
    Endpoint { method, path, router: on(filter, handler) }
}

/// Every route of the API, once. The router and the OpenAPI check both read this list.
pub fn endpoints() -> Vec<Endpoint> {
    use Method as M;
    vec![
        at(M::GET, "/api/v1/openapi.json", openapi),
        at(M::GET, "/api/v1/me", me::me),
        at(M::DELETE, "/api/v1/me", account::erase),
        at(M::POST, "/api/v1/tokens", account::create_token),
        at(M::DELETE, "/api/v1/tokens/current", account::revoke_token),
        at(M::GET, "/api/v1/profile", profile::get_profile),
        at(M::PUT, "/api/v1/profile", profile::put_profile),
        at(M::POST, "/api/v1/screenings", screenings::create),
        at(M::GET, "/api/v1/screenings", screenings::list),
        at(M::GET, "/api/v1/screenings/{id}", screenings::one),
        at(M::GET, "/api/v1/status", status::status),
        at(M::POST, "/api/v1/assessed", status::assessed),
        at(M::GET, "/api/v1/plan", plan::plan),
        at(M::GET, "/api/v1/program", program::get_program),
        at(M::PATCH, "/api/v1/program", program::patch_program),
        at(M::GET, "/api/v1/exercises", exercises::list),
        at(M::GET, "/api/v1/exercises/{id}", exercises::one),
        at(M::POST, "/api/v1/sessions", sessions::create),
        at(M::GET, "/api/v1/sessions", sessions::list),
        at(M::GET, "/api/v1/sessions/{id}", sessions::one),
        at(M::POST, "/api/v1/sessions/{id}/harm", harm::report),
        at(M::GET, "/api/v1/progress", progress::progress),
        at(M::POST, "/api/v1/measures/{measure}", measures::submit),
        at(M::GET, "/api/v1/measures", measures::list),
        at(M::GET, "/api/v1/calendar", calendar::get_feed),
        at(M::POST, "/api/v1/calendar", calendar::new_feed),
        at(M::DELETE, "/api/v1/calendar", calendar::delete_feed),
        at(M::GET, "/api/v1/export", export::export),
        // Clinical actions on a patient of the care team.
        at(M::PUT, "/api/v1/patients/{id}/cause", clinical::put_cause),
        at(M::PUT, "/api/v1/patients/{id}/clearance", clinical::put_clearance),
        at(M::POST, "/api/v1/patients/{id}/acknowledgements", clinical::acknowledge),
        at(M::POST, "/api/v1/patients/{id}/program", clinical::start_program),
        at(M::PATCH, "/api/v1/patients/{id}/program", clinical::edit_program),
        at(M::PUT, "/api/v1/patients/{id}/phase", clinical::put_phase),
        at(M::POST, "/api/v1/patients/{id}/proposals/{proposal_id}", clinical::decide),
        at(M::POST, "/api/v1/patients/{id}/notes", clinical::note),
        at(M::GET, "/api/v1/patients/{id}/actions", clinical::actions),
    ]
}

/// Any other path under `/api/v1/` answers a problem document, not the HTML error page.
async fn unknown() -> ApiError {
    ApiError(AppError::NotFound)
}

/// The API routes: [`endpoints`], and a problem-document 404 for any other `/api/v1/` path.
pub fn router() -> Router<AppState> {
    endpoints()
        .into_iter()
        .fold(Router::new(), |r, e| r.route(e.path, e.router))
        .route("/api/v1/{*rest}", any(unknown))
}
