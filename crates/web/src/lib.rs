//! sciatica-web: the web application. Pages for patients (server-rendered, working without
//! JavaScript), a JSON API with an OpenAPI document, accounts and sessions, and the health and
//! metrics endpoints.

#![forbid(unsafe_code)]

pub mod api;
mod assets;
pub mod auth;
mod bodymap;
pub mod clinic;
pub mod config;
pub mod contacts;
pub mod error;
mod health;
pub mod links;
mod metrics;
pub mod pages;
mod security;
mod state;
pub mod words;

pub use config::Config;
pub use state::AppState;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::net::SocketAddr;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Largest request body (forms and JSON), 64 KiB.
const BODY_LIMIT: usize = 64 * 1024;

/// A handler that panicked answers like any internal error (logged, no details to the client).
fn panicked(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    error::AppError::Internal("a request handler panicked".into()).into_response()
}

/// The span of a request in the logs: its id, method and route (never the full address, which can
/// carry ids, nor anything of the body).
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
    let route = req.extensions().get::<axum::extract::MatchedPath>().map_or("", |p| p.as_str());
    tracing::info_span!("request", id, method = %req.method(), route)
}

async fn not_found() -> error::AppError {
    error::AppError::NotFound
}

fn forbidden(_: tower_http::csrf::ProtectionError) -> axum::http::Response<axum::body::Body> {
    let body =
        "This form was sent from another site, so it was refused. Go back to the page and send it again.";
    let mut res: Response = (StatusCode::FORBIDDEN, body).into_response();
    res.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    res
}

/// Explains a refused oversized body in the form the caller reads: a problem document for the
/// API, the error page for forms. (The body limit itself answers with bare text.)
async fn explain_too_large(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if res.status() != StatusCode::PAYLOAD_TOO_LARGE {
        return res;
    }
    let is = |kind: &str| {
        res.headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with(kind))
    };
    if is("application/problem+json") || is("text/html") {
        return res;
    }
    if api {
        return api::extract::too_large();
    }
    let mut page = error::AppError::invalid("body", api::extract::TOO_LARGE).into_response();
    *page.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    page
}

/// The application's routes and middleware.
pub fn app(state: AppState) -> Router {
    let pages = Router::new()
        .route("/", get(pages::account::home))
        .route("/login", get(pages::account::login_page).post(pages::account::login))
        .route("/logout", post(pages::account::logout))
        .route("/join/{token}", get(pages::account::join_page).post(pages::account::join))
        .route("/signup", get(pages::account::signup_page).post(pages::account::signup))
        .route("/reset/{token}", get(pages::account::reset_page).post(pages::account::reset))
        .route("/account", get(pages::account::account_page))
        .route("/account/password", post(pages::account::change_password))
        .route("/admin", get(pages::admin::admin_page))
        .route("/admin/invite", post(pages::admin::invite))
        .route("/admin/reset", post(pages::admin::reset))
        .route("/admin/signup", post(pages::admin::signup_setting))
        .route("/screen", get(pages::screen::start))
        .route("/screen/assessed", post(pages::screen::assessed))
        .route("/screen/{n}", get(pages::screen::page).post(pages::screen::answer))
        .route("/screen/result/{id}", get(pages::screen_result::result))
        .route("/screen/result/{id}/understood", post(pages::screen_result::understood))
        .route("/onboarding/times", get(pages::today::times_page).post(pages::today::save_times))
        .route("/today", get(pages::today::today))
        .route("/assessed", post(pages::program::assessed))
        .route("/program", get(pages::program::program).post(pages::program::change))
        .route("/exercises/{id}", get(pages::program::exercise))
        .route("/figures/{file}", get(pages::program::figure))
        .route("/learn", get(pages::program::learn_index))
        .route("/learn/{id}", get(pages::program::learn_page))
        .route("/session", get(pages::session::show))
        .route("/session/summary/{id}", get(pages::session_summary::summary))
        .route("/session/summary/{id}/harm", get(pages::harm::form).post(pages::harm::submit))
        .route("/session/summary/{id}/harm/{report}", get(pages::harm::result))
        .route("/session/{step}", post(pages::session::answer))
        .route("/calendar", get(pages::calendar::page).post(pages::calendar::change))
        .route("/calendar/{file}", get(pages::calendar::feed))
        .route("/progress", get(pages::progress::progress))
        .route("/measures", get(pages::measures::list))
        .route("/measures/{id}", get(pages::measures::form).post(pages::measures::submit))
        .route("/measures/{id}/saved/{response}", get(pages::measures::saved))
        .route("/data", get(pages::data::page))
        .route("/data/{file}", get(pages::data::download))
        .route("/data/delete", post(pages::data::confirm))
        .route("/data/delete/confirm", post(pages::data::delete))
        // Clinical actions on a patient of the care team.
        .route("/clinic/patients/{id}/actions", get(pages::clinic::index))
        .route(
            "/clinic/patients/{id}/cause",
            get(pages::clinic::forms::cause_page).post(pages::clinic::forms::cause),
        )
        .route(
            "/clinic/patients/{id}/clearance",
            get(pages::clinic::forms::clearance_page).post(pages::clinic::forms::clearance),
        )
        .route(
            "/clinic/patients/{id}/acknowledge",
            get(pages::clinic::forms::acknowledge_page).post(pages::clinic::forms::acknowledge),
        )
        .route(
            "/clinic/patients/{id}/program",
            get(pages::clinic::forms::program_page).post(pages::clinic::forms::program),
        )
        .route(
            "/clinic/patients/{id}/program/exercises",
            get(pages::clinic::exercises::show).post(pages::clinic::exercises::submit),
        )
        .route(
            "/clinic/patients/{id}/phase",
            get(pages::clinic::forms::phase_page).post(pages::clinic::forms::phase),
        )
        .route(
            "/clinic/patients/{id}/proposals/{proposal_id}",
            get(pages::clinic::proposals::show).post(pages::clinic::proposals::submit),
        )
        .route(
            "/clinic/patients/{id}/note",
            get(pages::clinic::forms::note_page).post(pages::clinic::forms::note),
        );
    Router::new()
        .merge(pages)
        .merge(api::router())
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route("/static/{file}", get(assets::file))
        .fallback(not_found)
        .layer(CatchPanicLayer::custom(panicked))
        .layer(CsrfLayer::new().with_rejection_response(forbidden))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(axum::middleware::from_fn(explain_too_large))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        // Every request has an id: in its log span, and in the answer's `x-request-id`.
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Serves the application on a bound listener until `shutdown` completes; in-flight requests
/// finish first.
pub async fn serve(
    state: AppState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}
