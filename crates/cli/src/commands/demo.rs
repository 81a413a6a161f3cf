//! `sciatica demo`: a database with a few weeks of made-up but realistic data (a person with a
//! disc herniation whose leg symptoms settle and move up toward the back), to try every command.

use crate::args::DemoArgs;
use crate::commands::screen;
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{BOLD, DIM, GOOD, Out, print_json};
use anyhow::{Context as _, Result};
use jiff::civil::{Date, Time};
use jiff::{SignedDuration, Span, Timestamp};
use sciatica_core::history::SideLevels;
use sciatica_core::plan::{self, Request};
use sciatica_core::progression::StopReason;
use sciatica_core::triage;
use sciatica_core::{Cause, Content, Level, MeasureId, Pain, Response, Slot, measures};
use sciatica_store::Store;
use sciatica_store::patients::{Patient, Profile};
use sciatica_store::programs::{NewProgram, SetBy};
use sciatica_store::sessions::{ExerciseDone, Finish, new_session};

/// A small deterministic generator, so every demo looks the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn default_path() -> Result<String> {
    let dirs = directories::ProjectDirs::from("", "", "sciatica")
        .context("cannot find your data folder; give --db PATH")?;
    std::fs::create_dir_all(dirs.data_dir())?;
    Ok(dirs.data_dir().join("sciatica-demo.sqlite").to_string_lossy().into_owned())
}

pub async fn run(ctx: &Ctx, a: DemoArgs) -> Result<()> {
    if !(1..=1830).contains(&a.days) {
        return Err(sciatica_core::FieldError::new("days", "allowed: 1 to 1830 (five years)").into());
    }
    let path = match &ctx.db {
        Some(p) => p.strip_prefix("sqlite://").unwrap_or(p).to_owned(),
        None => default_path()?,
    };
    // The default demo database is remade for every served demo; a chosen file needs --force.
    let replace = a.force || (a.serve && ctx.db.is_none());
    if std::path::Path::new(&path).exists() {
        if !replace {
            return Err(bad(format!(
                "{path} already exists; add --force to replace it, or choose another file with --db"
            )));
        }
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{path}{suffix}"));
        }
    }
    if !(1..=1000).contains(&a.patients) {
        return Err(sciatica_core::FieldError::new("patients", "allowed: 1 to 1000").into());
    }
    let store = Store::open(&path).await.with_context(|| format!("cannot create {path}"))?;
    let (patient_id, mut stats) = fill(ctx.content, &store, a.days, "Alex", 0, !ctx.json()).await?;
    let mut others = Vec::new();
    for n in 2..=a.patients {
        let (id, count) =
            fill(ctx.content, &store, a.days, &format!("Patient {n}"), u64::from(n), false).await?;
        stats += count;
        others.push((n, id));
    }
    if a.serve {
        crate::commands::serve::init_logging();
        let zone = demo_zone();
        let shown = crate::commands::demo_caseload::caseload(ctx.content, &store, &zone).await?;
        let waiting = waiting_patient(ctx.content, &store).await?;
        let caseload: Vec<&str> = std::iter::once(patient_id.as_str())
            .chain(others.iter().map(|(_, id)| id.as_str()))
            .chain(shown.iter().map(|(id, _)| id.as_str()))
            .chain(std::iter::once(waiting.as_str()))
            .collect();
        let mut banner = accounts(&store, &patient_id, &caseload).await?;
        let hash =
            sciatica_web::auth::password::hash_now(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
        for (id, email) in &shown {
            store.create_account_for_patient(email, &hash, id, Timestamp::now()).await?;
        }
        banner.push(
            "  bea@ cal@ dee@ eli@ fay@ gus@ hana@demo.invalid   the clinician's other patients, one per panel state"
                .to_owned(),
        );
        store.create_account_for_patient(WAITING_EMAIL, &hash, &waiting, Timestamp::now()).await?;
        banner
            .push(format!("  {WAITING_EMAIL}       a patient whose move to phase 2 waits for the clinician"));
        if !others.is_empty() {
            let hash =
                sciatica_web::auth::password::hash_now(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
            for (n, id) in &others {
                store
                    .create_account_for_patient(
                        &format!("patient{n}@demo.invalid"),
                        &hash,
                        id,
                        Timestamp::now(),
                    )
                    .await?;
            }
            banner.push(format!(
                "  patient2@demo.invalid … patient{}@demo.invalid   more patients like Alex",
                a.patients
            ));
        }
        let mut config = sciatica_web::Config::new(a.listen, path.clone());
        a.writes.apply(&mut config).map_err(crate::failure::bad)?;
        config.base_url = None;
        return crate::commands::serve::serve(ctx.content, store, config, &banner).await;
    }
    store.close().await;
    if ctx.json() {
        return print_json(&serde_json::json!({ "db": path, "days": a.days, "sessions": stats }));
    }
    let mut out = Out::stdout();
    out.styled(GOOD, format!("Made a demo with {} days and {stats} sessions: {path}", a.days));
    out.blank();
    out.line("Try it (the demo is a separate database from your own):");
    for cmd in ["today", "progress", "plan", "program", "session --no-timers", "export"] {
        out.line(format!("  {BOLD}sciatica --db \"{path}\" {cmd}{BOLD:#}"));
    }
    out.styled(DIM, format!("Or for this shell: export SCIATICA_DB=\"{path}\""));
    Ok(())
}

fn at(day: Date, time: Time, tz: &jiff::tz::TimeZone) -> Result<Timestamp> {
    Ok(day.to_datetime(time).to_zoned_datetime(tz.clone())?.timestamp())
}

/// The demo's password for every demo account (made-up data only).
pub const DEMO_PASSWORD: &str = "sciatica-demo";

/// Demo accounts: a patient with the made-up history, a clinician with every demo patient in their
/// caseload, and an administrator.
async fn accounts(store: &Store, patient_id: &str, patients: &[&str]) -> Result<Vec<String>> {
    let hash = sciatica_web::auth::password::hash_now(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = Timestamp::now();
    store.create_account_for_patient("alex@demo.invalid", &hash, patient_id, now).await?;
    for (email, role) in [
        ("clinician@demo.invalid", sciatica_core::policy::Role::Clinician),
        ("admin@demo.invalid", sciatica_core::policy::Role::Admin),
    ] {
        let user = store
            .create_user(
                &sciatica_store::users::NewUser {
                    email: email.into(),
                    password_hash: hash.clone(),
                    role,
                    profile: None,
                },
                now,
            )
            .await?;
        if role == sciatica_core::policy::Role::Clinician {
            for patient in patients {
                store.add_to_care_team(patient, &user.id, None, now).await?;
            }
        }
    }
    Ok(vec![
        String::new(),
        "Demo accounts (made-up data), all with the password sciatica-demo:".to_owned(),
        "  alex@demo.invalid        a patient with a few weeks of sessions".to_owned(),
        "  clinician@demo.invalid   a clinician with these patients in their care".to_owned(),
        "  admin@demo.invalid       an administrator".to_owned(),
    ])
}

/// The demo patient with a proposal waiting for the clinician.
pub const WAITING_EMAIL: &str = "jordan@demo.invalid";

/// A patient with two good weeks of phase 1 behind them: every criterion of the phase holds, so
/// the move to phase 2 waits for the clinician's decision.
async fn waiting_patient(c: &'static Content, store: &Store) -> Result<String> {
    let profile = Profile::new(Some("Jordan"), "UTC", "07:30", "19:00")?;
    let schedule = profile_schedule("UTC")?;
    let today = schedule.date_of(Timestamp::now());
    let first = today.saturating_sub(Span::new().days(14));
    let start_at = at(first, Time::constant(7, 0, 0, 0), &schedule.tz)?;
    let patient = store.create_patient(&profile, start_at).await?;
    let answers = crate::commands::demo_caseload::demo_answers(52, false)?;
    screen::record(store, &patient, &answers, &triage::screen(c, &answers), start_at, SetBy::System).await?;
    let req = Request { cause: Some(Cause::DiscHerniation), phase: 1, cleared: true, ..Request::default() };
    let plan = plan::plan(c, &req)?;
    for d in 0..14 {
        let day = first.saturating_add(Span::new().days(d));
        let (leg, reach) = if d < 3 { (7, 4) } else { (3, 2) };
        for (slot, time) in
            [(Slot::Morning, Time::constant(8, 0, 0, 0)), (Slot::Evening, Time::constant(19, 0, 0, 0))]
        {
            let started = at(day, time, &schedule.tz)?;
            let mut s = new_session(slot, day, started);
            s.ended_at = started + SignedDuration::from_mins(18);
            (s.leg_pain_before, s.leg_pain_after) = (Some(Pain::new(leg)?), Some(Pain::new(leg)?));
            (s.back_pain_before, s.back_pain_after) = (Some(Pain::new(2)?), Some(Pain::new(2)?));
            s.left = SideLevels { pre: Some(Level::new(reach)?), post: Some(Level::new(reach)?), late: None };
            s.right = SideLevels { pre: Some(Level::NONE), post: Some(Level::NONE), late: None };
            for e in &plan.exercises {
                s.exercises.push(ExerciseDone {
                    id: e.id.clone(),
                    sets_done: e.sets,
                    reps_done: e.reps * e.sets * if e.per_side { 2 } else { 1 },
                    hold_seconds: e.hold_seconds,
                    seconds_done: e.minutes.map(|m| m * 60),
                    completed: true,
                    response: Some(Response::MovedUp),
                });
            }
            store.finish_session(c, Finish::new(&patient.id, s)).await?;
        }
    }
    Ok(patient.id)
}

/// Makes a patient called `name` with `days` of made-up history (`seed` varies the numbers).
async fn fill(
    c: &'static Content,
    store: &Store,
    days: u32,
    name: &str,
    seed: u64,
    show_progress: bool,
) -> Result<(String, usize)> {
    let zone = demo_zone();
    let zone = zone.as_str();
    let profile = Profile::new(Some(name), zone, "07:30", "19:00")?;
    let now = Timestamp::now();
    let schedule = profile_schedule(zone)?;
    let today = schedule.date_of(now);
    let first = today.saturating_sub(Span::new().days(i64::from(days) - 1));
    let start_at = at(first, Time::constant(7, 0, 0, 0), &schedule.tz)?;
    let patient = store.create_patient(&profile, start_at).await?;

    let answers = crate::commands::demo_caseload::demo_answers(44, false)?;
    screen::record(store, &patient, &answers, &triage::screen(c, &answers), start_at, SetBy::System).await?;
    save_measure(c, store, &patient, MeasureId::Odi, "3,2,3,2,4,3,1,0,2,3", start_at).await?;
    save_measure(c, store, &patient, MeasureId::Startback, "1,1,1,1,1,0,0,0,3", start_at).await?;
    save_measure(c, store, &patient, MeasureId::Nrs, "7", start_at).await?;

    let phase2_day = (days >= 21).then_some(days * 2 / 3);
    let bar = indicatif::ProgressBar::new(u64::from(days));
    if show_progress {
        bar.set_style(
            indicatif::ProgressStyle::with_template("  making demo data {bar:30} {pos}/{len} days")
                .expect("valid template"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let mut rng = Lcg(20_261_124 + seed);
    let mut count = 0;
    let mut unlocked = std::collections::BTreeSet::new();
    let mut regressed_until: Option<u32> = None;
    for d in 0..days {
        let day = first.saturating_add(Span::new().days(i64::from(d)));
        let phase = if phase2_day.is_some_and(|p| d >= p) { 2 } else { 1 };
        if phase2_day == Some(d) {
            store
                .start_program(
                    &patient.id,
                    &NewProgram {
                        cause: Cause::DiscHerniation,
                        cleared: true,
                        phase: 2,
                        started_on: first,
                        phase_started_on: day,
                        reason: "moved to phase 2".into(),
                        set_by: SetBy::SelfManager,
                        trials: std::collections::BTreeSet::new(),
                        edits: sciatica_core::care::Edits::default(),
                    },
                    at(day, Time::constant(7, 0, 0, 0), &schedule.tz)?,
                )
                .await?;
        }
        if d == 14 {
            save_measure(
                c,
                store,
                &patient,
                MeasureId::Odi,
                "2,1,2,1,2,2,1,0,1,2",
                at(day, Time::constant(8, 0, 0, 0), &schedule.tz)?,
            )
            .await?;
            save_measure(
                c,
                store,
                &patient,
                MeasureId::Nrs,
                "4",
                at(day, Time::constant(8, 0, 0, 0), &schedule.tz)?,
            )
            .await?;
        }
        if d >= 2 {
            unlocked.insert("prone-on-elbows".to_owned());
        }
        if d >= 4 {
            unlocked.extend(["prone-press-up".to_owned(), "standing-extension".to_owned()]);
        }
        let progress = f64::from(d) / f64::from(days.max(2) - 1);
        for (slot, base) in
            [(Slot::Morning, Time::constant(7, 30, 0, 0)), (Slot::Evening, Time::constant(19, 0, 0, 0))]
        {
            let jitter = SignedDuration::from_mins((rng.next() * 40.0) as i64 - 10);
            let started = at(day, base, &schedule.tz)? + jitter;
            // A session missed now and then, but none in the last week: the demo shows a streak.
            let missed = rng.next() < 0.1 && d + 7 < days;
            if started + SignedDuration::from_mins(20) > now || missed {
                continue;
            }
            let mut req = Request {
                cause: Some(Cause::DiscHerniation),
                phase,
                cleared: true,
                unlocked: unlocked.clone(),
                ..Request::default()
            };
            let regressed = regressed_until.is_some_and(|u| d <= u);
            if let Some(u) = regressed_until.filter(|_| regressed) {
                let until = first.saturating_add(Span::new().days(i64::from(u)));
                let easier = plan::Easier { reason: StopReason::MovedDown, until, text: String::new() };
                req.regressed.insert("prone-press-up".to_owned(), easier);
            }
            let plan = plan::plan(c, &req)?;
            let leg = (7.0 - 5.0 * progress + rng.next() * 1.6 - 0.8).round().clamp(1.0, 10.0) as i64;
            let back = (3.0 + 1.5 * (progress * std::f64::consts::PI).sin() + rng.next() - 0.5)
                .round()
                .clamp(0.0, 10.0) as i64;
            let reach: i64 = if progress < 0.2 {
                4
            } else if progress < 0.45 {
                3
            } else {
                2
            };
            let spread = d == days / 3 && slot == Slot::Morning && days >= 9;
            let mut s = new_session(slot, day, started);
            s.ended_at = started + SignedDuration::from_mins(14 + (rng.next() * 8.0) as i64);
            s.leg_pain_before = Some(Pain::new(leg)?);
            s.leg_pain_after = Some(Pain::new(if spread { leg + 1 } else { (leg - 1).max(0) })?);
            s.back_pain_before = Some(Pain::new(back)?);
            s.back_pain_after = Some(Pain::new((back + 1).min(10))?);
            let after = if spread {
                reach + 1
            } else if rng.next() < 0.6 {
                (reach - 1).max(1)
            } else {
                reach
            };
            s.left = SideLevels { pre: Some(Level::new(reach)?), post: Some(Level::new(after)?), late: None };
            s.right = SideLevels { pre: Some(Level::NONE), post: Some(Level::NONE), late: None };
            s.walking_minutes =
                plan.exercises.iter().any(|e| e.id == "walking-program").then_some(5 + d * 2 / 3);
            s.sitting_minutes = Some(15 + d);
            s.regression_applied = regressed;
            for e in &plan.exercises {
                let moved_down = spread && e.id == "prone-press-up";
                let response = if moved_down {
                    Response::MovedDown
                } else if e.direction == sciatica_core::Direction::Extension && rng.next() < 0.7 {
                    Response::MovedUp
                } else {
                    Response::NoChange
                };
                s.exercises.push(ExerciseDone {
                    id: e.id.clone(),
                    sets_done: e.sets,
                    reps_done: e.reps * e.sets * if e.per_side { 2 } else { 1 },
                    hold_seconds: e.hold_seconds,
                    seconds_done: e.minutes.map(|m| m * 60),
                    completed: true,
                    response: Some(response),
                });
                if moved_down {
                    s.stopped = true;
                    regressed_until = Some(d + 2);
                    break;
                }
            }
            store.finish_session(c, Finish::new(&patient.id, s)).await?;
            count += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok((patient.id, count))
}

/// The time zone of the demo's patients: this machine's, or UTC.
fn demo_zone() -> String {
    let tz = jiff::tz::TimeZone::system();
    tz.iana_name().filter(|z| Profile::new(None, z, "07:30", "19:00").is_ok()).unwrap_or("UTC").to_owned()
}

fn profile_schedule(zone: &str) -> Result<sciatica_core::schedule::Schedule> {
    Ok(sciatica_core::schedule::Schedule::new(
        sciatica_core::schedule::parse_tz(zone)?,
        Time::constant(7, 30, 0, 0),
        Time::constant(19, 0, 0, 0),
    )?)
}

async fn save_measure(
    c: &Content,
    store: &Store,
    patient: &Patient,
    id: MeasureId,
    answers: &str,
    when: Timestamp,
) -> Result<()> {
    let def = c.measure(id);
    let a = measures::parse_answers(def, answers)?;
    store.save_measure(&patient.id, &def.version, &a, &measures::score(def, &a), when).await?;
    Ok(())
}
