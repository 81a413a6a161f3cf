//! New passwords and sign-up: blank and common passwords are refused wherever a password is set,
//! and sign-up or an invitation answers the same whether or not the email already has an
//! account.

mod common;

use common::pages::invitation;
use common::{Answer, PASSWORD, Server, start};
use reqwest::StatusCode;
use sciatica_core::policy::Role;
use sciatica_store::settings::OPEN_SIGNUP;

const SPACES: &str = "            ";

async fn open_signup() -> Server {
    let s = start().await;
    s.store.set_setting(OPEN_SIGNUP, "true").await.unwrap();
    s
}

fn signup_form<'a>(email: &'a str, password: &'a str) -> [(&'a str, &'a str); 4] {
    [("email", email), ("password", password), ("name", "Sam"), ("time_zone", "UTC")]
}

/// What a sign-up answer shows to whoever sent it: status, where it goes, whether it signs in,
/// and the page.
fn seen(a: &Answer) -> (StatusCode, String, bool, String) {
    (a.status, a.location().to_owned(), a.headers.contains_key("set-cookie"), a.body.clone())
}

#[tokio::test]
async fn twelve_spaces_are_not_a_password() {
    let s = open_signup().await;
    let refused = s.client().post("/signup", &signup_form("kim@example.org", SPACES)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("Password is blank or only spaces"), "{}", refused.body);
    assert!(s.store.user_by_email("kim@example.org").await.unwrap().is_none(), "no account was made");

    let path = invitation(&s).await;
    let refused = s.client().post(&path, &signup_form("kim@example.org", "\t\t\t\t\t\t\t\t\t\t\t\t")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);

    s.user("pat@example.org", Role::Patient).await;
    let mut p = s.signed_in("pat@example.org").await;
    let refused = p.post("/account/password", &[("current", PASSWORD), ("password", SPACES)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Password is blank or only spaces"), "{}", refused.body);
}

#[tokio::test]
async fn the_commonest_passwords_are_refused() {
    let s = open_signup().await;
    for common in ["qwertyuiop123", "1q2w3e4r5t6y", "Password1234", "passwordpassword", "aaaaaaaaaaaa"] {
        let refused = s.client().post("/signup", &signup_form("kim@example.org", common)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{common}: {}", refused.body);
        assert!(refused.body.contains("one of the most common passwords"), "{common}: {}", refused.body);
    }
    let made = s.client().post("/signup", &signup_form("kim@example.org", "my knee is older than me")).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert!(s.store.user_by_email("kim@example.org").await.unwrap().is_some());
}

#[tokio::test]
async fn sign_up_answers_the_same_for_a_taken_and_a_free_email() {
    let s = open_signup().await;
    s.user("taken@example.org", Role::Patient).await;
    let taken = s.client().post("/signup", &signup_form("taken@example.org", "another long password")).await;
    let free = s.client().post("/signup", &signup_form("free@example.org", "another long password")).await;
    assert_eq!(seen(&taken), seen(&free));
    assert_eq!(free.status, StatusCode::SEE_OTHER);
    assert_eq!(free.location(), "/login?welcome");
    assert!(!taken.body.contains("already has an account"));

    // The new account signs in with its password; the taken one keeps its own.
    let mut c = s.client();
    let r = c.post("/login", &[("email", "free@example.org"), ("password", "another long password")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = c.post("/login", &[("email", "taken@example.org"), ("password", "another long password")]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "the existing account's password did not change");
    s.signed_in("taken@example.org").await;
    let welcome = s.client().get("/login?welcome").await;
    assert!(welcome.body.contains("Your account is ready"), "{}", welcome.body);
}

#[tokio::test]
async fn an_invitation_answers_the_same_for_a_taken_and_a_free_email() {
    let s = start().await;
    s.user("taken@example.org", Role::Patient).await;
    let first = invitation(&s).await;
    let mut admin = s.signed_in("admin@example.org").await;
    let invite = admin.post("/admin/invite", &[("role", "patient"), ("email", "")]).await;
    let second = invite
        .body
        .split("value=\"")
        .find_map(|p| p.split('"').next().filter(|u| u.contains("/join/")))
        .unwrap()
        .trim_start_matches(&s.base)
        .to_owned();
    let taken = s.client().post(&first, &signup_form("taken@example.org", "another long password")).await;
    let free = s.client().post(&second, &signup_form("free@example.org", "another long password")).await;
    assert_eq!(seen(&taken), seen(&free));
    assert_eq!(free.location(), "/login?welcome");
    assert!(s.store.user_by_email("free@example.org").await.unwrap().is_some());
    // Both links are used up, so one link cannot try address after address.
    assert_eq!(s.client().get(&first).await.status, StatusCode::GONE);
    assert_eq!(s.client().get(&second).await.status, StatusCode::GONE);
}
