//! How fast one account may write (sessions, screens, measures, harm reports, settings …,
//! through the API and the pages): a token bucket per account, kept in memory. A burst of
//! `write_burst` writes is allowed at once, then `writes_per_second`; past that a write is
//! answered `429` with `Retry-After`. (Each server instance keeps its own buckets; behind a load
//! balancer the limit is per instance, which still bounds what one account can do.)

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before full ones are forgotten (a full bucket is the same as none).
const PRUNE_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every account that wrote lately.
#[derive(Debug)]
pub struct WriteLimits {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

impl WriteLimits {
    /// Limits of `burst` writes at once and `per_second` in the long run.
    pub fn new(burst: u32, per_second: f64) -> WriteLimits {
        WriteLimits {
            burst: f64::from(burst.max(1)),
            per_second: per_second.max(0.001),
            buckets: Mutex::default(),
        }
    }

    /// Takes one write for `account` at `now`: `Ok` when allowed, else the seconds to wait.
    pub fn take(&self, account: &str, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= PRUNE_AT {
            let (burst, rate) = (self.burst, self.per_second);
            buckets
                .retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = buckets.entry(account.to_owned()).or_insert(Bucket { tokens: self.burst, at: now });
        let refilled = now.saturating_duration_since(b.at).as_secs_f64() * self.per_second;
        b.tokens = (b.tokens + refilled).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_the_sustained_rate() {
        let limits = WriteLimits::new(30, 1.0);
        let t = Instant::now();
        for i in 0..30 {
            assert!(limits.take("a", t).is_ok(), "write {i} of the burst");
        }
        assert_eq!(limits.take("a", t), Err(1));
        assert!(limits.take("b", t).is_ok(), "another account has its own bucket");
        assert!(limits.take("a", t + Duration::from_secs(1)).is_ok(), "one more a second");
        assert!(limits.take("a", t + Duration::from_secs(1)).is_err());
        for i in 0..30 {
            assert!(limits.take("a", t + Duration::from_mins(1)).is_ok(), "refilled after a minute: {i}");
        }
    }

    #[test]
    fn full_buckets_are_forgotten() {
        let limits = WriteLimits::new(2, 1.0);
        let t = Instant::now();
        for i in 0..PRUNE_AT {
            limits.take(&format!("acct{i}"), t).unwrap();
        }
        limits.take("last", t + Duration::from_secs(5)).unwrap();
        assert!(limits.buckets.lock().unwrap().len() < 10, "refilled buckets were dropped");
    }
}
