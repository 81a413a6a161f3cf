//! Charts drawn with text: daily bars and a session calendar, one column per day.

use jiff::civil::Date;

/// A bar chart of one value per day (`None` = nothing logged), `rows` lines high, with each
/// row's label on the left. Bars use full and half blocks, so the resolution is half a row.
pub fn bars(values: &[Option<f64>], max: f64, rows: usize, label: impl Fn(f64) -> String) -> Vec<String> {
    let step = max / rows as f64;
    let width = (0..=rows).map(|r| label(step * r as f64).chars().count()).max().unwrap_or(0);
    let mut lines = Vec::new();
    for r in (0..rows).rev() {
        let bottom = step * r as f64;
        let mut line = format!("{:>width$} │", label(bottom + step));
        for v in values {
            let cell = match v {
                Some(v) if *v >= bottom + step - 1e-9 => '█',
                Some(v) if *v >= bottom + step / 2.0 - 1e-9 => '▄',
                None if r == 0 => '·',
                _ => ' ',
            };
            line.push(cell);
            line.push(' ');
        }
        lines.push(line.trim_end().to_owned());
    }
    lines.push(format!("{:>width$} └{}", label(0.0), "──".repeat(values.len())));
    lines
}

/// The date axis under a chart: the first and last day.
pub fn axis(from: Date, to: Date, indent: usize, days: usize) -> String {
    let first = from.strftime("%-d %b").to_string();
    let last = to.strftime("%-d %b").to_string();
    let gap = (days * 2).saturating_sub(first.chars().count() + last.chars().count());
    format!("{}{first}{}{last}", " ".repeat(indent), " ".repeat(gap))
}

/// A calendar row: ● done, ○ planned and missed, · nothing planned (or still to come).
pub fn calendar_row(cells: &[Option<bool>]) -> String {
    cells
        .iter()
        .map(|c| match c {
            Some(true) => "● ",
            Some(false) => "○ ",
            None => "· ",
        })
        .collect::<String>()
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_show_full_and_half_blocks_and_gaps() {
        let lines =
            bars(&[Some(10.0), Some(5.0), None, Some(1.0), Some(0.0)], 10.0, 5, |v| format!("{v:.0}"));
        assert_eq!(lines.len(), 6);
        assert_eq!(lines[0], "10 │█");
        assert_eq!(lines[2], " 6 │█ ▄", "5 fills the 4–6 row by half");
        assert_eq!(lines[3], " 4 │█ █");
        assert_eq!(lines[4], " 2 │█ █ · ▄");
        assert_eq!(lines[5], " 0 └──────────");
    }

    #[test]
    fn calendar_marks() {
        assert_eq!(calendar_row(&[Some(true), Some(false), None]), "● ○ ·");
    }
}
