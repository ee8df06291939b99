import Foundation
import TestSupport
import XCTest

/// `nroute gaps --patrol-hours`: bad flag combinations refused with one line (64) and nothing
/// written; the travel-time outputs written; a horse's gaps never longer than a walker's.
final class TravelCLITests: XCTestCase {
    func assertUsage(_ args: [String], mentions: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try NRouteRunner.temporaryDirectory().appendingPathComponent("out")
        let r = try NRouteRunner.run(["gaps", "--border", "kgz"] + args + ["-o", out.path])
        XCTAssertEqual(r.status, 64, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(mentions), r.stderr, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written", file: file, line: line)
    }

    func testBadCombinationsAreUsageErrors() throws {
        try assertUsage(["--patrol-hours", "3"], mentions: "--dem")
        try assertUsage(["--dem", "geodata", "--patrol-hours", "3", "--travel-mode", "bicycle"], mentions: "--travel-mode")
        try assertUsage(["--dem", "geodata", "--settlement-hours", "2"], mentions: "--settlement-hours needs --patrol-hours")
        try assertUsage(["--dem", "geodata", "--patrol-hours", "-1"], mentions: "--patrol-hours")
        // The one-line refusal of a usage error that reaches the job (no DEM).
        let out = try NRouteRunner.temporaryDirectory().appendingPathComponent("out")
        let r = try NRouteRunner.run(["gaps", "--border", "kgz", "--patrol-hours", "3", "-o", out.path])
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
    }

    func gapKm(_ mode: String, _ out: URL) throws -> (Double, [String: Any]) {
        let r = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", "geodata", "--patrol-hours", "3", "--travel-mode", mode,
                                      "--seizures", "none", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])?.first)
        return (try XCTUnwrap(summary["gap_km"] as? Double), summary)
    }

    func testTravelOutputsAndHorseNeverWorseThanFoot() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let (foot, summary) = try gapKm("foot", dir.appendingPathComponent("foot"))
        let (horse, _) = try gapKm("horse", dir.appendingPathComponent("horse"))
        XCTAssertLessThanOrEqual(horse, foot + 1e-6, "every edge is 5/4 as fast on horseback: its reach contains the walker's")
        XCTAssertLessThan(horse, foot, "and on this border it reaches more")
        let travel = try XCTUnwrap(summary["travel"] as? [String: Any])
        XCTAssertEqual(travel["mode"] as? String, "foot")
        XCTAssertEqual(try XCTUnwrap(travel["settlement_hours"] as? Double), 1.5, accuracy: 1e-9, "default: half the patrol hours")
        let tif = try Data(contentsOf: dir.appendingPathComponent("foot/kaz-kgz-travel-time.tif"))
        XCTAssertEqual(Array(tif.prefix(4)), [0x49, 0x49, 0x2A, 0x00], "a little-endian TIFF")
        let qml = try String(contentsOf: dir.appendingPathComponent("foot/kaz-kgz-travel-time.qml"), encoding: .utf8)
        XCTAssertTrue(qml.contains("singlebandpseudocolor"))
        let gaps = try String(contentsOf: dir.appendingPathComponent("foot/kaz-kgz-gaps.geojson"), encoding: .utf8)
        XCTAssertTrue(gaps.contains("\"max_time_h\"") && gaps.contains("\"passable_km\"") && gaps.contains("\"unreachable_km\""))
        let coverage = try String(contentsOf: dir.appendingPathComponent("foot/kaz-kgz-coverage.geojson"), encoding: .utf8)
        XCTAssertFalse(coverage.contains("\"circle\""), "no coverage circles in travel-time mode")
    }
}
