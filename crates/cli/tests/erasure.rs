//! `sciatica delete` erases: afterwards a marker put in the person's name and a note is nowhere
//! in the database's bytes (main file, write-ahead log, freed pages).

mod common;

use common::Home;

const MARKER: &str = "kv4erase";

fn occurrences(h: &Home) -> usize {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::read(format!("{}{suffix}", h.db.display())).ok())
        .map(|bytes| bytes.windows(MARKER.len()).filter(|w| *w == MARKER.as_bytes()).count())
        .sum()
}

#[test]
fn delete_leaves_no_trace_in_the_database_bytes() {
    let h = Home::new();
    h.screen(&[]);
    let name = format!("Sam {MARKER}");
    h.json(&[
        "setup",
        "--time-zone",
        "Europe/London",
        "--morning",
        "07:15",
        "--evening",
        "20:00",
        "--name",
        &name,
    ]);
    let note = format!("seen by Dr {MARKER}");
    h.cmd().args(["assessed", "--note", &note]).assert().success();
    assert!(occurrences(&h) > 0, "the marker is stored before the erasure");

    h.cmd().args(["delete", "--yes"]).assert().success();
    assert_eq!(occurrences(&h), 0, "nothing of the person is left in the database bytes");
}
