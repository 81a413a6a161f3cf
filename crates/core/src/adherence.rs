//! Adherence: planned against done sessions per slot, day and week, and streaks.

use crate::content::Content;
use crate::ids::{Cause, Slot};
use jiff::civil::{Date, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;

/// The sessions a person completed on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Done {
    /// A morning session was completed.
    pub morning: bool,
    /// An evening session was completed.
    pub evening: bool,
    /// Further sessions.
    pub extra: u32,
}

impl Done {
    /// Records a completed session in a slot.
    pub fn add(&mut self, slot: Slot) {
        match slot {
            Slot::Morning if !self.morning => self.morning = true,
            Slot::Evening if !self.evening => self.evening = true,
            _ => self.extra += 1,
        }
    }

    fn count(self) -> u32 {
        u32::from(self.morning) + u32::from(self.evening) + self.extra
    }
}

/// One day of adherence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Day {
    /// The local date.
    pub date: Date,
    /// Sessions planned.
    pub planned: u8,
    /// Planned sessions done (at most `planned`).
    pub done: u8,
    /// The morning session was done.
    pub morning: bool,
    /// The evening session was done.
    pub evening: bool,
}

/// Planned and done sessions over a week starting on a Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Week {
    /// The Monday (or the first day of the range).
    pub start: Date,
    /// Sessions planned.
    pub planned: u32,
    /// Planned sessions done.
    pub done: u32,
}

/// Adherence over a range of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adherence {
    /// Sessions planned.
    pub planned: u32,
    /// Planned sessions done.
    pub done: u32,
    /// Done / planned, when anything was planned.
    pub ratio: Option<f64>,
    /// Morning sessions done and planned.
    pub morning: (u32, u32),
    /// Evening sessions done and planned.
    pub evening: (u32, u32),
    /// Per week.
    pub weeks: Vec<Week>,
    /// Per day.
    pub days: Vec<Day>,
    /// Days in a row, ending today (or yesterday while today is still open), with every planned
    /// session done.
    pub current_streak: u32,
    /// The longest run of such days in the range.
    pub best_streak: u32,
}

/// Computes adherence for the days `from..=to`. `per_day` gives the planned sessions of a day
/// (0 before the programme started); `today` is the person's local date. Today is still open: it
/// counts only the sessions already done, so a morning never lowers the figures.
pub fn adherence(
    done: &BTreeMap<Date, Done>,
    from: Date,
    to: Date,
    per_day: impl Fn(Date) -> u8,
    today: Date,
) -> Adherence {
    let mut days = Vec::new();
    let mut day = from;
    while day <= to {
        let d = done.get(&day).copied().unwrap_or_default();
        let mut planned = per_day(day);
        if day == today {
            planned = planned.min(u8::try_from(d.count()).unwrap_or(u8::MAX));
        }
        let count = u8::try_from(d.count().min(u32::from(planned))).unwrap_or(planned);
        days.push(Day { date: day, planned, done: count, morning: d.morning, evening: d.evening });
        day = day.tomorrow().expect("dates in range");
    }
    let planned: u32 = days.iter().map(|d| u32::from(d.planned)).sum();
    let total: u32 = days.iter().map(|d| u32::from(d.done)).sum();
    let slot = |f: fn(&Day) -> bool, needs: u8| {
        let planned_days: Vec<&Day> = days.iter().filter(|d| d.planned >= needs).collect();
        (planned_days.iter().filter(|d| f(d)).count() as u32, planned_days.len() as u32)
    };
    let mut weeks: Vec<Week> = Vec::new();
    for d in &days {
        if weeks.is_empty() || d.date.weekday() == Weekday::Monday {
            weeks.push(Week { start: d.date, planned: 0, done: 0 });
        }
        let w = weeks.last_mut().expect("pushed above");
        w.planned += u32::from(d.planned);
        w.done += u32::from(d.done);
    }
    let complete = |d: &Day| d.planned > 0 && d.done >= d.planned;
    let mut best = 0;
    let mut run = 0;
    for d in &days {
        if complete(d) {
            run += 1;
            best = best.max(run);
        } else if d.planned > 0 {
            run = 0;
        }
    }
    let mut current = 0;
    for d in days.iter().rev() {
        if complete(d) {
            current += 1;
        } else if d.date == today || d.planned == 0 {
            // Today is still open; days with nothing planned neither break nor extend a streak.
        } else {
            break;
        }
    }
    Adherence {
        planned,
        done: total,
        ratio: (planned > 0).then(|| f64::from(total) / f64::from(planned)),
        morning: slot(|d| d.morning, 1),
        evening: slot(|d| d.evening, 2),
        weeks,
        days,
        current_streak: current,
        best_streak: best,
    }
}

/// A stretch of a programme's history as adherence reads it: a phase from its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    /// The phase's first day.
    pub from: Date,
    /// The cause.
    pub cause: Cause,
    /// Cleared to exercise (else the gentle programme is followed).
    pub cleared: bool,
    /// The phase.
    pub phase: u8,
}

/// Sessions planned on `d` by the programme in force that day (the last stretch begun by then,
/// `stretches` oldest first): the phase's sessions a day, 0 before any programme.
pub fn planned_on(content: &Content, stretches: &[Stretch], d: Date) -> u8 {
    stretches.iter().rev().find(|s| s.from <= d).map_or(0, |s| {
        let protocol = content.protocol(if s.cleared { s.cause } else { Cause::Undiagnosed });
        protocol.phase(s.phase).or_else(|| protocol.phase(1)).map_or(2, |ph| ph.sessions_per_day)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn counts_slots_days_weeks_and_streaks() {
        let mut done = BTreeMap::new();
        for (day, slots) in [
            ("2026-03-02", &[Slot::Morning, Slot::Evening][..]),
            ("2026-03-03", &[Slot::Morning, Slot::Evening]),
            ("2026-03-04", &[Slot::Morning]),
            ("2026-03-05", &[Slot::Morning, Slot::Evening]),
            ("2026-03-06", &[Slot::Evening, Slot::Extra]),
            ("2026-03-09", &[Slot::Morning]),
        ] {
            let e: &mut Done = done.entry(d(day)).or_default();
            for s in slots {
                e.add(*s);
            }
        }
        let a = adherence(&done, d("2026-03-02"), d("2026-03-09"), |_| 2, d("2026-03-09"));
        // Today (9 March) is open: one session done, so one counts as planned.
        assert_eq!((a.planned, a.done), (15, 10));
        assert_eq!(a.morning, (5, 8));
        assert_eq!(a.evening, (4, 7));
        assert_eq!(a.weeks.len(), 2);
        assert_eq!((a.weeks[0].planned, a.weeks[0].done), (14, 9));
        assert_eq!((a.weeks[1].planned, a.weeks[1].done), (1, 1));
        // 5 and 6 March complete (the extra session fills the day), 7–8 March missed; today
        // counts as complete so far but the streak is broken before it: current 1, best 2.
        assert_eq!((a.current_streak, a.best_streak), (1, 2));
        let a = adherence(&done, d("2026-03-02"), d("2026-03-06"), |_| 2, d("2026-03-06"));
        assert_eq!(a.current_streak, 2);
    }

    #[test]
    fn one_session_a_day_and_days_before_the_programme() {
        let mut done = BTreeMap::new();
        done.entry(d("2026-03-03")).or_insert_with(Done::default).add(Slot::Evening);
        let per_day = |day: Date| u8::from(day >= d("2026-03-03"));
        let a = adherence(&done, d("2026-03-01"), d("2026-03-03"), per_day, d("2026-03-03"));
        assert_eq!((a.planned, a.done, a.current_streak), (1, 1, 1));
        assert_eq!(a.ratio, Some(1.0));
    }

    proptest! {
        #[test]
        fn ratio_is_between_zero_and_one(days in proptest::collection::vec((any::<bool>(), any::<bool>(), 0u32..3), 1..40), per in 1u8..=2) {
            let start = d("2026-01-01");
            let mut done = BTreeMap::new();
            for (i, (m, e, x)) in days.iter().enumerate() {
                done.insert(start.checked_add(jiff::Span::new().days(i as i64)).unwrap(), Done { morning: *m, evening: *e, extra: *x });
            }
            let end = start.checked_add(jiff::Span::new().days(days.len() as i64 - 1)).unwrap();
            let a = adherence(&done, start, end, |_| per, end);
            if let Some(r) = a.ratio { prop_assert!((0.0..=1.0).contains(&r)) } else { prop_assert_eq!(a.planned, 0) }
            prop_assert!(a.current_streak <= a.best_streak);
            prop_assert!(a.best_streak as usize <= days.len());
        }
    }

    #[test]
    fn the_programme_in_force_plans_the_day() {
        let c = Content::embedded();
        let d = |day: i8| Date::new(2026, 3, day).unwrap();
        let gentle = Stretch { from: d(2), cause: Cause::DiscHerniation, cleared: false, phase: 1 };
        let phase2 = Stretch { from: d(10), cause: Cause::DiscHerniation, cleared: true, phase: 2 };
        let per_day = |cause, phase| c.protocol(cause).phase(phase).unwrap().sessions_per_day;
        assert_eq!(planned_on(c, &[gentle, phase2], d(1)), 0, "before any programme");
        assert_eq!(planned_on(c, &[gentle, phase2], d(5)), per_day(Cause::Undiagnosed, 1));
        assert_eq!(planned_on(c, &[gentle, phase2], d(12)), per_day(Cause::DiscHerniation, 2));
    }
}
