//! The signed-in account, from the session cookie (pages) or a bearer token (API), with the
//! credential it came with: how recently its holder entered the password, and which session or
//! token to end. Every write by a signed-in account passes its write limit here.

use crate::AppState;
use crate::auth::{address, session, token};
use crate::error::{ApiError, AppError};
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{Method, header};
use jiff::{SignedDuration, Timestamp};
use sciatica_core::policy::{Action, Actor, Decision, Relation, Role, Target, decide};
use sciatica_store::audit::NewEntry;
use sciatica_store::users::User;

/// What a request proved who it is with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// The session cookie of the pages.
    Session {
        /// The session's hash.
        token_hash: String,
        /// When its holder last entered the password.
        authenticated_at: Timestamp,
    },
    /// An API token.
    Token {
        /// The token's hash.
        token_hash: String,
        /// The token's id.
        id: String,
        /// When its holder last entered the password.
        authenticated_at: Timestamp,
    },
}

/// The signed-in account of a page request (cookie only).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub user: User,
    /// What the request came with.
    pub credential: Credential,
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

    /// True when the password was entered within the configured recent-sign-in time.
    pub fn recently_signed_in(&self, state: &AppState) -> bool {
        let at = match &self.credential {
            Credential::Session { authenticated_at, .. } | Credential::Token { authenticated_at, .. } => {
                *authenticated_at
            }
        };
        Timestamp::now() - at <= SignedDuration::from_mins(state.config.recent_sign_in_minutes)
    }

    /// Asks for the password again unless it was entered recently; `next` is where a page
    /// returns once it has been.
    pub fn require_recent(&self, state: &AppState, next: &str) -> Result<(), AppError> {
        if self.recently_signed_in(state) {
            Ok(())
        } else {
            Err(AppError::RecentSignInRequired {
                next: next.to_owned(),
                minutes: state.config.recent_sign_in_minutes,
            })
        }
    }

    /// Notes that the password was just entered again for this request's session or token.
    pub async fn reauthenticated(&self, state: &AppState, at: Timestamp) -> Result<(), AppError> {
        let store = &state.store;
        match &self.credential {
            Credential::Session { token_hash, .. } => store.reauthenticate_session(token_hash, at).await?,
            Credential::Token { token_hash, .. } => store.reauthenticate_token(token_hash, at).await?,
        }
        Ok(())
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

async fn from_cookie(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    let Some(secret) = session::secret(&parts.headers) else { return Ok(None) };
    let token_hash = token::hash(&secret);
    let found = state.store.session_user(&token_hash, Timestamp::now(), |r| state.config.lifetime(r)).await?;
    Ok(found.map(|(user, s)| CurrentUser {
        user,
        credential: Credential::Session { token_hash, authenticated_at: s.authenticated_at },
        address: address::client(parts, &state.config.trusted_proxies),
    }))
}

async fn from_bearer(parts: &Parts, state: &AppState) -> Result<Option<CurrentUser>, AppError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return Ok(None);
    };
    let Some(secret) = value.strip_prefix("Bearer ").map(str::trim) else { return Ok(None) };
    if !token::well_formed(secret) {
        return Ok(None);
    }
    let found = state.store.api_token_user(&token::hash(secret), Timestamp::now()).await?;
    Ok(found.map(|(user, t)| CurrentUser {
        user,
        credential: Credential::Token {
            token_hash: t.token_hash,
            id: t.id,
            authenticated_at: t.authenticated_at,
        },
        address: address::client(parts, &state.config.trusted_proxies),
    }))
}

/// A write (any method but GET, HEAD and OPTIONS) takes one from the account's write limit.
fn count_write(parts: &Parts, state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    if matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    state
        .writes
        .take(&user.user.id, std::time::Instant::now())
        .map_err(|retry_after| AppError::TooMany { retry_after })
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<CurrentUser, AppError> {
        let user = from_cookie(parts, state).await?.ok_or(AppError::SignInRequired)?;
        count_write(parts, state, &user)?;
        Ok(user)
    }
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<CurrentUser>, AppError> {
        let user = from_cookie(parts, state).await?;
        if let Some(u) = &user {
            count_write(parts, state, u)?;
        }
        Ok(user)
    }
}

/// The account of an API request: a bearer token, or the session cookie of the web pages.
#[derive(Debug, Clone)]
pub struct ApiUser(pub CurrentUser);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiUser, ApiError> {
        let user = match from_bearer(parts, state).await? {
            Some(user) => user,
            None => from_cookie(parts, state).await?.ok_or(ApiError(AppError::SignInRequired))?,
        };
        count_write(parts, state, &user)?;
        Ok(ApiUser(user))
    }
}
