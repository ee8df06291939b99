import Analysis
import Jobs
@testable import Cartography
import Catalog
import Foundation
import GeoFormats
import TestSupport
import XCTest

/// The seizures stream gives the same bytes whichever way a feature is read (straight from the
/// bytes by `PointFeatureScanner`, or parsed in full) and however the input is cut into blocks,
/// and names a bad feature by its index in the file.
final class SeizurePipelineTests: SeizurePipelineTestCase {
    /// Point features of every shape a user's file may hold, the common ones most often.
    func mixedFeatures(_ n: Int) -> [String] {
        var rng = TestRandom(seed: 7)
        let drugs = ["heroin", "hashish", "opium", "Героин", "cannabis (plant)", "a \\\"quoted\\\" drug", ""]
        var out: [String] = []
        for i in 0..<n {
            let lon = 70 + rng.unit() * 10, lat = 41 + rng.unit() * 3
            let coordinates: String
            switch i % 9 {
            case 0: coordinates = String(format: "%.4f0,%.3f", lon, lat)                     // trailing zero: re-formatted
            case 1: coordinates = "\(lon),\(lat)"                                           // full precision
            case 2: coordinates = String(format: "%.5e,%.6f", lon, lat)                     // exponent
            default: coordinates = String(format: "%.6f,%.6f", lon, lat)
            }
            let drug = drugs[i % drugs.count]
            var props = "\"date\":\"20\(10 + i % 14)-0\(1 + i % 9)-1\(i % 10)\",\"drug\":\"\(drug)\",\"amount_kg\":\(Double(i % 50) / 4),\"precision_m\":\(i % 4 == 0 ? "null" : String(i % 7 * 1000))"
            switch i % 13 {
            case 3: props += ",\"province\":\"Chüy, \\\"north\\\"\""                  // escapes: parsed in full
            case 4: props += ",\"tags\":[\"a\",1]"                                   // nested: parsed in full
            case 5: props += ",\"country\":\"XXX\""                                  // an added column's name
            case 6: props += ",\"note\":\"comma, and \\\"quotes\\\"\",\"ok\":true,\"bad\":false"
            case 7: props = ""                                                      // {}
            default: break
            }
            let id = i % 3 == 0 ? "\"id\":\"s-\(i)\"," : i % 3 == 1 ? "\"id\":\(i)," : ""
            let bbox = i % 17 == 0 ? ",\"bbox\":[\(lon),\(lat),\(lon),\(lat)]" : ""
            let properties = i % 19 == 0 ? "null" : "{\(props)}"
            out.append("{\"type\":\"Feature\",\(id)\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(coordinates)]},\"properties\":\(properties)\(bbox)}")
        }
        return out
    }

    func write(_ features: [String], to name: String) throws -> URL {
        let url = work.appendingPathComponent(name)
        try ("{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func run(_ input: URL, _ context: SeizureContext, blockBytes: Int, scan: Bool, tag: String) throws -> (geo: Data, csv: Data, summary: String) {
        var p = SeizurePipeline(input: input, context: context, filter: try SeizureFilter(), inputs: [input])
        p.blockBytes = blockBytes
        p.readsPointsFromBytes = scan
        let geo = work.appendingPathComponent("\(tag).geojson"), csv = work.appendingPathComponent("\(tag).csv")
        let summary = try p.run(geoJSON: geo, csv: csv)
        return (try Data(contentsOf: geo), try Data(contentsOf: csv), try JSONText.string(summary.json(context: context)))
    }

    func testSameBytesWhicheverWayFeaturesAreRead() throws {
        let ctx = try context()
        let input = try write(mixedFeatures(3000), to: "mixed.geojson")
        let reference = try run(input, ctx, blockBytes: 1 << 30, scan: false, tag: "reference")
        XCTAssertGreaterThan(reference.geo.count, 3000 * 500)
        for (bytes, scan) in [(1 << 30, true), (1 << 12, true), (1 << 12, false), (300, true), (1, true)] {
            let r = try run(input, ctx, blockBytes: bytes, scan: scan, tag: "b\(bytes)-\(scan)")
            XCTAssertTrue(r.geo == reference.geo, "GeoJSON differs (block \(bytes), scanner \(scan))")
            XCTAssertTrue(r.csv == reference.csv, "CSV differs (block \(bytes), scanner \(scan))")
            XCTAssertEqual(r.summary, reference.summary, "block \(bytes), scanner \(scan)")
        }
        // The output reads back as GeoJSON with every feature, in order.
        let back = try GeoJSONReader(bytes: reference.geo).read().features
        XCTAssertEqual(back.count, 3000)
        XCTAssertEqual(back[1].id, .number(1))
        XCTAssertEqual(back[3].id, .string("s-3"))
    }

    func testBadFeatureIsNamedByItsIndexInTheFile() throws {
        let ctx = try context()
        var features = mixedFeatures(800)
        features[637] = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[71,95]},"properties":{}}"#
        let input = try write(features, to: "bad.geojson")
        for bytes in [1 << 30, 2000, 1] {
            XCTAssertThrowsError(try run(input, ctx, blockBytes: bytes, scan: true, tag: "bad\(bytes)")) { e in
                XCTAssertTrue("\(e)".contains("feature 637"), "\(e)")
                XCTAssertTrue("\(e)".contains("latitude 95"), "\(e)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("bad\(bytes).geojson").path))
        }
        features[637] = #"{"type":"Feature","geometry":{"type":"Point","coordinates":[71,42]},"properties":{"precision_m":"about 5 km"}}"#
        let input2 = try write(features, to: "bad-input-2.geojson")
        XCTAssertThrowsError(try run(input2, ctx, blockBytes: 3000, scan: true, tag: "bad2")) { e in
            XCTAssertTrue("\(e)".contains("feature 637"), "\(e)")
            XCTAssertTrue("\(e)".contains("is not a number"), "\(e)")
        }
    }
}
