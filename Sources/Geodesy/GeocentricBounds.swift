#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Coordinates

/// A point in Earth-centred Cartesian (ECEF) coordinates, metres. Internal: used for cheap,
/// rigorous lower bounds on geodesic distances (a straight chord is never longer than the geodesic
/// between the same two points on the surface).
@usableFromInline
internal struct Geocentric: Sendable {
    @usableFromInline var x: Double
    @usableFromInline var y: Double
    @usableFromInline var z: Double

    @inlinable
    init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable
    static func - (a: Geocentric, b: Geocentric) -> Geocentric { Geocentric(x: a.x - b.x, y: a.y - b.y, z: a.z - b.z) }

    @inlinable
    func dot(_ o: Geocentric) -> Double { x * o.x + y * o.y + z * o.z }

    @inlinable
    var length: Double { dot(self).squareRoot() }

    /// Euclidean distance from `self` to the straight segment `a`–`b`.
    @inlinable
    func distance(toSegment a: Geocentric, _ b: Geocentric) -> Double {
        let ab = b - a, ap = self - a
        let denominator = ab.dot(ab)
        guard denominator > 0 else { return ap.length }
        let t = min(1, max(0, ap.dot(ab) / denominator))
        return (ap - Geocentric(x: ab.x * t, y: ab.y * t, z: ab.z * t)).length
    }
}

extension Ellipsoid {
    /// ECEF position of a surface point (height 0).
    @usableFromInline
    internal func geocentric(_ c: Coordinate) -> Geocentric {
        let phi = c.latitude * (Double.pi / 180), lambda = c.longitude * (Double.pi / 180)
        let e2 = flattening * (2 - flattening)
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = equatorialRadius / (1 - e2 * sinPhi * sinPhi).squareRoot()
        return Geocentric(x: n * cosPhi * cos(lambda), y: n * cosPhi * sin(lambda), z: n * (1 - e2) * sinPhi)
    }
}

/// Bounds for one geodesic segment A→B of length L whose chord is c = |A − B|.
///
/// Every point X of the segment, at distance s along it, has |X − A| ≤ s and |X − B| ≤ L − s
/// (chords are no longer than arcs), so X lies in the prolate spheroid |XA| + |XB| ≤ L with foci
/// A and B. Every point of that spheroid is within its semi-minor axis √(L² − c²)/2 of the straight
/// segment AB. Hence for any P: geodesic d(P, X) ≥ |P − X| ≥ dist(P, AB) − √(L² − c²)/2.
@usableFromInline
internal enum ChordBound {
    /// Absolute padding (metres) covering round-off in L, c and the ECEF positions.
    @usableFromInline static let padding = 1e-6

    /// √(L² − c²)/2, padded against round-off.
    @inlinable
    static func slack(length: Double, chord: Double) -> Double {
        (max(0, length - chord + padding) * (length + chord)).squareRoot() / 2 + padding
    }
}
