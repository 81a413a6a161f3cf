//! A patient in a clinician's care, another clinician, and a history that brings a proposal: for
//! the clinical-action tests.

use super::api::{Api, Body, World, answers};
use jiff::{SignedDuration, Timestamp};
use reqwest::Method;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

pub struct Clinic {
    pub w: World,
    pub patient: Api,
    pub pid: String,
    pub clinician: Api,
    pub other: Api,
}

/// A patient in c@example.org's care; o@example.org is a clinician of another team.
pub async fn clinic() -> Clinic {
    let w = World::new().await;
    let (patient, pid) = w.account("p@example.org", Role::Patient).await;
    let (clinician, _) = w.account("c@example.org", Role::Clinician).await;
    let (other, _) = w.account("o@example.org", Role::Clinician).await;
    let pid = pid.unwrap();
    let c = w.server.store.user_by_email("c@example.org").await.unwrap().unwrap();
    w.server.store.add_to_care_team(&pid, &c.id, None, Timestamp::now()).await.unwrap();
    Clinic { w, patient, pid, clinician, other }
}

/// Twice-daily sessions for the last 14 days: every criterion of phase 1 holds today.
pub async fn good_fortnight(p: &Api) {
    let now = Timestamp::now();
    let day =
        |n: i64, h: i64| now - SignedDuration::from_hours(24 * (14 - n)) + SignedDuration::from_hours(h);
    let screen = p
        .call(
            Method::POST,
            "/api/v1/screenings",
            &[],
            &format!("?taken_at={}", day(0, -2)),
            Some(Body::Json(&answers(&[]))),
        )
        .await;
    assert_eq!(screen.status, 201, "{}", screen.text);
    let plan = p.get("/api/v1/plan", &[]).await;
    let ids: Vec<String> = plan.body["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    for n in 0..14 {
        let (pain, level) = if n < 3 { (7, 4) } else { (3, 2) };
        for h in [0, 10] {
            let exercises: Vec<Value> = ids.iter().take(3).map(|id| json!({ "id": id, "sets_done": 1, "reps_done": 1, "completed": true, "response": "moved_up" })).collect();
            let body = json!({
                "started_at": day(n, h).to_string(), "ended_at": (day(n, h) + SignedDuration::from_mins(20)).to_string(),
                "leg_pain_before": pain, "leg_pain_after": pain, "back_pain_before": 0, "back_pain_after": 0,
                "left_before": level, "left_after": level, "right_before": 0, "right_after": 0, "exercises": exercises,
            });
            let s = p.send(Method::POST, "/api/v1/sessions", &[], &body).await;
            assert_eq!(s.status, 201, "{}", s.text);
        }
    }
}
