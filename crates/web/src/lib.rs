//! sciatica-web: the web application. Pages for patients (server-rendered, working without
//! JavaScript), a JSON API with an OpenAPI document, accounts and sessions, and the health and
//! metrics endpoints.

#![forbid(unsafe_code)]

pub mod api;
mod assets;
pub mod auth;
mod bodymap;
pub mod clinic;
pub mod clinical;
pub mod config;
pub mod contacts;
pub mod error;
mod health;
pub mod links;
pub mod manage;
mod metrics;
pub mod pages;
pub mod progress_charts;
pub mod routes;
mod security;
pub mod settings;
mod state;
pub mod words;

pub use config::Config;
pub use routes::routes;
pub use state::AppState;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use std::net::SocketAddr;
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

/// True when a path, percent-decoded, is not UTF-8 (such a path can name nothing here).
fn bad_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                decoded.push(u8::try_from(h * 16 + l).unwrap_or(0));
                i += 3;
            }
            (b, _, _) => {
                decoded.push(b);
                i += 1;
            }
        }
    }
    std::str::from_utf8(&decoded).is_err()
}

/// A path that is not UTF-8 once percent-decoded answers "not found" in the caller's form (a
/// problem document naming `path` for the API), before any route tries to read it.
async fn refuse_bad_paths(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if !bad_path(req.uri().path()) {
        return next.run(req).await;
    }
    if req.uri().path().starts_with("/api/") {
        return api::extract::problem(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            vec![error::FieldProblem {
                field: "path".to_owned(),
                message: "is not valid UTF-8 once percent-decoded; nothing has such a name".to_owned(),
            }],
        );
    }
    error::AppError::NotFound.into_response()
}

/// Explains a refused oversized body or a request that took too long in the form the caller
/// reads: a problem document for the API, the error page for forms. (The body limit and the
/// timeout themselves answer with bare text or nothing.)
async fn explain_too_large(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if res.status() == StatusCode::REQUEST_TIMEOUT
        && !res.headers().contains_key(axum::http::header::CONTENT_TYPE)
    {
        let mut explained = if api {
            api::extract::problem(
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "The request took too long",
                vec![error::FieldProblem {
                    field: "body".to_owned(),
                    message: "did not arrive in time; please send the request again".to_owned(),
                }],
            )
        } else {
            (StatusCode::REQUEST_TIMEOUT, "The request took too long to arrive. Please try again.")
                .into_response()
        };
        *explained.status_mut() = StatusCode::REQUEST_TIMEOUT;
        return explained;
    }
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
    Router::new()
        .merge(routes::router())
        // Any other path under `/api/v1/` answers a problem document, not the HTML error page.
        .route("/api/v1/{*rest}", any(api::unknown))
        .fallback(not_found)
        .layer(CatchPanicLayer::custom(panicked))
        .layer(CsrfLayer::new().with_rejection_response(forbidden))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        // Inside the explanations, the metrics and the security headers, so a slow body's `408`
        // is explained, counted and carries every header.
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(axum::middleware::from_fn(explain_too_large))
        .layer(axum::middleware::from_fn(refuse_bad_paths))
        .layer(axum::middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::headers))
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
