//! The account pages a person meets around their account: an invitation link opened again after
//! it was used, deleting the account, and choosing a time zone.

mod common;

use common::{PASSWORD, Server, start};
use reqwest::StatusCode;
use sciatica_core::policy::Role;

/// An invitation link for a patient, made by an administrator; its path on the server.
async fn invitation(s: &Server) -> String {
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
    url.trim_start_matches(&s.base).to_owned()
}

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
