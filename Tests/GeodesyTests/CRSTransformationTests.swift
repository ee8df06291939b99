import Coordinates
import Foundation
import Geodesy
import TestSupport
import XCTest

/// `CRSTransformation` (PROJ) against closed forms independent of PROJ. (Against PostGIS's
/// `ST_Transform` for UTM: `PostgreSQLTests.PostGISTransformTests`.)
final class CRSTransformationTests: XCTestCase {
    /// EPSG:3857 (spherical "Web" Mercator on the WGS84 semi-major axis): lon = x / R,
    /// lat = 2·atan(exp(y / R)) − π/2. Tolerance 1e-9° (~0.1 mm).
    func testWebMercatorMatchesTheClosedForm() throws {
        let t = try CRSTransformation(from: "EPSG:3857")
        let r = 6378137.0
        var rng = TestRandom(seed: 3857)
        var points: [Coordinate] = []
        var expected: [Coordinate] = []
        for _ in 0..<2000 {
            let x = rng.uniform(-2.0e7, 2.0e7), y = rng.uniform(-1.9e7, 1.9e7)
            points.append(Coordinate(longitude: x, latitude: y))
            expected.append(Coordinate(longitude: x / r * 180 / .pi, latitude: (2 * atan(exp(y / r)) - .pi / 2) * 180 / .pi))
        }
        XCTAssertEqual(t.transform(&points), 0)
        var worst = 0.0
        for (p, e) in zip(points, expected) { worst = max(worst, abs(p.longitude - e.longitude), abs(p.latitude - e.latitude)) }
        XCTAssertLessThanOrEqual(worst, 1e-9)
        let one = try XCTUnwrap(t.wgs84(x: 0, y: 0))
        XCTAssertEqual(one.longitude, 0, accuracy: 1e-12)
        XCTAssertEqual(one.latitude, 0, accuracy: 1e-12)
    }

    /// EPSG:4326 itself: axes normalised to longitude first; the values unchanged.
    func testWGS84IsLongitudeFirstAndUnchanged() throws {
        let t = try CRSTransformation(from: "EPSG:4326")
        let c = try XCTUnwrap(t.wgs84(x: 74.6, y: 42.87))
        XCTAssertEqual(c.longitude, 74.6, accuracy: 1e-12)
        XCTAssertEqual(c.latitude, 42.87, accuracy: 1e-12)
    }

    func testUnknownCRSIsOneLine() {
        XCTAssertThrowsError(try CRSTransformation(from: "EPSG:999999")) { e in
            let m = (e as? CRSTransformation.Failure)?.message ?? ""
            XCTAssertTrue(m.contains("EPSG:999999"), m)
            XCTAssertFalse(m.contains("\n"))
        }
    }
}
