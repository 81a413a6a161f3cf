//! Points and frames in world space: the vector arithmetic the forward kinematics is built on.

use std::ops::{Add, Mul, Neg, Sub};

/// A point in world space (fractions of standing height).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Point {
    /// To the right of the picture.
    pub x: f64,
    /// Up.
    pub y: f64,
    /// Toward the viewer.
    pub z: f64,
}

impl Point {
    /// A point from its coordinates.
    pub const fn new(x: f64, y: f64, z: f64) -> Point {
        Point { x, y, z }
    }

    /// The distance to another point.
    pub fn distance(self, o: Point) -> f64 {
        let d = self - o;
        (d.x * d.x + d.y * d.y + d.z * d.z).sqrt()
    }

    fn cross(self, o: Point) -> Point {
        Point::new(self.y * o.z - self.z * o.y, self.z * o.x - self.x * o.z, self.x * o.y - self.y * o.x)
    }
}

impl Add for Point {
    type Output = Point;
    fn add(self, o: Point) -> Point {
        Point::new(self.x + o.x, self.y + o.y, self.z + o.z)
    }
}

impl Sub for Point {
    type Output = Point;
    fn sub(self, o: Point) -> Point {
        Point::new(self.x - o.x, self.y - o.y, self.z - o.z)
    }
}

impl Mul<f64> for Point {
    type Output = Point;
    fn mul(self, k: f64) -> Point {
        Point::new(self.x * k, self.y * k, self.z * k)
    }
}

impl Neg for Point {
    type Output = Point;
    fn neg(self) -> Point {
        self * -1.0
    }
}

/// An orthonormal frame: forward, up and toward the near side (`n = f × u`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Axes {
    pub(super) f: Point,
    pub(super) u: Point,
    pub(super) n: Point,
}

impl Axes {
    pub(super) fn new(f: Point, u: Point) -> Axes {
        Axes { f, u, n: f.cross(u) }
    }

    /// Turns about the side axis: forward toward up by `deg`.
    pub(super) fn rot_n(self, deg: f64) -> Axes {
        let (s, c) = deg.to_radians().sin_cos();
        Axes { f: self.f * c + self.u * s, u: self.u * c - self.f * s, n: self.n }
    }

    /// Turns about the forward axis: up toward the near side by `deg`.
    pub(super) fn rot_f(self, deg: f64) -> Axes {
        let (s, c) = deg.to_radians().sin_cos();
        Axes { f: self.f, u: self.u * c + self.n * s, n: self.n * c - self.u * s }
    }

    /// Turns about the up axis: the near side toward forward by `deg`.
    pub(super) fn rot_u(self, deg: f64) -> Axes {
        let (s, c) = deg.to_radians().sin_cos();
        Axes { f: self.f * c - self.n * s, u: self.u, n: self.n * c + self.f * s }
    }
}

/// Rotates `p` about the `z` axis by `deg` (counter-clockwise with `y` up).
pub(super) fn rot_z(p: Point, deg: f64) -> Point {
    let (s, c) = deg.to_radians().sin_cos();
    Point::new(p.x * c - p.y * s, p.x * s + p.y * c, p.z)
}
