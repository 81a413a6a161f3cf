//! `/healthz` (the process is up), `/readyz` (the database answers) and `/metrics`.

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

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

/// Prometheus metrics.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render())
}
