//! How the server runs: where it listens, its database, how cookies and links are made, how long
//! sign-ins last, which proxies are trusted, and the limits on requests.

use ipnet::IpNet;
use std::net::SocketAddr;
use std::time::Duration;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The database location (`--db`).
    pub db: String,
    /// The public address people use (for links in invitations and the calendar feed), e.g.
    /// `https://sciatica.example.org`. Defaults to `http://{listen}`. When it starts with
    /// `https://`, answers carry `Strict-Transport-Security`.
    pub base_url: Option<String>,
    /// Idle time after which a patient's sign-in session ends (minutes).
    pub idle_minutes: i64,
    /// Absolute lifetime of a patient's sign-in session (hours).
    pub session_hours: i64,
    /// Idle time after which a clinician's or administrator's session ends (minutes).
    pub staff_idle_minutes: i64,
    /// Absolute lifetime of a clinician's or administrator's session (hours).
    pub staff_session_hours: i64,
    /// How long ago the password may have been entered for exporting, changing the password or
    /// making an API token without entering it again (minutes).
    pub recent_sign_in_minutes: i64,
    /// Proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`): addresses or networks.
    pub trusted_proxies: Vec<IpNet>,
    /// A bearer token that unlocks `/metrics` from anywhere (`--metrics-token`); without it,
    /// `/metrics` answers only direct requests from this machine.
    pub metrics_token: Option<String>,
    /// Writes one account may make at once before it is slowed down.
    pub write_burst: u32,
    /// Writes per second one account may make in the long run.
    pub writes_per_second: f64,
    /// How long a request (its body included) may take before it is answered `408`.
    pub request_timeout: Duration,
    /// The numbers on the urgent cards: emergency services and the clinic.
    pub contacts: crate::contacts::Contacts,
}

impl Config {
    /// Settings with the defaults of DESIGN §4 and §6.
    pub fn new(listen: SocketAddr, db: String) -> Config {
        Config {
            listen,
            db,
            base_url: None,
            idle_minutes: 60 * 24 * 7,
            session_hours: 24 * 30,
            staff_idle_minutes: 30,
            staff_session_hours: 12,
            recent_sign_in_minutes: 15,
            trusted_proxies: Vec::new(),
            metrics_token: None,
            write_burst: 30,
            writes_per_second: 1.0,
            request_timeout: Duration::from_secs(30),
            contacts: crate::contacts::Contacts::default(),
        }
    }

    /// The address links start with.
    pub fn base(&self) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_owned()
    }

    /// True when people reach the server over HTTPS (the base URL says so).
    pub fn https(&self) -> bool {
        self.base_url.as_deref().is_some_and(|u| u.trim().to_ascii_lowercase().starts_with("https://"))
    }

    /// How long a session of an account with `role` may stay unused, and last in all.
    pub fn lifetime(&self, role: sciatica_core::policy::Role) -> sciatica_store::auth::Lifetime {
        let (idle_min, hours) = if role == sciatica_core::policy::Role::Patient {
            (self.idle_minutes, self.session_hours)
        } else {
            (self.staff_idle_minutes, self.staff_session_hours)
        };
        sciatica_store::auth::Lifetime { idle_ms: idle_min * 60_000, max_ms: hours * 3_600_000 }
    }
}
