//! The VTIMEZONE component of a feed, built from jiff's time-zone transitions.
//!
//! Every transition in the covered window becomes an observance (STANDARD or DAYLIGHT) with its
//! DTSTART in the local time before the change and its TZOFFSETFROM/TZOFFSETTO. Where the zone
//! follows a yearly rule that RFC 5545 can state as `BYMONTH` + `BYDAY` (e.g. "last Sunday of
//! March at 01:00 UTC", "second Sunday of March at 02:00"), and the rule still holds ten years
//! past the window, the observances of that kind collapse into one with an `RRULE`, so a client
//! that reads only the VTIMEZONE (Outlook) keeps the right offsets after the window too. A rule
//! that cannot be stated that way (several changes a year, a date that moves with a calendar
//! that is not Gregorian) stays as explicit observances.

use super::lines::Lines;
use jiff::civil::{Date, DateTime, Weekday};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};

/// One change of offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    at: Timestamp,
    from: Offset,
    to: Offset,
    dst: bool,
    name: String,
}

impl Change {
    /// The wall-clock time of the change, read on the clock before it.
    fn local(&self) -> DateTime {
        self.from.to_datetime(self.at)
    }

    /// Changes of the same kind share offsets, DST flag and name.
    fn same_kind(&self, other: &Change) -> bool {
        (self.from, self.to, self.dst, &self.name) == (other.from, other.to, other.dst, &other.name)
    }
}

/// A yearly rule: the `nth` (1–4, or -1 for the last) `weekday` of `month`, at a fixed wall time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    month: i8,
    nth: i8,
    weekday: Weekday,
}

impl Rule {
    fn date_in(self, year: i16) -> Option<Date> {
        Date::new(year, self.month, 1).ok()?.nth_weekday_of_month(self.nth, self.weekday).ok()
    }

    fn rrule(self) -> String {
        let day = match self.weekday {
            Weekday::Monday => "MO",
            Weekday::Tuesday => "TU",
            Weekday::Wednesday => "WE",
            Weekday::Thursday => "TH",
            Weekday::Friday => "FR",
            Weekday::Saturday => "SA",
            Weekday::Sunday => "SU",
        };
        format!("FREQ=YEARLY;BYMONTH={};BYDAY={}{day}", self.month, self.nth)
    }

    /// The rules that describe the day of `c`: "nth weekday" and, in the last week, "last weekday".
    fn candidates(c: &Change) -> Vec<Rule> {
        let d = c.local().date();
        let base = Rule { month: d.month(), nth: 0, weekday: d.weekday() };
        let mut out = Vec::new();
        if d.day() + 7 > d.days_in_month() {
            out.push(Rule { nth: -1, ..base });
        }
        let nth = (d.day() - 1) / 7 + 1;
        if nth <= 4 {
            out.push(Rule { nth, ..base });
        }
        out
    }

    fn matches(self, c: &Change, first: &Change) -> bool {
        let local = c.local();
        c.same_kind(first)
            && local.time() == first.local().time()
            && self.date_in(local.year()) == Some(local.date())
    }
}

fn changes(tz: &TimeZone, from: Timestamp, until: Timestamp) -> Vec<Change> {
    tz.following(from).take_while(|t| t.timestamp() <= until).map(|t| change(tz, t.timestamp())).collect()
}

/// The change at `at`. A change into or out of daylight saving time is DAYLIGHT when it moves the
/// clock forward: the tz database marks Irish winter time (and Morocco's Ramadan time) as a
/// negative DST, which calendar clients do not expect.
fn change(tz: &TimeZone, at: Timestamp) -> Change {
    let before = tz.to_offset_info(at.checked_sub(1.second()).unwrap_or(at));
    let after = tz.to_offset_info(at);
    let dst =
        if before.dst() == after.dst() { after.dst().is_dst() } else { after.offset() > before.offset() };
    Change { at, from: before.offset(), to: after.offset(), dst, name: after.abbreviation().to_owned() }
}

/// The yearly rule that the last changes of `kind` in `all` follow (one per consecutive year, all
/// on the rule's day at the same wall time), with the first change it covers. Of two rules that fit
/// the last change ("4th Sunday", "last Sunday"), the one that covers more years wins.
fn trailing_rule(all: &[Change], kind: &Change) -> Option<(Rule, Timestamp)> {
    let same: Vec<&Change> = all.iter().filter(|c| c.same_kind(kind)).collect();
    let last = *same.last()?;
    let runs = Rule::candidates(last).into_iter().filter_map(|rule| {
        let mut start = last;
        for c in same.iter().rev().skip(1) {
            let consecutive = c.local().year() + 1 == start.local().year();
            if !consecutive || !rule.matches(c, last) {
                break;
            }
            start = c;
        }
        (start.at < last.at).then_some((rule, start.at))
    });
    runs.min_by_key(|(_, start)| *start)
}

/// Writes the VTIMEZONE for `tz` covering `from..=until`: the change in force at `from` and every
/// change up to `until`.
pub(crate) fn write(out: &mut Lines, tz: &TimeZone, tzid: &str, from: Timestamp, until: Timestamp) {
    let mut emit: Vec<Change> =
        tz.preceding(from).next().map(|t| change(tz, t.timestamp())).into_iter().collect();
    emit.extend(changes(tz, from, until));
    if emit.is_empty() {
        // No change ever: one observance with the fixed offset.
        let info = tz.to_offset_info(from);
        emit.push(Change {
            at: Timestamp::UNIX_EPOCH,
            from: info.offset(),
            to: info.offset(),
            dst: false,
            name: info.abbreviation().to_owned(),
        });
    }
    let horizon = until.checked_add(24 * 3652.hours()).unwrap_or(until);
    let check = {
        let mut c = emit.clone();
        c.extend(changes(tz, until, horizon).into_iter().filter(|x| x.at > until));
        c
    };
    let horizon_year = emit.last().map_or(0, |c| c.local().year()) + 9;

    out.begin("VTIMEZONE");
    out.raw("TZID", tzid);
    let mut ruled: Vec<Change> = Vec::new();
    for c in &emit {
        if ruled.iter().any(|k| k.same_kind(c)) {
            continue;
        }
        let rule = trailing_rule(&check, c).filter(|(_, start)| *start <= c.at).filter(|_| {
            check.iter().rev().find(|x| x.same_kind(c)).is_some_and(|x| x.local().year() >= horizon_year)
        });
        match rule {
            Some((rule, _)) => {
                ruled.push(c.clone());
                observance(out, c, Some(rule));
            }
            None => observance(out, c, None),
        }
    }
    out.end("VTIMEZONE");
}

fn observance(out: &mut Lines, c: &Change, rule: Option<Rule>) {
    let kind = if c.dst { "DAYLIGHT" } else { "STANDARD" };
    out.begin(kind);
    out.raw("DTSTART", &super::local_datetime(c.local()));
    if let Some(rule) = rule {
        out.raw("RRULE", &rule.rrule());
    }
    out.raw("TZOFFSETFROM", &offset(c.from));
    out.raw("TZOFFSETTO", &offset(c.to));
    if !c.name.is_empty() {
        out.text("TZNAME", &c.name);
    }
    out.end(kind);
}

/// `+HHMM`, or `+HHMMSS` for an offset with seconds (RFC 5545 §3.3.14).
fn offset(o: Offset) -> String {
    let s = o.seconds();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.unsigned_abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{sec:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(zone: &str, from: &str, until: &str) -> String {
        let tz = TimeZone::get(zone).unwrap();
        let mut out = Lines::default();
        write(&mut out, &tz, zone, from.parse().unwrap(), until.parse().unwrap());
        out.finish()
    }

    fn observances(text: &str) -> Vec<String> {
        text.split("BEGIN:")
            .filter(|b| b.starts_with("STANDARD") || b.starts_with("DAYLIGHT"))
            .map(|b| b.split("END:").next().unwrap().replace("\r\n", "|"))
            .collect()
    }

    #[test]
    fn london_changes_on_the_last_sundays_at_one_utc() {
        let text = render("Europe/London", "2026-03-19T00:00:00Z", "2031-03-20T00:00:00Z");
        assert_eq!(
            observances(&text),
            [
                "STANDARD|DTSTART:20251026T020000|RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU|\
                 TZOFFSETFROM:+0100|TZOFFSETTO:+0000|TZNAME:GMT|",
                "DAYLIGHT|DTSTART:20260329T010000|RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU|\
                 TZOFFSETFROM:+0000|TZOFFSETTO:+0100|TZNAME:BST|",
            ]
        );
        assert!(text.starts_with("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
        assert!(text.ends_with("END:VTIMEZONE\r\n"));
    }

    #[test]
    fn new_york_changes_on_the_second_and_first_sundays_at_two() {
        let text = render("America/New_York", "2026-03-19T00:00:00Z", "2031-03-20T00:00:00Z");
        assert_eq!(
            observances(&text),
            [
                "DAYLIGHT|DTSTART:20260308T020000|RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU|\
                 TZOFFSETFROM:-0500|TZOFFSETTO:-0400|TZNAME:EDT|",
                "STANDARD|DTSTART:20261101T020000|RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU|\
                 TZOFFSETFROM:-0400|TZOFFSETTO:-0500|TZNAME:EST|",
            ]
        );
    }

    #[test]
    fn rules_agree_with_jiff_for_every_year_they_cover() {
        for zone in ["Europe/London", "America/New_York", "Australia/Sydney", "Europe/Berlin"] {
            let tz = TimeZone::get(zone).unwrap();
            let from: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
            let until: Timestamp = "2046-01-01T00:00:00Z".parse().unwrap();
            let all = changes(&tz, from, until);
            assert_eq!(all.len(), 40, "{zone}");
            for c in &all {
                let (rule, start) = trailing_rule(&all, c).expect(zone);
                let first = all.iter().find(|x| x.same_kind(c)).unwrap();
                assert_eq!(start, first.at, "{zone}: the rule covers every year");
                assert_eq!(rule.date_in(c.local().year()), Some(c.local().date()), "{zone} {c:?}");
                assert_eq!(c.local().time(), first.local().time());
            }
        }
    }

    #[test]
    fn a_rule_that_changed_in_the_window_starts_where_it_holds() {
        // The United States moved its changes in 2007: explicit observances before, rules after.
        let text = render("America/New_York", "2005-06-01T00:00:00Z", "2009-01-01T00:00:00Z");
        let obs = observances(&text);
        let starts: Vec<&str> = obs.iter().map(|o| &o[..o.find("|TZOFFSETFROM").unwrap()]).collect();
        assert_eq!(
            starts,
            [
                "DAYLIGHT|DTSTART:20050403T020000",
                "STANDARD|DTSTART:20051030T020000",
                "DAYLIGHT|DTSTART:20060402T020000",
                "STANDARD|DTSTART:20061029T020000",
                "DAYLIGHT|DTSTART:20070311T020000|RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
                "STANDARD|DTSTART:20071104T020000|RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
            ]
        );
    }

    #[test]
    fn a_rule_that_ends_after_the_window_is_not_extended() {
        // Brazil changed its rule in 2018 and dropped daylight saving time in 2019.
        let text = render("America/Sao_Paulo", "2015-01-01T00:00:00Z", "2017-06-01T00:00:00Z");
        assert_eq!(observances(&text).len(), 6);
        assert!(!text.contains("RRULE"));
        assert!(text.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20141019T000000\r\nTZOFFSETFROM:-0300\r\nTZOFFSETTO:-0200\r\n"
        ));
    }

    #[test]
    fn zones_without_a_stateable_rule_list_every_change() {
        // Sao Paulo has had no daylight saving time since 2019: one observance, no rule.
        let text = render("America/Sao_Paulo", "2026-03-19T00:00:00Z", "2031-03-20T00:00:00Z");
        let obs = observances(&text);
        assert_eq!(obs.len(), 1);
        assert!(obs[0].starts_with("STANDARD|DTSTART:20190217T000000|TZOFFSETFROM:-0200|TZOFFSETTO:-0300|"));
        assert!(!text.contains("RRULE"));
    }

    #[test]
    fn offsets_with_seconds_and_negative_offsets() {
        assert_eq!(offset(Offset::from_seconds(-(5 * 3600 + 30 * 60)).unwrap()), "-0530");
        assert_eq!(offset(Offset::from_seconds(-75).unwrap()), "-000115");
        assert_eq!(offset(Offset::UTC), "+0000");
    }
}
