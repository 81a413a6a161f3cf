"""Reads a calendar feed rendered for Europe/London (morning 07:30, evening 19:00, from
2026-03-20) and checks it with independent parsers: icalendar parses it, recurring_ical_events
expands the daily events between 2026-03-27 and 2026-04-01, and the VTIMEZONE alone (under a
TZID no library knows) gives the same instants and the same offsets as the IANA database.

With `--zones FEED...` it checks only the VTIMEZONE of feeds rendered for other zones.

Usage: python3 ical_python_check.py FEED.ics | --zones FEED...
Needs: pip install icalendar recurring_ical_events
"""

import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

try:
    import icalendar
    import recurring_ical_events
except ModuleNotFoundError as e:
    sys.exit(f"ModuleNotFoundError: {e}; run `pip install icalendar recurring_ical_events`")

UTC = timezone.utc
LONDON = ZoneInfo("Europe/London")

# The morning and evening sessions in UTC: GMT until Sunday 29 March 2026, BST from then on.
EXPECTED = {
    "Morning exercises": [
        datetime(2026, 3, 27, 7, 30, tzinfo=UTC),
        datetime(2026, 3, 28, 7, 30, tzinfo=UTC),
        datetime(2026, 3, 29, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 30, 6, 30, tzinfo=UTC),
        datetime(2026, 3, 31, 6, 30, tzinfo=UTC),
    ],
    "Evening exercises": [
        datetime(2026, 3, 27, 19, 0, tzinfo=UTC),
        datetime(2026, 3, 28, 19, 0, tzinfo=UTC),
        datetime(2026, 3, 29, 18, 0, tzinfo=UTC),
        datetime(2026, 3, 30, 18, 0, tzinfo=UTC),
        datetime(2026, 3, 31, 18, 0, tzinfo=UTC),
    ],
}


def check_occurrences(cal, label):
    events = recurring_ical_events.of(cal).between(date(2026, 3, 27), date(2026, 4, 1))
    by_summary = {}
    for e in events:
        by_summary.setdefault(str(e["SUMMARY"]), []).append(e)
    for summary, expected in EXPECTED.items():
        got = sorted(by_summary.get(summary, []), key=lambda e: e["DTSTART"].dt)
        starts = [e["DTSTART"].dt.astimezone(UTC) for e in got]
        assert starts == expected, f"{label}: {summary}: {starts} != {expected}"
        for e in got:
            local = e["DTSTART"].dt.astimezone(LONDON)
            assert (local.hour, local.minute) == (expected[0].hour, expected[0].minute), (label, local)
            assert e["DTEND"].dt - e["DTSTART"].dt == timedelta(minutes=20), label
    assert set(by_summary) == set(EXPECTED), f"{label}: unexpected events {sorted(by_summary)}"


def check_vtimezone(vtz, zone, start, years, step_hours=1):
    """Compares the offsets of a VTIMEZONE's own rules with a zoneinfo zone: every `step_hours`
    hours for `years` years from `start`, and every minute around each change of offset."""
    tz = vtz.to_tz(lookup_tzid=False)

    def same_offset(t):
        ours, iana = t.astimezone(tz).utcoffset(), t.astimezone(zone).utcoffset()
        assert ours == iana, f"{zone.key} at {t}: VTIMEZONE says {ours}, IANA says {iana}"

    step, hour, minute = timedelta(hours=step_hours), timedelta(hours=1), timedelta(minutes=1)
    t, end = start, start + timedelta(days=365 * years)
    checked = changes = 0
    while t < end:
        same_offset(t)
        checked += 1
        if t.astimezone(zone).utcoffset() != (t - step).astimezone(zone).utcoffset():
            changes += 1
            m = t - step - 2 * hour
            while m <= t + 2 * hour:
                same_offset(m)
                m += minute
        t += step
    return checked, changes


def check_zones(paths):
    """Each feed FILE is named ZONE with '/' written as '~' and was rendered from 2026-03-20:
    its VTIMEZONE (under a TZID no library knows) must give the zone's offsets for five years
    (checked every three hours and every minute around each change)."""
    for path in paths:
        key = path.rsplit("/", 1)[-1].removesuffix(".ics").replace("~", "/")
        data = open(path, "rb").read().replace(key.encode(), b"Sciatica-Test-Zone")
        vtz = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0]
        checked, changes = check_vtimezone(vtz, ZoneInfo(key), datetime(2026, 3, 20, tzinfo=UTC), 5, 3)
        print(f"ok: {key}: {checked} samples, {changes} changes")


def main(path):
    data = open(path, "rb").read()
    assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "unfolded line"
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/London"

    events = list(cal.walk("VEVENT"))
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == 4, uids
    morning = next(e for e in events if str(e["SUMMARY"]) == "Morning exercises")
    assert str(morning["DESCRIPTION"]).startswith("Your Extension bias programme for disc herniation, step by step.")
    alarm = morning.walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == timedelta(minutes=-5)
    measure = next(e for e in events if str(e["SUMMARY"]) == "Questionnaire: Sciatica Bothersomeness; Index")
    assert measure["DTSTART"].dt == date(2026, 5, 1)

    check_occurrences(cal, "IANA TZID")

    # The same feed with a TZID no library can look up: only the VTIMEZONE gives the rules.
    renamed = data.replace(b"Europe/London", b"Sciatica-Test-Zone")
    renamed = b"\r\n".join(l for l in renamed.split(b"\r\n") if not l.startswith(b"X-WR-TIMEZONE"))
    cal2 = icalendar.Calendar.from_ical(renamed)
    check_occurrences(cal2, "VTIMEZONE only")

    # The VTIMEZONE's own rules (not looked up by name) agree with the IANA database for ten
    # years: every hour, and every minute around each change of offset.
    vtz = cal2.walk("VTIMEZONE")[0]
    assert str(vtz["TZID"]) == "Sciatica-Test-Zone"
    checked, changes = check_vtimezone(vtz, LONDON, datetime(2026, 3, 19, tzinfo=UTC), 10)
    assert changes == 20, changes
    print(f"ok: occurrences match, offsets match at {checked} samples and around {changes} changes")


if __name__ == "__main__":
    if sys.argv[1] == "--zones":
        check_zones(sys.argv[2:])
    else:
        main(sys.argv[1])
