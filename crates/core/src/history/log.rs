//! The part of the session log that the progression criteria and the history rules read: the
//! sessions of the last [`WINDOW_DAYS`] days in full, and summaries since the programme and since
//! the phase began. It grows with the days of the window, never with the length of the history.

use crate::history::SessionRecord;
use crate::history::summary::Stats;
use jiff::civil::Date;
use jiff::{SignedDuration, Span};
use serde::{Deserialize, Serialize};

/// Days of sessions kept in full. The rules look back at most 14 days (R32 a: this week against
/// the week before; SETTLED-14), counted from today, which is never before the newest session.
pub const WINDOW_DAYS: i64 = 14;

/// A later check reaches a session that ended at most this long before the next one started
/// (the next session's start is the "next check" of REFERENCE §5.3).
pub const LATE_WINDOW: SignedDuration = SignedDuration::from_hours(16);

/// The bounded view of a programme's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Log {
    /// The sessions of the programme on the last [`WINDOW_DAYS`] days, and the one session
    /// before them (R23 b reads the session before each), in the order they started.
    pub recent: Vec<SessionRecord>,
    /// Summaries since the programme began.
    pub program: Stats,
    /// Summaries since the phase began.
    pub phase: Stats,
    /// The newest date of a session no longer in `recent`: a restart on or before it needs the
    /// whole history.
    pub horizon: Option<Date>,
}

impl Log {
    /// An empty log of a programme that began on `program_started`, in a phase that began on
    /// `phase_started`.
    pub fn new(program_started: Date, phase_started: Date) -> Log {
        Log {
            recent: Vec::new(),
            program: Stats::new(program_started),
            phase: Stats::new(phase_started),
            horizon: None,
        }
    }

    /// The log of `sessions` (oldest first), folded one at a time.
    pub fn of(
        program_started: Date,
        phase_started: Date,
        sessions: impl IntoIterator<Item = SessionRecord>,
    ) -> Log {
        let mut log = Log::new(program_started, phase_started);
        for s in sessions {
            log.add(s);
        }
        log
    }

    /// Adds a session that started after every session already in the log. Its levels before
    /// are the later check of the session before it, when that one ended within
    /// [`LATE_WINDOW`] and has none yet.
    pub fn add(&mut self, s: SessionRecord) {
        if s.date < self.program.since {
            return;
        }
        self.fill_later(&s);
        self.program.add(&s);
        self.phase.add(&s);
        self.recent.push(s);
        self.trim();
    }

    /// The log of `sessions` with every session kept in full: what the bounded log must answer
    /// the same as.
    #[cfg(test)]
    pub(crate) fn whole(
        program_started: Date,
        phase_started: Date,
        sessions: impl IntoIterator<Item = SessionRecord>,
    ) -> Log {
        let mut log = Log::new(program_started, phase_started);
        for s in sessions {
            if s.date < log.program.since {
                continue;
            }
            log.fill_later(&s);
            log.program.add(&s);
            log.phase.add(&s);
            log.recent.push(s);
        }
        log
    }

    fn fill_later(&mut self, s: &SessionRecord) {
        if s.left.pre.is_none() && s.right.pre.is_none() {
            return;
        }
        let reach = s.started_at - LATE_WINDOW;
        let Some(prev) =
            self.recent.iter_mut().rev().find(|p| p.started_at < s.started_at && p.ended_at >= reach)
        else {
            return;
        };
        let before = prev.clone();
        prev.left.late = prev.left.late.or(s.left.pre);
        prev.right.late = prev.right.late.or(s.right.pre);
        if *prev != before {
            let after = prev.clone();
            self.program.recount(&before, &after);
            self.phase.recount(&before, &after);
        }
    }

    fn trim(&mut self) {
        let Some(newest) = self.recent.last().map(|s| s.date) else { return };
        let floor = newest.saturating_sub(Span::new().days(WINDOW_DAYS));
        let first_kept = self.recent.iter().position(|s| s.date >= floor).unwrap_or(self.recent.len());
        let drop = first_kept.saturating_sub(1);
        if drop > 0 {
            self.horizon = self.recent[..drop].iter().map(|s| s.date).max().max(self.horizon);
            self.recent.drain(..drop);
        }
    }

    /// Whether a phase or programme starting on `date` can be counted from the sessions kept.
    pub fn covers(&self, date: Date) -> bool {
        self.horizon.is_none_or(|h| h < date)
    }

    /// A new phase from `date`: the phase summaries are counted again from the sessions kept.
    /// Returns `false` (changing nothing) when the window does not reach back to `date`.
    pub fn restart_phase(&mut self, date: Date) -> bool {
        if !self.covers(date) {
            return false;
        }
        self.phase = Stats::new(date);
        for s in &self.recent {
            self.phase.add(s);
        }
        true
    }

    /// A new programme from `date`: earlier sessions leave the log. Returns `false` (changing
    /// nothing) when the window does not reach back to `date`.
    pub fn restart_program(&mut self, date: Date) -> bool {
        if !self.covers(date) {
            return false;
        }
        let removed = self.recent.iter().filter(|s| s.date < date).map(|s| s.date).max();
        self.horizon = self.horizon.max(removed);
        self.recent.retain(|s| s.date >= date);
        self.program = Stats::new(date);
        self.phase = Stats::new(date);
        for s in &self.recent {
            self.program.add(s);
            self.phase.add(s);
        }
        true
    }

    /// The newest session.
    pub fn last(&self) -> Option<&SessionRecord> {
        self.recent.last()
    }
}
