//! `sciatica backup` and `sciatica restore`: a backup taken while sessions are being written is a
//! whole, checked database, and restoring it gives back exactly what it held (the export is
//! identical); a backup is never written over a file, and a restore never replaces patients'
//! data unasked or with something that is not a whole backup.

mod common;

use common::Home;
use serde_json::Value;
use std::path::Path;

/// The binary on another database than the home's.
fn on(h: &Home, db: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("sciatica").unwrap();
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", h.dir.path())
        .env("TZ", "UTC")
        .arg("--db")
        .arg(db);
    c
}

fn export(h: &Home, db: &Path) -> Value {
    let out = on(h, db).arg("export").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_object_mut().unwrap().remove("exported_at");
    v
}

/// The same export, or a short account of how they differ (whole exports are long).
fn same(a: &Value, b: &Value, what: &str) {
    if a != b {
        let keys: Vec<&String> = a.as_object().unwrap().keys().filter(|k| a[*k] != b[*k]).collect();
        panic!("{what}: the exports differ in {keys:?}");
    }
}

fn demo(h: &Home) {
    h.cmd().args(["demo", "--days", "20", "--force"]).assert().success();
}

#[test]
fn a_restored_backup_exports_exactly_what_was_backed_up() {
    let h = Home::new();
    demo(&h);
    let before = export(&h, &h.db);
    let file = h.dir.path().join("copy.sqlite");
    let said = h.json(&["backup", file.to_str().unwrap()]);
    assert!(said["sessions"].as_i64().unwrap() > 20, "{said}");
    assert!(!Path::new(&format!("{}-wal", file.display())).exists(), "a backup is one file");

    let fresh = h.dir.path().join("restored.sqlite");
    let out = on(&h, &fresh).args(["restore", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity ok"));
    same(&export(&h, &fresh), &before, "restored");
}

#[test]
fn a_backup_taken_during_writes_is_whole_and_restores() {
    let h = Home::new();
    demo(&h);
    let writer = {
        let db = h.db.clone();
        let home = h.dir.path().to_owned();
        std::thread::spawn(move || {
            for _ in 0..15 {
                let ok = assert_cmd::Command::cargo_bin("sciatica")
                    .unwrap()
                    .env("HOME", &home)
                    .env("TZ", "UTC")
                    .arg("--db")
                    .arg(&db)
                    .args(["log", "--leg-pain-before", "5", "--leg-pain-after", "4", "--all"])
                    .output()
                    .unwrap()
                    .status
                    .success();
                assert!(ok);
            }
        })
    };
    let mut seen = Vec::new();
    for n in 0..4 {
        let file = h.dir.path().join(format!("during-{n}.sqlite"));
        let said = h.json(&["backup", file.to_str().unwrap()]);
        seen.push((file, said["sessions"].as_i64().unwrap()));
    }
    writer.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "each copy is a moment after the last: {seen:?}");
    let (file, sessions) = seen.pop().unwrap();
    let held = export(&h, &file);
    let into = h.dir.path().join("into.sqlite");
    on(&h, &into).args(["restore", file.to_str().unwrap()]).assert().success();
    let restored = export(&h, &into);
    same(&restored, &held, "restored during writes");
    assert_eq!(restored["sessions"].as_array().unwrap().len(), usize::try_from(sessions).unwrap());
}

#[test]
fn backup_and_restore_refuse_what_would_lose_data() {
    let h = Home::new();
    demo(&h);
    let before = export(&h, &h.db);

    // A backup never writes over a file.
    let taken = h.file("taken.sqlite", "keep me");
    let out = h.cmd().args(["backup", &taken]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me");

    // A database with patients is replaced only with --replace.
    let file = h.dir.path().join("copy.sqlite");
    h.json(&["backup", file.to_str().unwrap()]);
    h.cmd().args(["log", "--leg-pain-before", "5", "--all"]).assert().success();
    let changed = export(&h, &h.db);
    let out = h.cmd().args(["restore", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--replace"));
    same(&export(&h, &h.db), &changed, "not replaced without --replace");
    h.cmd().args(["restore", "--replace", file.to_str().unwrap()]).assert().success();
    same(&export(&h, &h.db), &before, "after the restore");

    // Something that is not a whole sciatica backup replaces nothing.
    let junk = h.file("junk.sqlite", &"not a database ".repeat(100));
    let out = h.cmd().args(["restore", "--replace", &junk]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    same(&export(&h, &h.db), &before, "after the restore");

    // Nor does a backup made by a newer version.
    let newer = h.dir.path().join("newer.sqlite");
    std::fs::copy(&file, &newer).unwrap();
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (99999, 'later', 1, x'00', 0)\"); c.commit()")
        .arg(&newer)
        .status()
        .unwrap();
    assert!(out.success());
    let out = h.cmd().args(["restore", "--replace", newer.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("newer version"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    same(&export(&h, &h.db), &before, "after the restore");
}
