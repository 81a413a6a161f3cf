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
#[path = "access_matrix/table.rs"]
mod table;

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
use table::{form, json, matrix};

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
