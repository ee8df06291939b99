import Foundation
import XCTest

/// `nroute gaps` end to end: what a user types, what they get, and every error path's status and line.
final class GapsCLITests: XCTestCase {
    func testDefaultRunWritesBothLayersAndSummary() throws {
        let out = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["gaps", "--border", "kgz", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("kaz-kgz"), r.stdout)
        XCTAssertTrue(r.stdout.contains("gaps"), r.stdout)
        for name in ["kaz-kgz-gaps.geojson", "kaz-kgz-coverage.geojson"] {
            let data = try Data(contentsOf: out.appendingPathComponent(name))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            XCTAssertEqual(json?["type"] as? String, "FeatureCollection")
            XCTAssertNil(json?["crs"], "RFC 7946 has no crs member")
            XCTAssertFalse((json?["features"] as? [Any] ?? []).isEmpty, name)
        }
        // No temporary files left behind.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [])
    }

    func testJSONSummaryIsMachineReadable() throws {
        let out = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["gaps", "--border", "kgz", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        let first = try XCTUnwrap(json?.first)
        XCTAssertEqual(first["border_id"] as? String, "kaz-kgz")
        let length = try XCTUnwrap(first["length_km"] as? Double)
        let covered = try XCTUnwrap(first["covered_km"] as? Double)
        let gaps = try XCTUnwrap(first["gap_km"] as? Double)
        let short = try XCTUnwrap(first["short_uncovered_km"] as? Double)
        XCTAssertEqual(length, 1146.3, accuracy: 0.1, "the OpenStreetMap-derived kaz-kgz is 1,146.3 km")
        XCTAssertEqual(covered + gaps + short, length, accuracy: 0.01)
    }

    func testLargerRadiusNeverMeansMoreGap() throws {
        let out = try NRouteRunner.temporaryDirectory()
        func gapKm(_ radius: String) throws -> Double {
            let r = try NRouteRunner.run(["gaps", "--border", "kgz", "--post-radius-km", radius, "--settlement-radius-km", radius, "--format", "json", "-o", out.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
            let first = try XCTUnwrap(json?.first)
            return try XCTUnwrap(first["gap_km"] as? Double) + XCTUnwrap(first["short_uncovered_km"] as? Double)
        }
        let small = try gapKm("2"), large = try gapKm("20")
        XCTAssertGreaterThan(small, large)
    }

    func testUnknownBorderIsAUsageError() throws {
        let r = try NRouteRunner.run(["gaps", "--border", "xyz", "-o", try NRouteRunner.temporaryDirectory().path])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("unknown border 'xyz'"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
    }

    func testBadFlagIsUsageError() throws {
        let r = try NRouteRunner.run(["gaps", "--post-radius-km", "-3"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--post-radius-km"), r.stderr)
    }

    func testMissingPostsFileIs66() throws {
        let r = try NRouteRunner.run(["gaps", "--posts", "/nonexistent/posts.csv", "-o", try NRouteRunner.temporaryDirectory().path])
        XCTAssertEqual(r.status, 66, r.stderr)
        XCTAssertTrue(r.stderr.contains("/nonexistent/posts.csv"), r.stderr)
    }

    func testMalformedPostsFileIs65WithPosition() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let posts = dir.appendingPathComponent("posts.csv")
        try "name,lon,lat\nA,74.5,42.9\nB,74.6,95.5\n".write(to: posts, atomically: true, encoding: .utf8)
        let r = try NRouteRunner.run(["gaps", "--posts", posts.path, "-o", dir.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("posts.csv:3"), r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/kaz-kgz-gaps.geojson").path),
                       "nothing is written when an input is bad")
    }

    func testUserPostsCloseGaps() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let posts = dir.appendingPathComponent("posts.geojson")
        // An outpost at the middle of the longest default gap must shorten the total gap.
        let base = try NRouteRunner.run(["gaps", "--format", "json", "-o", dir.path])
        let json = try JSONSerialization.jsonObject(with: Data(base.stdout.utf8)) as? [[String: Any]]
        let gapsBefore = try XCTUnwrap(json?.first?["gap_km"] as? Double)
        let layer = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("kaz-kgz-gaps.geojson"))) as? [String: Any]
        let longest = try XCTUnwrap((layer?["features"] as? [[String: Any]])?.first)
        let props = try XCTUnwrap(longest["properties"] as? [String: Any])
        let lon = try XCTUnwrap(props["max_distance_lon"] as? Double), lat = try XCTUnwrap(props["max_distance_lat"] as? Double)
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]},"properties":{"name":"New outpost","kind":"outpost"}}]}"#
            .write(to: posts, atomically: true, encoding: .utf8)
        let after = try NRouteRunner.run(["gaps", "--posts", posts.path, "--format", "json", "-o", dir.path])
        XCTAssertEqual(after.status, 0, after.stderr)
        let json2 = try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]]
        let gapsAfter = try XCTUnwrap(json2?.first?["gap_km"] as? Double)
        XCTAssertLessThan(gapsAfter, gapsBefore - 15, "a post covers ~20 km of border around the most remote point")
    }

    func testOutputOverInputIsRefused() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let border = dir.appendingPathComponent("b.geojson")
        try #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[74,43],[75,43]]},"properties":{}}]}"#
            .write(to: border, atomically: true, encoding: .utf8)
        // The posts file has the very name the run would write its gaps layer to.
        let posts = dir.appendingPathComponent("b-gaps.geojson")
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[74.5,43.01]},"properties":{}}]}"#
        try text.write(to: posts, atomically: true, encoding: .utf8)
        let r = try NRouteRunner.run(["gaps", "--border-file", border.path, "--posts", posts.path, "--no-settlements", "-o", dir.path])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("b-gaps.geojson"), r.stderr)
        XCTAssertEqual(try String(contentsOf: posts, encoding: .utf8), text, "the input is untouched")
    }

    func testUserBorderAsCSVWithWKT() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let border = dir.appendingPathComponent("line.csv")
        // Two parts, quoted WKT with commas inside, CRLF line ends.
        try "name,wkt\r\nA,\"LINESTRING (74 43, 74.5 43, 75 43.1)\"\r\nB,\"LINESTRING (76 43, 76.5 43)\"\r\n"
            .write(to: border, atomically: true, encoding: .utf8)
        let posts = dir.appendingPathComponent("posts.csv")
        try "name,lat,lon\nP1,43.0,74.5\n".write(to: posts, atomically: true, encoding: .utf8)
        let r = try NRouteRunner.run(["gaps", "--border-file", border.path, "--no-checkpoints", "--no-settlements",
                                      "--posts", posts.path, "--format", "json", "-o", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        let first = try XCTUnwrap(json?.first)
        XCTAssertEqual(first["border_id"] as? String, "line")
        // One post 10 km each way on the first part covers 20 km; the second part is one gap.
        XCTAssertEqual(try XCTUnwrap(first["covered_km"] as? Double), 20, accuracy: 0.01)
        XCTAssertEqual((first["gaps"] as? [Any])?.count, 3)
    }

    func testBorderDerivedFromCountryPolygons() throws {
        let out = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["gaps", "--between", "KAZ,KGZ", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]
        let first = try XCTUnwrap(json?.first)
        XCTAssertEqual(first["border_id"] as? String, "kaz-kgz")
        XCTAssertEqual(try XCTUnwrap(first["length_km"] as? Double), 1146.3, accuracy: 150)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("kaz-kgz-gaps.geojson").path))
    }

    func testEveryGeodataBorderRuns() throws {
        let out = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["gaps", "--border", "all", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(json.count, 16)
        for b in json {
            let length = try XCTUnwrap(b["length_km"] as? Double)
            let sum = try XCTUnwrap(b["covered_km"] as? Double) + XCTUnwrap(b["gap_km"] as? Double) + XCTUnwrap(b["short_uncovered_km"] as? Double)
            XCTAssertEqual(sum, length, accuracy: 0.01, "\(b["border_id"] ?? "")")
        }
    }
}
