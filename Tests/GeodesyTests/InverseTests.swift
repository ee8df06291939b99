import Coordinates
import Geodesy
import XCTest

final class InverseTests: XCTestCase {
    let geod = Geodesic.wgs84

    func testFixturesToOneMillimetre() throws {
        let f = try Fixtures.load("inverse.json", as: Fixtures.Rows.self)
        XCTAssertGreaterThan(f.rows.count, 250)
        var sErr = MaxError("inverse s12"), aErr = MaxError("inverse azi1/azi2 (in units of tolerance)")
        var rawAzi = MaxError("inverse azi1/azi2 where m12 > 1000 km")
        for (kind, r) in zip(f.kinds, f.rows) {
            let p1 = Coordinate(longitude: r[1], latitude: r[0]), p2 = Coordinate(longitude: r[3], latitude: r[2])
            let inv = geod.inverse(p1, p2)
            let label = "\(kind) \(p1)->\(p2)"
            XCTAssertEqual(inv.distance, r[4], accuracy: 1e-3, label)
            XCTAssertEqual(geod.distance(p1, p2), inv.distance, label)
            sErr.record(abs(inv.distance - r[4]), label)
            guard r[4] > 0 else { continue }  // azimuths of coincident points are arbitrary
            let tol = azimuthTolerance(reducedLength: r[7])
            let e1 = angleDifference(inv.initialAzimuth, r[5]), e2 = angleDifference(inv.finalAzimuth, r[6])
            XCTAssertLessThanOrEqual(e1, tol, "azi1 " + label)
            XCTAssertLessThanOrEqual(e2, tol, "azi2 " + label)
            aErr.record(max(e1, e2) / tol, label)
            if abs(r[7]) > 1e6 { rawAzi.record(max(e1, e2), label) }
        }
        sErr.report(unit: "m")
        aErr.report(unit: "× tolerance")
        rawAzi.report(unit: "deg")
    }

    /// GeographicLib's documented example: Wellington, NZ to Salamanca, Spain.
    func testWellingtonToSalamanca() {
        let inv = geod.inverse(Coordinate(longitude: 174.81, latitude: -41.32), Coordinate(longitude: -5.50, latitude: 40.96))
        XCTAssertEqual(inv.distance, 19_959_679.267, accuracy: 1e-3)
        XCTAssertEqual(inv.initialAzimuth, 161.067669986, accuracy: 1e-9)
        XCTAssertEqual(inv.finalAzimuth, 18.825195123, accuracy: 1e-9)
    }

    func testSymmetryAndCoincidentPoints() {
        let a = Coordinate(longitude: 71.43, latitude: 51.13), b = Coordinate(longitude: 76.95, latitude: 43.25)
        XCTAssertEqual(geod.distance(a, b), geod.distance(b, a), accuracy: 1e-9)
        XCTAssertEqual(geod.distance(a, a), 0)
    }

    func testMeridianQuadrantAndEquator() {
        // Quarter meridian of WGS84: 10 001 965.729 m; quarter of the equator: πa/2.
        XCTAssertEqual(geod.distance(Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 0, latitude: 90)),
                       10_001_965.729, accuracy: 1e-3)
        XCTAssertEqual(geod.distance(Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 90, latitude: 0)),
                       Double.pi * 6_378_137 / 2, accuracy: 1e-6)
    }
}
