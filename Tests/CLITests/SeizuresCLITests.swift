import Foundation
import XCTest

/// `nroute seizures` as a user runs it: the built binary in a child process. Exit statuses (64 bad
/// flags or a refused output, 65 malformed input, 66 missing input), one-line messages, and the
/// files a successful run writes. Skipped when the binary is not built beside the test bundle.
final class SeizuresCLITests: XCTestCase {
    typealias Run = NRouteRunner.Result

    var work: URL!

    override func setUpWithError() throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("nroute-seizures-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func nroute(_ args: [String]) throws -> Run {
        try NRouteRunner.run(args, in: work)
    }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = work.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func assertOneLine(_ r: Run, contains: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "stderr: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(contains), "stderr: \(r.stderr)", file: file, line: line)
    }

    // MARK: Errors

    func testBadFlagsExit64() throws {
        for args in [["--post-radius-km", "-3"], ["--from", "yesterday"], ["--from", "2021", "--to", "2020"], ["--bogus"],
                     ["--border", "narnia"], ["--format", "xml"]] {
            let r = try nroute(["seizures", "-o", work.path] + args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty, "\(args)")
        }
        let r = try nroute(["seizures", "--border", "narnia", "-o", work.path])
        assertOneLine(r, contains: "unknown border 'narnia'")
    }

    func testMalformedGeoJSONExits65WithPosition() throws {
        let bad = try write("bad.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[74,42]},\"properties\":{}},\n{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[74,]},\"properties\":{}}]}\n")
        let r = try nroute(["seizures", "--seizures", bad.path, "-o", work.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 65, r.stderr)
        assertOneLine(r, contains: "bad.geojson:3:")
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/seizures.geojson").path), "no partial output")
    }

    func testNonPointFeatureExits65() throws {
        let line = try write("line.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[74,42],[75,43]]},\"properties\":{}}]}")
        let r = try nroute(["seizures", "--seizures", line.path, "-o", work.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 65, r.stderr)
        assertOneLine(r, contains: "line.geojson:feature 0: a seizure needs a Point geometry")
    }

    func testBadCoordinateInCSVNamesLineAndColumn() throws {
        // Quoted line breaks before the bad record (so its line is not its record number + 1), many
        // records (several blocks of the streaming reader): the error names line and column.
        var text = "id,longitude,latitude,note\n"
        for i in 1...3000 { text += "s\(i),74.5,42.5,\(i % 100 == 0 ? "\"two\nlines\"" : "one")\n" }
        text += "bad,74.5,95.2,one\n"
        let csv = try write("bad-coordinate.csv", text)
        let r = try nroute(["seizures", "--seizures", csv.path, "-o", work.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 65, r.stderr)
        // Line: header + 3000 records + 30 of them on two lines + 1.
        assertOneLine(r, contains: "bad-coordinate.csv:3032:10: latitude 95.2 outside [-90, 90]")
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/seizures.geojson").path), "no partial output")
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/seizures.csv").path), "no partial output")
    }

    func testBadNumberInCSVExits65() throws {
        let csv = try write("bad.csv", "id,longitude,latitude,location_precision_m\na,74.5,42.5,1000\nb,74.6,42.6,about 2 km\n")
        let r = try nroute(["seizures", "--seizures", csv.path, "-o", work.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 65, r.stderr)
        assertOneLine(r, contains: "bad.csv:record 2: location_precision_m \"about 2 km\" is not a number")
    }

    func testMissingFileExits66() throws {
        let r = try nroute(["seizures", "--seizures", work.appendingPathComponent("nowhere.geojson").path, "-o", work.path])
        XCTAssertEqual(r.status, 66, r.stderr)
        assertOneLine(r, contains: "nowhere.geojson")
    }

    func testOutputOverInputIsRefused() throws {
        let text = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[74.5,42.5]},\"properties\":{\"drug\":\"heroin\"}}]}\n"
        let input = try write("seizures.geojson", text)
        let r = try nroute(["seizures", "--seizures", input.path, "-o", work.path])
        XCTAssertEqual(r.status, 64, r.stderr)
        assertOneLine(r, contains: "same file as input")
        XCTAssertEqual(try String(contentsOf: input, encoding: .utf8), text, "the input is untouched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("seizures.csv").path))
    }

    // MARK: Success

    func testGeodataRunWritesBothFiles() throws {
        let out = work.appendingPathComponent("out")
        let r = try nroute(["seizures", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("by drug"), r.stdout)
        XCTAssertTrue(r.stdout.contains("wrote "), r.stdout)
        let geo = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("seizures.geojson"))) as? [String: Any]
        let features = geo?["features"] as? [[String: Any]] ?? []
        XCTAssertEqual(features.count, 11)
        let props = features.first?["properties"] as? [String: Any] ?? [:]
        for key in ["id", "drug", "country", "checkpoint_name", "checkpoint_distance_km", "checkpoint_distance_min_km", "checkpoint_distance_max_km",
                    "checkpoint_bearing_deg", "border_distance_km", "border_point_lon", "border_chainage_km", "in_gap", "gap_id", "gap_distance_km"] {
            XCTAssertNotNil(props[key], "property \(key)")
        }
        if let d = props["border_distance_km"] as? Double, let lo = props["border_distance_min_km"] as? Double, let hi = props["border_distance_max_km"] as? Double {
            XCTAssertLessThanOrEqual(lo, d)
            XCTAssertGreaterThanOrEqual(hi, d)
        } else {
            XCTFail("distance interval missing")
        }
        let csv = try String(contentsOf: out.appendingPathComponent("seizures.csv"), encoding: .utf8)
        let header = csv.split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(header.hasPrefix("longitude,latitude,id,"), header)
        XCTAssertTrue(header.contains("checkpoint_distance_km") && header.contains("border_distance_km"), header)
    }

    /// Each seizure gets the province polygon it lies in (`province_located`, `province_located_id`),
    /// the input's `province` is kept beside it, the summary groups by the located province and lists
    /// the records whose input names another one (names folded: "Zhambyl" = "Jambyl Region"'s variant).
    func testProvinceLocatedBesideTheInputs() throws {
        let input = try write("provinces.csv", """
            lon,lat,province,drug
            71.37334,42.89799,Zhambyl,heroin
            71.37334,42.89799,Zhambyl oblysy,heroin
            76.92861,43.25667,Almaty Region,hashish
            74.59,42.87,Chuy,heroin
            73.1,49.8,,heroin
            50.0,42.0,Caspian,heroin

            """)
        let out = work.appendingPathComponent("prov")
        let r = try nroute(["seizures", "--seizures", input.path, "-o", out.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let csv = try String(contentsOf: out.appendingPathComponent("seizures.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        let input_ = try XCTUnwrap(header.firstIndex(of: "province")), name = try XCTUnwrap(header.firstIndex(of: "province_located"))
        let id = try XCTUnwrap(header.firstIndex(of: "province_located_id"))
        XCTAssertLessThan(input_, name, "the input's province is kept, before the added columns")
        let got = rows.dropFirst().map { [$0[input_], $0[name], $0[id]] }
        XCTAssertEqual(got, [["Zhambyl", "Jambyl Region", "KAZ009"], ["Zhambyl oblysy", "Jambyl Region", "KAZ009"],
                             ["Almaty Region", "Almaty", "KAZ004"], ["Chuy", "Bishkek", "KGZ-ne8033"],
                             ["", "Karaganda Region", "KAZ011"], ["Caspian", "", ""]])
        let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(obj["province_source"] as? String, "located")
        let groups = try XCTUnwrap(obj["by_province"] as? [[String: Any]])
        XCTAssertEqual(groups.first?["name"] as? String, "Jambyl Region")
        XCTAssertEqual(groups.first?["id"] as? String, "KAZ009")
        XCTAssertEqual(groups.first?["seizures"] as? Int, 2)
        XCTAssertTrue(groups.contains { $0["name"] as? String == "unknown" && $0["seizures"] as? Int == 1 }, "\(groups)")
        let differs = try XCTUnwrap(obj["province_differs"] as? [[String: Any]])
        XCTAssertEqual(Set(differs.map { "\($0["input"]!)→\($0["located_id"]!)" }), ["Almaty Region→KAZ004", "Chuy→KGZ-ne8033"])
        let table = try nroute(["seizures", "--seizures", input.path, "-o", out.path])
        XCTAssertTrue(table.stdout.contains("by province (located)"), table.stdout)
        XCTAssertTrue(table.stdout.contains("input province ≠ located (2 records)"), table.stdout)
    }

    func testJSONSummaryAndFilters() throws {
        let r = try nroute(["seizures", "-o", work.appendingPathComponent("out").path, "--format", "json", "--drug", "heroin", "--from", "2012"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(obj?["records_read"] as? Int, 11)
        XCTAssertEqual(obj?["records_kept"] as? Int, 2, "heroin, and heroin; synthetic drugs")
        XCTAssertNotNil(obj?["by_distance_band"] as? [Any])
    }

    func testAllBordersAddPerBorderColumns() throws {
        let out = work.appendingPathComponent("all")
        let r = try nroute(["seizures", "--border", "all", "-o", out.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let header = try String(contentsOf: out.appendingPathComponent("seizures.csv"), encoding: .utf8).split(separator: "\n")[0]
        XCTAssertTrue(header.contains("kaz_kgz_distance_km") && header.contains("kaz_uzb_distance_km"), String(header))
    }

    func testOwnOutputFedBackInKeepsOneColumnPerName() throws {
        let first = work.appendingPathComponent("first"), second = work.appendingPathComponent("second")
        XCTAssertEqual(try nroute(["seizures", "-o", first.path]).status, 0)
        let r = try nroute(["seizures", "--seizures", first.appendingPathComponent("seizures.geojson").path, "-o", second.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let header = try String(contentsOf: second.appendingPathComponent("seizures.csv"), encoding: .utf8).split(separator: "\n")[0].split(separator: ",")
        XCTAssertEqual(header.count, Set(header).count, "duplicate columns: \(header)")
        let a = try String(contentsOf: first.appendingPathComponent("seizures.csv"), encoding: .utf8)
        let b = try String(contentsOf: second.appendingPathComponent("seizures.csv"), encoding: .utf8)
        XCTAssertEqual(a.split(separator: "\n").count, b.split(separator: "\n").count)
    }

    func testKeyFirstSeenLateStillGetsACSVColumn() throws {
        var features: [String] = []
        for i in 0..<300 {
            let extra = i == 290 ? ",\"seized_by\":\"customs\"" : ""
            features.append("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(74 + Double(i) / 1000),42.5]},\"properties\":{\"drug\":\"hashish\"\(extra)}}")
        }
        let input = try write("late.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n")
        let out = work.appendingPathComponent("late")
        let r = try nroute(["seizures", "--seizures", input.path, "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try String(contentsOf: out.appendingPathComponent("seizures.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 301)
        XCTAssertTrue(rows[0].contains("seized_by"), String(rows[0]))
        XCTAssertTrue(rows[291].contains("customs"), String(rows[291]))
    }

    func testHelpHasExamples() throws {
        let r = try nroute(["seizures", "--help"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("Examples:") && r.stdout.contains("nroute seizures --border all"), r.stdout)
    }
}
