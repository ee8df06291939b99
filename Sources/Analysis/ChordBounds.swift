import Foundation
import Coordinates

/// Earth-centred, earth-fixed (ECEF) coordinates on the WGS84 ellipsoid, in metres, and the exact
/// bounds that tie straight-line (chord) distances to geodesic distances.
///
/// These bounds let the analyses decide most "is this within R?" questions with three multiplies
/// instead of a geodesic inverse, without ever giving a different answer from the exact test:
/// - a geodesic is a curve on the surface, so its length is never shorter than the chord:
///   `geodesic ≥ chord` (exact);
/// - a geodesic's curvature in space is its normal curvature, at most κ = a/b² (the meridian
///   curvature at the equator), so by Schur's comparison theorem a geodesic of length g has
///   chord c ≥ (2/κ)·sin(κg/2), i.e. `geodesic ≤ (2/κ)·asin(κc/2)` (exact for g ≤ π/κ);
/// - the same curvature bound keeps a geodesic segment of length L within (1/κ)(1 − cos(κL/2))
///   ≈ κL²/8 of its chord.
/// When a bound cannot decide, callers fall back to the exact geodesic inverse.
///
/// ECEF coordinates are ~6.4e6 m, so a chord computed from them carries a rounding error of a few
/// nanometres; `roundingSlack` (1 µm) absorbs it wherever a bound must hold strictly.
struct ECEF: Sendable, Hashable {
    var x: Double
    var y: Double
    var z: Double

    static let a = 6_378_137.0
    static let f = 1.0 / 298.257223563
    static let b = a * (1 - f)
    static let e2 = f * (2 - f)
    /// Maximum normal curvature of the WGS84 ellipsoid, 1/m.
    static let kappa = a / (b * b)
    /// Bound on the rounding error of a chord computed from ECEF coordinates, metres.
    static let roundingSlack = 1e-6

    init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    init(_ c: Coordinate) {
        let phi = c.latitude * .pi / 180
        let lam = c.longitude * .pi / 180
        let sphi = sin(phi)
        let cphi = cos(phi)
        let n = ECEF.a / (1 - ECEF.e2 * sphi * sphi).squareRoot()
        x = n * cphi * cos(lam)
        y = n * cphi * sin(lam)
        z = n * (1 - ECEF.e2) * sphi
    }

    @inline(__always)
    func chord(to o: ECEF) -> Double {
        let dx = x - o.x, dy = y - o.y, dz = z - o.z
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// Straight-line distance from this point to the 3-D segment p→q.
    func distanceToSegment(_ p: ECEF, _ q: ECEF) -> Double {
        let ux = q.x - p.x, uy = q.y - p.y, uz = q.z - p.z
        let wx = x - p.x, wy = y - p.y, wz = z - p.z
        let uu = ux * ux + uy * uy + uz * uz
        var t = uu > 0 ? (wx * ux + wy * uy + wz * uz) / uu : 0
        t = min(1, max(0, t))
        let dx = wx - t * ux, dy = wy - t * uy, dz = wz - t * uz
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// Largest geodesic length compatible with a chord `c` (see the type's documentation).
    @inline(__always)
    static func geodesicUpperBound(chord c: Double) -> Double {
        let s = kappa * c / 2
        if s >= 1 { return .infinity }
        return 2 / kappa * asin(s) + roundingSlack
    }

    /// How far a geodesic segment of length `length` can stray from its chord, with margin.
    @inline(__always)
    static func sagitta(length: Double) -> Double {
        let t = kappa * length / 2
        if t >= .pi / 2 { return .infinity }
        return 1.5 * (1 - cos(t)) / kappa + 1e-3
    }
}

/// An axis-aligned box in ECEF metres.
struct Box3: Sendable {
    var lo: ECEF
    var hi: ECEF

    init(_ p: ECEF) {
        lo = p
        hi = p
    }

    mutating func formUnion(_ p: ECEF) {
        lo.x = min(lo.x, p.x); lo.y = min(lo.y, p.y); lo.z = min(lo.z, p.z)
        hi.x = max(hi.x, p.x); hi.y = max(hi.y, p.y); hi.z = max(hi.z, p.z)
    }

    mutating func formUnion(_ b: Box3) {
        formUnion(b.lo)
        formUnion(b.hi)
    }

    mutating func pad(_ m: Double) {
        lo.x -= m; lo.y -= m; lo.z -= m
        hi.x += m; hi.y += m; hi.z += m
    }

    /// Straight-line distance from `p` to the box (0 inside).
    @inline(__always)
    func distance(to p: ECEF) -> Double {
        let dx = max(lo.x - p.x, 0, p.x - hi.x)
        let dy = max(lo.y - p.y, 0, p.y - hi.y)
        let dz = max(lo.z - p.z, 0, p.z - hi.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}
