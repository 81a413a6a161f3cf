//! Questions asked in the terminal, one line at a time. Works the same when answers are piped in;
//! then a wrong answer is an error that names the question instead of a new try.
//!
//! On a terminal, lines are read by a thread into a channel, so a timer can listen for `stop`
//! while it counts, and anything typed ahead (during a timer, before a question is shown) is
//! thrown away rather than taken as the answer to the next question.

use crate::failure::{Cancelled, bad};
use crate::output::{BOLD, DIM, Out, WARN};
use anyhow::Result;
use std::io::{BufRead, IsTerminal};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// Where answers come from.
enum Input {
    /// A pipe or file: every line is an answer, in order.
    Lines(Box<dyn BufRead>),
    /// A terminal: lines read by a thread (`None` at the end of input).
    Terminal(Receiver<Option<String>>),
}

/// Reads standard input on a thread, line by line.
fn terminal_lines() -> Receiver<Option<String>> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        loop {
            let mut line = String::new();
            let read = stdin.lock().read_line(&mut line);
            let done = !matches!(read, Ok(n) if n > 0);
            if tx.send((!done).then_some(line)).is_err() || done {
                return;
            }
        }
    });
    rx
}

/// What a timer heard while it counted.
pub enum Heard {
    /// Nothing that matters: keep counting.
    Nothing,
    /// The person typed the stop word.
    Stop,
}

/// The person typed the stop word during a guided session.
#[derive(Debug)]
pub struct StopRequested;

impl std::fmt::Display for StopRequested {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped")
    }
}

impl std::error::Error for StopRequested {}

/// Asks questions on the terminal.
pub struct Prompter {
    /// Where questions are written.
    pub out: Out,
    input: Input,
    interactive: bool,
    /// `stop` ends the current exercise (guided sessions).
    pub stop_word: bool,
}

impl Prompter {
    /// Questions on standard input; written to standard output (standard error with JSON).
    pub fn new(json: bool) -> Prompter {
        let interactive = std::io::stdin().is_terminal();
        Prompter {
            out: Out::for_format(json),
            input: if interactive {
                Input::Terminal(terminal_lines())
            } else {
                Input::Lines(Box::new(std::io::stdin().lock()))
            },
            interactive,
            stop_word: false,
        }
    }

    /// Throws away what was typed before the question was shown (on a terminal only: piped
    /// answers are all meant).
    fn discard_typeahead(&mut self) {
        if let Input::Terminal(rx) = &self.input {
            // Lines not yet ended with Enter are still in the terminal's buffer.
            let _ = rustix::termios::tcflush(std::io::stdin(), rustix::termios::QueueSelector::IFlush);
            while let Ok(Some(_)) = rx.try_recv() {}
        }
    }

    /// Waits up to `wait` for a line while a timer counts; only the stop word (when it is on)
    /// matters, anything else typed is thrown away.
    pub fn listen(&mut self, wait: Duration) -> Heard {
        match &self.input {
            Input::Terminal(rx) => match rx.recv_timeout(wait) {
                Ok(Some(line)) if self.stop_word && line.trim().eq_ignore_ascii_case("stop") => Heard::Stop,
                Ok(_) | Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => Heard::Nothing,
            },
            Input::Lines(_) => {
                std::thread::sleep(wait);
                Heard::Nothing
            }
        }
    }

    fn read_line(&mut self) -> Result<Option<String>> {
        match &mut self.input {
            Input::Lines(input) => {
                let mut line = String::new();
                Ok((input.read_line(&mut line)? > 0).then_some(line))
            }
            Input::Terminal(rx) => Ok(rx.recv().ok().flatten()),
        }
    }

    /// True when a person is typing (not a pipe).
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    fn ask_raw(&mut self, question: &str) -> Result<String> {
        let wrapped = crate::output::wrap(question, "");
        let lines: Vec<&str> = wrapped.trim_end().lines().collect();
        for l in &lines[..lines.len().saturating_sub(1)] {
            self.out.styled(BOLD, l);
        }
        self.discard_typeahead();
        self.out.raw(format!("{BOLD}{}{BOLD:#} ", lines.last().copied().unwrap_or("")));
        let Some(line) = self.read_line()? else {
            self.out.blank();
            return Err(anyhow::Error::new(Cancelled(
                "the answers ended before the questions did; nothing was saved",
            )));
        };
        if !self.interactive {
            self.out.line(line.trim_end());
        }
        let answer = line.trim().to_owned();
        if self.stop_word && answer.eq_ignore_ascii_case("stop") {
            return Err(anyhow::Error::new(StopRequested));
        }
        Ok(answer)
    }

    fn retry(&mut self, question: &str, problem: &str) -> Result<()> {
        if self.interactive {
            for line in crate::output::wrap(problem, "  ").lines() {
                self.out.styled(WARN, line);
            }
            Ok(())
        } else {
            Err(bad(format!("answer to \"{question}\": {problem}")))
        }
    }

    fn list(&mut self, labels: &[String]) {
        for (i, l) in labels.iter().enumerate() {
            let wrapped = crate::output::wrap(l, "      ");
            let mut lines = wrapped.lines();
            if let Some(first) = lines.next() {
                self.out.line(format!("  {DIM}{:>2}{DIM:#}  {}", i + 1, first.trim_start()));
            }
            for rest in lines {
                self.out.line(rest);
            }
        }
    }

    fn show_help(&mut self, help: &str) {
        if !help.is_empty() {
            self.out.para(help, "  ");
        }
    }

    /// A yes/no question. `?` shows the help.
    pub fn yes_no(&mut self, question: &str, help: &str, default: Option<bool>) -> Result<bool> {
        let hint = match default {
            Some(true) => "[Y/n]",
            Some(false) => "[y/N]",
            None => "[y/n]",
        };
        loop {
            let a = self.ask_raw(&format!("{question} {hint}"))?.to_lowercase();
            match a.as_str() {
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                "" if default.is_some() => return Ok(default.unwrap_or(false)),
                "?" => self.show_help(help),
                _ => self.retry(question, "please answer yes or no (or ? for help)")?,
            }
        }
    }

    /// One choice from a numbered list; the answer is the number or the value itself.
    pub fn choice(
        &mut self,
        question: &str,
        help: &str,
        labels: &[String],
        values: &[&str],
    ) -> Result<usize> {
        self.list(labels);
        loop {
            let a = self.ask_raw(&format!("{question} (1-{})", labels.len()))?;
            if a == "?" {
                self.show_help(help);
                continue;
            }
            if let Ok(n) = a.parse::<usize>()
                && (1..=labels.len()).contains(&n)
            {
                return Ok(n - 1);
            }
            if let Some(i) = values.iter().position(|v| v.eq_ignore_ascii_case(&a)) {
                return Ok(i);
            }
            self.retry(question, &format!("please type a number from 1 to {}", labels.len()))?;
        }
    }

    /// Any number of choices from a numbered list, separated by commas; empty or `none` = none.
    pub fn multi(
        &mut self,
        question: &str,
        help: &str,
        labels: &[String],
        values: &[&str],
    ) -> Result<Vec<usize>> {
        self.list(labels);
        'ask: loop {
            let a = self.ask_raw(&format!("{question} (numbers separated by commas, or Enter for none)"))?;
            if a == "?" {
                self.show_help(help);
                continue;
            }
            if a.is_empty() || a.eq_ignore_ascii_case("none") {
                return Ok(Vec::new());
            }
            let mut picked = Vec::new();
            for part in a.split(',').map(str::trim) {
                let i = part
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=labels.len()).contains(n))
                    .map(|n| n - 1)
                    .or_else(|| values.iter().position(|v| v.eq_ignore_ascii_case(part)));
                match i {
                    Some(i) if !picked.contains(&i) => picked.push(i),
                    Some(_) => {}
                    None => {
                        self.retry(
                            question,
                            &format!("`{part}` is not one of the numbers 1 to {}", labels.len()),
                        )?;
                        continue 'ask;
                    }
                }
            }
            return Ok(picked);
        }
    }

    /// A whole number in a range.
    pub fn number(
        &mut self,
        question: &str,
        help: &str,
        min: i64,
        max: i64,
        default: Option<i64>,
    ) -> Result<i64> {
        loop {
            let hint = default.map_or(format!("({min}-{max})"), |d| format!("({min}-{max}, Enter for {d})"));
            let a = self.ask_raw(&format!("{question} {hint}"))?;
            if a == "?" {
                self.show_help(help);
                continue;
            }
            if a.is_empty()
                && let Some(d) = default
            {
                return Ok(d);
            }
            match a.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => return Ok(n),
                _ => self.retry(question, &format!("please type a whole number from {min} to {max}"))?,
            }
        }
    }

    /// A whole number in a range, or nothing (Enter) to skip.
    pub fn optional_number(&mut self, question: &str, min: i64, max: i64) -> Result<Option<i64>> {
        loop {
            let a = self.ask_raw(&format!("{question} ({min}-{max}, Enter to skip)"))?;
            if a.is_empty() {
                return Ok(None);
            }
            match a.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => return Ok(Some(n)),
                _ => self.retry(
                    question,
                    &format!("please type a whole number from {min} to {max}, or press Enter"),
                )?,
            }
        }
    }

    /// Free text with a default.
    pub fn text(&mut self, question: &str, default: Option<&str>) -> Result<String> {
        let q = default.map_or(question.to_owned(), |d| format!("{question} [{d}]"));
        let a = self.ask_raw(&q)?;
        Ok(if a.is_empty() { default.unwrap_or("").to_owned() } else { a })
    }

    /// Free text with a default, checked as soon as it is typed: a wrong answer says what is
    /// allowed and asks again (from a pipe it is an error naming the question).
    pub fn checked<T>(
        &mut self,
        question: &str,
        default: Option<&str>,
        check: impl Fn(&str) -> Result<T, sciatica_core::FieldError>,
    ) -> Result<T> {
        loop {
            let answer = self.text(question, default)?;
            match check(&answer) {
                Ok(v) => return Ok(v),
                Err(e) => self.retry(question, &e.problem)?,
            }
        }
    }

    /// Waits for Enter; returns what was typed.
    pub fn enter(&mut self, message: &str) -> Result<String> {
        self.ask_raw(message)
    }
}
