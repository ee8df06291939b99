import Coordinates
import Geodesy
import XCTest

@testable import Analysis

/// `PolylineIndex` (the prepared polyline every analysis uses) against brute force over every
/// segment with Geodesy's exact nearest-point-on-geodesic (itself checked against geographiclib in
/// GeodesyTests), and the chord bounds it prunes with against the exact geodesic distance.
final class PolylineIndexTests: XCTestCase {
    let geod = Geodesic.wgs84

    struct Rand {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53) }
    }

    func winding(_ rng: inout Rand, start: Coordinate, n: Int, step: ClosedRange<Double>) -> [Coordinate] {
        var pts = [start]
        var azi = rng.uniform(0, 360)
        for _ in 0..<n {
            azi += rng.uniform(-40, 40)
            pts.append(geod.direct(from: pts[pts.count - 1], azimuth: azi, distance: rng.uniform(step.lowerBound, step.upperBound)).coordinate)
        }
        return pts
    }

    func testNearestPointMatchesBruteForce() throws {
        var rng = Rand(state: 7)
        var checked = 0
        for (start, n, step) in [(Coordinate(longitude: 70, latitude: 43), 300, 50.0...3_000.0),
                                 (Coordinate(longitude: 179.5, latitude: 65), 200, 100.0...5_000.0),
                                 (Coordinate(longitude: 10, latitude: 88.5), 150, 100.0...2_000.0),
                                 (Coordinate(longitude: 60, latitude: 40), 40, 20_000.0...200_000.0)] {
            let part1 = winding(&rng, start: start, n: n, step: step)
            let part2 = winding(&rng, start: geod.direct(from: start, azimuth: 200, distance: 30_000).coordinate, n: n / 3, step: step)
            let index = PolylineIndex(parts: [part1, part2])
            let chain1 = geod.chainage(of: part1), chain2 = geod.chainage(of: part2)
            for _ in 0..<40 {
                let all = part1 + part2
                let v = all[Int(rng.next() % UInt64(all.count))]
                let q = geod.direct(from: v, azimuth: rng.uniform(-180, 180), distance: rng.uniform(0, 4 * step.upperBound)).coordinate
                var brute = (distance: Double.infinity, chainage: 0.0)
                for (part, chain, offset) in [(part1, chain1, 0.0), (part2, chain2, chain1.last!)] {
                    for j in 0..<(part.count - 1) {
                        let r = geod.nearestPoint(to: q, onSegmentFrom: part[j], to: part[j + 1])
                        if r.distance < brute.distance { brute = (r.distance, offset + chain[j] + r.distanceAlongSegment) }
                    }
                }
                let got = try XCTUnwrap(index.nearestPoint(to: q))
                XCTAssertEqual(got.distance, brute.distance, accuracy: 1e-6, "\(start)")
                XCTAssertEqual(got.chainage, brute.chainage, accuracy: 1e-3, "\(start)")
                XCTAssertEqual(geod.distance(q, got.coordinate), got.distance, accuracy: 1e-6)
                checked += 1
            }
            XCTAssertEqual(index.length, chain1.last! + chain2.last!, accuracy: 1e-6)
        }
        XCTAssertEqual(checked, 160)
    }

    func testNearestAtAnInteriorVertex() throws {
        let zig = [Coordinate(longitude: 70, latitude: 45), Coordinate(longitude: 71, latitude: 46), Coordinate(longitude: 72, latitude: 45)]
        let apex = geod.direct(from: zig[1], azimuth: 0, distance: 5_000).coordinate
        let r = try XCTUnwrap(PolylineIndex(parts: [zig]).nearestPoint(to: apex))
        XCTAssertEqual(r.distance, 5_000, accuracy: 1e-6)
        XCTAssertEqual(r.chainage, geod.distance(zig[0], zig[1]), accuracy: 1e-6)
        XCTAssertNil(PolylineIndex(parts: []).nearestPoint(to: apex))
    }

    /// The index's piece tree (exact mode) gets each segment's sagitta: a segment's lower bound
    /// never exceeds the exact distance to it. (The bounds themselves: GeodesyTests/KernelTests.)
    func testSegmentLowerBoundsNeverExceedTheGeodesic() {
        var rng = Rand(state: 99)
        for _ in 0..<400 {
            let a = Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-89, 89))
            let b = geod.direct(from: a, azimuth: rng.uniform(-180, 180), distance: [1.0, 100, 1e4, 1e5, 1e6][Int(rng.next() % 5)]).coordinate
            let p = geod.direct(from: a, azimuth: rng.uniform(-180, 180), distance: [0.0, 10, 1e4, 1e5, 9e5][Int(rng.next() % 5)]).coordinate
            let index = PolylineIndex(parts: [[a, b]])
            let bound = index.tree.pieceLowerBound(0, GeocentricVector(p))
            let exact = geod.nearestPoint(to: p, onSegmentFrom: a, to: b).distance
            XCTAssertLessThanOrEqual(bound, exact, "A\(a) B\(b) P\(p)")
        }
    }
}
