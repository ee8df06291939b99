import Foundation
import TestSupport
import XCTest

/// The same inputs through every command give the same answer wherever two commands report the
/// same thing: geodata plus a posts file with outposts, and the Kazakh–Kyrgyz line given as a file.
final class ConsistencyCLITests: XCTestCase {
    typealias JSON = [String: Any]

    /// A posts file: two outposts and one checkpoint, each 0.02° north of a vertex of geodata's
    /// kaz-kgz line (synthetic test posts, not data).
    func writePosts(_ dir: URL, line: [[Double]]) throws -> URL {
        let picks = [(line.count / 5, "outpost"), (line.count / 2, "outpost"), (4 * line.count / 5, "checkpoint")]
        var rows = ["id,name,kind,longitude,latitude"]
        for (k, (i, kind)) in picks.enumerated() {
            rows.append("test-post-\(k + 1),Test post \(k + 1),\(kind),\(line[i][0]),\(line[i][1] + 0.02)")
        }
        let url = dir.appendingPathComponent("posts.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// geodata's kaz-kgz feature alone, as a user's line file named `name`.
    func writeLine(_ dir: URL, name: String) throws -> (URL, [[Double]]) {
        let borders = try JSONSerialization.jsonObject(with: Data(contentsOf: NRouteRunner.repository
            .appendingPathComponent("geodata/borders.geojson"))) as! JSON
        let feature = (borders["features"] as! [JSON]).first { ($0["properties"] as! JSON)["id"] as? String == "kaz-kgz" }!
        var props = feature["properties"] as! JSON
        props["id"] = nil
        let geometry = feature["geometry"] as! JSON
        let coords = geometry["type"] as? String == "LineString" ? geometry["coordinates"] as! [[Double]]
            : (geometry["coordinates"] as! [[[Double]]]).flatMap { $0 }
        let out: JSON = ["type": "FeatureCollection", "features": [["type": "Feature", "properties": props, "geometry": geometry]]]
        let url = dir.appendingPathComponent(name)
        try JSONSerialization.data(withJSONObject: out).write(to: url)
        return (url, coords)
    }

    func features(_ url: URL) throws -> [JSON] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! JSON
        return json["features"] as! [JSON]
    }

    func run(_ args: [String]) throws {
        let r = try NRouteRunner.run(args)
        XCTAssertEqual(r.status, 0, "nroute \(args.joined(separator: " ")): \(r.stderr)")
    }

    func assertSameBytes(_ a: URL, _ b: URL, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let da = try Data(contentsOf: a), db = try Data(contentsOf: b)
        XCTAssertTrue(da == db, "\(what): \(a.path) and \(b.path) differ", file: file, line: line)
    }

    func testEveryCommandAgreesOnTheSameScenario() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let (lineFile, coords) = try writeLine(dir, name: "kaz-kgz.geojson")
        let posts = try writePosts(dir, line: coords)

        // The same line from geodata and from a file: identical gaps and coverage, byte for byte,
        // with geodata's checkpoints taking part in both (they are chosen by distance to the line).
        let fromGeodata = dir.appendingPathComponent("gaps-geodata"), fromFile = dir.appendingPathComponent("gaps-file")
        try run(["gaps", "--border", "kgz", "--posts", posts.path, "-o", fromGeodata.path])
        try run(["gaps", "--border-file", lineFile.path, "--posts", posts.path, "-o", fromFile.path])
        for layer in ["kaz-kgz-gaps.geojson", "kaz-kgz-coverage.geojson"] {
            try assertSameBytes(fromGeodata.appendingPathComponent(layer), fromFile.appendingPathComponent(layer), layer)
        }
        let circles = try features(fromFile.appendingPathComponent("kaz-kgz-coverage.geojson"))
            .compactMap { ($0["properties"] as! JSON)["control_id"] as? String }
        XCTAssertTrue(circles.contains("kaz-kgz-cp-kordai"), "geodata's checkpoints cover the line given as a file")
        XCTAssertTrue(circles.contains("test-post-1"), "the user's outposts cover it too")

        // Every command on the file-line scenario.
        let common = ["--border-file", lineFile.path, "--posts", posts.path]
        let g = dir.appendingPathComponent("gaps"), s = dir.appendingPathComponent("seizures")
        let c = dir.appendingPathComponent("corridor"), l = dir.appendingPathComponent("layers")
        try run(["gaps"] + common + ["-o", g.path])
        try run(["seizures"] + common + ["-o", s.path])
        try run(["corridor"] + common + ["-o", c.path])
        try run(["layers"] + common + ["-o", l.path])

        // layers writes what each command writes.
        for layer in ["kaz-kgz-gaps.geojson", "kaz-kgz-coverage.geojson"] {
            try assertSameBytes(g.appendingPathComponent(layer), l.appendingPathComponent(layer), "gaps vs layers \(layer)")
        }
        for layer in ["seizures.geojson", "seizures.csv"] {
            try assertSameBytes(s.appendingPathComponent(layer), l.appendingPathComponent(layer), "seizures vs layers \(layer)")
        }
        try assertSameBytes(c.appendingPathComponent("route-crossings.geojson"), l.appendingPathComponent("route-crossings.geojson"),
                            "corridor vs layers route-crossings")

        // Gap membership: a seizure or a crossing is in a gap exactly when its border chainage lies
        // in that gap of the gaps layer (chainages are rounded to 1 m in the layers).
        let gaps = try features(g.appendingPathComponent("kaz-kgz-gaps.geojson")).map { $0["properties"] as! JSON }
        func gap(at km: Double) -> String? {
            gaps.first { km >= ($0["start_km"] as! Double) - 0.001 && km <= ($0["end_km"] as! Double) + 0.001 }?["id"] as? String
        }
        let seizures = try features(s.appendingPathComponent("seizures.geojson")).map { $0["properties"] as! JSON }
        XCTAssertFalse(seizures.isEmpty)
        for p in seizures {
            let km = try XCTUnwrap(p["border_chainage_km"] as? Double)
            // gap_id names the nearest gap (gap_distance_km away): the containing one when in_gap.
            XCTAssertEqual(p["in_gap"] as? Bool, gap(at: km) != nil, "seizure \(p["id"] ?? "?") at km \(km)")
            if let inside = gap(at: km) { XCTAssertEqual(p["gap_id"] as? String, inside) }
            if let id = p["gap_id"] as? String { XCTAssertTrue(gaps.contains { $0["id"] as? String == id }, id) }
            if let id = p["checkpoint_id"] as? String { XCTAssertFalse(id.hasPrefix("test-post-1") || id.hasPrefix("test-post-2"), "an outpost is no checkpoint") }
        }
        let crossings = try features(c.appendingPathComponent("route-crossings.geojson")).map { $0["properties"] as! JSON }
            .filter { $0["border_id"] as? String == "kaz-kgz" }
        XCTAssertFalse(crossings.isEmpty, "the routes cross the line given as a file")
        for p in crossings {
            let km = try XCTUnwrap(p["border_km"] as? Double)
            XCTAssertEqual(p["gap_id"] as? String, gap(at: km), "crossing \(p["id"] ?? "?") at border km \(km)")
            XCTAssertEqual(p["in_gap"] as? Bool, gap(at: km) != nil)
        }

        // The country of a seizure: the same in the seizures layer and in the corridor's.
        let countries = Dictionary(seizures.map { ($0["id"] as! String, $0["country"] as? String) }, uniquingKeysWith: { a, _ in a })
        let inCorridor = try features(c.appendingPathComponent("corridor-seizures.geojson")).map { $0["properties"] as! JSON }
        XCTAssertFalse(inCorridor.isEmpty)
        for p in inCorridor {
            let id = p["seizure_id"] as! String
            XCTAssertEqual(countries[id] ?? nil, p["country_resolved"] as? String, "country of \(id)")
        }
    }

    /// The nearest checkpoint of a seizure is the same in `seizures` and `layers` once outposts are
    /// added (layers used to look among every post), and a checkpoint-kind post takes part.
    func testNearestCheckpointIgnoresOutposts() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let (_, coords) = try writeLine(dir, name: "line.geojson")
        let posts = try writePosts(dir, line: coords)
        let s = dir.appendingPathComponent("s"), l = dir.appendingPathComponent("l")
        try run(["seizures", "--posts", posts.path, "-o", s.path])
        try run(["layers", "--posts", posts.path, "-o", l.path])
        try assertSameBytes(s.appendingPathComponent("seizures.geojson"), l.appendingPathComponent("seizures.geojson"), "seizures layer")
        let named = Set(try features(s.appendingPathComponent("seizures.geojson")).compactMap { ($0["properties"] as! JSON)["checkpoint_id"] as? String })
        XCTAssertFalse(named.contains("test-post-1") || named.contains("test-post-2"), "\(named)")
    }

    /// The Natural Earth Kazakh–Kyrgyz line (geodata/borders-ne.geojson, chosen from with
    /// --border): geodata's checkpoints take part although they were placed on the
    /// OpenStreetMap-derived line, up to ~5 km away (before, a line from a file lost every checkpoint).
    func testTheNaturalEarthLineKeepsGeodatasCheckpoints() throws {
        let out = try NRouteRunner.temporaryDirectory()
        let ne = NRouteRunner.repository.appendingPathComponent("geodata/borders-ne.geojson")
        let r = try NRouteRunner.run(["gaps", "--border-file", ne.path, "--border", "kgz", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [JSON])?.first)
        XCTAssertEqual(summary["border_id"] as? String, "kaz-kgz")
        XCTAssertEqual(try XCTUnwrap(summary["length_km"] as? Double), 1017.1, accuracy: 0.1)
        XCTAssertGreaterThan(try XCTUnwrap(summary["covered_share"] as? Double), 0.13, "checkpoints and settlements both cover it")
        let circles = try features(out.appendingPathComponent("kaz-kgz-coverage.geojson"))
            .compactMap { ($0["properties"] as! JSON)["control_id"] as? String }
        for cp in ["kaz-kgz-cp-kordai", "kaz-kgz-cp-aisha-bibi", "kaz-kgz-cp-kegen"] {
            XCTAssertTrue(circles.contains(cp), "\(cp) covers the Natural Earth line")
        }
    }
}
