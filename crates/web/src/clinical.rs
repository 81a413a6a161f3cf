//! What the clinical-action pages and API share: parsing a clinician's input into the core's
//! [`Act`] (errors name the field), and taking the action (the policy's `Treat`, audited; another
//! clinician's patient answers "not found"). The core decides what an action changes.

use crate::AppState;
use crate::api::extract::free_text;
use crate::auth::CurrentUser;
use crate::error::AppError;
use jiff::Timestamp;
use sciatica_core::Cause;
use sciatica_core::care::{Act, Dose, Edit, NOTE_MAX, REASON_MAX, Verdict};
use sciatica_core::policy::{Action, Target};
use sciatica_store::clinical::Treatment;
use sciatica_store::person::Person;

/// Proof that the signed-in clinician may treat a patient (made only by [`may_treat`]).
#[derive(Debug, Clone)]
pub struct Allowed(String);

impl Allowed {
    /// The patient's id.
    pub fn patient_id(&self) -> &str {
        &self.0
    }
}

/// Checks that the signed-in clinician may treat the patient (the policy's `Treat`, audited);
/// anyone else is answered "not found".
pub async fn may_treat(state: &AppState, user: &CurrentUser, patient_id: &str) -> Result<Allowed, AppError> {
    user.authorize(state, Action::Treat, Target::Patient(patient_id)).await?;
    Ok(Allowed(patient_id.to_owned()))
}

/// The patient's record for a clinician who may treat them.
pub async fn patient(state: &AppState, allowed: &Allowed) -> Result<Person, AppError> {
    Ok(Person::load_id(&state.store, allowed.patient_id(), Timestamp::now()).await?)
}

/// Takes a clinical action and returns what it did.
pub async fn treat(
    state: &AppState,
    user: &CurrentUser,
    allowed: &Allowed,
    act: &Act,
    reason: Option<&str>,
) -> Result<Treatment, AppError> {
    let actor = (user.user.id.as_str(), user.user.role);
    Ok(state.store.treat(state.content, allowed.patient_id(), actor, act, reason, Timestamp::now()).await?)
}

/// A reason: optional free text of up to 2000 characters.
pub fn reason(text: Option<&str>) -> Result<Option<String>, AppError> {
    text.map_or(Ok(None), |t| free_text("reason", t, REASON_MAX))
}

/// A note: free text of up to 500 characters (required by the core where it is).
pub fn note(text: &str) -> Result<Option<String>, AppError> {
    free_text("note", text, NOTE_MAX)
}

/// A cause id.
pub fn cause(text: &str) -> Result<Cause, AppError> {
    text.trim().parse().map_err(|_| {
        AppError::invalid("cause", format!("`{}` is not a cause; allowed: {}", text.trim(), Cause::allowed()))
    })
}

/// A yes/no answer (`true`/`false` from JSON, `yes`/`no` from a form).
pub fn yes_no(field: &str, text: &str) -> Result<bool, AppError> {
    match text {
        "yes" | "true" => Ok(true),
        "no" | "false" => Ok(false),
        _ => Err(AppError::invalid(field, "choose yes or no")),
    }
}

/// A phase number from a form (1 to 3).
pub fn phase(text: &str) -> Result<u8, AppError> {
    text.trim()
        .parse::<u8>()
        .ok()
        .filter(|n| (1..=3).contains(n))
        .ok_or_else(|| AppError::invalid("phase", "choose a phase; allowed: 1 to 3"))
}

/// An optional whole number from a form field (empty when not changed).
pub fn number(field: &str, text: &str, allowed: &str) -> Result<Option<u32>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| AppError::invalid(field, format!("`{t}` is not a whole number; allowed: {allowed}")))
}

/// A dose from the optional parts.
pub fn dose(sets: Option<u32>, reps: Option<u32>, hold_seconds: Option<u32>) -> Dose {
    Dose { sets, reps, hold_seconds }
}

/// A change to the programme's exercises (`add`, `remove` or `dose`).
pub fn edit(change: &str, exercise: &str, dose: Dose) -> Result<Edit, AppError> {
    let exercise = exercise.trim().to_owned();
    if exercise.is_empty() {
        return Err(AppError::invalid("exercise", "is required: choose an exercise"));
    }
    match change {
        "add" => Ok(Edit::Add { exercise, dose }),
        "remove" if dose.is_empty() => Ok(Edit::Remove { exercise }),
        "remove" => Err(AppError::invalid("sets", "is not used when taking an exercise out")),
        "dose" => Ok(Edit::Dose { exercise, dose }),
        other => {
            Err(AppError::invalid("change", format!("`{other}` is not a change; allowed: add, remove, dose")))
        }
    }
}

/// A decision on a proposal (`accept`, `edit` or `reject`).
pub fn verdict(text: &str) -> Result<Verdict, AppError> {
    match text {
        "accept" => Ok(Verdict::Accept),
        "edit" => Ok(Verdict::Edit),
        "reject" => Ok(Verdict::Reject),
        other => Err(AppError::invalid(
            "decision",
            format!("`{other}` is not a decision; allowed: accept, edit, reject"),
        )),
    }
}
