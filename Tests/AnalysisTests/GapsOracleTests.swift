import Analysis
import Coordinates
import Domain
import Foundation
import Geodesy
import TestSupport
import XCTest

/// The gaps analysis against an independent oracle: scripts/make_gap_fixtures.py (pure-Python
/// geographiclib + numpy, dense sampling + certified bisection; shares no code or method with
/// Sources/Analysis). Every gap endpoint, length and maximum distance must agree to 1 m, the
/// accuracy the analysis claims; the measured errors are printed as `[accuracy]` lines.
final class GapsOracleTests: XCTestCase {
    /// The analysis claims 1 m.
    static let tolerance = 1.0

    func testControlsOnTheBorder() throws { try check("on_border") }
    func testOverlappingCircles() throws { try check("overlapping") }
    func testControlsFartherThanTheirRadius() throws { try check("far_control") }
    func testNoControls() throws { try check("no_controls") }
    func testMultiPartBorder() throws { try check("multipart") }
    func testAntimeridian() throws { try check("antimeridian") }
    func testNearThePole() throws { try check("polar") }
    func testLongSegmentsDippingCircles() throws { try check("long_segments") }
    func testMixedRadiiAndPopulationFilter() throws { try check("mixed_radii") }
    func testCustomRadii() throws { try check("custom_radii") }
    func testGrazingCircles() throws { try check("grazing") }
    func testDenselyDigitisedBorder() throws { try check("dense") }
    func testRandomBorder() throws { try check("random") }

    /// The real Kazakh–Kyrgyz border (geodata/borders.geojson kaz-kgz, geodata/checkpoints.csv,
    /// geodata/settlements.csv), frozen into a fixture with the oracle's answer.
    func testRealKazakhKyrgyzBorder() throws {
        guard GapFixture.exists("real_kaz_kgz") else {
            throw TestEnvironment.unavailable("gaps_real_kaz_kgz.json not generated yet (needs geodata/; run scripts/make_gap_fixtures.py --real-only)")
        }
        try check("real_kaz_kgz")
    }

    /// Every fixture file has a test above (a new case must not be silently ignored).
    func testEveryFixtureHasATest() throws {
        let known: Set = ["on_border", "overlapping", "far_control", "no_controls", "multipart", "antimeridian", "polar",
                          "long_segments", "mixed_radii", "custom_radii", "grazing", "dense", "random", "real_kaz_kgz"]
        let names = try GapFixture.allNames()
        XCTAssertFalse(names.isEmpty)
        for n in names { XCTAssertTrue(known.contains(n), "fixture gaps_\(n).json has no test") }
        for n in known where n != "real_kaz_kgz" { XCTAssertTrue(names.contains(n), "fixture gaps_\(n).json missing") }
    }

    /// Coverage.intervals on its own (the building block) against the oracle's covered intervals.
    func testCoverageIntervalsMatchOracle() throws {
        var worst = 0.0
        for name in try GapFixture.allNames() {
            let f = try GapFixture.load(name)
            let line = PolylineIndex(parts: f.borderParts)
            let active = f.oracle.activeControls.map { f.controls[$0] }
            let discs = active.map {
                CoverageDisc(center: $0.coordinate,
                             radius: $0.kind == "settlement" ? f.parameters.settlementRadius : f.parameters.postRadius)
            }
            let got = Coverage.intervals(of: line, by: discs)
            XCTAssertEqual(got.count, f.oracle.covered.count, "\(name): covered interval count")
            for (g, o) in zip(got, f.oracle.covered) {
                worst = max(worst, abs(g.start - o[0]), abs(g.end - o[1]))
                XCTAssertEqual(g.start, o[0], accuracy: Self.tolerance, "\(name): covered start")
                XCTAssertEqual(g.end, o[1], accuracy: Self.tolerance, "\(name): covered end")
            }
        }
        print("[accuracy] Coverage.intervals vs oracle, all fixtures: max endpoint error \(worst) m")
    }

    /// PolylineIndex takes the length and azimuth of segments with chords up to 1 km from the
    /// chord (see `shortSegment`) instead of the geodesic inverse: both must agree with the inverse
    /// (PROJ, itself checked against geographiclib in GeodesyTests) to far better than 1 m, for
    /// every direction, latitude (equator to 89.99°), across the antimeridian, from 1 cm to just
    /// past the 1 km switch.
    func testShortSegmentsAgreeWithTheInverse() {
        // a fixed LCG, so that a failure reproduces
        var state: UInt64 = 0x2545F4914F6CDD1D
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1p-53
        }
        let g = Geodesic.wgs84
        var worstLength = 0.0, worstPosition = 0.0, worstChainage = 0.0
        for latitude in [0.0, 12.5, 42.9, 66.0, 80.0, 89.5, 89.99, -35.0, -89.9] {
            for lon0 in [74.5, 179.9995] {
                var pts = [Coordinate(longitude: lon0, latitude: latitude)]
                for _ in 0..<400 {
                    let d = exp(log(0.01) + (log(1_100.0) - log(0.01)) * uniform())  // 1 cm .. 1.1 km, log-uniform
                    let next = g.direct(from: pts.last!, azimuth: 360 * uniform() - 180, distance: d).coordinate
                    pts.append(next)
                }
                let line = PolylineIndex(parts: [pts])
                var sum = 0.0
                for i in 0..<(pts.count - 1) {
                    let inv = g.inverse(pts[i], pts[i + 1])
                    let len = line.chainage[i + 1] - line.chainage[i]
                    worstLength = max(worstLength, abs(len - inv.distance))
                    sum += inv.distance
                    worstChainage = max(worstChainage, abs(line.chainage[i + 1] - sum))
                    // a point 70 % along the segment, by chainage, against the inverse line
                    let want = g.line(from: pts[i], to: pts[i + 1]).coordinate(at: 0.7 * inv.distance)
                    let got = line.point(atChainage: line.chainage[i] + 0.7 * len)
                    worstPosition = max(worstPosition, g.inverse(want, got).distance)
                }
            }
        }
        print("[accuracy] short segments vs geodesic inverse: length \(worstLength) m, chainage after 400 segments "
              + "\(worstChainage) m, position \(worstPosition) m")
        XCTAssertLessThan(worstLength, 1e-7)
        XCTAssertLessThan(worstChainage, 1e-6)
        XCTAssertLessThan(worstPosition, 1e-6)
    }

    // MARK: - The comparison

    private func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let f = try GapFixture.load(name)
        let border = Border(id: f.border.id, name: f.name, parts: f.borderParts)
        let controls = f.controls.map(\.controlPoint)
        let report = try GapAnalysis.run(border: border, controls: controls, parameters: f.parameters.gapParameters)
        let o = f.oracle
        let tol = Self.tolerance
        let g = Geodesic.wgs84
        var err = Errors()

        XCTAssertEqual(report.length, o.length, accuracy: 1e-3, "\(name): border length", file: file, line: line)
        XCTAssertEqual(report.controls.map(\.id), o.activeControls.map { f.controls[$0].id },
                       "\(name): active controls", file: file, line: line)

        // Covered stretches (cut where parts end), as chainage and as positions.
        XCTAssertEqual(report.covered.count, o.coveredStretches.count, "\(name): covered stretch count", file: file, line: line)
        for (c, oc) in zip(report.covered, o.coveredStretches) {
            let label = "\(name) covered [\(oc.start), \(oc.end)]"
            err.chainage = max(err.chainage, abs(c.start - oc.start), abs(c.end - oc.end))
            XCTAssertEqual(c.start, oc.start, accuracy: tol, "\(label): start", file: file, line: line)
            XCTAssertEqual(c.end, oc.end, accuracy: tol, "\(label): end", file: file, line: line)
            guard let first = c.geometry.first, let last = c.geometry.last else {
                XCTFail("\(label): empty geometry", file: file, line: line)
                continue
            }
            let d0 = g.inverse(first, oc.startCoordinate).distance, d1 = g.inverse(last, oc.endCoordinate).distance
            err.position = max(err.position, d0, d1)
            XCTAssertLessThanOrEqual(d0, tol, "\(label): start position", file: file, line: line)
            XCTAssertLessThanOrEqual(d1, tol, "\(label): end position", file: file, line: line)
        }
        XCTAssertEqual(report.coveredLength, o.coveredLength, accuracy: tol, "\(name): covered length", file: file, line: line)
        XCTAssertEqual(report.shortUncoveredLength, o.shortUncoveredLength, accuracy: tol,
                       "\(name): short uncovered length", file: file, line: line)

        // Controls whose disc reaches the border: by definition, nearest point of the line ≤ radius.
        let index = PolylineIndex(parts: f.borderParts)
        let reaching = report.controls.indices.filter { k in
            let c = report.controls[k]
            let r = c.kind.isPost ? f.parameters.postRadius : f.parameters.settlementRadius
            return index.nearestPoint(to: c.coordinate)!.distance <= r
        }
        XCTAssertEqual(report.coveringControls, reaching, "\(name): covering controls", file: file, line: line)

        // Gaps, in border order (the report ranks them by length).
        let gaps = report.gaps.sorted { $0.start < $1.start }
        XCTAssertEqual(gaps.count, o.gaps.count, "\(name): gap count", file: file, line: line)
        XCTAssertEqual(report.gaps.map(\.rank), Array(1..<(report.gaps.count + 1)),
                       "\(name): ranks", file: file, line: line)
        for k in 1..<max(1, report.gaps.count) {
            XCTAssertGreaterThanOrEqual(report.gaps[k - 1].length, report.gaps[k].length, "\(name): rank order", file: file, line: line)
        }
        for (k, (gap, og)) in zip(gaps, o.gaps).enumerated() {
            let label = "\(name) gap \(k + 1) [\(og.start), \(og.end)]"
            XCTAssertEqual(gap.id, "\(f.border.id)-gap-\(String(format: "%03d", k + 1))", "\(label): id", file: file, line: line)
            err.chainage = max(err.chainage, abs(gap.start - og.start), abs(gap.end - og.end))
            err.length = max(err.length, abs(gap.length - og.length))
            XCTAssertEqual(gap.start, og.start, accuracy: tol, "\(label): start chainage", file: file, line: line)
            XCTAssertEqual(gap.end, og.end, accuracy: tol, "\(label): end chainage", file: file, line: line)
            XCTAssertEqual(gap.length, og.length, accuracy: tol, "\(label): length", file: file, line: line)

            // Endpoints as positions.
            guard let first = gap.geometry.first, let last = gap.geometry.last else {
                XCTFail("\(label): empty geometry", file: file, line: line)
                continue
            }
            let d0 = g.inverse(first, og.startCoordinate).distance
            let d1 = g.inverse(last, og.endCoordinate).distance
            err.position = max(err.position, d0, d1)
            XCTAssertLessThanOrEqual(d0, tol, "\(label): start position \(first) vs \(og.startCoordinate)", file: file, line: line)
            XCTAssertLessThanOrEqual(d1, tol, "\(label): end position \(last) vs \(og.endCoordinate)", file: file, line: line)

            // The most remote point.
            if let om = og.maxDistance {
                err.maxDistance = max(err.maxDistance, abs(gap.maxDistance - om))
                XCTAssertEqual(gap.maxDistance, om, accuracy: tol, "\(label): max distance", file: file, line: line)
                XCTAssertGreaterThanOrEqual(gap.maxDistanceChainage, gap.start - 1e-6, "\(label): max distance chainage", file: file, line: line)
                XCTAssertLessThanOrEqual(gap.maxDistanceChainage, gap.end + 1e-6, "\(label): max distance chainage", file: file, line: line)
                // The reported point is as far from its nearest control as reported.
                let nearest = report.controls.map { g.inverse(gap.maxDistancePoint, $0.coordinate).distance }.min()!
                XCTAssertEqual(nearest, gap.maxDistance, accuracy: 1e-3, "\(label): max distance point", file: file, line: line)
            } else {
                XCTAssertTrue(gap.maxDistance.isInfinite, "\(label): max distance without controls", file: file, line: line)
            }

            // Nearest control at each end.
            for (got, want, end) in [(gap.startControl, og.startNearest, "start"), (gap.endControl, og.endNearest, "end")] {
                guard let want else {
                    XCTAssertNil(got, "\(label): \(end) control without controls", file: file, line: line)
                    continue
                }
                guard let got else {
                    XCTFail("\(label): no \(end) control", file: file, line: line)
                    continue
                }
                err.endControl = max(err.endControl, abs(got.distance - want[1]))
                XCTAssertEqual(got.controlIndex, Int(want[0]), "\(label): \(end) control", file: file, line: line)
                XCTAssertEqual(got.distance, want[1], accuracy: tol, "\(label): \(end) control distance", file: file, line: line)
            }
        }
        print("[accuracy] gaps_\(name) vs oracle: \(gaps.count) gaps, \(report.covered.count) covered; max error: "
              + "chainage \(fmt(err.chainage)) m, position \(fmt(err.position)) m, length \(fmt(err.length)) m, "
              + "max distance \(fmt(err.maxDistance)) m, end-control distance \(fmt(err.endControl)) m")
    }

    private struct Errors {
        var chainage = 0.0, position = 0.0, length = 0.0, maxDistance = 0.0, endControl = 0.0
    }

    private func fmt(_ x: Double) -> String { String(format: "%.2e", x) }
}

// MARK: - Fixture format (see scripts/make_gap_fixtures.py)

struct GapFixture: OracleFixture {
    struct Parameters: Decodable {
        var postRadius: Double
        var settlementRadius: Double
        var includeSettlements: Bool
        var minPopulation: Int?
        var minGapLength: Double

        var gapParameters: GapParameters {
            var p = GapParameters()
            p.postRadius = postRadius
            p.settlementRadius = settlementRadius
            p.includeSettlements = includeSettlements
            p.minPopulation = minPopulation
            p.minGapLength = minGapLength
            return p
        }
    }

    struct BorderData: Decodable {
        var id: String
        var parts: [[[Double]]]
    }

    struct Control: Decodable {
        var id: String
        var kind: String
        var lon: Double
        var lat: Double
        var population: Int?

        var coordinate: Coordinate { Coordinate(longitude: lon, latitude: lat) }
        var controlPoint: ControlPoint {
            ControlPoint(id: id, name: id, kind: ControlKind(rawValue: kind)!, coordinate: coordinate, population: population)
        }
    }

    struct OracleGap: Decodable {
        var part: Int
        var start: Double
        var end: Double
        var length: Double
        var startPoint: [Double]
        var endPoint: [Double]
        var maxDistance: Double?
        var maxDistanceChainage: Double?
        var maxDistancePoint: [Double]?
        var startNearest: [Double]?
        var endNearest: [Double]?

        var startCoordinate: Coordinate { Coordinate(longitude: startPoint[0], latitude: startPoint[1]) }
        var endCoordinate: Coordinate { Coordinate(longitude: endPoint[0], latitude: endPoint[1]) }
    }

    struct OracleStretch: Decodable {
        var part: Int
        var start: Double
        var end: Double
        var startPoint: [Double]
        var endPoint: [Double]

        var startCoordinate: Coordinate { Coordinate(longitude: startPoint[0], latitude: startPoint[1]) }
        var endCoordinate: Coordinate { Coordinate(longitude: endPoint[0], latitude: endPoint[1]) }
    }

    struct Oracle: Decodable {
        var length: Double
        var partRanges: [[Double]]
        var activeControls: [Int]
        /// Merged over chainage (Coverage.intervals semantics).
        var covered: [[Double]]
        /// Per part (GapReport.covered semantics).
        var coveredStretches: [OracleStretch]
        var coveredLength: Double
        var shortUncoveredLength: Double
        var gaps: [OracleGap]
    }

    var name: String
    var description: String
    var parameters: Parameters
    var border: BorderData
    var controls: [Control]
    var oracle: Oracle

    var borderParts: [[Coordinate]] {
        border.parts.map { $0.map { Coordinate(longitude: $0[0], latitude: $0[1]) } }
    }

    static let prefix = "gaps_"
}
