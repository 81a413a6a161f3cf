//! The hazard log (`SAFETY.md`) names the tests that prove each control. This checks that every
//! test it names still exists in its file, so a renamed or deleted test cannot leave a control
//! unproven, and that every hazard names at least one test.
//!
//! References, inside backticks: `path/to/file.rs::test_name` for a Rust test and
//! `e2e/tests/file.test.mjs: "the test's title"` for a browser test.

use std::path::{Path, PathBuf};

/// A test the log names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TestRef {
    /// A Rust test function in a file.
    Rust { file: String, name: String },
    /// A browser test in a file, by its title.
    Browser { file: String, title: String },
}

/// Every test reference under a hazard (`## HZ-nn`) in `text`, with that hazard.
fn references(text: &str) -> Vec<(String, TestRef)> {
    let mut out = Vec::new();
    let mut hazard = String::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            h.split_whitespace().next().unwrap_or_default().clone_into(&mut hazard);
        }
        let mut rest = line;
        while let Some(start) = rest.find('`') {
            let Some(len) = rest[start + 1..].find('`') else { break };
            let span = &rest[start + 1..start + 1 + len];
            rest = &rest[start + 2 + len..];
            if let Some(r) = parse(span).filter(|_| hazard.starts_with("HZ-")) {
                out.push((hazard.clone(), r));
            }
        }
    }
    out
}

/// One backticked span as a reference, if it is one.
fn parse(span: &str) -> Option<TestRef> {
    if !(span.starts_with("crates/") || span.starts_with("e2e/")) {
        return None;
    }
    if let Some((file, name)) = span.split_once(".rs::") {
        let ok = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        return ok.then(|| TestRef::Rust { file: format!("{file}.rs"), name: name.to_owned() });
    }
    if let Some((file, title)) = span.split_once(".mjs: \"") {
        let title = title.strip_suffix('"')?;
        return Some(TestRef::Browser { file: format!("{file}.mjs"), title: title.to_owned() });
    }
    None
}

/// What is wrong with a reference, given how to read a file of the repository.
fn problem(r: &TestRef, read: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    match r {
        TestRef::Rust { file, name } => {
            let Some(text) = read(file) else { return Some(format!("{file}: no such file")) };
            let defined = [format!("fn {name}("), format!("fn {name}<")].iter().any(|d| text.contains(d));
            (!defined).then(|| format!("{file}: no test `{name}`"))
        }
        TestRef::Browser { file, title } => {
            let Some(text) = read(file) else { return Some(format!("{file}: no such file")) };
            let defined = [format!("test('{title}'"), format!("test(\"{title}\""), format!("test(`{title}`")]
                .iter()
                .any(|d| text.contains(d));
            (!defined).then(|| format!("{file}: no test titled \"{title}\""))
        }
    }
}

/// Every problem of a log: references to tests that do not exist, and hazards without a test.
fn check(log: &str, read: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let refs = references(log);
    let mut problems: Vec<String> =
        refs.iter().filter_map(|(h, r)| problem(r, read).map(|p| format!("{h}: {p}"))).collect();
    for line in log.lines().filter_map(|l| l.strip_prefix("## HZ-")) {
        let id = format!("HZ-{}", line.split_whitespace().next().unwrap_or_default());
        if !refs.iter().any(|(h, _)| *h == id) {
            problems.push(format!("{id}: names no test"));
        }
    }
    if refs.is_empty() {
        problems.push("no test references at all".to_owned());
    }
    problems
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_repo(path: &str) -> Option<String> {
    std::fs::read_to_string(root().join(path)).ok()
}

#[test]
fn every_test_the_hazard_log_names_exists() {
    let log = std::fs::read_to_string(root().join("SAFETY.md")).expect("SAFETY.md at the repository root");
    let problems = check(&log, &read_repo);
    assert!(problems.is_empty(), "SAFETY.md names tests that do not exist:\n  {}", problems.join("\n  "));
    let refs = references(&log);
    assert!(refs.iter().any(|(_, r)| matches!(r, TestRef::Browser { .. })), "browser tests are read too");
    for id in 1..=8 {
        let hz = format!("HZ-{id:02}");
        assert!(refs.iter().any(|(h, _)| *h == hz), "{hz} is in the log with a test");
    }
}

#[test]
fn a_renamed_or_missing_test_is_caught() {
    let files = |path: &str| match path {
        "crates/x/tests/a.rs" => Some("#[test]\nfn kept() {}\nfn generic<T>() {}\n".to_owned()),
        "e2e/tests/a.test.mjs" => Some("test('a \"quoted\" title', async () => {});\n".to_owned()),
        _ => None,
    };
    let good = "## HZ-01 x\n- `crates/x/tests/a.rs::kept` `crates/x/tests/a.rs::generic`\n- `e2e/tests/a.test.mjs: \"a \"quoted\" title\"`\n";
    assert_eq!(check(good, &files), Vec::<String>::new());
    let renamed = good.replace("::kept`", "::kept_renamed`");
    assert_eq!(check(&renamed, &files), ["HZ-01: crates/x/tests/a.rs: no test `kept_renamed`"]);
    let retitled = good.replace("title\"`", "titles\"`");
    assert_eq!(check(&retitled, &files).len(), 1, "{retitled}");
    let gone = good.replace("tests/a.rs::kept", "tests/b.rs::kept");
    assert_eq!(check(&gone, &files), ["HZ-01: crates/x/tests/b.rs: no such file"]);
    let untested = format!("{good}## HZ-02 y\nNo test yet.\n");
    assert_eq!(check(&untested, &files), ["HZ-02: names no test"]);
    // A prefix of a real name is not the test.
    let prefix = good.replace("::kept`", "::kep`");
    assert_eq!(check(&prefix, &files).len(), 1);
}
