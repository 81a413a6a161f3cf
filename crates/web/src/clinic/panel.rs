//! The panel: one row per patient of the signed-in clinician's caseload, sorted by what needs
//! attention first (`sciatica_core::attention`), with adherence per slot, a leg-pain line and
//! the latest questionnaire scores against the minimal important change.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::AppError;
use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use sciatica_core::adherence::{self, Done};
use sciatica_core::attention::{self, Attention, Flags, Inputs};
use sciatica_core::measures::Change;
use sciatica_core::progression::Proposal;
use sciatica_core::{Cause, Content, MeasureId};
use sciatica_interop::charts::{Labels, sparkline};
use sciatica_store::caseload::{Entry, Scored};
use std::collections::BTreeMap;

/// Days of leg pain the line shows.
pub const SPARK_DAYS: i64 = 14;

/// Sessions done and planned in one slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SlotCount {
    /// Done.
    pub done: u32,
    /// Planned.
    pub planned: u32,
}

/// Adherence per slot over 7 and 28 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SlotAdherence {
    /// Morning sessions in the last 7 days.
    pub morning_7: SlotCount,
    /// Evening sessions in the last 7 days.
    pub evening_7: SlotCount,
    /// Morning sessions in the last 28 days.
    pub morning_28: SlotCount,
    /// Evening sessions in the last 28 days.
    pub evening_28: SlotCount,
}

/// A questionnaire's latest score and its change from the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// The measure.
    pub measure: MeasureId,
    /// Its abbreviation ("ODI"), as clinicians know it.
    pub name: String,
    /// The latest score.
    pub score: Option<f64>,
    /// When.
    pub taken_at: Timestamp,
    /// The change from the baseline (the core's).
    pub change: Option<Change>,
}

/// One row of the panel.
#[derive(Debug, Clone)]
pub struct Row {
    /// The patient's id.
    pub id: String,
    /// Their name ("Unnamed patient" is the template's).
    pub name: Option<String>,
    /// The attention states, most pressing first.
    pub flags: Flags,
    /// The confirmed cause, if a programme exists.
    pub cause: Option<Cause>,
    /// The cause's name.
    pub cause_name: Option<String>,
    /// The phase.
    pub phase: Option<u8>,
    /// The last session's local date.
    pub last_session: Option<Date>,
    /// Days since then.
    pub days_since_session: Option<i64>,
    /// Adherence per slot.
    pub adherence: SlotAdherence,
    /// Worst leg pain per day, the last [`SPARK_DAYS`] days, oldest first.
    pub leg_pain: Vec<Option<u8>>,
    /// The line of it (inline SVG with its accessible name).
    pub sparkline: String,
    /// The leg pain line in words.
    pub leg_pain_text: String,
    /// Each compared questionnaire's latest score.
    pub scores: Vec<Score>,
    /// Proposals waiting for a decision (the core's; see `attention::proposals_waiting`).
    pub proposals: Vec<Proposal>,
}

/// The panel's filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only patients in this state.
    pub state: Option<Attention>,
    /// Only patients whose name contains this (any case).
    pub name: Option<String>,
}

impl Filter {
    /// Parses the `state` and `q` parameters; an unknown state names the field.
    pub fn parse(state: Option<&str>, q: Option<&str>) -> Result<Filter, AppError> {
        let state = match state.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(s.parse::<Attention>().map_err(|e| {
                AppError::invalid(
                    "state",
                    format!("`{}` is not an attention state; allowed: {}", e.got, e.allowed),
                )
            })?),
        };
        let name = q.map(str::trim).filter(|s| !s.is_empty()).map(str::to_lowercase);
        if name.as_ref().is_some_and(|n| n.chars().count() > 100) {
            return Err(AppError::invalid("q", "is too long; allowed: up to 100 characters"));
        }
        Ok(Filter { state, name })
    }

    fn keeps(&self, r: &Row) -> bool {
        self.state.is_none_or(|s| r.flags.has(s))
            && self
                .name
                .as_ref()
                .is_none_or(|q| r.name.as_deref().is_some_and(|n| n.to_lowercase().contains(q)))
    }
}

/// The audit log's name for a patient shown on a clinician's panel.
pub const AUDIT_ACTION: &str = "panel.view";

/// The caseload of the signed-in clinician as panel rows, sorted, then filtered; and how many
/// patients the caseload has in all. Each patient shown is a read of their data: one audit entry
/// per row, written together before anything is shown (the read fails if they cannot be).
pub async fn rows(
    state: &AppState,
    user: &CurrentUser,
    filter: &Filter,
) -> Result<(Vec<Row>, usize), AppError> {
    let now = Timestamp::now();
    let inactive = state.store.inactive_days().await?;
    // Every time zone's 28 days fit in 30 days of instants.
    let entries =
        state.store.caseload_entries(&user.user.id, now - SignedDuration::from_hours(30 * 24)).await?;
    let total = entries.len();
    let mut rows = Vec::with_capacity(total);
    for e in &entries {
        rows.push(row(state.content, e, now, inactive)?);
    }
    attention::sort_panel(&mut rows, |r| (&r.flags, r.name.as_deref().unwrap_or("")));
    rows.retain(|r| filter.keeps(r));
    let shown: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    state.store.append_audit_each(&user.entry(AUDIT_ACTION, None, ""), &shown).await?;
    Ok((rows, total))
}

fn back(d: Date, n: i64) -> Date {
    d.saturating_sub(Span::new().days(n))
}

fn row(c: &'static Content, e: &Entry, now: Timestamp, inactive_days: u32) -> Result<Row, AppError> {
    let schedule = e.patient.schedule()?;
    let today = schedule.date_of(now);
    let record = &e.record;
    let assessment = record.assessment(c, today);
    let flags = attention::flags(
        c,
        &Inputs {
            record,
            assessment: assessment.as_ref(),
            today,
            now,
            joined: schedule.date_of(e.patient.created_at),
            inactive_days,
        },
    );
    let mut done: BTreeMap<Date, Done> = BTreeMap::new();
    let mut worst: BTreeMap<Date, u8> = BTreeMap::new();
    for s in &e.sessions {
        if s.done {
            done.entry(s.date).or_default().add(s.slot);
        }
        if let Some(p) = s.worst_leg {
            let w = worst.entry(s.date).or_insert(0);
            *w = (*w).max(p.get());
        }
    }
    let planned_on = |d: Date| adherence::planned_on(c, &e.stretches, d);
    let over = |days: i64| adherence::adherence(&done, back(today, days - 1), today, planned_on, today);
    let (a7, a28) = (over(7), over(28));
    let slot = |(done, planned): (u32, u32)| SlotCount { done, planned };
    let leg_pain: Vec<Option<u8>> =
        (0..SPARK_DAYS).rev().map(|i| worst.get(&back(today, i)).copied()).collect();
    let leg_pain_text = leg_pain_words(&leg_pain);
    let last_session =
        e.sessions.iter().map(|s| s.date).max().or_else(|| record.recent().iter().map(|s| s.date).max());
    let program = record.program.as_ref();
    Ok(Row {
        id: e.patient.id.clone(),
        name: e.patient.display_name.clone(),
        cause: program.map(|p| p.cause),
        cause_name: program.map(|p| c.cause(p.cause).name.clone()),
        phase: program.map(|p| p.phase),
        last_session,
        days_since_session: last_session.map(|d| attention::days_since(d, today)),
        adherence: SlotAdherence {
            morning_7: slot(a7.morning),
            evening_7: slot(a7.evening),
            morning_28: slot(a28.morning),
            evening_28: slot(a28.evening),
        },
        sparkline: sparkline(
            &leg_pain.iter().map(|v| v.map(f64::from)).collect::<Vec<_>>(),
            10.0,
            &Labels { id: &format!("leg-{}", e.patient.id), title: &leg_pain_text },
        ),
        leg_pain,
        leg_pain_text,
        scores: scores(c, &e.scores),
        proposals: attention::proposals_waiting(record, assessment.as_ref()),
        flags,
    })
}

/// "Leg pain over 14 days: from 6 to 3, on 9 days." (or that none was logged).
fn leg_pain_words(values: &[Option<u8>]) -> String {
    let logged: Vec<u8> = values.iter().flatten().copied().collect();
    match (logged.first(), logged.last()) {
        (Some(first), Some(last)) if logged.len() > 1 => format!(
            "Worst leg pain over {SPARK_DAYS} days: from {first} to {last} out of 10, logged on {} days.",
            logged.len()
        ),
        (Some(only), _) => {
            format!("Worst leg pain over {SPARK_DAYS} days: {only} out of 10, logged on 1 day.")
        }
        _ => format!("No leg pain logged in {SPARK_DAYS} days."),
    }
}

/// The latest score of each compared measure and its change from the baseline (the core's
/// `measures::baseline` and `measures::change`).
pub fn scores(c: &Content, all: &[Scored]) -> Vec<Score> {
    let mut out = Vec::new();
    for id in MeasureId::ALL.iter().filter(|m| c.measure(**m).compared()) {
        let of: Vec<&Scored> = all.iter().filter(|s| s.measure == *id).collect();
        let Some(latest) = of.last() else { continue };
        let def = c.measure(*id);
        let list: Vec<Option<f64>> = of.iter().map(|s| s.score).collect();
        let change = sciatica_core::measures::baseline(&list)
            .zip(latest.score)
            .map(|(b, v)| sciatica_core::measures::change(def, b, v));
        out.push(Score {
            measure: *id,
            name: crate::clinic::fmt::abbreviation(*id).to_owned(),
            score: latest.score,
            taken_at: latest.taken_at,
            change,
        });
    }
    out
}
