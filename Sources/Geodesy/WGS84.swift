#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The WGS84 ellipsoid's constants, derived in this one place from the two defining ones (a and
/// f), and its curvatures. Every other WGS84 number in NorthernRoute (`Ellipsoid.wgs84`, the
/// geocentric vectors, the chord bounds, the certified inverse) comes from here.
///
/// Accuracy: `a` and `f` are the exact defining constants (f as the double nearest
/// 1/298.257223563); each derived constant is one to three IEEE operations from them, so within
/// 2 ulp (relative 4.4e-16) of its exact value. They are computed properties so that code
/// inlined into other modules folds them to constants.
public enum WGS84 {
    /// Equatorial radius a, metres (exact, defining).
    @inlinable public static var a: Double { 6_378_137.0 }
    /// Flattening f = (a − b)/a (defining: 1/298.257223563, to 1 ulp).
    @inlinable public static var f: Double { 1.0 / 298.257223563 }
    /// Polar semi-axis b = a(1 − f) = 6 356 752.314 245… m (to 1 ulp).
    @inlinable public static var b: Double { a * (1 - f) }
    /// First eccentricity squared e² = f(2 − f) = 0.006 694 379 990 14… (to 1 ulp).
    @inlinable public static var e2: Double { f * (2 - f) }
    /// The largest normal curvature of the ellipsoid, κ = a/b² (the meridian's, at the equator),
    /// 1/m: 1/(6 335 439.327 m) (to 2 ulp). No curve on the surface bends more in space than a
    /// geodesic bends with κ (a geodesic's curvature in space is its normal curvature).
    @inlinable public static var kappa: Double { a / (b * b) }
    /// 1/a², 1/b², 1/a and 1/(1 − e²), for the normal and curvature formulas (to 2 ulp).
    @inlinable public static var inverseA2: Double { 1 / (a * a) }
    @inlinable public static var inverseB2: Double { 1 / (b * b) }
    @inlinable public static var inverseA: Double { 1 / a }
    @inlinable public static var inverseOneMinusE2: Double { 1 / (1 - e2) }

    /// The outward unit normal of the ellipsoid at `p` (for points slightly off the surface, the
    /// normal of the confocal-like surface through p: the direction (x/a², y/a², z/b²)).
    /// Accuracy: a few ulps in direction (relative 1e-15) for points on the surface.
    @inlinable @inline(__always)
    public static func normal(_ p: GeocentricVector) -> GeocentricVector {
        GeocentricVector(p.x * inverseA2, p.y * inverseA2, p.z * inverseB2).unit
    }

    /// Meridian (M) and prime-vertical (N) radii of curvature, metres, at a latitude with sine `s`:
    /// M = a(1 − e²)/w³, N = a/w, w = √(1 − e² s²). Accuracy: relative 1e-15 (a few roundings).
    @inlinable @inline(__always)
    public static func radii(sinLatitude s: Double) -> (m: Double, n: Double) {
        let w2 = 1 - e2 * s * s
        let w = w2.squareRoot()
        return (a * (1 - e2) / (w2 * w), a / w)
    }

    /// Normal curvature, 1/m, of the ellipsoid at a point with unit normal `u` in the horizontal
    /// direction `d` (any length, its vertical part is ignored): Euler's cos²α/M + sin²α/N.
    /// Accuracy: relative 1e-15 for |d| ≫ ulp; for a vertical `d` (no horizontal part) or at a pole
    /// it returns 1/M (the value at the pole in any direction).
    @inlinable @inline(__always)
    public static func normalCurvature(normal u: GeocentricVector, direction d: GeocentricVector) -> Double {
        // Euler: cos²α/M + sin²α/N, with 1/N = √w/a and 1/M = w·√w/(a(1 − e²)), w = 1 − e² sin²φ.
        let w = 1 - e2 * u.z * u.z
        let invN = w.squareRoot() * inverseA
        let invM = invN * w * inverseOneMinusE2
        // East at u: (-u.y, u.x, 0)/cos φ; the squared sine of the azimuth is (d·east)²/|d_h|².
        let h2 = u.x * u.x + u.y * u.y
        let dh = d - u.dot(d) * u
        let dd = dh.dot(dh)
        guard dd > 0, h2 > 0 else { return invM }
        let de = -dh.x * u.y + dh.y * u.x
        let sin2 = min(1, de * de / (h2 * dd))
        return invM + sin2 * (invN - invM)
    }
}
