//! Programme planning (DESIGN §3, REFERENCE §3): cause + phase → a short list of exercises with
//! their dose. `undiagnosed` or not cleared → the `general_gentle` programme.

use crate::content::Content;
use crate::content::exercise::{Dosage, Status};
use crate::error::FieldError;
use crate::ids::{Action, Cause, Direction, Family};
use crate::progression::StopReason;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

mod order;
pub use order::in_session_order;

/// At most this many exercises in a plan (DESIGN §3: 2–5, not a kitchen sink).
pub const MAX_EXERCISES: usize = 5;

/// What the planner needs to know about the person.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The clinician-confirmed cause (`undiagnosed` when none).
    pub cause: Option<Cause>,
    /// The phase, 1-based.
    pub phase: u8,
    /// A clinician cleared the person to exercise.
    pub cleared: bool,
    /// Ladder steps whose prerequisite the person has tolerated (from the progression engine).
    pub unlocked: BTreeSet<String>,
    /// Symptom-response trials the person has chosen to do.
    pub trials: BTreeSet<String>,
    /// Exercises taken out of the plan (two "moved further down" answers in 7 days).
    pub removed: BTreeSet<String>,
    /// Exercises to do in their easier version for now, with why and until when.
    pub regressed: BTreeMap<String, Easier>,
    /// A clinician's changes to the protocol's exercises: followed only while the plan is of the
    /// programme they were made for (not on the gentle programme a screen falls back to).
    pub edits: Option<crate::care::Edits>,
}

/// Why an exercise is done in its easier version, until when, and what the easier version is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Easier {
    /// What happened.
    pub reason: StopReason,
    /// The last day of the easier version.
    pub until: Date,
    /// What to change, in the content's words (empty until planned).
    pub text: String,
}

/// A planned exercise with its dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Planned {
    /// Exercise slug.
    pub id: String,
    /// Plain name.
    pub name: String,
    /// Clinical name.
    pub clinical_name: String,
    /// Main direction of movement.
    pub direction: Direction,
    /// Rounds.
    pub sets: u32,
    /// Repetitions (or holds) per round.
    pub reps: u32,
    /// Seconds per hold, for a hold exercise.
    pub hold_seconds: Option<u32>,
    /// Minutes, for time-based activity.
    pub minutes: Option<u32>,
    /// The dose is done on each side.
    pub per_side: bool,
    /// Times a day.
    pub times_per_day: u32,
    /// A logged symptom-response trial.
    pub trial: bool,
    /// Done in its easier version (a regression is in force).
    pub regressed: bool,
    /// Why, until when and how it is easier, while a regression is in force (on the easier
    /// exercise too when one replaces another).
    pub easier: Option<Easier>,
    /// The exercise this one replaces for now, when it is a regression of another.
    pub replaces: Option<String>,
    /// A note for this phase.
    pub note: Option<String>,
}

impl Planned {
    /// The dose as a [`Dosage`].
    pub fn dosage(&self) -> Dosage {
        Dosage {
            sets: self.sets,
            reps: self.reps,
            hold_seconds: self.hold_seconds,
            minutes: self.minutes,
            per_side: self.per_side,
            times_per_day: self.times_per_day,
        }
    }
}

/// A plan (the contract JSON of `sciatica plan`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The person's cause.
    pub cause: Cause,
    /// The family of the programme actually planned.
    pub family: Family,
    /// The phase of that programme.
    pub phase: u8,
    /// Planned sessions a day.
    pub sessions_per_day: u8,
    /// The exercises, in order.
    pub exercises: Vec<Planned>,
}

/// Plans a programme. Errors name the field (`phase`) and what is allowed.
pub fn plan(content: &Content, req: &Request) -> Result<Plan, FieldError> {
    let cause = req.cause.unwrap_or(Cause::Undiagnosed);
    let protocol_cause = if cause == Cause::Undiagnosed || !req.cleared { Cause::Undiagnosed } else { cause };
    let protocol = content.protocol(protocol_cause);
    let phases = protocol.phases.len();
    let phase = protocol.phase(req.phase).ok_or_else(|| {
        let allowed = if phases == 1 { "1".to_owned() } else { format!("1 to {phases}") };
        FieldError::new(
            "phase",
            format!("{} is not a phase of the {} programme; allowed: {allowed}", req.phase, protocol.family),
        )
    })?;
    let edits = req.edits.as_ref().filter(|e| e.protocol == Some(protocol_cause));
    // What the log took out stays out, unless a clinician kept it.
    let removed = |id: &str| req.removed.contains(id) && !edits.is_some_and(|e| e.kept.contains(id));
    let added: Vec<&crate::content::exercise::Exercise> = edits
        .map(|e| {
            e.added
                .iter()
                .filter_map(|id| content.exercise(id))
                .filter(|ex| {
                    !removed(&ex.id) && !matches!(ex.status(protocol_cause, phase.number), Status::Avoid)
                })
                .collect()
        })
        .unwrap_or_default();
    let room = MAX_EXERCISES.saturating_sub(added.len());
    let taken_out = |id: &str| edits.is_some_and(|e| e.removed.contains(id));
    let mut exercises: Vec<Planned> = Vec::new();
    for pe in &phase.exercises {
        if exercises.len() >= room {
            break;
        }
        if removed(&pe.id)
            || taken_out(&pe.id)
            || added.iter().any(|a| a.id == pe.id)
            || (pe.trial && !req.trials.contains(&pe.id))
            || pe.after.as_ref().is_some_and(|_| !req.unlocked.contains(&pe.id))
        {
            continue;
        }
        let Some(ex) = content.exercise(&pe.id) else { continue };
        let safe = |id: &str, trial_ok: bool| {
            content.exercise(id).is_some_and(|e| {
                !e.clinician_only
                    && match e.status(protocol_cause, phase.number) {
                        Status::Core | Status::Optional => true,
                        Status::Trial => trial_ok,
                        _ => false,
                    }
            })
        };
        if !safe(&ex.id, pe.trial) {
            continue;
        }
        let dosage = ex.dosage.with(&pe.dosage);
        let easier =
            req.regressed.get(&pe.id).map(|e| Easier { text: ex.regression.text.clone(), ..e.clone() });
        let regressed = easier.is_some();
        // A regression to another exercise replaces this one while it is in force, when that
        // exercise is itself safe for the cause and phase and not already planned.
        let target = ex.regression.to.as_deref().filter(|to| {
            regressed
                && safe(to, req.trials.contains(*to))
                && !removed(to)
                && !exercises.iter().any(|p| p.id == *to)
        });
        // Without another exercise to go to, the easier version is the content's smaller dose
        // when it gives one, and its words in the note (REFERENCE §2.3 regressions, §3 "go back
        // one step for that exercise for 3 days").
        let planned = match target.and_then(|to| content.exercise(to)) {
            Some(to) => Planned::from(to, to.dosage, pe.trial, easier, Some(ex.id.clone()), None),
            None if regressed => {
                let d = ex.regression.dosage.as_ref().map_or(dosage, |o| dosage.with(o));
                Planned::from(ex, d, pe.trial, easier, None, pe.note.clone())
            }
            None => Planned::from(ex, dosage, pe.trial, None, None, pe.note.clone()),
        };
        if !exercises.iter().any(|p| p.id == planned.id) {
            exercises.push(planned);
        }
    }
    for ex in added {
        if exercises.iter().any(|p| p.id == ex.id) {
            continue;
        }
        let in_phase = phase.exercises.iter().find(|pe| pe.id == ex.id);
        let dosage = in_phase.map_or(ex.dosage, |pe| ex.dosage.with(&pe.dosage));
        let note = in_phase.and_then(|pe| pe.note.clone());
        exercises.push(Planned::from(ex, dosage, false, None, None, note));
    }
    if let Some(e) = edits {
        for p in exercises.iter_mut().filter(|p| !p.regressed && p.replaces.is_none()) {
            if let Some(d) = e.doses.get(&p.id) {
                p.sets = d.sets.unwrap_or(p.sets);
                p.reps = d.reps.unwrap_or(p.reps);
                p.hold_seconds = d.hold_seconds.or(p.hold_seconds);
            }
        }
    }
    in_session_order(content, &mut exercises);
    Ok(Plan {
        cause,
        family: protocol.family,
        phase: phase.number,
        sessions_per_day: phase.sessions_per_day,
        exercises,
    })
}

impl Planned {
    fn from(
        ex: &crate::content::exercise::Exercise,
        d: Dosage,
        trial: bool,
        easier: Option<Easier>,
        replaces: Option<String>,
        note: Option<String>,
    ) -> Planned {
        Planned {
            id: ex.id.clone(),
            name: ex.plain_name.clone(),
            clinical_name: ex.name.clone(),
            direction: ex.direction,
            sets: d.sets,
            reps: d.reps,
            hold_seconds: d.hold_seconds,
            minutes: d.minutes,
            per_side: d.per_side,
            times_per_day: d.times_per_day,
            trial,
            regressed: easier.is_some() && replaces.is_none(),
            easier,
            replaces,
            note,
        }
    }
}

/// The programme may not be shown: the triage action is `none_hold` or `hold`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no exercise programme while the triage action is `{0}`")]
pub struct Blocked(pub Action);

impl Request {
    /// Applies the person's current triage action (REFERENCE §4.1): `none_hold` and `hold` block
    /// the programme; `general_gentle` plans the cautious programme; `regress` with no exercise
    /// identified returns to the phase-1 set of the cause; `continue` changes nothing.
    pub fn apply_action(&mut self, action: Action) -> Result<(), Blocked> {
        match action {
            Action::NoneHold | Action::Hold => return Err(Blocked(action)),
            Action::GeneralGentle => self.cleared = false,
            Action::Regress if self.regressed.is_empty() => self.phase = 1,
            Action::Regress | Action::Continue => {}
        }
        Ok(())
    }
}

/// Ladder steps and trials of a phase that are offered but not yet in the plan, with what they
/// wait for (`after`), for a clinician or a curious person.
pub fn waiting_steps(content: &Content, cause: Cause, phase: u8) -> BTreeMap<String, Option<String>> {
    content
        .protocol(cause)
        .phase(phase)
        .map(|p| {
            p.exercises
                .iter()
                .filter(|e| e.after.is_some() || e.trial)
                .map(|e| (e.id.clone(), e.after.clone()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn req(cause: Cause, phase: u8) -> Request {
        Request { cause: Some(cause), phase, cleared: true, ..Request::default() }
    }

    #[test]
    fn every_cause_and_phase_plans_two_to_five_safe_exercises() {
        let c = Content::embedded();
        for cause in Cause::ALL {
            let phases = c.protocol(*cause).phases.len() as u8;
            for phase in 1..=phases {
                let p = plan(c, &req(*cause, phase)).unwrap();
                assert_eq!(p.family, cause.family());
                assert!(
                    (2..=MAX_EXERCISES).contains(&p.exercises.len()),
                    "{cause} {phase}: {}",
                    p.exercises.len()
                );
                if phase == 1 {
                    assert_eq!(p.sessions_per_day, 2, "{cause}");
                }
                for e in &p.exercises {
                    let ex = c.exercise(&e.id).unwrap();
                    assert_ne!(ex.status(*cause, phase), Status::Avoid, "{cause} {phase} {}", e.id);
                    assert!(!e.trial, "trials only when chosen");
                }
            }
        }
    }

    #[test]
    fn not_cleared_or_undiagnosed_gets_general_gentle() {
        let c = Content::embedded();
        let mut r = req(Cause::SpinalStenosis, 1);
        r.cleared = false;
        let p = plan(c, &r).unwrap();
        assert_eq!((p.cause, p.family), (Cause::SpinalStenosis, Family::GeneralGentle));
        let p = plan(c, &req(Cause::Undiagnosed, 1)).unwrap();
        assert_eq!(p.family, Family::GeneralGentle);
    }

    #[test]
    fn a_phase_that_does_not_exist_names_the_field() {
        let c = Content::embedded();
        let e = plan(c, &req(Cause::Undiagnosed, 2)).unwrap_err();
        assert_eq!(e.field, "phase");
        assert!(e.problem.contains("allowed: 1"), "{e}");
        let e = plan(c, &req(Cause::DiscHerniation, 4)).unwrap_err();
        assert!(e.problem.contains("1 to 3"), "{e}");
    }

    #[test]
    fn ladder_steps_wait_until_unlocked() {
        let c = Content::embedded();
        let p = plan(c, &req(Cause::DiscHerniation, 1)).unwrap();
        assert!(p.exercises.iter().any(|e| e.id == "prone-lying"));
        assert!(!p.exercises.iter().any(|e| e.id == "prone-press-up"));
        let mut r = req(Cause::DiscHerniation, 1);
        r.unlocked = ["prone-on-elbows", "prone-press-up"].map(str::to_owned).into();
        let p = plan(c, &r).unwrap();
        assert!(p.exercises.iter().any(|e| e.id == "prone-press-up"), "{:?}", p.exercises);
    }

    #[test]
    fn removed_and_regressed_exercises() {
        let c = Content::embedded();
        let mut r = req(Cause::DiscHerniation, 1);
        r.unlocked = ["prone-on-elbows", "prone-press-up"].map(str::to_owned).into();
        r.removed.insert("prone-lying".to_owned());
        r.regressed.insert("prone-press-up".to_owned(), easier());
        let p = plan(c, &r).unwrap();
        assert!(!p.exercises.iter().any(|e| e.id == "prone-lying"));
        // The press-up's regression (prone on elbows) is already planned, so the press-up stays
        // in its easier form, with the content's words for it.
        let press = p.exercises.iter().find(|e| e.id == "prone-press-up").unwrap();
        assert!(press.regressed);
        assert_eq!(
            press.easier.as_ref().map(|e| e.text.as_str()),
            Some(c.exercise("prone-press-up").unwrap().regression.text.as_str())
        );
    }

    fn easier() -> Easier {
        Easier { reason: StopReason::MovedDown, until: Date::constant(2026, 3, 4), text: String::new() }
    }

    #[test]
    fn the_easier_version_is_another_exercise_a_smaller_dose_or_its_words() {
        let c = Content::embedded();
        // Another exercise: prone on elbows goes back to lying face down (already planned, so
        // it stays as itself, easier in words).
        let mut r = req(Cause::DiscHerniation, 1);
        r.unlocked = ["prone-on-elbows"].map(str::to_owned).into();
        r.regressed.insert("prone-on-elbows".to_owned(), easier());
        let p = plan(c, &r).unwrap();
        let e = p.exercises.iter().find(|e| e.id == "prone-on-elbows").unwrap();
        assert_eq!(e.easier.as_ref().unwrap().until, Date::constant(2026, 3, 4));
        // A smaller dose from the content: abdominal bracing with 5-second holds.
        let mut r = req(Cause::Undiagnosed, 1);
        let normal = plan(c, &r).unwrap();
        let before = normal.exercises.iter().find(|e| e.id == "abdominal-bracing").unwrap().clone();
        r.regressed.insert("abdominal-bracing".to_owned(), easier());
        let p = plan(c, &r).unwrap();
        let after = p.exercises.iter().find(|e| e.id == "abdominal-bracing").unwrap();
        assert!(
            after.hold_seconds < before.hold_seconds,
            "{:?} then {:?}",
            before.hold_seconds,
            after.hold_seconds
        );
        assert!(after.regressed && after.easier.as_ref().is_some_and(|e| !e.text.is_empty()));
    }

    #[test]
    fn actions_gate_the_programme() {
        let mut r = req(Cause::DiscHerniation, 2);
        assert_eq!(r.apply_action(Action::NoneHold), Err(Blocked(Action::NoneHold)));
        assert_eq!(r.apply_action(Action::Hold), Err(Blocked(Action::Hold)));
        r.apply_action(Action::Regress).unwrap();
        assert_eq!(r.phase, 1);
        r.apply_action(Action::GeneralGentle).unwrap();
        let p = plan(Content::embedded(), &r).unwrap();
        assert_eq!(p.family, Family::GeneralGentle);
    }

    #[test]
    fn trials_only_when_chosen() {
        let c = Content::embedded();
        let mut r = req(Cause::Undiagnosed, 1);
        r.trials.insert("prone-lying".to_owned());
        let p = plan(c, &r).unwrap();
        let trial = p.exercises.iter().find(|e| e.id == "prone-lying").unwrap();
        assert!(trial.trial);
    }

    proptest! {
        #[test]
        fn no_plan_ever_contains_a_contraindicated_exercise(
            cause in proptest::sample::select(Cause::ALL.to_vec()),
            phase in 1u8..=3,
            cleared in any::<bool>(),
            picks in proptest::collection::vec(0usize..29, 0..12),
        ) {
            let c = Content::embedded();
            let ids: Vec<String> = c.exercises.iter().map(|e| e.id.clone()).collect();
            let pick = |range: std::ops::Range<usize>| -> BTreeSet<String> {
                picks.get(range).unwrap_or(&[]).iter().map(|i| ids[i % ids.len()].clone()).collect()
            };
            let r = Request {
                cause: Some(cause), phase, cleared,
                unlocked: pick(0..4), trials: pick(4..6), removed: pick(6..8),
                regressed: pick(8..12).into_iter().map(|id| (id, Easier { reason: StopReason::Stopped, until: Date::constant(2026, 1, 1), text: String::new() })).collect(),
                edits: None,
            };
            if let Ok(p) = plan(c, &r) {
                let effective = if cleared { cause } else { Cause::Undiagnosed };
                prop_assert!(p.exercises.len() <= MAX_EXERCISES);
                for e in &p.exercises {
                    let ex = c.exercise(&e.id).unwrap();
                    prop_assert!(!ex.clinician_only);
                    let status = ex.status(effective, p.phase);
                    prop_assert!(matches!(status, Status::Core | Status::Optional | Status::Trial), "{} {:?}", e.id, status);
                    prop_assert!(!r.removed.contains(&e.id));
                    if status == Status::Trial { prop_assert!(r.trials.contains(&e.id)); }
                }
            }
        }
    }
}
