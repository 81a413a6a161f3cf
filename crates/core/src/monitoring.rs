//! The monthly monitoring summary of a patient (what clinics that bill remote therapeutic
//! monitoring count): the days of a calendar month with data from the patient, their sessions,
//! and the clinician time recorded against them.

use crate::error::FieldError;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::BTreeSet;

/// Most minutes one entry of clinician time may record.
pub const MAX_MINUTES: u32 = 600;

/// Longest note on an entry of clinician time, in characters.
pub const NOTE_MAX: usize = 500;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Month {
    /// Its first day.
    pub first: Date,
}

impl Month {
    /// Parses `YYYY-MM` (the `month` field).
    pub fn parse(text: &str) -> Result<Month, FieldError> {
        let bad =
            || FieldError::new("month", format!("`{text}` is not a month; allowed: YYYY-MM, e.g. 2026-03"));
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i16 = y.parse().map_err(|_| bad())?;
        let month: i8 = m.parse().map_err(|_| bad())?;
        let first = Date::new(year, month, 1).map_err(|_| bad())?;
        Ok(Month { first })
    }

    /// The month a date falls in.
    pub fn of(d: Date) -> Month {
        Month { first: d.first_of_month() }
    }

    /// Its last day.
    pub fn last(self) -> Date {
        self.first.last_of_month()
    }

    /// The month before.
    #[must_use]
    pub fn previous(self) -> Month {
        Month::of(self.first.yesterday().unwrap_or(self.first))
    }

    /// The month after.
    #[must_use]
    pub fn next(self) -> Month {
        Month::of(self.last().tomorrow().unwrap_or(self.first))
    }

    /// Whether `d` falls in it.
    pub fn contains(self, d: Date) -> bool {
        d >= self.first && d <= self.last()
    }

    /// `YYYY-MM`.
    pub fn code(self) -> String {
        self.first.strftime("%Y-%m").to_string()
    }
}

/// The summary of one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// `YYYY-MM`.
    pub month: String,
    /// Days of the month with any data from the patient (a session, a questionnaire, a screen or
    /// a harm report), in the patient's time zone.
    pub days_with_data: u32,
    /// Sessions logged in the month.
    pub sessions: u32,
    /// Clinician minutes recorded against the patient in the month.
    pub clinician_minutes: u32,
}

/// Sums up a month from the patient's local dates of data (`data_days`, any order, repeats
/// allowed), the dates of their sessions, and the clinician minutes by date.
pub fn summary(
    month: Month,
    data_days: impl IntoIterator<Item = Date>,
    session_days: impl IntoIterator<Item = Date>,
    minutes: impl IntoIterator<Item = (Date, u32)>,
) -> Summary {
    let session_days: Vec<Date> = session_days.into_iter().filter(|d| month.contains(*d)).collect();
    let days: BTreeSet<Date> =
        data_days.into_iter().chain(session_days.iter().copied()).filter(|d| month.contains(*d)).collect();
    Summary {
        month: month.code(),
        days_with_data: u32::try_from(days.len()).unwrap_or(u32::MAX),
        sessions: u32::try_from(session_days.len()).unwrap_or(u32::MAX),
        clinician_minutes: minutes.into_iter().filter(|(d, _)| month.contains(*d)).map(|(_, m)| m).sum(),
    }
}

/// Checks an entry of clinician time: whole minutes from 1 to [`MAX_MINUTES`] (the `minutes`
/// field) and a note of at most [`NOTE_MAX`] characters (the `note` field).
pub fn check_time(minutes: i64, note: &str) -> Result<(u32, String), FieldError> {
    let m = u32::try_from(minutes).ok().filter(|m| (1..=MAX_MINUTES).contains(m)).ok_or_else(|| {
        FieldError::new("minutes", format!("allowed: a whole number of minutes from 1 to {MAX_MINUTES}"))
    })?;
    let note = note.trim();
    if note.chars().count() > NOTE_MAX {
        return Err(FieldError::new("note", format!("is too long; allowed: up to {NOTE_MAX} characters")));
    }
    Ok((m, note.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn months_parse_and_name_the_field() {
        let m = Month::parse("2026-02").unwrap();
        assert_eq!((m.first, m.last()), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(m.previous().code(), "2026-01");
        assert_eq!(Month::parse("2025-12").unwrap().next().code(), "2026-01");
        for bad in ["2026-13", "2026-1", "march", "", "2026-02-01"] {
            let e = Month::parse(bad).unwrap_err();
            assert_eq!(e.field, "month", "{bad}");
            assert!(e.problem.contains("YYYY-MM"), "{bad}");
        }
    }

    #[test]
    fn a_month_counts_distinct_days_sessions_and_minutes_inside_it() {
        let m = Month::parse("2026-03").unwrap();
        let s = summary(
            m,
            [d("2026-03-05"), d("2026-03-05"), d("2026-02-28"), d("2026-03-31")],
            [d("2026-03-05"), d("2026-03-05"), d("2026-03-06"), d("2026-04-01")],
            [(d("2026-03-02"), 10), (d("2026-03-30"), 15), (d("2026-04-01"), 20)],
        );
        assert_eq!(
            s,
            Summary { month: "2026-03".into(), days_with_data: 3, sessions: 3, clinician_minutes: 25 }
        );
    }

    #[test]
    fn time_entries_are_checked() {
        assert_eq!(check_time(15, " call ").unwrap(), (15, "call".into()));
        assert_eq!(check_time(0, "").unwrap_err().field, "minutes");
        assert_eq!(check_time(601, "").unwrap_err().field, "minutes");
        assert_eq!(check_time(5, &"x".repeat(501)).unwrap_err().field, "note");
    }
}
