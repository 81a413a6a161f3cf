//! Small phrases the terminal screens share: doses, slots, dates.

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
}
