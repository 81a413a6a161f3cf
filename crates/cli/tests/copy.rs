//! `sciatica migrate` and `sciatica copy`: migrating says what it applied, once; a clinic copied
//! from SQLite to PostgreSQL and back exports exactly what it did before, with every table's
//! rows counted on both sides; a copy never writes into a database that holds rows unasked, never
//! reads a database that is not there, and leaves no file behind when it fails.

mod common;

use common::{Home, postgres};
use serde_json::Value;

/// Runs a command on `db` with `--format json`; panics with stderr on failure.
fn json_on(h: &Home, db: &str, args: &[&str]) -> Value {
    let out = h.on(db).args(args).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn export(h: &Home, db: &str) -> Value {
    let mut v = json_on(h, db, &["export"]);
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

fn demo(h: &Home) -> String {
    h.cmd().args(["demo", "--days", "20", "--force"]).assert().success();
    h.db.to_string_lossy().into_owned()
}

/// Asserts a copy's answer: every table counted alike on both sides, `rows` their sum.
fn verified(said: &Value) -> i64 {
    let tables = said["tables"].as_array().unwrap();
    assert!(tables.len() > 20, "{said}");
    for t in tables {
        assert_eq!(t["source"], t["target"], "{t}");
    }
    let sum: i64 = tables.iter().map(|t| t["target"].as_i64().unwrap()).sum();
    assert_eq!(said["rows"].as_i64(), Some(sum));
    sum
}

#[test]
fn migrate_applies_what_is_missing_once_and_says_so() {
    let h = Home::new();
    let first = h.json(&["migrate"]);
    let applied: Vec<i64> =
        first["applied"].as_array().unwrap().iter().map(|m| m["version"].as_i64().unwrap()).collect();
    assert!(applied.len() > 10 && applied.windows(2).all(|w| w[0] < w[1]), "{first}");
    assert_eq!(first["version"].as_i64(), applied.last().copied());
    assert_eq!(first["backend"], "SQLite");
    let again = h.json(&["migrate"]);
    assert_eq!(again["applied"], serde_json::json!([]), "nothing is applied twice");
    assert_eq!(again["version"], first["version"]);
    let said = h.cmd().arg("migrate").output().unwrap();
    assert!(String::from_utf8_lossy(&said.stdout).contains("is up to date"));

    let Some(pg) = postgres("cli::migrate") else { return };
    let there = json_on(&h, &pg, &["migrate"]);
    assert_eq!(there["backend"], "PostgreSQL");
    assert_eq!(there["applied"].as_array().unwrap().len(), applied.len(), "the same migrations: {there}");
    assert_eq!(json_on(&h, &pg, &["migrate"])["applied"], serde_json::json!([]));
}

#[test]
fn a_clinic_copied_to_postgres_and_back_exports_the_same() {
    let Some(pg) = postgres("cli::copy_round_trip") else { return };
    let h = Home::new();
    let lite = demo(&h);
    let before = export(&h, &lite);
    let there = h.json(&["copy", "--from", &lite, "--to", &pg]);
    let rows = verified(&there);
    assert_eq!(export(&h, &pg), before, "PostgreSQL holds what SQLite held");

    let back = h.dir.path().join("back.sqlite").to_string_lossy().into_owned();
    let out = h.cmd().args(["copy", "--from", &pg, "--to", &back]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains(&format!("Copied {rows} rows")) && said.contains("session_exercises"), "{said}");
    assert_eq!(export(&h, &back), before, "and the copy back holds it too");
}

#[test]
fn a_copy_refuses_what_would_lose_or_invent_data() {
    let h = Home::new();
    let lite = demo(&h);
    let before = export(&h, &lite);
    let mut targets = vec![h.dir.path().join("other.sqlite").to_string_lossy().into_owned()];
    targets.extend(postgres("cli::copy_refuses"));
    for other in &targets {
        h.on(other)
            .args(["setup", "--time-zone", "UTC", "--morning", "07:00", "--evening", "19:00"])
            .assert()
            .success();
        let theirs = export(&h, other);
        let out = h.cmd().args(["copy", "--from", &lite, "--to", other]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("not empty") && err.contains("--replace"), "{err}");
        assert_eq!(export(&h, other), theirs, "a refused copy changes nothing");
        let replaced = h.json(&["copy", "--from", &lite, "--to", other, "--replace"]);
        verified(&replaced);
        assert_eq!(export(&h, other), before, "--replace empties it first");
    }

    let missing = h.dir.path().join("missing.sqlite");
    let out =
        h.cmd().args(["copy", "--from", missing.to_str().unwrap(), "--to", &targets[0]]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no database"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!missing.exists(), "the source is not made");

    let same = h
        .cmd()
        .args(["copy", "--from", &lite, "--to", &format!("sqlite://{lite}"), "--replace"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&same.stderr).contains("same database"));

    let junk = h.file("junk.sqlite", &"not a database ".repeat(100));
    let new = h.dir.path().join("new.sqlite");
    let out = h.cmd().args(["copy", "--from", &junk, "--to", new.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!new.exists(), "a failed copy leaves no new file");
}
