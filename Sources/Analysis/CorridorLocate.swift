import Coordinates
import Foundation
import Geodesy

/// Where a point lies relative to a route: chainage of its nearest point and signed offset.
public struct RoutePosition: Sendable, Hashable {
    /// Metres along the route from its first waypoint to the point's nearest point on the route.
    public var chainage: Double
    /// Signed geodesic distance, metres: positive to the RIGHT of the direction of travel,
    /// negative to the LEFT (|offset| is the exact distance to the route).
    public var offset: Double
    /// The nearest point of the route.
    public var nearestPoint: Coordinate
    /// The route segment holding the nearest point (segment i joins waypoints i and i+1).
    public var segment: Int

    public var distance: Double { abs(offset) }
    public var side: String { offset > 0 ? "right" : offset < 0 ? "left" : "on" }
}

extension PolylineIndex {
    /// The point's position relative to the polyline (nil for a polyline without segments).
    ///
    /// Chainage and distance come from `nearestPoint` (exact geodesic nearest point, distance within
    /// 0.1 mm, position within 1 mm). The side is the sign of sin(β − α): α the direction of travel
    /// at the nearest point (the segment's azimuth there; at an interior vertex the bisector of the
    /// incoming and outgoing azimuths, which puts every point of the wedge outside a bend on the
    /// outer side), β the azimuth from the nearest point to `p`. Beyond the ends (nearest point =
    /// first or last vertex) the side refers to the first or last segment's direction.
    public func position(of p: Coordinate) -> RoutePosition? {
        guard let near = nearestPoint(to: p) else { return nil }
        if near.distance == 0 {
            return RoutePosition(chainage: near.chainage, offset: 0, nearestPoint: near.coordinate, segment: near.segment)
        }
        let alpha = travelAzimuth(segment: near.segment, offset: near.chainage - chainage[near.segment])
        let beta = Geodesic.wgs84.inverse(near.coordinate, p).initialAzimuth
        let s = sin((beta - alpha) * .pi / 180)
        return RoutePosition(chainage: near.chainage, offset: s < 0 ? -near.distance : near.distance,
                             nearestPoint: near.coordinate, segment: near.segment)
    }

    /// Signed distance from `p` to the polyline (see `position(of:)`), metres.
    public func signedDistance(to p: Coordinate) -> Double? { position(of: p)?.offset }

    /// Final azimuth (direction of travel on arrival at vertex i + 1) of segment i.
    func finalAzimuth(ofSegment i: Int) -> Double {
        Geodesic.wgs84.inverse(vertices[i], vertices[i + 1]).finalAzimuth
    }

    /// Direction of travel at `offset` metres along segment `i`, degrees; the bisector of the two
    /// directions at an interior vertex of a part.
    func travelAzimuth(segment i: Int, offset: Double) -> Double {
        let len = segmentLength[i]
        let atStart = offset <= 1e-9
        let atEnd = offset >= len - 1e-6
        if atStart && i > 0 && segmentValid[i - 1] {
            return bisector(finalAzimuth(ofSegment: i - 1), segmentAzimuth[i])
        }
        if atEnd && i + 1 < segmentValid.count && segmentValid[i + 1] {
            return bisector(finalAzimuth(ofSegment: i), segmentAzimuth[i + 1])
        }
        if atStart { return segmentAzimuth[i] }
        if atEnd { return finalAzimuth(ofSegment: i) }
        return Geodesic.wgs84.line(from: vertices[i], azimuth: segmentAzimuth[i]).position(at: offset).azimuth
    }

    /// The mean direction of two azimuths (the first one when they are opposite).
    func bisector(_ a: Double, _ b: Double) -> Double {
        let ra = a * .pi / 180, rb = b * .pi / 180
        let x = cos(ra) + cos(rb), y = sin(ra) + sin(rb)
        if x * x + y * y < 1e-20 { return a }
        return atan2(y, x) * 180 / .pi
    }
}

/// Points located relative to a route's corridor.
public enum CorridorLocate {
    /// The position of every point within `halfWidth` (geodesic, inclusive) of the route, as
    /// (index into `points`, position), in input order. Runs on all cores for many points.
    public static func inside(_ points: [Coordinate], route: PolylineIndex, halfWidth: Double) -> [(index: Int, position: RoutePosition)] {
        let chunks = chunkCount(points.count, minimum: 256)
        let size = (points.count + chunks - 1) / max(chunks, 1)
        let parts = parallelChunks(chunks) { k -> [Hit] in
            var out: [Hit] = []
            let lo = k * size, hi = min(points.count, lo + size)
            guard lo < hi else { return out }
            for i in lo..<hi {
                let p = points[i]
                guard p.isValidWGS84, let pos = route.position(of: p), pos.distance <= halfWidth else { continue }
                out.append(Hit(index: i, position: pos))
            }
            return out
        }
        return parts.flatMap { $0 }.map { (index: $0.index, position: $0.position) }
    }

    private struct Hit: Sendable {
        var index: Int
        var position: RoutePosition
    }
}
