/// An ellipsoid of revolution: equatorial radius `a` (metres) and flattening `f`.
///
/// NorthernRoute works on WGS84 throughout (`Ellipsoid.wgs84`); other ellipsoids are accepted by
/// `Geodesic` for completeness. Karney's algorithms are accurate to round-off for |f| ≤ 1/50.
public struct Ellipsoid: Hashable, Sendable, CustomStringConvertible {
    /// Equatorial radius `a`, metres.
    public let equatorialRadius: Double
    /// Flattening `f = (a - b) / a`.
    public let flattening: Double

    /// - Precondition: `equatorialRadius` is finite and positive; `flattening` is finite and < 1.
    @inlinable
    public init(equatorialRadius: Double, flattening: Double) {
        precondition(equatorialRadius.isFinite && equatorialRadius > 0, "equatorial radius must be positive")
        precondition(flattening.isFinite && flattening < 1, "flattening must be finite and < 1")
        self.equatorialRadius = equatorialRadius
        self.flattening = flattening
    }

    /// WGS84: a = 6 378 137 m, f = 1/298.257223563 (exact defining constants, from `WGS84`).
    public static let wgs84 = Ellipsoid(equatorialRadius: WGS84.a, flattening: WGS84.f)

    /// Polar semi-axis `b = a (1 - f)`, metres (exact up to one rounding).
    @inlinable
    public var polarRadius: Double { equatorialRadius * (1 - flattening) }

    public var description: String { "Ellipsoid(a: \(equatorialRadius), 1/f: \(1 / flattening))" }
}
