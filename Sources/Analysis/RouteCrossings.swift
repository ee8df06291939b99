import Coordinates
import Foundation
import Geodesy
import Geometry

/// A point where a route crosses (or touches) a border line.
public struct BorderCrossingPoint: Sendable, Hashable {
    /// Metres along the route from its first waypoint.
    public var routeChainage: Double
    /// The crossing point (on the route).
    public var coordinate: Coordinate
    /// Metres along the border from its start (continuous across parts, as `PolylineIndex`).
    public var borderChainage: Double
    /// Acute angle between the route and the border at the crossing, degrees in [0, 90].
    public var angle: Double
    /// Geodesic distance from `coordinate` to the border line after refinement, metres.
    public var residual: Double
    /// +1: the route passes from the left of the border (looking along the border's own direction)
    /// to its right; −1: from right to left; 0: the route only touches the border.
    public var direction: Int
}

/// Where a route crosses a border, both being polylines of geodesic segments.
///
/// **Candidates.** Both lines are densified (every ≤ `candidateSpacing`, 1 km by default, original
/// vertices kept) and intersected with GEOS. A lon/lat chord of ≤ 1 km strays from its geodesic by
/// at most a few centimetres here, so every crossing is found except a pair of crossings closer
/// together than that — the lines would have to run within centimetres of each other.
///
/// **Refinement.** Around each candidate the signed geodesic distance of the route point X(s) to the
/// border, f(s) (`PolylineIndex.signedDistance`), is sampled every candidateSpacing/10 over the
/// densified route piece holding the candidate and one spacing either side; each sign change is
/// bisected on s to 0.1 mm. A root is accepted when |f| there is below 1 cm (this rejects the sign
/// flips of f that are not crossings, e.g. round the end of a border line). Accuracy: the chainage
/// along the route is within 0.1 mm of the true crossing and the point is within 0.1 mm/sin(angle)
/// of it along the route (the residual reports the actual distance to the border, typically
/// < 0.1 mm). Grazing contacts without a sign change are refined on |f| by golden section and kept
/// as touches (direction 0) when they come within 1 cm.
public enum RouteCrossings {
    public static func find(route: PolylineIndex, border: PolylineIndex, candidateSpacing: Double = 1_000) throws(GeometryError)
        -> [BorderCrossingPoint]
    {
        guard route.segmentCount > 0, border.segmentCount > 0 else { return [] }
        let spacing = max(candidateSpacing, 1)
        let routeDense = densified(route, spacing)
        let borderDense = densified(border, spacing)
        guard boxesOverlap(routeDense.flatMap { $0.points }, borderDense.flatMap { $0.points }) else { return [] }

        let context = GeometryContext()
        let routeGeom = try context.multiLineString(routeDense.map(\.points).filter { $0.count >= 2 })
        let borderGeom = try context.multiLineString(borderDense.map(\.points).filter { $0.count >= 2 })
        let hits = try routeGeom.intersection(borderGeom)
        var candidates: [Coordinate] = []
        try collectPoints(hits, into: &candidates)
        guard !candidates.isEmpty else { return [] }

        // The densified route pieces (chainage brackets) holding each candidate.
        var brackets: [(Double, Double)] = []
        for c in candidates {
            for part in routeDense {
                for k in 0..<(part.points.count - 1) where planarDistance(c, part.points[k], part.points[k + 1]) < 1e-9 {
                    let lo = max(part.chainage[k] - spacing, part.chainage.first!)
                    let hi = min(part.chainage[k + 1] + spacing, part.chainage.last!)
                    brackets.append((lo, hi))
                }
            }
        }
        brackets.sort { $0.0 < $1.0 }
        // Merge overlapping brackets so each stretch is scanned once.
        var merged: [(Double, Double)] = []
        for b in brackets {
            if let last = merged.last, b.0 <= last.1 { merged[merged.count - 1].1 = max(last.1, b.1) } else { merged.append(b) }
        }

        func f(_ s: Double) -> Double { border.signedDistance(to: route.point(atChainage: s)) ?? .infinity }

        var found: [(s: Double, direction: Int)] = []
        for (lo, hi) in merged {
            let steps = max(2, Int(((hi - lo) / (spacing / 10)).rounded(.up)))
            var samples: [(s: Double, f: Double)] = []
            for k in 0...steps {
                let s = lo + (hi - lo) * Double(k) / Double(steps)
                samples.append((s, f(s)))
            }
            var signChanges = 0
            for k in 0..<steps {
                let (a, fa) = samples[k], (b, fb) = samples[k + 1]
                if fa == 0 {
                    let before = k > 0 ? samples[k - 1].f : fa
                    let after = fb
                    found.append((a, before < 0 && after > 0 ? 1 : before > 0 && after < 0 ? -1 : 0))
                    signChanges += 1
                    continue
                }
                guard (fa < 0) != (fb < 0), fb != 0 else { continue }
                var x = a, y = b, fx = fa
                while y - x > 1e-4 {
                    let m = 0.5 * (x + y)
                    let fm = f(m)
                    if fm == 0 { x = m; y = m; break }
                    if (fm < 0) == (fx < 0) { x = m; fx = fm } else { y = m }
                }
                let s = 0.5 * (x + y)
                if abs(f(s)) < 0.01 {
                    found.append((s, fa < 0 ? 1 : -1))
                    signChanges += 1
                }
            }
            if signChanges == 0 {
                // A touch: minimise |f| round the smallest sample.
                let m = samples.indices.min { abs(samples[$0].f) < abs(samples[$1].f) }!
                let a = samples[max(m - 1, 0)].s, b = samples[min(m + 1, steps)].s
                let s = goldenMinimum(a, b) { abs(f($0)) }
                if abs(f(s)) < 0.01 { found.append((s, 0)) }
            }
        }
        found.sort { $0.s < $1.s }
        var out: [BorderCrossingPoint] = []
        for (s, direction) in found {
            if let last = out.last, s - last.routeChainage < 0.01 { continue }
            let x = route.point(atChainage: s)
            guard let near = border.nearestPoint(to: x) else { continue }
            let i = route.segmentIndex(containing: s)
            // Within 1 mm of a waypoint the crossing is at the waypoint: take the bisector there.
            var o = s - route.chainage[i]
            if o < 1e-3 { o = 0 } else if route.segmentLength[i] - o < 1e-3 { o = route.segmentLength[i] }
            let routeAz = route.travelAzimuth(segment: i, offset: o)
            let borderAz = border.travelAzimuth(segment: near.segment, offset: near.chainage - border.chainage[near.segment])
            var d = (routeAz - borderAz).truncatingRemainder(dividingBy: 180)
            if d < 0 { d += 180 }
            out.append(BorderCrossingPoint(routeChainage: s, coordinate: x, borderChainage: near.chainage,
                                           angle: min(d, 180 - d), residual: near.distance, direction: direction))
        }
        return out
    }

    /// A polyline's parts densified to ≤ `spacing`, with the chainage of every point.
    static func densified(_ line: PolylineIndex, _ spacing: Double) -> [(points: [Coordinate], chainage: [Double])] {
        line.parts.map { r in
            var pts: [Coordinate] = [line.vertices[r.lowerBound]]
            var ch: [Double] = [line.chainage[r.lowerBound]]
            for i in r.lowerBound..<(r.upperBound - 1) {
                let len = line.segmentLength[i]
                let n = max(1, Int((len / spacing).rounded(.up)))
                for k in 1...n {
                    if k == n {
                        pts.append(line.vertices[i + 1])
                        ch.append(line.chainage[i + 1])
                    } else {
                        let o = len * Double(k) / Double(n)
                        pts.append(line.point(onSegment: i, offset: o))
                        ch.append(line.chainage[i] + o)
                    }
                }
            }
            return (pts, ch)
        }
    }

    static func boxesOverlap(_ a: [Coordinate], _ b: [Coordinate]) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        func box(_ p: [Coordinate]) -> (Double, Double, Double, Double) {
            var r = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
            for c in p {
                r.0 = min(r.0, c.longitude); r.1 = min(r.1, c.latitude)
                r.2 = max(r.2, c.longitude); r.3 = max(r.3, c.latitude)
            }
            return r
        }
        let x = box(a), y = box(b)
        let m = 1e-6
        return x.0 <= y.2 + m && y.0 <= x.2 + m && x.1 <= y.3 + m && y.1 <= x.3 + m
    }

    static func collectPoints(_ g: Geom, into out: inout [Coordinate]) throws(GeometryError) {
        if try g.isEmpty { return }
        switch try g.type {
        case .point:
            out += try g.coordinates()
        case .lineString, .linearRing:
            // The lines overlap along a stretch: its ends are where the route meets the border.
            let c = try g.coordinates()
            if let first = c.first, let last = c.last { out += [first, last] }
        case .polygon:
            break
        default:
            for part in try g.components() { try collectPoints(part, into: &out) }
        }
    }

    /// Planar distance (degrees) from c to the segment p–q in the lon/lat plane.
    static func planarDistance(_ c: Coordinate, _ p: Coordinate, _ q: Coordinate) -> Double {
        let dx = q.longitude - p.longitude, dy = q.latitude - p.latitude
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? ((c.longitude - p.longitude) * dx + (c.latitude - p.latitude) * dy) / len2 : 0
        t = min(max(t, 0), 1)
        let x = p.longitude + t * dx - c.longitude, y = p.latitude + t * dy - c.latitude
        return (x * x + y * y).squareRoot()
    }

    /// Golden-section search for the minimum of a unimodal `g` on [a, b], to 0.1 mm.
    static func goldenMinimum(_ a: Double, _ b: Double, _ g: (Double) -> Double) -> Double {
        let r = (5.0.squareRoot() - 1) / 2
        var a = a, b = b
        var c = b - r * (b - a), d = a + r * (b - a)
        var gc = g(c), gd = g(d)
        while b - a > 1e-4 {
            if gc < gd { b = d; d = c; gd = gc; c = b - r * (b - a); gc = g(c) } else { a = c; c = d; gc = gd; d = a + r * (b - a); gd = g(d) }
        }
        return 0.5 * (a + b)
    }
}
