import Analysis
import Coordinates
import Foundation
import Geodesy
import Geometry
import XCTest

/// Corridor polygons: GEOS-valid, containing the route they were built from (as the geodesic it is,
/// densified), and following the true geodesic buffer: every boundary point, sampled along every
/// edge, lies at the half-width from the route to within the stated tolerance.
final class CorridorPolygonTests: XCTestCase {
    func testGeodataRoutesArePolygonsThatHoldTheirRoute() throws {
        let f = try CorridorFixture.load("routes", as: CorridorFixture.Positions.self)
        for r in f.routes { try check(r.id, r.coordinates, halfWidth: 25_000) }
    }

    func testLongRoutes() throws {
        let f = try CorridorFixture.load("long", as: CorridorFixture.Positions.self)
        XCTAssertGreaterThan(f.routes[0].length, 2_999_000)
        for r in f.routes { try check(r.id, r.coordinates, halfWidth: 25_000) }
    }

    func testSharpBends() throws {
        let f = try CorridorFixture.load("bends", as: CorridorFixture.Positions.self)
        for r in f.routes { try check(r.id, r.coordinates, halfWidth: 25_000) }
    }

    func testOtherHalfWidths() throws {
        let f = try CorridorFixture.load("routes", as: CorridorFixture.Positions.self)
        let r = f.routes[0]
        for w in [1_000.0, 10_000, 100_000] { try check("\(r.id)@\(w)", r.coordinates, halfWidth: w) }
    }

    /// A route that loops back over itself encloses an area wider than the corridor: a hole.
    func testSelfCrossingRouteMakesAHole() throws {
        let loop = [c(68, 38), c(70, 38), c(70, 39.5), c(68.5, 39.5), c(68.5, 37.5)]
        let p = try check("loop", loop, halfWidth: 20_000)
        XCTAssertEqual(p.polygons.count, 1)
        XCTAssertEqual(p.polygons[0].count, 2, "exterior and one hole")
    }

    func testDegenerateRoutes() throws {
        // Repeated waypoints: the zero-length segment is skipped.
        try check("repeated", [c(68, 38), c(68, 38), c(69, 38.5)], halfWidth: 25_000)
        // A route that never moves is a circle.
        let circle = try Corridor.polygon(around: [c(69, 40), c(69, 40)], options: CorridorOptions(halfWidth: 5_000))
        XCTAssertEqual(circle.polygons.count, 1)
        // An inscribed n-gon (n = 223 here) has (2π/n)²/6 = 1.3e-4 less area than its circle.
        let expected = Double.pi * 5_000 * 5_000
        XCTAssertEqual(circle.area, expected, accuracy: expected * 3e-4)
        XCTAssertLessThan(circle.area, expected)
        XCTAssertThrowsError(try Corridor.polygon(around: [c(69, 40), c(70, 40)], options: CorridorOptions(halfWidth: 0)))
        XCTAssertThrowsError(try Corridor.polygon(around: [], options: CorridorOptions()))
        XCTAssertThrowsError(try Corridor.polygon(around: [c(179.9, 60), c(-179.5, 61)], options: CorridorOptions()), "antimeridian refused")
    }

    /// The area of a straight corridor is close to 2wL + πw² (flat-earth value; the ellipsoid changes it by < 0.1 %).
    func testAreaOfAStraightCorridor() throws {
        let g = Geodesic.wgs84
        let a = c(66, 40)
        let b = g.direct(from: a, azimuth: 30, distance: 500_000).coordinate
        let p = try Corridor.polygon(around: [a, b], options: CorridorOptions(halfWidth: 25_000))
        let flat = 2 * 25_000 * 500_000 + Double.pi * 25_000 * 25_000
        XCTAssertEqual(p.area, flat, accuracy: flat * 1e-3)
    }

    // MARK: -

    func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat) }

    @discardableResult
    private func check(_ id: String, _ waypoints: [Coordinate], halfWidth w: Double,
                       file: StaticString = #filePath, line: UInt = #line) throws -> CorridorPolygon {
        let options = CorridorOptions(halfWidth: w)
        let started = Date()
        let p = try Corridor.polygon(around: waypoints, options: options, routeID: id)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertFalse(p.repaired, "\(id): needed makeValid", file: file, line: line)
        XCTAssertFalse(p.polygons.isEmpty, file: file, line: line)

        // GEOS: valid, RFC 7946 orientation, and it covers the route (as drawn with geodesic legs
        // every 1 km, and its waypoints).
        let ctx = GeometryContext()
        let geom = try ctx.multiPolygon(p.polygons)
        let reason = try geom.validityReason()
        XCTAssertTrue(try geom.isValid, "\(id): \(reason)", file: file, line: line)
        XCTAssertTrue(try geom.hasRFC7946Orientation(), "\(id): orientation", file: file, line: line)
        let g = Geodesic.wgs84
        var dense: [Coordinate] = []
        for i in 0..<(waypoints.count - 1) {
            let piece = g.densify(from: waypoints[i], to: waypoints[i + 1], maxSpacing: 1_000)
            dense += dense.isEmpty ? piece : Array(piece.dropFirst())
        }
        let prepared = try geom.prepared()
        XCTAssertTrue(try prepared.containsProperly(try ctx.lineString(dense)), "\(id): contains the geodesic route", file: file, line: line)
        XCTAssertTrue(try prepared.contains(try ctx.multiPoint(waypoints)), "\(id): contains the waypoints", file: file, line: line)

        // The boundary: every vertex and three points on every edge, at exact geodesic distance w
        // from the route (inward by at most the stated tolerance).
        let route = PolylineIndex(parts: [waypoints])
        var lo = Double.infinity, hi = -Double.infinity
        var samples = 0
        for polygon in p.polygons {
            for ring in polygon {
                for k in 0..<(ring.count - 1) {
                    let a = ring[k], b = ring[k + 1]
                    for t in [0.0, 0.25, 0.5, 0.75] {
                        let x = Coordinate(longitude: a.longitude + t * (b.longitude - a.longitude),
                                           latitude: a.latitude + t * (b.latitude - a.latitude))
                        let d = route.nearestPoint(to: x)!.distance - w
                        lo = min(lo, d)
                        hi = max(hi, d)
                        samples += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(lo, -options.boundaryTolerance, "\(id): boundary strays inside by \(-lo) m", file: file, line: line)
        XCTAssertLessThan(hi, CorridorOptions.outwardTolerance, "\(id): boundary strays outside by \(hi) m", file: file, line: line)
        print("[accuracy] corridor polygon \(id) (w = \(w / 1000) km, \(String(format: "%.0f", route.length / 1000)) km, "
            + "\(p.vertexCount) vertices, \(String(format: "%.2f", elapsed)) s): valid, holds its route; boundary − w in "
            + "[\(String(format: "%.4f", lo)), \(String(format: "%.6f", hi))] m over \(samples) samples")
        return p
    }
}
