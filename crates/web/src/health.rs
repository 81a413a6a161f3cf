//! `/healthz` (the process is up), `/readyz` (the database answers) and `/metrics` (for a
//! direct request from this machine, or with the configured metrics token from anywhere).

use crate::AppState;
use crate::auth::{ClientAddr, token};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Liveness.
pub async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: the database answers and runs with its durable settings.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.settings().await {
        Ok(s) if s.journal_mode == "wal" && s.synchronous == 2 => (StatusCode::OK, "ready\n"),
        Ok(_) => (StatusCode::SERVICE_UNAVAILABLE, "database not durable\n"),
        Err(e) => {
            tracing::error!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
        }
    }
}

/// True when the request may read the metrics: it came straight from this machine (not through
/// a proxy), or it carries the metrics token (compared as hashes, so timing tells nothing).
fn may_read(state: &AppState, client: ClientAddr, headers: &HeaderMap) -> bool {
    if client.direct && client.ip.is_loopback() {
        return true;
    }
    let Some(expected) = state.config.metrics_token.as_deref() else { return false };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    sent.is_some_and(|s| token::hash(s) == token::hash(expected))
}

/// Prometheus metrics.
pub async fn metrics(State(state): State<AppState>, client: ClientAddr, headers: HeaderMap) -> Response {
    if !may_read(&state, client, &headers) {
        let text = "/metrics answers direct requests from this machine, or with \
                    `Authorization: Bearer` and the token given to `--metrics-token`.\n";
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::WWW_AUTHENTICATE, "Bearer")],
            text,
        )
            .into_response();
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render())
        .into_response()
}
