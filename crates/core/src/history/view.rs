//! A logged session as the API answers it and the export writes it: the session itself with
//! each leg's levels named for the person (before, after, later) and the classes worked out.

use super::{ExerciseDone, Session, SideLevels};
use crate::ids::Slot;
use crate::pain::Pain;
use crate::symptoms::{Level, SymptomClass};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

/// One leg's levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LegView {
    /// Before the session (0 none … 6 toes).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::level_or_null))]
    pub before: Option<Level>,
    /// Right after.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::level_or_null))]
    pub after: Option<Level>,
    /// At the next check.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::level_or_null))]
    pub later: Option<Level>,
    /// How this leg responded.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::class_or_null))]
    pub class: Option<SymptomClass>,
}

impl From<&SideLevels> for LegView {
    fn from(s: &SideLevels) -> LegView {
        LegView { before: s.pre, after: s.post, later: s.late, class: s.class() }
    }
}

/// A logged session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// Id.
    pub id: String,
    /// The programme followed.
    pub program_id: Option<String>,
    /// The slot.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::slot))]
    pub slot: Slot,
    /// The person's local date.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::date))]
    pub local_date: Date,
    /// Start.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::instant))]
    pub started_at: Timestamp,
    /// End.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::instant))]
    pub ended_at: Timestamp,
    /// Leg pain before (0–10).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::pain_or_null))]
    pub leg_pain_before: Option<Pain>,
    /// Leg pain after.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::pain_or_null))]
    pub leg_pain_after: Option<Pain>,
    /// Back pain before.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::pain_or_null))]
    pub back_pain_before: Option<Pain>,
    /// Back pain after.
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::pain_or_null))]
    pub back_pain_after: Option<Pain>,
    /// The left leg.
    pub left: LegView,
    /// The right leg.
    pub right: LegView,
    /// How the symptoms responded (the worse leg).
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::openapi::class_or_null))]
    pub class: Option<SymptomClass>,
    /// Minutes of walking before leg symptoms start.
    pub walking_minutes: Option<u32>,
    /// Minutes of sitting tolerated.
    pub sitting_minutes: Option<u32>,
    /// The pain was more than the person could cope with.
    pub cannot_cope: bool,
    /// Stopped by a stop rule.
    pub stopped: bool,
    /// An easier version was in force.
    pub regression_applied: bool,
    /// Notes.
    pub notes: Option<String>,
    /// The exercises, in order, as they were really done.
    pub exercises: Vec<ExerciseDone>,
}

impl From<&Session> for SessionView {
    fn from(s: &Session) -> SessionView {
        SessionView {
            id: s.id.clone(),
            program_id: s.program_id.clone(),
            slot: s.slot,
            local_date: s.date,
            started_at: s.started_at,
            ended_at: s.ended_at,
            leg_pain_before: s.leg_pain_before,
            leg_pain_after: s.leg_pain_after,
            back_pain_before: s.back_pain_before,
            back_pain_after: s.back_pain_after,
            left: LegView::from(&s.left),
            right: LegView::from(&s.right),
            class: s.class(),
            walking_minutes: s.walking_minutes,
            sitting_minutes: s.sitting_minutes,
            cannot_cope: s.cannot_cope,
            stopped: s.stopped,
            regression_applied: s.regression_applied,
            notes: s.notes.clone(),
            exercises: s.exercises.clone(),
        }
    }
}
