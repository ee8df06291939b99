import Coordinates
@testable import Geodesy
import XCTest

/// The pruning bounds of `GeodesicPolyline` must never exceed the true distance.
final class ChordBoundTests: XCTestCase {
    let geod = Geodesic.wgs84

    func testSegmentLowerBoundNeverExceedsTrueDistance() {
        var rng = SplitMix64(seed: 99)
        var tightest = Double.infinity
        for _ in 0..<400 {
            let a = Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-85, 85))
            let b = geod.direct(from: a, azimuth: rng.uniform(-180, 180),
                                distance: [1.0, 100, 1e4, 1e6, 5e6][Int(rng.next() % 5)]).coordinate
            let p = geod.direct(from: a, azimuth: rng.uniform(-180, 180),
                                distance: [0.0, 10, 1e4, 1e6, 8e6][Int(rng.next() % 5)]).coordinate
            let polyline = GeodesicPolyline([a, b])
            let bound = polyline.lowerBound(0, geod.ellipsoid.geocentric(p))
            let exact = geod.nearestPoint(to: p, onSegmentFrom: a, to: b).distance
            XCTAssertLessThanOrEqual(bound, exact + 1e-9, "A\(a) B\(b) P\(p)")
            // The chunk sphere also bounds it.
            let chunk = (geod.ellipsoid.geocentric(p) - polyline.chunkCentres[0]).length - polyline.chunkRadii[0]
            XCTAssertLessThanOrEqual(chunk, exact + 1e-9, "A\(a) B\(b) P\(p)")
            if exact > 0 { tightest = min(tightest, (exact - bound) / exact) }
        }
        XCTAssertGreaterThanOrEqual(tightest, 0)
    }

    /// Far query points (up to 1 000 km) against a winding 400-vertex polyline: prepared search
    /// equals the brute-force minimum over all segments.
    func testPreparedSearchFarPointsMatchesBruteForce() throws {
        var rng = SplitMix64(seed: 5)
        var pts = [Coordinate(longitude: 60, latitude: 48)]
        var azi = 100.0
        for _ in 0..<400 {
            azi += rng.uniform(-40, 40)
            pts.append(geod.direct(from: pts[pts.count - 1], azimuth: azi, distance: rng.uniform(500, 20_000)).coordinate)
        }
        let prepared = GeodesicPolyline(pts)
        for _ in 0..<8 {
            let q = geod.direct(from: pts[Int(rng.next() % 400)], azimuth: rng.uniform(-180, 180),
                                distance: rng.uniform(0, 1_000_000)).coordinate
            var brute = Double.infinity
            for j in 0..<(pts.count - 1) {
                brute = min(brute, geod.nearestPoint(to: q, onSegmentFrom: pts[j], to: pts[j + 1]).distance)
            }
            let got = try XCTUnwrap(prepared.nearestPoint(to: q))
            XCTAssertEqual(got.distance, brute, accuracy: 1e-6)
            XCTAssertEqual(got.chainage, prepared.chainage[got.segmentIndex] + got.distanceAlongSegment, accuracy: 1e-6)
        }
    }
}
