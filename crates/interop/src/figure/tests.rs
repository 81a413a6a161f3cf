//! Tests of the figures: every exercise renders, stays within its view box and rests on the floor
//! line; the animation, escaping and contrast.

use super::framing::MIN_HEIGHT;
use super::*;
use sciatica_core::Content;
use sciatica_core::pose::Support;

/// Every number in an attribute list such as `d="M1 2L3 4"` or `values="..."`.
fn numbers(s: &str) -> Vec<f64> {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|t| !t.is_empty() && *t != "-" && *t != ".")
        .filter_map(|t| t.parse().ok())
        .collect()
}

fn attr_values<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    svg.match_indices(&key)
        .map(|(i, _)| {
            let rest = &svg[i + key.len()..];
            &rest[..rest.find('"').expect("closed attribute")]
        })
        .collect()
}

#[test]
fn every_exercise_renders_start_end_and_animated() {
    for e in &Content::embedded().exercises {
        for frame in [Frame::Start, Frame::End, Frame::Animated] {
            let s = exercise_svg(e, frame);
            assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", e.id);
            assert!(s.ends_with("</svg>"));
            assert!(s.contains(r#"role="img""#));
            let id = format!("figure-{}-{}", e.id, frame.as_str());
            assert!(s.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)), "{}", e.id);
            assert!(s.contains(&format!(r#"<title id="{id}-title">{}</title>"#, escape(&e.plain_name))));
            assert!(s.contains(&format!(r#"<desc id="{id}-desc">"#)));
            assert!(!s.contains("<text"), "no text in the picture");
        }
    }
}

#[test]
fn the_figure_stays_within_the_view_box() {
    for e in &Content::embedded().exercises {
        let s = exercise_svg(e, Frame::Animated);
        let mut coords = Vec::new();
        for d in attr_values(&s, "d") {
            // An `H` command has no y: count it on the floor line.
            coords.extend(numbers(d).chunks(2).map(|c| (c[0], c.get(1).copied().unwrap_or(HEIGHT))));
        }
        let view_box = numbers(attr_values(&s, "viewBox")[0]);
        let top = view_box[1];
        assert_eq!((view_box[0], view_box[2], view_box[1] + view_box[3]), (0.0, WIDTH, HEIGHT), "{}", e.id);
        assert!(s.contains(&format!(r#"height="{}""#, view_box[3])), "{}: the size matches", e.id);
        assert!((height(&e.pose) - view_box[3]).abs() < 0.05, "{}", e.id);
        for (x, y) in coords {
            assert!((0.0..=WIDTH).contains(&x) && (top..=HEIGHT).contains(&y), "{}: ({x}, {y})", e.id);
        }
        for v in attr_values(&s, "values") {
            for n in numbers(v) {
                assert!((0.0..=WIDTH).contains(&n), "{}: animated value {n}", e.id);
            }
        }
    }
}

#[test]
fn lying_figures_are_cropped_to_what_they_show() {
    let c = Content::embedded();
    let h = |id: &str| height(&c.exercise(id).unwrap().pose);
    assert!((h("walking-program") - HEIGHT).abs() < 0.05, "a standing figure fills the box");
    assert!((h("prone-lying") - MIN_HEIGHT).abs() < 0.05, "a lying one is cropped, down to the minimum");
    let bridge = h("glute-bridge");
    assert!((MIN_HEIGHT..HEIGHT).contains(&bridge), "{bridge}");
}

#[test]
fn the_lowest_point_touches_the_floor_line() {
    for e in Content::embedded()
        .exercises
        .iter()
        .filter(|e| e.pose.elevation == 0.0 && e.pose.support != Support::Bike)
    {
        for frame in [Frame::Start, Frame::End] {
            let s = exercise_svg(e, frame);
            // The head is a circle; the body and limbs are round-capped strokes: their lowest
            // edge is the lowest coordinate plus half the stroke width.
            let mut lowest = f64::NEG_INFINITY;
            let body = &s[s.find("stroke-width=\"3\"").expect("floor line")..];
            for el in body
                .split('<')
                .filter(|el| el.starts_with("path") && !el.contains(HALO) && !el.contains(ACCENT))
            {
                let w = attr_values(&format!(" {el}"), "stroke-width")
                    .first()
                    .map_or(0.0, |w| w.parse::<f64>().unwrap());
                for d in attr_values(&format!(" {el}"), "d") {
                    let n = numbers(d);
                    if d.contains('Q') {
                        // A quadratic curve: its lowest point, not its control point.
                        for i in 0..=16 {
                            let t = f64::from(i) / 16.0;
                            let y = n[1] * (1.0 - t) * (1.0 - t) + n[3] * 2.0 * t * (1.0 - t) + n[5] * t * t;
                            lowest = lowest.max(y + w / 2.0);
                        }
                    } else {
                        for c in n.chunks(2) {
                            lowest = lowest.max(c[1] + w / 2.0);
                        }
                    }
                }
            }
            for el in body.split('<').filter(|el| el.starts_with("circle")) {
                let el = format!(" {el}");
                let cy: f64 = attr_values(&el, "cy")[0].parse().unwrap();
                let r: f64 = attr_values(&el, "r")[0].parse().unwrap();
                lowest = lowest.max(cy + r);
            }
            assert!((lowest - FLOOR_Y).abs() < 1.0, "{} {frame:?}: lowest point at {lowest}", e.id);
        }
    }
}

#[test]
fn the_animation_moves_there_and_back_with_pauses() {
    let c = Content::embedded();
    let e = c.exercise("prone-press-up").unwrap();
    let s = exercise_svg(e, Frame::Animated);
    assert!(s.contains(r#"<animate attributeName="d" dur="4s" repeatCount="indefinite""#));
    let times = attr_values(&s, "keyTimes")[0];
    let times: Vec<f64> = times.split(';').map(|t| t.parse().unwrap()).collect();
    assert_eq!(times.first(), Some(&0.0));
    assert_eq!(times.last(), Some(&1.0));
    assert!(times.windows(2).all(|w| w[0] < w[1]), "key times rise");
    let values: Vec<&str> = attr_values(&s, "values")[0].split(';').collect();
    assert_eq!(values.len(), times.len());
    assert_eq!(values[0], values[1], "a pause at the start");
    assert_eq!(values.first(), values.last(), "back to the start");
    let start = exercise_svg(e, Frame::Start);
    let end = exercise_svg(e, Frame::End);
    let first_d = |s: &str| attr_values(s, "d").iter().find(|d| d.contains('Q')).map(|d| (*d).to_owned());
    assert_eq!(first_d(&s), first_d(&start), "the animation starts at the start position");
    let end_trunk = first_d(&end).unwrap();
    assert!(
        attr_values(&s, "values").iter().any(|v| v.split(';').any(|f| f == end_trunk)),
        "and reaches the end position"
    );
}

#[test]
fn a_still_exercise_has_no_animation() {
    let c = Content::embedded();
    let s = exercise_svg(c.exercise("prone-lying").unwrap(), Frame::Animated);
    assert!(!s.contains("<animate"));
}

#[test]
fn start_and_end_differ_where_the_body_moves() {
    for e in &Content::embedded().exercises {
        let moved = e.pose.start != e.pose.end;
        let (a, b) = (exercise_svg(e, Frame::Start), exercise_svg(e, Frame::End));
        let strip = |s: &str| s[s.find("</desc>").unwrap()..].to_owned();
        assert_eq!(strip(&a) != strip(&b), moved, "{}", e.id);
    }
}

#[test]
fn text_is_escaped() {
    let e = &Content::embedded().exercises[0];
    let s = svg(&e.pose, Frame::Start, &Labels { id: "f", title: "A <b> & \"c\"", description: "d" });
    assert!(s.contains("A &lt;b&gt; &amp; &quot;c&quot;"));
}

#[test]
fn colours_have_enough_contrast_on_white() {
    fn luminance(hex: &str) -> f64 {
        let ch = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
    }
    // WCAG 2.1 non-text contrast: 3:1 for the parts needed to understand the figure.
    for c in [INK, FAR, PROP_INK, ACCENT, WATER_LINE] {
        assert!(1.05 / (luminance(c) + 0.05) >= 3.0, "{c}");
    }
}
