//! Terminal output: calm, readable text with colour only on a terminal (and never with
//! NO_COLOR), wrapped to the terminal width, and JSON for scripts.

use anstyle::{AnsiColor, Style};
use anyhow::Result;
use sciatica_core::Urgency;
use serde::Serialize;
use std::io::Write;

/// Bold.
pub const BOLD: Style = Style::new().bold();
/// Dim, for secondary text.
pub const DIM: Style = Style::new().dimmed();
/// Good news.
pub const GOOD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)));
/// A caution.
pub const WARN: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Yellow))).bold();
/// An emergency.
pub const BAD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red))).bold();
/// A heading.
pub const HEAD: Style = Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan))).bold();

/// The style of an urgency.
pub fn urgency_style(u: Urgency) -> Style {
    match u {
        Urgency::EmergencyNow => BAD,
        Urgency::SameDay => WARN,
        Urgency::SeeClinicianSoon => HEAD,
        Urgency::SelfManage => GOOD,
    }
}

/// Prints a value as one pretty JSON document on standard output.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The terminal's width in characters: `COLUMNS` when it is set to a number, else the width of
/// the terminal standard output goes to, else 80 (a pipe or a file).
pub fn columns() -> usize {
    if let Some(c) =
        std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|c| *c > 0)
    {
        return c;
    }
    if stdout_is_terminal()
        && let Ok(size) = rustix::termios::tcgetwinsize(std::io::stdout())
        && size.ws_col > 0
    {
        return usize::from(size.ws_col);
    }
    80
}

/// The width to wrap text to: the terminal's, between 40 and 100 characters.
pub fn width() -> usize {
    columns().clamp(40, 100)
}

/// Wraps text to `width` columns, starting every line with `indent`.
pub fn wrap(text: &str, indent: &str) -> String {
    let max = width().saturating_sub(indent.chars().count()).max(20);
    let mut out = String::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
                out.push_str(indent);
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Where human output goes: standard output, or standard error when standard output carries JSON.
pub struct Out {
    w: Box<dyn Write>,
}

impl Out {
    /// Standard output.
    pub fn stdout() -> Out {
        Out { w: Box::new(anstream::stdout()) }
    }

    /// Standard error.
    pub fn stderr() -> Out {
        Out { w: Box::new(anstream::stderr()) }
    }

    /// Human output for a command that may also print JSON.
    pub fn for_format(json: bool) -> Out {
        if json { Out::stderr() } else { Out::stdout() }
    }

    /// A line.
    pub fn line(&mut self, text: impl AsRef<str>) {
        let _ = writeln!(self.w, "{}", text.as_ref());
        let _ = self.w.flush();
    }

    /// A styled line.
    pub fn styled(&mut self, style: Style, text: impl AsRef<str>) {
        let _ = writeln!(self.w, "{style}{}{style:#}", text.as_ref());
        let _ = self.w.flush();
    }

    /// A blank line.
    pub fn blank(&mut self) {
        self.line("");
    }

    /// A heading with a blank line before it, wrapped to the terminal.
    pub fn heading(&mut self, text: impl AsRef<str>) {
        self.blank();
        for line in wrap(text.as_ref(), "").lines() {
            self.styled(HEAD, line);
        }
    }

    /// Wrapped text with an indent.
    pub fn para(&mut self, text: &str, indent: &str) {
        let _ = write!(self.w, "{}", wrap(text, indent));
        let _ = self.w.flush();
    }

    /// A bulleted list item, wrapped under its bullet.
    pub fn bullet(&mut self, bullet: &str, text: &str) {
        let wrapped = wrap(text, &" ".repeat(bullet.chars().count() + 3));
        let mut lines = wrapped.lines();
        if let Some(first) = lines.next() {
            let _ = writeln!(self.w, "  {bullet} {}", first.trim_start());
        }
        for l in lines {
            let _ = writeln!(self.w, "{l}");
        }
        let _ = self.w.flush();
    }

    /// Text without a newline (for prompts and counters).
    pub fn raw(&mut self, text: impl AsRef<str>) {
        let _ = write!(self.w, "{}", text.as_ref());
        let _ = self.w.flush();
    }

    /// A boxed card: a title line and wrapped lines, drawn with a rule above and below.
    pub fn card(&mut self, style: Style, title: &str, lines: &[&str]) {
        let rule = "━".repeat(width().min(72));
        self.blank();
        self.styled(style, &rule);
        self.styled(style, format!("  {title}"));
        self.styled(style, &rule);
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                self.blank();
            }
            self.para(l, "  ");
        }
        self.styled(style, &rule);
    }
}

/// True when standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}
