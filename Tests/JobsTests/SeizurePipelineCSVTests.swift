import Analysis
import Jobs
import Catalog
import Foundation
import GeoFormats
import TestSupport
import XCTest

/// CSV seizures on the streaming path (`SeizureCSVInput`: blocks of records, fields copied from
/// the bytes) give the same bytes as the whole-file reader (`FeatureFile.read`, taken when
/// `readsPointsFromBytes` is false) for files of every dialect — quoted line breaks across block
/// boundaries, doubled quotes, BOM, CRLF and CR, semicolons with decimal commas, TAB, blank lines,
/// missing values, a column named like an added one — at many block sizes, and name a bad record
/// by its line and column.
final class SeizurePipelineCSVTests: SeizurePipelineTestCase {
    struct Dialect {
        var delimiter = ","
        var eol = "\n"
        var bom = false
        var decimalComma = false
        var extraColumns: [String] = []
    }

    /// `n` seizure rows in `dialect`, with a free-text column holding quoted line breaks.
    func csv(_ n: Int, _ d: Dialect, seed: UInt64) -> String {
        var rng = TestRandom(seed: seed)
        let drugs = ["heroin", "hashish", "Героин", "cannabis (plant)", "a \"quoted\" drug", "", "comma, drug", " spaced "]
        let notes = ["", "line 1\nline 2", "crlf\r\ninside", "x,y;z", "said \"go\"", "plain", "multi\n\n\nbreaks", "tab\tin"]
        func field(_ s: String) -> String {
            let needs = s.contains(d.delimiter) || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.contains("\t")
            return needs || rng.next() % 9 == 0 ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        func number(_ s: String) -> String { d.decimalComma ? s.replacingOccurrences(of: ".", with: ",") : s }
        var out = d.bom ? "\u{FEFF}" : ""
        out += (["id", "longitude", "latitude", "date", "drug", "amount_kg", "precision_m", "note"] + d.extraColumns).joined(separator: d.delimiter) + d.eol
        for i in 0..<n {
            let lon = 70 + rng.unit() * 10, lat = 41 + rng.unit() * 3.5
            var lonText = String(format: "%.6f", lon), latText = i % 5 == 0 ? "\(lat)" : String(format: "%.5f", lat)
            if i % 11 == 0 { latText = String(format: "%.4e", lat) }
            if i % 7 == 0 { lonText = " \(lonText) " }
            let amount = i % 6 == 0 ? "" : i % 13 == 0 ? " 12.50 " : "\(Double(i % 50) / 4)"
            let precision = i % 4 == 0 ? "" : "\(i % 7 * 1000)"
            var row = ["s-\(i)", field(number(lonText)), field(number(latText)), "20\(10 + i % 14)-0\(1 + i % 9)-1\(i % 10)",
                       field(drugs[i % drugs.count]), field(amount), precision, field(notes[Int(rng.next() % UInt64(notes.count))])]
            row += d.extraColumns.map { _ in field(i % 3 == 0 ? "" : "v\(i)") }
            out += row.joined(separator: d.delimiter)
            if i % 97 == 0 { out += d.eol }
            if i < n - 1 || seed % 2 == 0 { out += d.eol }
        }
        return out
    }

    func run(_ input: URL, _ context: SeizureContext, blockBytes: Int, fast: Bool, tag: String) throws -> (geo: Data, csv: Data, summary: String) {
        var p = SeizurePipeline(input: input, context: context, filter: try SeizureFilter(), inputs: [input])
        p.csvBlockBytes = blockBytes
        p.readsPointsFromBytes = fast
        let geo = work.appendingPathComponent("\(tag).geojson"), csv = work.appendingPathComponent("\(tag).csv")
        let summary = try p.run(geoJSON: geo, csv: csv)
        return (try Data(contentsOf: geo), try Data(contentsOf: csv), try JSONText.string(summary.json(context: context)))
    }

    func testStreamingCSVGivesTheWholeFileReadersBytes() throws {
        let ctx = try context()
        let dialects: [(String, Dialect)] = [
            ("comma.csv", Dialect()),
            ("bom-crlf.csv", Dialect(eol: "\r\n", bom: true)),
            ("semicolon.csv", Dialect(delimiter: ";", decimalComma: true)),
            ("tab.tsv", Dialect(delimiter: "\t")),
            ("cr.csv", Dialect(eol: "\r")),
            ("added.csv", Dialect(extraColumns: ["country", "Province"])),
        ]
        for (k, (name, dialect)) in dialects.enumerated() {
            let url = work.appendingPathComponent(name)
            try csv(700, dialect, seed: UInt64(k)).write(to: url, atomically: true, encoding: .utf8)
            let reference = try run(url, ctx, blockBytes: 1 << 30, fast: false, tag: "\(name)-reference")
            XCTAssertGreaterThan(reference.geo.count, 700 * 400, name)
            for bytes in [1 << 30, 1 << 15, 4096, 300, 37, 1] {
                let r = try run(url, ctx, blockBytes: bytes, fast: true, tag: "\(name)-\(bytes)")
                XCTAssertTrue(r.geo == reference.geo, "\(name): GeoJSON differs (block \(bytes))")
                XCTAssertTrue(r.csv == reference.csv, "\(name): CSV differs (block \(bytes))")
                XCTAssertEqual(r.summary, reference.summary, "\(name), block \(bytes)")
            }
        }
    }

    func testCSVAndGeoJSONInputsGiveTheSameRows() throws {
        // The same points as CSV and as GeoJSON (the id as a property in both): the same seizures.csv.
        let ctx = try context()
        var rng = TestRandom(seed: 3)
        var csvText = "id,longitude,latitude,drug,amount_kg\n"
        var features: [String] = []
        for i in 0..<2000 {
            let lon = String(format: "%.6f", 70 + rng.unit() * 10), lat = String(format: "%.6f", 41 + rng.unit() * 3.5)
            // Numbers as the writer writes them ("1", not "1.0"): GeoJSON input keeps its properties' text as written.
            let amount = i % 5 == 0 ? "" : String(format: "%g", Double(i % 40) / 8)
            csvText += "s\(i),\(lon),\(lat),heroin,\(amount)\n"
            features.append("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]},\"properties\":{\"id\":\"s\(i)\",\"drug\":\"heroin\",\"amount_kg\":\(amount.isEmpty ? "null" : amount)}}")
        }
        let c = work.appendingPathComponent("same.csv"), g = work.appendingPathComponent("same.geojson")
        try csvText.write(to: c, atomically: true, encoding: .utf8)
        try ("{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n").write(to: g, atomically: true, encoding: .utf8)
        let fromCSV = try run(c, ctx, blockBytes: 1000, fast: true, tag: "from-csv")
        var p = SeizurePipeline(input: g, context: ctx, filter: try SeizureFilter(), inputs: [g])
        p.blockBytes = 3000
        let geo = work.appendingPathComponent("from-geo.geojson"), csv = work.appendingPathComponent("from-geo.csv")
        _ = try p.run(geoJSON: geo, csv: csv)
        XCTAssertTrue(fromCSV.csv == (try Data(contentsOf: csv)), "seizures.csv differs between CSV and GeoJSON input")
        XCTAssertTrue(fromCSV.geo == (try Data(contentsOf: geo)), "seizures.geojson differs between CSV and GeoJSON input")
    }

    func testBadRecordIsNamedByItsLineAndColumn() throws {
        let ctx = try context()
        // A quoted line break in every 10th row: record 600 starts on line 600 + 1 + 59.
        var lines = ["id,longitude,latitude,drug,amount_kg,note"]
        for i in 1...900 {
            let note = i % 10 == 0 ? "\"two\nlines\"" : "one"
            lines.append("s\(i),74.5,42.\(i % 10),heroin,1.5,\(note)")
        }
        func check(_ replacement: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
            var l = lines
            l[600] = replacement
            let url = work.appendingPathComponent("bad.csv")
            try (l.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            for bytes in [1 << 30, 2000, 50, 1] {
                XCTAssertThrowsError(try run(url, ctx, blockBytes: bytes, fast: true, tag: "bad-\(bytes)"), file: file, line: line) { e in
                    XCTAssertTrue("\(e)".contains(expected), "block \(bytes): \(e)", file: file, line: line)
                }
                XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("bad-\(bytes).geojson").path), file: file, line: line)
            }
        }
        try check("s600,74.5,95,heroin,1.5,one", "bad.csv:660:11: latitude 95.0 outside [-90, 90]")
        try check("s600,74.5,,heroin,1.5,one", "bad.csv:660:11: latitude is empty")
        try check("s600,74.5,42,heroin,1.5", "bad.csv:660:24: row has 5 fields but the header has 6")
        try check("s600,74.5,42,\"heroin\"x,1.5,one", "bad.csv:660:22: unexpected text after a closing quote")
        try check("s600,74.5,42,heroin,about 2,one", "bad.csv:record 600: amount_kg \"about 2\" is not a number")
    }
}
