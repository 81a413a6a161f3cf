//! Help that helps: every command has examples, the screening keys list their allowed values,
//! the exit codes are written down, and there are shell completions and manual pages.

mod common;

use common::Home;
use sciatica_core::triage::answers::{KEYS, KeyType};

fn stdout(h: &Home, args: &[&str]) -> String {
    let out = h.cmd().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn help(h: &Home, path: &[&str], flag: &str) -> String {
    stdout(h, &[path, &[flag]].concat())
}

/// The names under "Commands:" in a help text (without `help`).
fn subcommands(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect()
}

/// Every command under `path` (groups such as `admin` too), as its path of names.
fn commands(h: &Home, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let args: Vec<&str> = path.iter().map(String::as_str).collect();
    let subs = subcommands(&help(h, &args, "--help"));
    if !path.is_empty() {
        out.push(path.clone());
    }
    for s in subs {
        path.push(s);
        commands(h, path, out);
        path.pop();
    }
}

#[test]
fn every_command_has_examples() {
    let h = Home::new();
    let mut all = Vec::new();
    commands(&h, &mut Vec::new(), &mut all);
    assert!(all.len() >= 30, "found only {all:?}");
    for probe in [&["progress"][..], &["admin"], &["admin", "users"], &["completions"], &["man"]] {
        assert!(all.iter().any(|p| p == probe), "{probe:?} not among {all:?}");
    }
    let missing: Vec<String> = all
        .iter()
        .filter(|p| {
            let args: Vec<&str> = p.iter().map(String::as_str).collect();
            !help(&h, &args, "--help").contains("Examples:")
        })
        .map(|p| p.join(" "))
        .collect();
    assert!(missing.is_empty(), "without examples: {missing:?}");
}

#[test]
fn the_screen_help_lists_every_key_and_its_allowed_values() {
    let h = Home::new();
    let text = help(&h, &["screen"], "--help");
    assert!(text.contains("Examples:"));
    for (key, kind) in KEYS {
        let line = text
            .lines()
            .position(|l| l.split_whitespace().next() == Some(*key))
            .unwrap_or_else(|| panic!("{key} not listed:\n{text}"));
        // The allowed values follow on that line and the lines indented under it.
        let rest: String = text.lines().skip(line).take(4).collect::<Vec<_>>().join(" ");
        let values: Vec<String> = match kind {
            KeyType::Bool => vec!["true or false".to_owned()],
            KeyType::Int { min, max } => vec![format!("{min} to {max}")],
            KeyType::Choice(v) | KeyType::List(v) => v.iter().map(|v| format!("\"{v}\"")).collect(),
        };
        for v in values {
            assert!(rest.contains(&v), "{key}: {v} not in {rest}");
        }
    }
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    // The short help points to the list.
    assert!(help(&h, &["screen"], "-h").contains("`sciatica screen --help` lists every key"));
}

#[test]
fn the_exit_codes_are_written_down() {
    let text = help(&Home::new(), &[], "--help");
    for code in ["0 ", "1 ", "2 ", "3 ", "130 "] {
        assert!(text.lines().any(|l| l.trim_start().starts_with(code)), "exit code {code}in {text}");
    }
    assert!(text.contains("the database cannot be used"));
}

#[test]
fn shell_completions_for_bash_zsh_and_fish() {
    let h = Home::new();
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout(&h, &["completions", shell]);
        for word in ["sciatica", "progress", "rebuild-records", "days", "no-timers"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
    let bash = stdout(&h, &["completions", "bash"]);
    let path = h.file("sciatica.bash", &bash);
    let checked = std::process::Command::new("bash").args(["-n", &path]).status().unwrap();
    assert!(checked.success(), "bash cannot read its completion script");
    let out = h.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bash"), "the allowed shells are named");
}

#[test]
fn a_manual_page_and_one_for_every_command() {
    let h = Home::new();
    let page = stdout(&h, &["man"]);
    assert!(page.contains(".TH sciatica 1"), "{page}");
    assert!(page.contains("Exit codes"), "the exit codes are in the manual too");
    let dir = h.dir.path().join("man1");
    std::fs::create_dir(&dir).unwrap();
    let out = h.cmd().args(["man", "--dir"]).arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["sciatica.1", "sciatica-screen.1", "sciatica-admin-users.1", "sciatica-progress.1"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{name}");
    }
    let screen = std::fs::read_to_string(dir.join("sciatica-screen.1")).unwrap();
    assert!(screen.contains("infection_risk") && screen.contains("tb_exposure"), "keys in the page");
    let out = h.cmd().args(["man", "--dir"]).arg(dir.join("nope")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dir"));
}
