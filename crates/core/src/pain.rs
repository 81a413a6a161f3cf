//! Pain on the 0–10 numeric rating scale (REFERENCE §6.5).

use crate::error::PainOutOfRange;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A pain rating: a whole number from 0 (no pain) to 10 (worst imaginable).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u8")]
pub struct Pain(u8);

impl Pain {
    /// No pain.
    pub const ZERO: Pain = Pain(0);

    /// A rating from a number 0–10.
    pub fn new(n: i64) -> Result<Pain, PainOutOfRange> {
        u8::try_from(n).ok().filter(|n| *n <= 10).map(Pain).ok_or(PainOutOfRange(n))
    }

    /// The number.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Pain {
    type Error = PainOutOfRange;
    fn try_from(n: i64) -> Result<Pain, PainOutOfRange> {
        Pain::new(n)
    }
}

impl From<Pain> for u8 {
    fn from(p: Pain) -> u8 {
        p.0
    }
}

impl fmt::Display for Pain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(Pain::new(10).unwrap().get(), 10);
        assert!(Pain::new(11).is_err());
        assert!(Pain::new(-1).is_err());
        assert!(serde_json::from_str::<Pain>("11").is_err());
        assert!(PainOutOfRange(11).to_string().contains("0 (no pain) to 10"));
    }
}
