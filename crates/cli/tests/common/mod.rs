//! Helpers for running the `sciatica` binary against a fresh database.

#![allow(dead_code)]

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::PathBuf;

/// A temporary home with a database path.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Home {
    pub fn new() -> Home {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("sciatica.sqlite");
        Home { dir, db }
    }

    /// The binary with this home's database, no colour, and no access to the real data folder.
    pub fn cmd(&self) -> Command {
        self.on(&self.db)
    }

    /// The binary on another database (a path or a URL), otherwise as [`Home::cmd`].
    pub fn on(&self, db: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::cargo_bin("sciatica").unwrap();
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("TZ", "UTC")
            .arg("--db")
            .arg(db);
        c
    }

    /// Runs with `--format json` and parses standard output; panics with stderr on failure.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.cmd().args(args).args(["--format", "json"]).output().unwrap();
        assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
    }

    /// Writes a file in the home and returns its path.
    pub fn file(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }

    /// Saves a screen with these answers changed from `clear()`.
    pub fn screen(&self, patch: &[(&str, Value)]) -> Value {
        let f = self.file("answers.json", &answers(patch).to_string());
        self.json(&["screen", "--answers", &f, "--save"])
    }

    /// Every session in the database (through `export`).
    pub fn sessions(&self) -> Vec<Value> {
        if !self.db.exists() {
            return Vec::new();
        }
        let out = self.cmd().args(["export"]).output().unwrap();
        if !out.status.success() {
            return Vec::new();
        }
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["sessions"].as_array().cloned().unwrap_or_default()
    }
}

/// The URL of a new, empty database on the PostgreSQL test server, or `None` (said on stderr)
/// when there is none (`SCIATICA_TEST_PG`; `suites/pg.sh` and `run-tests` set it).
pub fn postgres(test: &str) -> Option<String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(sciatica_store::testing::postgres_database(test)).unwrap()
}

/// Answers with no red flag: a 42-year-old with a confirmed, cleared disc herniation.
pub fn clear() -> Value {
    json!({
        "age": 42, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
        "bladder": false, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    })
}

/// `clear()` with some answers changed.
pub fn answers(patch: &[(&str, Value)]) -> Value {
    let mut a = clear();
    for (k, v) in patch {
        a[*k] = v.clone();
    }
    a
}
