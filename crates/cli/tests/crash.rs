//! Crash consistency of the server: writers post sessions through the API while the server is
//! killed (SIGKILL, no chance to flush) at a random moment, cycle after cycle. After each restart
//! every acknowledged session is there, a session sent again with the same id is stored once
//! (whether or not its first try was acknowledged), and `integrity_check` says ok.
//!
//! `SCIATICA_CRASH_CYCLES` sets the number of cycles (default 3, for CI); `RELIABILITY.md` records
//! a longer run.

#![cfg(unix)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const WRITERS: usize = 4;
const PASSWORD: &str = "sciatica-demo";

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(db: &Path, home: &Path, first: bool) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sciatica"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("TZ", "UTC")
        .arg("--db")
        .arg(db);
    if first {
        cmd.args(["demo", "--days", "3", "--force", "--serve", "--listen", "127.0.0.1:0"]);
    } else {
        cmd.args(["serve", "--listen", "127.0.0.1:0"]);
    }
    // One account writes from every writer: lift the per-account write limit, which is not what
    // this suite is about.
    cmd.args(["--write-burst", "100000", "--writes-per-second", "100000"]);
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "the server stopped before saying where it listens");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split_whitespace().next().unwrap().trim_end_matches('/').to_owned();
        }
    };
    // Keep reading what it prints, so it never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    Server { child, addr }
}

/// One HTTP/1.1 request; `None` when the connection fails or the answer is cut off.
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Option<(u16, String, String)> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let (head, rest) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    if let Some(len) = head
        .lines()
        .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
        && rest.len() != len.parse::<usize>().ok()?
    {
        return None;
    }
    Some((status, head.to_owned(), rest.to_owned()))
}

fn token(addr: &str) -> String {
    let form = format!("email=alex%40demo.invalid&password={PASSWORD}");
    let (status, head, _) =
        http(addr, "POST", "/login", &[("Content-Type", "application/x-www-form-urlencoded")], &form)
            .unwrap();
    assert_eq!(status, 303, "sign-in");
    let cookie = head
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_owned();
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/v1/tokens",
        &[("Cookie", &cookie), ("Content-Type", "application/json")],
        r#"{"name": "crash test"}"#,
    )
    .unwrap();
    assert_eq!(status, 201, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["token"].as_str().unwrap().to_owned()
}

fn session(id: &str) -> String {
    serde_json::json!({
        "id": id,
        "leg_pain_before": 5, "leg_pain_after": 4, "back_pain_before": 3, "back_pain_after": 3,
        "left_before": 3, "left_after": 2, "right_before": 0, "right_after": 0,
        "exercises": [{"id": "prone-lying", "sets_done": 1, "reps_done": 1, "hold_seconds": 120,
                       "completed": true, "response": "moved_up"}]
    })
    .to_string()
}

fn post(addr: &str, token: &str, id: &str) -> Option<u16> {
    let auth = format!("Bearer {token}");
    let (status, _, body) = http(
        addr,
        "POST",
        "/api/v1/sessions",
        &[("Authorization", &auth), ("Content-Type", "application/json")],
        &session(id),
    )?;
    assert!(matches!(status, 200 | 201), "POST answered {status}: {body}");
    Some(status)
}

/// How many rows each session id has in the database, and `integrity_check`'s verdict.
fn stored(db: &Path) -> (BTreeMap<String, u32>, String) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(
            "import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); \
             print(json.dumps({'ok': c.execute('PRAGMA integrity_check').fetchone()[0], \
             'ids': c.execute('SELECT id, COUNT(*) FROM sessions GROUP BY id').fetchall()}))",
        )
        .arg(db)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids = v["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_owned(), u32::try_from(r[1].as_u64().unwrap()).unwrap()))
        .collect();
    (ids, v["ok"].as_str().unwrap().to_owned())
}

#[test]
fn acknowledged_sessions_survive_kill_9_and_retries_store_once() {
    let cycles: u32 = std::env::var("SCIATICA_CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.sqlite");
    let mut server = start(&db, dir.path(), true);
    let token = token(&server.addr);
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let mut sent = BTreeSet::new();
    let mut unanswered: Vec<String> = Vec::new();
    let mut cut_off = 0;
    let mut seed = u64::from(std::process::id());
    for cycle in 0..cycles {
        // Retry what was sent without an answer in the last cycle, with the same ids.
        for id in unanswered.drain(..) {
            assert!(post(&server.addr, &token, &id).is_some(), "a retry after a restart is answered");
            acknowledged.lock().unwrap().insert(id);
        }
        let stop = Arc::new(AtomicBool::new(false));
        let in_flight = Arc::new(Mutex::new(Vec::new()));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let (addr, token) = (server.addr.clone(), token.clone());
                let (stop, acknowledged, in_flight) =
                    (Arc::clone(&stop), Arc::clone(&acknowledged), Arc::clone(&in_flight));
                std::thread::spawn(move || {
                    let mut mine = Vec::new();
                    for n in 0.. {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let id = format!(
                            "{:08x}-{:04x}-4000-8000-{:012x}",
                            std::process::id(),
                            cycle,
                            w * 1_000_000 + n
                        );
                        mine.push(id.clone());
                        if post(&addr, &token, &id).is_some() {
                            acknowledged.lock().unwrap().insert(id);
                        } else {
                            in_flight.lock().unwrap().push(id);
                            break;
                        }
                    }
                    mine
                })
            })
            .collect();
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        std::thread::sleep(Duration::from_millis(300 + (seed >> 33) % 700));
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for w in writers {
            sent.extend(w.join().unwrap());
        }
        unanswered.extend(in_flight.lock().unwrap().drain(..));
        cut_off += unanswered.len();

        let (rows, verdict) = stored(&db);
        assert_eq!(verdict, "ok", "integrity_check after cycle {cycle}");
        for id in acknowledged.lock().unwrap().iter() {
            assert_eq!(
                rows.get(id),
                Some(&1),
                "acknowledged session {id} is stored once after cycle {cycle}"
            );
        }
        server = start(&db, dir.path(), false);
    }
    for id in unanswered.drain(..) {
        assert!(post(&server.addr, &token, &id).is_some());
        acknowledged.lock().unwrap().insert(id);
    }
    // Each id sent again after everything: answered 200 with nothing new stored.
    for id in acknowledged.lock().unwrap().iter().take(20) {
        assert_eq!(post(&server.addr, &token, id), Some(200), "a repeated id answers 200");
    }
    drop(server);
    let (rows, verdict) = stored(&db);
    assert_eq!(verdict, "ok");
    let acknowledged = acknowledged.lock().unwrap();
    assert!(
        acknowledged.len() >= usize::try_from(cycles).unwrap(),
        "writes were made: {}",
        acknowledged.len()
    );
    for id in &sent {
        let n = rows.get(id).copied().unwrap_or(0);
        assert!(n <= 1, "{id} stored {n} times");
        if acknowledged.contains(id) {
            assert_eq!(n, 1, "{id} acknowledged but stored {n} times");
        }
    }
    eprintln!(
        "crash: {cycles} cycles, {} sent, {cut_off} cut off by the kill and sent again, {} acknowledged in all, 0 lost",
        sent.len(),
        acknowledged.len()
    );
}
