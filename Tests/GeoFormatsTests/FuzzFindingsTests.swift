import Foundation
import XCTest
@testable import GeoFormats

/// What the fuzzers (Fuzz/, scripts/fuzz.sh) found, as regression tests, and the seed corpora
/// (Fuzz/corpus/, findings included) replayed through every reader. A memory error here shows
/// under AddressSanitizer (scripts/sanitize.sh); without it, the expected results still hold.
final class FuzzFindingsTests: XCTestCase {
    /// FuzzCSV: an empty last field at the very end of the input starts at the input's end;
    /// `CSVPointReader` looked at its first byte (is it a quote?), one byte past the buffer.
    func testEmptyLastFieldAtTheEndOfTheInput() throws {
        assertGeoError(try CSVPointReader(csv: CSVReader(bytes: Array("id,wkt\n1,".utf8))).readFeatures(),
                       kind: .csv, line: 2, column: 3, contains: ["geometry (WKT) is empty"])
        assertGeoError(try CSVPointReader(csv: CSVReader(bytes: Array("lon,lat\n1,".utf8))).readFeatures(),
                       kind: .csv, line: 2, column: 3, contains: ["latitude is empty"])
        assertGeoError(try CSVPointReader(csv: CSVReader(bytes: Array("lat,lon\n1,".utf8))).readFeatures(),
                       kind: .csv, line: 2, column: 3, contains: ["longitude is empty"])
        // The input FuzzCSV saved.
        let found = try corpus("csv").first { $0.name == "finding-empty-last-field-at-eof.csv" }
        XCTAssertNotNil(found)
        if let found {
            assertGeoError(try CSVPointReader(csv: CSVReader(bytes: found.bytes)).readFeatures(), contains: ["geometry (WKT) is empty"])
        }
    }

    /// The files of Fuzz/corpus/<name>.
    func corpus(_ name: String) throws -> [(name: String, bytes: [UInt8])] {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/\(name)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        XCTAssertFalse(files.isEmpty, "no corpus in \(dir.path)")
        return try files.map { ($0, Array(try Data(contentsOf: dir.appendingPathComponent($0)))) }
    }

    /// Every reader either reads a corpus file or throws a GeoFormatsError.
    func testCorporaReadOrFailCleanly() throws {
        func clean(_ what: String, _ body: () throws -> Void) {
            do { try body() } catch is GeoFormatsError {} catch { XCTFail("\(what): \(type(of: error)) \(error)") }
        }
        for (name, bytes) in try corpus("geojson") + corpus("pointscanner") {
            let reader = GeoJSONReader(bytes: bytes)
            clean(name) { _ = try reader.read() }
            clean(name) { _ = try reader.readFeatures(concurrency: 2, minimumPartBytes: 16) }
            var scanner = PointFeatureScanner(reader: reader)
            if scanner.scan(0..<bytes.count) { XCTAssertNoThrow(try reader.parseFeature(in: 0..<bytes.count, index: 0), name) }
        }
        for (name, bytes) in try corpus("csv") {
            for any in [false, true] {
                clean(name) { _ = try CSVPointReader(csv: CSVReader(bytes: bytes), acceptsAnyGeometry: any).readFeatures() }
            }
        }
        for (name, bytes) in try corpus("wkt") {
            clean(name) { _ = try WKT.parse(String(decoding: bytes, as: UTF8.self)) }
        }
        for (name, bytes) in try corpus("wkb") {
            // WKBReader throws only its Failure (typed throws): what reads must write and read back.
            guard let g = try? WKBReader.geometry(bytes) else { continue }
            XCTAssertEqual(WKB.bytes(try WKBReader.geometry(WKB.bytes(g))), WKB.bytes(g), name)
        }
    }
}
