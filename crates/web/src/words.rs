//! Small phrases the web pages and the terminal share: doses, slots, dates, progression criteria.

use jiff::civil::Date;
use sciatica_core::Slot;
use sciatica_core::content::exercise::Dosage;

/// "3 × 30-second holds on each side", "10 times", "2 rounds of 10", "5 minutes".
pub fn dose(d: &Dosage) -> String {
    let mut s = match (d.minutes, d.hold_seconds) {
        (Some(m), _) => format!("{m} minute{}", plural(m)),
        (None, Some(h)) if d.reps == 1 && d.sets == 1 => format!("Hold {}", seconds(h)),
        (None, Some(h)) => {
            let holds = format!("{} × {} hold", d.reps, seconds(h));
            if d.sets > 1 { format!("{} rounds of {holds}", d.sets) } else { holds }
        }
        (None, None) if d.sets > 1 => format!("{} rounds of {} times", d.sets, d.reps),
        (None, None) => format!("{} time{}", d.reps, plural(d.reps)),
    };
    if d.per_side {
        s.push_str(", each side");
    }
    s
}

/// "Easier version until Friday 5 March: Hold for 5 seconds. It sent symptoms further down your
/// leg." (or "instead of Face-down push-ups" when another exercise stands in).
pub fn easier(c: &sciatica_core::Content, e: &sciatica_core::plan::Planned) -> Option<String> {
    let easier = e.easier.as_ref()?;
    let why = match easier.reason {
        sciatica_core::progression::StopReason::MovedDown => &c.texts.session.easier_after_moved_down,
        sciatica_core::progression::StopReason::Stopped => &c.texts.session.easier_after_stopped,
    };
    let what = match &e.replaces {
        Some(id) => format!("instead of {}.", c.exercise(id).map_or(id.as_str(), |x| x.plain_name.as_str())),
        None => easier.text.clone(),
    };
    Some(format!("Easier version until {}: {what} {why}", day(easier.until)))
}

/// "twice a day".
pub fn per_day(n: u32) -> String {
    match n {
        1 => "once a day".to_owned(),
        2 => "twice a day".to_owned(),
        n => format!("{n} times a day"),
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "30 s" or "2 min".
pub fn seconds(s: u32) -> String {
    if s >= 60 && s.is_multiple_of(60) { format!("{} min", s / 60) } else { format!("{s} s") }
}

/// "Morning", "Evening", "Extra".
pub fn slot(s: Slot) -> &'static str {
    match s {
        Slot::Morning => "Morning",
        Slot::Evening => "Evening",
        Slot::Extra => "Extra",
    }
}

/// "Tuesday 24 November".
pub fn day(d: Date) -> String {
    d.strftime("%A %-d %B").to_string()
}

/// "phase 1 (relief)".
pub fn phase(n: u8) -> String {
    let name = match n {
        1 => "relief",
        2 => "recovery",
        _ => "maintenance",
    };
    format!("phase {n} ({name})")
}

fn figure(v: Option<f64>) -> String {
    v.map_or("–".to_owned(), |v| format!("{v:.1}").trim_end_matches(".0").to_owned())
}

fn whole(v: Option<impl std::fmt::Display>) -> String {
    v.map_or("–".to_owned(), |v| v.to_string())
}

/// A progression criterion in words, with the person's figures.
pub fn criterion(check: &sciatica_core::progression::Check) -> String {
    use sciatica_core::progression::Detail;
    match &check.detail {
        Detail::Spreading { phase_days, spreading, .. } => {
            format!(
                "No spreading down the leg for 7 days (day {phase_days} of this phase; {spreading} this week)"
            )
        }
        Detail::LegPain { baseline, current } => format!(
            "Leg pain down by 2 points and 30%, or 3 or less (from {} to {})",
            figure(*baseline),
            figure(*current)
        ),
        Detail::Sessions { done, planned, stops } => format!(
            "At least 80% of this week's sessions, without a stop ({done} of {planned}, {stops} stop{})",
            if *stops == 1 { "" } else { "s" }
        ),
        Detail::Reach { baseline, current } => format!(
            "Symptoms moved up the leg by a level and stayed there (from level {} to {})",
            figure(*baseline),
            figure(*current)
        ),
        Detail::Walking { baseline, current } => format!(
            "Walking time before leg symptoms up by 30% (from {} to {} minutes)",
            figure(*baseline),
            figure(*current)
        ),
        Detail::Settled { days_logged, worst_leg_pain, sitting_minutes, walking_minutes } => format!(
            "Leg pain 1 or less for 2 weeks, and 30 minutes of sitting and of walking (worst {}, {days_logged} days logged; sitting {}, walking {} minutes)",
            whole(*worst_leg_pain),
            whole(*sitting_minutes),
            whole(*walking_minutes),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(sets: u32, reps: u32, hold: Option<u32>, minutes: Option<u32>, per_side: bool) -> Dosage {
        Dosage { sets, reps, hold_seconds: hold, minutes, per_side, times_per_day: 2 }
    }

    #[test]
    fn doses_read_naturally() {
        assert_eq!(dose(&d(1, 3, Some(30), None, true)), "3 × 30 s hold, each side");
        assert_eq!(dose(&d(1, 1, Some(120), None, false)), "Hold 2 min");
        assert_eq!(dose(&d(1, 10, None, None, false)), "10 times");
        assert_eq!(dose(&d(2, 10, None, None, true)), "2 rounds of 10 times, each side");
        assert_eq!(dose(&d(1, 1, None, Some(5), false)), "5 minutes");
        assert_eq!(per_day(2), "twice a day");
    }

    #[test]
    fn criteria_carry_the_figures() {
        use sciatica_core::content::protocol::Criterion;
        use sciatica_core::progression::{Check, Detail};
        let check = |c, detail| criterion(&Check { criterion: c, met: false, detail });
        assert_eq!(
            check(Criterion::LegPainImproved, Detail::LegPain { baseline: Some(7.0), current: Some(3.5) }),
            "Leg pain down by 2 points and 30%, or 3 or less (from 7 to 3.5)"
        );
        let one = check(Criterion::Adherence80, Detail::Sessions { done: 9, planned: 12, stops: 1 });
        assert!(one.ends_with("(9 of 12, 1 stop)"), "{one}");
        let settled = check(
            Criterion::Settled14Days,
            Detail::Settled {
                days_logged: 3,
                worst_leg_pain: None,
                sitting_minutes: Some(20),
                walking_minutes: None,
            },
        );
        assert!(settled.ends_with("(worst –, 3 days logged; sitting 20, walking – minutes)"), "{settled}");
    }
}
