//! Accounts: password hashing, sign-in sessions, the signed-in user, the client's address,
//! throttling of passwords and the write limit.

pub mod address;
pub mod client;
mod common;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;
pub mod user;
pub mod writes;

pub use client::ClientAddr;
pub use user::{ApiUser, Credential, CurrentUser};
