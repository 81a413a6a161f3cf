//! What every patient page needs: the signed-in patient's own record, checked by the policy.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use jiff::Timestamp;
use sciatica_core::policy::{Action, Target};
use sciatica_store::person::Person;

/// Loads the signed-in patient's record for an action (read or write). Anyone else's record, or
/// an account without one, is "not found".
pub async fn person(state: &AppState, user: &CurrentUser, action: Action) -> Result<Person, AppError> {
    let patient_id = own_record(state, user, action).await?;
    user.authorize(state, action, Target::Patient(&patient_id)).await?;
    Ok(Person::load_id(&state.store, &patient_id, Timestamp::now()).await?)
}

/// The signed-in patient's record id, checked by the policy for an action.
pub async fn patient_id(state: &AppState, user: &CurrentUser, action: Action) -> Result<String, AppError> {
    let patient_id = own_record(state, user, action).await?;
    user.authorize(state, action, Target::Patient(&patient_id)).await?;
    Ok(patient_id)
}

/// The account's own record id; an account without one (staff) is refused, and the attempt is
/// written to the audit log.
async fn own_record(state: &AppState, user: &CurrentUser, action: Action) -> Result<String, AppError> {
    if let Some(id) = &user.user.patient_id {
        Ok(id.clone())
    } else {
        state
            .store
            .append_audit(&user.entry(&format!("{action:?}.denied"), None, "no patient record"))
            .await?;
        Err(AppError::NotFound)
    }
}
