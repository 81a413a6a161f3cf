//! The history rules R23, R25 and R32 (REFERENCE §4.3): alerts for the clinician derived from
//! the recent log.

use super::criteria::{Engine, leg_pain_improved};
use super::{Alert, Context, back, days_between};
use crate::history::{Session, median};
use crate::symptoms::{self, Trend};
use jiff::civil::Date;

pub(super) fn history_rules(ctx: &Context<'_>, engine: &Engine<'_>) -> Vec<Alert> {
    let mut alerts = Vec::new();
    let week = back(ctx.today, 6);
    // R23 (a): a spreading session whose side was still worse than its `pre` at the first
    // session-start check made at least 24 h later; (b) two spreading sessions in a row, the
    // second with the regression in force; (c) the morning trend rose a level in 7 days.
    let mut r23 = Vec::new();
    let sessions = ctx.recent;
    let adverse = |s: &Session| s.class().is_some_and(symptoms::SymptomClass::is_adverse);
    for (i, s) in sessions.iter().enumerate() {
        if s.date < week {
            continue;
        }
        let later = sessions[i + 1..]
            .iter()
            .find(|t| t.started_at.as_millisecond() - s.started_at.as_millisecond() >= 24 * 3_600_000);
        if let Some(t) = later {
            for (side, next) in [(&s.left, &t.left), (&s.right, &t.right)] {
                let bad = side.class().is_some_and(symptoms::SymptomClass::is_adverse);
                if bad && matches!((next.pre, side.pre), (Some(n), Some(p)) if n > p) {
                    r23.push('a');
                }
            }
        }
        if i > 0 && adverse(&sessions[i - 1]) && adverse(s) && s.regression_applied {
            r23.push('b');
        }
    }
    if symptoms::trend(&engine.daily.morning_level, ctx.today) == Some(Trend::Peripheralizing) {
        r23.push('c');
    }
    push(&mut alerts, "R23", r23);
    // R25 (a): ≥ 14 days in phase 1 without P-2 against the phase-1 baseline; (b) ≥ 42 days
    // since the programme began and P-2 not met against the programme baseline, or the 7-day
    // median of the daily worst leg pain is ≥ 7.
    let mut r25 = Vec::new();
    if ctx.phase == 1 && days_between(ctx.since_phase.since, ctx.today) >= 14 {
        let (b, c) = Engine::leg_pain(ctx.since_phase);
        if b.is_some() && c.is_some() && !leg_pain_improved(b, c) {
            r25.push('a');
        }
    }
    if days_between(ctx.since_program.since, ctx.today) >= 42 {
        let (b, c) = Engine::leg_pain(ctx.since_program);
        let last_week = median(&engine.daily.worst_between(week, ctx.today));
        if (b.is_some() && c.is_some() && !leg_pain_improved(b, c)) || last_week.is_some_and(|m| m >= 7.0) {
            r25.push('b');
        }
    }
    push(&mut alerts, "R25", r25);
    // R32 (a): the 7-day median of the daily worst leg pain is ≥ 2 above the 7 days before
    // (each window with at least 3 logged days [C]); (b) "more than I can cope with" in a
    // session this week; (c) daily worst ≥ 9 on 2 consecutive days this week.
    let mut r32 = Vec::new();
    let this_week = engine.daily.worst_between(week, ctx.today);
    let before = engine.daily.worst_between(back(ctx.today, 13), back(ctx.today, 7));
    if this_week.len() >= 3
        && before.len() >= 3
        && let (Some(now), Some(then)) = (median(&this_week), median(&before))
        && now - then >= 2.0
    {
        r32.push('a');
    }
    if sessions.iter().any(|s| s.date >= week && s.cannot_cope) {
        r32.push('b');
    }
    let severe: Vec<Date> = engine
        .daily
        .worst_leg
        .range(back(ctx.today, 7)..=ctx.today)
        .filter(|(_, p)| p.get() >= 9)
        .map(|(d, _)| *d)
        .collect();
    if severe.windows(2).any(|w| w[0].tomorrow().ok() == Some(w[1]) && w[1] >= week) {
        r32.push('c');
    }
    push(&mut alerts, "R32", r32);
    alerts
}

fn push(alerts: &mut Vec<Alert>, rule: &str, mut parts: Vec<char>) {
    parts.sort_unstable();
    parts.dedup();
    if !parts.is_empty() {
        alerts.push(Alert { rule: rule.to_owned(), parts });
    }
}
