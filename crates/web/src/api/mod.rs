//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//! Clients use a bearer token (or the session cookie of the web pages); errors are
//! `application/problem+json` naming the field.
//!
//! Every route is listed once, in [`endpoints`]: the router is built from that list (through
//! [`crate::routes::routes`]), and a test checks that the OpenAPI document describes exactly the
//! same methods and paths.

pub mod account;
pub mod admin;
pub mod audit;
pub mod calendar;
pub mod clinic;
pub mod clinic_settings;
pub mod clinical;
pub mod clinical_views;
pub mod clinicians;
pub mod exercises;
pub mod export;
pub mod extract;
pub mod harm;
pub mod invitations;
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
pub mod tokens;
pub mod treating;

use crate::AppState;
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};
use utoipa::OpenApi;
use utoipa::openapi::RefOr;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "sciatica API", description = "The JSON API of sciatica, a home-exercise coach for sciatica."),
    paths(
        openapi,
        me::me,
        account::erase,
        account::confirm,
        tokens::create_token,
        tokens::list_tokens,
        tokens::revoke_token,
        tokens::revoke_by_id,
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
        audit::my_access,
        audit::search,
        admin::list,
        admin::change,
        admin::reset_link,
        admin::transfer,
        invitations::list,
        invitations::revoke,
        invitations::resend,
        clinic_settings::get_settings,
        clinic_settings::put_settings,
        clinicians::list,
        clinicians::end,
        clinic::panel,
        clinic::patient,
        clinic::monitoring,
        clinic::record_time,
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
    modifiers(&Security, &WriteLimit),
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
        (name = "admin", description = "Accounts, invitations, clinic settings and the audit log (administrators only)"),
        (name = "clinic", description = "The clinician's caseload and patient records"),
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
        // Path parameters that take a contract identifier list its values, as bodies do.
        for item in openapi.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post, &mut item.put, &mut item.patch, &mut item.delete]
                .into_iter()
                .flatten()
            {
                for param in op.parameters.iter_mut().flatten() {
                    if let RefOr::T(param) = param
                        && param.name == "measure"
                    {
                        param.schema = Some(schema::measure().into());
                    }
                }
            }
        }
    }
}

/// Every write may be answered `429` past the account's write limit: documented once here for
/// every POST, PUT, PATCH and DELETE that does not say so itself.
struct WriteLimit;

impl utoipa::Modify for WriteLimit {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
        let limited = || {
            ResponseBuilder::new()
                .description("Too many writes from this account; wait for `Retry-After` seconds")
                .content(
                    "application/problem+json",
                    ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for op in [&mut item.post, &mut item.put, &mut item.patch, &mut item.delete].into_iter().flatten()
            {
                op.responses.responses.entry("429".to_owned()).or_insert_with(|| limited().into());
            }
        }
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
pub async fn openapi(axum::extract::State(state): axum::extract::State<AppState>) -> Json<serde_json::Value> {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    schema::with_content(&mut doc, state.content, state.config.contacts.clinic.is_some());
    Json(doc)
}

/// One route of the API.
pub struct Endpoint {
    /// The HTTP method.
    pub method: Method,
    /// The path, with `{name}` for a parameter (the same syntax in axum and OpenAPI).
    pub path: &'static str,
    pub(crate) router: MethodRouter<AppState>,
}

/// A route of `method` and `path` served by `handler`.
pub(crate) fn at<H, T>(method: Method, path: &'static str, handler: H) -> Endpoint
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
        at(M::POST, "/api/v1/me/confirm", account::confirm),
        at(M::POST, "/api/v1/tokens", tokens::create_token),
        at(M::GET, "/api/v1/tokens", tokens::list_tokens),
        at(M::DELETE, "/api/v1/tokens/current", tokens::revoke_token),
        at(M::DELETE, "/api/v1/tokens/{id}", tokens::revoke_by_id),
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
        // Audit and administration: who looked at a patient's record, and the admin's basics.
        at(M::GET, "/api/v1/me/access", audit::my_access),
        at(M::GET, "/api/v1/audit", audit::search),
        at(M::GET, "/api/v1/admin/accounts", admin::list),
        at(M::PATCH, "/api/v1/admin/accounts/{id}", admin::change),
        at(M::POST, "/api/v1/admin/accounts/{id}/reset-link", admin::reset_link),
        at(M::POST, "/api/v1/admin/accounts/{id}/transfer", admin::transfer),
        at(M::GET, "/api/v1/admin/invitations", invitations::list),
        at(M::DELETE, "/api/v1/admin/invitations/{id}", invitations::revoke),
        at(M::POST, "/api/v1/admin/invitations/{id}/resend", invitations::resend),
        at(M::GET, "/api/v1/admin/settings", clinic_settings::get_settings),
        at(M::PUT, "/api/v1/admin/settings", clinic_settings::put_settings),
        // The clinician workspace, and the patient's side of the care team.
        at(M::GET, "/api/v1/me/clinicians", clinicians::list),
        at(M::DELETE, "/api/v1/me/clinicians/{clinician_id}", clinicians::end),
        at(M::GET, "/api/v1/panel", clinic::panel),
        at(M::GET, "/api/v1/patients/{id}", clinic::patient),
        at(M::GET, "/api/v1/patients/{id}/monitoring", clinic::monitoring),
        at(M::POST, "/api/v1/patients/{id}/time", clinic::record_time),
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
pub(crate) async fn unknown() -> ApiError {
    ApiError(AppError::NotFound)
}
