#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Coordinates

/// A vector in Earth-centred, Earth-fixed (ECEF, geocentric Cartesian) metres on WGS84: x towards
/// (0°, 0°), y towards (90° E, 0°), z towards the north pole. Used both for points of the ellipsoid
/// and for differences and directions between them.
///
/// Accuracy: `init(_:)` is Bowring's closed form x = N cos φ cos λ, y = N cos φ sin λ,
/// z = N(1 − e²) sin φ, N = a/√(1 − e² sin²φ): within a few ulps of 6.4e6 m, i.e. ~3 nm. The
/// chord between two such points therefore carries a rounding error of a few nanometres, which
/// `ChordBounds.roundingSlack` (1 µm) covers wherever a bound must hold strictly.
public struct GeocentricVector: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable @inline(__always)
    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable @inline(__always)
    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The point of the ellipsoid (height 0) at `c` (see the type's accuracy). `SurfacePoint`
    /// computes the same formula with its local frame (angles as latitude·(π/180) rather than
    /// (latitude·π)/180, so the two may differ in the last bit).
    @inlinable
    public init(_ c: Coordinate) {
        let phi = c.latitude * .pi / 180
        let lam = c.longitude * .pi / 180
        let sphi = sin(phi)
        let cphi = cos(phi)
        let n = WGS84.a / (1 - WGS84.e2 * sphi * sphi).squareRoot()
        x = n * cphi * cos(lam)
        y = n * cphi * sin(lam)
        z = n * (1 - WGS84.e2) * sphi
    }

    @inlinable @inline(__always)
    public static func + (a: GeocentricVector, b: GeocentricVector) -> GeocentricVector { GeocentricVector(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable @inline(__always)
    public static func - (a: GeocentricVector, b: GeocentricVector) -> GeocentricVector { GeocentricVector(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable @inline(__always)
    public static func * (k: Double, a: GeocentricVector) -> GeocentricVector { GeocentricVector(k * a.x, k * a.y, k * a.z) }
    @inlinable @inline(__always)
    public func dot(_ o: GeocentricVector) -> Double { x * o.x + y * o.y + z * o.z }
    @inlinable @inline(__always)
    public func cross(_ o: GeocentricVector) -> GeocentricVector {
        GeocentricVector(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }
    /// Euclidean length, metres (to 1 ulp plus the rounding of the squares).
    @inlinable @inline(__always)
    public var length: Double { dot(self).squareRoot() }
    /// The unit vector in this direction (the zero vector stays zero).
    @inlinable @inline(__always)
    public var unit: GeocentricVector {
        let l = length
        return l > 0 ? (1 / l) * self : self
    }

    /// Straight-line (chord) distance to `o`, metres. A lower bound of the geodesic distance up to
    /// the rounding of the two vectors (< `ChordBounds.roundingSlack`).
    @inlinable @inline(__always)
    public func chord(to o: GeocentricVector) -> Double {
        let dx = x - o.x, dy = y - o.y, dz = z - o.z
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// Straight-line distance from this point to the 3-D segment p→q, metres (rounding: a few
    /// ulps of the coordinates, ~3 nm).
    @inlinable
    public func distanceToSegment(_ p: GeocentricVector, _ q: GeocentricVector) -> Double {
        let ux = q.x - p.x, uy = q.y - p.y, uz = q.z - p.z
        let wx = x - p.x, wy = y - p.y, wz = z - p.z
        let uu = ux * ux + uy * uy + uz * uz
        var t = uu > 0 ? (wx * ux + wy * uy + wz * uz) / uu : 0
        t = min(1, max(0, t))
        let dx = wx - t * ux, dy = wy - t * uy, dz = wz - t * uz
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}

/// An axis-aligned box in geocentric metres.
public struct GeocentricBox: Sendable, Hashable {
    public var lo: GeocentricVector
    public var hi: GeocentricVector

    @inlinable
    public init(_ p: GeocentricVector) {
        lo = p
        hi = p
    }

    @inlinable
    public init(lo: GeocentricVector, hi: GeocentricVector) {
        self.lo = lo
        self.hi = hi
    }

    @inlinable
    public mutating func formUnion(_ p: GeocentricVector) {
        lo.x = min(lo.x, p.x); lo.y = min(lo.y, p.y); lo.z = min(lo.z, p.z)
        hi.x = max(hi.x, p.x); hi.y = max(hi.y, p.y); hi.z = max(hi.z, p.z)
    }

    @inlinable
    public mutating func formUnion(_ b: GeocentricBox) {
        formUnion(b.lo)
        formUnion(b.hi)
    }

    /// Widens the box by `m` metres on every side.
    @inlinable
    public mutating func pad(_ m: Double) {
        lo.x -= m; lo.y -= m; lo.z -= m
        hi.x += m; hi.y += m; hi.z += m
    }

    /// Straight-line distance from `p` to the box (0 inside), exact up to one rounding per axis.
    @inlinable @inline(__always)
    public func distance(to p: GeocentricVector) -> Double {
        let dx = max(lo.x - p.x, 0, p.x - hi.x)
        let dy = max(lo.y - p.y, 0, p.y - hi.y)
        let dz = max(lo.z - p.z, 0, p.z - hi.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    /// Straight-line distance from `p` to the farthest point of the box (an upper bound on the
    /// chord from `p` to anything inside).
    @inlinable @inline(__always)
    public func maxDistance(to p: GeocentricVector) -> Double {
        let dx = max(p.x - lo.x, hi.x - p.x)
        let dy = max(p.y - lo.y, hi.y - p.y)
        let dz = max(p.z - lo.z, hi.z - p.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}
