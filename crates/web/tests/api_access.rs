//! Who may see what through the JSON API: another person's record is not found for patients,
//! clinicians and administrators, and a revoked bearer token stops working. Every answer is
//! checked against the served OpenAPI document.

mod common;

use common::api::{Auth, Body, World, answers};
use reqwest::Method;
use sciatica_core::policy::Role;
use sciatica_web::api::endpoints;
use serde_json::{Value, json};

/// A valid body for each route that takes one, so a refusal can only be about who asks.
fn valid_body(method: &Method, path: &str) -> Option<Value> {
    Some(match (method.as_str(), path) {
        ("POST", "/api/v1/screenings") => answers(&[]),
        ("PUT", "/api/v1/profile") => json!({ "time_zone": "UTC", "morning": "08:00", "evening": "18:00" }),
        ("POST", "/api/v1/assessed") => json!({ "note": "seen" }),
        ("PATCH", "/api/v1/program") => json!({ "phase": 1 }),
        ("POST", "/api/v1/sessions") => json!({ "leg_pain_before": 3, "notes": "mine" }),
        ("POST", "/api/v1/sessions/{id}/harm") => json!({ "kind": "pain_worse", "severity": "mild" }),
        ("POST", "/api/v1/measures/{measure}") => json!({ "answers": [3, 2, 3, 2, 4, 3, 1, null, 2, 3] }),
        ("POST", "/api/v1/tokens") => json!({ "name": "other" }),
        ("DELETE", "/api/v1/me") => json!({ "password": common::PASSWORD }),
        ("POST", "/api/v1/patients/{id}/time") => json!({ "minutes": 5 }),
        ("PUT", "/api/v1/patients/{id}/cause") => json!({ "cause": "piriformis" }),
        ("PUT", "/api/v1/patients/{id}/clearance") => json!({ "cleared": true }),
        ("POST", "/api/v1/patients/{id}/acknowledgements" | "/api/v1/patients/{id}/notes") => {
            json!({ "note": "seen" })
        }
        ("POST", "/api/v1/patients/{id}/program") => json!({}),
        ("PATCH", "/api/v1/patients/{id}/program") => {
            json!({ "change": "remove", "exercise": "walking-program" })
        }
        ("PUT", "/api/v1/patients/{id}/phase") => json!({ "phase": 2 }),
        ("POST", "/api/v1/patients/{id}/proposals/{proposal_id}") => json!({ "decision": "accept" }),
        _ => return None,
    })
}

/// Routes about the account itself rather than a patient record (every account may use them;
/// tested on their own). Any other route is about a record: denied unless it is the caller's.
const ACCOUNT_ROUTES: [(&str, &str); 7] = [
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/me"),
    ("POST", "/api/v1/me/confirm"),
    ("POST", "/api/v1/tokens"),
    ("GET", "/api/v1/tokens"),
    ("DELETE", "/api/v1/tokens/current"),
    ("DELETE", "/api/v1/tokens/{id}"),
];

#[tokio::test]
async fn another_persons_record_is_not_found_for_patients_clinicians_and_admins() {
    let w = World::new().await;
    let (a, a_pid) = w.account("a@example.org", Role::Patient).await;
    let a_pid = a_pid.unwrap();
    a.send(Method::PUT, "/api/v1/profile", &[], &json!({ "name": "CANARY-A-NAME", "time_zone": "Europe/London", "morning": "07:00", "evening": "19:00" })).await;
    let screening = a.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = a
        .send(
            Method::POST,
            "/api/v1/sessions",
            &[],
            &json!({ "leg_pain_before": 7, "notes": "CANARY-A-NOTES" }),
        )
        .await;
    assert_eq!(session.status, 201, "{}", session.text);
    let session = session.body["id"].as_str().unwrap().to_owned();
    a.send(Method::POST, "/api/v1/measures/{measure}", &["nrs"], &json!({ "answers": [7] })).await;
    let feed = a.call(Method::POST, "/api/v1/calendar", &[], "", None).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed_token = feed.rsplit('/').next().unwrap().trim_end_matches(".ics").to_owned();
    let before = w.record(&a_pid).await;
    let secrets = ["CANARY-A", &screening, &session, &a_pid, &feed_token];

    let (b, _) = w.account("b@example.org", Role::Patient).await;
    assert_eq!(b.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let (clinician, _) = w.account("c@example.org", Role::Clinician).await;
    let (admin, _) = w.account("admin@example.org", Role::Admin).await;

    let mut cells = 0;
    for (who, api, staff) in
        [("patient B", &b, false), ("clinician", &clinician, true), ("admin", &admin, true)]
    {
        for e in endpoints() {
            let (method, path) = (e.method.as_str(), e.path);
            // Administration is about accounts, not a record (in the matrix of `access_matrix.rs`);
            // the clinician's own caseload is tested in `clinic.rs` (a clinician's panel is theirs).
            if ACCOUNT_ROUTES.contains(&(method, path))
                || path.starts_with("/api/v1/admin/")
                || path == "/api/v1/audit"
                || path == "/api/v1/panel"
            {
                continue;
            }
            let args: Vec<&str> = match path {
                "/api/v1/screenings/{id}" => vec![&screening],
                "/api/v1/sessions/{id}" | "/api/v1/sessions/{id}/harm" => vec![&session],
                "/api/v1/exercises/{id}" => vec!["prone-lying"],
                "/api/v1/measures/{measure}" => vec!["odi"],
                "/api/v1/patients/{id}"
                | "/api/v1/patients/{id}/monitoring"
                | "/api/v1/patients/{id}/time" => {
                    vec![&a_pid]
                }
                "/api/v1/me/clinicians/{clinician_id}" => vec!["0190c3a0-0000-7000-8000-000000000000"],
                "/api/v1/patients/{id}/proposals/{proposal_id}" => vec![&a_pid, "progress-phase-2"],
                p if p.starts_with("/api/v1/patients/{id}/") => vec![&a_pid],
                p => {
                    assert!(!p.contains('{'), "{method} {p}: add its object to this matrix");
                    vec![]
                }
            };
            let foreign_object = matches!(
                path,
                "/api/v1/screenings/{id}"
                    | "/api/v1/sessions/{id}"
                    | "/api/v1/sessions/{id}/harm"
                    | "/api/v1/patients/{id}"
                    | "/api/v1/patients/{id}/monitoring"
                    | "/api/v1/patients/{id}/time"
                    | "/api/v1/me/clinicians/{clinician_id}"
            ) || path.starts_with("/api/v1/patients/");
            if !staff && method == "DELETE" && path == "/api/v1/me" {
                continue;
            }
            let query = if path == "/api/v1/me" { "?confirm=true" } else { "" };
            let body = valid_body(&e.method, path);
            let r = api.call(e.method.clone(), path, &args, query, body.as_ref().map(Body::Json)).await;
            cells += 1;
            if staff || foreign_object {
                assert_eq!(r.status, 404, "{who}: {method} {path} must be not found: {}", r.text);
                assert_eq!(r.content_type, "application/problem+json");
            } else {
                assert!(r.status < 300, "{who}: {method} {path} on their own record: {}", r.text);
            }
            for s in secrets {
                assert!(!r.text.contains(s), "{who}: {method} {path} leaked `{s}`: {}", r.text);
            }
        }
    }
    assert!(cells >= 3 * 20, "the matrix covers every record route");
    assert_eq!(w.record(&a_pid).await, before, "A's record is unchanged");
    let feed_status = w.api.http.get(&feed).send().await.unwrap().status();
    assert_eq!(feed_status, 200, "A's feed still works");
    for email in ["c@example.org", "admin@example.org", "b@example.org"] {
        assert!(w.server.store.user_by_email(email).await.unwrap().is_some(), "{email} still exists");
    }
    // Staff accounts may still use the account routes.
    assert_eq!(clinician.get("/api/v1/me", &[]).await.body["role"], "clinician");
    assert_eq!(admin.get("/api/v1/me", &[]).await.body["patient_id"], Value::Null);
}

#[tokio::test]
async fn a_bearer_token_stops_working_once_revoked() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let second = p.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "tablet" })).await;
    assert_eq!(second.status, 201);
    let tablet = w.api.with(Auth::Bearer(second.body["token"].as_str().unwrap().to_owned()));
    assert_eq!(p.delete("/api/v1/tokens/current", "").await.status, 204);
    let gone = p.get("/api/v1/me", &[]).await;
    assert_eq!(gone.status, 401);
    assert_eq!(gone.content_type, "application/problem+json");
    assert_eq!(p.delete("/api/v1/tokens/current", "").await.status, 401);
    assert_eq!(tablet.get("/api/v1/me", &[]).await.status, 200, "other tokens keep working");
    let garbage = w.api.with(Auth::Bearer("not-a-token".to_owned()));
    assert_eq!(garbage.get("/api/v1/me", &[]).await.status, 401);

    let cookie = w.server.signed_in("pat@example.org").await.cookie.unwrap();
    let by_cookie = w.api.with(Auth::Cookie(cookie));
    assert_eq!(by_cookie.delete("/api/v1/tokens/current", "").await.status, 404, "no token was used");
}
