//! What the store tests share: calm screen answers, fixed instants and accounts.

#![allow(dead_code)] // each test file uses some of these

use jiff::Timestamp;
use sciatica_core::policy::Role;
use sciatica_core::triage::answers::Answers;
use sciatica_store::Store;
use sciatica_store::patients::Profile;
use sciatica_store::users::{NewUser, User};

/// A fixed instant, `minute` minutes into the tests' day.
pub fn at(minute: i64) -> Timestamp {
    Timestamp::from_second(1_780_000_000 + minute * 60).unwrap()
}

/// An account of `role` (a patient with a profile), made at `at(0)`.
pub async fn user(store: &Store, email: &str, role: Role) -> User {
    let profile =
        (role == Role::Patient).then(|| Profile::new(Some("Sam"), "UTC", "07:30", "19:00").unwrap());
    let u = NewUser { email: email.into(), password_hash: "h".into(), role, profile };
    store.create_user(&u, at(0)).await.unwrap()
}

/// Calm answers (a cleared disc herniation, no red flags) with some changed.
pub fn answers(patch: &[(&str, serde_json::Value)]) -> Answers {
    let mut j = serde_json::json!({
        "age": 42, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
        "bladder": false, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    });
    for (k, v) in patch {
        j[*k] = v.clone();
    }
    Answers::from_json(&j).unwrap()
}

/// The backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A new SQLite file in a temporary folder.
    Sqlite,
    /// A new database on the test server (`SCIATICA_TEST_PG`).
    Postgres,
}

/// A fresh, empty database for one test: its URL, and the folder it lives in (SQLite).
pub struct Fresh {
    /// The `--db` value.
    pub url: String,
    /// The backend.
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh database on `backend`; `None` when PostgreSQL is not available (said on stderr).
pub async fn fresh_db(backend: Backend, test: &str) -> Option<Fresh> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let url = dir.path().join("test.sqlite").to_string_lossy().into_owned();
            Some(Fresh { url, backend, _dir: Some(dir) })
        }
        Backend::Postgres => {
            let url = sciatica_store::testing::postgres_database(test).await.unwrap()?;
            Some(Fresh { url, backend, _dir: None })
        }
    }
}

/// Declares a test that runs on both backends, as `NAME::sqlite` and `NAME::postgres`, each on a
/// fresh database (`Fresh`) bound to the given name; `multi_thread` before `async fn` runs it on
/// two worker threads.
#[macro_export]
macro_rules! on_both {
    (async fn $name:ident($db:ident) $body:block) => {
        on_both!(@ [tokio::test] $name $db $body);
    };
    (multi_thread async fn $name:ident($db:ident) $body:block) => {
        on_both!(@ [tokio::test(flavor = "multi_thread", worker_threads = 2)] $name $db $body);
    };
    (@ [$($test:tt)*] $name:ident $db:ident $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: common::Fresh) $body

            #[$($test)*]
            async fn sqlite() {
                body(common::fresh_db(common::Backend::Sqlite, "").await.unwrap()).await;
            }

            #[$($test)*]
            async fn postgres() {
                let test = concat!(module_path!(), "::", stringify!($name));
                if let Some(db) = common::fresh_db(common::Backend::Postgres, test).await {
                    body(db).await;
                }
            }
        }
    };
}
