//! The twice-daily schedule in the person's time zone: which day and slot a moment belongs to,
//! and when today's sessions are planned.

use crate::error::FieldError;
use crate::ids::Slot;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

/// When a person prefers to exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    /// The person's IANA time zone.
    pub tz: TimeZone,
    /// Preferred morning session time.
    pub morning: Time,
    /// Preferred evening session time.
    pub evening: Time,
}

/// A planned session of one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSlot {
    /// Morning or evening.
    pub slot: Slot,
    /// When it is planned, in the person's zone.
    pub at: ZonedDateTime,
}

/// Parses an IANA time zone name ("Europe/London").
pub fn parse_tz(name: &str) -> Result<TimeZone, FieldError> {
    TimeZone::get(name).map_err(|_| {
        FieldError::new(
            "time_zone",
            format!("`{name}` is not a known IANA time zone; allowed: names such as Europe/London, America/New_York or UTC"),
        )
    })
}

/// Parses a time of day written `HH:MM` (24-hour clock).
pub fn parse_time(field: &str, text: &str) -> Result<Time, FieldError> {
    let bad = || {
        FieldError::new(
            field,
            format!("`{text}` is not a time; allowed: HH:MM on the 24-hour clock, e.g. 07:30"),
        )
    };
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    if !(1..=2).contains(&h.len()) || m.len() != 2 {
        return Err(bad());
    }
    let (h, m): (i8, i8) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    Time::new(h, m, 0, 0).map_err(|_| bad())
}

impl Schedule {
    /// A schedule, checking that the evening comes after the morning.
    pub fn new(tz: TimeZone, morning: Time, evening: Time) -> Result<Schedule, FieldError> {
        if evening <= morning {
            return Err(FieldError::new(
                "evening",
                format!(
                    "{evening} is not after the morning time {morning}; allowed: a later time than the morning session"
                ),
            ));
        }
        Ok(Schedule { tz, morning, evening })
    }

    /// The moment halfway between the two preferred times: a session before it is the morning
    /// session, after it the evening session [C].
    pub fn midpoint(&self) -> Time {
        let m = self.morning.duration_since(Time::midnight());
        let e = self.evening.duration_since(Time::midnight());
        Time::midnight() + (m + (e - m) / 2)
    }

    /// The person's local date and the slot a moment belongs to.
    pub fn slot_of(&self, at: Timestamp) -> (Date, Slot) {
        let local = at.to_zoned_datetime(self.tz.clone());
        let slot = if local.time() < self.midpoint() { Slot::Morning } else { Slot::Evening };
        (local.date(), slot)
    }

    /// The first moment of a local date (midnight, or the first moment after a gap).
    pub fn start_of(&self, date: Date) -> Result<Timestamp, jiff::Error> {
        Ok(date.to_datetime(jiff::civil::Time::midnight()).to_zoned_datetime(self.tz.clone())?.timestamp())
    }

    /// The person's local date at a moment.
    pub fn date_of(&self, at: Timestamp) -> Date {
        at.to_zoned_datetime(self.tz.clone()).date()
    }

    /// The planned sessions of a day: morning and evening for two a day, the morning for one.
    /// A preferred time that does not exist on that day (a daylight-saving gap) moves forward.
    pub fn planned(&self, date: Date, sessions_per_day: u8) -> Vec<PlannedSlot> {
        let mut out = vec![(Slot::Morning, self.morning)];
        if sessions_per_day >= 2 {
            out.push((Slot::Evening, self.evening));
        }
        out.into_iter()
            .filter_map(|(slot, time)| {
                let at = date.to_datetime(time).to_zoned_datetime(self.tz.clone()).ok()?;
                Some(PlannedSlot { slot, at })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn london() -> Schedule {
        Schedule::new(
            parse_tz("Europe/London").unwrap(),
            Time::constant(7, 30, 0, 0),
            Time::constant(19, 0, 0, 0),
        )
        .unwrap()
    }

    #[test]
    fn slots_follow_local_time_across_daylight_saving() {
        let s = london();
        assert_eq!(s.midpoint(), Time::constant(13, 15, 0, 0));
        // 12:00 UTC on 2026-03-28 is 12:00 in London (GMT): morning.
        let t: Timestamp = "2026-03-28T12:00:00Z".parse().unwrap();
        assert_eq!(s.slot_of(t), ("2026-03-28".parse().unwrap(), Slot::Morning));
        // 12:30 UTC on 2026-03-29 is 13:30 BST: evening.
        let t: Timestamp = "2026-03-29T12:30:00Z".parse().unwrap();
        assert_eq!(s.slot_of(t).1, Slot::Evening);
        // 23:30 UTC on 2026-06-30 is already 1 July in London.
        let t: Timestamp = "2026-06-30T23:30:00Z".parse().unwrap();
        assert_eq!(s.date_of(t), "2026-07-01".parse::<Date>().unwrap());
    }

    #[test]
    fn planned_times_are_local() {
        let s = london();
        let day: Date = "2026-03-29".parse().unwrap();
        let p = s.planned(day, 2);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].at.timestamp().to_string(), "2026-03-29T06:30:00Z");
        assert_eq!(p[1].at.timestamp().to_string(), "2026-03-29T18:00:00Z");
        assert_eq!(s.planned(day, 1).len(), 1);
        // 01:30 does not exist in London on 29 March 2026; it moves forward to 02:30 BST.
        let early =
            Schedule::new(s.tz.clone(), Time::constant(1, 30, 0, 0), Time::constant(20, 0, 0, 0)).unwrap();
        assert_eq!(early.planned(day, 2)[0].at.timestamp().to_string(), "2026-03-29T01:30:00Z");
    }

    #[test]
    fn bad_input_names_the_field() {
        assert_eq!(parse_tz("Mars/Base").unwrap_err().field, "time_zone");
        assert_eq!(parse_time("morning", "7.30").unwrap_err().field, "morning");
        assert!(parse_time("morning", "25:00").is_err());
        assert!(parse_time("morning", "07:005").is_err());
        assert_eq!(parse_time("morning", "07:05").unwrap(), Time::constant(7, 5, 0, 0));
        let e = Schedule::new(TimeZone::UTC, Time::constant(19, 0, 0, 0), Time::constant(7, 0, 0, 0))
            .unwrap_err();
        assert_eq!(e.field, "evening");
    }
}
