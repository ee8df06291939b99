@testable import Analysis
import Coordinates
import Domain
import TestSupport
import XCTest

/// Gap certainty (issue 13 item 7) by its definition: with every post at the same precision p, the
/// certainly uncovered stretches are the gaps at radius R + p and the possibly uncovered ones the
/// gaps at radius R − p, computed by the plain gaps analysis. The Python test
/// test_gap_certainty.py checks the real border against pyproj sampling.
final class GapCertaintyTests: XCTestCase {
    let border = Border(id: "aaa-bbb", name: "A–B", parts: [
        [Coordinate(longitude: 70.0, latitude: 42.0), Coordinate(longitude: 71.5, latitude: 42.3),
         Coordinate(longitude: 73.0, latitude: 42.1), Coordinate(longitude: 75.0, latitude: 42.6)],
    ])

    func posts(precision: Double?) -> [ControlPoint] {
        var random = TestRandom(seed: 13)
        return (0..<9).map { k in
            let lon = 70.2 + 4.6 * Double(k) / 8 + random.uniform(-0.05, 0.05)
            return ControlPoint(id: "p\(k)", name: "p\(k)", kind: .checkpoint,
                                coordinate: Coordinate(longitude: lon, latitude: 42.1 + random.uniform(-0.1, 0.5)),
                                locationPrecisionM: precision)
        }
    }

    func params(radius: Double) -> GapParameters {
        var p = GapParameters()
        p.postRadius = radius
        p.includeSettlements = false
        return p
    }

    func testBoundsAreTheGapsOfTheGrownAndShrunkDiscs() throws {
        let p = 4_000.0, r = 12_000.0
        let report = try GapAnalysis.run(border: border, controls: posts(precision: p), parameters: params(radius: r))
        var every = params(radius: r + p)
        every.minGapLength = 0  // a gap's certain pieces may be shorter than the minimum gap length
        let grown = try GapAnalysis.run(border: border, controls: posts(precision: nil), parameters: every)
        let shrunk = try GapAnalysis.run(border: border, controls: posts(precision: nil), parameters: params(radius: r - p))
        XCTAssertTrue(report.hasImpreciseControls)
        XCTAssertGreaterThan(report.gaps.count, 2)
        for g in report.gaps {
            // Certain pieces: the grown discs' uncovered stretches inside the gap (any length).
            let inside = grown.gaps.map { (max($0.start, g.start), min($0.end, g.end)) }.filter { $0.1 > $0.0 }
            let certain = inside.reduce(0) { $0 + $1.1 - $1.0 }
            XCTAssertEqual(g.certainty.certainLength, certain, accuracy: 0.01, "\(g.id)")
            let holder = try XCTUnwrap(shrunk.gaps.first { $0.start <= g.start + 0.01 && $0.end >= g.end - 0.01 }, "\(g.id) lies in a possible stretch")
            XCTAssertEqual(g.certainty.possibleStart, holder.start, accuracy: 0.01)
            XCTAssertEqual(g.certainty.possibleEnd, holder.end, accuracy: 0.01)
            XCTAssertLessThanOrEqual(g.certainty.certainLength, g.length)
            XCTAssertGreaterThanOrEqual(g.certainty.possibleLength, g.length)
        }
        XCTAssertEqual(report.possibleGapLength, shrunk.gapLength, accuracy: 0.01)
        XCTAssertLessThan(report.certainGapLength, report.gapLength)
        XCTAssertGreaterThan(report.possibleGapLength, report.gapLength)
    }

    func testPreciseControlsGiveOneAnswer() throws {
        for precision in [nil, 0.0] {
            let report = try GapAnalysis.run(border: border, controls: posts(precision: precision), parameters: params(radius: 12_000))
            XCTAssertFalse(report.hasImpreciseControls)
            XCTAssertEqual(report.certainGapLength, report.gapLength)
            XCTAssertEqual(report.possibleGapLength, report.gapLength)
            for g in report.gaps {
                XCTAssertEqual(g.certainty, GapCertainty.exact(ChainageInterval(start: g.start, end: g.end)))
            }
        }
    }

    func testAPrecisionLargerThanTheRadiusMayCoverNothing() throws {
        let report = try GapAnalysis.run(border: border, controls: posts(precision: 50_000), parameters: params(radius: 12_000))
        XCTAssertEqual(report.possibleGapLength, report.length, accuracy: 0.01, "every post may be off the line")
        XCTAssertEqual(report.possibleGapLength, report.gaps.first?.certainty.possibleLength ?? 0, accuracy: 0.01)
    }

    func testAnImpossiblePrecisionIsRefused() {
        XCTAssertThrowsError(try GapAnalysis.run(border: border, controls: posts(precision: 995_000), parameters: params(radius: 12_000))) {
            XCTAssertTrue("\($0)".contains("location_precision_m"), "\($0)")
        }
    }
}
