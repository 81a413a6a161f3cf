//! `sciatica serve` as a process: it says where it listens, and on SIGTERM it stops taking new
//! connections but finishes a request already under way before it exits.

#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: String,
    out: BufReader<std::process::ChildStdout>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sciatica"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("TZ", "UTC")
        .arg("--db")
        .arg(dir.path().join("sciatica.sqlite"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Server { child, addr, out, _dir: dir }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut text = String::new();
    s.read_to_string(&mut text).unwrap();
    text
}

#[test]
fn sigterm_lets_a_request_under_way_finish_then_exits() {
    let mut server = start();
    assert!(get(&server.addr, "/readyz").starts_with("HTTP/1.1 200"));

    // A sign-in whose body is only half sent when the signal comes.
    let body = "email=someone%40example.org&password=not-the-password";
    let (first, rest) = body.split_at(20);
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        slow,
        "POST /login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        server.addr,
        body.len()
    )
    .unwrap();
    slow.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let pid = server.child.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(server.child.try_wait().unwrap().is_none(), "still running while a request is under way");

    // New connections are no longer taken.
    let deadline = Instant::now() + Duration::from_secs(5);
    while TcpStream::connect(&server.addr).is_ok() {
        assert!(Instant::now() < deadline, "still accepting connections after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    }

    // The request under way gets its whole answer.
    slow.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    slow.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 "), "a complete answer: {answer:?}");
    assert!(!answer.starts_with("HTTP/1.1 5"), "not a server error: {answer:?}");

    let status = server.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let mut printed = String::new();
    server.out.read_to_string(&mut printed).unwrap();
    assert!(printed.contains("stopped"), "{printed}");
}

#[test]
fn a_write_limit_that_is_not_a_rate_stops_the_start_naming_the_option() {
    let dir = tempfile::tempdir().unwrap();
    for rate in ["0", "-1", "NaN"] {
        let out = Command::new(env!("CARGO_BIN_EXE_sciatica"))
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .arg("--db")
            .arg(dir.path().join("sciatica.sqlite"))
            .args(["serve", "--listen", "127.0.0.1:0", &format!("--writes-per-second={rate}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{rate}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--writes-per-second"), "{rate}");
    }
}
