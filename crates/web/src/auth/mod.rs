//! Accounts: password hashing, sign-in sessions, the signed-in user, and throttling.

pub mod address;
mod common;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;
pub mod user;

pub use user::{ApiUser, CurrentUser};
