//! Writes sample progress charts and body maps as SVG files, with their summaries and tables,
//! into a directory (the first argument; `charts` by default).
//!
//! ```text
//! cargo run -p sciatica-interop --example charts -- charts-out
//! ```

use jiff::civil::{Date, date};
use sciatica_core::symptoms::Level;
use sciatica_interop::bodymap::{self, MapText};
use sciatica_interop::charts::{
    Calendar, CalendarDay, Chart, ChartText, Daily, DailySeries, Labels, Levels, Mark, Measure, MeasurePoint,
    adherence_calendar, daily_series, level_series, measure_chart,
};
use std::path::Path;

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "charts".to_owned());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    let t = ChartText::default();
    let from = date(2026, 3, 2);
    let to = date(2026, 3, 29);
    let opt = |v: &[i8]| v.iter().map(|x| (*x >= 0).then_some(f64::from(*x))).collect::<Vec<_>>();

    let pain = Daily {
        from,
        to,
        series: vec![
            DailySeries {
                name: "Leg pain".into(),
                values: opt(&[
                    7, 8, 7, 7, 6, -1, 6, 6, 5, 6, 5, -1, -1, 5, 4, 4, 5, 4, 3, 4, 3, 3, -1, 3, 2, 3, 2, 2,
                ]),
            },
            DailySeries {
                name: "Back pain".into(),
                values: opt(&[
                    3, 3, 4, 3, 4, -1, 4, 4, 5, 4, 4, -1, -1, 4, 4, 3, 4, 3, 3, 3, 4, 3, -1, 3, 3, 2, 3, 3,
                ]),
            },
        ],
    };
    write(dir, "pain", &daily_series(&pain, &Labels { id: "pain", title: "Leg and back pain" }, &t))?;

    let levels = Levels {
        from,
        to,
        levels: [5, 5, 5, 4, 4, -1, 4, 4, 3, 4, 3, -1, -1, 3, 3, 3, 2, 3, 2, 2, 2, 2, -1, 2, 1, 2, 1, 1]
            .iter()
            .map(|l: &i8| u8::try_from(*l).ok())
            .collect(),
    };
    write(
        dir,
        "levels",
        &level_series(&levels, &Labels { id: "levels", title: "How far down your leg" }, &t),
    )?;

    let calendar = sessions(from, to, date(2026, 3, 26));
    write(
        dir,
        "calendar",
        &adherence_calendar(&calendar, &Labels { id: "sessions", title: "Sessions done" }, &t),
    )?;

    let odi = Measure {
        max_score: 100.0,
        lower_is_better: true,
        minimal_important_change: Some(10.0),
        baseline: None,
        points: [(3, 2, 46.0), (3, 16, 40.0), (4, 13, 34.0), (5, 25, 28.0)]
            .map(|(m, d, s)| MeasurePoint { date: date(2026, m, d), score: Some(s) })
            .to_vec(),
    };
    let odi_labels = Labels { id: "odi", title: "Oswestry Disability Index" };
    write(dir, "measure-odi", &measure_chart(&odi, &odi_labels, &t))?;
    let rmdq = Measure {
        max_score: 24.0,
        minimal_important_change: Some(5.0),
        points: [(3, 2, 11.0), (3, 16, 9.0)]
            .map(|(m, d, s)| MeasurePoint { date: date(2026, m, d), score: Some(s) })
            .to_vec(),
        ..odi
    };
    write(dir, "measure-rmdq", &measure_chart(&rmdq, &Labels { id: "rmdq", title: "Roland-Morris" }, &t))?;

    let text = MapText {
        id: "map",
        title: "Where your symptoms reach, seen from behind",
        description: "Tap the furthest point your symptoms reach on each leg.",
        levels: &t.levels,
        left: "Left",
        right: "Right",
    };
    let chosen = |n: i64| Level::new(n).expect("a level");
    std::fs::write(dir.join("bodymap.svg"), bodymap::body_map(chosen(4), chosen(1), &text))?;
    std::fs::write(dir.join("bodymap-static.svg"), bodymap::body_map_static(&text))?;
    println!("wrote {}", dir.display());
    Ok(())
}

/// Morning and evening sessions, most done, up to `today` (its evening still to come).
fn sessions(from: Date, to: Date, today: Date) -> Calendar {
    let mut days = Vec::new();
    let mut d = from;
    let mut i = 0;
    while d <= to {
        let (morning, evening) = if d > today {
            (Mark::ToCome, Mark::ToCome)
        } else if d == today {
            (Mark::Done, Mark::ToCome)
        } else if i == 5 {
            (Mark::NotPlanned, Mark::NotPlanned)
        } else if i % 9 == 4 {
            (Mark::Done, Mark::Missed)
        } else if i == 11 {
            (Mark::Missed, Mark::Missed)
        } else {
            (Mark::Done, Mark::Done)
        };
        days.push(CalendarDay { date: d, morning, evening });
        d = d.tomorrow().expect("a date");
        i += 1;
    }
    Calendar { days, current_streak: 3, best_streak: 8 }
}

fn write(dir: &Path, name: &str, chart: &Chart) -> std::io::Result<()> {
    std::fs::write(dir.join(format!("{name}.svg")), &chart.svg)?;
    let mut words = format!("{}\n\n{}\n", chart.summary, chart.table.headers.join(" | "));
    for row in &chart.table.rows {
        words.push_str(&format!("{} | {}\n", row.label, row.values.join(" | ")));
    }
    std::fs::write(dir.join(format!("{name}.txt")), words)
}
