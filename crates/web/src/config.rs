//! How the server runs: where it listens, its database, and how cookies and links are made.

use std::net::SocketAddr;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The database location (`--db`).
    pub db: String,
    /// The public address people use (for links in invitations and the calendar feed), e.g.
    /// `https://sciatica.example.org`. Defaults to `http://{listen}`.
    pub base_url: Option<String>,
    /// Idle time after which a sign-in session ends (minutes).
    pub idle_minutes: i64,
    /// Absolute lifetime of a sign-in session (hours).
    pub session_hours: i64,
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
}
