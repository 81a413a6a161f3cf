//! What every clinical action of the API starts with: the signed-in clinician, the patient of the
//! path's `{id}` they may treat (the policy's `Treat`, audited; anyone else is answered "not
//! found") and the action's JSON body; and the problems every such action may answer with, for
//! the API document.

use crate::AppState;
use crate::api::extract::ApiJson;
use crate::auth::{ApiUser, CurrentUser};
use crate::clinical::{self, Allowed};
use crate::error::{ApiError, AppError};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::response::{IntoResponse, Response};
use sciatica_core::care::Act;
use sciatica_store::clinical::Treatment;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, HashMap};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

/// A clinical action's request, taken apart in the order the checks always ran: the account
/// (401 without one), the path, the body (415, 413 and 422 name what is wrong), then the policy
/// (404 for a patient not in the clinician's care, audited either way).
pub struct Treating<B> {
    user: CurrentUser,
    allowed: Allowed,
    params: HashMap<String, String>,
    /// The request's body.
    pub body: B,
}

impl<B: DeserializeOwned + Send> FromRequest<AppState> for Treating<B> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Treating<B>, Response> {
        let (mut parts, body) = req.into_parts();
        let ApiUser(user) =
            ApiUser::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let id = params.get("id").cloned().ok_or_else(|| ApiError(AppError::NotFound).into_response())?;
        let ApiJson(body) = ApiJson::<B>::from_request(Request::from_parts(parts, body), state).await?;
        let allowed =
            clinical::may_treat(state, &user, &id).await.map_err(|e| ApiError(e).into_response())?;
        Ok(Treating { user, allowed, params, body })
    }
}

impl<B> Treating<B> {
    /// The patient's id.
    pub fn patient_id(&self) -> &str {
        self.allowed.patient_id()
    }

    /// Another parameter of the path (`proposal_id`); empty when the route has none of that name.
    pub fn param(&self, name: &str) -> &str {
        self.params.get(name).map_or("", String::as_str)
    }

    /// Takes the action (the core decides what it changes) and returns what it did.
    pub async fn act(
        &self,
        state: &AppState,
        act: &Act,
        reason: Option<&str>,
    ) -> Result<Treatment, AppError> {
        clinical::treat(state, &self.user, &self.allowed, act, reason).await
    }
}

/// The problems every clinical action with a body may answer with, beside its own success and
/// its 422 (`responses(..., Refusals)` in the API document).
pub struct Refusals;

impl utoipa::IntoResponses for Refusals {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::response::Response>> {
        [
            ("401", "Not signed in"),
            ("404", "Not a patient of your care team"),
            ("413", "The body is over 64 KiB"),
            ("415", "The body is not JSON"),
        ]
        .into_iter()
        .map(|(status, description)| {
            let problem = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            let response =
                ResponseBuilder::new().description(description).content("application/problem+json", problem);
            (status.to_owned(), RefOr::T(response.build()))
        })
        .collect()
    }
}
