//! A patient's journey through the JSON API on a real server with a fresh database: screening,
//! plan, programme, sessions, measures, progress, calendar, export and erasure, and an urgent
//! screen that holds the plan. Every answer is checked against the served OpenAPI document.

mod common;

use common::api::{Auth, World, answers};
use reqwest::Method;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

#[tokio::test]
async fn screen_plan_session_progress_measure_calendar_export_and_erasure() {
    let w = World::new().await;
    w.server.user("sam@example.org", Role::Patient).await;
    let signed_in = w.server.signed_in("sam@example.org").await;
    let by_cookie = w.api.with(Auth::Cookie(signed_in.cookie.clone().unwrap()));
    let me = by_cookie.get("/api/v1/me", &[]).await;
    assert_eq!((me.status, me.body["role"].as_str()), (200, Some("patient")));
    let made = by_cookie.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "phone" })).await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.body["name"], "phone");
    let p = w.api.with(Auth::Bearer(made.body["token"].as_str().unwrap().to_owned()));
    assert_eq!(p.get("/api/v1/me", &[]).await.body["email"], "sam@example.org");

    let plan = p.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 409, "not screened yet: {}", plan.text);
    assert_eq!(plan.body["current_status"]["screened"], false);
    assert_eq!(p.get("/api/v1/program", &[]).await.status, 404, "no programme before the screen");

    let screened = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await;
    assert_eq!(screened.status, 201, "{}", screened.text);
    assert_eq!(screened.body["urgency"], "self_manage");
    assert_eq!(screened.body["action"], "continue");
    let sid = screened.body["id"].as_str().unwrap().to_owned();
    assert_eq!(screened.headers["location"], format!("/api/v1/screenings/{sid}").as_str());
    assert_eq!(p.get("/api/v1/screenings/{id}", &[&sid]).await.body["id"], sid.as_str());
    assert_eq!(p.get("/api/v1/screenings", &[]).await.body.as_array().unwrap().len(), 1);

    let profile =
        json!({ "name": "Sam", "time_zone": "Europe/London", "morning": "07:15", "evening": "20:00" });
    let put = p.send(Method::PUT, "/api/v1/profile", &[], &profile).await;
    assert_eq!(put.body, profile);
    assert_eq!(p.get("/api/v1/profile", &[]).await.body, profile);

    let status = p.get("/api/v1/status", &[]).await;
    assert_eq!(
        (status.body["blocked"].as_bool(), status.body["screened"].as_bool()),
        (Some(false), Some(true))
    );
    let plan = p.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 200, "{}", plan.text);
    assert_eq!(plan.body["cause"], "disc_herniation");
    assert_eq!(plan.body["family"], "extension_bias");
    let exercises = plan.body["exercises"].as_array().unwrap().clone();
    assert!((2..=5).contains(&exercises.len()), "a short programme: {exercises:?}");
    let first = exercises[0]["id"].as_str().unwrap().to_owned();
    let ex = p.get("/api/v1/exercises/{id}", &[&first]).await;
    assert_eq!(
        (ex.body["in_plan"].as_bool(), ex.body["figures"]["animated"].as_str()),
        (Some(true), Some(format!("/figures/{first}.svg").as_str()))
    );
    assert!(!ex.body["steps"].as_array().unwrap().is_empty());
    let all = p.get("/api/v1/exercises", &[]).await;
    assert!(all.body.as_array().unwrap().len() > exercises.len());
    assert_eq!(p.get("/api/v1/exercises/{id}", &["no-such-exercise"]).await.status, 404);

    let program = p.get("/api/v1/program", &[]).await;
    assert_eq!((program.body["phase"].as_u64(), program.body["gentle"].as_bool()), (Some(1), Some(false)));
    let moved = p.send(Method::PATCH, "/api/v1/program", &[], &json!({ "phase": 2 })).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.body["phase"], 2);
    assert_eq!(p.send(Method::PATCH, "/api/v1/program", &[], &json!({ "phase": 1 })).await.body["phase"], 1);

    let done: Vec<Value> = exercises
        .iter()
        .map(|e| json!({ "id": e["id"], "sets_done": e["sets"], "reps_done": e["reps"], "hold_seconds": e["hold_seconds"], "completed": true, "response": "moved_up" }))
        .collect();
    let session = json!({
        "leg_pain_before": 6, "leg_pain_after": 4, "back_pain_before": 3, "back_pain_after": 3,
        "left_before": 4, "left_after": 2, "right_before": 0, "right_after": 0,
        "exercises": done, "walking_minutes": 15, "notes": "felt easier"
    });
    let logged = p.send(Method::POST, "/api/v1/sessions", &[], &session).await;
    assert_eq!(logged.status, 201, "{}", logged.text);
    assert_eq!(logged.body["class"], "centralizing");
    let session_id = logged.body["id"].as_str().unwrap().to_owned();
    let one = p.get("/api/v1/sessions/{id}", &[&session_id]).await;
    assert_eq!(
        (one.body["left"]["before"].as_u64(), one.body["notes"].as_str()),
        (Some(4), Some("felt easier"))
    );
    assert_eq!(one.body["exercises"].as_array().unwrap().len(), exercises.len());
    let list = p.get("/api/v1/sessions", &[]).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    let paged =
        p.call(Method::GET, "/api/v1/sessions", &[], "?limit=1&before=2000-01-01T00:00:00Z", None).await;
    assert_eq!(paged.body, json!([]));
    let plan = p.get("/api/v1/plan", &[]).await;
    assert!(plan.body["slots"].as_array().unwrap().iter().any(|s| s["done_at"].is_string()), "{}", plan.text);

    let odi = p
        .send(
            Method::POST,
            "/api/v1/measures/{measure}",
            &["odi"],
            &json!({ "answers": [3, 2, 3, 2, 4, 3, 1, null, 2, 3] }),
        )
        .await;
    assert_eq!(odi.status, 201, "{}", odi.text);
    assert_eq!(
        (odi.body["score"].as_f64(), odi.body["answered"].as_u64(), odi.body["skipped"].as_u64()),
        (Some(51.1), Some(9), Some(1))
    );
    assert!(odi.body.get("risk").is_none(), "STarT Back figures only for STarT Back");
    let sb = p
        .send(
            Method::POST,
            "/api/v1/measures/{measure}",
            &["startback"],
            &json!({ "answers": [1, 1, 1, 1, 1, 1, 1, 1, 4] }),
        )
        .await;
    assert_eq!(sb.status, 201, "{}", sb.text);
    assert_eq!(sb.body["risk"], "high");
    assert!(sb.body["alerts"].as_array().unwrap().iter().any(|a| a["rule"] == "R26"), "{}", sb.text);
    let status = p.get("/api/v1/status", &[]).await;
    assert!(status.body["rules"].as_array().unwrap().contains(&json!("R26")), "{}", status.text);
    let measures = p.get("/api/v1/measures", &[]).await;
    assert_eq!(measures.body["responses"].as_array().unwrap().len(), 2);
    // The ODI's licensed text is not loaded: its scores are taken, but it is never due.
    assert!(measures.body["odi_due"].is_null(), "{}", measures.text);
    let due: Vec<&str> =
        measures.body["due"].as_array().unwrap().iter().map(|d| d["measure"].as_str().unwrap()).collect();
    assert_eq!(due, ["nrs", "psfs", "peg"], "the baseline of each questionnaire whose text is shipped");
    assert_eq!(measures.body["due"][0]["point"], "baseline");

    let progress = p.call(Method::GET, "/api/v1/progress", &[], "?days=7", None).await;
    assert_eq!(progress.status, 200, "{}", progress.text);
    let days = progress.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[6]["leg_pain"], 6);
    assert_eq!(progress.body["measures"].as_array().unwrap().len(), 2);
    assert!(progress.body["assessment"]["checks"].is_array());

    let on = p.call(Method::POST, "/api/v1/calendar", &[], "", None).await;
    assert_eq!(on.status, 201, "{}", on.text);
    let first_url = on.body["url"].as_str().unwrap().to_owned();
    let feed = |url: String| {
        let http = w.api.http.clone();
        async move { http.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(feed(first_url.clone()).await, 200);
    assert_eq!(p.get("/api/v1/calendar", &[]).await.body["url"], first_url.as_str());
    let renewed = p.call(Method::POST, "/api/v1/calendar", &[], "", None).await;
    let second_url = renewed.body["url"].as_str().unwrap().to_owned();
    assert_ne!(first_url, second_url);
    assert_eq!(feed(first_url).await, 404, "the old link stops working");
    assert_eq!(feed(second_url.clone()).await, 200);
    assert_eq!(p.delete("/api/v1/calendar", "").await.status, 204);
    assert_eq!(feed(second_url).await, 404);
    assert_eq!(p.get("/api/v1/calendar", &[]).await.body["url"], Value::Null);

    let export = p.get("/api/v1/export", &[]).await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["format"], "sciatica-export");
    assert_eq!(export.body["account"]["email"], "sam@example.org");
    assert_eq!(export.body["sessions"][0]["id"], session_id.as_str());
    assert_eq!(export.body["screenings"][0]["id"], sid.as_str());

    let assessed =
        p.send(Method::POST, "/api/v1/assessed", &[], &json!({ "note": "seen by my physio" })).await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    assert_eq!(assessed.body["alerts"], json!([]), "open alerts are resolved");

    let user = w.server.store.user_by_email("sam@example.org").await.unwrap().unwrap();
    let pid = user.patient_id.unwrap();
    assert_eq!(p.delete("/api/v1/me", "").await.status, 415, "the password comes in the body");
    p.erase("", "").await.names("password");
    p.erase("not the password at all", "").await.names("password");
    p.erase(common::PASSWORD, "?confirm=yes").await.names("confirm");
    assert!(w.server.store.user_by_email("sam@example.org").await.unwrap().is_some(), "nothing erased yet");
    assert_eq!(p.erase(common::PASSWORD, "?confirm=true").await.status, 204);
    assert!(w.server.store.user_by_email("sam@example.org").await.unwrap().is_none());
    assert!(w.server.store.sessions(&pid).await.unwrap().is_empty());
    assert_eq!(p.get("/api/v1/me", &[]).await.status, 401, "the token went with the account");
    assert_eq!(by_cookie.get("/api/v1/me", &[]).await.status, 401, "and the sign-in session");
}

#[tokio::test]
async fn an_urgent_screen_holds_the_plan_until_a_clinician_has_seen_the_person() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let urgent = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[("bladder", json!(true))])).await;
    assert_eq!(urgent.status, 201, "{}", urgent.text);
    assert_eq!(urgent.body["urgency"], "emergency_now");
    assert_eq!(urgent.body["action"], "none_hold");
    let plan = p.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 409);
    assert_eq!(plan.body["current_status"]["urgency"], "emergency_now");
    assert_eq!(plan.body["current_status"]["blocked"], true);
    assert!(plan.body["current_status"]["urgent_since"].is_string());
    let session = p.send(Method::POST, "/api/v1/sessions", &[], &json!({ "leg_pain_before": 5 })).await;
    assert_eq!(session.status, 409, "no session while the programme is held: {}", session.text);
    assert_eq!(p.get("/api/v1/sessions", &[]).await.body, json!([]));

    let calm = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await;
    assert_eq!(calm.body["urgency"], "self_manage");
    assert_eq!(
        p.get("/api/v1/plan", &[]).await.status,
        409,
        "a milder screen never lowers an urgent result by itself"
    );
    p.send(Method::POST, "/api/v1/assessed", &[], &json!({ "note": "  " })).await.names("note");
    let seen = p
        .send(Method::POST, "/api/v1/assessed", &[], &json!({ "note": "seen in urgent care, all clear" }))
        .await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(seen.body["urgent_since"], Value::Null);
    assert_eq!(seen.body["blocked"], false);
    assert_eq!(
        p.get("/api/v1/plan", &[]).await.status,
        200,
        "the calm screen holds once the urgent one is lifted"
    );
}
