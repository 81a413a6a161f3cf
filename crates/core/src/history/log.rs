//! The part of the session log that the progression criteria and the history rules read: the
//! sessions of the last [`WINDOW_DAYS`] days in full, and summaries of the older sessions of the
//! programme and of the phase. It grows with the days of the window, never with the length of the
//! history.
//!
//! The summaries of the window are counted when asked for, from its sessions in the order they
//! started, so a session that arrives late (a slow request, a device that was offline for a day)
//! takes its place in the window exactly; only one older than every session of the window needs
//! the whole history.

use crate::history::Session;
use crate::history::summary::Stats;
use jiff::civil::Date;
use jiff::{SignedDuration, Span, Timestamp};
use serde::{Deserialize, Serialize};

/// Days of sessions kept in full. The rules look back at most 14 days (R32 a: this week against
/// the week before; SETTLED-14), counted from today, which is never before the newest session.
pub const WINDOW_DAYS: i64 = 14;

/// A later check reaches a session that ended at most this long before the next one started
/// (the next session's start is the "next check" of REFERENCE §5.3).
pub const LATE_WINDOW: SignedDuration = SignedDuration::from_hours(16);

/// Which stored sessions a log read back holds in full: those of the programme (on or after
/// `since`) that started after `after` (every one when nothing was folded yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The start of the newest session folded into the summaries.
    pub after: Option<Timestamp>,
    /// The day the programme began.
    pub since: Date,
}

/// The bounded view of a programme's log.
///
/// Its sessions are not written with it: the sessions table holds them, and a log read back is
/// given them again with [`Log::refill`] (the sessions [`Log::window`] names). So writing a
/// record costs the same whatever the number of sessions in the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Log {
    /// The sessions of the programme on the last [`WINDOW_DAYS`] days, and the one session
    /// before them (R23 b reads the session before each), in the order they started.
    #[serde(skip)]
    pub recent: Vec<Session>,
    /// Summaries, since the programme began, of its sessions no longer in `recent`.
    pub program_before: Stats,
    /// Summaries, since the phase began, of its sessions no longer in `recent`.
    pub phase_before: Stats,
    /// When the newest session no longer in `recent` started: a session that started before it
    /// needs the whole history.
    pub folded_until: Option<Timestamp>,
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
            program_before: Stats::new(program_started),
            phase_before: Stats::new(phase_started),
            folded_until: None,
            horizon: None,
        }
    }

    /// The log of stored `sessions` (oldest first, with the later checks they were stored with).
    pub fn of(
        program_started: Date,
        phase_started: Date,
        sessions: impl IntoIterator<Item = Session>,
    ) -> Log {
        let mut log = Log::new(program_started, phase_started);
        for s in sessions {
            log.insert(s);
        }
        log
    }

    /// Adds a session as the store stores it: its levels before are the later check of the
    /// session that started last before it, when that one ended within [`LATE_WINDOW`] and has
    /// none yet. Returns `false`, changing nothing, when it started before a session no longer
    /// kept in full (the whole history is needed).
    pub fn add(&mut self, s: Session) -> bool {
        if s.date < self.program_before.since {
            return true;
        }
        if self.folded_until.is_some_and(|f| s.started_at <= f) {
            return false;
        }
        self.fill_later(&s);
        self.insert(s);
        true
    }

    fn insert(&mut self, mut s: Session) {
        if s.date < self.program_before.since {
            return;
        }
        // What no rule reads is not kept: the record stays small.
        s.notes = None;
        s.program_id = None;
        let at = self.recent.partition_point(|r| (r.started_at, &r.id) <= (s.started_at, &s.id));
        self.recent.insert(at, s);
        self.trim();
    }

    fn fill_later(&mut self, s: &Session) {
        if s.left.pre.is_none() && s.right.pre.is_none() {
            return;
        }
        let reach = s.started_at - LATE_WINDOW;
        if let Some(prev) =
            self.recent.iter_mut().rev().find(|p| p.started_at < s.started_at && p.ended_at >= reach)
        {
            prev.left.late = prev.left.late.or(s.left.pre);
            prev.right.late = prev.right.late.or(s.right.pre);
        }
    }

    /// Folds the sessions that left the window into the summaries, oldest first.
    fn trim(&mut self) {
        let Some(newest) = self.recent.iter().map(|s| s.date).max() else { return };
        let floor = newest.saturating_sub(Span::new().days(WINDOW_DAYS));
        let first_kept = self.recent.iter().position(|s| s.date >= floor).unwrap_or(self.recent.len());
        let drop = first_kept.saturating_sub(1);
        for s in self.recent.drain(..drop) {
            self.program_before.add(&s);
            self.phase_before.add(&s);
            self.folded_until = self.folded_until.max(Some(s.started_at));
            self.horizon = self.horizon.max(Some(s.date));
        }
    }

    /// The stored sessions [`Log::refill`] needs.
    pub fn window(&self) -> Window {
        Window { after: self.folded_until, since: self.program_before.since }
    }

    /// Gives a log read back its sessions: of `stored` (with the later checks they were stored
    /// with), those [`Log::window`] names.
    pub fn refill(&mut self, stored: impl IntoIterator<Item = Session>) {
        let w = self.window();
        self.recent.clear();
        for s in stored {
            if s.date >= w.since && w.after.is_none_or(|a| s.started_at > a) {
                self.insert(s);
            }
        }
    }

    /// Summaries since the programme began.
    pub fn program(&self) -> Stats {
        let mut stats = self.program_before.clone();
        for s in &self.recent {
            stats.add(s);
        }
        stats
    }

    /// Summaries since the phase began.
    pub fn phase(&self) -> Stats {
        let mut stats = self.phase_before.clone();
        for s in &self.recent {
            stats.add(s);
        }
        stats
    }

    /// Whether a phase or programme starting on `date` can be counted from the sessions kept.
    pub fn covers(&self, date: Date) -> bool {
        self.horizon.is_none_or(|h| h < date)
    }

    /// A new phase from `date`. Returns `false` (changing nothing) when the window does not reach
    /// back to `date`.
    pub fn restart_phase(&mut self, date: Date) -> bool {
        if !self.covers(date) {
            return false;
        }
        self.phase_before = Stats::new(date);
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
        self.program_before = Stats::new(date);
        self.phase_before = Stats::new(date);
        true
    }

    /// The log of `sessions` with every session kept in full: what the bounded log must answer
    /// the same as.
    #[cfg(test)]
    pub(crate) fn whole(
        program_started: Date,
        phase_started: Date,
        sessions: impl IntoIterator<Item = Session>,
    ) -> Log {
        let mut log = Log::new(program_started, phase_started);
        for s in sessions {
            if s.date >= log.program_before.since {
                log.recent.push(s);
            }
        }
        log
    }
}
