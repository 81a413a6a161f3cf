//! Bad input on every JSON API endpoint: each problem names its field, and nothing is written.
//! Every answer is checked against the served OpenAPI document.

mod common;

use common::api::{Body, World, answers};
use jiff::Timestamp;
use reqwest::Method;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

#[tokio::test]
async fn bad_input_on_every_endpoint_names_the_field_and_writes_nothing() {
    // Every refused body is a write too: many more of them at once than the write limit allows.
    let w = World::with(|c| c.write_burst = 1000).await;
    let (p, pid) = w.account("pat@example.org", Role::Patient).await;
    let pid = pid.unwrap();
    assert_eq!(p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let before = w.record(&pid).await;
    let post = |template: &'static str, args: &'static [&'static str], body: Value| {
        let p = p.clone();
        async move { p.send(Method::POST, template, args, &body).await }
    };

    // Screening answers: unknown, missing and out-of-range keys, all named at once.
    let mut a = answers(&[("age", json!(130)), ("weakness", json!("sometimes")), ("extra", json!(true))]);
    a.as_object_mut().unwrap().remove("fever");
    let r = post("/api/v1/screenings", &[], a).await;
    for field in ["age", "weakness", "extra", "fever"] {
        r.names(field);
    }
    post("/api/v1/screenings", &[], json!([1, 2])).await.names("body");
    // A struct's fields written as an array are not a body the document allows.
    post("/api/v1/sessions", &[], json!([null, null])).await.names("body");
    p.send(Method::PATCH, "/api/v1/program", &[], &json!([null, null])).await.names("body");
    post("/api/v1/screenings", &[], json!({})).await.names("cleared_to_exercise");

    // Sessions: every bound, unknown fields (also the record's owner), types, times.
    let now = Timestamp::now();
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "leg_pain_before": 11 }), "leg_pain_before"),
        (json!({ "back_pain_after": -1 }), "back_pain_after"),
        (json!({ "left_before": 7 }), "left_before"),
        (json!({ "right_after": "calf" }), "right_after"),
        (json!({ "slot": "noon" }), "slot"),
        (json!({ "walking_minutes": 601 }), "walking_minutes"),
        (json!({ "sitting_minutes": 1441 }), "sitting_minutes"),
        (json!({ "notes": "x".repeat(2001) }), "notes"),
        (json!({ "notes": "bell \u{7}" }), "notes"),
        (json!({ "patient_id": "someone-else" }), "patient_id"),
        (json!({ "cannot_cope": "yes" }), "cannot_cope"),
        (json!({ "started_at": "yesterday" }), "started_at"),
        (json!({ "ended_at": (now + jiff::SignedDuration::from_hours(2)).to_string() }), "ended_at"),
        (
            json!({ "started_at": now.to_string(), "ended_at": (now - jiff::SignedDuration::from_mins(30)).to_string() }),
            "started_at",
        ),
        (
            json!({ "exercises": [{ "id": "no-such-exercise", "sets_done": 1, "reps_done": 1, "completed": true }] }),
            "exercises[0].id",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 21, "reps_done": 1, "completed": true }] }),
            "exercises[0].sets_done",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 201, "completed": true }] }),
            "exercises[0].reps_done",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "hold_seconds": 3601, "completed": true }] }),
            "exercises[0].hold_seconds",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1 }] }),
            "exercises[0].completed",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "completed": true, "response": "sideways" }] }),
            "exercises[0].response",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "completed": true, "patient_id": "x" }] }),
            "exercises[0].patient_id",
        ),
    ];
    for (body, field) in cases {
        let r = post("/api/v1/sessions", &[], body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text);
        r.names(field);
    }
    let several =
        post("/api/v1/sessions", &[], json!({ "walking_minutes": 700, "sitting_minutes": 2000 })).await;
    several.names("walking_minutes");
    several.names("sitting_minutes");

    // Measures: unknown measure, count, range, type.
    post("/api/v1/measures/{measure}", &["pain"], json!({ "answers": [1] })).await.names("measure");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": [1, 2, 3] })).await.names("answers");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": [1, 11] })).await.names("answers[1]");
    post("/api/v1/measures/{measure}", &["psfs"], json!({ "answers": [3, null, null, null, null] }))
        .await
        .names("activities[0]");
    post(
        "/api/v1/measures/{measure}",
        &["psfs"],
        json!({ "answers": [3, null, null, null, null], "activities": ["Sitting", "Walking"] }),
    )
    .await
    .names("activities");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": [11] })).await.names("answers[0]");
    post("/api/v1/measures/{measure}", &["sbi"], json!({ "answers": [1, 2, 7, 1] }))
        .await
        .names("answers[2]");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": ["5"] })).await.names("answers[0]");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "scores": [5] })).await.names("scores");
    post("/api/v1/measures/{measure}", &["nrs"], json!({})).await.names("answers");

    // Profile, programme, assessment, tokens.
    let put = |body: Value| {
        let p = p.clone();
        async move { p.send(Method::PUT, "/api/v1/profile", &[], &body).await }
    };
    put(json!({ "time_zone": "Mars/Base", "morning": "07:00", "evening": "19:00" })).await.names("time_zone");
    put(json!({ "time_zone": "UTC", "morning": "7am", "evening": "19:00" })).await.names("morning");
    put(json!({ "time_zone": "UTC", "morning": "19:00", "evening": "07:00" })).await.names("evening");
    put(json!({ "time_zone": "UTC", "morning": "07:00", "evening": "19:00", "name": "n".repeat(101) }))
        .await
        .names("name");
    put(json!({ "time_zone": "UTC", "morning": "07:00" })).await.names("evening");
    put(json!({ "time_zone": "UTC", "morning": "07:00", "evening": "19:00", "email": "x@example.org" }))
        .await
        .names("email");
    let patch = |body: Value| {
        let p = p.clone();
        async move { p.send(Method::PATCH, "/api/v1/program", &[], &body).await }
    };
    patch(json!({ "phase": 4 })).await.names("phase");
    patch(json!({ "phase": 0 })).await.names("phase");
    patch(json!({ "phase": "two" })).await.names("phase");
    patch(json!({ "start_trial": "prone-lying-not-a-trial" })).await.names("start_trial");
    patch(json!({ "end_trial": "never-started" })).await.names("end_trial");
    patch(json!({ "cause": "piriformis" })).await.names("cause");
    post("/api/v1/assessed", &[], json!({})).await.names("note");
    post("/api/v1/assessed", &[], json!({ "note": "n".repeat(2001) })).await.names("note");
    post("/api/v1/tokens", &[], json!({ "name": "" })).await.names("name");
    post("/api/v1/tokens", &[], json!({ "name": "n".repeat(101) })).await.names("name");
    post("/api/v1/tokens", &[], json!({ "name": "two\nlines" })).await.names("name");
    post("/api/v1/tokens", &[], json!({ "label": "phone" })).await.names("label");

    // Query strings.
    for (template, query, field) in [
        ("/api/v1/progress", "?days=0", "days"),
        ("/api/v1/progress", "?days=366", "days"),
        ("/api/v1/progress", "?days=many", "days"),
        ("/api/v1/progress", "?weeks=2", "weeks"),
        ("/api/v1/sessions", "?limit=101", "limit"),
        ("/api/v1/sessions", "?before=last-week", "before"),
    ] {
        p.call(Method::GET, template, &[], query, None).await.names(field);
    }
    p.erase(common::PASSWORD, "?confirm=false").await.names("confirm");
    p.erase(common::PASSWORD, "?confirm=true&really=yes").await.names("really");

    // Not JSON at all.
    for template in ["/api/v1/sessions", "/api/v1/screenings", "/api/v1/assessed", "/api/v1/tokens"] {
        let form = p
            .call(
                Method::POST,
                template,
                &[],
                "",
                Some(Body::Raw("application/x-www-form-urlencoded", "leg_pain_before=3")),
            )
            .await;
        assert_eq!(form.status, 415, "{template}: {}", form.text);
        assert_eq!(form.fields(), ["Content-Type"]);
        p.call(Method::POST, template, &[], "", Some(Body::Raw("application/json", "{oops")))
            .await
            .names("body");
    }
    let r =
        p.call(Method::PUT, "/api/v1/profile", &[], "", Some(Body::Raw("application/json", "null"))).await;
    r.names("body");
    // Over the size limit (announced in Content-Length, so refused before it is read).
    let big = format!("{{\"notes\": \"{}\"}}", "x".repeat(70 * 1024));
    let r =
        p.call(Method::POST, "/api/v1/sessions", &[], "", Some(Body::Raw("application/json", &big))).await;
    assert_eq!((r.status, r.content_type.as_str()), (413, "application/problem+json"), "{}", r.text);
    assert_eq!(r.fields(), ["body"]);

    assert_eq!(w.record(&pid).await, before, "nothing was written");
    assert_eq!(p.get("/api/v1/me", &[]).await.status, 200, "the account is still there");
}
