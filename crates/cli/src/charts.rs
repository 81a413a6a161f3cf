//! Charts drawn with text: bars of one value per column and a session calendar, laid out to fit
//! the terminal: a column per day when the days fit, else a column per week.

use jiff::civil::Date;

/// How a chart's columns are laid out in the room there is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Days one column stands for: 1 or 7.
    pub per: usize,
    /// A space between columns.
    pub gap: bool,
    /// Columns left out at the start (the oldest), when even the weeks do not fit.
    pub skipped: usize,
}

impl Layout {
    /// The layout for `days` days in `room` characters: days with a gap between them, days
    /// side by side, weeks with a gap, weeks side by side, then the latest weeks that fit.
    pub fn fit(days: usize, room: usize) -> Layout {
        let weeks = days.div_ceil(7);
        for (per, n, gap) in [(1, days, true), (1, days, false), (7, weeks, true), (7, weeks, false)] {
            if width(n, gap) <= room {
                return Layout { per, gap, skipped: 0 };
            }
        }
        Layout { per: 7, gap: false, skipped: weeks.saturating_sub(room.max(1)) }
    }

    /// True when a column is a week.
    pub fn weekly(self) -> bool {
        self.per > 1
    }

    /// Groups per-day values into the columns shown, the newest column ending with the last
    /// day (so the oldest week may be shorter).
    pub fn columns<T>(self, values: &[T]) -> Vec<&[T]> {
        let mut cols: Vec<&[T]> = values.rchunks(self.per).collect();
        cols.reverse();
        cols.into_iter().skip(self.skipped).collect()
    }

    /// The first day shown, given the first day of the data.
    pub fn first_day(self, from: Date, days: usize) -> Date {
        let first_col = match days % self.per {
            0 => self.per,
            r => r,
        };
        let hidden = if self.skipped == 0 { 0 } else { first_col + (self.skipped - 1) * self.per };
        from.saturating_add(jiff::Span::new().days(hidden as i64))
    }
}

/// Characters `n` columns take.
pub fn width(n: usize, gap: bool) -> usize {
    if gap { (2 * n).saturating_sub(1) } else { n }
}

/// The mean of the known values of a column (`None` when nothing was logged).
pub fn mean(values: &[Option<f64>]) -> Option<f64> {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64)
}

/// A bar chart of one value per column (`None` = nothing logged), `rows` lines high, with each
/// row's label on the left. Bars use full and half blocks, so the resolution is half a row.
pub fn bars(
    values: &[Option<f64>],
    max: f64,
    rows: usize,
    gap: bool,
    label: impl Fn(f64) -> String,
) -> Vec<String> {
    let step = max / rows as f64;
    let label_width = (0..=rows).map(|r| label(step * r as f64).chars().count()).max().unwrap_or(0);
    let mut lines = Vec::new();
    for r in (0..rows).rev() {
        let bottom = step * r as f64;
        let mut line = format!("{:>label_width$} │", label(bottom + step));
        for v in values {
            let cell = match v {
                Some(v) if *v >= bottom + step - 1e-9 => '█',
                Some(v) if *v >= bottom + step / 2.0 - 1e-9 => '▄',
                None if r == 0 => '·',
                _ => ' ',
            };
            line.push(cell);
            if gap {
                line.push(' ');
            }
        }
        lines.push(line.trim_end().to_owned());
    }
    let rule = if gap { 2 * values.len() } else { values.len() };
    lines.push(format!("{:>label_width$} └{}", label(0.0), "─".repeat(rule)));
    lines
}

/// The date axis under `cells` characters of chart: the first and the last day.
pub fn axis(from: Date, to: Date, indent: usize, cells: usize) -> String {
    let first = from.strftime("%-d %b").to_string();
    let last = to.strftime("%-d %b").to_string();
    let pad = " ".repeat(indent);
    if from == to {
        return format!("{pad}{first}");
    }
    let used = first.chars().count() + last.chars().count();
    if used + 1 > cells {
        return format!("{pad}{first} to {last}");
    }
    format!("{pad}{first}{}{last}", " ".repeat(cells - used))
}

/// One calendar cell: of the sessions planned in a day or a week, how many were done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Every planned session done.
    Done,
    /// Some done, some missed (weeks only).
    Some,
    /// Planned and missed.
    Missed,
    /// Nothing planned, or still to come.
    Nothing,
}

impl Mark {
    /// The mark of a column of days, each done (`Some(true)`), missed (`Some(false)`) or not
    /// planned (`None`).
    pub fn of(days: &[Option<bool>]) -> Mark {
        let done = days.iter().filter(|d| **d == Some(true)).count();
        let missed = days.iter().filter(|d| **d == Some(false)).count();
        match (done, missed) {
            (0, 0) => Mark::Nothing,
            (_, 0) => Mark::Done,
            (0, _) => Mark::Missed,
            _ => Mark::Some,
        }
    }
}

/// A calendar row: ● done, ◐ some done, ○ missed, · nothing planned (or still to come).
pub fn calendar_row(cells: &[Mark], gap: bool) -> String {
    let mut row = String::new();
    for c in cells {
        row.push(match c {
            Mark::Done => '●',
            Mark::Some => '◐',
            Mark::Missed => '○',
            Mark::Nothing => '·',
        });
        if gap {
            row.push(' ');
        }
    }
    row.trim_end().to_owned()
}

/// A legend: its keys two spaces apart after `indent` spaces, a key never split over two lines
/// (a line with a key too long for the indent starts further left).
pub fn legend(keys: &[&str], indent: usize, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut finish = |line: &str| {
        let pad = indent.min(width.saturating_sub(line.chars().count())).max(2);
        lines.push(format!("{}{line}", " ".repeat(pad)));
    };
    for key in keys {
        let len = line.chars().count();
        if len > 0 && indent + len + 2 + key.chars().count() > width {
            finish(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(key);
    }
    if !line.is_empty() {
        finish(&line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn bars_show_full_and_half_blocks_and_gaps() {
        let values = [Some(10.0), Some(5.0), None, Some(1.0), Some(0.0)];
        let lines = bars(&values, 10.0, 5, true, |v| format!("{v:.0}"));
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0], "10 │█");
        assert_eq!(lines[2], " 6 │█ ▄", "5 fills the 4–6 row by half");
        assert_eq!(lines[3], " 4 │█ █");
        assert_eq!(lines[4], " 2 │█ █ · ▄");
        assert_eq!(lines[5], " 0 └──────────");
        let dense = bars(&values, 10.0, 5, false, |v| format!("{v:.0}"));
        assert_eq!(dense[4], " 2 │██·▄");
        assert_eq!(dense[5], " 0 └─────");
    }

    #[test]
    fn days_then_weeks_then_the_latest_weeks() {
        assert_eq!(Layout::fit(28, 55), Layout { per: 1, gap: true, skipped: 0 });
        assert_eq!(Layout::fit(28, 54), Layout { per: 1, gap: false, skipped: 0 });
        assert_eq!(Layout::fit(120, 89), Layout { per: 7, gap: true, skipped: 0 }, "18 weeks");
        assert_eq!(Layout::fit(120, 30), Layout { per: 7, gap: false, skipped: 0 });
        assert_eq!(Layout::fit(365, 40), Layout { per: 7, gap: false, skipped: 13 }, "53 weeks");
    }

    #[test]
    fn weeks_end_on_the_last_day() {
        let l = Layout { per: 7, gap: true, skipped: 0 };
        let days: Vec<u32> = (1..=10).collect();
        assert_eq!(l.columns(&days), vec![&[1, 2, 3][..], &[4, 5, 6, 7, 8, 9, 10]]);
        let from = date(2025, 1, 1);
        assert_eq!(l.first_day(from, 10), from);
        let skip = Layout { skipped: 1, ..l };
        assert_eq!(skip.columns(&days), vec![&[4, 5, 6, 7, 8, 9, 10][..]]);
        assert_eq!(skip.first_day(from, 10), date(2025, 1, 4));
        let whole = Layout { skipped: 1, ..l };
        assert_eq!(whole.first_day(from, 14), date(2025, 1, 8));
    }

    #[test]
    fn calendar_marks() {
        assert_eq!(calendar_row(&[Mark::Done, Mark::Missed, Mark::Nothing], true), "● ○ ·");
        assert_eq!(Mark::of(&[Some(true), None]), Mark::Done);
        assert_eq!(Mark::of(&[Some(true), Some(false)]), Mark::Some);
        assert_eq!(Mark::of(&[Some(false), None]), Mark::Missed);
        assert_eq!(Mark::of(&[None, None]), Mark::Nothing);
        assert_eq!(calendar_row(&[Mark::Some, Mark::Done], false), "◐●");
    }

    #[test]
    fn a_legend_wraps_between_keys() {
        let keys = ["● done", "○ missed", "· nothing planned or still to come"];
        assert_eq!(legend(&keys, 2, 80), vec!["  ● done  ○ missed  · nothing planned or still to come"]);
        assert_eq!(legend(&keys, 2, 40), vec!["  ● done  ○ missed", "  · nothing planned or still to come"]);
        let moved = legend(&keys, 11, 40);
        assert_eq!(moved, vec!["           ● done  ○ missed", "      · nothing planned or still to come"]);
    }

    #[test]
    fn the_axis_fits_under_its_chart() {
        let (a, b) = (date(2025, 3, 1), date(2025, 3, 28));
        let line = axis(a, b, 2, 55);
        assert_eq!(line.chars().count(), 2 + 55);
        assert!(line.starts_with("  1 Mar") && line.ends_with("28 Mar"));
        assert_eq!(axis(a, b, 0, 8), "1 Mar to 28 Mar");
        assert_eq!(axis(a, a, 0, 1), "1 Mar");
    }
}
