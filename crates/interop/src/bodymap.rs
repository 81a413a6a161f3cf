//! The nerve-route body map (REFERENCE §5.1): a calm outline of a standing person seen from
//! behind, with the six regions of the route on each leg (low back, buttock, back of the thigh,
//! calf, foot, toes) drawn as separate shapes.
//!
//! Seen from behind, the person's left leg is on the viewer's left. Each region is a `<g>` with
//! an `id` (see [`region_id`]), `data-side` (`left`, `right`), `data-level` (1–6), `data-code`
//! (`low_back` … `toes`), the class `bm-region` and a `<title>` naming it, so the page's script
//! can make the regions tappable and keep their classes up to date: `bm-shaded` for the regions
//! from the low back down to the chosen one, and `bm-chosen` for the chosen one. The SVG also
//! draws those states with presentation attributes, so it reads the same without the page's
//! styles. Each region of the selectable map holds an invisible band (`bm-hit`) reaching across
//! its half of the picture, so small regions such as the toes are easy to hit.
//!
//! The selectable map is an image (`role="img"`) whose description says the chosen levels; a
//! script that makes the regions interactive should change its role to `group` and give the
//! regions their own roles. The wording comes from the caller ([`MapText`]).

use crate::charts::{escape, lower_first};
use sciatica_core::Side;
use sciatica_core::symptoms::Level;
use std::fmt::Write as _;

/// Width of the view box.
pub const WIDTH: f64 = 300.0;
/// Height of the view box.
pub const HEIGHT: f64 = 600.0;

const INK: &str = "#1b1b1b";
const OUTLINE: &str = "#6b7280";
const BODY: &str = "#eef0f3";
const REGION: &str = "#ffffff";
const SHADED: &str = "#9fc5e8";
const CHOSEN: &str = "#0b5394";
const SPINE: &str = "#b8bec7";
const FONT: &str = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif";

/// The regions of the person's left side, levels 1–6: the shape, and the band (top and bottom)
/// of its tap area. The right side is the mirror image.
const REGIONS: [(&str, f64, f64); 6] = [
    // Low back, beside the spine.
    ("M124 188H147V252H122Q112 252 112 242V198Q112 188 124 188Z", 178.0, 255.0),
    // Buttock.
    ("M147 258V314Q126 324 107 313Q98 296 100 272Q102 258 116 258Z", 255.0, 319.0),
    // Back of the thigh, down to the knee.
    ("M101 322H147Q148 372 143 412H115Q103 376 101 322Z", 319.0, 415.0),
    // Calf, shin and outer lower leg, down to the ankle.
    ("M114 418H143Q149 446 144 470Q141 488 139 500H120Q118 488 114 470Q108 446 114 418Z", 415.0, 503.0),
    // Ankle, heel and sole.
    ("M119 506H140Q145 520 144 532Q141 543 129.5 543Q118 543 115 532Q114 520 119 506Z", 503.0, 545.0),
    // Toes: five small ovals, the big toe next to the other foot.
    ("", 545.0, 572.0),
];

/// The toes of the left foot: centre and radii, little toe first.
const TOES: [(f64, f64, f64, f64); 5] = [
    (116.0, 549.5, 3.4, 4.6),
    (122.0, 551.0, 3.6, 5.0),
    (128.4, 552.0, 3.8, 5.5),
    (135.0, 552.5, 4.0, 5.8),
    (142.6, 553.0, 4.8, 6.8),
];

/// Where the side words are written, under the hands.
const SIDE_WORD_X: f64 = 76.0;

/// Where the tap bands of the left side start; they end at the middle line.
const HIT_LEFT: f64 = 44.0;

/// The wording of a body map, from the content files.
#[derive(Debug, Clone, Copy)]
pub struct MapText<'a> {
    /// Prefix of the element ids (unique on the page; characters other than letters, digits, `-`
    /// and `_` become `-`).
    pub id: &'a str,
    /// The accessible name, e.g. "Where your symptoms reach, seen from behind".
    pub title: &'a str,
    /// The accessible description; the selectable map adds the chosen level of each side.
    pub description: &'a str,
    /// Plain names of the levels 0 (none) to 6 (toes).
    pub levels: &'a [String],
    /// "Left", written under the left leg.
    pub left: &'a str,
    /// "Right", written under the right leg.
    pub right: &'a str,
}

impl MapText<'_> {
    fn level(&self, level: u8) -> String {
        let i = usize::from(level.min(6));
        self.levels.get(i).cloned().unwrap_or_else(|| Level::CODES[i].replace('_', " "))
    }

    fn side(&self, side: Side) -> &str {
        match side {
            Side::Left => self.left,
            Side::Right => self.right,
        }
    }
}

/// The id of a region: `{prefix}-{side}-{level}`, e.g. `map-left-3`.
pub fn region_id(prefix: &str, side: Side, level: u8) -> String {
    format!("{}-{}-{level}", crate::charts::clean_id(prefix), side.as_str())
}

/// The selectable map with the chosen level of each side: the regions from the low back down to
/// the chosen one shaded, the chosen one outlined strongly; level 0 shades nothing.
pub fn body_map(left: Level, right: Level, text: &MapText) -> String {
    let chosen = |side: Side| match side {
        Side::Left => left.get(),
        Side::Right => right.get(),
    };
    let desc = format!(
        "{} {}: {}. {}: {}.",
        text.description,
        text.left,
        text.level(left.get()),
        text.right,
        text.level(right.get())
    );
    render(text, &desc.trim_start().replace("  ", " "), Some(&chosen))
}

/// The map without a choice, for explanations: every region outlined and named in its
/// `<title>`, the route drawn as a dotted line, and no tap areas.
pub fn body_map_static(text: &MapText) -> String {
    render(text, text.description, None)
}

fn render(text: &MapText, desc: &str, chosen: Option<&dyn Fn(Side) -> u8>) -> String {
    let id = crate::charts::clean_id(text.id);
    let (kind, size) = if chosen.is_some() {
        ("bodymap-select", r#"width="100%""#.to_owned())
    } else {
        ("bodymap-small", format!(r#"width="{}" height="{}""#, WIDTH / 2.0, HEIGHT / 2.0))
    };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" {size} role="img" aria-labelledby="{id}-title {id}-desc" class="bodymap {kind}" font-family="{FONT}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(text.title),
        escape(desc)
    );
    outline(&mut out);
    for side in [Side::Left, Side::Right] {
        let mirror = match side {
            Side::Left => String::new(),
            Side::Right => format!(r#" transform="matrix(-1 0 0 1 {WIDTH} 0)""#),
        };
        for (i, (shape, top, bottom)) in REGIONS.iter().enumerate() {
            let level = i as u8 + 1;
            let pick = chosen.map(|f| f(side));
            let shaded = pick.is_some_and(|c| level <= c);
            let is_chosen = pick == Some(level);
            let class = match (shaded, is_chosen) {
                (_, true) => "bm-region bm-shaded bm-chosen",
                (true, false) => "bm-region bm-shaded",
                _ => "bm-region",
            };
            let _ = write!(
                out,
                r#"<g id="{}" class="{class}" data-side="{}" data-level="{level}" data-code="{}"{mirror}><title>{}</title>"#,
                region_id(&id, side, level),
                side.as_str(),
                Level::CODES[usize::from(level)],
                escape(&format!("{} ({})", text.level(level), lower_first(text.side(side))))
            );
            if chosen.is_some() {
                let _ = write!(
                    out,
                    r##"<rect class="bm-hit" x="{HIT_LEFT}" y="{top}" width="{}" height="{}" fill="#fff" fill-opacity="0"/>"##,
                    WIDTH / 2.0 - HIT_LEFT,
                    bottom - top
                );
            }
            let (fill, stroke, width) = match (shaded, is_chosen) {
                (_, true) => (SHADED, CHOSEN, 4.0),
                (true, false) => (SHADED, OUTLINE, 2.0),
                _ => (REGION, OUTLINE, 2.0),
            };
            let paint =
                format!(r#"fill="{fill}" stroke="{stroke}" stroke-width="{width}" stroke-linejoin="round""#);
            if shape.is_empty() {
                for (cx, cy, rx, ry) in TOES {
                    let _ = write!(out, r#"<ellipse cx="{cx}" cy="{cy}" rx="{rx}" ry="{ry}" {paint}/>"#);
                }
            } else {
                let _ = write!(out, r#"<path d="{shape}" {paint}/>"#);
            }
            out.push_str("</g>");
        }
    }
    if chosen.is_none() {
        // The route of the nerve, from the low back down the back of each leg.
        for mirror in ["", r#" transform="matrix(-1 0 0 1 300 0)""#] {
            let _ = write!(
                out,
                r#"<path class="bm-route" d="M138 200Q130 250 126 290Q122 330 128 380Q130 420 129 460Q129 500 129.5 524V550" fill="none" stroke="{CHOSEN}" stroke-width="3" stroke-dasharray="1 7" stroke-linecap="round"{mirror}/>"#
            );
        }
    }
    for (x, word) in [(SIDE_WORD_X, text.left), (WIDTH - SIDE_WORD_X, text.right)] {
        let _ = write!(
            out,
            r#"<text x="{x}" y="590" text-anchor="middle" font-size="20" fill="{INK}">{}</text>"#,
            escape(word)
        );
    }
    out.push_str("</svg>");
    out
}

/// Head, neck, trunk and arms, and the spine as a faint line.
fn outline(out: &mut String) {
    let paint = format!(r#"fill="{BODY}" stroke="{OUTLINE}" stroke-width="2" stroke-linejoin="round""#);
    out.push_str(r#"<g class="bm-body">"#);
    for mirror in ["", r#" transform="matrix(-1 0 0 1 300 0)""#] {
        // An arm: a thick outlined stroke, hanging beside the trunk.
        let arm = "M97 118Q84 164 82 214Q80 262 76 312";
        // Knee and ankle, behind the regions.
        let _ = write!(out, r#"<path d="M116 406H142V424H116ZM121 494H138V510H121Z" {paint}{mirror}/>"#);
        let _ = write!(
            out,
            r#"<path d="{arm}" fill="none" stroke="{OUTLINE}" stroke-width="23" stroke-linecap="round"{mirror}/><path d="{arm}" fill="none" stroke="{BODY}" stroke-width="19" stroke-linecap="round"{mirror}/>"#
        );
    }
    let _ = write!(
        out,
        r#"<rect x="139" y="70" width="22" height="36" rx="6" {paint}/><circle cx="150" cy="44" r="28" {paint}/><path d="M118 100H182Q206 102 210 124L202 178Q195 204 195 226Q196 244 201 262H99Q104 244 105 226Q105 204 98 178L90 124Q94 102 118 100Z" {paint}/><path d="M150 108V252" stroke="{SPINE}" stroke-width="2" stroke-dasharray="4 5"/>"#
    );
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::check;

    fn names() -> Vec<String> {
        ["No symptoms", "Low back", "Buttock", "Thigh", "Calf or shin", "Foot", "Toes"]
            .map(str::to_owned)
            .to_vec()
    }

    fn text(levels: &[String]) -> MapText<'_> {
        MapText {
            id: "map",
            title: "Where your symptoms reach, seen from behind",
            description: "Tap the furthest point your symptoms reach on each leg.",
            levels,
            left: "Left",
            right: "Right",
        }
    }

    fn level(n: i64) -> Level {
        Level::new(n).unwrap()
    }

    #[test]
    fn twelve_regions_with_their_data() {
        let names = names();
        let svg = body_map(level(3), level(0), &text(&names));
        let doc = check::well_formed(&svg);
        let regions = check::with_class(&doc, "bm-region");
        assert_eq!(regions.len(), 12);
        for side in [Side::Left, Side::Right] {
            for l in 1..=6u8 {
                let id = region_id("map", side, l);
                let r = regions.iter().find(|r| r.attribute("id") == Some(id.as_str())).expect("region");
                assert_eq!(r.attribute("data-side"), Some(side.as_str()));
                assert_eq!(r.attribute("data-level"), Some(l.to_string().as_str()));
                assert_eq!(r.attribute("data-code"), Some(Level::CODES[usize::from(l)]));
                assert_eq!(check::with_class(&doc, "bm-hit").len(), 12);
            }
        }
        let title = |id: &str| {
            let r = regions.iter().find(|r| r.attribute("id") == Some(id)).unwrap();
            r.children().find(|c| c.has_tag_name("title")).and_then(|t| t.text()).unwrap().to_owned()
        };
        assert_eq!(title("map-left-3"), "Thigh (left)");
        assert_eq!(title("map-right-6"), "Toes (right)");
    }

    #[test]
    fn the_chosen_level_and_everything_above_it_is_shaded() {
        let names = names();
        let svg = body_map(level(4), level(1), &text(&names));
        let doc = check::well_formed(&svg);
        let ids = |class: &str| -> Vec<String> {
            check::with_class(&doc, class).iter().map(|n| n.attribute("id").unwrap().to_owned()).collect()
        };
        assert_eq!(ids("bm-shaded"), ["map-left-1", "map-left-2", "map-left-3", "map-left-4", "map-right-1"]);
        assert_eq!(ids("bm-chosen"), ["map-left-4", "map-right-1"]);
        let desc = doc.descendants().find(|n| n.has_tag_name("desc")).and_then(|n| n.text()).unwrap();
        assert_eq!(
            desc,
            "Tap the furthest point your symptoms reach on each leg. Left: Calf or shin. Right: Low back."
        );
        let none = body_map(Level::NONE, Level::NONE, &text(&names));
        let doc = check::well_formed(&none);
        assert!(check::with_class(&doc, "bm-shaded").is_empty());
    }

    #[test]
    fn left_is_on_the_viewers_left() {
        let names = names();
        let svg = body_map(level(2), level(2), &text(&names));
        let doc = check::well_formed(&svg);
        let region = |id: &str| doc.descendants().find(|n| n.attribute("id") == Some(id)).unwrap();
        assert_eq!(region("map-left-2").attribute("transform"), None, "drawn at x < 150");
        assert!(region("map-right-2").attribute("transform").unwrap().starts_with("matrix(-1"));
        let words: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| (n.text().unwrap(), n.attribute("x").unwrap().parse::<f64>().unwrap()))
            .collect();
        assert!(words[0].0 == "Left" && words[0].1 < WIDTH / 2.0);
        assert!(words[1].0 == "Right" && words[1].1 > WIDTH / 2.0);
    }

    #[test]
    fn the_static_map_names_regions_and_has_no_choice() {
        let names = names();
        let svg = body_map_static(&text(&names));
        let doc = check::well_formed(&svg);
        assert_eq!(check::with_class(&doc, "bm-region").len(), 12);
        assert!(check::with_class(&doc, "bm-shaded").is_empty());
        assert!(check::with_class(&doc, "bm-hit").is_empty());
        let titles = doc.descendants().filter(|n| n.has_tag_name("title")).count();
        assert_eq!(titles, 13, "the map's and one per region");
        // Without content, the codes name the regions.
        let svg = body_map_static(&text(&[]));
        assert!(svg.contains("<title>low back (left)</title>"));
    }

    #[test]
    fn same_input_same_output() {
        let names = names();
        assert_eq!(body_map(level(5), level(2), &text(&names)), body_map(level(5), level(2), &text(&names)));
        assert!(!body_map(level(5), level(2), &text(&names)).contains("style="));
        assert!(!body_map_static(&text(&names)).contains("style="));
    }
}
