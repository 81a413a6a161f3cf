//! The nerve-route body map on pages: a static one on the learn pages, a selectable one in the
//! session player (the radio buttons beside it stay the form's real inputs).

use sciatica_core::{Content, Level};
use sciatica_interop::bodymap::{self, MapText};

fn text<'a>(c: &'a Content, id: &'a str, description: &'a str) -> MapText<'a> {
    MapText {
        id,
        title: "Where your symptoms reach, seen from behind",
        description,
        levels: &c.texts.levels,
        left: "Left",
        right: "Right",
    }
}

/// The static body map of the learn pages.
pub fn static_map(c: &Content) -> String {
    bodymap::body_map_static(&text(
        c,
        "learn-map",
        "The nerve route runs from the low back through the buttock and the back of the thigh to the calf, the foot and the toes.",
    ))
}

/// The selectable map with each leg's chosen level shown.
pub fn select_map(c: &Content, left: Option<u8>, right: Option<u8>) -> String {
    let level = |v: Option<u8>| v.and_then(|v| Level::new(i64::from(v)).ok()).unwrap_or(Level::NONE);
    bodymap::body_map(
        level(left),
        level(right),
        &text(c, "map", "Tap the furthest point your symptoms reach on each leg."),
    )
}
