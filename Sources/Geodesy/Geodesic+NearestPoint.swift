#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPROJ
import Coordinates

/// The point of a geodesic segment nearest to a given point (the "interception" problem).
public struct SegmentProjection: Hashable, Sendable {
    /// The nearest point of the segment. Exactly the segment's start or end when the minimum is at
    /// an endpoint.
    public var point: Coordinate
    /// Geodesic distance from the segment's start to `point` along the segment, metres, in
    /// [0, segment length].
    public var distanceAlongSegment: Double
    /// Geodesic distance from the query point to `point`, metres.
    public var distance: Double

    @inlinable
    public init(point: Coordinate, distanceAlongSegment: Double, distance: Double) {
        self.point = point
        self.distanceAlongSegment = distanceAlongSegment
        self.distance = distance
    }
}

extension Geodesic {
    /// The point of the shortest geodesic segment `start`→`end` nearest to `point`, the distance
    /// along the segment to it, and the distance from `point` to it.
    ///
    /// Method: 1-D minimisation of d(s) = dist(point, X(s)) over the segment parameter s (distance
    /// from `start`). By the first variation of arc length d′(s) = cos(α − β), α the segment's
    /// azimuth at X(s) and β the azimuth at X(s) of the geodesic from `point` (extended), and
    /// d″(s) = sin²(α − β)·M21/m12 (the geodesic curvature of the distance circle). The root of
    /// d′ is bracketed by the signs at the ends (an endpoint is the answer when d′ points outwards
    /// there) and found by Newton steps safeguarded by bisection, to |Δs| < 1 µm (typically 2–4
    /// steps). Segments longer than 5 000 km are split so that each piece holds at most one
    /// critical point of d (minimum and maximum are half a circumference apart).
    ///
    /// Accuracy: distance within 0.1 mm of the true minimum (measured vs an independent
    /// geographiclib dense-sampling + bisection oracle: ~1e-8 m), position within 1 mm (measured
    /// ~1e-6 m) for segments of any length up to 10 000 km and points up to 2 000 km away.
    /// Degenerate cases: a zero-length segment gives `start`. Where the position is genuinely
    /// ill-conditioned (`point` near the pole of the segment's great circle, where all points of
    /// the segment are nearly equidistant) the distance is still accurate but the position is not
    /// unique. Cost: about 2 + 2×(iterations) geodesic solutions; allocation-free.
    public func nearestPoint(to point: Coordinate, onSegmentFrom start: Coordinate, to end: Coordinate)
        -> SegmentProjection
    {
        nearestPoint(to: point, on: line(from: start, to: end), start: start, end: end)
    }

    /// As `nearestPoint(to:onSegmentFrom:to:)`, on a segment prepared with `line(from:to:)` (saves
    /// one inverse solution per query when the same segment is queried many times). The endpoints
    /// returned are the line's computed start and end (< 15 nm from the originals).
    ///
    /// - Precondition: `segment` has a finite length (made by `line(from:to:)` or
    ///   `line(from:azimuth:distance:)`).
    public func nearestPoint(to point: Coordinate, on segment: GeodesicLine) -> SegmentProjection {
        nearestPoint(to: point, on: segment, start: segment.start, end: nil)
    }

    /// The pieces' maximum length: well under half a geodesic's circuit (~20 000 km) so that d(s)
    /// has at most one critical point per piece.
    @usableFromInline
    internal static let nearestPointPieceLength = 5_000_000.0

    /// Convergence tolerance on s (metres).
    @usableFromInline
    internal static let nearestPointTolerance = 1e-6

    @usableFromInline
    internal struct Probe {
        var s: Double
        var latitude: Double
        var longitude: Double
        /// d(s)
        var distance: Double
        /// d′(s)
        var slope: Double
        /// d″(s) (NaN when m12 ≤ 0, i.e. past a conjugate point or at the point itself)
        var curvature: Double
    }

    @usableFromInline
    internal func probe(_ segment: GeodesicLine, _ point: Coordinate, _ s: Double) -> Probe {
        var lat = 0.0, lon = 0.0, azi = 0.0
        withUnsafePointer(to: segment.raw) { l in
            _ = geod_genposition(l, GEOD_NOFLAGS.rawValue, s, &lat, &lon, &azi, nil, nil, nil, nil, nil)
        }
        let r = inverseWithScale(point, latitude2: lat, longitude2: lon)
        if r.distance == 0 {
            return Probe(s: s, latitude: lat, longitude: lon, distance: 0, slope: 0, curvature: .nan)
        }
        let theta = (azi - r.finalAzimuth) * (Double.pi / 180)
        let sine = sin(theta)
        let curvature = r.m12 > 0 ? sine * sine * r.M21 / r.m12 : .nan
        return Probe(s: s, latitude: lat, longitude: lon, distance: r.distance, slope: cos(theta),
                     curvature: curvature)
    }

    @usableFromInline
    internal func nearestPoint(to point: Coordinate, on segment: GeodesicLine, start: Coordinate,
                               end: Coordinate?) -> SegmentProjection
    {
        let total = segment.length
        precondition(!total.isNaN, "nearestPoint needs a segment with a finite length")
        let first = probe(segment, point, 0)
        guard total > 0 else {
            return SegmentProjection(point: start, distanceAlongSegment: 0, distance: first.distance)
        }
        let pieces = max(1, Int((total / Self.nearestPointPieceLength).rounded(.up)))
        var best = first
        var left = first
        for k in 1...pieces {
            let right = probe(segment, point, k == pieces ? total : total * Double(k) / Double(pieces))
            let candidate: Probe
            if left.slope >= 0 && right.slope <= 0 {
                // Increasing then decreasing (or flat): the piece's minimum is at one of its ends.
                candidate = right.distance < left.distance ? right : left
            } else if left.slope >= 0 {
                candidate = left          // increasing throughout
            } else if right.slope <= 0 {
                candidate = right         // decreasing throughout
            } else {
                candidate = refine(segment, point, left, right)
            }
            if candidate.distance < best.distance { best = candidate }
            left = right
        }
        let coordinate: Coordinate
        if best.s == 0 {
            coordinate = start
        } else if best.s == total, let end {
            coordinate = end
        } else {
            coordinate = Coordinate(longitude: best.longitude, latitude: best.latitude)
        }
        return SegmentProjection(point: coordinate, distanceAlongSegment: best.s, distance: best.distance)
    }

    /// Safeguarded Newton iteration for d′(s) = 0 with d′(lower) < 0 < d′(upper).
    @usableFromInline
    internal func refine(_ segment: GeodesicLine, _ point: Coordinate, _ lower: Probe, _ upper: Probe) -> Probe {
        var a = lower, b = upper
        // Planar start: the along-track distance of `point` from the bracket's left end.
        var s = a.s - a.slope * a.distance
        if !(s > a.s && s < b.s) {
            s = a.s + (b.s - a.s) * (-a.slope) / (b.slope - a.slope)
        }
        var x = a
        for _ in 0..<100 {
            x = probe(segment, point, s)
            if x.distance == 0 || x.slope == 0 { return x }
            if x.slope < 0 { a = x } else { b = x }
            var next = x.s - x.slope / x.curvature
            if !(next > a.s && next < b.s) {  // also catches NaN / non-positive curvature
                next = 0.5 * (a.s + b.s)
            }
            if abs(next - x.s) <= Self.nearestPointTolerance || b.s - a.s <= Self.nearestPointTolerance {
                return x
            }
            s = next
        }
        return x
    }
}
