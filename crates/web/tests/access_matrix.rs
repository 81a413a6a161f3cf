//! The authorisation matrix: every route of the router (`sciatica_web::routes()`, the list the
//! router is built from) × every role × own, foreign and unassigned patient, against the outcome
//! the product gives today. A route without a line in [`matrix`] fails the test, and so does a line
//! for a route that no longer exists.
//!
//! The world: patient P (the "own" patient) in the care of clinician C1 ("their clinician"),
//! patient Q ("foreign": in the care of a clinician outside the matrix), patient U ("unassigned":
//! no clinician), clinician C2 ("another clinician", with no patient of these) and an administrator.
//! A route whose path names a patient's object (`Arg::Patient`, `Arg::Screening`, …) runs once per
//! scope with P's, Q's and U's object; its line gives the outcomes for P's, and on Q's and U's every
//! `Allow` becomes `NotFound` (another person's record is never found). Other routes run once.
//!
//! ## Adding a route
//!
//! One line in [`matrix`]: `e(METHOD, "/path/{id}", WHO, &[ARG, …])`, where `WHO` lists the
//! outcome for anonymous, patient P, their clinician C1, another clinician C2 and the
//! administrator (use a named row such as `PATIENT`, `CARE_TEAM`, `CLINICIAN`, `ADMIN`, or write
//! the five outcomes), and each `ARG` says what fills a `{…}` of the path in order. Examples:
//!
//! ```text
//! e(GET, "/clinic", CLINICIAN, &[]),
//! e(GET, "/clinic/patients/{id}", CARE_TEAM, &[Patient]),
//! e(POST, "/api/v1/patients/{id}/notes", CARE_TEAM, &[Patient]),
//! e(GET, "/api/v1/me/clinicians", PATIENT, &[]),
//! ```
//!
//! A route that takes a body gets one in [`form`] (pages) or [`json`] (API), so a refusal can only
//! be about who asks. Add `.fresh()` when the route changes the caller's own session or account
//! (signing out, erasing): each cell then runs as a new account of its role.
//!
//! "Allow" means the request got past sign-in and the policy: any answer but 401, 403, 404 or a
//! redirect to the sign-in page (a 422 for a body the route finds wrong still counts: the
//! authorisation was decided before it).

mod common;

use common::api::{Api, Auth, Body, World, answers};
use common::{Client, PASSWORD};
use jiff::{SignedDuration, Timestamp};
use reqwest::Method;
use sciatica_core::policy::Role;
use sciatica_store::auth::{Link, LinkKind};
use sciatica_web::auth::token;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Past sign-in and the policy.
    Allow,
    /// 404: not there, or not yours.
    NotFound,
    /// 401 (API) or a redirect to `/login` (pages).
    SignIn,
    /// 403.
    Forbidden,
}
use Outcome::{Allow, NotFound, SignIn};

/// The outcomes for: anonymous, patient P, their clinician C1, another clinician C2, admin.
type Who = [Outcome; 5];
const ROLES: [&str; 5] = ["anonymous", "patient", "their clinician", "another clinician", "admin"];
/// Anyone, signed in or not.
const PUBLIC: Who = [Allow; 5];
/// Nobody (the route answers "not found" for everyone in this configuration).
const NOBODY: Who = [NotFound; 5];
/// Every signed-in account.
const SIGNED_IN: Who = [SignIn, Allow, Allow, Allow, Allow];
/// The patient, on their own record only.
const PATIENT: Who = [SignIn, Allow, NotFound, NotFound, NotFound];
/// Clinicians and administrators (e.g. inviting a patient).
const STAFF: Who = [SignIn, NotFound, Allow, Allow, Allow];
/// Any clinician (their own caseload).
const CLINICIAN: Who = [SignIn, NotFound, Allow, Allow, NotFound];
/// A clinician on the patient's care team.
const CARE_TEAM: Who = [SignIn, NotFound, Allow, NotFound, NotFound];
/// Administrators only.
const ADMIN: Who = [SignIn, NotFound, NotFound, NotFound, Allow];

/// What fills a `{…}` of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arg {
    /// This text in every cell (an exercise id, a page number, a file name).
    Text(&'static str),
    /// The patient's record id (scoped).
    Patient,
    /// One of the patient's screens (scoped).
    Screening,
    /// One of the patient's sessions (scoped).
    Session,
    /// A harm report of that session (scoped).
    Harm,
    /// One of the patient's NRS questionnaire answers (scoped).
    Response,
    /// P's calendar feed file, as it is at that moment (the feed itself is public by design).
    Feed,
    /// A fresh invitation link's secret.
    InviteToken,
    /// A fresh password-reset link's secret (for a throwaway account).
    ResetToken,
    /// A fresh pending invitation's id.
    Invitation,
    /// A fresh account of this role (e.g. the target of an admin change).
    NewAccount(Role),
    /// A fresh patient account in the care of the clinician outside the matrix.
    NewPatient,
}
use Arg::{
    Feed, Harm, Invitation, InviteToken, NewAccount, NewPatient, Patient, ResetToken, Response, Screening,
    Session, Text,
};

impl Arg {
    fn scoped(self) -> bool {
        matches!(self, Arg::Patient | Screening | Session | Harm | Response)
    }
}

/// One route and who may use it.
struct Entry {
    method: &'static str,
    path: &'static str,
    who: Who,
    args: &'static [Arg],
    fresh: bool,
}

fn e(method: &'static str, path: &'static str, who: Who, args: &'static [Arg]) -> Entry {
    Entry { method, path, who, args, fresh: false }
}

impl Entry {
    /// Each cell runs as a new account of its role (the route ends the caller's session or account).
    fn fresh(mut self) -> Entry {
        self.fresh = true;
        self
    }
}

const GET: &str = "GET";
const POST: &str = "POST";
const PUT: &str = "PUT";
const PATCH: &str = "PATCH";
const DELETE: &str = "DELETE";

/// Every route, once: one line each (see the module documentation).
fn matrix() -> Vec<Entry> {
    vec![
        // Accounts.
        e(GET, "/", SIGNED_IN, &[]),
        e(GET, "/login", PUBLIC, &[]),
        e(POST, "/login", PUBLIC, &[]).fresh(),
        // Signing out always ends at the sign-in page.
        e(POST, "/logout", [SignIn; 5], &[]).fresh(),
        e(GET, "/join/{token}", PUBLIC, &[InviteToken]),
        e(POST, "/join/{token}", PUBLIC, &[InviteToken]).fresh(),
        // Open sign-up is off by default.
        e(GET, "/signup", NOBODY, &[]),
        e(POST, "/signup", NOBODY, &[]),
        e(GET, "/reset/{token}", PUBLIC, &[ResetToken]),
        e(POST, "/reset/{token}", PUBLIC, &[ResetToken]).fresh(),
        e(GET, "/account", SIGNED_IN, &[]),
        e(POST, "/account/password", SIGNED_IN, &[]).fresh(),
        e(GET, "/account/confirm", SIGNED_IN, &[]),
        e(
            POST,
            "/account/clinicians/{id}/end",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Text("0190c3a0-0000-7000-8000-000000000000")],
        ),
        e(
            POST,
            "/account/clinicians/{id}/end/confirm",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Text("0190c3a0-0000-7000-8000-000000000000")],
        ),
        e(GET, "/clinic", CLINICIAN, &[]),
        e(GET, "/clinic/patients/{id}", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/time", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/report", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/monitoring", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/acknowledge", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/acknowledge", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/actions", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/cause", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/cause", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/clearance", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/clearance", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/note", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/note", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/phase", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/phase", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/program", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/program", CARE_TEAM, &[Patient]),
        e(GET, "/clinic/patients/{id}/program/exercises", CARE_TEAM, &[Patient]),
        e(POST, "/clinic/patients/{id}/program/exercises", CARE_TEAM, &[Patient]),
        // No proposal waits for the matrix patient: the page of one that does not wait is not found
        // for everyone (the care team is allowed in `pages_clinical.rs`).
        e(
            GET,
            "/clinic/patients/{id}/proposals/{proposal_id}",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Patient, Text("progress-phase-2")],
        ),
        e(
            POST,
            "/clinic/patients/{id}/proposals/{proposal_id}",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Patient, Text("progress-phase-2")],
        ),
        e(POST, "/account/confirm", SIGNED_IN, &[]),
        e(POST, "/account/tokens", SIGNED_IN, &[]),
        e(
            POST,
            "/account/tokens/{id}/revoke",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Text("no-such-token")],
        ),
        e(GET, "/admin", STAFF, &[]),
        e(POST, "/admin/invite", STAFF, &[]),
        e(POST, "/admin/reset", ADMIN, &[]),
        e(POST, "/admin/signup", ADMIN, &[]),
        // The patient's pages.
        e(GET, "/screen", PATIENT, &[]),
        e(POST, "/screen/assessed", PATIENT, &[]),
        e(GET, "/screen/{n}", PATIENT, &[Text("1")]),
        e(POST, "/screen/{n}", PATIENT, &[Text("1")]),
        e(GET, "/screen/result/{id}", PATIENT, &[Screening]),
        e(POST, "/screen/result/{id}/understood", PATIENT, &[Screening]),
        e(GET, "/onboarding/times", PATIENT, &[]),
        e(POST, "/onboarding/times", PATIENT, &[]),
        e(GET, "/today", PATIENT, &[]),
        e(POST, "/assessed", PATIENT, &[]),
        e(GET, "/program", PATIENT, &[]),
        e(POST, "/program", PATIENT, &[]),
        e(GET, "/exercises/{id}", PATIENT, &[Text("prone-lying")]),
        e(GET, "/figures/{file}", PUBLIC, &[Text("prone-lying.svg")]),
        e(GET, "/learn", PUBLIC, &[]),
        e(GET, "/learn/{id}", PUBLIC, &[Text("warning-signs")]),
        e(GET, "/session", PATIENT, &[]),
        e(GET, "/session/summary/{id}", PATIENT, &[Session]),
        e(GET, "/session/summary/{id}/harm", PATIENT, &[Session]),
        e(POST, "/session/summary/{id}/harm", PATIENT, &[Session]),
        e(GET, "/session/summary/{id}/harm/{report}", PATIENT, &[Session, Harm]),
        e(POST, "/session/{step}", PATIENT, &[Text("discard")]),
        e(GET, "/calendar", PATIENT, &[]),
        e(POST, "/calendar", PATIENT, &[]),
        e(GET, "/calendar/{file}", PUBLIC, &[Feed]),
        e(GET, "/progress", PATIENT, &[]),
        e(GET, "/measures", PATIENT, &[]),
        e(GET, "/measures/{id}", PATIENT, &[Text("odi")]),
        e(POST, "/measures/{id}", PATIENT, &[Text("nrs")]),
        e(GET, "/measures/{id}/saved/{response}", PATIENT, &[Text("nrs"), Response]),
        e(GET, "/data", PATIENT, &[]),
        e(GET, "/data/{file}", PATIENT, &[Text("sciatica-export.json")]),
        e(POST, "/data/delete", PATIENT, &[]),
        e(POST, "/data/delete/confirm", PATIENT, &[]).fresh(),
        // Audit and administration pages.
        e(GET, "/account/access", PATIENT, &[]),
        e(GET, "/admin/accounts", ADMIN, &[]),
        e(POST, "/admin/accounts/{id}/role", ADMIN, &[NewAccount(Role::Clinician)]),
        e(POST, "/admin/accounts/{id}/active", ADMIN, &[NewAccount(Role::Clinician)]),
        e(POST, "/admin/accounts/{id}/reset", ADMIN, &[NewAccount(Role::Patient)]),
        e(POST, "/admin/accounts/{id}/transfer", ADMIN, &[NewPatient]),
        e(GET, "/admin/invitations", ADMIN, &[]),
        e(POST, "/admin/invitations/{id}/revoke", ADMIN, &[Invitation]),
        e(POST, "/admin/invitations/{id}/resend", ADMIN, &[Invitation]),
        e(GET, "/admin/audit", ADMIN, &[]),
        e(GET, "/admin/settings", ADMIN, &[]),
        e(POST, "/admin/settings", ADMIN, &[]),
        // The API: the account.
        e(GET, "/api/v1/openapi.json", PUBLIC, &[]),
        e(GET, "/api/v1/me", SIGNED_IN, &[]),
        e(DELETE, "/api/v1/me", PATIENT, &[]).fresh(),
        e(POST, "/api/v1/tokens", SIGNED_IN, &[]),
        e(GET, "/api/v1/tokens", SIGNED_IN, &[]),
        e(GET, "/api/v1/me/clinicians", PATIENT, &[]),
        e(
            DELETE,
            "/api/v1/me/clinicians/{clinician_id}",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Text("0190c3a0-0000-7000-8000-000000000000")],
        ),
        e(GET, "/api/v1/panel", CLINICIAN, &[]),
        e(GET, "/api/v1/patients/{id}", CARE_TEAM, &[Patient]),
        e(GET, "/api/v1/patients/{id}/monitoring", CARE_TEAM, &[Patient]),
        e(GET, "/api/v1/patients/{id}/actions", CARE_TEAM, &[Patient]),
        e(PATCH, "/api/v1/patients/{id}/program", CARE_TEAM, &[Patient]),
        e(POST, "/api/v1/patients/{id}/acknowledgements", CARE_TEAM, &[Patient]),
        e(POST, "/api/v1/patients/{id}/notes", CARE_TEAM, &[Patient]),
        e(POST, "/api/v1/patients/{id}/program", CARE_TEAM, &[Patient]),
        e(PUT, "/api/v1/patients/{id}/cause", CARE_TEAM, &[Patient]),
        e(PUT, "/api/v1/patients/{id}/clearance", CARE_TEAM, &[Patient]),
        e(PUT, "/api/v1/patients/{id}/phase", CARE_TEAM, &[Patient]),
        e(
            POST,
            "/api/v1/patients/{id}/proposals/{proposal_id}",
            CARE_TEAM,
            &[Patient, Text("progress-phase-2")],
        ),
        e(POST, "/api/v1/patients/{id}/time", CARE_TEAM, &[Patient]),
        e(
            DELETE,
            "/api/v1/tokens/{id}",
            [SignIn, NotFound, NotFound, NotFound, NotFound],
            &[Text("no-such-token")],
        ),
        e(POST, "/api/v1/me/confirm", SIGNED_IN, &[]),
        e(DELETE, "/api/v1/tokens/current", SIGNED_IN, &[]).fresh(),
        // The API: the patient's own record.
        e(GET, "/api/v1/profile", PATIENT, &[]),
        e(PUT, "/api/v1/profile", PATIENT, &[]),
        e(POST, "/api/v1/screenings", PATIENT, &[]),
        e(GET, "/api/v1/screenings", PATIENT, &[]),
        e(GET, "/api/v1/screenings/{id}", PATIENT, &[Screening]),
        e(GET, "/api/v1/status", PATIENT, &[]),
        e(POST, "/api/v1/assessed", PATIENT, &[]),
        e(GET, "/api/v1/plan", PATIENT, &[]),
        e(GET, "/api/v1/program", PATIENT, &[]),
        e(PATCH, "/api/v1/program", PATIENT, &[]),
        e(GET, "/api/v1/exercises", PATIENT, &[]),
        e(GET, "/api/v1/exercises/{id}", PATIENT, &[Text("prone-lying")]),
        e(POST, "/api/v1/sessions", PATIENT, &[]),
        e(GET, "/api/v1/sessions", PATIENT, &[]),
        e(GET, "/api/v1/sessions/{id}", PATIENT, &[Session]),
        e(POST, "/api/v1/sessions/{id}/harm", PATIENT, &[Session]),
        e(GET, "/api/v1/progress", PATIENT, &[]),
        e(POST, "/api/v1/measures/{measure}", PATIENT, &[Text("nrs")]),
        e(GET, "/api/v1/measures", PATIENT, &[]),
        e(GET, "/api/v1/calendar", PATIENT, &[]),
        e(POST, "/api/v1/calendar", PATIENT, &[]),
        e(DELETE, "/api/v1/calendar", PATIENT, &[]),
        e(GET, "/api/v1/export", PATIENT, &[]),
        // The API: audit and administration.
        e(GET, "/api/v1/me/access", PATIENT, &[]),
        e(GET, "/api/v1/audit", ADMIN, &[]),
        e(GET, "/api/v1/admin/accounts", ADMIN, &[]),
        e(PATCH, "/api/v1/admin/accounts/{id}", ADMIN, &[NewAccount(Role::Clinician)]),
        e(POST, "/api/v1/admin/accounts/{id}/reset-link", ADMIN, &[NewAccount(Role::Patient)]),
        e(POST, "/api/v1/admin/accounts/{id}/transfer", ADMIN, &[NewPatient]),
        e(GET, "/api/v1/admin/invitations", ADMIN, &[]),
        e(DELETE, "/api/v1/admin/invitations/{id}", ADMIN, &[Invitation]),
        e(POST, "/api/v1/admin/invitations/{id}/resend", ADMIN, &[Invitation]),
        e(GET, "/api/v1/admin/settings", ADMIN, &[]),
        e(PUT, "/api/v1/admin/settings", ADMIN, &[]),
        // Health, metrics and assets.
        e(GET, "/healthz", PUBLIC, &[]),
        e(GET, "/readyz", PUBLIC, &[]),
        e(GET, "/metrics", PUBLIC, &[]),
        e(GET, "/static/{file}", PUBLIC, &[Text("app.css")]),
    ]
}

/// A form for each page route that takes one (`$EMAIL`, `$NEW_EMAIL`, `$FROM`, `$TO` are filled
/// in per cell).
fn form(method: &str, path: &str) -> Vec<(&'static str, &'static str)> {
    match (method, path) {
        ("POST", "/login") => vec![("email", "$EMAIL"), ("password", PASSWORD)],
        ("POST", "/join/{token}") => {
            vec![("email", "$NEW_EMAIL"), ("password", PASSWORD), ("name", "New"), ("time_zone", "UTC")]
        }
        ("POST", "/signup") => vec![("email", "$NEW_EMAIL"), ("password", PASSWORD), ("time_zone", "UTC")],
        ("POST", "/reset/{token}") => vec![("password", "a brand new password here")],
        ("POST", "/account/password") => {
            vec![("current", PASSWORD), ("password", "a brand new password here")]
        }
        ("POST", "/admin/invite") => vec![("role", "patient"), ("email", "")],
        ("POST", "/admin/reset") => vec![("email", "$EMAIL")],
        ("POST", "/admin/signup") => vec![("open", "false")],
        ("POST", "/screen/assessed") => vec![("seen", "no"), ("note", "")],
        ("POST", "/screen/{n}") => vec![("age", "42")],
        ("POST", "/onboarding/times") => {
            vec![("time_zone", "UTC"), ("morning", "08:00"), ("evening", "18:00")]
        }
        ("POST", "/assessed") => vec![("note", "seen by my physio")],
        ("POST", "/program") => vec![("phase", "1")],
        ("POST", "/clinic/patients/{id}/time") => vec![("minutes", "5"), ("note", "")],
        ("POST", "/clinic/patients/{id}/cause") => vec![("cause", "piriformis"), ("reason", "seen")],
        ("POST", "/clinic/patients/{id}/clearance") => vec![("cleared", "yes"), ("reason", "seen")],
        ("POST", "/clinic/patients/{id}/acknowledge" | "/clinic/patients/{id}/note") => {
            vec![("note", "seen")]
        }
        ("POST", "/clinic/patients/{id}/phase") => vec![("phase", "2"), ("reason", "seen")],
        ("POST", "/clinic/patients/{id}/proposals/{proposal_id}") => vec![("decision", "accept")],
        ("POST", "/session/summary/{id}/harm") => vec![("kind", "pain_worse"), ("severity", "mild")],
        ("POST", "/calendar") => vec![("action", "on")],
        ("POST", "/measures/{id}") => vec![("q1", "3")],
        ("POST", "/data/delete/confirm") => vec![("password", PASSWORD), ("understood", "yes")],
        ("POST", "/admin/accounts/{id}/role") => vec![("role", "admin")],
        ("POST", "/admin/accounts/{id}/active") => vec![("active", "false")],
        ("POST", "/admin/accounts/{id}/transfer") => vec![("from", "$FROM"), ("to", "$TO")],
        ("POST", "/admin/settings") => {
            vec![("clinic_name", ""), ("clinic_phone", ""), ("emergency_numbers", ""), ("inactive_days", "4")]
        }
        _ => vec![],
    }
}

/// A body (and query string) for each API route that takes one.
fn json(method: &str, path: &str) -> (Option<Value>, &'static str) {
    let body = match (method, path) {
        ("POST", "/api/v1/screenings") => answers(&[]),
        ("PUT", "/api/v1/profile") => json!({ "time_zone": "UTC", "morning": "08:00", "evening": "18:00" }),
        ("POST", "/api/v1/assessed") => json!({ "note": "seen" }),
        ("PATCH", "/api/v1/program") => json!({ "phase": 1 }),
        ("POST", "/api/v1/sessions") => json!({ "leg_pain_before": 3 }),
        ("POST", "/api/v1/sessions/{id}/harm") => json!({ "kind": "pain_worse", "severity": "mild" }),
        ("POST", "/api/v1/measures/{measure}") => json!({ "answers": [3] }),
        ("POST", "/api/v1/tokens") => json!({ "name": "another" }),
        ("PATCH", "/api/v1/admin/accounts/{id}") => json!({ "active": false }),
        ("POST", "/api/v1/admin/accounts/{id}/transfer") => json!({ "from": "$FROM", "to": "$TO" }),
        ("PUT", "/api/v1/admin/settings") => json!({ "inactive_days": 5 }),
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
        ("DELETE", "/api/v1/me") => json!({ "password": PASSWORD }),
        _ => return (None, ""),
    };
    (Some(body), "")
}

/// A signed-in account: its page client and its API client.
struct Actor {
    email: String,
    page: Client,
    api: Api,
}

/// A patient's objects.
#[derive(Default)]
struct Objects {
    patient: String,
    screening: String,
    session: String,
    harm: String,
    response: String,
}

struct Matrix {
    w: World,
    actors: Vec<Option<Actor>>,
    objects: [Objects; 3],
    /// The clinician outside the matrix (Q's), and C2.
    outside: String,
    other: String,
    seq: AtomicUsize,
}

impl Matrix {
    fn unique(&self, what: &str) -> String {
        format!("{what}-{}@example.org", self.seq.fetch_add(1, Ordering::Relaxed))
    }

    /// A signed-in account of a role (both a session cookie and a bearer token).
    async fn actor(&self, email: &str, role: Role) -> (Actor, sciatica_store::users::User) {
        let (api, _) = self.w.account(email, role).await;
        let user = self.w.server.store.user_by_email(email).await.unwrap().unwrap();
        let page = self.w.server.signed_in(email).await;
        (Actor { email: email.to_owned(), page, api }, user)
    }

    /// An account made directly in the store (it never signs in).
    async fn account(&self, role: Role) -> sciatica_store::users::User {
        let profile = (role == Role::Patient)
            .then(|| sciatica_store::patients::Profile::new(None, "UTC", "08:00", "18:00").unwrap());
        let u = sciatica_store::users::NewUser {
            email: self.unique("target"),
            password_hash: "x".into(),
            role,
            profile,
        };
        self.w.server.store.create_user(&u, Timestamp::now()).await.unwrap()
    }

    async fn link(&self, kind: LinkKind, user_id: Option<String>) -> String {
        let secret = token::new_secret();
        let link = Link {
            token_hash: token::hash(&secret),
            kind,
            role: Role::Patient,
            email: None,
            user_id,
            created_by: None,
            expires_at: Timestamp::now() + SignedDuration::from_hours(1),
        };
        self.w.server.store.create_link(&link, Timestamp::now()).await.unwrap();
        secret
    }

    async fn arg(&self, a: Arg, scope: usize) -> String {
        let o = &self.objects[scope];
        match a {
            Text(t) => t.to_owned(),
            Arg::Patient => o.patient.clone(),
            Screening => o.screening.clone(),
            Session => o.session.clone(),
            Harm => o.harm.clone(),
            Response => o.response.clone(),
            Feed => {
                let p = self.actors[1].as_ref().unwrap();
                let mut r = p.api.get("/api/v1/calendar", &[]).await;
                if r.status == 404 {
                    r = p.api.call(Method::POST, "/api/v1/calendar", &[], "", None).await;
                }
                r.body["url"].as_str().unwrap().rsplit('/').next().unwrap().to_owned()
            }
            InviteToken => self.link(LinkKind::Invite, None).await,
            ResetToken => {
                let u = self.w.server.user(&self.unique("reset"), Role::Patient).await;
                self.link(LinkKind::Reset, Some(u.id)).await
            }
            Invitation => token::hash(&self.link(LinkKind::Invite, None).await),
            NewAccount(role) => self.account(role).await.id,
            NewPatient => {
                let u = self.account(Role::Patient).await;
                let p = u.patient_id.clone().unwrap();
                self.w
                    .server
                    .store
                    .add_to_care_team(&p, &self.outside, None, Timestamp::now())
                    .await
                    .unwrap();
                u.id
            }
        }
    }

    fn fill(&self, text: &str, actor: Option<&Actor>) -> String {
        text.replace("$EMAIL", actor.map_or("signin@example.org", |a| a.email.as_str()))
            .replace("$NEW_EMAIL", &self.unique("new"))
            .replace("$FROM", &self.outside)
            .replace("$TO", &self.other)
    }

    /// Runs one cell and says what it got.
    async fn run(&mut self, entry: &Entry, role: usize, scope: usize) -> (Outcome, String) {
        let mut args = Vec::new();
        for a in entry.args {
            args.push(self.arg(*a, scope).await);
        }
        let mut actor = if entry.fresh && role > 0 {
            let r = [Role::Patient, Role::Clinician, Role::Clinician, Role::Admin][role - 1];
            Some(self.actor(&self.unique("fresh"), r).await.0)
        } else {
            self.actors[role].take()
        };
        let said = self.send(entry, &args, actor.as_mut()).await;
        if !entry.fresh {
            self.actors[role] = actor;
        }
        said
    }

    async fn send(&self, entry: &Entry, args: &[String], actor: Option<&mut Actor>) -> (Outcome, String) {
        if entry.path.starts_with("/api/") {
            let actor = actor.map(|a| &*a);
            let api = actor.map_or_else(|| self.w.api.with(Auth::None), |a| a.api.clone());
            let (body, query) = json(entry.method, entry.path);
            let body =
                body.map(|b| serde_json::from_str::<Value>(&self.fill(&b.to_string(), actor)).unwrap());
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let method = Method::from_bytes(entry.method.as_bytes()).unwrap();
            let r = api.call(method, entry.path, &refs, query, body.as_ref().map(Body::Json)).await;
            let got = match r.status {
                401 => SignIn,
                403 => Outcome::Forbidden,
                404 => NotFound,
                _ => Allow,
            };
            return (got, format!("{} {}", r.status, r.body["detail"].as_str().unwrap_or("")));
        }
        let mut path = entry.path.to_owned();
        for a in args {
            let (s, t) = (path.find('{').unwrap(), path.find('}').unwrap());
            path.replace_range(s..=t, a);
        }
        let shown = actor.as_deref();
        let fields: Vec<(String, String)> = form(entry.method, entry.path)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), self.fill(v, shown)))
            .collect();
        let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let mut anonymous = self.w.server.client();
        let client = match actor {
            Some(a) => &mut a.page,
            None => &mut anonymous,
        };
        let r = if entry.method == GET { client.get(&path).await } else { client.post(&path, &refs).await };
        let got = match r.status.as_u16() {
            403 => Outcome::Forbidden,
            404 => NotFound,
            401 => SignIn,
            s if (300..400).contains(&s) && r.location().ends_with("/login") => SignIn,
            _ => Allow,
        };
        (got, format!("{} {}", r.status, r.location()))
    }
}

async fn objects(p: &Api, patient: String) -> Objects {
    p.send(
        Method::PUT,
        "/api/v1/profile",
        &[],
        &json!({ "time_zone": "UTC", "morning": "08:00", "evening": "18:00" }),
    )
    .await;
    let screening = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = p.send(Method::POST, "/api/v1/sessions", &[], &json!({ "leg_pain_before": 4 })).await;
    assert_eq!(session.status, 201, "{}", session.text);
    let session = session.body["id"].as_str().unwrap().to_owned();
    let harm = p
        .send(
            Method::POST,
            "/api/v1/sessions/{id}/harm",
            &[&session],
            &json!({ "kind": "pain_worse", "severity": "mild" }),
        )
        .await;
    assert_eq!(harm.status, 201, "{}", harm.text);
    let response =
        p.send(Method::POST, "/api/v1/measures/{measure}", &["nrs"], &json!({ "answers": [4] })).await;
    assert_eq!(response.status, 201, "{}", response.text);
    Objects {
        patient,
        screening,
        session,
        harm: harm.body["id"].as_str().unwrap().to_owned(),
        response: response.body["id"].as_str().unwrap().to_owned(),
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_matrix_says() {
    let w = World::with(|c| c.write_burst = 100_000).await;
    let mut m = Matrix {
        w,
        actors: Vec::new(),
        objects: Default::default(),
        outside: String::new(),
        other: String::new(),
        seq: AtomicUsize::new(0),
    };
    m.w.server.user("signin@example.org", Role::Patient).await;
    let (p, pu) = m.actor("p@example.org", Role::Patient).await;
    let (c1, c1u) = m.actor("c1@example.org", Role::Clinician).await;
    let (c2, c2u) = m.actor("c2@example.org", Role::Clinician).await;
    let (admin, _) = m.actor("admin@example.org", Role::Admin).await;
    let (q, qu) = m.actor("q@example.org", Role::Patient).await;
    let (u, uu) = m.actor("u@example.org", Role::Patient).await;
    let outside = m.w.server.user("outside@example.org", Role::Clinician).await;
    let store = &m.w.server.store;
    let (pp, qp) = (pu.patient_id.clone().unwrap(), qu.patient_id.clone().unwrap());
    store.add_to_care_team(&pp, &c1u.id, None, Timestamp::now()).await.unwrap();
    store.add_to_care_team(&qp, &outside.id, None, Timestamp::now()).await.unwrap();
    m.objects = [
        objects(&p.api, pp).await,
        objects(&q.api, qp).await,
        objects(&u.api, uu.patient_id.clone().unwrap()).await,
    ];
    m.outside = outside.id;
    m.other = c2u.id;
    m.actors = vec![None, Some(p), Some(c1), Some(c2), Some(admin)];

    let table = matrix();
    let routes: BTreeSet<(String, String)> =
        sciatica_web::routes().iter().map(|r| (r.method.as_str().to_owned(), r.path.to_owned())).collect();
    let listed: BTreeSet<(String, String)> =
        table.iter().map(|e| (e.method.to_owned(), e.path.to_owned())).collect();
    assert_eq!(listed.len(), table.len(), "a route has two lines in the matrix");
    let missing: Vec<String> =
        routes.difference(&listed).map(|(m, p)| format!("e({m}, \"{p}\", WHO, &[ARGS]),")).collect();
    assert!(
        missing.is_empty(),
        "routes without a line in the matrix (add them to `matrix()`):\n{}",
        missing.join("\n")
    );
    let stale: Vec<_> = listed.difference(&routes).collect();
    assert!(stale.is_empty(), "lines in the matrix for routes that do not exist: {stale:?}");
    for e in &table {
        let params = e.path.matches('{').count();
        assert_eq!(params, e.args.len(), "{} {}: one Arg per {{…}} of the path", e.method, e.path);
    }

    let mut wrong = Vec::new();
    let mut cells = 0;
    for entry in &table {
        let scopes = if entry.args.iter().any(|a| a.scoped()) { 3 } else { 1 };
        for scope in 0..scopes {
            for (role, name) in ROLES.iter().enumerate() {
                let expected = match entry.who[role] {
                    Allow if scope > 0 => NotFound,
                    o => o,
                };
                let (got, said) = m.run(entry, role, scope).await;
                cells += 1;
                if got != expected {
                    let scope = ["own", "foreign", "unassigned"][scope];
                    wrong.push(format!(
                        "{} {} as {} on the {scope} patient: expected {expected:?}, got {got:?}: {said}",
                        entry.method, entry.path, name
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {cells} cells differ:\n{}", wrong.len(), wrong.join("\n"));
    assert!(cells > 5 * table.len(), "scoped routes ran once per patient");
}
