//! Urgent care comes first: the advice as soon as the answers decide it, with one tap to call;
//! no exercise instructions while exercise is paused; and a weekly check that confirms the
//! stable history in one step and asks the red-flag questions afresh.

mod common;

use common::api::{World, answers};
use common::pages::{pages, screen, screen_pages};
use common::{start, start_with};
use reqwest::StatusCode;
use sciatica_core::policy::Role;
use sciatica_core::triage::pages::ASKED_AFRESH;
use sciatica_web::contacts::Contacts;
use serde_json::json;

#[tokio::test]
async fn a_red_flag_on_page_3_gives_the_advice_at_once_with_calls() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let (result, seen) = screen_pages(&mut p, &answers(&[("bladder", json!(true))])).await;
    assert_eq!(
        seen.len(),
        3,
        "stopped after the bladder page: {:?}",
        seen.iter().map(|v| &v.path).collect::<Vec<_>>()
    );
    let page = p.get(&result).await;
    assert!(page.body.contains("card-emergency"), "{}", page.body);
    for n in ["999", "911", "112"] {
        assert!(page.body.contains(&format!("href=\"tel:{n}\"")), "a call link to {n}: {}", page.body);
    }
    let card = page.body.find("card-emergency").unwrap();
    assert!(page.body.find("href=\"tel:999\"").unwrap() > card, "the calls are in the card");
    assert!(page.body.find("href=\"tel:999\"").unwrap() < page.body.find("I understand").unwrap());
    assert!(page.body.contains("can wait"), "says the other questions can wait");
    assert_eq!(page.body.matches("<button").count(), 1, "nothing else to press");
    // Saved as urgent, with only the keys answered: the others are absent, not guessed.
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    let saved = s.store.latest_screening(&pid).await.unwrap().unwrap();
    assert_eq!(saved.urgency, sciatica_core::Urgency::EmergencyNow);
    assert!(saved.rules.contains(&"R01".to_owned()), "{:?}", saved.rules);
    let keys = saved.answers.as_object().unwrap();
    assert!(keys.contains_key("bladder") && keys.contains_key("diagnosis"));
    assert!(!keys.contains_key("fever") && !keys.contains_key("weakness"), "{keys:?}");
    assert!(s.store.screen_draft(&pid).await.unwrap().is_none(), "the draft is gone");
    // Today leads with the same card and calls.
    let today = p.get("/today").await;
    let h1 = today.body.find("<h1").unwrap();
    assert!(today.body[h1..].starts_with("<h1 id=\"status-title\">Get emergency help now"), "{}", today.body);
    assert!(today.body.contains("href=\"tel:999\""));
}

#[tokio::test]
async fn a_same_day_answer_waits_while_an_emergency_is_still_possible() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let (result, seen) = screen_pages(&mut p, &answers(&[("weakness", json!("mild_new"))])).await;
    assert_eq!(seen.len(), pages(), "every page: a later answer could still make it an emergency");
    let page = p.get(&result).await;
    assert!(page.body.contains("card-urgent") && !page.body.contains("can wait"), "{}", page.body);
}

#[tokio::test]
async fn the_configured_emergency_number_and_clinic_are_one_tap_away() {
    let s = start_with(|c| {
        c.contacts =
            Contacts::new(&["000".to_owned()], Some("Riverside Physio"), Some("+61 3 9000 0000")).unwrap();
    })
    .await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let result = screen(&mut p, &answers(&[("saddle", json!(true))])).await;
    let page = p.get(&result).await;
    assert!(page.body.contains("href=\"tel:000\"") && !page.body.contains("tel:999"), "{}", page.body);
    assert!(page.body.contains("href=\"tel:+61390000000\"") && page.body.contains("Riverside Physio"));
    assert!(page.body.find("tel:000").unwrap() < page.body.find("tel:+61").unwrap(), "emergency first");
    // The advice names the number to call, not other countries' numbers: on the result, on Today
    // and on the warning signs page.
    for path in [result.as_str(), "/today", "/learn/warning-signs"] {
        let page = p.get(path).await;
        assert!(page.body.contains("Call 000, or go to the emergency department"), "{path}: {}", page.body);
        assert!(!page.body.contains("for example 999"), "{path}: {}", page.body);
    }
    // Same day: the clinic comes first.
    let t = start_with(|c| {
        c.contacts = Contacts::new(&[], Some("Riverside Physio"), Some("+61 3 9000 0000")).unwrap();
    })
    .await;
    t.user("sam@example.org", Role::Patient).await;
    let mut q = t.signed_in("sam@example.org").await;
    let result = screen(&mut q, &answers(&[("fever", json!(true))])).await;
    let page = q.get(&result).await;
    assert!(page.body.contains("card-urgent"), "{}", page.body);
    assert!(page.body.find("tel:+61").unwrap() < page.body.find("tel:999").unwrap(), "the clinic first");
    // No number set: the common ones, written out.
    let signs = q.get("/learn/warning-signs").await;
    assert!(signs.body.contains("for example 999, 911 or 112"), "{}", signs.body);
}

#[tokio::test]
async fn no_exercise_instructions_while_blocked() {
    let w = World::new().await;
    let (api, _) = w.account("pat@example.org", Role::Patient).await;
    let mut p = w.server.signed_in("pat@example.org").await;
    // Not screened yet: refused, pointing to the questions.
    let before = p.get("/exercises/prone-lying").await;
    assert_eq!(before.status, StatusCode::CONFLICT);
    assert!(before.body.contains("href=\"/screen\"") && !before.body.contains("<ol"), "{}", before.body);
    screen(&mut p, &answers(&[("abdominal", json!(true))])).await;
    let page = p.get("/exercises/prone-lying").await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("paused") && page.body.contains("href=\"/today\""), "{}", page.body);
    assert!(!page.body.contains("figures/prone-lying"), "no figure and no steps: {}", page.body);
    for (path, args) in [("/api/v1/exercises", &[][..]), ("/api/v1/exercises/{id}", &["prone-lying"][..])] {
        let r = api.get(path, args).await;
        assert_eq!(r.status, 409, "{path}: {}", r.text);
        assert_eq!(r.content_type, "application/problem+json");
        assert_eq!(r.body["current_status"]["urgency"], "emergency_now", "{}", r.text);
        assert!(!r.text.contains("steps"), "{}", r.text);
    }
    let program = p.get("/program").await;
    assert!(program.body.contains("paused"), "{}", program.body);
    for gone in ["/exercises/", "Trials you can choose", "If your leg hurts more", "name=\"phase\""] {
        assert!(!program.body.contains(gone), "the paused programme shows no `{gone}`");
    }
    // A clinician has seen them and the next screen is calm: the instructions are back.
    p.post("/assessed", &[("note", "Seen at the hospital, all clear")]).await;
    screen(&mut p, &answers(&[])).await;
    assert_eq!(p.get("/exercises/prone-lying").await.status, StatusCode::OK);
    assert_eq!(api.get("/api/v1/exercises/{id}", &["prone-lying"]).await.status, 200);
}

#[tokio::test]
async fn the_weekly_check_confirms_history_and_asks_red_flags_blank() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let first =
        answers(&[("age", json!(58)), ("cancer", json!(true)), ("bone_risk", json!(["osteoporosis"]))]);
    let (_, first_pages) = screen_pages(&mut p, &first).await;
    assert_eq!(first_pages.len(), pages());
    let (result, weekly) = screen_pages(&mut p, &answers(&[("cancer", json!(true))])).await;
    assert!(weekly.len() < first_pages.len(), "shorter: {} pages", weekly.len());
    let confirm = &weekly[0];
    assert!(confirm.keys.is_empty(), "the first page confirms the history");
    assert!(confirm.body.contains("Your age") && confirm.body.contains("58"), "{}", confirm.body);
    assert!(confirm.body.contains("Osteoporosis"), "{}", confirm.body);
    let asked: Vec<&String> = weekly.iter().flat_map(|v| &v.keys).collect();
    for key in ASKED_AFRESH {
        assert!(asked.iter().any(|k| k == key), "{key} is asked again");
        let page = weekly.iter().find(|v| v.keys.iter().any(|k| k == key)).unwrap();
        let at = page.body.find(" checked>").map(|i| &page.body[i.saturating_sub(200)..i + 20]);
        assert_eq!(at, None, "{key}: nothing is pre-filled on its page");
    }
    assert!(!asked.iter().any(|k| *k == "age" || *k == "cancer"), "history is not asked again");
    // The saved screen is complete: the confirmed history plus the fresh answers.
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    let saved = s.store.latest_screening(&pid).await.unwrap().unwrap();
    assert_eq!(saved.answers["age"], 58);
    assert_eq!(saved.answers["bone_risk"], json!(["osteoporosis"]));
    assert_eq!(saved.answers.as_object().unwrap().len(), 27);
    assert!(p.get(&result).await.status.is_success());
}

#[tokio::test]
async fn changed_history_is_asked_pre_filled_and_bad_input_names_the_field() {
    let s = start().await;
    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    screen(&mut p, &answers(&[("age", json!(58))])).await;
    assert_eq!(p.get("/screen").await.location(), "/screen/1");
    let change = p.get("/screen/1?change=yes").await;
    assert!(change.body.contains("value=\"58\""), "pre-filled: {}", change.body);
    assert!(!change.body.contains("name=\"bladder\""), "red flags are not here");
    let bad = p.post("/screen/1", &[("age", "150")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("whole number from 0 to 120"), "{}", bad.body);
    let pid = s.store.user_by_email("pat@example.org").await.unwrap().unwrap().patient_id.unwrap();
    assert!(s.store.screen_draft(&pid).await.unwrap().is_none(), "nothing written");
    let form: Vec<(String, String)> = common::pages::form_for(
        &common::pages::keys_on(&change.body),
        &answers(&[("age", json!(59)), ("pregnant", json!(false))]),
    );
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(p.post("/screen/1", &refs).await.location(), "/screen/2");
    let draft = s.store.screen_draft(&pid).await.unwrap().unwrap();
    assert_eq!(draft["answers"]["age"], 59);
}
