//! Embeds every file under `content/` into the crate, so the binary carries its clinical content.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("content directory is readable")
        .map(|e| e.expect("content entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path.strip_prefix(root).expect("under root").to_path_buf());
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let root = manifest.join("../../content").canonicalize().expect("content/ exists");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut code = String::from(
        "/// Every content file, as (path relative to `content/`, text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for rel in &files {
        let rel_str = rel.to_string_lossy().replace('\\', "/");
        println!("cargo::rerun-if-changed={}", root.join(rel).display());
        writeln!(code, "    ({rel_str:?}, include_str!({:?})),", root.join(rel).display().to_string())
            .unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("out dir")).join("embedded_content.rs");
    std::fs::write(out, code).expect("write embedded content list");
}
