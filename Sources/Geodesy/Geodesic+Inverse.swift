import CPROJ
import Coordinates

/// Solution of the inverse geodesic problem between two points.
public struct GeodesicInverse: Hashable, Sendable {
    /// Geodesic distance `s12`, metres (≥ 0).
    public var distance: Double
    /// Azimuth of the geodesic at the first point, `azi1`, degrees clockwise from north.
    public var initialAzimuth: Double
    /// Forward azimuth at the second point, `azi2` (the direction of travel on arrival), degrees.
    public var finalAzimuth: Double

    @inlinable
    public init(distance: Double, initialAzimuth: Double, finalAzimuth: Double) {
        self.distance = distance
        self.initialAzimuth = initialAzimuth
        self.finalAzimuth = finalAzimuth
    }
}

extension Geodesic {
    /// Inverse problem: shortest geodesic from `p1` to `p2`.
    ///
    /// Accuracy: distance error < 15 nm (Karney 2013); azimuths to round-off where well-conditioned
    /// (an azimuth error δ moves the far end by `m12·δ`, where `m12` is the reduced length; for
    /// nearly antipodal points `m12 → 0` and the azimuths become ill-conditioned, for coincident
    /// points they are arbitrary). Measured against geographiclib on 307 fixture cases
    /// (Tests/GeodesyTests/InverseTests): distance within 1 nm, azimuths within 3e-14 deg where
    /// well-conditioned. Cost: ~1–2 µs, allocation-free.
    @inlinable
    public func inverse(_ p1: Coordinate, _ p2: Coordinate) -> GeodesicInverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withUnsafePointer(to: raw) { g in
            geod_inverse(g, p1.latitude, p1.longitude, p2.latitude, p2.longitude, &s12, &azi1, &azi2)
        }
        return GeodesicInverse(distance: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// Geodesic distance from `p1` to `p2`, metres. Error < 15 nm (Karney 2013).
    /// Slightly cheaper than `inverse` (azimuths are not computed).
    @inlinable
    public func distance(_ p1: Coordinate, _ p2: Coordinate) -> Double {
        var s12 = 0.0
        withUnsafePointer(to: raw) { g in
            geod_inverse(g, p1.latitude, p1.longitude, p2.latitude, p2.longitude, &s12, nil, nil)
        }
        return s12
    }

    /// Inverse problem plus the arrival azimuth, reduced length `m12` and geodesic scale `M21`
    /// (used by the nearest-point iteration: the geodesic curvature of the distance circle
    /// centred on `p1`, at `p2`, is `M21 / m12`).
    @usableFromInline
    internal func inverseWithScale(_ p1: Coordinate, latitude2: Double, longitude2: Double)
        -> (distance: Double, finalAzimuth: Double, m12: Double, M21: Double)
    {
        var s12 = 0.0, azi2 = 0.0, m12 = 0.0, M21 = 0.0
        withUnsafePointer(to: raw) { g in
            _ = geod_geninverse(g, p1.latitude, p1.longitude, latitude2, longitude2,
                                &s12, nil, &azi2, &m12, nil, &M21, nil)
        }
        return (s12, azi2, m12, M21)
    }
}
