//! The clinical-action pages: each form works without JavaScript (sent from the same origin,
//! refused from another site), a refused form names the field, the patient's own pages show the
//! result (the note, escaped; the decision and its reason), another clinician and the patient
//! are answered "not found".

mod common;

use common::api::answers;
use common::clinic::{clinic, good_fortnight};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Every page of the clinical actions, for a patient id.
fn pages(pid: &str) -> Vec<String> {
    ["actions", "cause", "clearance", "acknowledge", "program", "program/exercises", "phase", "note"]
        .iter()
        .map(|p| format!("/clinic/patients/{pid}/{p}"))
        .collect()
}

#[tokio::test]
async fn a_clinician_confirms_starts_changes_moves_and_leaves_a_note_with_forms() {
    let k = clinic().await;
    let own = answers(&[("diagnosis", json!("undiagnosed")), ("cleared_to_exercise", json!(false))]);
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &own).await.status, 201);
    let mut c = k.w.server.signed_in("c@example.org").await;
    let pid = k.pid.clone();
    for page in pages(&pid) {
        let r = c.get(&page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}: {}", r.body);
        assert!(r.body.contains("<form") || page.ends_with("/actions"), "{page} has its form");
    }
    let base = format!("/clinic/patients/{pid}");
    let saved =
        c.post(&format!("{base}/cause"), &[("cause", "disc_herniation"), ("reason", "MRI and exam")]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), format!("{base}/actions?saved=cause"));
    assert_eq!(
        c.post(&format!("{base}/clearance"), &[("cleared", "yes"), ("reason", "")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        c.post(&format!("{base}/program"), &[("phase", "1"), ("reason", "from the protocol")]).await.status,
        StatusCode::SEE_OTHER
    );
    let added = c
        .post(
            &format!("{base}/program/exercises"),
            &[
                ("change", "add"),
                ("exercise", "clamshell"),
                ("sets", ""),
                ("reps", ""),
                ("reason", "hip weakness"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains("Outside the protocol"), "the warning is shown: {}", added.body);
    let refused = c
        .post(&format!("{base}/program/exercises"), &[("change", "add"), ("exercise", "seated-flexion")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("marked avoid") && refused.body.contains("Nothing was saved"),
        "{}",
        refused.body
    );
    let dose = c
        .post(
            &format!("{base}/program/exercises"),
            &[
                ("change", "dose"),
                ("exercise", "abdominal-bracing"),
                ("sets", "1"),
                ("reps", "6"),
                ("hold_seconds", "10"),
            ],
        )
        .await;
    assert_eq!(dose.status, StatusCode::OK, "{}", dose.body);
    let taken_out = c
        .post(&format!("{base}/program/exercises"), &[("change", "remove"), ("exercise", "walking-program")])
        .await;
    assert_eq!(taken_out.status, StatusCode::OK, "{}", taken_out.body);
    assert_eq!(
        c.post(&format!("{base}/phase"), &[("phase", "2"), ("reason", "steady")]).await.status,
        StatusCode::SEE_OTHER
    );
    let note = "Lovely work.\nKeep the <b>walks</b> short.";
    assert_eq!(c.post(&format!("{base}/note"), &[("note", note)]).await.status, StatusCode::SEE_OTHER);

    let index = c.get(&format!("{base}/actions?saved=note")).await;
    for line in [
        "Saved.",
        "Cause confirmed: ",
        "Cleared to exercise",
        "Programme started",
        "Added ",
        "Took out ",
        "Changed the dose of ",
        "Moved from phase 1 to phase 2",
        "Note for the person",
        "MRI and exam",
        "c@example.org",
    ] {
        assert!(index.body.contains(line), "the history shows `{line}`: {}", index.body);
    }
    let mut p = k.w.server.signed_in("p@example.org").await;
    let today = p.follow("/today").await;
    assert_eq!(today.status, StatusCode::OK, "{}", today.body);
    assert!(today.body.contains("A note from your clinician"), "{}", today.body);
    assert!(
        today.body.contains("Keep the &#60;b&#62;walks&#60;/b&#62; short.")
            || today.body.contains("Keep the &lt;b&gt;walks&lt;/b&gt; short."),
        "escaped: {}",
        today.body
    );
    assert!(!today.body.contains("<b>walks</b>"));
    assert!(
        today.body.contains("Clamshell") || today.body.contains("clamshell"),
        "the added exercise: {}",
        today.body
    );
}

#[tokio::test]
async fn a_refused_form_names_the_field_and_keeps_what_was_typed() {
    let k = clinic().await;
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let mut c = k.w.server.signed_in("c@example.org").await;
    let base = format!("/clinic/patients/{}", k.pid);
    let r = c.post(&format!("{base}/cause"), &[("cause", ""), ("reason", "kept text")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"cause-error\"") && r.body.contains("kept text"), "{}", r.body);
    let r = c.post(&format!("{base}/note"), &[("note", "   ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("The note is required"), "{}", r.body);
    let r = c.post(&format!("{base}/acknowledge"), &[("note", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"note-error\""), "{}", r.body);
    let r = c.post(&format!("{base}/clearance"), &[("cleared", "perhaps")]).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("id=\"cleared-error\""),
        "{}",
        r.body
    );
    let r = c.post(&format!("{base}/phase"), &[("phase", "9")]).await;
    assert!(
        r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("id=\"phase-error\""),
        "{}",
        r.body
    );
    let r = c
        .post(
            &format!("{base}/program/exercises"),
            &[("change", "dose"), ("exercise", "abdominal-bracing"), ("sets", "lots")],
        )
        .await;
    assert!(r.status == StatusCode::UNPROCESSABLE_ENTITY && r.body.contains("Sets"), "{}", r.body);
    let cross = c.post_cross_site(&format!("{base}/note"), &[("note", "from elsewhere")]).await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN, "another site's form is refused");
    assert!(k.w.server.store.clinical_actions(&k.pid).await.unwrap().is_empty());
}

#[tokio::test]
async fn another_clinician_and_the_patient_are_answered_not_found_on_the_pages() {
    let k = clinic().await;
    assert_eq!(k.patient.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let mut other = k.w.server.signed_in("o@example.org").await;
    let mut me = k.w.server.signed_in("p@example.org").await;
    let mut all = pages(&k.pid);
    all.push(format!("/clinic/patients/{}/proposals/progress-phase-2", k.pid));
    for page in &all {
        for (who, c) in [("another clinician", &mut other), ("the patient", &mut me)] {
            assert_eq!(c.get(page).await.status, StatusCode::NOT_FOUND, "{who}: GET {page}");
            if !page.ends_with("/actions") {
                let r = c
                    .post(
                        page,
                        &[("note", "x"), ("cause", "piriformis"), ("phase", "1"), ("decision", "accept")],
                    )
                    .await;
                assert_eq!(r.status, StatusCode::NOT_FOUND, "{who}: POST {page}");
            }
        }
    }
    let o = k.w.server.store.user_by_email("o@example.org").await.unwrap().unwrap();
    let audit = k.w.server.store.audit_entries(500).await.unwrap();
    assert!(audit.iter().any(|e| e.actor_id.as_deref() == Some(o.id.as_str())
        && e.action == "Treat.denied"
        && e.patient_id.as_deref() == Some(k.pid.as_str())));
    assert!(k.w.server.store.clinical_actions(&k.pid).await.unwrap().is_empty());
}

#[tokio::test]
async fn acknowledging_on_the_page_shows_the_exercises_again() {
    let k = clinic().await;
    let urgent = k
        .patient
        .send(Method::POST, "/api/v1/screenings", &[], &answers(&[("weakness", json!("mild_new"))]))
        .await;
    assert_eq!(urgent.body["urgency"], "same_day");
    let mut p = k.w.server.signed_in("p@example.org").await;
    assert!(p.get("/program").await.body.contains("Your exercises are paused"), "hidden while urgent");
    assert_eq!(p.get("/exercises/abdominal-bracing").await.status, StatusCode::CONFLICT);
    let mut c = k.w.server.signed_in("c@example.org").await;
    let base = format!("/clinic/patients/{}", k.pid);
    let form = c.get(&format!("{base}/acknowledge")).await;
    assert!(form.body.contains("R07"), "what is in force: {}", form.body);
    let r = c
        .post(&format!("{base}/acknowledge"), &[("note", "Seen today; strength is normal on testing.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(p.get("/exercises/abdominal-bracing").await.status, StatusCode::OK);
    assert!(!p.get("/program").await.body.contains("Your exercises are paused"));
}

#[tokio::test]
async fn a_proposal_is_decided_on_its_page_and_the_person_sees_the_reason() {
    let k = clinic().await;
    good_fortnight(&k.patient).await;
    let mut c = k.w.server.signed_in("c@example.org").await;
    let base = format!("/clinic/patients/{}", k.pid);
    let index = c.get(&format!("{base}/actions")).await;
    assert!(index.body.contains("/proposals/progress-phase-2"), "{}", index.body);
    let page = c.get(&format!("{base}/proposals/progress-phase-2")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Move on to phase 2"), "{}", page.body);
    let r = c
        .post(&format!("{base}/proposals/progress-phase-2"), &[("decision", "reject"), ("reason", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"reason-error\""), "{}", r.body);
    let r = c
        .post(
            &format!("{base}/proposals/progress-phase-2"),
            &[("decision", "accept"), ("reason", "Ready: leg pain settled.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(
        c.get(&format!("{base}/proposals/progress-phase-2")).await.status,
        StatusCode::NOT_FOUND,
        "no longer waiting"
    );
    let mut p = k.w.server.signed_in("p@example.org").await;
    let program = p.get("/program").await;
    assert!(
        program.body.contains("You are now in phase 2.") && program.body.contains("Ready: leg pain settled."),
        "{}",
        program.body
    );
    let today = p.follow("/today").await;
    assert!(
        today.body.contains("Your clinician&#39;s decision")
            || today.body.contains("Your clinician's decision"),
        "{}",
        today.body
    );
}
