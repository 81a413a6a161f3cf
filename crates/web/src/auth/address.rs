//! Addresses: email addresses as accounts use them (checked and normalised at the edge, the same
//! for the web forms, the API and the command line), and the network address of the client a
//! request came from (for the audit log).

use crate::error::AppError;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use std::net::SocketAddr;

/// Checks and normalises an email address.
pub fn email(raw: &str) -> Result<String, AppError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if ok {
        Ok(e)
    } else {
        Err(AppError::invalid("email", "is not an email address; allowed: name@example.org"))
    }
}

/// The network address of the client that sent a request: the connection's peer, or behind a
/// trusted proxy the client it forwarded for (the same address sign-in throttling uses); `None`
/// when the server runs without connection info.
pub fn client(parts: &Parts, proxies: &[ipnet::IpNet]) -> Option<String> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| {
        crate::auth::client::client_addr(proxies, a.ip(), &parts.headers).ip.to_string()
    })
}
