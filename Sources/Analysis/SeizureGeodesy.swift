import Coordinates
import Foundation
import Geodesy

// Fast, certified geodesic distances for the seizures analysis (one million points in about a
// second). Every distance it reports is computed as follows:
//
//  1. an approximation from Earth-centred (ECEF) vectors, with no geodesic solution at all: the
//     azimuth from the two normal sections (the geodesic divides the angle between the normal
//     section A→B and the reciprocal one B→A, seen at A, in the ratio 1:2) and the length from the
//     chord, bent with the ellipsoid's normal curvature at the midpoint in the chord's direction
//     (s = 2/k · asin(k·c/2)). Measured against geographiclib: < 1e-8 m up to 1 km, < 2e-7 m up to
//     10 km, ~1e-4 m lateral at 100 km;
//  2. a certificate: ONE geodesic direct problem (Karney, through PROJ, error < 15 nm) from the
//     start with that azimuth and length. It lands at B̂, |B − B̂| = m metres from the target. The
//     geodesic distance is 1-Lipschitz, so the true distance is within m of the approximation;
//     the first-order correction along the arrival direction (and m⊥/s on the azimuth) leaves an
//     error below m²/s (the curvature of a distance circle is about 1/s). The result is accepted
//     only when m ≤ 1 m and m²/s ≤ 1e-6 m (error ≤ 1 µm); otherwise, or beyond 2 000 km, the full
//     inverse problem is solved instead. In practice m is micrometres and the fallback never runs.
//
// So a reported distance is within 1 µm of Karney's inverse (itself within 15 nm of the truth),
// at the cost of one direct problem (~0.7 µs) instead of an inverse (~1.5 µs) or a Newton
// iteration of several of each.

/// A vector in ECEF metres (WGS84).
struct SeizureVec: Sendable {
    var x: Double
    var y: Double
    var z: Double

    @inline(__always) init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inline(__always) static func + (a: SeizureVec, b: SeizureVec) -> SeizureVec { SeizureVec(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inline(__always) static func - (a: SeizureVec, b: SeizureVec) -> SeizureVec { SeizureVec(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inline(__always) static func * (k: Double, a: SeizureVec) -> SeizureVec { SeizureVec(k * a.x, k * a.y, k * a.z) }
    @inline(__always) func dot(_ o: SeizureVec) -> Double { x * o.x + y * o.y + z * o.z }
    @inline(__always) func cross(_ o: SeizureVec) -> SeizureVec {
        SeizureVec(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    @inline(__always) var length: Double { dot(self).squareRoot() }
    @inline(__always) var unit: SeizureVec {
        let l = length
        return l > 0 ? (1 / l) * self : self
    }
}

/// WGS84 constants for the vector formulas.
enum SeizureEllipsoid {
    static let a = 6_378_137.0
    static let f = 1.0 / 298.257223563
    static let e2 = f * (2 - f)
    static let b = a * (1 - f)
    static let invA2 = 1 / (a * a)
    static let invB2 = 1 / (b * b)
    static let invA = 1 / a
    static let invOneMinusE2 = 1 / (1 - e2)
    /// Largest normal curvature (a/b², meridian at the equator), 1/m.
    static let kappaMax = a / (b * b)

    /// The outward unit normal of the ellipsoid at (or, for points slightly off the surface, near) `p`.
    @inline(__always)
    static func normal(_ p: SeizureVec) -> SeizureVec {
        SeizureVec(p.x * invA2, p.y * invA2, p.z * invB2).unit
    }

    /// Meridian (M) and prime-vertical (N) radii of curvature at a latitude with sine `s`.
    @inline(__always)
    static func radii(sinLatitude s: Double) -> (m: Double, n: Double) {
        let w2 = 1 - e2 * s * s
        let w = w2.squareRoot()
        return (a * (1 - e2) / (w2 * w), a / w)
    }

    /// Normal curvature at a point with unit normal `u` in the horizontal direction `d` (any length).
    @inline(__always)
    static func normalCurvature(normal u: SeizureVec, direction d: SeizureVec) -> Double {
        // Euler: cos²α/M + sin²α/N, with 1/N = √w/a and 1/M = w·√w/(a(1 − e²)), w = 1 − e² sin²φ.
        let w = 1 - e2 * u.z * u.z
        let invN = w.squareRoot() * invA
        let invM = invN * w * invOneMinusE2
        // East at u: (-u.y, u.x, 0)/cos φ; the squared sine of the azimuth is (d·east)²/|d_h|².
        let h2 = u.x * u.x + u.y * u.y
        let dh = d - u.dot(d) * u
        let dd = dh.dot(dh)
        guard dd > 0, h2 > 0 else { return invM }
        let de = -dh.x * u.y + dh.y * u.x
        let sin2 = min(1, de * de / (h2 * dd))
        return invM + sin2 * (invN - invM)
    }

    /// `ECEF.geodesicUpperBound` with `arc` (no asin below 250 km; its series is below asin by
    /// less than 3e-19 relative, far inside the 1 µm rounding slack).
    @inline(__always)
    static func geodesicUpperBound(chord c: Double) -> Double {
        arc(chord: c, curvature: kappaMax) + ECEF.roundingSlack
    }

    /// Geodesic length from a chord `c` bent with normal curvature `k` (exact for a circle).
    @inline(__always)
    static func arc(chord c: Double, curvature k: Double) -> Double {
        let h = k * c / 2
        // asin(h)/h to O(h¹⁰) (relative error < 3e-19 for h < 0.02, chords up to ~250 km).
        let h2 = h * h
        if h < 1e-4 { return c * (1 + h2 * (1.0 / 6 + h2 * (3.0 / 40))) }
        if h < 0.02 { return c * (1 + h2 * (1.0 / 6 + h2 * (3.0 / 40 + h2 * (5.0 / 112 + h2 * (35.0 / 1152))))) }
        return h < 1 ? 2 / k * asin(h) : .infinity
    }
}

/// A point on the ellipsoid with what the vector formulas need: ECEF, unit normal (up), east and
/// north unit vectors, and the radii of curvature.
struct SeizureSurfacePoint: Sendable {
    var coordinate: Coordinate
    var p: SeizureVec
    var up: SeizureVec
    var east: SeizureVec
    var north: SeizureVec
    /// Meridian and prime-vertical radii of curvature, for converting small angle differences to metres.
    var m: Double
    var n: Double
    var cosLatitude: Double

    init(_ c: Coordinate) {
        coordinate = c
        let phi = c.latitude * (.pi / 180)
        let lam = c.longitude * (.pi / 180)
        let sp = sin(phi), cp = cos(phi), sl = sin(lam), cl = cos(lam)
        let r = SeizureEllipsoid.radii(sinLatitude: sp)
        m = r.m
        n = r.n
        cosLatitude = cp
        p = SeizureVec(r.n * cp * cl, r.n * cp * sl, r.n * (1 - SeizureEllipsoid.e2) * sp)
        up = SeizureVec(cp * cl, cp * sl, sp)
        east = SeizureVec(-sl, cl, 0)
        north = SeizureVec(-sp * cl, -sp * sl, cp)
    }

    /// The unit tangent vector of azimuth `azimuth` (degrees) at this point.
    @inline(__always)
    func tangent(azimuth: Double) -> SeizureVec {
        let a = azimuth * (.pi / 180)
        return sin(a) * east + cos(a) * north
    }

    /// The vector from `self` to `other` in local metres (east, north), for two points a few
    /// metres apart at most (first order; relative error ~ distance / Earth radius).
    @inline(__always)
    func offset(to other: Coordinate) -> (east: Double, north: Double) {
        var dl = other.longitude - coordinate.longitude
        if dl > 180 { dl -= 360 } else if dl < -180 { dl += 360 }
        return (dl * (.pi / 180) * n * cosLatitude, (other.latitude - coordinate.latitude) * (.pi / 180) * m)
    }
}

enum SeizureGeodesy {
    /// Beyond this the approximations are not used (the full inverse is solved).
    static let approximationRange = 2_000_000.0

    /// The approximate geodesic azimuth at `a` (unit tangent vector) towards `b` and the
    /// approximate geodesic length, from ECEF vectors only (see the file's header).
    @inline(__always)
    static func approximate(from ap: SeizureVec, up ua: SeizureVec, to bp: SeizureVec, up ub: SeizureVec)
        -> (direction: SeizureVec, distance: Double)
    {
        let v = bp - ap
        let c = v.length
        guard c > 0 else { return (SeizureVec(0, 0, 0), 0) }
        // Normal section A→B at A: the chord projected on A's tangent plane, turned to the geodesic.
        let w1 = (v - ua.dot(v) * ua).unit
        let perp = ua.cross(w1)
        let d = sectionTurn(ua, v, ub)
        let dir: SeizureVec
        if abs(d) < 0.004 {
            // The usual case: the two normal sections are < 0.01 rad apart; series to O(d⁵).
            let d2 = d * d
            dir = (1 - d2 * (0.5 - d2 * (1.0 / 24))) * w1 + (d * (1 - d2 * (1.0 / 6))) * perp
        } else {
            dir = cos(d) * w1 + sin(d) * perp
        }
        return (dir, length(chord: v, c, ap, bp))
    }

    /// The approximate geodesic azimuth (degrees) at `a` towards `b` and the approximate length:
    /// the same approximation as `approximate`, read as an azimuth. `length`, when given, is
    /// `approximateLength(from: a.p, to: b.p)`, already known.
    @inline(__always)
    static func approximate(from a: SeizureSurfacePoint, to b: SeizureSurfacePoint, length known: Double? = nil)
        -> (azimuth: Double, distance: Double)
    {
        let v = b.p - a.p
        let distance = known ?? length(chord: v, v.length, a.p, b.p)
        guard distance > 0 else { return (0, 0) }
        // The normal section's azimuth is the chord's (east and north are horizontal); the turn
        // is counter-clockwise, azimuths run clockwise.
        let azimuth = (SeizureTrig.atan2(v.dot(a.east), v.dot(a.north)) - sectionTurn(a.up, v, b.up)) * (180 / .pi)
        return (azimuth, distance)
    }

    /// The angle (radians, counter-clockwise about `ua`) from the normal section A→B to the
    /// geodesic at A: a third of the angle to the reciprocal normal section (B→A, the plane
    /// through A, B and B's normal), whose direction at A is ua × (v × ub) (v = B − A, up to
    /// sign). Its tangent is (ua·(v × w2)) / (v·w2), the same ratio as for the unit horizontal
    /// directions (the vertical part of v is orthogonal to w2 and to ua × w2).
    @inline(__always)
    static func sectionTurn(_ ua: SeizureVec, _ v: SeizureVec, _ ub: SeizureVec) -> Double {
        let w2 = ua.cross(v.cross(ub))
        var sinD = ua.dot(v.cross(w2)), cosD = v.dot(w2)
        if cosD < 0 {
            sinD = -sinD
            cosD = -cosD
        }
        if abs(sinD) < 0.01 * cosD {
            // The usual case: atan to O(t⁷) (t < 0.01).
            let t = sinD / cosD
            return t * (1 - t * t * (1.0 / 3 - t * t * (1.0 / 5))) * (1.0 / 3)
        }
        return atan2(sinD, cosD) * (1.0 / 3)
    }

    /// The approximate geodesic length from `a` to `b` (the length of `approximate`; 0 only when
    /// a = b).
    @inline(__always)
    static func approximateLength(from ap: SeizureVec, to bp: SeizureVec) -> Double {
        let v = bp - ap
        return length(chord: v, v.length, ap, bp)
    }

    /// The chord `v` = b − a of length `c` bent with the normal curvature at the midpoint, in the
    /// chord's direction.
    @inline(__always)
    private static func length(chord v: SeizureVec, _ c: Double, _ ap: SeizureVec, _ bp: SeizureVec) -> Double {
        let mid = SeizureEllipsoid.normal(0.5 * (ap + bp))
        let k = SeizureEllipsoid.normalCurvature(normal: mid, direction: v)
        return SeizureEllipsoid.arc(chord: c, curvature: k)
    }

    /// Geodesic distance (m) from `a` to `b` and azimuth at `a` (degrees), certified by one direct
    /// problem as described in the file's header (falls back to the inverse problem). `length`,
    /// when given, is `approximateLength(from: a.p, to: b.p)`, already known.
    static func inverse(_ a: SeizureSurfacePoint, _ b: SeizureSurfacePoint, length: Double? = nil) -> (distance: Double, azimuth: Double) {
        let approx = approximate(from: a, to: b, length: length)
        if approx.distance == 0 { return (0, 0) }
        if approx.distance < approximationRange {
            if let c = certify(from: a.coordinate, azimuth: approx.azimuth, distance: approx.distance, target: b) {
                return c
            }
        }
        let inv = Geodesic.wgs84.inverse(a.coordinate, b.coordinate)
        return (inv.distance, inv.initialAzimuth)
    }

    /// `inverse(_:_:)` from a point of a geodesic line given by its exact `coordinate`, the line's
    /// exact `azimuth` there, and approximations of its ECEF position `x` and the line's unit
    /// tangent `tangent` (`SeizureLine`'s expansion near a piece's end: within 0.1 µm and 1e-9
    /// rad, see `SeizureLine.nearEnd`): the azimuth towards `b` is read against the tangent, so
    /// the point needs no trigonometry. The approximations only steer the direct problem from
    /// `coordinate`, which certifies the result (its miss grows by at most 0.1 µm).
    static func inverse(from coordinate: Coordinate, near x: SeizureVec, tangent t: SeizureVec, azimuth: Double,
                        to b: SeizureSurfacePoint) -> (distance: Double, azimuth: Double) {
        let v = b.p - x
        let c = v.length
        if c > 0 {
            let up = SeizureEllipsoid.normal(x)
            let along = t - t.dot(up) * up
            // Clockwise from the tangent: towards along × up (north × up = east).
            let turn = SeizureTrig.atan2(v.dot(along.cross(up)), v.dot(along)) - sectionTurn(up, v, b.up)
            let distance = length(chord: v, c, x, b.p)
            if distance > 0 && distance < approximationRange,
               let r = certify(from: coordinate, azimuth: azimuth + turn * (180 / .pi), distance: distance, target: b) {
                return r
            }
        }
        let inv = Geodesic.wgs84.inverse(coordinate, b.coordinate)
        return (inv.distance, inv.initialAzimuth)
    }

    /// Solves the direct problem from `start` (azimuth, distance) and compares the landing point
    /// with `target`: returns the corrected distance and azimuth, or nil when the miss is too large
    /// to vouch for 1 µm (see the file's header).
    @inline(__always)
    static func certify(from start: Coordinate, azimuth: Double, distance: Double, target: SeizureSurfacePoint)
        -> (distance: Double, azimuth: Double)?
    {
        let hit = Geodesic.wgs84.direct(from: start, azimuth: azimuth, distance: distance)
        let miss = target.offset(to: hit.coordinate)
        // miss = landing − target; we want target − landing.
        let me = -miss.east, mn = -miss.north
        let m2 = me * me + mn * mn
        guard m2 <= 1, m2 <= 1e-6 * max(distance, 1e-3), hit.coordinate.latitude.isFinite else { return nil }
        let a2 = SeizureTrig.sincos(degrees: hit.azimuth)
        let along = me * a2.sin + mn * a2.cos
        let right = me * a2.cos - mn * a2.sin
        // m12 (reduced length) on a sphere of the local mean radius, r·sin(s/r) (its series to
        // (s/r)⁹, relative error < 3e-13 up to 2 000 km): the azimuth change that moves the end by
        // `right` metres sideways.
        var m12 = distance
        if distance >= 1_000 {
            let x2 = distance * distance / (target.m * target.n)
            m12 *= 1 - x2 * (1.0 / 6) * (1 - x2 * (1.0 / 20) * (1 - x2 * (1.0 / 42) * (1 - x2 * (1.0 / 72))))
        }
        return (max(0, distance + along), azimuth + right / m12 * (180 / .pi))
    }

    /// Azimuth in [0, 360).
    @inline(__always)
    static func bearing(_ az: Double) -> Double {
        var b = abs(az) < 360 ? az : az.truncatingRemainder(dividingBy: 360)
        if b < 0 { b += 360 }
        return b >= 360 ? 0 : b
    }
}
