//! Random secrets (session cookies, links, API tokens, feed tokens) and their stored hashes.

use sha2::{Digest, Sha256};

/// A new secret: 32 random bytes, hex-encoded (64 characters, safe in URLs and headers).
pub fn new_secret() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// The stored form of a secret: SHA-256, hex.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// True when `s` has the shape of a secret (so garbage never reaches the database).
pub fn well_formed(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        assert!(well_formed(&a));
        assert_eq!(hash(&a), hash(&a));
        assert_ne!(hash(&a), a);
        assert!(!well_formed("../../etc"));
    }
}
