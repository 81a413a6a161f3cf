//! The account pages a person meets around their account: an invitation link opened again after
//! it was used, deleting the account, and choosing a time zone.

mod common;

use common::pages::invitation;
use common::{PASSWORD, start};
use reqwest::StatusCode;
use sciatica_core::policy::Role;

#[tokio::test]
async fn a_used_invitation_link_says_it_was_used_and_offers_sign_in() {
    let s = start().await;
    let path = invitation(&s).await;
    let form = [("email", "sam@example.org"), ("password", PASSWORD), ("name", "Sam"), ("time_zone", "UTC")];
    let joined = s.client().post(&path, &form).await;
    assert_eq!(joined.status, StatusCode::SEE_OTHER, "{}", joined.body);

    let again = s.client().get(&path).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.body.contains("This invitation link has already been used"), "{}", again.body);
    assert!(again.body.contains(r#"href="/login""#), "it offers sign-in: {}", again.body);
    assert!(!again.body.contains("Create account"), "no sign-up form: {}", again.body);

    // Sending the form again (a second tap, or the back button) says the same and makes nothing.
    let twice = s.client().post(&path, &[("email", "other@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(twice.status, StatusCode::GONE);
    assert!(twice.body.contains("already been used"), "{}", twice.body);

    // A link that never existed is still just not found.
    let made_up = format!("/join/{}", "A".repeat(path.trim_start_matches("/join/").len()));
    assert_eq!(s.client().get(&made_up).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_empty_password_on_the_delete_form_says_it_is_empty() {
    let s = start().await;
    s.user("kim@example.org", Role::Patient).await;
    let mut c = s.signed_in("kim@example.org").await;
    for form in [vec![("password", ""), ("understood", "yes")], vec![("understood", "yes")]] {
        let empty = c.post("/data/delete/confirm", &form).await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.body);
        assert!(
            empty.body.contains(r#"<p class="error" id="password-error">Your password is empty"#),
            "the error is on the password field and says it is empty: {}",
            empty.body
        );
        assert!(!empty.body.contains("This is not your password"), "{}", empty.body);
    }
    let wrong = c.post("/data/delete/confirm", &[("password", "not it at all"), ("understood", "yes")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("This is not your password."), "{}", wrong.body);
    assert_eq!(c.get("/account").await.status, StatusCode::OK, "the account is still there");
}

#[tokio::test]
async fn the_time_zone_is_found_by_the_name_of_a_city() {
    let s = start().await;
    s.user("jo@example.org", Role::Patient).await;
    let mut c = s.signed_in("jo@example.org").await;
    let page = c.get("/onboarding/times").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"list="time-zones""#), "a box to type in, with a list: {}", page.body);
    assert!(page.body.contains(r#"<option value="Europe/London">"#), "{}", page.body);

    let times = |zone: &'static str| vec![("time_zone", zone), ("morning", "08:00"), ("evening", "18:00")];
    let zone_of = |body: &str| {
        body.split(r#"id="time_zone""#)
            .nth(1)
            .and_then(|rest| rest.split("value=\"").nth(1))
            .and_then(|v| v.split('"').next())
            .unwrap_or_default()
            .to_owned()
    };
    for (typed, zone) in [
        ("London", "Europe/London"),
        (" new york ", "America/New_York"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("asia/tokyo", "Asia/Tokyo"),
    ] {
        let saved = c.post("/onboarding/times", &times(typed)).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{typed}: {}", saved.body);
        assert_eq!(zone_of(&c.get("/onboarding/times").await.body), zone, "“{typed}” finds {zone}");
    }

    let unknown = c.post("/onboarding/times", &times("Atlantis")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Your time zone “Atlantis” was not found"), "{}", unknown.body);
    let empty = c.post("/onboarding/times", &times("")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("Your time zone is empty"), "{}", empty.body);
    assert_eq!(zone_of(&c.get("/onboarding/times").await.body), "Asia/Tokyo", "nothing changed");
}
