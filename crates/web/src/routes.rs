//! Every route of the application, once: the pages here, the API in [`crate::api::endpoints`],
//! and the health, metrics and asset routes. The router is built from [`routes`] and nothing
//! else, so the authorisation matrix test (`tests/access_matrix.rs`), which walks the same list,
//! cannot miss a route. Add a route here (or to the API's list), then give it its line in that
//! test's table.

use crate::api::{self, Endpoint, at};
use crate::{AppState, health, pages};
use axum::Router;
use axum::http::Method;

/// One route: its method and path (with `{name}` for a parameter), and its handler.
pub type Route = Endpoint;

/// The HTML pages.
pub fn pages() -> Vec<Route> {
    use Method as M;
    use pages::{account, admin, calendar, data, harm, measures, program, progress, screen, screen_result};
    use pages::{session, session_summary, today};
    vec![
        at(M::GET, "/", account::home),
        at(M::GET, "/login", account::login_page),
        at(M::POST, "/login", account::login),
        at(M::POST, "/logout", account::logout),
        at(M::GET, "/join/{token}", account::join_page),
        at(M::POST, "/join/{token}", account::join),
        at(M::GET, "/signup", account::signup_page),
        at(M::POST, "/signup", account::signup),
        at(M::GET, "/reset/{token}", account::reset_page),
        at(M::POST, "/reset/{token}", account::reset),
        at(M::GET, "/account", account::account_page),
        at(M::POST, "/account/password", account::change_password),
        at(M::GET, "/account/confirm", account::confirm_page),
        at(M::POST, "/account/confirm", account::confirm),
        at(M::POST, "/account/tokens", account::create_token),
        at(M::POST, "/account/tokens/{id}/revoke", account::revoke_token),
        at(M::GET, "/admin", admin::admin_page),
        at(M::POST, "/admin/invite", admin::invite),
        at(M::POST, "/admin/reset", admin::reset),
        at(M::POST, "/admin/signup", admin::signup_setting),
        at(M::GET, "/screen", screen::start),
        at(M::POST, "/screen/assessed", screen::assessed),
        at(M::GET, "/screen/{n}", screen::page),
        at(M::POST, "/screen/{n}", screen::answer),
        at(M::GET, "/screen/result/{id}", screen_result::result),
        at(M::POST, "/screen/result/{id}/understood", screen_result::understood),
        at(M::GET, "/onboarding/times", today::times_page),
        at(M::POST, "/onboarding/times", today::save_times),
        at(M::GET, "/today", today::today),
        at(M::POST, "/assessed", program::assessed),
        at(M::GET, "/program", program::program),
        at(M::POST, "/program", program::change),
        at(M::GET, "/exercises/{id}", program::exercise),
        at(M::GET, "/figures/{file}", program::figure),
        at(M::GET, "/learn", program::learn_index),
        at(M::GET, "/learn/{id}", program::learn_page),
        at(M::GET, "/session", session::show),
        at(M::GET, "/session/summary/{id}", session_summary::summary),
        at(M::GET, "/session/summary/{id}/harm", harm::form),
        at(M::POST, "/session/summary/{id}/harm", harm::submit),
        at(M::GET, "/session/summary/{id}/harm/{report}", harm::result),
        at(M::POST, "/session/{step}", session::answer),
        at(M::GET, "/calendar", calendar::page),
        at(M::POST, "/calendar", calendar::change),
        at(M::GET, "/calendar/{file}", calendar::feed),
        at(M::GET, "/progress", progress::progress),
        at(M::GET, "/measures", measures::list),
        at(M::GET, "/measures/{id}", measures::form),
        at(M::POST, "/measures/{id}", measures::submit),
        at(M::GET, "/measures/{id}/saved/{response}", measures::saved),
        at(M::GET, "/data", data::page),
        at(M::GET, "/data/{file}", data::download),
        at(M::POST, "/data/delete", data::confirm),
        at(M::POST, "/data/delete/confirm", data::delete),
        // Audit and administration: who looked at a patient's record, and the admin's pages.
        at(M::GET, "/account/access", account::access_page),
        // The clinician workspace: panel, record, report, monitoring, clinician time; and the
        // patient's side of the care team.
        at(M::GET, "/clinic", pages::clinic::panel),
        at(M::GET, "/clinic/patients/{id}", pages::clinic::patient),
        at(M::POST, "/clinic/patients/{id}/time", pages::clinic::record_time),
        at(M::GET, "/clinic/patients/{id}/report", pages::clinic_report::report),
        at(M::GET, "/clinic/patients/{id}/monitoring", pages::clinic_report::monitoring),
        // Clinical actions on a patient of the care team (each form a GET and its POST).
        at(M::GET, "/clinic/patients/{id}/actions", pages::clinical::index),
        at(M::GET, "/clinic/patients/{id}/cause", pages::clinical::forms::cause_page),
        at(M::POST, "/clinic/patients/{id}/cause", pages::clinical::forms::cause),
        at(M::GET, "/clinic/patients/{id}/clearance", pages::clinical::forms::clearance_page),
        at(M::POST, "/clinic/patients/{id}/clearance", pages::clinical::forms::clearance),
        at(M::GET, "/clinic/patients/{id}/acknowledge", pages::clinical::forms::acknowledge_page),
        at(M::POST, "/clinic/patients/{id}/acknowledge", pages::clinical::forms::acknowledge),
        at(M::GET, "/clinic/patients/{id}/program", pages::clinical::forms::program_page),
        at(M::POST, "/clinic/patients/{id}/program", pages::clinical::forms::program),
        at(M::GET, "/clinic/patients/{id}/program/exercises", pages::clinical::exercises::show),
        at(M::POST, "/clinic/patients/{id}/program/exercises", pages::clinical::exercises::submit),
        at(M::GET, "/clinic/patients/{id}/phase", pages::clinical::forms::phase_page),
        at(M::POST, "/clinic/patients/{id}/phase", pages::clinical::forms::phase),
        at(M::GET, "/clinic/patients/{id}/proposals/{proposal_id}", pages::clinical::proposals::show),
        at(M::POST, "/clinic/patients/{id}/proposals/{proposal_id}", pages::clinical::proposals::submit),
        at(M::GET, "/clinic/patients/{id}/note", pages::clinical::forms::note_page),
        at(M::POST, "/clinic/patients/{id}/note", pages::clinical::forms::note),
        at(M::POST, "/account/clinicians/{id}/end", pages::clinicians::confirm),
        at(M::POST, "/account/clinicians/{id}/end/confirm", pages::clinicians::end),
        at(M::GET, "/admin/accounts", admin::accounts::list),
        at(M::POST, "/admin/accounts/{id}/role", admin::accounts::role),
        at(M::POST, "/admin/accounts/{id}/active", admin::accounts::active),
        at(M::POST, "/admin/accounts/{id}/reset", admin::accounts::reset_link),
        at(M::POST, "/admin/accounts/{id}/transfer", admin::accounts::transfer),
        at(M::GET, "/admin/invitations", admin::invitations::list),
        at(M::POST, "/admin/invitations/{id}/revoke", admin::invitations::revoke),
        at(M::POST, "/admin/invitations/{id}/resend", admin::invitations::resend),
        at(M::GET, "/admin/audit", admin::audit::page),
        at(M::GET, "/admin/settings", admin::settings::page),
        at(M::POST, "/admin/settings", admin::settings::save),
    ]
}

/// Health, readiness, metrics and the static assets.
pub fn service() -> Vec<Route> {
    use Method as M;
    vec![
        at(M::GET, "/healthz", health::healthz),
        at(M::GET, "/readyz", health::readyz),
        at(M::GET, "/metrics", health::metrics),
        at(M::GET, "/static/{file}", crate::assets::file),
    ]
}

/// Every route: the pages, the API and the service routes.
pub fn routes() -> Vec<Route> {
    pages().into_iter().chain(api::endpoints()).chain(service()).collect()
}

/// The router of [`routes`] (without middleware or fallbacks).
pub(crate) fn router() -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |r, e| r.route(e.path, e.router))
}
