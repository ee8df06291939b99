import Coordinates
import Geodesy
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

    /// Polyline search (ad hoc and prepared) against the brute-force minimum over all segments.
    func testPolylineNearestMatchesBruteForce() throws {
        let f = try Fixtures.load("polylines.json", as: Fixtures.Polylines.self)
        var rng = SplitMix64(seed: 7)
        var checked = 0
        for p in f.polylines {
            let coords = p.coordinates
            let prepared = GeodesicPolyline(coords)
            for _ in 0..<12 {
                // Query points around a random vertex, up to ~the polyline's own scale away.
                let v = coords[Int(rng.next() % UInt64(coords.count))]
                let reach = max(10, p.length / Double(coords.count)) * 2
                let q = geod.direct(from: v, azimuth: rng.uniform(-180, 180), distance: rng.uniform(0, reach)).coordinate
                var brute = (distance: Double.infinity, segment: -1, chainage: 0.0)
                for j in 0..<(coords.count - 1) {
                    let r = geod.nearestPoint(to: q, onSegmentFrom: coords[j], to: coords[j + 1])
                    if r.distance < brute.distance {
                        brute = (r.distance, j, p.chainage[j] + r.distanceAlongSegment)
                    }
                }
                let adHoc = try XCTUnwrap(geod.nearestPoint(to: q, onPolyline: coords))
                let fast = try XCTUnwrap(prepared.nearestPoint(to: q))
                for got in [adHoc, fast] {
                    XCTAssertEqual(got.distance, brute.distance, accuracy: 1e-6, p.kind)
                    XCTAssertEqual(got.chainage, brute.chainage, accuracy: 1e-3, p.kind)
                    XCTAssertEqual(geod.distance(q, got.point), got.distance, accuracy: 1e-6)
                    XCTAssertEqual(got.chainage, p.chainage[got.segmentIndex] + got.distanceAlongSegment, accuracy: 1e-6)
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 200)
    }

    func testPolylineEdgeCases() throws {
        XCTAssertNil(geod.nearestPoint(to: Coordinate(longitude: 0, latitude: 0), onPolyline: []))
        XCTAssertNil(GeodesicPolyline([]).nearestPoint(to: Coordinate(longitude: 0, latitude: 0)))
        let one = [Coordinate(longitude: 70, latitude: 45)]
        let q = Coordinate(longitude: 70, latitude: 46)
        let r1 = try XCTUnwrap(geod.nearestPoint(to: q, onPolyline: one))
        let r2 = try XCTUnwrap(GeodesicPolyline(one).nearestPoint(to: q))
        XCTAssertEqual(r1.distance, geod.distance(q, one[0]), accuracy: 1e-9)
        XCTAssertEqual(r2.distance, r1.distance, accuracy: 1e-9)
        XCTAssertEqual(r1.segmentIndex, 0)
        // Nearest at an interior vertex: chainage is that vertex's.
        let zig = [Coordinate(longitude: 70, latitude: 45), Coordinate(longitude: 71, latitude: 46),
                   Coordinate(longitude: 72, latitude: 45)]
        let apex = geod.direct(from: zig[1], azimuth: 0, distance: 5_000).coordinate
        let chain = geod.chainage(of: zig)
        for r in [try XCTUnwrap(geod.nearestPoint(to: apex, onPolyline: zig)),
                  try XCTUnwrap(GeodesicPolyline(zig).nearestPoint(to: apex))] {
            XCTAssertEqual(r.distance, 5_000, accuracy: 1e-6)
            XCTAssertEqual(r.chainage, chain[1], accuracy: 1e-6)
            XCTAssertEqual(r.point, zig[1])
        }
    }

    /// A long (3 000-vertex) polyline: the prepared search agrees with the ad-hoc one.
    func testLongPolylinePreparedSearch() throws {
        var rng = SplitMix64(seed: 11)
        var pts = [Coordinate(longitude: 50, latitude: 45)]
        var azi = 80.0
        for _ in 0..<3_000 {
            azi += rng.uniform(-30, 30)
            pts.append(geod.direct(from: pts[pts.count - 1], azimuth: azi, distance: rng.uniform(100, 3_000)).coordinate)
        }
        let prepared = GeodesicPolyline(pts)
        for _ in 0..<20 {
            let q = geod.direct(from: pts[Int(rng.next() % 3_000)], azimuth: rng.uniform(-180, 180),
                                distance: rng.uniform(0, 50_000)).coordinate
            let a = try XCTUnwrap(prepared.nearestPoint(to: q)), b = try XCTUnwrap(geod.nearestPoint(to: q, onPolyline: pts))
            XCTAssertEqual(a.distance, b.distance, accuracy: 1e-6)
            XCTAssertEqual(a.chainage, b.chainage, accuracy: 1e-3)
        }
    }
}

/// Small deterministic generator for test inputs.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &self) }
}
