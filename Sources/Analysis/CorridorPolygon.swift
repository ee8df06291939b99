import Coordinates
import Foundation
import Geodesy
import Geometry

/// How a corridor polygon is built. Distances in metres.
public struct CorridorOptions: Sendable, Hashable {
    /// The corridor holds every point within this geodesic distance of the route.
    public var halfWidth: Double = 25_000
    /// Largest spacing of the vertices along the corridor's long sides (the offset curves).
    public var sideSpacing: Double = 1_000
    /// Largest gap allowed between a straight edge of a round end or bend and the true geodesic
    /// circle (the sagitta c²/8w of a chord c); sets the angular step of the round parts.
    public var capTolerance: Double = 0.5

    public init(halfWidth: Double = 25_000) { self.halfWidth = halfWidth }

    /// Half-widths above this are refused (the pieces must stay far below the ellipsoid's size).
    public static let maxHalfWidth = 1_000_000.0

    /// Angular step (degrees) of the round parts: 360/n with chords of at most √(8·w·tolerance).
    var capStep: Double { 360 / Double(capVertices) }

    /// Vertices of a full circle of the round parts.
    var capVertices: Int {
        let chord = (8 * halfWidth * max(capTolerance, 1e-6)).squareRoot()
        let n = Int((2 * Double.pi * halfWidth / chord).rounded(.up))
        return min(max(n, 32), 20_000)
    }

    /// How far, in metres, the polygon's boundary may lie INSIDE the true geodesic buffer's
    /// boundary: the round parts' sagitta plus the lon/lat chords' few centimetres (see `Corridor`).
    public var boundaryTolerance: Double { capTolerance + 0.05 }

    /// How far, in metres, the boundary may lie OUTSIDE the true buffer: a straight lon/lat edge of
    /// ≤ 1 km strays from the geodesic curve it replaces by up to ~L²·tan|φ|/(8R), 3 cm at 55° N
    /// (5 cm up to 60°).
    public static let outwardTolerance = 0.05
}

/// A route's corridor: the set of points within `halfWidth` (geodesic) of the route.
public struct CorridorPolygon: Sendable {
    /// RFC 7946 polygons (exterior ring counter-clockwise, holes clockwise, rings closed). One
    /// polygon for a connected route; holes where the route loops round an area wider than 2w.
    public var polygons: [[[Coordinate]]]
    public var halfWidth: Double
    /// Geodesic area, m² (exteriors minus holes; edges taken as geodesics between vertices).
    public var area: Double
    /// GEOS found the union invalid and `makeValid` repaired it (never seen on real routes; kept
    /// so that a repair is reported rather than hidden).
    public var repaired: Bool
    public var vertexCount: Int { polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }
}

public enum CorridorError: Error, CustomStringConvertible, Sendable {
    case badHalfWidth(Double)
    case badBinLength(Double)
    case emptyRoute(String)
    case tooFewWaypoints(String)
    case antimeridian(String)
    case geometry(String, String)

    public var description: String {
        switch self {
        case .badHalfWidth(let w):
            "the corridor half-width must be greater than 0 and at most \(Int(CorridorOptions.maxHalfWidth / 1000)) km, got \(w / 1000) km"
        case .badBinLength(let b): "the profile bin length must be greater than 0, got \(b / 1000) km"
        case .emptyRoute(let id): "route \(id) has no waypoint"
        case .tooFewWaypoints(let id): "route \(id) needs at least two waypoints"
        case .antimeridian(let id): "route \(id): the corridor would cross the antimeridian or a pole, which is not supported"
        case .geometry(let id, let message): "route \(id): corridor polygon: \(message)"
        }
    }
}

/// Geodesic corridor polygons.
///
/// **Construction.** For every route segment A→B (a geodesic of length L) a "stadium" ring:
/// the right-hand offset curve (points `direct(X(s), α(s) + 90°, w)` for X(s) on the segment,
/// α(s) its azimuth there, s = 0…L every ≤ `sideSpacing`), the half circle of radius w round B
/// ahead of the segment, the left-hand offset curve back, and the half circle round A behind it.
/// By the first variation of arc length the perpendicular offsets are exactly the points at
/// distance w whose nearest point is inside the segment, and the half circles those whose nearest
/// point is an end, so the stadium's boundary is the boundary of the segment's geodesic w-buffer.
/// The stadiums are dissolved with GEOS (unary union), checked with `isValid` (repaired with
/// `makeValid` if ever needed) and oriented for RFC 7946. The round parts' vertices sit on a common
/// azimuth grid round each vertex (plus the exact perpendiculars), so neighbouring stadiums share
/// their circle vertices bit for bit and the union adds no slivers.
///
/// **Accuracy.** Every vertex lies on the true buffer boundary to the direct problem's accuracy
/// (< 15 nm). Between vertices the polygon has straight lon/lat edges: on the round parts they cut
/// inside the true circle by at most the sagitta c²/(8w) ≤ `capTolerance` (0.5 m by default,
/// chords of ≤ 316 m for w = 25 km); on the sides (edges ≤ 1 km) a straight lon/lat edge strays
/// from the geodesic curve by up to ~L²·tan|φ|/(8R), a few centimetres (either way). The tests
/// sample four points on every boundary edge and measure their exact geodesic distance to the
/// route: on the geodata routes (36–55° N) it stays within [w − 0.503 m, w + 0.029 m]. No edge is
/// a planar shortcut: a 3,000 km single-segment route gets the same accuracy, because the sides
/// follow the geodesic at ≤ 1 km spacing. The antimeridian and the poles are not handled
/// (Northern Route data stays within 45–80° E, 35–57° N).
public enum Corridor {
    /// The corridor polygon of the route through `waypoints` (segments are geodesics).
    public static func polygon(around waypoints: [Coordinate], options: CorridorOptions = CorridorOptions(),
                               routeID: String = "route") throws -> CorridorPolygon {
        guard options.halfWidth > 0, options.halfWidth <= CorridorOptions.maxHalfWidth, options.halfWidth.isFinite else {
            throw CorridorError.badHalfWidth(options.halfWidth)
        }
        guard !waypoints.isEmpty else { throw CorridorError.emptyRoute(routeID) }
        let rings = pieces(waypoints, options)
        // Lon/lat polygons cannot wrap: refuse a corridor that reaches ±180° or a pole.
        for ring in rings {
            for k in ring.indices where abs(ring[k].latitude) > 89 || abs(ring[k].longitude - ring[(k + 1) % ring.count].longitude) > 180 {
                throw CorridorError.antimeridian(routeID)
            }
        }
        let context = GeometryContext()
        do {
            let parts = try rings.map { try context.polygon(exterior: $0) }
            var union: Geom
            do {
                union = try context.union(of: parts)
            } catch {
                // Robustness fallback: snap to a 1e-9° grid (0.1 mm) and retry.
                union = try context.union(of: parts, gridSize: 1e-9)
            }
            var repaired = false
            if !(try union.isValid) {
                union = try union.makeValid(method: .structure)
                repaired = true
            }
            let oriented = try union.orientedForRFC7946()
            let polygons = try polygonal(oriented)
            let g = Geodesic.wgs84
            var area = 0.0
            for p in polygons {
                for (k, ring) in p.enumerated() {
                    let a = abs(g.signedArea(of: ring))
                    area += k == 0 ? a : -a
                }
            }
            return CorridorPolygon(polygons: polygons, halfWidth: options.halfWidth, area: area, repaired: repaired)
        } catch let e as GeometryError {
            throw CorridorError.geometry(routeID, e.description)
        }
    }

    /// The polygons of a (multi)polygon or of a collection's polygonal parts.
    static func polygonal(_ g: Geom) throws(GeometryError) -> [[[Coordinate]]] {
        switch try g.type {
        case .polygon, .multiPolygon:
            return try g.polygons().filter { !$0.isEmpty }
        case .geometryCollection:
            var out: [[[Coordinate]]] = []
            for part in try g.components() { out += try polygonal(part) }
            return out
        default:
            return []
        }
    }

    /// The rings whose union is the corridor: one stadium per segment of non-zero length, or a
    /// full circle when the route is a single point. Counter-clockwise in the lon/lat plane.
    static func pieces(_ waypoints: [Coordinate], _ options: CorridorOptions) -> [[Coordinate]] {
        let g = Geodesic.wgs84
        var rings: [[Coordinate]] = []
        for i in 0..<max(waypoints.count - 1, 0) {
            let a = waypoints[i], b = waypoints[i + 1]
            let inv = g.inverse(a, b)
            guard inv.distance > 1e-3 else { continue }
            rings.append(stadium(a, b, inv, options))
        }
        if rings.isEmpty {
            // A route that never moves: the circle round its (first) point.
            rings.append(arc(waypoints[0], from: 360, to: 0, options, includeEnds: true))
        }
        return rings
    }

    /// The w-buffer of the geodesic segment a→b, counter-clockwise: right side forward, the half
    /// circle ahead of b, left side back, the half circle behind a.
    static func stadium(_ a: Coordinate, _ b: Coordinate, _ inv: GeodesicInverse, _ options: CorridorOptions) -> [Coordinate] {
        let g = Geodesic.wgs84
        let w = options.halfWidth
        let length = inv.distance
        let a1 = inv.initialAzimuth, a2 = inv.finalAzimuth
        let line = g.line(from: a, to: b)
        let n = max(1, Int((length / options.sideSpacing).rounded(.up)))
        // Positions and azimuths along the segment; the ends use the vertices themselves so that
        // the ends of the sides coincide with the circle points of neighbouring pieces.
        var centres: [(Coordinate, Double)] = [(a, a1)]
        for k in 1..<n {
            let p = line.position(at: length * Double(k) / Double(n))
            centres.append((p.coordinate, p.azimuth))
        }
        centres.append((b, a2))
        var ring: [Coordinate] = []
        ring.reserveCapacity(2 * centres.count + options.capVertices + 2)
        for (c, az) in centres { ring.append(g.direct(from: c, azimuth: az + 90, distance: w).coordinate) }
        ring += arc(b, from: a2 + 90, to: a2 - 90, options, includeEnds: false)
        for (c, az) in centres.reversed() { ring.append(g.direct(from: c, azimuth: az - 90, distance: w).coordinate) }
        ring += arc(a, from: a1 - 90, to: a1 - 270, options, includeEnds: false)
        return ring
    }

    /// Points of the geodesic circle of radius w round `centre`, for azimuths decreasing from
    /// `from` to `to` (counter-clockwise on the map), at the multiples of the common angular step
    /// strictly inside the range (and the ends themselves with `includeEnds`).
    static func arc(_ centre: Coordinate, from: Double, to: Double, _ options: CorridorOptions, includeEnds: Bool) -> [Coordinate] {
        let g = Geodesic.wgs84
        let w = options.halfWidth
        let n = options.capVertices
        let step = 360 / Double(n)
        let eps = step * 1e-3
        var out: [Coordinate] = []
        if includeEnds { out.append(g.direct(from: centre, azimuth: from, distance: w).coordinate) }
        var k = Int(((from - eps) / step).rounded(.down))
        while Double(k) * step > to + eps {
            // Normalise to one representative in [0, 360) so that every piece computes bit-identical
            // points for the same grid azimuth.
            let kk = ((k % n) + n) % n
            out.append(g.direct(from: centre, azimuth: Double(kk) * 360 / Double(n), distance: w).coordinate)
            k -= 1
        }
        if includeEnds && abs(from - to).truncatingRemainder(dividingBy: 360) != 0 {
            out.append(g.direct(from: centre, azimuth: to, distance: w).coordinate)
        }
        return out
    }
}
