//! The stable identifiers of DESIGN §4: causes, families, urgency, actions, directions.
//!
//! Each enum serialises as its contract spelling and parses from it with an error that lists
//! what is allowed.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An identifier string that is not one of the allowed values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{got}` is not a known {what}; allowed: {allowed}")]
pub struct UnknownId {
    /// What kind of identifier was expected ("cause", "urgency", ...).
    pub what: &'static str,
    /// The rejected text.
    pub got: String,
    /// The allowed spellings, comma-separated.
    pub allowed: String,
}

macro_rules! id_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in contract order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The contract spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The allowed spellings, comma-separated (for error messages).
            pub fn allowed() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownId;
            fn from_str(s: &str) -> Result<Self, UnknownId> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownId { what: $what, got: s.to_owned(), allowed: Self::allowed() }),
                }
            }
        }
    };
}

pub(crate) use id_enum;

id_enum! {
    /// The cause of a person's sciatica, as confirmed by a clinician (REFERENCE §1).
    Cause, "cause", {
        /// Lumbar disc herniation with radiculopathy.
        DiscHerniation => "disc_herniation",
        /// Lumbar spinal stenosis.
        SpinalStenosis => "spinal_stenosis",
        /// Degenerative disc disease.
        DegenerativeDisc => "degenerative_disc",
        /// Isthmic spondylolisthesis.
        IsthmicSpondylolisthesis => "isthmic_spondylolisthesis",
        /// Piriformis syndrome.
        Piriformis => "piriformis",
        /// Sacroiliac joint dysfunction.
        SiJoint => "si_joint",
        /// No clinician has confirmed a cause yet.
        Undiagnosed => "undiagnosed",
    }
}

id_enum! {
    /// A programme family (REFERENCE §3).
    Family, "program family", {
        /// Disc herniation: extension progression.
        ExtensionBias => "extension_bias",
        /// Spinal stenosis: flexion.
        FlexionBias => "flexion_bias",
        /// Degenerative disc disease: neutral-spine stabilisation.
        Stabilization => "stabilization",
        /// Isthmic spondylolisthesis: flexion plus stabilisation.
        FlexionStabilization => "flexion_stabilization",
        /// Piriformis syndrome: hip-focused.
        HipPiriformis => "hip_piriformis",
        /// SI joint: lumbopelvic stabilisation.
        SiStabilization => "si_stabilization",
        /// The cautious programme for an undiagnosed cause or before clearance.
        GeneralGentle => "general_gentle",
    }
}

id_enum! {
    /// How soon a person needs care; declared from least to most urgent so that `max` picks the
    /// most urgent.
    Urgency, "urgency", {
        /// Continue; keep the safety-net card visible.
        SelfManage => "self_manage",
        /// Book a clinician visit within days.
        SeeClinicianSoon => "see_clinician_soon",
        /// Contact a doctor or urgent-care service today.
        SameDay => "same_day",
        /// Call emergency services / go to the emergency department now.
        EmergencyNow => "emergency_now",
    }
}

id_enum! {
    /// What a triage result does to the programme; declared from least to most restrictive so that
    /// `max` picks the most restrictive.
    Action, "program action", {
        /// The cause programme continues as planned.
        Continue => "continue",
        /// The cause programme continues one step back.
        Regress => "regress",
        /// Only the `general_gentle` programme.
        GeneralGentle => "general_gentle",
        /// The structured programme pauses; daily activity and easy walking only.
        Hold => "hold",
        /// No exercise programme at all; get medical care first.
        NoneHold => "none_hold",
    }
}

id_enum! {
    /// The main direction of movement of an exercise (REFERENCE §2.3).
    Direction, "exercise direction", {
        /// Bending backward.
        Extension => "extension",
        /// Bending forward.
        Flexion => "flexion",
        /// The spine held in its resting curve.
        Neutral => "neutral",
        /// Sideways correction.
        Lateral => "lateral",
        /// Hip-focused.
        Hip => "hip",
        /// Aerobic activity.
        Aerobic => "aerobic",
        /// Nerve-gliding movement.
        NerveGlide => "nerve_glide",
    }
}

id_enum! {
    /// Where the body is during an exercise, which decides the order of a session: a person who
    /// is down on the floor does every floor exercise before getting up.
    Posture, "posture", {
        /// Lying, kneeling or on hands and knees.
        Floor => "floor",
        /// Sitting on a chair or a bike.
        Seated => "seated",
        /// Standing or walking.
        Standing => "standing",
    }
}

id_enum! {
    /// The outcome measures of REFERENCE §6.
    MeasureId, "measure", {
        /// Oswestry Disability Index 2.1a.
        Odi => "odi",
        /// Roland-Morris Disability Questionnaire, 24 items.
        Rmdq => "rmdq",
        /// Sciatica Bothersomeness Index.
        Sbi => "sbi",
        /// Sciatica Frequency Index.
        Sfi => "sfi",
        /// Pain numeric rating scale.
        Nrs => "nrs",
        /// Keele STarT Back Screening Tool.
        Startback => "startback",
        /// Patient-Specific Functional Scale.
        Psfs => "psfs",
        /// PEG: pain, enjoyment of life, general activity.
        Peg => "peg",
        /// The weekly global change question.
        GlobalChange => "global_change",
    }
}

id_enum! {
    /// A session slot in the person's day.
    Slot, "session slot", {
        /// The morning session.
        Morning => "morning",
        /// The evening session.
        Evening => "evening",
        /// A session outside the two planned slots.
        Extra => "extra",
    }
}

id_enum! {
    /// A leg.
    Side, "side", {
        /// The left leg.
        Left => "left",
        /// The right leg.
        Right => "right",
    }
}

impl Cause {
    /// The family of the cause's own protocol (REFERENCE §3).
    pub const fn family(self) -> Family {
        match self {
            Cause::DiscHerniation => Family::ExtensionBias,
            Cause::SpinalStenosis => Family::FlexionBias,
            Cause::DegenerativeDisc => Family::Stabilization,
            Cause::IsthmicSpondylolisthesis => Family::FlexionStabilization,
            Cause::Piriformis => Family::HipPiriformis,
            Cause::SiJoint => Family::SiStabilization,
            Cause::Undiagnosed => Family::GeneralGentle,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urgency_order_matches_the_contract() {
        assert!(Urgency::EmergencyNow > Urgency::SameDay);
        assert!(Urgency::SameDay > Urgency::SeeClinicianSoon);
        assert!(Urgency::SeeClinicianSoon > Urgency::SelfManage);
    }

    #[test]
    fn action_order_matches_the_contract() {
        let mut sorted = Action::ALL.to_vec();
        sorted.sort();
        assert_eq!(
            sorted.iter().rev().map(|a| a.as_str()).collect::<Vec<_>>(),
            ["none_hold", "hold", "general_gentle", "regress", "continue"]
        );
    }

    #[test]
    fn round_trips_and_rejects_unknown() {
        for c in Cause::ALL {
            assert_eq!(c.as_str().parse::<Cause>().unwrap(), *c);
            assert_eq!(serde_json::to_string(c).unwrap(), format!("\"{c}\""));
        }
        let err = "disc".parse::<Cause>().unwrap_err();
        assert!(err.to_string().contains("disc_herniation"), "{err}");
        assert!(err.to_string().contains("`disc`"), "{err}");
    }
}
