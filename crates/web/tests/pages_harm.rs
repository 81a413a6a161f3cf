//! "Something went wrong?" after a session: a short form, then advice that matches what
//! happened and how bad it is; an emergency is the same card with the same calls as an urgent
//! screen, and pauses the programme.

mod common;

use common::api::answers;
use common::pages::{screen, session};
use common::start;
use reqwest::StatusCode;
use sciatica_core::policy::Role;

#[tokio::test]
async fn a_bladder_change_after_a_session_gives_the_emergency_card_and_pauses_the_programme() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[])).await;
    let summary = session(&mut p, false).await;
    let page = p.get(&summary).await;
    let form_path = format!("{summary}/harm");
    assert!(page.body.contains(&format!("href=\"{form_path}\">Something went wrong?</a>")), "{}", page.body);
    let form = p.get(&form_path).await;
    assert_eq!(form.status, StatusCode::OK);
    for value in ["bladder_bowel", "other_leg", "weakness", "numbness", "pain_worse", "fall_injury", "other"]
    {
        assert!(form.body.contains(&format!("name=\"kind\" value=\"{value}\"")), "{value}: {}", form.body);
    }
    for value in ["mild", "moderate", "severe"] {
        assert!(form.body.contains(&format!("name=\"severity\" value=\"{value}\"")), "{value}");
    }
    // Nothing chosen: the form again, saying what is missing, and nothing stored.
    let empty = p.post(&form_path, &[("details", "my foot")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Choose what happened.") && empty.body.contains("Choose how bad it is."));
    assert!(empty.body.contains(">my foot</textarea>"), "what was typed is kept");
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    assert!(s.store.harm_reports(&pid).await.unwrap().is_empty());
    let sent = p.post(&form_path, &[("kind", "bladder_bowel"), ("severity", "mild"), ("details", "")]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let result = p.get(sent.location()).await;
    assert!(result.body.contains("card-emergency"), "{}", result.body);
    assert!(result.body.contains("Get emergency help now"));
    for n in ["999", "911", "112"] {
        assert!(result.body.contains(&format!("href=\"tel:{n}\"")), "{n}: {}", result.body);
    }
    assert!(!result.body.contains("<nav"), "nothing else to tap");
    // Kept with the session, alerted, and the programme paused.
    let reports = s.store.harm_reports(&pid).await.unwrap();
    assert_eq!((reports.len(), reports[0].rule.as_str()), (1, "H01"));
    assert_eq!(s.store.open_alerts(&pid).await.unwrap()[0].rule, "H01");
    let today = p.get("/today").await;
    assert!(
        today.body.contains("card-emergency") && today.body.contains("href=\"tel:999\""),
        "{}",
        today.body
    );
    assert!(!today.body.contains("Start a session"), "{}", today.body);
    assert_eq!(p.get("/exercises/prone-lying").await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn mild_pain_is_calm_advice_to_carry_on_and_the_programme_stays() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[])).await;
    let summary = session(&mut p, false).await;
    let sent = p
        .post(
            &format!("{summary}/harm"),
            &[("kind", "pain_worse"), ("severity", "mild"), ("details", "a twinge")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let result = p.get(sent.location()).await;
    assert!(result.body.contains("Carry on with care"), "{}", result.body);
    assert!(!result.body.contains("card-emergency") && !result.body.contains("tel:"), "{}", result.body);
    assert!(result.body.contains("your clinician is alerted"));
    let today = p.get("/today").await;
    assert!(
        today.body.contains("Start a session") || today.body.contains("All done for today"),
        "{}",
        today.body
    );
}

#[tokio::test]
async fn new_weakness_means_a_doctor_today_and_a_pause() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[])).await;
    let summary = session(&mut p, false).await;
    let sent = p.post(&format!("{summary}/harm"), &[("kind", "weakness"), ("severity", "moderate")]).await;
    let result = p.get(sent.location()).await;
    assert!(
        result.body.contains("card-urgent") && result.body.contains("Contact a doctor today"),
        "{}",
        result.body
    );
    let today = p.get("/today").await;
    assert!(today.body.contains("Contact a doctor today") && !today.body.contains("Start a session"));
}

#[tokio::test]
async fn another_patients_session_is_not_found_and_bad_text_is_named() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    s.user("kim@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[])).await;
    let summary = session(&mut p, false).await;
    let mut k = s.signed_in("kim@example.org").await;
    screen(&mut k, &answers(&[])).await;
    assert_eq!(k.get(&format!("{summary}/harm")).await.status, StatusCode::NOT_FOUND);
    let sent = k.post(&format!("{summary}/harm"), &[("kind", "pain_worse"), ("severity", "mild")]).await;
    assert_eq!(sent.status, StatusCode::NOT_FOUND);
    let long = "x".repeat(2001);
    let bad = p
        .post(&format!("{summary}/harm"), &[("kind", "other"), ("severity", "mild"), ("details", &long)])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("This is too long; allowed: up to 2000 characters"), "{}", bad.body);
    let other = p.post(&format!("{summary}/harm"), &[("kind", "other"), ("severity", "mild")]).await;
    assert!(other.body.contains("say briefly what happened"), "{}", other.body);
    assert_eq!(p.get(&format!("{summary}/harm/nope")).await.status, StatusCode::NOT_FOUND);
}
