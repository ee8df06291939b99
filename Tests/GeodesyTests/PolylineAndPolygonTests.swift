import Coordinates
import Geodesy
import XCTest

final class PolylineAndPolygonTests: XCTestCase {
    let geod = Geodesic.wgs84

    func testPolylineLengthAndChainageFixtures() throws {
        let f = try Fixtures.load("polylines.json", as: Fixtures.Polylines.self)
        var err = MaxError("polyline length/chainage")
        for p in f.polylines {
            let coords = p.coordinates
            XCTAssertEqual(geod.length(of: coords), p.length, accuracy: 1e-3, p.kind)
            err.record(abs(geod.length(of: coords) - p.length), p.kind)
            let chain = geod.chainage(of: coords)
            XCTAssertEqual(chain.count, p.chainage.count)
            for (a, b) in zip(chain, p.chainage) {
                XCTAssertEqual(a, b, accuracy: 1e-3, p.kind)
                err.record(abs(a - b), p.kind)
            }
        }
        err.report(unit: "m")
        XCTAssertEqual(geod.length(of: []), 0)
        XCTAssertEqual(geod.chainage(of: []), [])
        XCTAssertEqual(geod.chainage(of: [Coordinate(longitude: 1, latitude: 2)]), [0])
    }

    func testPolygonAreaFixtures() throws {
        let f = try Fixtures.load("polygons.json", as: Fixtures.Polygons.self)
        var areaErr = MaxError("polygon area"), relErr = MaxError("polygon area (relative)")
        var perimErr = MaxError("polygon perimeter")
        for p in f.polygons {
            let m = geod.polygonMeasure(of: p.coordinates)
            // 1 mm of boundary displacement changes the area by perimeter × 1 mm.
            XCTAssertEqual(m.area, p.area, accuracy: max(1e-3 * p.perimeter, 1e-3), p.kind)
            XCTAssertEqual(m.perimeter, p.perimeter, accuracy: 1e-3, p.kind)
            XCTAssertEqual(m.isCounterClockwise, p.kind.hasPrefix("ccw"), p.kind)
            areaErr.record(abs(m.area - p.area), "\(p.kind) area \(p.area)")
            relErr.record(abs(m.area - p.area) / abs(p.area), p.kind)
            perimErr.record(abs(m.perimeter - p.perimeter), p.kind)
            // Reversing the ring flips the sign.
            XCTAssertEqual(geod.signedArea(of: p.coordinates.reversed()), -m.area, accuracy: max(1e-6 * abs(m.area), 1e-3))
        }
        areaErr.report(unit: "m²")
        relErr.report(unit: "")
        perimErr.report(unit: "m")
    }

    /// One octant of the ellipsoid: exactly 1/8 of WGS84's total area 510 065 621 724 088 m².
    func testOctantArea() {
        let ring = [Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 90, latitude: 0),
                    Coordinate(longitude: 0, latitude: 90)]
        let m = geod.polygonMeasure(of: ring)
        XCTAssertEqual(m.area, 510_065_621_724_088.5 / 8, accuracy: 1)
        XCTAssertEqual(m.perimeter, 2 * 10_001_965.729 + Double.pi * 6_378_137 / 2, accuracy: 1e-2)
        XCTAssertTrue(m.isCounterClockwise)
        XCTAssertEqual(geod.polygonMeasure(of: [ring[0], ring[1]]).area, 0)
    }
}
