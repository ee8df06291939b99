#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Exact bounds that tie straight-line (chord) distances between `GeocentricVector`s to geodesic
/// distances on WGS84, so that most "is this within R?" and "can this be nearer?" questions are
/// decided with a few multiplies instead of a geodesic solution, never giving a different answer
/// from the exact test:
/// - a geodesic is a curve on the surface, so its length is never shorter than the chord:
///   `chord ≤ geodesic` (exact);
/// - a geodesic's curvature in space is its normal curvature, at most κ = a/b² (`WGS84.kappa`),
///   so by Schur's comparison theorem a geodesic of length g has chord c ≥ (2/κ)·sin(κg/2), i.e.
///   `geodesic ≤ (2/κ)·asin(κc/2)` (exact for g ≤ π/κ, half a meridian);
/// - by the same curvature bound a geodesic segment of length L stays within
///   (1/κ)(1 − cos(κL/2)) ≈ κL²/8 of its chord (the sagitta; `sagitta(length:)`).
/// When a bound cannot decide, callers solve the geodesic problem exactly.
///
/// Accuracy: the bounds are rigorous up to the rounding of the chord (a few nanometres for
/// coordinates of 6.4e6 m), which `roundingSlack` (1 µm) absorbs.
public enum ChordBounds {
    /// Bound on the rounding error of a chord computed from geocentric vectors, metres (1 µm;
    /// the actual error is a few nanometres).
    @inlinable public static var roundingSlack: Double { 1e-6 }

    /// The largest geodesic length compatible with a chord `c`: (2/κ)·asin(κc/2) + 1 µm, metres
    /// (∞ when κc/2 ≥ 1). Never below the true geodesic length for chords from geocentric vectors.
    @inlinable @inline(__always)
    public static func geodesicUpperBound(chord c: Double) -> Double {
        let s = WGS84.kappa * c / 2
        if s >= 1 { return .infinity }
        return 2 / WGS84.kappa * asin(s) + roundingSlack
    }

    /// `geodesicUpperBound(chord:)` evaluated with `arc(chord:curvature:)` (no asin below chords of
    /// ~250 km; the series is below asin by less than 3e-19 relative, far inside the 1 µm slack).
    @inlinable @inline(__always)
    public static func geodesicUpperBoundBySeries(chord c: Double) -> Double {
        arc(chord: c, curvature: WGS84.kappa) + roundingSlack
    }

    /// The length of a circular arc of curvature `k` (1/m) on the chord `c` (metres):
    /// (2/k)·asin(kc/2) (∞ when kc/2 ≥ 1). With k the normal curvature in the chord's direction at
    /// the chord's midpoint it approximates the geodesic length (see `CertifiedInverse`).
    /// Accuracy: below kc/2 = 0.02 (c ≈ 250 km on the Earth) asin(h)/h is its Taylor series to
    /// O(h¹⁰), relative error < 3e-19; above, libm's asin (< 1 ulp).
    @inlinable @inline(__always)
    public static func arc(chord c: Double, curvature k: Double) -> Double {
        let h = k * c / 2
        let h2 = h * h
        if h < 1e-4 { return c * (1 + h2 * (1.0 / 6 + h2 * (3.0 / 40))) }
        if h < 0.02 { return c * (1 + h2 * (1.0 / 6 + h2 * (3.0 / 40 + h2 * (5.0 / 112 + h2 * (35.0 / 1152))))) }
        return h < 1 ? 2 / k * asin(h) : .infinity
    }

    /// How far a geodesic segment of length `length` metres can stray from its chord, with margin:
    /// 1.5·(1 − cos(κL/2))/κ + 1 mm ≈ 1.5·κL²/8 + 1 mm (∞ beyond κL/2 ≥ π/2). Rigorous: the
    /// exact bound is (1 − cos(κL/2))/κ; the factor 1.5 and the millimetre cover the rounding of
    /// the chord and of the lengths. (For L = 20 km: 11.8 m.)
    @inlinable @inline(__always)
    public static func sagitta(length: Double) -> Double {
        let t = WGS84.kappa * length / 2
        if t >= .pi / 2 { return .infinity }
        return 1.5 * (1 - cos(t)) / WGS84.kappa + 1e-3
    }

    /// The chord below which every point is within `r` metres (geodesic) of the centre: the
    /// inverse of `geodesicUpperBound`, (2/κ)·sin(κr/2), shrunk by a relative 1e-12 against
    /// round-off (0 beyond κr/2 ≥ π/2).
    @inlinable @inline(__always)
    public static func chordSurelyWithin(_ r: Double) -> Double {
        let t = WGS84.kappa * r / 2
        return t < .pi / 2 ? 2 / WGS84.kappa * sin(t) * (1 - 1e-12) : 0
    }
}
