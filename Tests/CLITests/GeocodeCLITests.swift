import Foundation
import XCTest

/// `nroute geocode` as a user runs it: rows in = rows out, every column kept, unplaceable and
/// ambiguous rows kept with a reason, malformed CSV one line with file:line:col (65), a missing
/// column 64 (the flag names what is not there), a missing file 66, and the output read by
/// `nroute seizures` directly.
final class GeocodeCLITests: XCTestCase {
    typealias Run = NRouteRunner.Result
    var work: URL!

    override func setUpWithError() throws {
        work = try NRouteRunner.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: work)
    }

    func nroute(_ args: [String]) throws -> Run { try NRouteRunner.run(args, in: work) }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = work.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func rows(_ url: URL) throws -> [[String: String]] {
        // A small independent CSV reading (no quoted newlines in these fixtures).
        let text = try String(contentsOf: url, encoding: .utf8)
        var records: [[String]] = []
        var field = "", record: [String] = [], quoted = false
        var it = Array(text)
        var i = 0
        while i < it.count {
            let c = it[i]
            if quoted {
                if c == "\"" { if i + 1 < it.count && it[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false } } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { record.append(field); field = "" } else if c == "\n" { record.append(field); records.append(record); record = []; field = "" } else { field.append(c) }
            i += 1
        }
        it = []
        let header = records.removeFirst()
        return records.map { r in Dictionary(uniqueKeysWithValues: zip(header, r)) }
    }

    static let reports = """
        report,place,oblast,note
        r1,"Aksu city, Pavlodar Province",,dealer
        r2,Aksu,,"no context, two Aksu"
        r3,Aksu,Turkistan Region,column decides
        r4,Кордай,,Cyrillic
        r5,Atlantis,,no such place
        r6,"Baizak district, Zhambyl region",,no district source
        r7,,,empty place
        r8,Nur-Sultan,,renamed

        """

    func testRowsKeptWithPointsOrReasonsAndNothingLost() throws {
        let input = try write("reports.csv", Self.reports)
        let r = try nroute(["geocode", "--input", input.path, "--place-column", "place", "--province-column", "oblast",
                            "-o", "out", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(summary["rows"] as? Int, 8)
        let out = work.appendingPathComponent("out/geocoded.csv")
        let header = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").first.map(String.init)
        XCTAssertEqual(header, "report,place,oblast,note,longitude,latitude,location_precision_m,match_level,match_name,match_id,match_score,match_reason")
        let rows = try rows(out)
        XCTAssertEqual(rows.map { $0["report"]! }, ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"])
        XCTAssertEqual(rows.map { $0["note"]! }, ["dealer", "no context, two Aksu", "column decides", "Cyrillic", "no such place",
                                                  "no district source", "empty place", "renamed"])
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["report"]!, $0) })
        XCTAssertEqual(byID["r1"]?["match_id"], "1524298")
        XCTAssertEqual(byID["r3"]?["match_id"], "1525462")
        XCTAssertEqual(byID["r4"]?["match_id"], "1524243")
        XCTAssertEqual(byID["r8"]?["match_id"], "1526273")
        XCTAssertEqual(byID["r6"]?["match_level"], "province")
        XCTAssertTrue(byID["r6"]?["match_reason"]?.contains("Baizak") ?? false)
        for id in ["r2", "r5", "r7"] {
            XCTAssertEqual(byID[id]?["longitude"], "", id)
            XCTAssertEqual(byID[id]?["latitude"], "", id)
            XCTAssertFalse(byID[id]?["match_reason"]?.isEmpty ?? true, id)
        }
        XCTAssertTrue(byID["r2"]!["match_reason"]!.hasPrefix("ambiguous: "))
        XCTAssertTrue(byID["r5"]!["match_reason"]!.hasPrefix("unplaced: "))
        XCTAssertEqual(summary["ambiguous"] as? Int, 1)
        XCTAssertEqual(summary["unplaced"] as? Int, 2)
        XCTAssertEqual(summary["placed"] as? Int, 5)

        // Straight into `nroute seizures`: the placed rows analysed, the others skipped and counted.
        let s = try nroute(["seizures", "--seizures", out.path, "-o", "seiz", "--format", "json"])
        XCTAssertEqual(s.status, 0, s.stderr)
        let sj = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(sj["records_unlocated"] as? Int, 3, s.stdout)
        let seized = try String(contentsOf: work.appendingPathComponent("seiz/seizures.csv"), encoding: .utf8)
        XCTAssertEqual(seized.split(separator: "\n").count, 1 + 5)
    }

    func testMalformedCSVOneLineExit65() throws {
        let input = try write("bad.csv", "report,place\nr1,Aksu\nr2,\"Taraz\nr3,Shu\n")
        let r = try nroute(["geocode", "--input", input.path, "--place-column", "place", "-o", "out"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("bad.csv:3:"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("out/geocoded.csv").path))

        let short = try write("short.csv", "report,place,x\nr1,Aksu,1\nr2,Taraz\n")
        let s = try nroute(["geocode", "--input", short.path, "--place-column", "place"])
        XCTAssertEqual(s.status, 65, s.stderr)
        XCTAssertTrue(s.stderr.contains("short.csv:3:"), s.stderr)
    }

    func testMissingColumnExit64AndMissingFileExit66() throws {
        let input = try write("reports.csv", "report,location\nr1,Aksu\n")
        let r = try nroute(["geocode", "--input", input.path, "--place-column", "place"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.contains("reports.csv:1:1") && r.stderr.contains("\"place\""), r.stderr)
        let p = try nroute(["geocode", "--input", input.path, "--place-column", "location", "--province-column", "oblast"])
        XCTAssertEqual(p.status, 64, p.stderr)
        let m = try nroute(["geocode", "--input", work.appendingPathComponent("nope.csv").path, "--place-column", "place"])
        XCTAssertEqual(m.status, 66, m.stderr)
        let c = try nroute(["geocode", "--input", input.path, "--place-column", "location", "--country", "FRA"])
        XCTAssertEqual(c.status, 64, c.stderr)
    }

    func testInputWithOutputColumnsAndGeodataOutputRefused() throws {
        let input = try write("pts.csv", "id,place,longitude,latitude\na,Aksu,1,2\n")
        let r = try nroute(["geocode", "--input", input.path, "--place-column", "place"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("\"longitude\""), r.stderr)
        let ok = try write("ok.csv", "id,place\na,Aksu\n")
        let g = try nroute(["geocode", "--input", ok.path, "--place-column", "place",
                            "-o", NRouteRunner.repository.appendingPathComponent("geodata").path])
        XCTAssertEqual(g.status, 64, g.stderr)
    }
}
