//! Exercise figures: a body pose drawn as SVG, animated between the start and end positions.
//!
//! One style for every exercise: rounded strokes, a filled head, the trunk and near limbs dark,
//! the far limbs lighter, a floor line, and simple props (chair, bike, wall, stick, strap,
//! cushion, water). The geometry comes from [`sciatica_core::pose`]; this module only lays it out
//! in a 400 × 240 view box and writes SVG. The animated figure moves from start to end and back
//! (SMIL, precomputed eased frames, a pause at each end); a page that honours reduced motion shows
//! the static start or end figure instead. Text is limited to `<title>` and `<desc>`, taken from
//! the caller (the exercise's content).

use sciatica_core::content::exercise::Exercise;
use sciatica_core::pose::{ExercisePose, Landmark as L, Point, Prop, Skeleton, Support, body};
use std::fmt::Write as _;

/// Width of the view box.
pub const WIDTH: f64 = 400.0;
/// Height of the view box.
pub const HEIGHT: f64 = 240.0;
/// Where the floor line is drawn (the top of its stroke), in view-box units from the top.
pub const FLOOR_Y: f64 = 224.0;
const MARGIN: f64 = 12.0;
const MAX_SCALE: f64 = 330.0;
/// Seconds for one cycle: start, move, pause, move back.
const CYCLE_SECONDS: f64 = 4.0;
/// Fraction of the cycle spent still at each end.
const PAUSE: f64 = 0.125;
/// Eased frames per move.
const STEPS: usize = 12;

/// The dark ink of the trunk, head and near limbs (14.5:1 on white).
pub const INK: &str = "#1f2a37";
/// The far limbs (3.7:1 on white).
pub const FAR: &str = "#7b8794";
const HALO: &str = "#ffffff";
const HALO_WIDTH: f64 = 0.014;
const PROP_INK: &str = "#6b7785";
const PROP_FILL: &str = "#e4e8ed";
const ACCENT: &str = "#b45309";
const WATER_LINE: &str = "#2563eb";
const WATER_FILL: &str = "#dbeafe";

/// Which picture to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame {
    /// The start position, still.
    Start,
    /// The end position, still.
    End,
    /// Start to end and back, repeating.
    Animated,
}

impl Frame {
    /// A short name (`start`, `end`, `animated`) for ids and file names.
    pub fn as_str(self) -> &'static str {
        match self {
            Frame::Start => "start",
            Frame::End => "end",
            Frame::Animated => "animated",
        }
    }
}

/// The accessible name and description of a figure, and a prefix for its element ids.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// Prefix of the ids of `<title>` and `<desc>` (unique on the page).
    pub id: &'a str,
    /// The accessible name.
    pub title: &'a str,
    /// The accessible description.
    pub description: &'a str,
}

/// An exercise's figure, named by its plain name and described by its start and/or end position.
pub fn exercise_svg(e: &Exercise, frame: Frame) -> String {
    let description = match frame {
        Frame::Start => e.start_position.clone(),
        Frame::End => e.end_position.clone(),
        Frame::Animated => format!("{} {}", e.start_position, e.end_position),
    };
    let id = format!("figure-{}-{}", e.id, frame.as_str());
    svg(&e.pose, frame, &Labels { id: &id, title: &e.plain_name, description: &description })
}

/// The figure of a pose as a standalone SVG document.
pub fn svg(pose: &ExercisePose, frame: Frame, labels: &Labels) -> String {
    match frame {
        Frame::Start => render(pose, &[0.0], labels),
        Frame::End => render(pose, &[1.0], labels),
        Frame::Animated => {
            let ts: Vec<f64> = (0..=STEPS).map(|k| ease(k as f64 / STEPS as f64)).collect();
            render(pose, &ts, labels)
        }
    }
}

/// The still figure a fraction `t` (0 to 1) of the way from start to end.
pub fn svg_at(pose: &ExercisePose, t: f64, labels: &Labels) -> String {
    render(pose, &[t.clamp(0.0, 1.0)], labels)
}

/// Slow at both ends, fast in the middle.
fn ease(x: f64) -> f64 {
    (1.0 - (std::f64::consts::PI * x).cos()) / 2.0
}

type P2 = (f64, f64);

#[derive(Debug, Clone, PartialEq)]
enum Geo {
    Line(Vec<P2>),
    Curve([P2; 3]),
    Circle(P2, f64),
    Rect(P2, P2, f64),
}

#[derive(Debug, Clone, PartialEq)]
struct Shape {
    geo: Geo,
    stroke: Option<&'static str>,
    fill: Option<&'static str>,
    /// Stroke width in body heights.
    width: f64,
    /// How it counts when fitting the figure into the view box.
    fit: Fit,
}

/// How a shape counts when the figure is fitted into the view box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    /// Its whole extent.
    Both,
    /// Only its left and right ends (a wall).
    Across,
    /// Not at all (water, fills that run off the edge).
    Ignore,
}

impl Shape {
    fn line(pts: Vec<P2>, stroke: &'static str, width: f64) -> Shape {
        Shape { geo: Geo::Line(pts), stroke: Some(stroke), fill: None, width, fit: Fit::Both }
    }

    fn points(&self) -> Vec<P2> {
        match &self.geo {
            Geo::Line(p) => p.clone(),
            Geo::Curve([a, c, b]) => (0..=8)
                .map(|i| {
                    let t = f64::from(i) / 8.0;
                    let (u, v, w) = ((1.0 - t) * (1.0 - t), 2.0 * t * (1.0 - t), t * t);
                    (a.0 * u + c.0 * v + b.0 * w, a.1 * u + c.1 * v + b.1 * w)
                })
                .collect(),
            Geo::Circle((x, y), r) => vec![(x - r, y - r), (x + r, y + r)],
            Geo::Rect(a, b, _) => vec![*a, *b],
        }
    }
}

/// What stays the same through the movement, measured on the start position.
struct Setting {
    seat: Option<f64>,
    hub: Option<(Point, f64)>,
}

/// How a pose's figure sits in the view box.
struct View {
    /// View-box units per body height.
    scale: f64,
    /// Horizontal offset.
    dx: f64,
    /// The lowest point of the figure, in body heights (drawn on the floor line).
    y0: f64,
    /// Where the view box starts: figures lower than the box are cropped from the top.
    top: f64,
}

/// The shortest view box: lying figures are cropped to this, not below, so that thumbnails keep
/// a steady rhythm on a page.
const MIN_HEIGHT: f64 = 120.0;

fn setting(pose: &ExercisePose, start: &Skeleton) -> Setting {
    Setting {
        seat: pose.seat_height(),
        hub: (pose.support == Support::Bike).then(|| {
            let (a, b) = (pedal(start, true), pedal(start, false));
            ((a + b) * 0.5, a.distance(b) / 2.0)
        }),
    }
}

/// Fits everything (the scenery and every frame of the movement) into the view box, above the
/// floor line, as large as the width allows, then crops the empty space above it.
fn view(pose: &ExercisePose) -> View {
    let start = pose.at(0.0);
    let setting = setting(pose, &start);
    let back = scenery(pose, &start, &setting);
    let all_frames: Vec<Vec<Shape>> =
        (0..=STEPS).map(|k| body_shapes(pose, &pose.at(k as f64 / STEPS as f64), &setting)).collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::INFINITY, f64::NEG_INFINITY, 0.0_f64, 0.0_f64);
    for s in back.iter().chain(all_frames.iter().flatten()).filter(|s| s.fit != Fit::Ignore) {
        for (x, y) in s.points() {
            let r = s.width / 2.0;
            x0 = x0.min(x - r);
            x1 = x1.max(x + r);
            if s.fit == Fit::Both {
                y0 = y0.min(y - r);
                y1 = y1.max(y + r);
            }
        }
    }
    let scale = ((WIDTH - 2.0 * MARGIN) / (x1 - x0)).min((FLOOR_Y - MARGIN) / (y1 - y0)).min(MAX_SCALE);
    let dx = WIDTH / 2.0 - f64::midpoint(x0, x1) * scale;
    let highest = FLOOR_Y - (y1 - y0) * scale;
    let top = (highest - MARGIN).floor().clamp(0.0, HEIGHT - MIN_HEIGHT);
    View { scale, dx, y0, top }
}

/// The height of a pose's figure in view-box units (its width is [`WIDTH`]), for the `height`
/// attribute of an `<img>` that shows it.
pub fn height(pose: &ExercisePose) -> f64 {
    HEIGHT - view(pose).top
}

fn render(pose: &ExercisePose, ts: &[f64], labels: &Labels) -> String {
    let start = pose.at(0.0);
    let setting = setting(pose, &start);
    let back = scenery(pose, &start, &setting);
    let frames: Vec<Vec<Shape>> = ts.iter().map(|&t| body_shapes(pose, &pose.at(t), &setting)).collect();
    let View { scale, dx, y0, top } = view(pose);
    let tf = |(x, y): P2| (dx + x * scale, FLOOR_Y - (y - y0) * scale);
    let h = HEIGHT - top;

    let mut out = String::new();
    let esc_title = escape(labels.title);
    let esc_desc = escape(labels.description);
    let id = escape(labels.id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {top} {WIDTH} {h}" width="{WIDTH}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{esc_title}</title><desc id="{id}-desc">{esc_desc}</desc>"#
    );
    out.push_str(r#"<g stroke-linecap="round" stroke-linejoin="round">"#);
    for s in &back {
        draw(&mut out, s, &[], scale, &tf);
    }
    if pose.elevation == 0.0 {
        let _ = write!(
            out,
            r#"<path d="M4 {y:.1}H396" stroke="{PROP_INK}" stroke-width="3" fill="none"/>"#,
            y = FLOOR_Y + 1.5
        );
    }
    let still = frames.windows(2).all(|w| w[0] == w[1]);
    for (i, s) in frames[0].iter().enumerate() {
        let seq: Vec<&Shape> = if still { Vec::new() } else { frames.iter().map(|f| &f[i]).collect() };
        draw(&mut out, s, &seq, scale, &tf);
    }
    out.push_str("</g></svg>");
    out
}

/// The ball of the foot, where it rests on a pedal.
fn pedal(sk: &Skeleton, near: bool) -> Point {
    let (a, t) = if near { (L::NearAnkle, L::NearToe) } else { (L::FarAnkle, L::FarToe) };
    let (a, t) = (sk.get(a), sk.get(t));
    a + (t - a) * 0.6
}

/// Props that do not move, drawn behind the body.
fn scenery(pose: &ExercisePose, start: &Skeleton, set: &Setting) -> Vec<Shape> {
    let pj = |p: Point| pose.project(p);
    let prop_w = body::LIMB_RADIUS * 1.1;
    let mut out = Vec::new();
    if pose.elevation > 0.0 {
        out.push(mat(pose));
    }
    if pose.props.contains(&Prop::Water) {
        let level = 0.62;
        out.push(Shape {
            geo: Geo::Rect((-2.0, 0.0), (2.0, level), 0.0),
            stroke: None,
            fill: Some(WATER_FILL),
            width: 0.0,
            fit: Fit::Ignore,
        });
        let wave: Vec<P2> = (0..=80)
            .map(|i| {
                let x = -2.0 + f64::from(i) * 0.05;
                (x, level + 0.008 * (x * 40.0).sin())
            })
            .collect();
        out.push(Shape { fit: Fit::Ignore, ..Shape::line(wave, WATER_LINE, body::LIMB_RADIUS * 0.5) });
    }
    if pose.props.contains(&Prop::Wall) {
        let x = [L::NearShoulder, L::NearElbow, L::NearWrist]
            .iter()
            .map(|&l| pj(start.get(l)).0)
            .fold(f64::NEG_INFINITY, f64::max)
            + body::LIMB_RADIUS
            + prop_w / 2.0;
        out.push(Shape {
            geo: Geo::Rect((x, 0.0), (2.0, 1.2), 0.0),
            stroke: None,
            fill: Some(PROP_FILL),
            width: 0.0,
            fit: Fit::Ignore,
        });
        out.push(Shape { fit: Fit::Across, ..Shape::line(vec![(x, 0.0), (x, 1.2)], PROP_INK, prop_w) });
    }
    if pose.props.contains(&Prop::Cushion) {
        let knee = [L::NearKnee, L::FarKnee]
            .into_iter()
            .map(|l| start.get(l))
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .expect("two knees");
        let (x, _) = pj(knee);
        let h = body::LIMB_RADIUS * 2.6;
        out.push(Shape {
            geo: Geo::Rect((x - 0.1, body::LIMB_RADIUS * 0.25), (x + 0.1, h), h / 2.0),
            stroke: Some(PROP_INK),
            fill: Some(PROP_FILL),
            width: body::LIMB_RADIUS * 0.5,
            fit: Fit::Both,
        });
    }
    match (pose.support, set.seat) {
        (Support::Chair, Some(seat)) => out.extend(chair(pose, start.get(L::Pelvis), seat, prop_w)),
        (Support::Bike, Some(seat)) => {
            if let Some((hub, r)) = set.hub {
                out.extend(bike(pose, start, seat, hub, r, prop_w));
            }
        }
        _ => {}
    }
    out
}

/// The floor seen from above: a mat under every position of the body.
fn mat(pose: &ExercisePose) -> Shape {
    let (mut x0, mut x1, mut z0, mut z1) =
        (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
    for k in 0..=STEPS {
        let sk = pose.at(k as f64 / STEPS as f64);
        for &l in L::ALL {
            let p = sk.get(l);
            x0 = x0.min(p.x);
            x1 = x1.max(p.x);
            z0 = z0.min(p.z);
            z1 = z1.max(p.z);
        }
    }
    let pad = 0.08;
    let corner = |x: f64, z: f64| pose.project(Point::new(x, 0.0, z));
    let (x0, x1, z0, z1) = (x0 - pad, x1 + pad, z0 - pad, z1 + pad);
    Shape {
        geo: Geo::Line(vec![corner(x0, z0), corner(x1, z0), corner(x1, z1), corner(x0, z1), corner(x0, z0)]),
        stroke: Some(PROP_INK),
        fill: Some(PROP_FILL),
        width: body::LIMB_RADIUS * 0.4,
        fit: Fit::Both,
    }
}

fn chair(pose: &ExercisePose, pelvis: Point, seat: f64, w: f64) -> Vec<Shape> {
    let pj = |x: f64, y: f64, z: f64| pose.project(Point::new(x, y, z));
    let (back, front) = (pelvis.x - 0.13, pelvis.x + 0.13);
    let mut out = Vec::new();
    for z in [pelvis.z + 0.12, pelvis.z - 0.12] {
        out.push(Shape::line(vec![pj(back, seat + 0.27, z), pj(back, w / 2.0, z)], PROP_INK, w));
        out.push(Shape::line(vec![pj(front, seat, z), pj(front, w / 2.0, z)], PROP_INK, w));
    }
    for z in [pelvis.z + 0.12, pelvis.z - 0.12] {
        out.push(Shape::line(vec![pj(back, seat - w, z), pj(front, seat - w, z)], PROP_INK, w * 1.4));
    }
    out
}

fn bike(pose: &ExercisePose, start: &Skeleton, seat: f64, hub: Point, r: f64, w: f64) -> Vec<Shape> {
    let pj = |p: Point| pose.project(p);
    let pelvis = start.get(L::Pelvis);
    let grip = start.get(L::NearHand);
    let base_y = w;
    let saddle = Point::new(pelvis.x - 0.01, seat - w * 0.6, 0.0);
    let front_base = Point::new(hub.x + 0.3, base_y, 0.0);
    let rear_base = Point::new(saddle.x - 0.16, base_y, 0.0);
    let wheel = Point::new(hub.x + 0.2, (r + 0.05).max(0.13), 0.0);
    vec![
        Shape::line(vec![pj(rear_base), pj(front_base)], PROP_INK, w * 1.4),
        Shape::line(vec![pj(rear_base), pj(saddle - Point::new(0.0, 0.06, 0.0)), pj(hub)], PROP_INK, w),
        Shape::line(vec![pj(saddle - Point::new(0.0, 0.06, 0.0)), pj(saddle)], PROP_INK, w),
        Shape::line(
            vec![pj(saddle - Point::new(0.06, 0.0, 0.0)), pj(saddle + Point::new(0.05, 0.0, 0.0))],
            PROP_INK,
            w * 1.8,
        ),
        Shape::line(vec![pj(hub), pj(front_base)], PROP_INK, w),
        Shape::line(
            vec![
                pj(front_base),
                pj(grip - Point::new(0.03, 0.01, 0.0)),
                pj(grip + Point::new(0.02, 0.0, 0.0)),
            ],
            PROP_INK,
            w,
        ),
        Shape {
            geo: Geo::Circle(pj(wheel), 0.1),
            stroke: Some(PROP_INK),
            fill: Some(PROP_FILL),
            width: w,
            fit: Fit::Both,
        },
    ]
}

/// The body (and the props that move with it) in drawing order: far limbs, trunk and head, near
/// limbs. The same shapes in the same order for every frame, so they can be animated.
fn body_shapes(pose: &ExercisePose, sk: &Skeleton, set: &Setting) -> Vec<Shape> {
    let pj = |l: L| pose.project(sk.get(l));
    let limb = body::LIMB_RADIUS * 2.0;
    let chain = |ls: [L; 4]| ls.iter().map(|&l| pj(l)).collect::<Vec<_>>();
    let mut out = Vec::new();
    if let Some((hub, _)) = set.hub {
        for near in [false, true] {
            out.push(Shape::line(
                vec![pose.project(hub), pose.project(pedal(sk, near))],
                PROP_INK,
                limb * 0.5,
            ));
        }
    }
    out.push(Shape::line(chain([L::FarShoulder, L::FarElbow, L::FarWrist, L::FarHand]), FAR, limb));
    out.push(Shape::line(chain([L::FarHip, L::FarKnee, L::FarAnkle, L::FarToe]), FAR, limb));
    let [a, c, b] = sk.spine_curve();
    out.push(Shape {
        geo: Geo::Curve([pose.project(a), pose.project(c), pose.project(b)]),
        stroke: Some(INK),
        fill: None,
        width: body::TRUNK_RADIUS * 2.0,
        fit: Fit::Both,
    });
    out.push(Shape::line(vec![pj(L::FarHip), pj(L::NearHip)], INK, limb));
    out.push(Shape::line(vec![pj(L::FarShoulder), pj(L::Neck), pj(L::NearShoulder)], INK, limb));
    out.push(Shape::line(vec![pj(L::Neck), pj(L::Head)], INK, limb));
    out.push(Shape {
        geo: Geo::Circle(pj(L::Head), body::HEAD_RADIUS),
        stroke: None,
        fill: Some(INK),
        width: 0.0,
        fit: Fit::Both,
    });
    if pose.props.contains(&Prop::Stick) {
        let tail = sk.get(L::Pelvis) - sk.pelvis_forward * body::TRUNK_RADIUS;
        let skull = sk.get(L::Head) - sk.head_forward * body::HEAD_RADIUS;
        let along = (skull - tail) * (1.0 / skull.distance(tail));
        let (lo, hi) = (tail - along * 0.08, skull + along * 0.07);
        out.push(Shape::line(vec![pose.project(lo), pose.project(hi)], ACCENT, limb * 0.55));
    }
    for ls in [
        [L::NearHip, L::NearKnee, L::NearAnkle, L::NearToe],
        [L::NearShoulder, L::NearElbow, L::NearWrist, L::NearHand],
    ] {
        // A thin light outline keeps a near limb readable where it crosses the trunk.
        out.push(Shape { fit: Fit::Ignore, ..Shape::line(chain(ls), HALO, limb + HALO_WIDTH) });
        out.push(Shape::line(chain(ls), INK, limb));
    }
    if pose.props.contains(&Prop::Strap) {
        // Around the middle of the sole: the side of the foot away from the shin.
        let (ankle, toe, knee) = (sk.get(L::NearAnkle), sk.get(L::NearToe), sk.get(L::NearKnee));
        let along = (toe - ankle) * (1.0 / toe.distance(ankle));
        let shin = knee - ankle;
        let up = shin - along * (shin.x * along.x + shin.y * along.y + shin.z * along.z);
        let sole = ankle + (toe - ankle) * 0.45 - up * (body::LIMB_RADIUS / up.distance(Point::default()));
        let strap = vec![pj(L::NearWrist), pose.project(sole), pj(L::FarWrist)];
        out.push(Shape { fit: Fit::Across, ..Shape::line(strap, ACCENT, limb * 0.45) });
    }
    out
}

fn fmt_pt(out: &mut String, (x, y): P2) {
    let _ = write!(out, "{x:.1} {y:.1}");
}

fn path_d(geo: &Geo, tf: &dyn Fn(P2) -> P2) -> String {
    path_d_in(geo, tf, false)
}

/// The path data of a shape; `clamp` keeps the points inside the view box (for walls and water
/// that run off its edges).
fn path_d_in(geo: &Geo, tf: &dyn Fn(P2) -> P2, clamp: bool) -> String {
    let tf = |p: P2| {
        let (x, y) = tf(p);
        if clamp { (x.clamp(0.0, WIDTH), y.clamp(0.0, HEIGHT)) } else { (x, y) }
    };
    let mut d = String::new();
    match geo {
        Geo::Line(pts) => {
            for (i, p) in pts.iter().enumerate() {
                d.push(if i == 0 { 'M' } else { 'L' });
                fmt_pt(&mut d, tf(*p));
            }
        }
        Geo::Curve([a, c, b]) => {
            d.push('M');
            fmt_pt(&mut d, tf(*a));
            d.push('Q');
            fmt_pt(&mut d, tf(*c));
            d.push(' ');
            fmt_pt(&mut d, tf(*b));
        }
        Geo::Circle(..) | Geo::Rect(..) => {}
    }
    d
}

fn keyframes<T>(seq: &[T]) -> (String, Vec<&T>) {
    // start, pause, move to the end, pause, move back.
    let n = seq.len() - 1;
    let mut times = vec![0.0, PAUSE];
    let mut vals: Vec<&T> = vec![&seq[0], &seq[0]];
    let span = 0.5 - PAUSE;
    for (k, v) in seq.iter().enumerate().skip(1) {
        times.push(PAUSE + span * k as f64 / n as f64);
        vals.push(v);
    }
    times.push(0.5 + PAUSE);
    vals.push(&seq[n]);
    for k in (0..n).rev() {
        times.push(0.5 + PAUSE + span * (n - k) as f64 / n as f64);
        vals.push(&seq[k]);
    }
    let times: Vec<String> = times.iter().map(|t| format!("{t:.4}")).collect();
    (times.join(";"), vals)
}

fn animate(out: &mut String, attr: &str, values: &[String]) {
    let (times, vals) = keyframes(values);
    let vals: Vec<&str> = vals.iter().map(|s| s.as_str()).collect();
    let _ = write!(
        out,
        r#"<animate attributeName="{attr}" dur="{CYCLE_SECONDS}s" repeatCount="indefinite" calcMode="linear" keyTimes="{times}" values="{}"/>"#,
        vals.join(";")
    );
}

fn draw(out: &mut String, s: &Shape, seq: &[&Shape], scale: f64, tf: &dyn Fn(P2) -> P2) {
    let stroke = s
        .stroke
        .map_or_else(String::new, |c| format!(r#" stroke="{c}" stroke-width="{:.1}""#, s.width * scale));
    let fill = format!(r#" fill="{}""#, s.fill.unwrap_or("none"));
    match &s.geo {
        Geo::Circle(c, r) => {
            let (x, y) = tf(*c);
            let _ = write!(out, r#"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}"{stroke}{fill}"#, r * scale);
            if seq.is_empty() {
                out.push_str("/>");
            } else {
                out.push('>');
                let centres: Vec<P2> =
                    seq.iter().map(|f| if let Geo::Circle(c, _) = f.geo { tf(c) } else { (x, y) }).collect();
                animate(out, "cx", &centres.iter().map(|c| format!("{:.1}", c.0)).collect::<Vec<_>>());
                animate(out, "cy", &centres.iter().map(|c| format!("{:.1}", c.1)).collect::<Vec<_>>());
                out.push_str("</circle>");
            }
        }
        Geo::Rect(a, b, r) => {
            let (p, q) = (tf(*a), tf(*b));
            let (x, y) = (p.0.min(q.0).max(0.0), p.1.min(q.1).max(0.0));
            let (w, h) = ((p.0.max(q.0).min(WIDTH) - x).max(0.0), (p.1.max(q.1).min(FLOOR_Y) - y).max(0.0));
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="{:.1}"{stroke}{fill}/>"#,
                r * scale
            );
        }
        geo => {
            let _ = write!(out, r#"<path d="{}"{stroke}{fill}"#, path_d_in(geo, tf, s.fit != Fit::Both));
            if seq.is_empty() {
                out.push_str("/>");
            } else {
                out.push('>');
                animate(out, "d", &seq.iter().map(|f| path_d(&f.geo, tf)).collect::<Vec<_>>());
                out.push_str("</path>");
            }
        }
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sciatica_core::Content;

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
            assert_eq!(
                (view_box[0], view_box[2], view_box[1] + view_box[3]),
                (0.0, WIDTH, HEIGHT),
                "{}",
                e.id
            );
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
                                let y =
                                    n[1] * (1.0 - t) * (1.0 - t) + n[3] * 2.0 * t * (1.0 - t) + n[5] * t * t;
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
}
