//! The nerve-route symptom model (REFERENCE §5): levels, the per-session classification, the
//! per-exercise attribution and the multi-day trend.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How far down the leg symptoms reach on one side: 0 `none` … 6 `toes` (REFERENCE §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Level(u8);

/// A level outside 0–6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is not a level; allowed: 0 (none), 1 (low back), 2 (buttock), 3 (thigh), 4 (calf), 5 (foot), 6 (toes)"
)]
pub struct LevelOutOfRange(pub i64);

impl Level {
    /// No symptoms on this side.
    pub const NONE: Level = Level(0);
    /// The highest level, the toes.
    pub const TOES: Level = Level(6);
    /// The contract codes, by level.
    pub const CODES: [&'static str; 7] = ["none", "low_back", "buttock", "thigh", "calf", "foot", "toes"];

    /// A level from a number 0–6.
    pub fn new(n: i64) -> Result<Level, LevelOutOfRange> {
        u8::try_from(n).ok().filter(|n| *n <= 6).map(Level).ok_or(LevelOutOfRange(n))
    }

    /// The number 0–6.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The contract code (`none`, `low_back`, … `toes`).
    pub const fn code(self) -> &'static str {
        Self::CODES[self.0 as usize]
    }
}

impl TryFrom<u8> for Level {
    type Error = LevelOutOfRange;
    fn try_from(n: u8) -> Result<Level, LevelOutOfRange> {
        Level::new(i64::from(n))
    }
}

impl From<Level> for u8 {
    fn from(l: Level) -> u8 {
        l.0
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The symptom-response class of a session on one side (REFERENCE §5.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SymptomClass {
    /// Distal symptoms gone (pre ≥ 2, post and late ≤ 1).
    Abolished,
    /// Symptoms moved up toward the back and stayed there.
    Centralizing,
    /// Symptoms moved up but came back.
    Transient,
    /// No change in how far symptoms reach.
    Stable,
    /// Symptoms spread further down the leg.
    Peripheralizing,
    /// Symptoms appeared in a leg that had none.
    NewSide,
}

impl SymptomClass {
    /// Every class.
    pub const ALL: [SymptomClass; 6] = [
        SymptomClass::Abolished,
        SymptomClass::Centralizing,
        SymptomClass::Transient,
        SymptomClass::Stable,
        SymptomClass::Peripheralizing,
        SymptomClass::NewSide,
    ];

    /// The contract spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            SymptomClass::Abolished => "abolished",
            SymptomClass::Centralizing => "centralizing",
            SymptomClass::Transient => "transient",
            SymptomClass::Stable => "stable",
            SymptomClass::Peripheralizing => "peripheralizing",
            SymptomClass::NewSide => "new_side",
        }
    }

    /// Severity for combining two sides: `new_side` > `peripheralizing` > `stable` >
    /// `transient` > `centralizing` > `abolished` (REFERENCE §5.3).
    const fn severity(self) -> u8 {
        match self {
            SymptomClass::Abolished => 0,
            SymptomClass::Centralizing => 1,
            SymptomClass::Transient => 2,
            SymptomClass::Stable => 3,
            SymptomClass::Peripheralizing => 4,
            SymptomClass::NewSide => 5,
        }
    }

    /// The worse of two classes.
    #[must_use]
    pub fn worse(self, other: SymptomClass) -> SymptomClass {
        if other.severity() > self.severity() { other } else { self }
    }

    /// Peripheralising or a new side: the stop signal (STOP-1 / STOP-4).
    pub const fn is_adverse(self) -> bool {
        matches!(self, SymptomClass::Peripheralizing | SymptomClass::NewSide)
    }
}

impl fmt::Display for SymptomClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A classification, and whether it waits for the late value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Classified {
    /// The class.
    pub class: SymptomClass,
    /// True when no late value was given (late = post until it arrives).
    pub provisional: bool,
}

/// Classifies one side of one session (REFERENCE §5.3): the rows are tested in order and the
/// first that matches wins, so every combination has exactly one class.
pub fn classify(pre: Level, post: Level, late: Option<Level>) -> Classified {
    let provisional = late.is_none();
    let late = late.unwrap_or(post);
    let worst = post.max(late);
    let class = if pre.0 == 0 && worst.0 >= 2 {
        SymptomClass::NewSide
    } else if worst > pre && worst.0 >= 2 {
        SymptomClass::Peripheralizing
    } else if pre.0 >= 2 && post.0 <= 1 && late.0 <= 1 {
        SymptomClass::Abolished
    } else if post < pre && late < pre {
        SymptomClass::Centralizing
    } else if post < pre && late == pre {
        SymptomClass::Transient
    } else {
        SymptomClass::Stable
    };
    Classified { class, provisional }
}

/// What a person said an exercise did to their leg symptoms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// "Moved up toward my back".
    MovedUp,
    /// "No change".
    NoChange,
    /// "Moved further down my leg".
    MovedDown,
}

impl Response {
    /// Every response, in the order they are offered.
    pub const ALL: [Response; 3] = [Response::MovedUp, Response::NoChange, Response::MovedDown];

    /// The stored spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Response::MovedUp => "moved_up",
            Response::NoChange => "no_change",
            Response::MovedDown => "moved_down",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(s: &str) -> Option<Response> {
        Response::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Exercises to take out of the plan and flag for the clinician: two "moved further down"
/// answers for the same exercise within 7 days ending `today` (REFERENCE §5.3).
pub fn exercises_to_remove<'a>(
    responses: impl IntoIterator<Item = (Date, &'a str, Response)>,
    today: Date,
) -> Vec<String> {
    let since = today.saturating_sub(jiff::Span::new().days(6));
    let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
    for (day, exercise, response) in responses {
        if response == Response::MovedDown && day >= since && day <= today {
            *counts.entry(exercise).or_default() += 1;
        }
    }
    counts.into_iter().filter(|(_, n)| *n >= 2).map(|(e, _)| e.to_owned()).collect()
}

/// The direction of the multi-day trend of the morning level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// The 3-day median fell by at least one level against 7 days earlier.
    Centralizing,
    /// No change of a whole level.
    Steady,
    /// The 3-day median rose by at least one level against 7 days earlier (R23 c).
    Peripheralizing,
}

/// The median of the morning levels (worse side) on the three days ending `day`, when at least
/// two of those days have a value [C: a missing day does not hide a trend].
pub fn rolling_median(morning: &BTreeMap<Date, Level>, day: Date) -> Option<f64> {
    let from = day.saturating_sub(jiff::Span::new().days(2));
    let mut values: Vec<u8> = morning.range(from..=day).map(|(_, l)| l.0).collect();
    if values.len() < 2 {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        f64::from(values[n / 2])
    } else {
        f64::midpoint(f64::from(values[n / 2 - 1]), f64::from(values[n / 2]))
    })
}

/// The trend on `day`: the 3-day rolling median of the morning level against the same median
/// 7 days earlier (REFERENCE §5.3). `None` when either median is unknown.
pub fn trend(morning: &BTreeMap<Date, Level>, day: Date) -> Option<Trend> {
    let now = rolling_median(morning, day)?;
    let before = rolling_median(morning, day.saturating_sub(jiff::Span::new().days(7)))?;
    Some(if now - before >= 1.0 {
        Trend::Peripheralizing
    } else if before - now >= 1.0 {
        Trend::Centralizing
    } else {
        Trend::Steady
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn l(n: u8) -> Level {
        Level::new(i64::from(n)).unwrap()
    }

    fn c(pre: u8, post: u8, late: Option<u8>) -> SymptomClass {
        classify(l(pre), l(post), late.map(l)).class
    }

    #[test]
    fn worked_cases_of_reference_5_3() {
        assert_eq!(c(0, 3, None), SymptomClass::NewSide);
        assert_eq!(c(2, 1, Some(1)), SymptomClass::Abolished);
        assert_eq!(c(4, 2, None), SymptomClass::Centralizing);
        assert!(classify(l(4), l(2), None).provisional);
        assert_eq!(c(3, 2, Some(4)), SymptomClass::Peripheralizing);
        assert_eq!(c(0, 1, None), SymptomClass::Stable);
        assert_eq!(c(3, 3, Some(2)), SymptomClass::Stable);
    }

    #[test]
    fn one_example_per_row() {
        assert_eq!(c(0, 2, Some(2)), SymptomClass::NewSide);
        assert_eq!(c(2, 2, Some(3)), SymptomClass::Peripheralizing);
        assert_eq!(c(1, 2, Some(2)), SymptomClass::Peripheralizing);
        assert_eq!(c(5, 0, Some(1)), SymptomClass::Abolished);
        assert_eq!(c(5, 3, Some(4)), SymptomClass::Centralizing);
        assert_eq!(c(4, 3, Some(4)), SymptomClass::Transient);
        assert_eq!(c(4, 4, Some(4)), SymptomClass::Stable);
        assert_eq!(c(1, 0, Some(1)), SymptomClass::Transient);
        assert_eq!(c(0, 0, Some(1)), SymptomClass::Stable);
    }

    #[test]
    fn both_sides_take_the_worse() {
        assert_eq!(SymptomClass::Centralizing.worse(SymptomClass::Stable), SymptomClass::Stable);
        assert_eq!(SymptomClass::NewSide.worse(SymptomClass::Peripheralizing), SymptomClass::NewSide);
        assert_eq!(SymptomClass::Abolished.worse(SymptomClass::Transient), SymptomClass::Transient);
    }

    #[test]
    fn level_bounds() {
        assert!(Level::new(7).is_err());
        assert!(Level::new(-1).is_err());
        assert_eq!(Level::new(6).unwrap().code(), "toes");
        assert!(serde_json::from_str::<Level>("7").is_err());
    }

    #[test]
    fn two_moved_down_in_seven_days_removes_the_exercise() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let today = d("2026-03-10");
        let log = [
            (d("2026-03-04"), "prone-press-up", Response::MovedDown),
            (d("2026-03-10"), "prone-press-up", Response::MovedDown),
            (d("2026-03-03"), "prone-lying", Response::MovedDown),
            (d("2026-03-10"), "prone-lying", Response::MovedDown),
            (d("2026-03-09"), "walking-program", Response::MovedDown),
            (d("2026-03-09"), "walking-program", Response::NoChange),
        ];
        assert_eq!(exercises_to_remove(log, today), vec!["prone-press-up".to_owned()]);
    }

    #[test]
    fn trend_compares_with_seven_days_earlier() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mut m = BTreeMap::new();
        for (day, lv) in [("2026-03-01", 4), ("2026-03-02", 4), ("2026-03-03", 5)] {
            m.insert(d(day), l(lv));
        }
        for (day, lv) in [("2026-03-08", 2), ("2026-03-09", 3), ("2026-03-10", 3)] {
            m.insert(d(day), l(lv));
        }
        assert_eq!(trend(&m, d("2026-03-10")), Some(Trend::Centralizing));
        m.insert(d("2026-03-09"), l(6));
        m.insert(d("2026-03-10"), l(6));
        assert_eq!(trend(&m, d("2026-03-10")), Some(Trend::Peripheralizing));
        assert_eq!(trend(&m, d("2026-03-05")), None);
    }

    proptest! {
        #[test]
        fn every_input_has_one_class_and_peripheral_rises_are_adverse(
            pre in 0u8..=6, post in 0u8..=6, late in proptest::option::of(0u8..=6)
        ) {
            let got = c(pre, post, late);
            let worst = post.max(late.unwrap_or(post));
            // Any rise to buttock level or below is adverse; nothing else is.
            prop_assert_eq!(got.is_adverse(), worst > pre && worst >= 2);
            if got == SymptomClass::Centralizing || got == SymptomClass::Abolished {
                prop_assert!(post < pre);
            }
        }
    }
}
