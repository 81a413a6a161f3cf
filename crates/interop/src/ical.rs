//! The private calendar feed (iCalendar, RFC 5545).
//!
//! A person subscribes to the feed in their own calendar app: one daily recurring event per
//! session slot (in their IANA time zone, with a reminder) and one all-day event per upcoming
//! outcome questionnaire. The wording comes from the caller ([`FeedText`], loaded from content
//! files); this module only arranges it.
//!
//! The renderer is written by hand rather than with the `icalendar` crate: the crate works in
//! `chrono` types and would still leave the VTIMEZONE (most of the work here) to us. What
//! remains (escaping, folding at 75 octets, CRLF) is a few lines in [`lines`], all time
//! arithmetic stays in jiff, and the crate gains no dependency. The VTIMEZONE is built from jiff's transitions (see
//! [`vtimezone`]), so strict clients that ignore IANA names get the same rules as those that
//! look the TZID up themselves.

mod lines;
mod vtimezone;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, ToSpan};
use lines::Lines;
use sciatica_core::schedule::Schedule;
use serde::{Deserialize, Serialize};

/// The media type to serve a feed with.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8";

/// How many years past the programme start (or the stamp, if later) the VTIMEZONE lists changes
/// explicitly; a zone with a yearly rule also gets an open-ended `RRULE`.
const YEARS_COVERED: i16 = 5;

/// How often a subscribed client should fetch the feed again.
const REFRESH: &str = "PT6H";

/// The wording of a feed, from the content files. In `session_description`, `{programme}` and
/// `{cause}` are replaced; in `measure_summary` and `measure_description`, `{measure}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedText {
    /// The calendar's name in the person's calendar app.
    pub calendar_name: String,
    /// Title of the morning session event.
    pub morning_summary: String,
    /// Title of the evening session event.
    pub evening_summary: String,
    /// Body of a session event.
    pub session_description: String,
    /// What the reminder says.
    pub reminder: String,
    /// Title of a questionnaire event.
    pub measure_summary: String,
    /// Body of a questionnaire event.
    pub measure_description: String,
}

/// An outcome questionnaire that falls due on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureDue {
    /// A key that stays the same while this questionnaire is due (e.g. `odi-week-6`); it makes
    /// the event's UID, so a re-fetched feed updates the event instead of adding another.
    pub key: String,
    /// The person's local date it is due.
    pub date: Date,
    /// The questionnaire's name, as the person knows it.
    pub name: String,
}

/// Everything a feed shows.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    /// A stable identifier of the feed that is not its secret URL token (e.g. the person's id);
    /// event UIDs are derived from it.
    pub id: &'a str,
    /// Time zone and preferred session times.
    pub schedule: &'a Schedule,
    /// Sessions a day: 1 (morning only) or 2; 0 leaves the session events out (e.g. while the
    /// programme is on hold), so a re-fetched feed removes them from the person's calendar.
    pub sessions_per_day: u8,
    /// Length of a session event, in minutes (at least 1).
    pub session_minutes: u16,
    /// Minutes before a session that the reminder goes off (0 = at the start); `None` turns
    /// reminders off.
    pub reminder_minutes_before: Option<u16>,
    /// The first day of the programme: the session events start on it.
    pub start: Date,
    /// The programme's name.
    pub programme: &'a str,
    /// The cause, in plain words.
    pub cause: &'a str,
    /// Link to the person's Today page.
    pub today_url: Option<&'a str>,
    /// The next questionnaires.
    pub measures: &'a [MeasureDue],
    /// The wording.
    pub text: &'a FeedText,
    /// When the feed's content last changed (DTSTAMP, LAST-MODIFIED): keep it fixed between
    /// changes so that the same feed renders to the same bytes.
    pub stamp: Timestamp,
}

/// A feed that cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IcalError {
    /// The time zone has no IANA name (e.g. a bare offset).
    #[error("the time zone has no IANA name; allowed: names such as Europe/London or UTC")]
    UnnamedZone,
    /// Sessions a day out of range.
    #[error("{0} sessions a day; allowed: 0, 1 or 2")]
    SessionsPerDay(u8),
    /// A zero-length session.
    #[error("a session of 0 minutes; allowed: 1 minute or more")]
    SessionMinutes,
    /// A date too far away to compute with.
    #[error("the date {0} is out of range")]
    DateOutOfRange(Date),
}

/// Renders the feed as an iCalendar object (CRLF line endings, folded lines).
pub fn render(feed: &Feed<'_>) -> Result<String, IcalError> {
    if feed.sessions_per_day > 2 {
        return Err(IcalError::SessionsPerDay(feed.sessions_per_day));
    }
    if feed.session_minutes == 0 {
        return Err(IcalError::SessionMinutes);
    }
    let tz = &feed.schedule.tz;
    let tzid = tz.iana_name().ok_or(IcalError::UnnamedZone)?;
    let zone = if is_utc(tz) { None } else { Some(tzid) };
    let text = feed.text;
    let stamp = format!("{}Z", local_datetime(Offset::UTC.to_datetime(feed.stamp)));

    let mut out = Lines::default();
    out.begin("VCALENDAR");
    out.raw("VERSION", "2.0");
    out.raw("PRODID", "-//sciatica//calendar feed//EN");
    out.raw("CALSCALE", "GREGORIAN");
    out.raw("METHOD", "PUBLISH");
    out.text("NAME", &text.calendar_name);
    out.text("X-WR-CALNAME", &text.calendar_name);
    out.raw("X-WR-TIMEZONE", tzid);
    out.raw("REFRESH-INTERVAL;VALUE=DURATION", REFRESH);
    out.raw("X-PUBLISHED-TTL", REFRESH);
    if let Some(zone) = zone {
        let (from, until) = window(feed)?;
        vtimezone::write(&mut out, tz, zone, from, until);
    }

    let slots = [
        ("morning", feed.schedule.morning, &text.morning_summary),
        ("evening", feed.schedule.evening, &text.evening_summary),
    ];
    let mut description =
        fill(&text.session_description, &[("programme", feed.programme), ("cause", feed.cause)]);
    if let Some(url) = feed.today_url {
        description = format!("{description}\n{url}");
    }
    for (slot, time, summary) in slots.into_iter().take(usize::from(feed.sessions_per_day)) {
        out.begin("VEVENT");
        out.text("UID", &format!("{}-{slot}@sciatica", feed.id));
        out.raw("DTSTAMP", &stamp);
        out.raw("LAST-MODIFIED", &stamp);
        let start = local_datetime(feed.start.to_datetime(time));
        match zone {
            Some(zone) => out.raw(&format!("DTSTART;TZID={zone}"), &start),
            None => out.raw("DTSTART", &format!("{start}Z")),
        }
        out.raw("DURATION", &format!("PT{}M", feed.session_minutes));
        out.raw("RRULE", "FREQ=DAILY");
        out.text("SUMMARY", summary);
        out.text("DESCRIPTION", &description);
        if let Some(url) = feed.today_url {
            out.raw("URL", url);
        }
        out.raw("CLASS", "PRIVATE");
        if let Some(before) = feed.reminder_minutes_before {
            out.begin("VALARM");
            out.raw("ACTION", "DISPLAY");
            out.raw("TRIGGER", &if before == 0 { "PT0S".to_owned() } else { format!("-PT{before}M") });
            out.text("DESCRIPTION", &text.reminder);
            out.end("VALARM");
        }
        out.end("VEVENT");
    }

    for m in feed.measures {
        let next = m.date.tomorrow().map_err(|_| IcalError::DateOutOfRange(m.date))?;
        let mut description = fill(&text.measure_description, &[("measure", &m.name)]);
        if let Some(url) = feed.today_url {
            description = format!("{description}\n{url}");
        }
        out.begin("VEVENT");
        out.text("UID", &format!("{}-measure-{}@sciatica", feed.id, m.key));
        out.raw("DTSTAMP", &stamp);
        out.raw("LAST-MODIFIED", &stamp);
        out.raw("DTSTART;VALUE=DATE", &date(m.date));
        out.raw("DTEND;VALUE=DATE", &date(next));
        out.text("SUMMARY", &fill(&text.measure_summary, &[("measure", &m.name)]));
        out.text("DESCRIPTION", &description);
        if let Some(url) = feed.today_url {
            out.raw("URL", url);
        }
        out.raw("CLASS", "PRIVATE");
        out.raw("TRANSP", "TRANSPARENT");
        out.end("VEVENT");
    }
    out.end("VCALENDAR");
    Ok(out.finish())
}

/// A zone that is UTC at every moment needs no VTIMEZONE: times are written with `Z`.
fn is_utc(tz: &TimeZone) -> bool {
    tz.following(Timestamp::MIN).next().is_none() && tz.to_offset(Timestamp::UNIX_EPOCH) == Offset::UTC
}

/// The span the VTIMEZONE lists: from the day before the programme starts to `YEARS_COVERED`
/// years after the later of the start, the stamp and the last questionnaire.
fn window(feed: &Feed<'_>) -> Result<(Timestamp, Timestamp), IcalError> {
    let utc = |d: Date| {
        Offset::UTC.to_timestamp(d.to_datetime(Time::midnight())).map_err(|_| IcalError::DateOutOfRange(d))
    };
    let first = feed.start.yesterday().map_err(|_| IcalError::DateOutOfRange(feed.start))?;
    let stamp_date = Offset::UTC.to_datetime(feed.stamp).date();
    let last =
        feed.measures.iter().map(|m| m.date).chain([feed.start, stamp_date]).max().unwrap_or(feed.start);
    let until = last.checked_add(YEARS_COVERED.years()).map_err(|_| IcalError::DateOutOfRange(last))?;
    Ok((utc(first)?, utc(until)?))
}

/// Replaces each `{name}` in `template` by its value, in one pass (a value is never re-read).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let known = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v, close))
        });
        if let Some((value, close)) = known {
            out.push_str(value);
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `YYYYMMDD` (RFC 5545 DATE).
fn date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// `YYYYMMDDTHHMMSS` (RFC 5545 DATE-TIME, local form).
fn local_datetime(dt: DateTime) -> String {
    format!("{}T{:02}{:02}{:02}", date(dt.date()), dt.hour(), dt.minute(), dt.second())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::time;
    use sciatica_core::schedule::parse_tz;

    fn text() -> FeedText {
        FeedText {
            calendar_name: "Sciatica exercises".into(),
            morning_summary: "Morning exercises".into(),
            evening_summary: "Evening exercises".into(),
            session_description: "Your {programme} programme for {cause}.".into(),
            reminder: "Time for your exercises".into(),
            measure_summary: "Questionnaire: {measure}".into(),
            measure_description: "Please answer the {measure} questionnaire.".into(),
        }
    }

    fn schedule(zone: &str) -> Schedule {
        Schedule::new(parse_tz(zone).unwrap(), time(7, 30, 0, 0), time(19, 0, 0, 0)).unwrap()
    }

    fn measures() -> Vec<MeasureDue> {
        vec![MeasureDue {
            key: "odi-week-2".into(),
            date: "2026-04-03".parse().unwrap(),
            name: "Oswestry".into(),
        }]
    }

    fn feed<'a>(schedule: &'a Schedule, text: &'a FeedText, measures: &'a [MeasureDue]) -> Feed<'a> {
        Feed {
            id: "0190f2d4-patient",
            schedule,
            sessions_per_day: 2,
            session_minutes: 20,
            reminder_minutes_before: Some(5),
            start: "2026-03-20".parse().unwrap(),
            programme: "Extension bias, phase 1",
            cause: "disc herniation",
            today_url: Some("https://example.org/today"),
            measures,
            text,
            stamp: "2026-03-19T10:00:00Z".parse().unwrap(),
        }
    }

    fn uids(ics: &str) -> Vec<&str> {
        ics.split("\r\n").filter_map(|l| l.strip_prefix("UID:")).collect()
    }

    #[test]
    fn london_feed_has_everything_a_strict_client_needs() {
        let (s, t, m) = (schedule("Europe/London"), text(), measures());
        let ics = render(&feed(&s, &t, &m)).unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "only CRLF line endings");
        let unfolded = ics.replace("\r\n ", "");
        for line in [
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Sciatica exercises",
            "X-WR-TIMEZONE:Europe/London",
            "BEGIN:VTIMEZONE\r\nTZID:Europe/London",
            "TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST",
            "TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT",
            "UID:0190f2d4-patient-morning@sciatica",
            "DTSTAMP:20260319T100000Z",
            "DTSTART;TZID=Europe/London:20260320T073000\r\nDURATION:PT20M\r\nRRULE:FREQ=DAILY",
            "DTSTART;TZID=Europe/London:20260320T190000",
            "SUMMARY:Morning exercises",
            "SUMMARY:Evening exercises",
            r"DESCRIPTION:Your Extension bias\, phase 1 programme for disc herniation.\nhttps://example.org/today",
            "URL:https://example.org/today",
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT5M\r\nDESCRIPTION:Time for your exercises\r\nEND:VALARM",
            "DTSTART;VALUE=DATE:20260403\r\nDTEND;VALUE=DATE:20260404",
            "SUMMARY:Questionnaire: Oswestry",
        ] {
            assert!(unfolded.contains(&format!("{line}\r\n")), "missing {line:?} in\n{ics}");
        }
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
        assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1);
    }

    #[test]
    fn uids_are_stable_and_distinct() {
        let (s, t, m) = (schedule("Europe/London"), text(), measures());
        let a = render(&feed(&s, &t, &m)).unwrap();
        let mut later = feed(&s, &t, &m);
        later.stamp = "2026-05-01T08:00:00Z".parse().unwrap();
        later.reminder_minutes_before = None;
        let b = render(&later).unwrap();
        assert_eq!(uids(&a), uids(&b));
        assert_eq!(
            uids(&a),
            [
                "0190f2d4-patient-morning@sciatica",
                "0190f2d4-patient-evening@sciatica",
                "0190f2d4-patient-measure-odi-week-2@sciatica"
            ]
        );
        assert!(!b.contains("VALARM"));
        let mut other = feed(&s, &t, &m);
        other.id = "another";
        assert!(uids(&render(&other).unwrap()).iter().all(|u| !uids(&a).contains(u)));
        // Same input, same bytes.
        assert_eq!(a, render(&feed(&s, &t, &m)).unwrap());
    }

    #[test]
    fn one_session_a_day_is_the_morning_only() {
        let (s, t) = (schedule("America/New_York"), text());
        let mut f = feed(&s, &t, &[]);
        f.sessions_per_day = 1;
        f.reminder_minutes_before = Some(0);
        let ics = render(&f).unwrap();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1);
        assert!(ics.contains("DTSTART;TZID=America/New_York:20260320T073000\r\n"));
        assert!(ics.contains("TRIGGER:PT0S\r\n"));
        assert!(!ics.contains("Evening"));
        assert!(ics.contains("TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\n"));
    }

    #[test]
    fn no_sessions_while_on_hold_keeps_the_questionnaires() {
        let (s, t, m) = (schedule("Europe/London"), text(), measures());
        let mut f = feed(&s, &t, &m);
        f.sessions_per_day = 0;
        let ics = render(&f).unwrap();
        assert_eq!(uids(&ics), ["0190f2d4-patient-measure-odi-week-2@sciatica"]);
        assert!(ics.contains("BEGIN:VTIMEZONE"));
    }

    #[test]
    fn utc_feed_has_no_vtimezone() {
        for zone in ["UTC", "Etc/UTC"] {
            let (s, t, m) = (schedule(zone), text(), measures());
            let ics = render(&feed(&s, &t, &m)).unwrap();
            assert!(!ics.contains("VTIMEZONE"), "{zone}");
            assert!(!ics.contains("TZID"), "{zone}");
            assert!(ics.contains("DTSTART:20260320T073000Z\r\n"), "{zone}");
            assert!(ics.contains(&format!("X-WR-TIMEZONE:{zone}\r\n")));
        }
    }

    #[test]
    fn bad_feeds_are_refused() {
        let (s, t) = (schedule("Europe/London"), text());
        let mut f = feed(&s, &t, &[]);
        f.sessions_per_day = 3;
        assert_eq!(render(&f), Err(IcalError::SessionsPerDay(3)));
        f.sessions_per_day = 2;
        f.session_minutes = 0;
        assert_eq!(render(&f), Err(IcalError::SessionMinutes));
        let fixed = Schedule { tz: TimeZone::fixed(jiff::tz::offset(5)), ..s.clone() };
        assert_eq!(render(&feed(&fixed, &t, &[])), Err(IcalError::UnnamedZone));
    }

    #[test]
    fn long_multibyte_text_is_escaped_and_folded() {
        let s = schedule("Europe/Berlin");
        let mut t = text();
        t.morning_summary = "Übungen am Morgen; Rücken, Bein – 背中 🦵 ".chars().cycle().take(200).collect();
        let ics = render(&feed(&s, &t, &[])).unwrap();
        assert!(ics.split("\r\n").all(|l| l.len() <= 75));
        let unfolded = ics.replace("\r\n ", "");
        let summary = unfolded.split("\r\n").find_map(|l| l.strip_prefix("SUMMARY:")).unwrap();
        assert_eq!(summary, lines::escape_text(&t.morning_summary));
        assert!(summary.contains(r"Morgen\; Rücken\, Bein"));
    }

    #[test]
    fn placeholders_are_filled_once() {
        let v = [("programme", "{cause}"), ("cause", "x")];
        assert_eq!(fill("{programme} for {cause} {unknown} {", &v), "{cause} for x {unknown} {");
        assert_eq!(fill("no placeholders", &v), "no placeholders");
    }
}
