//! `sciatica backup` and `sciatica restore`, on SQLite and on PostgreSQL: a backup taken while
//! sessions are being written is a whole, checked SQLite file, and restoring it (into either
//! backend) gives back exactly what it held (the export is identical); a backup is never written
//! over a file, and a restore never replaces patients' data unasked or with something that is
//! not a whole backup.

mod common;

use common::{Home, postgres};
use serde_json::Value;
use std::ffi::OsStr;
use std::path::Path;

fn on(h: &Home, db: impl AsRef<OsStr>) -> assert_cmd::Command {
    h.on(db)
}

fn export(h: &Home, db: impl AsRef<OsStr>) -> Value {
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

/// Backups taken from `db` while `sciatica log` writes 10 sessions to it: each a later moment
/// than the one before; returns the last file and the sessions it holds.
fn backups_during_writes(h: &Home, db: &str) -> (std::path::PathBuf, i64) {
    let writer = {
        let (db, home) = (db.to_owned(), h.dir.path().to_owned());
        std::thread::spawn(move || {
            for _ in 0..10 {
                let ok = assert_cmd::Command::cargo_bin("sciatica")
                    .unwrap()
                    .env("HOME", &home)
                    .env("TZ", "UTC")
                    .args(["--db", &db, "log", "--leg-pain-before", "5", "--leg-pain-after", "4", "--all"])
                    .output()
                    .unwrap()
                    .status
                    .success();
                assert!(ok);
            }
        })
    };
    let mut seen = Vec::new();
    for n in 0..3 {
        let file = h.dir.path().join(format!("pg-during-{n}.sqlite"));
        let out = on(h, db).args(["backup", file.to_str().unwrap(), "--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(said["file"].as_str(), file.to_str());
        assert!(!Path::new(&format!("{}-wal", file.display())).exists(), "a backup is one file");
        seen.push((file, said["sessions"].as_i64().unwrap()));
    }
    writer.join().unwrap();
    assert!(seen.windows(2).all(|w| w[0].1 <= w[1].1), "each copy is a moment after the last: {seen:?}");
    seen.pop().unwrap()
}

#[test]
fn a_postgres_backup_is_a_checked_file_that_restores_into_either_backend() {
    let (Some(pg), Some(into_pg)) = (postgres("cli::backup_pg"), postgres("cli::restore_pg")) else { return };
    let h = Home::new();
    demo(&h);
    on(&h, &h.db).args(["copy", "--from", h.db.to_str().unwrap(), "--to", &pg]).assert().success();
    let (file, sessions) = backups_during_writes(&h, &pg);
    let held = export(&h, &file);
    assert_eq!(held["sessions"].as_array().unwrap().len(), usize::try_from(sessions).unwrap());

    let into_lite = h.dir.path().join("from-pg.sqlite");
    on(&h, &into_lite).args(["restore", file.to_str().unwrap()]).assert().success();
    same(&export(&h, &into_lite), &held, "a PostgreSQL backup restored into SQLite");

    let out = on(&h, &into_pg).args(["restore", file.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity ok"));
    same(&export(&h, &into_pg), &held, "restored into PostgreSQL");

    // And an SQLite backup restores into PostgreSQL just the same.
    let lite_backup = h.dir.path().join("lite.sqlite");
    h.json(&["backup", lite_backup.to_str().unwrap()]);
    let before = export(&h, &h.db);
    on(&h, &into_pg).args(["restore", "--replace", lite_backup.to_str().unwrap()]).assert().success();
    same(&export(&h, &into_pg), &before, "an SQLite backup restored into PostgreSQL");
}

#[test]
fn a_restore_into_postgres_refuses_what_would_lose_data() {
    let Some(pg) = postgres("cli::restore_pg_refuses") else { return };
    let h = Home::new();
    demo(&h);
    let file = h.dir.path().join("copy.sqlite");
    h.json(&["backup", file.to_str().unwrap()]);
    let backed_up = export(&h, &h.db);
    let answers = h.file("answers.json", &common::clear().to_string());
    on(&h, &pg)
        .args(["setup", "--time-zone", "UTC", "--morning", "07:00", "--evening", "19:00"])
        .assert()
        .success();
    on(&h, &pg).args(["screen", "--answers", &answers, "--save"]).assert().success();
    on(&h, &pg).args(["log", "--leg-pain-before", "5", "--all"]).assert().success();
    let theirs = export(&h, &pg);

    let out = on(&h, &pg).args(["restore", file.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--replace"));
    same(&export(&h, &pg), &theirs, "not replaced without --replace");

    let junk = h.file("junk.sqlite", &"not a database ".repeat(100));
    let out = on(&h, &pg).args(["restore", "--replace", &junk]).output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    same(&export(&h, &pg), &theirs, "not replaced with a damaged file");

    let taken = h.file("taken.sqlite", "keep me");
    let out = on(&h, &pg).args(["backup", &taken]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me", "a backup never overwrites a file");

    on(&h, &pg).args(["restore", "--replace", file.to_str().unwrap()]).assert().success();
    same(&export(&h, &pg), &backed_up, "replaced with --replace");

    // A backup made before the last migration is brought up to date on the way in, and the
    // file itself is only read.
    let older = h.dir.path().join("older.sqlite");
    std::fs::copy(&file, &older).unwrap();
    let undo = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
                c.execute('ALTER TABLE session_exercises DROP COLUMN seconds_done'); \
                c.execute('DELETE FROM _sqlx_migrations WHERE version = 16'); c.commit()";
    let ok = std::process::Command::new("python3").args(["-c", undo]).arg(&older).status().unwrap();
    assert!(ok.success());
    let bytes = std::fs::read(&older).unwrap();
    on(&h, &pg).args(["restore", "--replace", older.to_str().unwrap()]).assert().success();
    assert_eq!(std::fs::read(&older).unwrap(), bytes, "the backup is left as it was");
    let restored = export(&h, &pg);
    assert_eq!(
        restored["sessions"].as_array().unwrap().len(),
        backed_up["sessions"].as_array().unwrap().len()
    );
    assert_eq!(restored["screenings"], backed_up["screenings"]);
}
