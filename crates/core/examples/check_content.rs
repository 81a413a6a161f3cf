//! Loads a content directory and prints every problem: `cargo run -p sciatica-core --example check_content -- content`.

use std::path::Path;

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "content".to_owned());
    let root = Path::new(&dir);
    let mut files = Vec::new();
    collect(root, root, &mut files);
    match sciatica_core::Content::from_files(files) {
        Ok(c) => println!("ok: {} exercises, {} rules", c.exercises.len(), c.rules.len()),
        Err(e) => {
            println!("{e}");
            std::process::exit(1);
        }
    }
}
