//! Security headers on every response (DESIGN §6): a strict content security policy with no
//! inline script, no framing, no sniffing, no referrer leaks, no caching of anything but the
//! static assets (pages and API answers carry health data), and HSTS when people reach the
//! server over HTTPS.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// The content security policy: everything from this server only, no inline script or style.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'; manifest-src 'self'";

/// HSTS for a server reached over HTTPS: a year, this host only (other services on the domain
/// may not have TLS).
pub const HSTS: &str = "max-age=31536000";

/// Adds the headers.
pub async fn headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/") || req.uri().path().starts_with("/figures/");
    let mut res = next.run(req).await;
    let cacheable = is_static && res.status().is_success();
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CSP);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    if state.config.https() {
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    if cacheable {
        set(h, header::CACHE_CONTROL, "public, max-age=3600");
    } else {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}
