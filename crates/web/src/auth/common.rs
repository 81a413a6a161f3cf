//! Passwords too easy to guess: the commonest ones (a list shipped in the binary, see the header
//! of `common_passwords.txt` for its source and licence), a common one with digits or symbols
//! added before or after it (`password1234`), and a short piece repeated (`abcabcabcabc`).

use std::collections::HashSet;
use std::sync::LazyLock;

static LIST: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt").lines().filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
});

/// True when `password` is too easy to guess.
pub fn is_common(password: &str) -> bool {
    let lower = password.trim().to_lowercase();
    if LIST.contains(lower.as_str()) || repeated(&lower) {
        return true;
    }
    let core =
        lower.trim_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace());
    core.chars().count() >= 4 && (LIST.contains(core) || repeated(core))
}

/// The whole made of one piece repeated: a short one (`aaaa…`, `121212…`) or a common one
/// (`passwordpassword`).
fn repeated(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (1..=chars.len() / 2).any(|n| {
        chars.len().is_multiple_of(n)
            && chars.chunks(n).all(|c| c == &chars[..n])
            && (n <= 4 || LIST.contains(chars[..n].iter().collect::<String>().as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_shipped_and_read() {
        assert!(LIST.len() > 10_000);
        assert!(is_common("password"));
        assert!(is_common("qwertyuiop123"));
        assert!(is_common("1q2w3e4r5t6y"));
    }

    #[test]
    fn common_words_with_digits_or_repeats_are_refused() {
        assert!(is_common("Password1234!"));
        assert!(is_common("2024iloveyou!!"));
        assert!(is_common("aaaaaaaaaaaa"));
        assert!(is_common("abcabcabcabc"));
        assert!(is_common("121212121212"));
    }

    #[test]
    fn ordinary_passphrases_pass() {
        assert!(!is_common("a long test password"));
        assert!(!is_common("correct horse battery staple"));
        assert!(!is_common("dragon fruit 2024"));
        assert!(!is_common("my knee is older than me"));
    }
}
