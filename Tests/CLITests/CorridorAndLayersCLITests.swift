import Foundation
import TestSupport
import XCTest

/// `nroute corridor` and `nroute layers` as a user runs them: what they write, and every error
/// path's status and one line. Also the scenario rules every command shares (the geodata tree is
/// never an output, unlocated records are skipped and counted the same way everywhere).
final class CorridorAndLayersCLITests: XCTestCase {
    typealias JSON = [String: Any]
    var work: URL!

    override func setUpWithError() throws { work = try NRouteRunner.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    func nroute(_ args: [String]) throws -> NRouteRunner.Result { try NRouteRunner.run(args, in: work) }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = work.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func assertOneLine(_ r: NRouteRunner.Result, status: Int32, contains: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        XCTAssertEqual(lines.count, 1, "stderr: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(contains), "stderr: \(r.stderr)", file: file, line: line)
    }

    func files(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    // MARK: corridor

    func testCorridorWritesEveryOutputAndAJSONSummary() throws {
        let out = work.appendingPathComponent("c")
        let r = try nroute(["corridor", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(files(out), ["corridor-profile.csv", "corridor-profile.svg", "corridor-seizures.geojson", "corridor.geojson",
                                    "countries.geojson", "route-crossings.geojson", "route.geojson"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? JSON)
        let routes = try XCTUnwrap(json["routes"] as? [JSON])
        XCTAssertEqual(routes.count, 4, "geodata's four schematic routes")
        let crossings = routes.flatMap { $0["crossings"] as? [JSON] ?? [] }
        XCTAssertTrue(crossings.contains { $0["border_id"] as? String == "kaz-kgz" && $0["nearest_checkpoint_id"] as? String == "kaz-kgz-cp-kordai" },
                      "the Bishkek–Kordai route crosses at Kordai")
        XCTAssertEqual((json["written"] as? [String])?.count, 7)
    }

    func testCorridorTakesTheSharedFlags() throws {
        // The seizure filter, the radii and the route choice act on the corridor as on every command.
        let all = try nroute(["corridor", "--format", "json", "-o", work.appendingPathComponent("a").path])
        let heroin = try nroute(["corridor", "--drug", "heroin", "--route", "nr-tjk-kgz-kaz", "--post-radius-km", "0", "--no-settlements", "--format", "json",
                                 "-o", work.appendingPathComponent("h").path])
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual(heroin.status, 0, heroin.stderr)
        let a = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? JSON)
        let h = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(heroin.stdout.utf8)) as? JSON)
        XCTAssertLessThan(try XCTUnwrap(h["seizures_read"] as? Int), try XCTUnwrap(a["seizures_read"] as? Int))
        let routes = try XCTUnwrap(h["routes"] as? [JSON])
        XCTAssertEqual(routes.map { $0["route_id"] as? String }, ["nr-tjk-kgz-kaz"])
        let kordai = try XCTUnwrap((routes[0]["crossings"] as? [JSON])?.first { $0["border_id"] as? String == "kaz-kgz" })
        XCTAssertEqual(kordai["in_gap"] as? Bool, true, "with a zero post radius and no settlements nothing covers Kordai, and the crossing is in a gap")
    }

    func testCorridorErrors() throws {
        assertOneLine(try nroute(["corridor", "--route", "nowhere", "-o", work.path]), status: 64, contains: "unknown route 'nowhere'")
        assertOneLine(try nroute(["corridor", "--route-file", work.appendingPathComponent("missing.geojson").path, "-o", work.path]),
                      status: 66, contains: "missing.geojson")
        let r = try nroute(["corridor", "--half-width-km", "0", "-o", work.path])
        XCTAssertEqual(r.status, 64, r.stderr)
        let route = try write("one.csv", "route_id,seq,longitude,latitude\nr,1,74.6,42.9\n")
        assertOneLine(try nroute(["corridor", "--route-file", route.path, "-o", work.appendingPathComponent("o").path]),
                      status: 65, contains: "one.csv")
        XCTAssertEqual(files(work.appendingPathComponent("o")), [], "nothing written")
    }

    // MARK: layers

    func testLayersWritesAProjectWithAStyleForEveryLayer() throws {
        let out = work.appendingPathComponent("l")
        let r = try nroute(["layers", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? JSON)
        let layers = try XCTUnwrap(json["layers"] as? [JSON])
        XCTAssertGreaterThanOrEqual(layers.count, 10)
        let written = Set(files(out))
        for l in layers {
            let file = try XCTUnwrap((l["datasource"] as? String)?.split(separator: "|").first.map { String($0.hasPrefix("./") ? $0.dropFirst(2) : $0) })
            XCTAssertTrue(written.contains(file), file)
            XCTAssertTrue(written.contains((file as NSString).deletingPathExtension + ".qml"), file)
        }
        for f in ["northern-route.qgs", "northern-route.svg", "seizures.csv", "kaz-kgz-gaps.geojson"] {
            XCTAssertTrue(written.contains(f), f)
        }
        XCTAssertFalse(written.contains { $0.hasPrefix(".") }, "no temporary files left")
    }

    /// The lakes and rivers of geodata under the borders, listed in the table and the JSON with
    /// their feature counts (those of geodata's files), and the attribution naming exactly the
    /// licences of geodata's records that the layers show.
    func testLayersListsTheMapContextAndItsAttribution() throws {
        let out = work.appendingPathComponent("ctx")
        let r = try nroute(["layers", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? JSON)
        let layers = try XCTUnwrap(json["layers"] as? [JSON])
        let sources = layers.compactMap { $0["datasource"] as? String }
        let order = ["./borders.geojson", "./rivers.geojson", "./lakes.geojson", "./countries.geojson"].map { sources.firstIndex(of: $0) }
        XCTAssertEqual(order.compactMap { $0 }.count, 4, "\(sources)")
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), "context under the borders, above the countries")
        XCTAssertEqual(order.last!, sources.count - 1, "countries at the bottom")

        func geodataFeatures(_ name: String) throws -> [JSON] {
            let url = NRouteRunner.repository.appendingPathComponent("geodata").appendingPathComponent(name)
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? JSON)
            return try XCTUnwrap(doc["features"] as? [JSON])
        }
        var expectedLicences = Set<String>()
        for (file, id) in [("lakes.geojson", "northernroute_lakes"), ("rivers.geojson", "northernroute_rivers")] {
            let features = try geodataFeatures(file)
            let layer = try XCTUnwrap(layers.first { $0["id"] as? String == id })
            XCTAssertEqual(layer["features"] as? Int, features.count, file)
            XCTAssertEqual(layer["renderer"] as? String, "singleSymbol", file)
            let licences = Set(features.compactMap { ($0["properties"] as? JSON)?["licence"] as? String })
            XCTAssertEqual(Set(layer["licences"] as? [String] ?? []), licences, file)
            expectedLicences.formUnion(licences)
            // The layer written is geodata's, feature for feature, names kept.
            let written = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(file))) as? JSON)
            let names = { (fs: [JSON]) in fs.map { ($0["properties"] as? JSON)?["name"] as? String ?? "" } }
            XCTAssertEqual(names(try XCTUnwrap(written["features"] as? [JSON])), names(features), file)
        }
        for file in ["borders.geojson", "countries.geojson"] {
            expectedLicences.formUnion(try geodataFeatures(file).compactMap { ($0["properties"] as? JSON)?["licence"] as? String })
        }
        let attribution = try XCTUnwrap(json["attribution"] as? [String])
        let credited = Set(attribution.compactMap { $0.components(separatedBy: ": ").dropFirst().joined(separator: ": ") })
        XCTAssertTrue(expectedLicences.isSubset(of: credited), "\(expectedLicences) not all in \(attribution)")
        XCTAssertTrue(attribution.contains { $0.hasPrefix("Settlements: ") && $0.contains("GeoNames") }, "\(attribution)")

        // The table lists the same layers and the same attribution.
        let t = try nroute(["layers", "-o", work.appendingPathComponent("ctx-table").path])
        XCTAssertEqual(t.status, 0, t.stderr)
        for layer in layers {
            let line = try XCTUnwrap(t.stdout.split(separator: "\n").first { $0.hasSuffix("  " + (layer["datasource"] as! String)) })
            XCTAssertTrue(line.contains(" \(layer["features"] as! Int) "), String(line))
        }
        let tail = t.stdout.components(separatedBy: "attribution (in the project and the map):\n").last ?? ""
        for line in attribution { XCTAssertTrue(tail.contains("  " + line + "\n"), line) }
    }

    func testLayersWithoutSeizures() throws {
        let out = work.appendingPathComponent("n")
        let r = try nroute(["layers", "--seizures", "none", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? JSON)
        let seizures = try XCTUnwrap((json["layers"] as? [JSON])?.first { ($0["id"] as? String)?.hasSuffix("seizures") == true })
        XCTAssertEqual(seizures["features"] as? Int, 0)
    }

    func testLayersErrors() throws {
        assertOneLine(try nroute(["layers", "--border", "narnia", "-o", work.path]), status: 64, contains: "unknown border 'narnia'")
        assertOneLine(try nroute(["layers", "--seizures", work.appendingPathComponent("none.csv").path, "-o", work.path]),
                      status: 66, contains: "none.csv")
        // An output folder that cannot be created: a read or write error (74), nothing written.
        let blocker = try write("file", "not a folder\n")
        let r = try nroute(["layers", "-o", blocker.appendingPathComponent("sub").path])
        assertOneLine(r, status: 74, contains: "output folder")
        XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain") || r.stderr.contains("could not be completed"), "our own words: \(r.stderr)")
    }

    // MARK: shared rules

    func testNoCommandWritesIntoTheGeodataTree() throws {
        let geodata = NRouteRunner.repository.appendingPathComponent("geodata")
        for command in ["gaps", "seizures", "corridor", "layers"] {
            for target in [geodata, geodata.appendingPathComponent("curated"), geodata.appendingPathComponent("new-sub/dir")] {
                let r = try nroute([command, "-o", target.path])
                XCTAssertEqual(r.status, 64, "\(command) -o \(target.path): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("geodata folder"), r.stderr)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: geodata.appendingPathComponent("new-sub").path))
    }

    func testUnlocatedRecordsAreSkippedAndCountedByEveryCommand() throws {
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[74.6,42.9]},"properties":{"id":"here","drug":"heroin"}},
            {"type":"Feature","geometry":null,"properties":{"id":"nowhere","drug":"heroin"}}]}
            """
        let input = try write("s.geojson", text)
        let s = try nroute(["seizures", "--seizures", input.path, "--format", "json", "-o", work.appendingPathComponent("s").path])
        XCTAssertEqual(s.status, 0, s.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? JSON)
        XCTAssertEqual(summary["records_read"] as? Int, 2)
        XCTAssertEqual(summary["records_kept"] as? Int, 1)
        XCTAssertEqual(summary["records_unlocated"] as? Int, 1)
        let c = try nroute(["corridor", "--seizures", input.path, "-o", work.appendingPathComponent("c").path])
        XCTAssertEqual(c.status, 0, c.stderr)
        XCTAssertTrue(c.stdout.contains("1 seizure record without coordinates skipped (nowhere)"), c.stdout)
        for command in ["gaps", "layers"] {
            let r = try nroute([command, "--seizures", input.path, "-o", work.appendingPathComponent(command).path])
            XCTAssertEqual(r.status, 0, "\(command): \(r.stderr)")
        }
    }

    func testHelpListsTheSameGroupsEverywhere() throws {
        for command in ["gaps", "seizures", "corridor", "layers"] {
            let r = try nroute([command, "--help"])
            XCTAssertEqual(r.status, 0)
            for group in ["BORDER", "CONTROLS", "SEIZURES", "OUTPUT"] {
                XCTAssertTrue(r.stdout.uppercased().contains(group + ":") || r.stdout.uppercased().contains(group + " OPTIONS"),
                              "\(command) --help has the \(group) group:\n\(r.stdout)")
            }
            for flag in ["--border-file", "--posts", "--control-reach-km", "--drug", "--seizures", "--no-checkpoints"] {
                XCTAssertTrue(r.stdout.contains(flag), "\(command) --help lists \(flag)")
            }
        }
        let top = try nroute(["--help"])
        XCTAssertTrue(top.stdout.contains("74 read or write error"), top.stdout)
    }
}
