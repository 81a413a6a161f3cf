//! RFC 5545 content lines: TEXT escaping (§3.3.11) and folding at 75 octets (§3.1), CRLF endings.

/// An iCalendar object being written, one content line at a time.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    out: String,
}

impl Lines {
    /// A property whose value is written as given (dates, durations, rules, URIs, ...). Control
    /// characters are dropped so a value can never end the line early.
    pub(crate) fn raw(&mut self, name: &str, value: &str) {
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        fold_into(&format!("{name}:{value}"), &mut self.out);
    }

    /// A property of value type TEXT, escaped.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        fold_into(&format!("{name}:{}", escape_text(value)), &mut self.out);
    }

    /// `BEGIN:` a component.
    pub(crate) fn begin(&mut self, component: &str) {
        self.raw("BEGIN", component);
    }

    /// `END:` a component.
    pub(crate) fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    /// The finished text.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// Escapes a TEXT value: backslash, semicolon and comma get a backslash, a line break (CRLF, CR
/// or LF) becomes `\n`, and other control characters except tab are dropped (RFC 5545 does not
/// allow them in a content line).
pub(crate) fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one logical line, folded so that no physical line is longer than 75 octets (not
/// counting the CRLF); a continuation line starts with one space. Folds fall between characters,
/// never inside a multi-byte UTF-8 sequence.
pub(crate) fn fold_into(line: &str, out: &mut String) {
    const MAX: usize = 75;
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > MAX {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape_text("one\r\ntwo\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape_text("bell\u{7}\tend"), "bell\tend");
        assert_eq!(escape_text("colon: fine"), "colon: fine");
    }

    #[test]
    fn short_lines_are_not_folded() {
        let mut out = String::new();
        fold_into(&"x".repeat(75), &mut out);
        assert_eq!(out, format!("{}\r\n", "x".repeat(75)));
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        // 200 characters mixing 1-, 2-, 3- and 4-byte UTF-8 sequences.
        let summary: String = "Übung für den Rücken – 背中 🦵 ".chars().cycle().take(200).collect();
        assert_eq!(summary.chars().count(), 200);
        let mut lines = Lines::default();
        lines.text("SUMMARY", &summary);
        let out = lines.finish();
        assert!(out.ends_with("\r\n"));
        let physical: Vec<&str> = out.strip_suffix("\r\n").unwrap().split("\r\n").collect();
        assert!(physical.len() > 3);
        for (i, p) in physical.iter().enumerate() {
            assert!(p.len() <= 75, "line {i} has {} octets", p.len());
            assert!(!p.contains('\r') && !p.contains('\n'));
            if i > 0 {
                assert!(p.starts_with(' '));
            }
        }
        // Every physical line but the last is full up to the next character.
        for p in &physical[..physical.len() - 1] {
            assert!(p.len() > 75 - 4);
        }
        // Unfolding (RFC 5545 §3.1) gives the original line back.
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", escape_text(&summary)));
    }
}
