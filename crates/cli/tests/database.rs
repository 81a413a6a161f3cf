//! A database that cannot be used (not a database, damaged, another program's, newer, not
//! writable) is reported at once in one sentence with exit code 3, and a command that only reads
//! creates no database where there is none.

mod common;

use common::Home;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

/// Exit code of a database that cannot be used (`sciatica --help`).
const DATABASE: i32 = 3;
/// A generous bound: the report comes at once, not after the 30 s a connection pool waits.
const AT_ONCE: Duration = Duration::from_secs(10);

fn timed(mut c: assert_cmd::Command) -> (Output, Duration) {
    let start = Instant::now();
    let out = c.output().unwrap();
    (out, start.elapsed())
}

/// Runs `today` and `setup` on the home's database and checks each is refused with `problem`.
fn refused(h: &Home, problem: &str) {
    let shown = h.db.display().to_string();
    for args in [&["today"][..], &["setup", "--time-zone", "UTC", "--morning", "07:00", "--evening", "19:00"]]
    {
        let mut c = h.cmd();
        c.args(args);
        let (out, took) = timed(c);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(DATABASE), "{args:?}: {err}");
        assert!(took < AT_ONCE, "{args:?} took {took:?}");
        assert_eq!(err.trim_end().lines().count(), 1, "one sentence: {err}");
        assert_eq!(err.trim_end(), format!("error: {shown} {problem}"), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

fn python(script: &str, db: &Path) {
    let ok = std::process::Command::new("python3")
        .args(["-c", script, &db.to_string_lossy()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "python3 with its sqlite3 module runs the project's tests (run-tests)");
}

fn with_profile() -> Home {
    let h = Home::new();
    h.json(&["setup", "--time-zone", "UTC", "--morning", "07:00", "--evening", "19:00"]);
    h
}

#[test]
fn a_file_that_is_not_a_database() {
    let h = Home::new();
    std::fs::write(&h.db, "my shopping list\n").unwrap();
    refused(&h, "is not a sciatica database: it is not a database file, or it is damaged");
    assert_eq!(std::fs::read_to_string(&h.db).unwrap(), "my shopping list\n", "left as it was");
}

#[test]
fn a_damaged_database() {
    let h = with_profile();
    let mut bytes = std::fs::read(&h.db).unwrap();
    // Page 1 after the file header holds the schema: scribble over it.
    for b in &mut bytes[100..4096] {
        *b = 0xA5;
    }
    std::fs::write(&h.db, bytes).unwrap();
    refused(&h, "is not a sciatica database: it is not a database file, or it is damaged");
}

#[test]
fn another_programs_database() {
    let h = Home::new();
    python(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('CREATE TABLE recipes (name TEXT)'); c.commit()",
        &h.db,
    );
    refused(&h, "is not a sciatica database: it holds another program's data");
}

#[test]
fn a_database_from_a_newer_version() {
    let h = with_profile();
    python(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99990101000000, 'later', 1, x'00', 0)\"); c.commit()",
        &h.db,
    );
    refused(&h, "was made by a newer version of sciatica, or by another program");
}

#[cfg(unix)]
#[test]
fn a_database_that_cannot_be_written() {
    use std::os::unix::fs::PermissionsExt;
    let h = with_profile();
    let dir = h.dir.path();
    std::fs::set_permissions(&h.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    // The superuser may write any file; then run the command as an unprivileged user.
    let privileged = std::fs::OpenOptions::new().append(true).open(&h.db).is_ok();
    let as_user = |args: &[&str]| {
        let mut c = h.cmd();
        if privileged {
            let bin = assert_cmd::cargo::cargo_bin("sciatica");
            c = assert_cmd::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(bin)
                .env_clear()
                .env("HOME", dir)
                .env("TZ", "UTC")
                .arg("--db")
                .arg(&h.db);
        }
        c.args(args);
        timed(c)
    };
    if privileged && as_user(&["--version"]).0.status.code() != Some(0) {
        eprintln!("skipped: running as the superuser without setpriv to drop privileges");
        return;
    }
    for args in [&["today"][..], &["log", "--leg-pain-before", "3"]] {
        let (out, took) = as_user(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(DATABASE), "{args:?}: {err}");
        assert!(took < AT_ONCE, "{args:?} took {took:?}");
        assert_eq!(
            err.trim_end(),
            format!(
                "error: {} cannot be written: check the permissions of the file and of its folder",
                h.db.display()
            )
        );
    }
}

#[test]
fn a_folder_that_does_not_exist() {
    let mut h = Home::new();
    h.db = h.dir.path().join("no-such-folder").join("sciatica.sqlite");
    let mut c = h.cmd();
    c.args(["setup", "--time-zone", "UTC", "--morning", "07:00", "--evening", "19:00"]);
    let (out, took) = timed(c);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(DATABASE), "{err}");
    assert!(took < AT_ONCE, "took {took:?}");
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {} cannot be opened: check that its folder exists and that you may write to it",
            h.db.display()
        )
    );
    // A command that only reads finds no profile there, and makes no folder.
    assert_eq!(h.json(&["today"])["screened"], false);
    assert!(!h.db.parent().unwrap().exists());
}

#[test]
fn reading_commands_create_no_database() {
    let h = Home::new();
    for args in [
        &["today"][..],
        &["progress"],
        &["plan"],
        &["program"],
        &["export"],
        &["session", "--no-timers"],
        &["log", "--leg-pain-before", "3"],
        &["assessed", "--note", "seen"],
        &["delete", "--yes"],
        &["admin", "users"],
    ] {
        let out = h.cmd().args(args).write_stdin("").output().unwrap();
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked");
        assert!(!h.db.exists(), "{args:?} created {}", h.db.display());
    }
    let today = h.json(&["today"]);
    assert_eq!(today["screened"], false, "{today}");

    // Nor the data folder, when no database is given.
    let data = h.dir.path().join("data");
    let mut c = assert_cmd::Command::cargo_bin("sciatica").unwrap();
    c.env_clear().env("HOME", h.dir.path()).env("XDG_DATA_HOME", &data).arg("today");
    assert!(c.output().unwrap().status.success());
    assert!(!data.exists(), "today made {}", data.display());
}
