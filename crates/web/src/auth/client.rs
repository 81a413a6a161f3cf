//! The client's address, for throttling and for `/metrics`. It is the socket's peer, unless the
//! peer is a trusted proxy (`--trusted-proxy`): then it is the rightmost address in
//! `X-Forwarded-For` that is not itself a trusted proxy (each proxy appends the address it was
//! reached from, so entries left of the first untrusted one may be made up by the client).

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The client's address as far as it can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr {
    /// The address.
    pub ip: IpAddr,
    /// True when the request came straight from the socket's peer, with no forwarding header
    /// (so a proxy on this machine does not make every visitor look local).
    pub direct: bool,
}

/// Parses a `--trusted-proxy` value: an address (`10.0.0.2`, `::1`) or a network
/// (`10.0.0.0/8`).
pub fn parse_proxy(text: &str) -> Result<IpNet, String> {
    let t = text.trim();
    t.parse::<IpNet>().or_else(|_| t.parse::<IpAddr>().map(IpNet::from)).map_err(|_| {
        format!(
            "--trusted-proxy {t:?} is not an address or network; allowed: e.g. 127.0.0.1, ::1 or 10.0.0.0/8"
        )
    })
}

fn trusted(proxies: &[IpNet], ip: IpAddr) -> bool {
    let ip = canonical(ip);
    proxies.iter().any(|n| n.contains(&ip))
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`) as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// One `X-Forwarded-For` entry: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:443`.
fn entry(text: &str) -> Option<IpAddr> {
    let t = text.trim();
    t.parse::<IpAddr>().ok().or_else(|| t.parse::<SocketAddr>().ok().map(|s| s.ip())).map(canonical)
}

/// The client's address from the peer and the request's headers.
pub fn client_addr(proxies: &[IpNet], peer: IpAddr, headers: &HeaderMap) -> ClientAddr {
    let peer = canonical(peer);
    let forwarded = headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
    if !trusted(proxies, peer) {
        return ClientAddr { ip: peer, direct: !forwarded };
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        // An entry that is not an address was not written by a trusted proxy: stop at the last
        // hop that was.
        let Some(ip) = entry(hop) else { break };
        client = ip;
        if !trusted(proxies, ip) {
            break;
        }
    }
    ClientAddr { ip: client, direct: !forwarded }
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ClientAddr, Infallible> {
        // Without connection info (a test calling the router directly) the peer is unknown.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(client_addr(&state.config.trusted_proxies, peer, &parts.headers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let proxies = vec![parse_proxy("10.0.0.0/8").unwrap(), parse_proxy("::1").unwrap()];
        let h = headers(&["198.51.100.7, 203.0.113.9"]);
        assert_eq!(client_addr(&proxies, ip("192.0.2.1"), &h).ip, ip("192.0.2.1"), "untrusted peer");
        assert_eq!(client_addr(&proxies, ip("10.1.2.3"), &h).ip, ip("203.0.113.9"), "rightmost hop");
        assert_eq!(client_addr(&[], ip("10.1.2.3"), &h).ip, ip("10.1.2.3"), "no proxy configured");
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let proxies = vec![parse_proxy("10.0.0.0/8").unwrap()];
        let h = headers(&["1.1.1.1, 203.0.113.9", "10.0.0.5"]);
        assert_eq!(client_addr(&proxies, ip("10.0.0.1"), &h).ip, ip("203.0.113.9"));
        let h = headers(&["203.0.113.9:4711"]);
        assert_eq!(client_addr(&proxies, ip("10.0.0.1"), &h).ip, ip("203.0.113.9"));
        let h = headers(&["[2001:db8::5]:443"]);
        assert_eq!(client_addr(&proxies, ip("::ffff:10.0.0.1"), &h).ip, ip("2001:db8::5"));
        let h = headers(&["203.0.113.9, garbage, 10.0.0.7"]);
        assert_eq!(client_addr(&proxies, ip("10.0.0.1"), &h).ip, ip("10.0.0.7"), "stops at garbage");
        let h = headers(&["10.0.0.8"]);
        assert_eq!(client_addr(&proxies, ip("10.0.0.1"), &h).ip, ip("10.0.0.8"), "all trusted");
    }

    #[test]
    fn proxies_are_addresses_or_networks() {
        assert!(parse_proxy("127.0.0.1").is_ok());
        assert!(parse_proxy("fd00::/8").is_ok());
        let e = parse_proxy("localhost").unwrap_err();
        assert!(e.contains("--trusted-proxy") && e.contains("10.0.0.0/8"), "{e}");
    }

    #[test]
    fn a_forwarded_request_is_never_direct() {
        let h = headers(&["203.0.113.9"]);
        assert!(!client_addr(&[], ip("127.0.0.1"), &h).direct);
        assert!(client_addr(&[], ip("127.0.0.1"), &HeaderMap::new()).direct);
    }
}
