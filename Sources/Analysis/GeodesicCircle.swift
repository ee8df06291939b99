import Coordinates
import Foundation
import Geodesy

/// The set of points within a geodesic distance of a centre, as RFC 7946 polygons: counter-
/// clockwise exterior rings, split at the antimeridian (RFC 7946 §3.1.9), closed over a pole when
/// the circle contains one. Vertices lie exactly on the geodesic circle (direct problem, accurate to
/// nanometres); between vertices the polygon follows straight lon/lat edges, so with the default
/// 128 vertices a 10 km circle's edges stray at most ~3 m inside the true circle (πR²/2n²·… ≈
/// R(1 − cos(π/n)) = 3.0 m for R = 10 km).
public enum GeodesicCircle {
    public static func polygons(center: Coordinate, radius: Double, vertices n: Int = 128) -> [[[Coordinate]]] {
        let g = Geodesic.wgs84
        // Azimuths clockwise from north trace the circle clockwise; reverse for CCW.
        var ring: [Coordinate] = (0..<n).map { k in
            g.direct(from: center, azimuth: 360 * Double(n - k) / Double(n), distance: radius).coordinate
        }
        for pole in [90.0, -90.0] where g.distance(center, Coordinate(longitude: 0, latitude: pole)) <= radius {
            return [[polarCap(ring, pole: pole)]]
        }
        // Unwrap longitudes so the ring is continuous, then split at ±180 if it strays past.
        for k in 1..<ring.count {
            var lon = ring[k].longitude
            while lon - ring[k - 1].longitude > 180 { lon -= 360 }
            while lon - ring[k - 1].longitude < -180 { lon += 360 }
            ring[k].longitude = lon
        }
        let minLon = ring.map(\.longitude).min()!, maxLon = ring.map(\.longitude).max()!
        if minLon >= -180 && maxLon <= 180 { return [[ring + [ring[0]]]] }
        let edge = maxLon > 180 ? 180.0 : -180.0
        let inside = clip(ring, keepBelow: edge == 180, at: edge)
        let outside = clip(ring, keepBelow: edge != 180, at: edge).map {
            Coordinate(longitude: $0.longitude - 2 * edge, latitude: $0.latitude)
        }
        return [inside, outside].filter { $0.count >= 3 }.map { [$0 + [$0[0]]] }
    }

    /// Sutherland–Hodgman clip of a ring against the half-plane lon ≤ edge (or ≥ edge). Exact for
    /// the convex rings a geodesic circle of up to 1,000 km makes away from the poles.
    static func clip(_ ring: [Coordinate], keepBelow: Bool, at edge: Double) -> [Coordinate] {
        func inside(_ c: Coordinate) -> Bool { keepBelow ? c.longitude <= edge : c.longitude >= edge }
        var out: [Coordinate] = []
        for k in ring.indices {
            let a = ring[k], b = ring[(k + 1) % ring.count]
            if inside(a) { out.append(a) }
            if inside(a) != inside(b) {
                let t = (edge - a.longitude) / (b.longitude - a.longitude)
                out.append(Coordinate(longitude: edge, latitude: a.latitude + t * (b.latitude - a.latitude)))
            }
        }
        return out
    }

    /// A circle around a pole as one ring: the circle's points ordered by longitude from −180 to
    /// 180, then along the antimeridian to the pole and back.
    static func polarCap(_ ring: [Coordinate], pole: Double) -> [Coordinate] {
        var pts = ring.sorted { $0.longitude < $1.longitude }
        if pole < 0 { pts.reverse() }
        // Latitude at ±180, interpolated between the extreme points.
        let first = pts.first!, last = pts.last!
        let span = (first.longitude + 360) - last.longitude
        let t = span > 0 ? (180 - abs(last.longitude)) / span : 0.5
        let edgeLat = last.latitude + t * (first.latitude - last.latitude)
        let startLon = pole > 0 ? -180.0 : 180.0
        var out = [Coordinate(longitude: startLon, latitude: edgeLat)] + pts
        out.append(Coordinate(longitude: -startLon, latitude: edgeLat))
        out.append(Coordinate(longitude: -startLon, latitude: pole))
        out.append(Coordinate(longitude: startLon, latitude: pole))
        out.append(out[0])
        return out
    }
}
