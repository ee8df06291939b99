#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libm's functions under names that `FastTrig`'s members do not hide.
@inlinable @inline(__always) func libmSin(_ x: Double) -> Double { sin(x) }
@inlinable @inline(__always) func libmCos(_ x: Double) -> Double { cos(x) }
@inlinable @inline(__always) func libmAtan2(_ y: Double, _ x: Double) -> Double { atan2(y, x) }

/// Trigonometry for hot paths, cheaper than libm's general functions (no large-argument
/// reduction, no errno, inlined) and as accurate where it is used:
/// - `sincos(degrees:)` / `cos(degrees:)`: reduction to ±45° (error ~ulp(x) degrees; libm beyond
///   1e15°) and Taylor polynomials to x¹⁵ / x¹⁶ (truncation < 5e-17); error a few ulps
///   (measured against libm: < 3e-15 over ±720°, multiples of 90° exact);
/// - `atan2`: reduction to [0, 1] and to the nearest of 0, 1/8, …, 1 (atan(t) = atan(c) +
///   atan((t − c)/(1 + tc)), |(t − c)/(1 + tc)| ≤ 1/16) and a Taylor polynomial to u¹¹
///   (truncation < 2e-17); error a few ulps (measured < 1e-15 rad). Non-finite arguments and
///   (0, 0) go to libm.
public enum FastTrig {
    /// sin and cos of an angle in degrees.
    @inlinable @inline(__always)
    public static func sincos(degrees: Double) -> (sin: Double, cos: Double) {
        guard abs(degrees) < 1e15 else {
            let r = degrees * (.pi / 180)
            return (libmSin(r), libmCos(r))
        }
        let n = degrees / 90
        let k = Int(n + (n < 0 ? -0.5 : 0.5))
        let x = (degrees - 90 * Double(k)) * (.pi / 180)
        let x2 = x * x
        let s = x + x * x2 * (-1.0 / 6 + x2 * (1.0 / 120 + x2 * (-1.0 / 5_040 + x2 * (1.0 / 362_880
            + x2 * (-1.0 / 39_916_800 + x2 * (1.0 / 6_227_020_800 + x2 * (-1.0 / 1_307_674_368_000)))))))
        let c = 1 + x2 * (-0.5 + x2 * (1.0 / 24 + x2 * (-1.0 / 720 + x2 * (1.0 / 40_320 + x2 * (-1.0 / 3_628_800
            + x2 * (1.0 / 479_001_600 + x2 * (-1.0 / 87_178_291_200 + x2 * (1.0 / 20_922_789_888_000))))))))
        switch k & 3 {
        case 0: return (s, c)
        case 1: return (c, -s)
        case 2: return (-s, -c)
        default: return (-c, s)
        }
    }

    /// cos of an angle in degrees (as `sincos(degrees:)`).
    @inlinable @inline(__always)
    public static func cos(degrees: Double) -> Double { sincos(degrees: degrees).cos }

    /// atan(i/8), i = 0…8 (correctly rounded). An array of literals, which the compiler lays out
    /// statically for the code of this module (where the hot callers are: `CertifiedInverse`,
    /// `CertifiedNearestLine`).
    @usableFromInline
    static let atanEighths: [Double] = [
        0.0, 0.12435499454676144, 0.24497866312686414, 0.35877067027057225, 0.4636476090008061,
        0.5585993153435624, 0.6435011087932844, 0.7188299996216245, 0.7853981633974483,
    ]

    /// atan2(y, x) in radians, in [−π, π].
    @inlinable @inline(__always)
    public static func atan2(_ y: Double, _ x: Double) -> Double {
        let ax = abs(x), ay = abs(y)
        let swap = ay > ax
        let num = swap ? ax : ay, den = swap ? ay : ax
        guard den > 0, (ax + ay).isFinite else { return libmAtan2(y, x) }
        let t = num / den
        let i = Int(t * 8 + 0.5)
        let c = Double(i) / 8
        let u = (t - c) / (1 + t * c)
        let u2 = u * u
        var a = atanEighths[i] + u * (1 - u2 * (1.0 / 3 - u2 * (1.0 / 5 - u2 * (1.0 / 7 - u2 * (1.0 / 9 - u2 * (1.0 / 11))))))
        if swap { a = .pi / 2 - a }
        if x < 0 || (x == 0 && x.sign == .minus) { a = .pi - a }
        return y.sign == .minus ? -a : a
    }
}
