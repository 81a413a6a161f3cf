//! Writes every exercise's figure (start, end and animated SVG) into a directory, for looking at
//! them: `cargo run -p sciatica-interop --example figures -- DIR`.

use sciatica_core::Content;
use sciatica_interop::figure::{Frame, exercise_svg};
use std::path::PathBuf;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: figures DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(&dir).expect("create the output directory");
    let content = Content::embedded();
    for e in &content.exercises {
        for frame in [Frame::Start, Frame::End, Frame::Animated] {
            let path = dir.join(format!("{}-{}-{}.svg", e.code, e.id, frame.as_str()));
            std::fs::write(&path, exercise_svg(e, frame)).expect("write a figure");
        }
    }
    println!("wrote {} figures to {}", content.exercises.len() * 3, dir.display());
}
