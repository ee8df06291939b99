import Coordinates
import Geodesy
import TestSupport
import XCTest

final class NearestPointTests: XCTestCase {
    let geod = Geodesic.wgs84

    func testSegmentFixturesToOneMillimetre() throws {
        let f = try Fixtures.load("nearest.json", as: Fixtures.Rows.self)
        XCTAssertGreaterThan(f.rows.count, 150)
        var dErr = MaxError("nearest-point distance"), pErr = MaxError("nearest-point position")
        var sErr = MaxError("nearest-point distance along segment")
        var endpoints = 0
        for (kind, r) in zip(f.kinds, f.rows) {
            let a = Coordinate(longitude: r[1], latitude: r[0]), b = Coordinate(longitude: r[3], latitude: r[2])
            let p = Coordinate(longitude: r[5], latitude: r[4])
            let expected = Coordinate(longitude: r[7], latitude: r[6])
            let label = "\(kind) A\(a) B\(b) P\(p)"
            let got = geod.nearestPoint(to: p, onSegmentFrom: a, to: b)
            XCTAssertEqual(got.distance, r[9], accuracy: 1e-4, label)  // 0.1 mm
            XCTAssertLessThanOrEqual(got.distance, r[9] + 1e-6, "never worse than the oracle: " + label)
            XCTAssertEqual(got.distanceAlongSegment, r[8], accuracy: 1e-3, label)
            XCTAssertLessThan(separation(got.point, expected), 1e-3, label)
            XCTAssertEqual(geod.distance(p, got.point), got.distance, accuracy: 1e-6, label)
            dErr.record(abs(got.distance - r[9]), label)
            pErr.record(separation(got.point, expected), label)
            sErr.record(abs(got.distanceAlongSegment - r[8]), label)
            if r[8] == 0 {
                XCTAssertEqual(got.point, a, "a minimum at the start returns the exact vertex: " + label)
                endpoints += 1
            } else if separation(expected, b) == 0 {
                XCTAssertEqual(got.point, b, "a minimum at the end returns the exact vertex: " + label)
                endpoints += 1
            }
            // The prepared-line variant agrees.
            let viaLine = geod.nearestPoint(to: p, on: geod.line(from: a, to: b))
            XCTAssertEqual(viaLine.distance, got.distance, accuracy: 1e-6, label)
        }
        XCTAssertGreaterThan(endpoints, 20)
        dErr.report(unit: "m")
        pErr.report(unit: "m")
        sErr.report(unit: "m")
    }

    func testEndpointsAndDegenerateSegments() {
        let a = Coordinate(longitude: 70, latitude: 45), b = Coordinate(longitude: 71, latitude: 45.5)
        let behind = geod.direct(from: a, azimuth: geod.inverse(b, a).finalAzimuth, distance: 1_000).coordinate
        let r = geod.nearestPoint(to: behind, onSegmentFrom: a, to: b)
        XCTAssertEqual(r.point, a)
        XCTAssertEqual(r.distanceAlongSegment, 0)
        XCTAssertEqual(r.distance, 1_000, accuracy: 1e-6)

        let past = geod.direct(from: b, azimuth: geod.inverse(a, b).finalAzimuth, distance: 250).coordinate
        let r2 = geod.nearestPoint(to: past, onSegmentFrom: a, to: b)
        XCTAssertEqual(r2.point, b)
        XCTAssertEqual(r2.distanceAlongSegment, geod.distance(a, b), accuracy: 1e-9)
        XCTAssertEqual(r2.distance, 250, accuracy: 1e-6)

        let d = geod.nearestPoint(to: b, onSegmentFrom: a, to: a)
        XCTAssertEqual(d.point, a)
        XCTAssertEqual(d.distance, geod.distance(a, b), accuracy: 1e-9)

        XCTAssertEqual(geod.nearestPoint(to: a, onSegmentFrom: a, to: b).distance, 0)
        XCTAssertEqual(geod.nearestPoint(to: b, onSegmentFrom: a, to: b).distance, 0, accuracy: 1e-8)
    }

    /// A point 1 km abeam the midpoint: the foot is the midpoint, the distance 1 km.
    func testPerpendicularFoot() {
        let a = Coordinate(longitude: 60, latitude: 50), b = Coordinate(longitude: 80, latitude: 40)
        let line = geod.line(from: a, to: b)
        let mid = line.position(at: line.length / 2)
        let p = geod.direct(from: mid.coordinate, azimuth: mid.azimuth + 90, distance: 1_000).coordinate
        let r = geod.nearestPoint(to: p, onSegmentFrom: a, to: b)
        XCTAssertEqual(r.distance, 1_000, accuracy: 1e-6)
        XCTAssertEqual(r.distanceAlongSegment, line.length / 2, accuracy: 1e-5)
        XCTAssertLessThan(separation(r.point, mid.coordinate), 1e-5)
    }
}

