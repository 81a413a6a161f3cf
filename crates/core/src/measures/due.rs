//! When each questionnaire falls due (REFERENCE §6: baseline, 2, 6 and 12 weeks; the global
//! change question weekly): what Today lists and what the calendar feed shows. A measure that is
//! not offered to patients (licensed text not loaded) never falls due.

use crate::content::Content;
use crate::content::measure::MeasureDef;
use crate::ids::MeasureId;
use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

/// One point of a measure's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Point {
    /// Before anything else: due until the first response.
    Baseline,
    /// This many weeks after the programme started.
    Week(u8),
    /// Every 7 days, from a week after the programme started.
    Weekly,
    /// Every day.
    Daily,
}

impl Point {
    /// Parses a schedule entry: `baseline`, `Nw` (N from 1 to 52), `weekly` or `daily`.
    pub fn parse(text: &str) -> Result<Point, String> {
        let bad = || format!("`{text}` is not a schedule point; allowed: baseline, 1w to 52w, weekly, daily");
        match text {
            "baseline" => Ok(Point::Baseline),
            "weekly" => Ok(Point::Weekly),
            "daily" => Ok(Point::Daily),
            _ => match text.strip_suffix('w').and_then(|n| n.parse::<u8>().ok()) {
                Some(n) if (1..=52).contains(&n) => Ok(Point::Week(n)),
                _ => Err(bad()),
            },
        }
    }

    /// A key that stays the same while this point is due (for calendar events and tests).
    pub fn key(self) -> String {
        match self {
            Point::Baseline => "baseline".to_owned(),
            Point::Week(n) => format!("week-{n}"),
            Point::Weekly => "weekly".to_owned(),
            Point::Daily => "daily".to_owned(),
        }
    }
}

/// A response up to this many days before a week's date counts for it, so a person who answers
/// a little early is not asked again days later [C].
pub const EARLY_DAYS: i64 = 3;

/// A questionnaire that is due now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Due {
    /// The measure.
    pub measure: MeasureId,
    /// The schedule point it is due for.
    pub point: Point,
    /// The date it fell due.
    pub since: Date,
}

fn points(def: &MeasureDef) -> Vec<Point> {
    def.schedule.iter().filter_map(|p| Point::parse(p).ok()).collect()
}

fn plus_days(d: Date, days: i64) -> Date {
    d.saturating_add(Span::new().days(days))
}

fn week_date(start: Date, n: u8) -> Date {
    start.saturating_add(Span::new().weeks(i64::from(n)))
}

/// Whether a measure is due on `today`, and for which point. `start` is the day the programme
/// started (or today, before there is one); `taken` are the local dates of the person's earlier
/// responses to this measure, in any order.
pub fn due(def: &MeasureDef, start: Date, today: Date, taken: &[Date]) -> Option<Due> {
    if !def.offered() {
        return None;
    }
    let last = taken.iter().max().copied();
    let at = |point, since| Some(Due { measure: def.id, point, since });
    let points = points(def);
    if points.contains(&Point::Baseline) && last.is_none() {
        return at(Point::Baseline, start.min(today));
    }
    // The latest week point reached; an earlier one missed is replaced by it.
    let week = points
        .iter()
        .filter_map(|p| if let Point::Week(n) = p { Some((*n, week_date(start, *n))) } else { None })
        .filter(|(_, d)| *d <= today)
        .max_by_key(|(_, d)| *d);
    if let Some((n, date)) = week
        && !taken.iter().any(|t| *t >= plus_days(date, -EARLY_DAYS))
    {
        return at(Point::Week(n), date);
    }
    if points.contains(&Point::Weekly) {
        let since = last.map_or(plus_days(start, 7), |l| plus_days(l, 7).max(plus_days(start, 7)));
        if since <= today {
            return at(Point::Weekly, since);
        }
    }
    if points.contains(&Point::Daily) && last != Some(today) {
        return at(Point::Daily, today);
    }
    None
}

/// The order a person meets the measures in: pain first, then what they find hard, then the
/// rest; the licensed questionnaires after the ones whose text is shipped.
pub const ORDER: [MeasureId; 9] = [
    MeasureId::Nrs,
    MeasureId::Psfs,
    MeasureId::Peg,
    MeasureId::GlobalChange,
    MeasureId::Odi,
    MeasureId::Rmdq,
    MeasureId::Sbi,
    MeasureId::Sfi,
    MeasureId::Startback,
];

/// The measures offered to patients, in [`ORDER`].
pub fn offered(content: &Content) -> Vec<&MeasureDef> {
    ORDER.iter().map(|id| content.measure(*id)).filter(|m| m.offered()).collect()
}

/// Every offered measure due on `today`, in [`ORDER`]. `taken` gives the local dates of a
/// measure's earlier responses.
pub fn due_list(
    content: &Content,
    start: Date,
    today: Date,
    taken: impl Fn(MeasureId) -> Vec<Date>,
) -> Vec<Due> {
    offered(content).into_iter().filter_map(|def| due(def, start, today, &taken(def.id))).collect()
}

/// The dates from `today` to `until` (both included) on which a measure is next asked, with the
/// point of each: the week points not yet answered and, for a weekly measure, every 7 days from
/// when it is next due. Daily measures are left out (the sessions ask about pain every day).
pub fn upcoming(
    def: &MeasureDef,
    start: Date,
    today: Date,
    until: Date,
    taken: &[Date],
) -> Vec<(Date, Point)> {
    if !def.offered() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for p in points(def) {
        match p {
            Point::Week(n) => {
                let date = week_date(start, n);
                if date >= today && date <= until && !taken.iter().any(|t| *t >= plus_days(date, -EARLY_DAYS))
                {
                    out.push((date, p));
                }
            }
            Point::Weekly => {
                let last = taken.iter().max().copied();
                let mut next = last.map_or(plus_days(start, 7), |l| plus_days(l, 7).max(plus_days(start, 7)));
                next = next.max(today);
                while next <= until {
                    out.push((next, p));
                    next = plus_days(next, 7);
                }
            }
            Point::Baseline | Point::Daily => {}
        }
    }
    out.sort_by_key(|(d, _)| *d);
    out
}

/// The next date a measure is asked after today, if any within `until` (for the list of
/// questionnaires: "next: 17 December").
pub fn next_after(def: &MeasureDef, start: Date, today: Date, until: Date, taken: &[Date]) -> Option<Date> {
    upcoming(def, start, plus_days(today, 1), until, taken).first().map(|(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Content;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn def(id: MeasureId) -> &'static MeasureDef {
        Content::embedded().measure(id)
    }

    const START: &str = "2026-03-02";

    #[test]
    fn schedule_points_parse_or_say_what_is_allowed() {
        assert_eq!(Point::parse("baseline"), Ok(Point::Baseline));
        assert_eq!(Point::parse("12w"), Ok(Point::Week(12)));
        assert_eq!(Point::parse("weekly"), Ok(Point::Weekly));
        for bad in ["0w", "53w", "2 weeks", "monthly"] {
            assert!(Point::parse(bad).unwrap_err().contains("allowed: baseline, 1w to 52w"), "{bad}");
        }
    }

    #[test]
    fn baseline_then_2_6_and_12_weeks() {
        let psfs = def(MeasureId::Psfs);
        let at = |today: &str, taken: &[&str]| {
            due(psfs, d(START), d(today), &taken.iter().map(|t| d(t)).collect::<Vec<_>>())
                .map(|x| (x.point, x.since))
        };
        // A new person: the baseline is due from the start.
        assert_eq!(at(START, &[]), Some((Point::Baseline, d(START))));
        assert_eq!(at("2026-03-10", &[START]), None, "answered at the start: nothing until week 2");
        assert_eq!(at("2026-03-16", &[START]), Some((Point::Week(2), d("2026-03-16"))));
        // Answered three days early: counts for week 2.
        assert_eq!(at("2026-03-16", &[START, "2026-03-13"]), None);
        assert_eq!(at("2026-03-16", &[START, "2026-03-12"]), Some((Point::Week(2), d("2026-03-16"))));
        // Week 2 missed: at week 6 the 6-week check replaces it.
        assert_eq!(at("2026-04-13", &[START]), Some((Point::Week(6), d("2026-04-13"))));
        assert_eq!(
            at("2026-05-25", &[START, "2026-03-16", "2026-04-13"]),
            Some((Point::Week(12), d("2026-05-25")))
        );
        assert_eq!(
            at("2026-09-01", &[START, "2026-03-16", "2026-04-13", "2026-05-25"]),
            None,
            "after 12 weeks"
        );
    }

    #[test]
    fn the_global_change_question_is_weekly_from_a_week_in() {
        let g = def(MeasureId::GlobalChange);
        let at = |today: &str, taken: &[&str]| {
            due(g, d(START), d(today), &taken.iter().map(|t| d(t)).collect::<Vec<_>>())
                .map(|x| (x.point, x.since))
        };
        assert_eq!(at(START, &[]), None, "nothing to compare with on the first day");
        assert_eq!(at("2026-03-08", &[]), None);
        assert_eq!(at("2026-03-09", &[]), Some((Point::Weekly, d("2026-03-09"))));
        assert_eq!(at("2026-03-12", &["2026-03-09"]), None);
        assert_eq!(at("2026-03-16", &["2026-03-09"]), Some((Point::Weekly, d("2026-03-16"))));
        assert_eq!(at("2026-03-20", &["2026-03-09"]), Some((Point::Weekly, d("2026-03-16"))), "still due");
    }

    #[test]
    fn licensed_measures_without_their_text_are_never_due() {
        let c = Content::embedded();
        let list: Vec<MeasureId> =
            due_list(c, d(START), d(START), |_| Vec::new()).iter().map(|x| x.measure).collect();
        assert_eq!(list, [MeasureId::Nrs, MeasureId::Psfs, MeasureId::Peg]);
        for id in [MeasureId::Odi, MeasureId::Rmdq, MeasureId::Sbi, MeasureId::Sfi, MeasureId::Startback] {
            assert_eq!(due(def(id), d(START), d("2026-06-01"), &[]), None, "{id}");
            assert!(upcoming(def(id), d(START), d(START), d("2026-12-31"), &[]).is_empty(), "{id}");
        }
        let mut odi = def(MeasureId::Odi).clone();
        odi.licensed_text_loaded = true;
        assert_eq!(due(&odi, d(START), d(START), &[]).map(|x| x.point), Some(Point::Baseline));
    }

    #[test]
    fn upcoming_dates_feed_the_calendar() {
        let psfs = def(MeasureId::Psfs);
        let dates = upcoming(psfs, d(START), d("2026-03-20"), d("2026-12-31"), &[d(START)]);
        assert_eq!(dates, [(d("2026-04-13"), Point::Week(6)), (d("2026-05-25"), Point::Week(12))]);
        let g = def(MeasureId::GlobalChange);
        let weekly = upcoming(g, d(START), d(START), d("2026-03-31"), &[]);
        assert_eq!(
            weekly.iter().map(|(x, _)| *x).collect::<Vec<_>>(),
            [d("2026-03-09"), d("2026-03-16"), d("2026-03-23"), d("2026-03-30")]
        );
        assert_eq!(next_after(psfs, d(START), d(START), d("2026-12-31"), &[d(START)]), Some(d("2026-03-16")));
    }
}
