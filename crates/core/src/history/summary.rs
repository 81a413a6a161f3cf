//! The first and last few values of the log since a start date, kept up to date as sessions
//! arrive, so that the criteria comparing "the start" with "now" (REFERENCE §3: the median of the
//! first three and of the last three values) read a handful of numbers, never the whole log.
//!
//! Sessions are added in the order they started; the store rebuilds from the history when one
//! arrives out of order.

use crate::history::Session;
use crate::symptoms::{Response, SymptomClass};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// How many values make a baseline or a current figure (the median of three, REFERENCE §3).
pub const EDGE: usize = 3;

/// A daily value on the first and the last [`EDGE`] days that have one, and how many days have
/// one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edges {
    /// The first days.
    pub first: BTreeMap<Date, u8>,
    /// The last days.
    pub last: BTreeMap<Date, u8>,
    /// Days with a value.
    pub days: u32,
}

/// How a second value on the same day combines with the first.
#[derive(Debug, Clone, Copy)]
enum Merge {
    /// The highest of the day (worst leg pain).
    Max,
    /// The first of the day (the morning level before the first morning session).
    First,
}

impl Edges {
    fn add(&mut self, date: Date, value: u8, merge: Merge) {
        if self.last.last_key_value().is_none_or(|(d, _)| *d < date) {
            self.days += 1;
        }
        for map in [&mut self.first, &mut self.last] {
            map.entry(date)
                .and_modify(|v| {
                    if matches!(merge, Merge::Max) {
                        *v = (*v).max(value);
                    }
                })
                .or_insert(value);
        }
        if self.first.len() > EDGE {
            self.first.pop_last();
        }
        if self.last.len() > EDGE {
            self.last.pop_first();
        }
    }

    /// The values of the first days, in date order.
    pub fn first_values(&self) -> Vec<u8> {
        self.first.values().copied().collect()
    }

    /// The values of the last days, in date order.
    pub fn last_values(&self) -> Vec<u8> {
        self.last.values().copied().collect()
    }
}

/// A value per session on the first and the last [`EDGE`] sessions that have one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    /// The first values.
    pub first: Vec<u8>,
    /// The last values, oldest first.
    pub last: Vec<u8>,
    /// Sessions with a value.
    pub count: u32,
}

impl Series {
    fn add(&mut self, value: u8) {
        if self.first.len() < EDGE {
            self.first.push(value);
        }
        self.last.push(value);
        if self.last.len() > EDGE {
            self.last.remove(0);
        }
        self.count += 1;
    }
}

/// What the criteria read of the sessions since a start date (a phase or a programme).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// The start date: sessions before it are not counted.
    pub since: Date,
    /// Worst leg pain per day (P-2, R25).
    pub worst_leg: Edges,
    /// Morning most-distal level (worse side, before the session) per day (P-4).
    pub morning_level: Edges,
    /// Minutes of walking before leg symptoms start, per session (WALK-30).
    pub walking: Series,
    /// Exercises done in at least one session (a ladder step once done stays offered).
    pub done: BTreeSet<String>,
    /// Per exercise, the sessions where it was finished without spreading symptoms and without
    /// "moved further down" (the tolerance rule of the ladders).
    pub tolerated: BTreeMap<String, u32>,
}

impl Stats {
    /// Nothing counted yet since `since`.
    pub fn new(since: Date) -> Stats {
        Stats {
            since,
            worst_leg: Edges::default(),
            morning_level: Edges::default(),
            walking: Series::default(),
            done: BTreeSet::new(),
            tolerated: BTreeMap::new(),
        }
    }

    /// Counts a session (nothing when it is dated before the start).
    pub fn add(&mut self, s: &Session) {
        if s.date < self.since {
            return;
        }
        if let Some(p) = s.worst_leg_pain() {
            self.worst_leg.add(s.date, p.get(), Merge::Max);
        }
        if s.slot == crate::ids::Slot::Morning
            && let Some(l) = s.worse_pre_level()
        {
            self.morning_level.add(s.date, l.get(), Merge::First);
        }
        if let Some(m) = s.walking_minutes {
            self.walking.add(u8::try_from(m.min(255)).unwrap_or(u8::MAX));
        }
        for e in &s.exercises {
            self.done.insert(e.id.clone());
        }
        for id in tolerated_in(s) {
            *self.tolerated.entry(id.to_owned()).or_default() += 1;
        }
    }
}

/// The exercises a session counts as tolerated: each one's first entry finished, not answered
/// "moved further down", in a session whose symptoms did not spread [C].
fn tolerated_in(s: &Session) -> Vec<&str> {
    if s.class().is_some_and(SymptomClass::is_adverse) {
        return Vec::new();
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for e in &s.exercises {
        if seen.contains(&e.id.as_str()) {
            continue;
        }
        seen.push(&e.id);
        if e.completed && e.response != Some(Response::MovedDown) {
            out.push(e.id.as_str());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: i8) -> Date {
        Date::new(2026, 3, day).unwrap()
    }

    #[test]
    fn edges_keep_the_first_and_last_days_and_merge_a_day() {
        let mut e = Edges::default();
        for (day, v) in [(1, 5), (1, 7), (2, 4), (4, 3), (5, 2), (5, 1), (9, 6)] {
            e.add(d(day), v, Merge::Max);
        }
        assert_eq!(e.first_values(), vec![7, 4, 3]);
        assert_eq!(e.last_values(), vec![3, 2, 6]);
        assert_eq!(e.days, 5);
        let mut m = Edges::default();
        m.add(d(1), 4, Merge::First);
        m.add(d(1), 2, Merge::First);
        assert_eq!(m.first_values(), vec![4], "the first morning value of the day stays");
    }

    #[test]
    fn series_keep_the_first_and_last_values() {
        let mut s = Series::default();
        for v in [1, 2, 3, 4, 5] {
            s.add(v);
        }
        assert_eq!(
            (s.first.as_slice(), s.last.as_slice(), s.count),
            ([1, 2, 3].as_slice(), [3, 4, 5].as_slice(), 5)
        );
    }
}
