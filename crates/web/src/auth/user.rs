//! The signed-in account, from the session cookie (pages) or a bearer token (API).

use crate::AppState;
use crate::auth::{address, session, token};
use crate::error::{ApiError, AppError};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::header;
use axum::http::request::Parts;
use jiff::Timestamp;
use sciatica_core::policy::{Action, Actor, Decision, Relation, Role, Target, decide};
use sciatica_store::audit::NewEntry;
use sciatica_store::users::User;

/// The signed-in account of a page request (cookie only).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: User,
    /// The network address the request came from (written to the audit log).
    pub address: Option<String>,
}

impl CurrentUser {
    /// The account as the policy sees it.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user.id.clone(),
            role: self.user.role,
            patient_id: self.user.patient_id.clone(),
        }
    }

    /// Checks the policy; another person's record answers "not found" (never "forbidden"), and an
    /// access by staff is written to the audit log first (the request fails if it cannot be). A
    /// clinician's standing to a patient comes from the care team.
    pub async fn authorize(
        &self,
        state: &AppState,
        action: Action,
        target: Target<'_>,
    ) -> Result<(), AppError> {
        if self.permit(state, action, target).await? {
            let patient = match target {
                Target::Patient(p) => Some(p),
                Target::Instance => None,
            };
            state.store.append_audit(&self.entry(&format!("{action:?}"), patient, "")).await?;
        }
        Ok(())
    }

    /// Checks the policy like [`CurrentUser::authorize`] (a denial is audited and answers "not
    /// found") but leaves the audit entry of an allowed action to the caller, who writes it with
    /// the change it describes, in the same transaction. Returns whether the policy wants the
    /// action audited.
    pub async fn permit(
        &self,
        state: &AppState,
        action: Action,
        target: Target<'_>,
    ) -> Result<bool, AppError> {
        let actor = self.actor();
        let patient = match target {
            Target::Patient(p) => Some(p),
            Target::Instance => None,
        };
        let relation = match patient {
            Some(p) if actor.role == Role::Clinician => {
                state.store.relation(&actor.user_id, actor.role, p).await?
            }
            _ => Relation::None,
        };
        match decide(&actor, action, target, relation) {
            Decision::Allow { audit } => Ok(audit),
            Decision::Deny => {
                if actor.role != Role::Patient || patient != actor.patient_id.as_deref() {
                    let _ = state
                        .store
                        .append_audit(&self.entry(&format!("{action:?}.denied"), patient, ""))
                        .await;
                }
                Err(AppError::NotFound)
            }
        }
    }

    /// An audit entry of this account's doing, now, from the request's address.
    pub fn entry(&self, action: &str, patient: Option<&str>, detail: &str) -> NewEntry {
        NewEntry {
            actor_id: Some(self.user.id.clone()),
            actor_role: Some(self.user.role),
            action: action.to_owned(),
            patient_id: patient.map(str::to_owned),
            detail: detail.to_owned(),
            address: self.address.clone(),
            at: Timestamp::now(),
        }
    }

    /// The patient record this account owns, or "not found".
    pub fn patient_id(&self) -> Result<&str, AppError> {
        self.user.patient_id.as_deref().ok_or(AppError::NotFound)
    }
}

async fn from_cookie(parts: &Parts, state: &AppState) -> Result<Option<User>, AppError> {
    let Some(secret) = session::secret(&parts.headers) else { return Ok(None) };
    let idle = state.config.idle_minutes * 60_000;
    Ok(state.store.session_user(&token::hash(&secret), Timestamp::now(), idle).await?.map(|(u, _)| u))
}

async fn from_bearer(parts: &Parts, state: &AppState) -> Result<Option<User>, AppError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(secret) = value.strip_prefix("Bearer ").map(str::trim) else { return Ok(None) };
    if !token::well_formed(secret) {
        return Ok(None);
    }
    Ok(state.store.api_token_user(&token::hash(secret), Timestamp::now()).await?)
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<CurrentUser, AppError> {
        let address = address::client(parts);
        from_cookie(parts, state)
            .await?
            .map(|user| CurrentUser { user, address })
            .ok_or(AppError::SignInRequired)
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<CurrentUser>, AppError> {
        let address = address::client(parts);
        Ok(from_cookie(parts, state).await?.map(|user| CurrentUser { user, address }))
    }
}

/// The account of an API request: a bearer token, or the session cookie of the web pages.
#[derive(Debug, Clone)]
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiUser, ApiError> {
        let address = address::client(parts);
        if let Some(user) = from_bearer(parts, state).await? {
            return Ok(ApiUser(CurrentUser { user, address }));
        }
        match from_cookie(parts, state).await? {
            Some(user) => Ok(ApiUser(CurrentUser { user, address })),
            None => Err(ApiError(AppError::SignInRequired)),
        }
    }
}
