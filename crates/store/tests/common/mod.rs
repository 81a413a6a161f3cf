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
