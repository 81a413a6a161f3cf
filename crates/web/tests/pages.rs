//! The web pages end to end on a real server: sign-up by invitation, the screen, onboarding, the
//! session player, progress, reminders, data export and erasure; security headers, cross-site
//! posts, other people's objects and bad input.

mod common;

use common::{Client, PASSWORD, start};
use reqwest::StatusCode;
use sciatica_core::Content;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

/// Calm answers (a cleared disc herniation, no red flags) with some changed.
fn answers(patch: &[(&str, Value)]) -> Value {
    let mut a = json!({
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
        a[*k] = v.clone();
    }
    a
}

/// The form fields of screen page `n` for these answers.
fn page_form(n: usize, a: &Value) -> Vec<(String, String)> {
    let c = Content::embedded();
    let topics: Vec<_> = c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).collect();
    let mut form = Vec::new();
    for q in c.questions.iter().filter(|q| q.topic == topics[n - 1].id) {
        match &a[&q.key] {
            Value::Bool(b) => form.push((q.key.clone(), if *b { "yes" } else { "no" }.to_owned())),
            Value::Number(x) => form.push((q.key.clone(), x.to_string())),
            Value::String(s) => form.push((q.key.clone(), s.clone())),
            Value::Array(items) => {
                for i in items {
                    form.push((q.key.clone(), i.as_str().unwrap().to_owned()));
                }
            }
            _ => {}
        }
    }
    form
}

fn pages() -> usize {
    let c = Content::embedded();
    c.topics.iter().filter(|t| c.questions.iter().any(|q| q.topic == t.id)).count()
}

/// Answers every page of the screen and returns the result page's path.
async fn screen(c: &mut Client, a: &Value) -> String {
    let start = c.get("/screen").await;
    assert_eq!(start.status, StatusCode::SEE_OTHER, "{}", start.body);
    let n = pages();
    let mut last = None;
    for page in 1..=n {
        let form = page_form(page, a);
        let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = c.post(&format!("/screen/{page}"), &refs).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "page {page}: {}", r.body);
        last = Some(r.location().to_owned());
    }
    let result = last.unwrap();
    assert!(result.starts_with("/screen/result/"), "{result}");
    result
}

/// Goes through a whole session of the current plan with the player's forms.
async fn session(c: &mut Client, moved_down_first: bool) -> String {
    assert_eq!(c.get("/session").await.status, StatusCode::OK);
    assert_eq!(c.post("/session/safety", &[("warning_signs", "no")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        c.post("/session/pain-before", &[("leg", "6"), ("back", "3")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post("/session/reach-before", &[("left", "4"), ("right", "0")]).await.status,
        StatusCode::SEE_OTHER
    );
    for i in 0..10 {
        let page = c.get("/session").await;
        if !page.body.contains(&format!("/session/exercise-{i}")) {
            break;
        }
        // As the player sends what it counted (more than planned is cut to the plan).
        let counted = [("reps_done", "200"), ("seconds", "86400")];
        assert_eq!(c.post(&format!("/session/exercise-{i}"), &counted).await.status, StatusCode::SEE_OTHER);
        let response = if moved_down_first { "moved_down" } else { "moved_up" };
        assert_eq!(
            c.post(&format!("/session/response-{i}"), &[("response", response)]).await.status,
            StatusCode::SEE_OTHER
        );
        if moved_down_first {
            let after = c.get("/session").await;
            assert!(after.body.contains("Stop this exercise"), "stop advice right after: {}", after.body);
            break;
        }
    }
    assert_eq!(
        c.post("/session/pain-after", &[("leg", "4"), ("back", "3")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post("/session/reach-after", &[("left", "3"), ("right", "0")]).await.status,
        StatusCode::SEE_OTHER
    );
    let done = c.post("/session/extras", &[("sitting_minutes", "20"), ("cannot_cope", "no")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let summary = done.location().to_owned();
    assert!(summary.starts_with("/session/summary/"), "{summary}");
    summary
}

#[tokio::test]
async fn invitation_sign_up_onboarding_session_progress_calendar_export_and_erasure() {
    let s = start().await;
    s.user("admin@example.org", Role::Admin).await;
    let mut admin = s.signed_in("admin@example.org").await;
    let invite = admin.post("/admin/invite", &[("role", "patient"), ("email", "")]).await;
    assert_eq!(invite.status, StatusCode::OK);
    let url = invite
        .body
        .split("value=\"")
        .find_map(|p| p.split('"').next().filter(|u| u.contains("/join/")))
        .unwrap()
        .to_owned();
    let path = url.trim_start_matches(&s.base).to_owned();

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
    assert!(p.cookie.is_some());
    assert_eq!(s.client().get(&path).await.status, StatusCode::NOT_FOUND, "an invitation works once");

    assert_eq!(p.get("/today").await.location(), "/screen", "no screen yet");
    let result = screen(&mut p, &answers(&[])).await;
    let page = p.get(&result).await;
    assert!(page.body.contains("Next: your session times"), "{}", page.body);
    let bad = p
        .post("/onboarding/times", &[("time_zone", "Mars/Base"), ("morning", "07:00"), ("evening", "19:00")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("not a known IANA time zone"));
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
    assert_eq!(sessions[0].record.left.pre.map(sciatica_core::Level::get), Some(4));
    assert!(
        sessions[0]
            .exercises
            .iter()
            .all(|e| e.completed && e.response == Some(sciatica_core::Response::MovedUp))
    );

    let odi = p
        .post(
            "/measures/odi",
            &[
                ("item1", "3"),
                ("item2", "2"),
                ("item3", "3"),
                ("item4", "2"),
                ("item5", "4"),
                ("item6", "3"),
                ("item7", "1"),
                ("item8", ""),
                ("item9", "2"),
                ("item10", "3"),
            ],
        )
        .await;
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
    assert!(saved.record.stopped);
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

#[tokio::test]
async fn another_patients_objects_answer_not_found() {
    let s = start().await;
    s.user("a@example.org", Role::Patient).await;
    s.user("b@example.org", Role::Patient).await;
    s.user("doc@example.org", Role::Clinician).await;
    let mut a = s.signed_in("a@example.org").await;
    let result = screen(&mut a, &answers(&[])).await;
    let summary = session(&mut a, false).await;
    let mut b = s.signed_in("b@example.org").await;
    let mut doc = s.signed_in("doc@example.org").await;
    for other in [&mut b, &mut doc] {
        assert_eq!(other.get(&result).await.status, StatusCode::NOT_FOUND, "{result}");
        assert_eq!(other.get(&summary).await.status, StatusCode::NOT_FOUND, "{summary}");
    }
    for path in ["/today", "/data", "/data/sciatica-export.json", "/calendar"] {
        assert_eq!(doc.get(path).await.status, StatusCode::NOT_FOUND, "staff have no record: {path}");
    }
    assert_eq!(b.get("/admin").await.status, StatusCode::NOT_FOUND);
    let export: Value = serde_json::from_str(&b.get("/data/sciatica-export.json").await.body).unwrap();
    assert_eq!(export["sessions"].as_array().unwrap().len(), 0, "only their own data");
    assert_eq!(
        s.client()
            .get("/calendar/0000000000000000000000000000000000000000000000000000000000000000.ics")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let entries = s.store.audit_entries(50).await.unwrap();
    assert!(
        entries.iter().any(|e| e.action.ends_with(".denied") && e.actor_role == "clinician"),
        "denied staff access is audited"
    );
}

#[tokio::test]
async fn every_form_refuses_a_cross_site_post() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    for path in [
        "/login",
        "/logout",
        "/signup",
        "/account/password",
        "/admin/invite",
        "/admin/reset",
        "/admin/signup",
        "/screen/1",
        "/screen/assessed",
        "/onboarding/times",
        "/assessed",
        "/program",
        "/session/safety",
        "/calendar",
        "/measures/odi",
        "/data/delete",
        "/data/delete/confirm",
    ] {
        let r = p.post_cross_site(path, &[("x", "y")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut anon = s.client();
    let mut p = s.signed_in("pat@example.org").await;
    let answers = vec![
        anon.get("/login").await,
        anon.get("/no/such/page").await,
        anon.get("/today").await,
        anon.get("/static/app.css").await,
        anon.get("/healthz").await,
        anon.get("/api/v1/me").await,
        p.get("/account").await,
        p.post("/login", &[("email", "x")]).await,
    ];
    for a in &answers {
        let h = &a.headers;
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert!(!h["content-security-policy"].to_str().unwrap().contains("unsafe-inline"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert!(h.contains_key("cache-control"));
    }
    assert_eq!(answers[6].headers["cache-control"], "no-store", "pages with health data are never cached");
    assert_eq!(answers[1].status, StatusCode::NOT_FOUND);
    assert!(!answers[1].body.to_lowercase().contains("panicked"));
    // Every answer carries its own request id (the one in the server's log line for it).
    let ids: std::collections::BTreeSet<&str> =
        answers.iter().map(|a| a.headers["x-request-id"].to_str().unwrap()).collect();
    assert_eq!(ids.len(), answers.len(), "{ids:?}");
}

#[tokio::test]
async fn health_readiness_and_metrics() {
    let s = start().await;
    let mut c = s.client();
    assert_eq!(c.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(c.get("/readyz").await.body.trim(), "ready");
    c.get("/login").await;
    let m = c.get("/metrics").await;
    assert!(
        m.body.contains("sciatica_http_requests_total{method=\"GET\",route=\"/login\",status=\"200\"} 1"),
        "{}",
        m.body
    );
    assert!(!m.body.contains('@'), "no personal data in metrics");
}

#[tokio::test]
async fn sign_in_is_throttled_and_passwords_change_and_reset() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    s.user("admin@example.org", Role::Admin).await;
    let mut c = s.client();
    for _ in 0..5 {
        let r = c.post("/login", &[("email", "pat@example.org"), ("password", "wrong password here")]).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("do not match"));
    }
    let r = c.post("/login", &[("email", "pat@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits after 5 failures");
    assert!(r.body.contains("Too many tries"));

    let mut admin = s.signed_in("admin@example.org").await;
    let link = admin.post("/admin/reset", &[("email", "pat@example.org")]).await;
    let url = link
        .body
        .split("value=\"")
        .find_map(|x| x.split('"').next().filter(|u| u.contains("/reset/")))
        .unwrap()
        .to_owned();
    let path = url.trim_start_matches(&s.base).to_owned();
    let mut p = s.client();
    let done = p.post(&path, &[("password", "a brand new password")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(p.cookie.is_some());
    assert_eq!(
        s.client().post(&path, &[("password", "another new password")]).await.status,
        StatusCode::NOT_FOUND,
        "a reset link works once"
    );
    let changed =
        p.post("/account/password", &[("current", "wrong"), ("password", "yet another password")]).await;
    assert_eq!(changed.status, StatusCode::UNPROCESSABLE_ENTITY);
    let changed = p
        .post(
            "/account/password",
            &[("current", "a brand new password"), ("password", "yet another password")],
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    assert!(changed.body.contains("new password is saved"));
    let out = p.post("/logout", &[]).await;
    assert_eq!(out.location(), "/login");
    assert_eq!(p.get("/today").await.location(), "/login");
}
