//! sciatica-core: the pure domain of sciatica. No I/O, no async, no SQL, no HTTP.
//!
//! Content (causes, exercises, protocols, screening rules, measures) is parsed from text that the
//! caller hands in; everything else is a function of that content and of validated input.

#![forbid(unsafe_code)]

pub mod adherence;
pub mod attention;
pub mod care;
pub mod content;
pub mod error;
pub mod guided;
pub mod harm;
pub mod history;
pub mod ids;
pub mod measures;
pub mod monitoring;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod pain;
pub mod plan;
pub mod policy;
pub mod pose;
pub mod progression;
pub mod record;
pub mod responses;
pub mod schedule;
pub mod status;
pub mod symptoms;
pub mod triage;

pub use content::Content;
pub use error::{FieldError, FieldErrors};
pub use ids::{Action, Cause, Direction, Family, MeasureId, Posture, Side, Slot, Urgency};
pub use pain::Pain;
pub use symptoms::{Level, Response, SymptomClass};
