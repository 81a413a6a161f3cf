//! The bodies and answers of the clinical-action API (`/api/v1/patients/{id}/...`).

use jiff::Timestamp;
use sciatica_core::Cause;
use sciatica_core::care::Care;
use sciatica_core::record::Record;
use sciatica_store::clinical::{ClinicalAction, Treatment};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A clinical action as the log keeps it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionView {
    /// Id.
    pub id: String,
    /// When.
    #[schema(schema_with = crate::api::schema::instant)]
    pub at: Timestamp,
    /// Who (a user id).
    pub actor_id: Option<String>,
    /// Their email, while the account exists.
    pub actor_email: Option<String>,
    /// `cause`, `clearance`, `acknowledge`, `start_program`, `edit_program`, `phase`, `decide`
    /// or `note`.
    pub kind: String,
    /// What was decided (the members depend on `kind`).
    #[schema(value_type = Object)]
    pub entry: serde_json::Value,
    /// Why: the clinician's reason, or the note.
    pub reason: String,
    /// The programme version the action started, if any.
    pub program_id: Option<String>,
}

impl From<&ClinicalAction> for ActionView {
    fn from(a: &ClinicalAction) -> ActionView {
        ActionView {
            id: a.id.clone(),
            at: a.at,
            actor_id: a.actor_id.clone(),
            actor_email: a.actor_email.clone(),
            kind: a.entry.kind().to_owned(),
            entry: serde_json::to_value(&a.entry).unwrap_or_default(),
            reason: a.reason.clone(),
            program_id: a.program_id.clone(),
        }
    }
}

/// What an action did.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreatmentView {
    /// The action as logged.
    pub action: ActionView,
    /// What to know about it (an exercise outside the protocol, a programme getting short).
    pub warnings: Vec<String>,
}

impl From<&Treatment> for TreatmentView {
    fn from(t: &Treatment) -> TreatmentView {
        TreatmentView { action: (&t.action).into(), warnings: t.warnings.clone() }
    }
}

/// A proposal waiting for a decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingView {
    /// Its id (for `POST /api/v1/patients/{id}/proposals/{proposal_id}`).
    pub id: String,
    /// The proposal (`kind`: `progress_phase`, `regress_phase` or `remove_exercise`) with its
    /// figures.
    #[schema(value_type = Object)]
    pub proposal: serde_json::Value,
}

/// The versioned history of clinical actions and what is in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionsView {
    /// Every action, newest first.
    pub actions: Vec<ActionView>,
    /// The cause a clinician confirmed.
    #[schema(value_type = Option<String>)]
    pub cause: Option<Cause>,
    /// The clearance a clinician recorded.
    pub cleared: Option<bool>,
    /// The latest note for the person.
    pub note: Option<String>,
    /// Proposals waiting for a decision.
    pub proposals_waiting: Vec<WaitingView>,
}

impl ActionsView {
    /// The history and what is in force.
    pub fn of(actions: &[ClinicalAction], record: &Record, waiting: Vec<WaitingView>) -> ActionsView {
        let Care { cause, cleared, note, .. } = &record.care;
        ActionsView {
            actions: actions.iter().map(ActionView::from).collect(),
            cause: *cause,
            cleared: *cleared,
            note: note.as_ref().map(|n| n.text.clone()),
            proposals_waiting: waiting,
        }
    }
}

fn edit_change() -> utoipa::openapi::schema::Object {
    crate::api::schema::strings(&["add", "remove", "dose"])
}

fn decision() -> utoipa::openapi::schema::Object {
    crate::api::schema::strings(&["accept", "edit", "reject"])
}

/// Confirm or change the cause.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CauseBody {
    /// A cause id.
    #[schema(schema_with = crate::api::schema::cause)]
    pub cause: String,
    /// Why (up to 2000 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub reason: Option<String>,
}

/// Record clearance to exercise.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClearanceBody {
    /// The person may exercise.
    pub cleared: bool,
    /// Why (up to 2000 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub reason: Option<String>,
}

/// A note for the person's Today page.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// The text (plain, 1–500 characters).
    #[schema(schema_with = crate::api::schema::text_500)]
    pub note: String,
}

/// An acknowledgement's note: what the clinician found or advised.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementBody {
    /// The text (plain, 1–2000 characters).
    #[schema(schema_with = crate::api::schema::text_2000)]
    pub note: String,
}

/// Start a programme from the cause's protocol.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartBody {
    /// The phase to start at (1 when not given).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3)]
    pub phase: Option<u8>,
    /// Why (up to 2000 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub reason: Option<String>,
}

/// Change the programme's exercises.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditBody {
    /// `add`, `remove` or `dose`.
    #[schema(schema_with = edit_change)]
    pub change: String,
    /// The exercise id (the served document lists them).
    pub exercise: String,
    /// Rounds (1–5).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    pub sets: Option<u32>,
    /// Repetitions per round (1–30).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 30)]
    pub reps: Option<u32>,
    /// Seconds per hold (1–600), for a hold exercise.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 600)]
    pub hold_seconds: Option<u32>,
    /// Why (up to 2000 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub reason: Option<String>,
}

/// Move to a phase.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseBody {
    /// The phase (1 to the programme's phases).
    #[schema(minimum = 1, maximum = 3)]
    pub phase: u8,
    /// Why (up to 2000 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub reason: Option<String>,
}

/// A decision on a proposal.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `accept`, `edit` or `reject`.
    #[schema(schema_with = decision)]
    pub decision: String,
    /// Why (required for `edit` and `reject`; the person sees it; up to 2000 characters).
    #[serde(default)]
    #[schema(schema_with = crate::api::schema::text_2000_or_null)]
    pub reason: Option<String>,
    /// For `edit` of a phase proposal: the phase to move to instead.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 3)]
    pub phase: Option<u8>,
    /// For `edit` of an exercise taken out: keep it at this many rounds.
    #[serde(default)]
    pub sets: Option<u32>,
    /// For `edit` of an exercise taken out: keep it at this many repetitions.
    #[serde(default)]
    pub reps: Option<u32>,
    /// For `edit` of an exercise taken out: keep it with holds this long.
    #[serde(default)]
    pub hold_seconds: Option<u32>,
}
