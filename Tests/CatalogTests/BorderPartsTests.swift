import Catalog
import Coordinates
import Domain
import Foundation
import Geodesy
import XCTest

/// Repeated parts of a user's border are dissolved once, and say so; a clean line is untouched.
final class BorderPartsTests: XCTestCase {
    let line = (0..<300).map { k in Coordinate(longitude: 70 + 0.03 * Double(k), latitude: 42 + 0.2 * sin(Double(k) / 9)) }

    func length(_ parts: [[Coordinate]]) -> Double { parts.reduce(0) { $0 + Geodesic.wgs84.length(of: $1) } }

    func testIdenticalCopiesBecomeOneLine() throws {
        let (parts, report) = try BorderParts.dissolve(Array(repeating: line, count: 500))
        XCTAssertEqual(parts.count, 1)
        XCTAssertEqual(report?.partsBefore, 500)
        XCTAssertEqual(report?.partsAfter, 1)
        XCTAssertEqual(report?.repeatedSegments, 499 * 299)
        // The same stretch, once: length to ~1 nm (the merge keeps the vertices; direction may flip).
        XCTAssertEqual(length(parts), length([line]), accuracy: 1e-6)
    }

    func testReversedAndOverlappingCopies() throws {
        let reversed = Array(line.reversed())
        let overlap = Array(line[100..<250])
        let (parts, report) = try BorderParts.dissolve([line, reversed, overlap])
        XCTAssertEqual(report?.repeatedSegments, 299 + 149)
        XCTAssertEqual(length(parts), length([line]), accuracy: 1e-6)
    }

    func testDistinctPartsAreLeftAlone() throws {
        let a = Array(line[0..<150]), b = Array(line[149..<300])  // they share one vertex, no segment
        let (parts, report) = try BorderParts.dissolve([a, b])
        XCTAssertNil(report)
        XCTAssertEqual(parts, [a, b])
    }
}
