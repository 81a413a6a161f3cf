//! The patient's web pages end to end on a real server: sign-up by invitation, the screen,
//! onboarding, the session player, progress, reminders, data export and erasure; an emergency
//! answer, a stopped or interrupted session and bad form input.

mod common;

use common::api::answers;
use common::pages::{ODI_ANSWERS, invitation, screen, session};
use common::{PASSWORD, start};
use reqwest::StatusCode;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

#[tokio::test]
async fn invitation_sign_up_onboarding_session_progress_calendar_export_and_erasure() {
    let s = start().await;
    let path = invitation(&s).await;

    let mut p = s.client();
    assert_eq!(p.get(&path).await.status, StatusCode::OK);
    let short = p
        .post(
            &path,
            &[
                ("email", "sam@example.org"),
                ("password", "short"),
                ("name", "Sam"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("Password is too short"), "{}", short.body);
    let joined = p
        .post(
            &path,
            &[
                ("email", "sam@example.org"),
                ("password", PASSWORD),
                ("name", "Sam"),
                ("time_zone", "Europe/London"),
            ],
        )
        .await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER);
    assert_eq!(joined.location(), "/login?welcome", "signed up, then asked to sign in");
    let signed_in = p.post("/login", &[("email", "sam@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert!(p.cookie.is_some());
    assert_eq!(s.client().get(&path).await.status, StatusCode::GONE, "an invitation works once");

    assert_eq!(p.get("/today").await.location(), "/screen", "no screen yet");
    let result = screen(&mut p, &answers(&[])).await;
    let page = p.get(&result).await;
    assert!(page.body.contains("Next: your session times"), "{}", page.body);
    let bad = p
        .post("/onboarding/times", &[("time_zone", "Mars/Base"), ("morning", "07:00"), ("evening", "19:00")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Your time zone “Mars/Base” was not found"), "{}", bad.body);
    assert_eq!(
        p.post(
            "/onboarding/times",
            &[("time_zone", "Europe/London"), ("morning", "07:15"), ("evening", "20:00")]
        )
        .await
        .status,
        StatusCode::SEE_OTHER
    );

    let today = p.get("/today").await;
    assert_eq!(today.status, StatusCode::OK);
    assert!(
        today.body.contains("07:15")
            && today.body.contains("20:00")
            && today.body.contains("href=\"/session\""),
        "{}",
        today.body
    );
    for path in [
        "/program",
        "/exercises/prone-lying",
        "/learn",
        "/learn/warning-signs",
        "/measures",
        "/measures/odi",
        "/calendar",
        "/data",
        "/account",
    ] {
        assert_eq!(p.get(path).await.status, StatusCode::OK, "{path}");
    }

    let summary = session(&mut p, false).await;
    let page = p.get(&summary).await;
    assert!(page.body.contains("moved up toward your back"), "centralising feedback: {}", page.body);
    let user = s.store.user_by_email("sam@example.org").await.unwrap().unwrap();
    let pid = user.patient_id.clone().unwrap();
    let sessions = s.store.sessions(&pid).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].left.pre.map(sciatica_core::Level::get), Some(4));
    assert!(
        sessions[0]
            .exercises
            .iter()
            .all(|e| e.completed && e.response == Some(sciatica_core::Response::MovedUp))
    );

    let odi = p.post("/measures/odi", &ODI_ANSWERS).await;
    assert_eq!(odi.status, StatusCode::SEE_OTHER);
    assert_eq!(s.store.measure_responses(&pid).await.unwrap()[0].score, Some(51.1));
    let wrong = p.post("/measures/odi", &[("item1", "9")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.store.measure_responses(&pid).await.unwrap().len(), 1, "nothing written");

    assert_eq!(p.post("/calendar", &[("action", "on")]).await.status, StatusCode::SEE_OTHER);
    let cal = p.get("/calendar").await;
    let feed_url = cal
        .body
        .split("value=\"")
        .find_map(|x| x.split('"').next().filter(|u| u.to_ascii_lowercase().ends_with(".ics")))
        .unwrap()
        .to_owned();
    let feed = s.client().get(feed_url.trim_start_matches(&s.base)).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.headers["content-type"].to_str().unwrap().starts_with("text/calendar"));
    assert!(
        feed.body.contains("RRULE:FREQ=DAILY")
            && feed.body.contains("TZID=Europe/London")
            && feed.body.contains("T071500"),
        "{}",
        feed.body
    );
    assert_eq!(p.post("/calendar", &[("action", "off")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        s.client().get(feed_url.trim_start_matches(&s.base)).await.status,
        StatusCode::NOT_FOUND,
        "a revoked feed is gone"
    );

    let export = p.get("/data/sciatica-export.json").await;
    assert_eq!(export.status, StatusCode::OK);
    let v: Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(v["account"]["email"], "sam@example.org");
    assert_eq!(v["sessions"].as_array().unwrap().len(), 1);
    let csv = p.get("/data/sessions.csv").await;
    assert_eq!(csv.body.lines().count(), 2, "a header and one session");

    let unconfirmed = p.post("/data/delete/confirm", &[("password", PASSWORD)]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY, "the box must be ticked");
    let gone = p.post("/data/delete/confirm", &[("password", PASSWORD), ("understood", "yes")]).await;
    assert_eq!(gone.status, StatusCode::OK);
    assert!(p.cookie.is_none(), "signed out");
    assert!(s.store.user_by_email("sam@example.org").await.unwrap().is_none());
    assert!(s.store.sessions(&pid).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_emergency_answer_leaves_no_way_to_an_exercise() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let result = screen(&mut p, &answers(&[("saddle", json!(true))])).await;
    let page = p.get(&result).await;
    assert!(page.body.contains("I understand"));
    assert!(!page.body.contains("<nav"), "nothing else to tap");
    assert_eq!(page.body.matches("<button").count(), 1);
    assert!(!page.body.contains("href=\"/session\"") && !page.body.contains("/exercises/"));
    let today = p.get("/today").await;
    assert!(today.body.contains("card-emergency"));
    assert!(!today.body.contains("href=\"/session\""), "no session link");
    assert_eq!(p.get("/session").await.location(), "/today", "the player sends back to the card");
    assert!(p.get("/program").await.body.contains("paused"));
    // A calmer screen later does not lift it; saying a clinician has seen them does.
    let ask = p.get("/screen").await;
    assert!(ask.body.contains("Has a doctor or other clinician seen you"), "{}", ask.body);
    assert_eq!(p.post("/screen/assessed", &[("seen", "no")]).await.location(), "/screen/1");
    screen(&mut p, &answers(&[])).await;
    assert!(p.get("/today").await.body.contains("card-emergency"));
    assert_eq!(
        p.post("/assessed", &[("note", "Seen in A&E, all clear")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(p.get("/today").await.body.contains("href=\"/session\""));
}

#[tokio::test]
async fn moved_down_stops_the_session_at_once() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[])).await;
    let summary = session(&mut p, true).await;
    let page = p.get(&summary).await;
    assert!(page.body.contains("You stopped at exercise 1."), "{}", page.body);
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    let saved = &s.store.sessions(&pid).await.unwrap()[0];
    assert!(saved.stopped);
    assert_eq!(saved.exercises.len(), 1);
}

#[tokio::test]
async fn a_closed_tab_loses_nothing() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[])).await;
    p.get("/session").await;
    p.post("/session/safety", &[("warning_signs", "no")]).await;
    let pain = p.get("/session").await;
    assert!(
        pain.body.contains("<span>0 - no pain</span> <span>10 - worst pain imaginable</span>"),
        "{}",
        pain.body
    );
    p.post("/session/pain-before", &[("leg", "7"), ("back", "2")]).await;
    // A new browser (the tab was closed), signed in again: the player carries on where it was.
    let mut again = s.signed_in("pat@example.org").await;
    let page = again.get("/session").await;
    assert!(page.body.contains("How far down"), "{}", page.body);
    // A repeated submit of an earlier step changes nothing.
    assert_eq!(
        again.post("/session/pain-before", &[("leg", "1"), ("back", "1")]).await.location(),
        "/session"
    );
    again.post("/session/reach-before", &[("left", "3"), ("right", "0")]).await;
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    let draft = s.store.draft(&pid).await.unwrap().unwrap();
    assert_eq!((draft["leg_pain_before"].as_u64(), draft["left_before"].as_u64()), (Some(7), Some(3)));
}

#[tokio::test]
async fn bad_form_input_names_the_field_and_writes_nothing() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let r = p.post("/screen/1", &[("age", "200")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("whole number from 0 to 120"), "{}", r.body);
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    assert!(s.store.screen_draft(&pid).await.unwrap().is_none(), "nothing written");
    screen(&mut p, &answers(&[])).await;
    p.get("/session").await;
    p.post("/session/safety", &[("warning_signs", "no")]).await;
    let r = p.post("/session/pain-before", &[("leg", "11"), ("back", "2")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("from 0 to 10"));
    assert_eq!(s.store.draft(&pid).await.unwrap().unwrap()["leg_pain_before"], Value::Null);
    let r = p.post("/session/pain-before", &[("leg", "3")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "back pain missing");
    let huge = "3".repeat(70 * 1024);
    let r = p.post("/session/pain-before", &[("leg", huge.as_str()), ("back", "2")]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("up to 64 KiB") && r.body.contains("<html"), "the error page: {}", r.body);
    assert_eq!(s.store.draft(&pid).await.unwrap().unwrap()["leg_pain_before"], Value::Null);
}
