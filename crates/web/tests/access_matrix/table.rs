//! The matrix itself, one line per route of the route table (see the head of `access_matrix.rs`
//! for how to add one), and the bodies the routes that take one are sent.

use super::*;

/// Every route, once: one line each (see the module documentation).
pub(super) fn matrix() -> Vec<Entry> {
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
pub(super) fn form(method: &str, path: &str) -> Vec<(&'static str, &'static str)> {
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
pub(super) fn json(method: &str, path: &str) -> (Option<Value>, &'static str) {
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
