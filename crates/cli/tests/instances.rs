//! Two `sciatica serve` processes on one PostgreSQL database behave as one service, as they do
//! behind a load balancer: a sign-in cookie and an API token made on one work on the other; a
//! write on one is what the other reads next (each keeps patients' records in memory, by
//! revision, and reads the revision with the record); a password changed on one ends the
//! sessions and tokens on the other (the changing browser gets a new session that works on
//! both); and wrong passwords counted on one slow down the other.

#![cfg(unix)]

mod common;

use common::{clear, postgres};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PASSWORD: &str = "a long test password";
const EMAIL: &str = "pat@example.org";

/// A running server process.
struct Instance {
    child: Child,
    addr: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sciatica(home: &std::path::Path, db: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sciatica"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("TZ", "UTC")
        .args(["--db", db]);
    c
}

fn start(home: &std::path::Path, db: &str) -> Instance {
    let mut child = sciatica(home, db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Instance { child, addr }
}

/// An answer: its status, headers (names in lower case) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    /// The session secret a sign-in set.
    fn cookie(&self) -> String {
        let set = self.header("set-cookie").unwrap_or_else(|| panic!("no cookie: {}", self.status));
        set.strip_prefix("__Host-sciatica=").unwrap().split(';').next().unwrap().to_owned()
    }
}

/// How a request proves who sends it.
enum Auth<'a> {
    None,
    Cookie(&'a str),
    Bearer(&'a str),
}

/// One HTTP/1.1 request on a connection of its own; `body` is a content type and the body.
fn send(i: &Instance, method: &str, path: &str, auth: &Auth, body: Option<(&str, &str)>) -> Reply {
    let mut s = TcpStream::connect(&i.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n", i.addr);
    match auth {
        Auth::None => {}
        Auth::Cookie(c) => head.push_str(&format!("Cookie: __Host-sciatica={c}\r\n")),
        Auth::Bearer(t) => head.push_str(&format!("Authorization: Bearer {t}\r\n")),
    }
    let (kind, text) = body.unwrap_or(("text/plain", ""));
    head.push_str(&format!("Content-Type: {kind}\r\nContent-Length: {}\r\n\r\n{text}", text.len()));
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|c| c.parse().ok()).unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = if chunked { unchunk(rest) } else { rest.to_owned() };
    Reply { status, headers, body }
}

fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

fn form(i: &Instance, path: &str, auth: &Auth, fields: &[(&str, &str)]) -> Reply {
    let encoded: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace('%', "%25").replace(' ', "+").replace('@', "%40")))
        .collect();
    send(i, "POST", path, auth, Some(("application/x-www-form-urlencoded", &encoded.join("&"))))
}

fn post_json(i: &Instance, path: &str, auth: &Auth, body: &Value) -> Reply {
    send(i, "POST", path, auth, Some(("application/json", &body.to_string())))
}

fn sign_in(i: &Instance, password: &str) -> Reply {
    form(i, "/login", &Auth::None, &[("email", EMAIL), ("password", password)])
}

#[test]
fn two_instances_on_one_postgres_database_behave_as_one_service() {
    let Some(pg) = postgres("cli::instances") else { return };
    let home = tempfile::tempdir().unwrap();
    let mut made = sciatica(home.path(), &pg)
        .args(["admin", "create-user", "--email", EMAIL, "--role", "patient", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    made.stdin.take().unwrap().write_all(PASSWORD.as_bytes()).unwrap();
    assert!(made.wait().unwrap().success());
    let (a, b) = (start(home.path(), &pg), start(home.path(), &pg));

    // A sign-in cookie and an API token made on A work on B.
    let signed = sign_in(&a, PASSWORD);
    assert_eq!(signed.status, 303, "{}", signed.body);
    let cookie = signed.cookie();
    let me = send(&b, "GET", "/api/v1/me", &Auth::Cookie(&cookie), None);
    assert_eq!((me.status, me.json()["email"].as_str()), (200, Some(EMAIL)), "{}", me.body);
    let made = post_json(&a, "/api/v1/tokens", &Auth::Cookie(&cookie), &json!({ "name": "phone" }));
    assert_eq!(made.status, 201, "{}", made.body);
    let token = made.json()["token"].as_str().unwrap().to_owned();
    let bearer = Auth::Bearer(&token);
    assert_eq!(send(&b, "GET", "/api/v1/me", &bearer, None).status, 200);

    // A write on A is what B reads next, though B read (and kept) the record just before.
    assert_eq!(post_json(&a, "/api/v1/screenings", &bearer, &clear()).status, 201);
    let calm = send(&b, "GET", "/api/v1/status", &bearer, None);
    assert_eq!(calm.json()["urgency"], "self_manage", "{}", calm.body);
    let logged = post_json(&a, "/api/v1/sessions", &bearer, &json!({ "leg_pain_before": 5 }));
    assert_eq!(logged.status, 201, "{}", logged.body);
    let listed = send(&b, "GET", "/api/v1/sessions", &bearer, None).json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!(listed[0]["id"], logged.json()["id"]);
    let mut urgent = clear();
    urgent["bladder"] = json!(true);
    assert_eq!(post_json(&a, "/api/v1/screenings", &bearer, &urgent).status, 201);
    let now = send(&b, "GET", "/api/v1/status", &bearer, None);
    assert_eq!(now.json()["urgency"], "emergency_now", "B reads A's write at once: {}", now.body);
    assert_eq!(send(&b, "GET", "/api/v1/plan", &bearer, None).status, 409, "and holds the programme");

    // A password changed on A ends the other sessions and every token on B.
    let elsewhere = sign_in(&b, PASSWORD).cookie();
    let new = "a brand new passphrase";
    let changed =
        form(&a, "/account/password", &Auth::Cookie(&cookie), &[("current", PASSWORD), ("password", new)]);
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(send(&b, "GET", "/api/v1/me", &bearer, None).status, 401, "the token is revoked on B");
    assert_eq!(
        send(&b, "GET", "/api/v1/me", &Auth::Cookie(&elsewhere), None).status,
        401,
        "B's session ended"
    );
    let renewed = changed.cookie();
    assert_eq!(send(&b, "GET", "/api/v1/me", &Auth::Cookie(&cookie), None).status, 401, "A's old one too");
    let on_b = send(&b, "GET", "/api/v1/me", &Auth::Cookie(&renewed), None);
    assert_eq!(on_b.status, 200, "the browser that changed it has a new session, on B too");

    // Wrong passwords counted on A make B wait too (throttling is kept in the database).
    let mut counted = 0;
    while counted < 7 {
        let r = sign_in(&a, "not the password at all");
        match r.status {
            429 => std::thread::sleep(Duration::from_secs(r.header("retry-after").unwrap().parse().unwrap())),
            401 => counted += 1,
            other => panic!("a wrong password answered {other}: {}", r.body),
        }
    }
    let held = sign_in(&b, new);
    assert_eq!(held.status, 429, "B counts A's failures: {}", held.body);
    assert!(held.header("retry-after").is_some_and(|s| s.parse::<u64>().is_ok_and(|s| (1..=4).contains(&s))));
}
