#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Coordinates

/// A point on the WGS84 ellipsoid with its local frame, for the vector formulas of
/// `CertifiedInverse`: geocentric position, unit normal (up), east and north unit vectors, and the
/// radii of curvature.
///
/// Accuracy: position as `GeocentricVector.init(_:)` (~3 nm; computed with angles
/// latitude·(π/180), so it may differ from that initialiser in the last bit), unit vectors and
/// radii to a few ulps.
public struct SurfacePoint: Sendable {
    public var coordinate: Coordinate
    public var p: GeocentricVector
    public var up: GeocentricVector
    public var east: GeocentricVector
    public var north: GeocentricVector
    /// Meridian and prime-vertical radii of curvature, metres, for converting small angle
    /// differences to metres.
    public var m: Double
    public var n: Double
    public var cosLatitude: Double

    @inlinable
    public init(_ c: Coordinate) {
        coordinate = c
        let phi = c.latitude * (.pi / 180)
        let lam = c.longitude * (.pi / 180)
        let sp = sin(phi), cp = cos(phi), sl = sin(lam), cl = cos(lam)
        let r = WGS84.radii(sinLatitude: sp)
        m = r.m
        n = r.n
        cosLatitude = cp
        p = GeocentricVector(r.n * cp * cl, r.n * cp * sl, r.n * (1 - WGS84.e2) * sp)
        up = GeocentricVector(cp * cl, cp * sl, sp)
        east = GeocentricVector(-sl, cl, 0)
        north = GeocentricVector(-sp * cl, -sp * sl, cp)
    }

    /// The unit tangent vector of azimuth `azimuth` (degrees clockwise from north) at this point.
    @inlinable @inline(__always)
    public func tangent(azimuth: Double) -> GeocentricVector {
        let a = azimuth * (.pi / 180)
        return sin(a) * east + cos(a) * north
    }

    /// The vector from `self` to `other` in local metres (east, north), for two points a few
    /// metres apart at most. First order: relative error ~ distance / Earth radius (for 1 m,
    /// ~1.6e-7 m).
    @inlinable @inline(__always)
    public func offset(to other: Coordinate) -> (east: Double, north: Double) {
        var dl = other.longitude - coordinate.longitude
        if dl > 180 { dl -= 360 } else if dl < -180 { dl += 360 }
        return (dl * (.pi / 180) * n * cosLatitude, (other.latitude - coordinate.latitude) * (.pi / 180) * m)
    }
}
