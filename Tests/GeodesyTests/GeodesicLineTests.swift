import Coordinates
import Geodesy
import XCTest

final class GeodesicLineTests: XCTestCase {
    let geod = Geodesic.wgs84
    // Almaty -> Astana
    let almaty = Coordinate(longitude: 76.95, latitude: 43.25)
    let astana = Coordinate(longitude: 71.43, latitude: 51.13)

    func testSegmentLengthAndEnds() {
        let line = geod.line(from: almaty, to: astana)
        XCTAssertEqual(line.length, geod.distance(almaty, astana), accuracy: 1e-9)
        XCTAssertEqual(line.start, almaty)
        XCTAssertEqual(line.initialAzimuth, geod.inverse(almaty, astana).initialAzimuth, accuracy: 1e-12)
        XCTAssertLessThan(separation(line.intermediate(fraction: 1), astana), 1e-8)
        XCTAssertLessThan(separation(line.intermediate(fraction: 0), almaty), 1e-9)
        XCTAssertTrue(geod.line(from: almaty, azimuth: 10).length.isNaN)
        XCTAssertEqual(geod.line(from: almaty, azimuth: 10, distance: 1234).length, 1234, accuracy: 1e-9)
    }

    func testIntermediateSplitsDistance() {
        for fraction in [0.1, 0.25, 0.5, 0.9] {
            let m = geod.intermediate(from: almaty, to: astana, fraction: fraction)
            let total = geod.distance(almaty, astana)
            XCTAssertEqual(geod.distance(almaty, m), fraction * total, accuracy: 1e-6)
            XCTAssertEqual(geod.distance(m, astana), (1 - fraction) * total, accuracy: 1e-6)
        }
    }

    func testDensifySpacingAndEnds() {
        let pts = geod.densify(from: almaty, to: astana, maxSpacing: 10_000)
        let total = geod.distance(almaty, astana)
        XCTAssertEqual(pts.count, Int((total / 10_000).rounded(.up)) + 1)
        XCTAssertEqual(pts.first, almaty)
        XCTAssertEqual(pts.last, astana)
        let spacing = total / Double(pts.count - 1)
        for i in 1..<pts.count {
            XCTAssertEqual(geod.distance(pts[i - 1], pts[i]), spacing, accuracy: 1e-6)
        }
        XCTAssertEqual(geod.length(of: pts), total, accuracy: 1e-6)
        // Short segment: just the ends; zero-length: two equal points.
        XCTAssertEqual(geod.densify(from: almaty, to: almaty, maxSpacing: 1).count, 2)
        XCTAssertEqual(geod.densify(from: almaty, to: geod.direct(from: almaty, azimuth: 3, distance: 5).coordinate,
                                    maxSpacing: 10).count, 2)
    }

    func testAcrossAntimeridian() {
        let a = Coordinate(longitude: 179.5, latitude: 10), b = Coordinate(longitude: -179.5, latitude: 10)
        let pts = geod.densify(from: a, to: b, maxSpacing: 20_000)
        XCTAssertTrue(pts.allSatisfy { $0.isValidWGS84 && abs($0.longitude) >= 179.5 - 1e-9 })
        XCTAssertLessThan(geod.distance(a, b), 110_000)
    }
}
