//! The order of a session's exercises.

use super::Planned;
use crate::content::Content;
use crate::ids::Posture;

/// Puts the exercises in the order of a session: every floor exercise together first, then those
/// done sitting, then those done standing or walking, so that nobody gets up from the floor for
/// one exercise and lies down again for the next. Within each group the protocol's order stays.
/// An exercise the content does not know counts as standing (it goes last).
pub fn in_session_order(content: &Content, exercises: &mut [Planned]) {
    exercises.sort_by_key(|p| content.exercise(&p.id).map_or(Posture::Standing, |e| e.posture));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Cause;
    use crate::plan::{Request, plan};

    fn postures(c: &Content, exercises: &[Planned]) -> Vec<Posture> {
        exercises.iter().map(|e| c.exercise(&e.id).unwrap().posture).collect()
    }

    #[test]
    fn no_plan_gets_up_from_the_floor_and_lies_down_again() {
        let c = Content::embedded();
        for cause in Cause::ALL {
            for phase in 1..=c.protocol(*cause).phases.len() as u8 {
                let r = Request { cause: Some(*cause), phase, cleared: true, ..Request::default() };
                let p = plan(c, &r).unwrap();
                let seen = postures(c, &p.exercises);
                let mut sorted = seen.clone();
                sorted.sort();
                assert_eq!(seen, sorted, "{cause} phase {phase}: floor, then seated, then standing");
            }
        }
    }

    #[test]
    fn the_walk_between_floor_exercises_moves_to_the_end_and_the_rest_keep_their_order() {
        let c = Content::embedded();
        // The protocol lists the walking plan between floor exercises for this phase.
        let r = Request { cause: Some(Cause::DiscHerniation), phase: 2, cleared: true, ..Request::default() };
        let protocol = c.protocol(Cause::DiscHerniation).phase(2).unwrap();
        let listed: Vec<&str> = protocol.exercises.iter().map(|e| e.id.as_str()).collect();
        let walk = listed.iter().position(|id| *id == "walking-program").expect("the phase has a walk");
        assert!(walk + 1 < listed.len(), "the walk is listed before other exercises: {listed:?}");
        let planned: Vec<String> = plan(c, &r).unwrap().exercises.into_iter().map(|e| e.id).collect();
        assert_eq!(planned.last().map(String::as_str), Some("walking-program"), "{planned:?}");
        let others: Vec<&str> =
            planned.iter().map(String::as_str).filter(|id| *id != "walking-program").collect();
        assert!(others.len() >= 2, "{planned:?}");
        let in_listed_order: Vec<&str> = listed.iter().copied().filter(|id| others.contains(id)).collect();
        assert_eq!(others, in_listed_order, "the floor exercises keep the protocol's order");
    }
}
