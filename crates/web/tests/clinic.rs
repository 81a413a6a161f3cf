//! The clinician workspace through the API and the pages: the panel lists exactly the
//! clinician's patients, most pressing first; another clinician's patient is not found on every
//! route (and the attempt is audited); a patient ending a clinician's access takes them off that
//! clinician's panel (audited); the answers have the documented shapes.

mod common;

use common::api::{Api, Body, World, answers};
use jiff::{SignedDuration, Timestamp};
use reqwest::Method;
use sciatica_core::policy::Role;
use sciatica_core::triage::{self, answers::Answers};
use sciatica_store::patients::Profile;
use sciatica_store::programs::SetBy;
use serde_json::{Value, json};

struct Caseload {
    w: World,
    clinician: Api,
    clinician_id: String,
    other: Api,
    /// Urgent, harm, not logging, on track, and the other clinician's patient.
    ids: [String; 5],
    /// The patient API of the urgent one, and of the one doing well.
    urgent: Api,
    well: Api,
}

async fn patient(w: &World, email: &str, name: &str, clinician: &str) -> (Api, String) {
    let (api, pid) = w.account(email, Role::Patient).await;
    let pid = pid.unwrap();
    let profile = Profile::new(Some(name), "Europe/London", "07:30", "19:00").unwrap();
    w.server.store.update_patient(&pid, &profile).await.unwrap();
    w.server.store.add_to_care_team(&pid, clinician, None, Timestamp::now()).await.unwrap();
    (api, pid)
}

async fn caseload() -> Caseload {
    let w = World::new().await;
    let (clinician, _) = w.account("clin@example.org", Role::Clinician).await;
    let (other, _) = w.account("other@example.org", Role::Clinician).await;
    let cid = w.server.store.user_by_email("clin@example.org").await.unwrap().unwrap().id;
    let oid = w.server.store.user_by_email("other@example.org").await.unwrap().unwrap().id;
    // Listed out of order on purpose: the panel sorts.
    let (well, dot) = patient(&w, "dot@example.org", "Dot Well", &cid).await;
    let (idle_api, cai) = patient(&w, "cai@example.org", "Cai Idle", &cid).await;
    let (harm_api, ben) = patient(&w, "ben@example.org", "Ben Harm", &cid).await;
    let (urgent, ann) = patient(&w, "ann@example.org", "Ann Urgent", &cid).await;
    let (_, eve) = patient(&w, "eve@example.org", "Eve Elsewhere", &oid).await;
    drop(idle_api);

    for (api, harmed) in [(&well, false), (&harm_api, true)] {
        assert_eq!(api.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
        let s = api.send(Method::POST, "/api/v1/sessions", &[], &json!({ "leg_pain_before": 3 })).await;
        assert_eq!(s.status, 201, "{}", s.text);
        if harmed {
            let id = s.body["id"].as_str().unwrap();
            let h = harm_api
                .send(
                    Method::POST,
                    "/api/v1/sessions/{id}/harm",
                    &[id],
                    &json!({ "kind": "pain_worse", "severity": "mild" }),
                )
                .await;
            assert_eq!(h.status, 201, "{}", h.text);
        }
    }
    let r = urgent.send(Method::POST, "/api/v1/screenings", &[], &answers(&[("bladder", json!(true))])).await;
    assert_eq!(r.body["urgency"], "emergency_now");
    // Screened ten days ago, no session since: not logging.
    let store = &w.server.store;
    let p = store.patient(&cai).await.unwrap();
    let a = Answers::from_json(&answers(&[])).unwrap();
    let ten_days_ago = Timestamp::now() - SignedDuration::from_hours(240);
    store
        .record_screen(
            &p,
            &a,
            &triage::screen(sciatica_core::Content::embedded(), &a),
            ten_days_ago,
            SetBy::System,
        )
        .await
        .unwrap();
    Caseload { w, clinician, clinician_id: cid, other, ids: [ann, ben, cai, dot, eve], urgent, well }
}

fn ids(panel: &Value) -> Vec<String> {
    panel["patients"].as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_panel_lists_exactly_the_clinicians_patients_most_pressing_first() {
    let c = caseload().await;
    let [ann, ben, cai, dot, eve] = c.ids.clone();
    let r = c.clinician.get("/api/v1/panel", &[]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(ids(&r.body), [ann.clone(), ben.clone(), cai.clone(), dot.clone()]);
    assert!(!r.text.contains(&eve), "another clinician's patient is not listed");
    let states: Vec<&Value> =
        r.body["patients"].as_array().unwrap().iter().map(|p| &p["attention"]).collect();
    assert_eq!(states[0][0], "urgent");
    assert_eq!(states[1], &json!(["harm"]));
    assert_eq!(states[2], &json!(["not_logging"]));
    assert_eq!(states[3], &json!(["on_track"]));
    let first = &r.body["patients"][0];
    assert_eq!(first["name"], "Ann Urgent");
    for key in ["adherence", "leg_pain", "leg_pain_summary", "scores", "proposals", "last_session"] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(r.body["patients"][3]["leg_pain"].as_array().unwrap().len(), 14);
    assert_eq!(r.body["patients"][3]["leg_pain"][13], 3, "today's leg pain ends the line");
    assert_eq!(r.body["total"], 4);

    // Filter by state and search by name.
    let harm = c.clinician.call(Method::GET, "/api/v1/panel", &[], "?state=harm", None).await;
    assert_eq!(ids(&harm.body), std::slice::from_ref(&ben));
    let named = c.clinician.call(Method::GET, "/api/v1/panel", &[], "?q=idle", None).await;
    assert_eq!(ids(&named.body), std::slice::from_ref(&cai));
    let bad = c.clinician.call(Method::GET, "/api/v1/panel", &[], "?state=calm", None).await;
    assert_eq!(bad.status, 422);
    bad.names("state");

    // The other clinician sees only theirs; a patient and an administrator have no panel.
    assert_eq!(ids(&c.other.get("/api/v1/panel", &[]).await.body), [eve]);
    assert_eq!(c.well.get("/api/v1/panel", &[]).await.status, 404);
    let (admin, _) = c.w.account("admin@example.org", Role::Admin).await;
    assert_eq!(admin.get("/api/v1/panel", &[]).await.status, 404);

    // The same order on the page, which works without JavaScript.
    let mut page = c.w.server.signed_in("clin@example.org").await;
    assert_eq!(page.get("/").await.location(), "/clinic", "clinicians land on their panel");
    let html = page.get("/clinic").await.body;
    let at = |name: &str| html.find(name).unwrap_or_else(|| panic!("{name} on the panel"));
    assert!(
        at("Ann Urgent") < at("Ben Harm")
            && at("Ben Harm") < at("Cai Idle")
            && at("Cai Idle") < at("Dot Well")
    );
    assert!(!html.contains("Eve Elsewhere"));
    let filtered = page.get("/clinic?state=not_logging&q=").await.body;
    assert!(filtered.contains("Cai Idle") && !filtered.contains("Ann Urgent"));
    assert_eq!(page.get("/clinic?state=nonsense").await.status, 422);
    assert!(page.get("/admin").await.body.contains("Make an invitation link"), "invitations stay reachable");
}

#[tokio::test]
async fn another_clinicians_patient_is_not_found_on_every_route_and_audited_as_denied() {
    let c = caseload().await;
    let eve = c.ids[4].clone();
    let mut page = c.w.server.signed_in("clin@example.org").await;
    let mut tries = 0;
    for path in [
        "/clinic/patients/{id}",
        "/clinic/patients/{id}/report",
        "/clinic/patients/{id}/monitoring?month=2026-01",
    ] {
        let r = page.get(&path.replace("{id}", &eve)).await;
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.body.contains("Eve Elsewhere"));
        tries += 1;
    }
    let r = page.post(&format!("/clinic/patients/{eve}/time"), &[("minutes", "10"), ("note", "")]).await;
    assert_eq!(r.status, 404);
    tries += 1;
    for (method, path, body) in [
        (Method::GET, "/api/v1/patients/{id}", None),
        (Method::GET, "/api/v1/patients/{id}/monitoring", None),
        (Method::POST, "/api/v1/patients/{id}/time", Some(json!({ "minutes": 10 }))),
    ] {
        let r = c.clinician.call(method.clone(), path, &[&eve], "", body.as_ref().map(Body::Json)).await;
        assert_eq!(r.status, 404, "{method} {path}: {}", r.text);
        assert_eq!(r.content_type, "application/problem+json");
        assert!(!r.text.contains("Eve"));
        tries += 1;
    }
    let denied =
        c.w.server
            .store
            .audit_entries(200)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.patient_id.as_deref() == Some(eve.as_str()) && e.action.ends_with(".denied"))
            .filter(|e| e.actor_id.as_deref() == Some(c.clinician_id.as_str()))
            .count();
    assert_eq!(denied, tries, "every refused try is in the audit log");
    assert!(c.w.server.store.clinician_time(&eve).await.unwrap().is_empty(), "nothing was recorded");
    // A patient's own account has no clinician pages either.
    let mut ann = c.w.server.signed_in("ann@example.org").await;
    assert_eq!(ann.get(&format!("/clinic/patients/{}", c.ids[0])).await.status, 404, "not even their own");
    assert_eq!(ann.get("/clinic").await.status, 404);
    assert_eq!(c.urgent.get("/api/v1/patients/{id}", &[&c.ids[0]]).await.status, 404);
}

#[tokio::test]
async fn a_patient_ending_access_leaves_the_panel_and_it_is_audited() {
    let c = caseload().await;
    let dot = c.ids[3].clone();
    let mut page = c.w.server.signed_in("dot@example.org").await;
    let account = page.get("/account").await.body;
    assert!(account.contains("Your clinicians") && account.contains("clin@example.org"), "{account}");
    let listed = c.well.get("/api/v1/me/clinicians", &[]).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.body["clinicians"][0]["email"], "clin@example.org");
    assert_eq!(listed.body["clinicians"][0]["ended_at"], Value::Null);

    let confirm = page.post(&format!("/account/clinicians/{}/end", c.clinician_id), &[]).await;
    assert_eq!(confirm.status, 200);
    assert!(confirm.body.contains("End access"), "a confirmation step first");
    assert!(ids(&c.clinician.get("/api/v1/panel", &[]).await.body).contains(&dot), "nothing ended yet");
    let ended = page.post(&format!("/account/clinicians/{}/end/confirm", c.clinician_id), &[]).await;
    assert_eq!(ended.status, 303);
    assert!(page.get("/account?ended=1").await.body.contains("had access from"));

    assert!(!ids(&c.clinician.get("/api/v1/panel", &[]).await.body).contains(&dot));
    assert_eq!(c.clinician.get("/api/v1/patients/{id}", &[&dot]).await.status, 404);
    let audit = c.w.server.store.audit_entries(200).await.unwrap();
    let entry = audit.iter().find(|e| e.action == "care_team.end").expect("audited");
    assert_eq!(
        (entry.patient_id.as_deref(), entry.detail.as_str()),
        (Some(dot.as_str()), c.clinician_id.as_str())
    );
    let listed = c.well.get("/api/v1/me/clinicians", &[]).await;
    assert!(listed.body["clinicians"][0]["ended_at"].is_string(), "past access is still shown");
    // Through the API: ending it again is not found; the urgent patient ends theirs.
    let again = c
        .well
        .call(Method::DELETE, "/api/v1/me/clinicians/{clinician_id}", &[&c.clinician_id], "", None)
        .await;
    assert_eq!(again.status, 404);
    let ann = c
        .urgent
        .call(Method::DELETE, "/api/v1/me/clinicians/{clinician_id}", &[&c.clinician_id], "", None)
        .await;
    assert_eq!(ann.status, 204, "{}", ann.text);
    assert_eq!(ids(&c.clinician.get("/api/v1/panel", &[]).await.body).len(), 2);
    // A clinician has no care team of their own to end.
    assert_eq!(c.clinician.get("/api/v1/me/clinicians", &[]).await.status, 404);
}

#[tokio::test]
async fn the_record_monitoring_and_clinician_time_have_their_shapes() {
    let c = caseload().await;
    let [ann, ben, ..] = c.ids.clone();
    let r = c.clinician.get("/api/v1/patients/{id}", &[&ben]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["name"], "Ben Harm");
    assert_eq!(r.body["attention"], json!(["harm"]));
    assert_eq!(r.body["harm_reports"][0]["rule"], "H09");
    assert_eq!(r.body["sessions"][0]["harm_reports"][0]["kind"], "pain_worse");
    assert_eq!(r.body["screens"][0]["rules"][0]["rule"], "R28");
    assert!(r.body["programs"].as_array().unwrap().len() == 1);
    let read = c.w.server.store.audit_entries(50).await.unwrap();
    assert!(
        read.iter().any(|e| e.action == "ReadRecord" && e.patient_id.as_deref() == Some(ben.as_str())),
        "the read is audited"
    );
    let urgent = c.clinician.get("/api/v1/patients/{id}", &[&ann]).await;
    assert_eq!(urgent.body["status"]["urgency"], "emergency_now");
    assert!(urgent.body["status"]["blocked"].as_bool().unwrap());

    let bad =
        c.clinician.send(Method::POST, "/api/v1/patients/{id}/time", &[&ben], &json!({ "minutes": 0 })).await;
    assert_eq!(bad.status, 422);
    bad.names("minutes");
    let ok = c
        .clinician
        .send(
            Method::POST,
            "/api/v1/patients/{id}/time",
            &[&ben],
            &json!({ "minutes": 12, "note": "reviewed the week" }),
        )
        .await;
    assert_eq!(ok.status, 201, "{}", ok.text);
    let mut page = c.w.server.signed_in("clin@example.org").await;
    let saved =
        page.post(&format!("/clinic/patients/{ben}/time"), &[("minutes", "8"), ("note", "call")]).await;
    assert_eq!(saved.status, 303);
    let again =
        page.post(&format!("/clinic/patients/{ben}/time"), &[("minutes", "lots"), ("note", "")]).await;
    assert_eq!(again.status, 422);
    assert!(again.body.contains("Minutes: allowed"));
    let month = c.clinician.get("/api/v1/patients/{id}/monitoring", &[&ben]).await;
    assert_eq!(month.status, 200);
    assert_eq!(month.body["clinician_minutes"], 20);
    assert_eq!(month.body["sessions"], 1);
    assert!(month.body["days_with_data"].as_u64().unwrap() >= 1);
    let bad_month = c
        .clinician
        .call(Method::GET, "/api/v1/patients/{id}/monitoring", &[&ben], "?month=2026-13", None)
        .await;
    assert_eq!(bad_month.status, 422);
    bad_month.names("month");
    let audited = c.w.server.store.audit_entries(100).await.unwrap();
    assert_eq!(audited.iter().filter(|e| e.action == "clinician_time.record").count(), 2);

    for path in ["/clinic/patients/{id}", "/clinic/patients/{id}/report", "/clinic/patients/{id}/monitoring"]
    {
        let r = page.get(&path.replace("{id}", &ben)).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.body.contains("Ben Harm"), "{path}");
    }
    let record = page.get(&format!("/clinic/patients/{ben}")).await.body;
    assert!(
        record.contains(&format!(r#"action="/clinic/patients/{ben}/time""#)),
        "the form posts to this patient"
    );
    for section in [
        "Safety screens",
        "Programme versions",
        "What each exercise does",
        "Harm reports",
        "Clinical actions",
        "20 minutes recorded",
    ] {
        assert!(record.contains(section), "{section}");
    }
}

#[tokio::test]
async fn the_report_speaks_about_the_patient_and_lists_the_latest_red_flags() {
    let c = caseload().await;
    let ann = c.ids[0].clone();
    // Four more screens with a red flag after the first, and a calm one: five with a red flag.
    for patch in [
        ("first_episode", json!(true)),
        ("fever", json!(true)),
        ("saddle", json!(true)),
        ("weakness", json!("worsening")),
        ("bowel", json!(true)),
    ] {
        let r = c.urgent.send(Method::POST, "/api/v1/screenings", &[], &answers(&[patch])).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let mut page = c.w.server.signed_in("clin@example.org").await;
    let report = page.get(&format!("/clinic/patients/{ann}/report")).await;
    assert_eq!(report.status, 200);
    let body = report.body;
    assert!(body.contains("<strong>Needs attention:</strong> Urgent, not acknowledged"), "{body}");
    assert!(body.contains("Urgent result not yet acknowledged"));
    assert_eq!(body.matches("<li>Screen ").count(), 4, "the latest four red-flag screens");
    assert!(body.contains("1 earlier screen with a red flag: see the record"), "{body}");
    assert!(body.contains("Emergency now"), "urgency in words");
    assert!(!body.contains("emergency_now"));
    assert!(!body.to_lowercase().contains("your symptoms"), "the charts speak about the patient");
    let year = Timestamp::now().strftime("%Y").to_string();
    assert!(body.contains("Printed ") && body.contains(&year), "a printed date with its year");
    // The patient's own progress page still speaks to them.
    let mut own = c.w.server.signed_in("ann@example.org").await;
    let progress = own.get("/progress").await;
    assert_eq!(progress.status, 200);
    assert!(!progress.body.contains("the symptoms kept"), "{}", progress.body.len());
}

#[tokio::test]
async fn the_report_lists_the_exercises_the_patient_does_now_and_none_while_blocked() {
    let c = caseload().await;
    let [ann, _, _, dot, _] = c.ids.clone();
    let plan = c.well.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 200, "{}", plan.text);
    let exercises = plan.body["exercises"].as_array().unwrap();
    assert!(!exercises.is_empty());
    let mut page = c.w.server.signed_in("clin@example.org").await;
    let report = page.get(&format!("/clinic/patients/{dot}/report")).await;
    assert_eq!(report.status, 200);
    for e in exercises {
        let (name, dose) = (e["name"].as_str().unwrap(), e["dose"].as_str().unwrap());
        let per_day = match e["times_per_day"].as_u64().unwrap() {
            1 => "once a day".to_owned(),
            2 => "twice a day".to_owned(),
            n => format!("{n} times a day"),
        };
        assert!(
            report.body.contains(&format!("<li>{name}: {dose} · {per_day}")),
            "{name} {dose}: {}",
            report.body
        );
    }
    // The urgent patient's programme is paused: the report names no exercise to do.
    let blocked = page.get(&format!("/clinic/patients/{ann}/report")).await;
    assert_eq!(blocked.status, 200);
    let first = exercises[0]["name"].as_str().unwrap();
    assert!(!blocked.body.contains(&format!("<li>{first}:")), "{}", blocked.body);
}
