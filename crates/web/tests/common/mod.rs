//! A real server on 127.0.0.1:0 with a fresh database, and a small client that keeps the session
//! cookie by hand (cookie stores do not send `Secure` cookies over plain http).
//!
//! The database is a new SQLite file, or, with `SCIATICA_TEST_WEB_PG=1`, a new database on the
//! PostgreSQL test server (`SCIATICA_TEST_PG`); `run-tests` runs this suite once on each.

#![allow(dead_code)]

pub mod api;
pub mod clinic;
pub mod openapi;
pub mod pages;

use jiff::Timestamp;
use reqwest::header::{COOKIE, HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Method, StatusCode};
use sciatica_core::Content;
use sciatica_core::policy::Role;
use sciatica_store::Store;
use sciatica_store::patients::Profile;
use sciatica_store::users::{NewUser, User};
use sciatica_web::{AppState, Config};

/// The password of every test account.
pub const PASSWORD: &str = "a long test password";

/// A running server.
pub struct Server {
    pub base: String,
    pub store: Store,
    /// The database file (SQLite), or the database's URL (PostgreSQL).
    pub db: std::path::PathBuf,
    /// Whether the database is on PostgreSQL.
    pub postgres: bool,
    _dir: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Starts a server on a fresh database.
pub async fn start() -> Server {
    start_with(|_| {}).await
}

/// Starts a server on a fresh database with changed settings.
pub async fn start_with(change: impl FnOnce(&mut Config)) -> Server {
    start_full(Content::embedded(), change).await
}

/// Starts a server with its own content (a clinic's edited copy).
pub async fn start_with_content(content: &'static Content) -> Server {
    start_full(content, |_| {}).await
}

/// Starts a server with its own content and changed settings.
pub async fn start_full(content: &'static Content, change: impl FnOnce(&mut Config)) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let postgres = std::env::var_os("SCIATICA_TEST_WEB_PG").is_some_and(|v| v == "1");
    let db = if postgres {
        sciatica_store::testing::postgres_database("web tests")
            .await
            .unwrap()
            .expect("SCIATICA_TEST_WEB_PG=1 needs SCIATICA_TEST_PG (run through suites/pg.sh)")
    } else {
        dir.path().join("web.sqlite").to_string_lossy().into_owned()
    };
    let store = Store::open(&db).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = Config::new(addr, db.clone());
    config.base_url = Some(format!("http://{addr}"));
    change(&mut config);
    let state = AppState::new(store.clone(), content, config);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sciatica_web::serve(state, listener, async move {
        let _ = rx.await;
    }));
    let db = std::path::PathBuf::from(db);
    Server { base: format!("http://{addr}"), store, db, postgres, _dir: dir, stop: Some(tx) }
}

impl Server {
    /// True (after saying so on stderr) when the test reads the SQLite file itself and so does
    /// not apply on PostgreSQL.
    pub fn sqlite_only(&self, test: &str) -> bool {
        if self.postgres {
            eprintln!("\n######## {test}: NOT RUN ON POSTGRESQL: it reads the SQLite file itself ########\n");
        }
        self.postgres
    }

    /// Creates an account directly.
    pub async fn user(&self, email: &str, role: Role) -> User {
        let profile = (role == Role::Patient)
            .then(|| Profile::new(Some("Sam"), "Europe/London", "07:30", "19:00").unwrap());
        let hash = sciatica_web::auth::password::hash_now(PASSWORD).unwrap();
        self.store
            .create_user(
                &NewUser { email: email.into(), password_hash: hash, role, profile },
                Timestamp::now(),
            )
            .await
            .unwrap()
    }

    /// A client for this server, not signed in.
    pub fn client(&self) -> Client {
        Client {
            base: self.base.clone(),
            http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap(),
            cookie: None,
        }
    }

    /// A client signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> Client {
        let mut c = self.client();
        let r = c.post("/login", &[("email", email), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "sign-in of {email}: {}", r.body);
        assert!(c.cookie.is_some());
        c
    }
}

/// A browser-like client: same-origin form posts, the session cookie kept by hand.
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub cookie: Option<String>,
}

/// A response.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    /// Where a redirect goes.
    pub fn location(&self) -> &str {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

impl Client {
    async fn send(
        &mut self,
        method: Method,
        path: &str,
        form: Option<&[(&str, &str)]>,
        extra: &[(&str, &str)],
    ) -> Answer {
        let mut req =
            self.http.request(method, format!("{}{path}", self.base)).header("sec-fetch-site", "same-origin");
        if let Some(c) = &self.cookie {
            req = req.header(COOKIE, format!("__Host-sciatica={c}"));
        }
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        if let Some(f) = form {
            req = req.form(f);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        for v in headers.get_all(SET_COOKIE) {
            let v = v.to_str().unwrap();
            if let Some(rest) = v.strip_prefix("__Host-sciatica=") {
                let value = rest.split(';').next().unwrap_or("");
                self.cookie = if value.is_empty() { None } else { Some(value.to_owned()) };
            }
        }
        Answer { status, headers, body: res.text().await.unwrap() }
    }

    /// GET.
    pub async fn get(&mut self, path: &str) -> Answer {
        self.send(Method::GET, path, None, &[]).await
    }

    /// POST a form from the same origin.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        self.send(Method::POST, path, Some(form), &[]).await
    }

    /// POST a form from the same origin with extra headers (e.g. `X-Forwarded-For`).
    pub async fn post_with(&mut self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Answer {
        self.send(Method::POST, path, Some(form), headers).await
    }

    /// GET with extra headers.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> Answer {
        self.send(Method::GET, path, None, headers).await
    }

    /// POST a form from another site.
    pub async fn post_cross_site(&mut self, path: &str, form: &[(&str, &str)]) -> Answer {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header("sec-fetch-site", "cross-site")
            .header("origin", "https://evil.example");
        if let Some(c) = &self.cookie {
            req = req.header(COOKIE, format!("__Host-sciatica={c}"));
        }
        let res = req.form(form).send().await.unwrap();
        Answer { status: res.status(), headers: res.headers().clone(), body: res.text().await.unwrap() }
    }

    /// GET and follow same-site redirects.
    pub async fn follow(&mut self, path: &str) -> Answer {
        let mut a = self.get(path).await;
        for _ in 0..5 {
            if !a.status.is_redirection() {
                break;
            }
            let next = a.location().trim_start_matches(&self.base).to_owned();
            a = self.get(&next).await;
        }
        a
    }
}
