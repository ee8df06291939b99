#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Coordinates

/// Fast, certified geodesic distances and azimuths on WGS84 (one million nearest-border queries in
/// about a second). Every distance it reports is computed as follows:
///
///  1. an approximation from geocentric vectors, with no geodesic solution at all: the azimuth
///     from the two normal sections (the geodesic divides the angle between the normal section
///     A→B and the reciprocal one B→A, seen at A, in the ratio 1:2) and the length from the chord,
///     bent with the ellipsoid's normal curvature at the midpoint in the chord's direction
///     (s = 2/k · asin(k·c/2), `ChordBounds.arc`). Measured against geographiclib: < 1e-8 m up to
///     1 km, < 2e-7 m up to 10 km, ~1e-4 m lateral at 100 km;
///  2. a certificate: ONE geodesic direct problem (Karney, through PROJ, error < 15 nm) from the
///     start with that azimuth and length. It lands at B̂, |B − B̂| = m metres from the target. The
///     geodesic distance is 1-Lipschitz, so the true distance is within m of the approximation;
///     the first-order correction along the arrival direction (and m⊥/s on the azimuth) leaves an
///     error below m²/s (the curvature of a distance circle is about 1/s). The result is accepted
///     only when m ≤ 1 m and m²/s ≤ 1e-6 m (error ≤ 1 µm); otherwise, or beyond 2 000 km, the full
///     inverse problem is solved instead. In practice m is micrometres and the fallback never runs.
///
/// Accuracy: a reported distance is within 1 µm of Karney's inverse (itself within 15 nm of the
/// truth), the azimuth within 1e-6° (measured: 4e-7 m and 9e-8° over 1 m–2 000 km, GeodesyTests/
/// KernelTests); the seizures results are also checked against an
/// independent geographiclib oracle in Tests/AnalysisTests/SeizureProximityTests. Cost: one direct
/// problem (~0.7 µs) instead of an inverse (~1.5 µs) or a Newton iteration of several of each.
public enum CertifiedInverse {
    /// Beyond this (metres) the approximations are not used (the full inverse is solved).
    @inlinable public static var approximationRange: Double { 2_000_000.0 }

    /// The approximate geodesic azimuth at `a` (unit tangent vector) towards `b` and the
    /// approximate geodesic length, from geocentric vectors only (see the type's step 1;
    /// `ua`, `ub` the unit normals at the two points).
    @inlinable @inline(__always)
    public static func approximate(from ap: GeocentricVector, up ua: GeocentricVector, to bp: GeocentricVector, up ub: GeocentricVector)
        -> (direction: GeocentricVector, distance: Double)
    {
        let v = bp - ap
        let c = v.length
        guard c > 0 else { return (GeocentricVector(0, 0, 0), 0) }
        // Normal section A→B at A: the chord projected on A's tangent plane, turned to the geodesic.
        let w1 = (v - ua.dot(v) * ua).unit
        let perp = ua.cross(w1)
        let d = sectionTurn(ua, v, ub)
        let dir: GeocentricVector
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
    /// the same approximation as `approximate(from:up:to:up:)`, read as an azimuth. `length`, when
    /// given, is `approximateLength(from: a.p, to: b.p)`, already known.
    @inlinable @inline(__always)
    public static func approximate(from a: SurfacePoint, to b: SurfacePoint, length known: Double? = nil)
        -> (azimuth: Double, distance: Double)
    {
        let v = b.p - a.p
        let distance = known ?? length(chord: v, v.length, a.p, b.p)
        guard distance > 0 else { return (0, 0) }
        // The normal section's azimuth is the chord's (east and north are horizontal); the turn
        // is counter-clockwise, azimuths run clockwise.
        let azimuth = (FastTrig.atan2(v.dot(a.east), v.dot(a.north)) - sectionTurn(a.up, v, b.up)) * (180 / .pi)
        return (azimuth, distance)
    }

    /// The angle (radians, counter-clockwise about `ua`) from the normal section A→B to the
    /// geodesic at A: a third of the angle to the reciprocal normal section (B→A, the plane
    /// through A, B and B's normal), whose direction at A is ua × (v × ub) (v = B − A, up to
    /// sign). Its tangent is (ua·(v × w2)) / (v·w2), the same ratio as for the unit horizontal
    /// directions (the vertical part of v is orthogonal to w2 and to ua × w2). Accuracy: the 1:2
    /// rule holds to O((s/R)²) of the angle; the atan series to O(t⁷) (t < 0.01, < 1e-16 rad).
    @inlinable @inline(__always)
    public static func sectionTurn(_ ua: GeocentricVector, _ v: GeocentricVector, _ ub: GeocentricVector) -> Double {
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
        return libmAtan2(sinD, cosD) * (1.0 / 3)
    }

    /// The approximate geodesic length from `a` to `b` (the length of `approximate`; 0 only when
    /// a = b). Accuracy as the type's step 1.
    @inlinable @inline(__always)
    public static func approximateLength(from ap: GeocentricVector, to bp: GeocentricVector) -> Double {
        let v = bp - ap
        return length(chord: v, v.length, ap, bp)
    }

    /// The chord `v` = b − a of length `c` bent with the normal curvature at the midpoint, in the
    /// chord's direction.
    @inlinable @inline(__always)
    static func length(chord v: GeocentricVector, _ c: Double, _ ap: GeocentricVector, _ bp: GeocentricVector) -> Double {
        let mid = WGS84.normal(0.5 * (ap + bp))
        let k = WGS84.normalCurvature(normal: mid, direction: v)
        return ChordBounds.arc(chord: c, curvature: k)
    }

    /// Geodesic distance (m) from `a` to `b` and azimuth at `a` (degrees), certified by one direct
    /// problem as described in the type's documentation (falls back to the inverse problem):
    /// within 1 µm of Karney's inverse. `length`, when given, is
    /// `approximateLength(from: a.p, to: b.p)`, already known. (Not inlinable: one copy of the
    /// hot code, shared by every caller, keeps the instruction cache warm.)
    public static func inverse(_ a: SurfacePoint, _ b: SurfacePoint, length: Double? = nil) -> (distance: Double, azimuth: Double) {
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
    /// exact `azimuth` there, and approximations of its geocentric position `x` and the line's unit
    /// tangent `tangent` (within 0.1 µm and 1e-9 rad, e.g. a third-order expansion of the line near
    /// a known point): the azimuth towards `b` is read against the tangent, so the point needs no
    /// trigonometry. The approximations only steer the direct problem from `coordinate`, which
    /// certifies the result (its miss grows by at most 0.1 µm): within 1 µm of Karney's inverse.
    public static func inverse(from coordinate: Coordinate, near x: GeocentricVector, tangent t: GeocentricVector, azimuth: Double,
                               to b: SurfacePoint) -> (distance: Double, azimuth: Double) {
        let v = b.p - x
        let c = v.length
        if c > 0 {
            let up = WGS84.normal(x)
            let along = t - t.dot(up) * up
            // Clockwise from the tangent: towards along × up (north × up = east).
            let turn = FastTrig.atan2(v.dot(along.cross(up)), v.dot(along)) - sectionTurn(up, v, b.up)
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
    /// with `target`: returns the corrected distance and azimuth (within 1 µm of Karney's
    /// inverse), or nil when the miss is too large to vouch for 1 µm (see the type's step 2).
    @inlinable @inline(__always)
    public static func certify(from start: Coordinate, azimuth: Double, distance: Double, target: SurfacePoint)
        -> (distance: Double, azimuth: Double)?
    {
        let hit = Geodesic.wgs84.direct(from: start, azimuth: azimuth, distance: distance)
        let miss = target.offset(to: hit.coordinate)
        // miss = landing − target; we want target − landing.
        let me = -miss.east, mn = -miss.north
        let m2 = me * me + mn * mn
        guard m2 <= 1, m2 <= 1e-6 * max(distance, 1e-3), hit.coordinate.latitude.isFinite else { return nil }
        let a2 = FastTrig.sincos(degrees: hit.azimuth)
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

    /// Azimuth in [0, 360) (exact: one remainder and one addition).
    @inlinable @inline(__always)
    public static func bearing(_ az: Double) -> Double {
        var b = abs(az) < 360 ? az : az.truncatingRemainder(dividingBy: 360)
        if b < 0 { b += 360 }
        return b >= 360 ? 0 : b
    }
}
