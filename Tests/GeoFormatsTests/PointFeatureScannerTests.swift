import Coordinates
import Foundation
@testable import GeoFormats
import TestSupport
import XCTest

/// `PointFeatureScanner` must accept only what it reads exactly as the full reader does, and
/// decline everything else; `ByteSink.isCanonicalNumber` must only admit texts that
/// `ByteSink.write(number:)` writes back unchanged.
final class PointFeatureScannerTests: XCTestCase {
    /// Scans `text` (one feature) and parses it with the full reader: returns the scanner (nil if
    /// it declined) and the parsed feature (nil if the reader rejected it).
    func both(_ text: String) -> (PointFeatureScanner?, GeoJSON.Feature?) {
        let reader = GeoJSONReader(string: text)
        var scanner = PointFeatureScanner(reader: reader)
        let range = 0..<reader.input.count
        let accepted = scanner.scan(range)
        let parsed = try? reader.parseFeature(in: range, index: 0)
        return (accepted ? scanner : nil, parsed)
    }

    /// Whatever the scanner accepts, the full reader reads to the same id, point and properties.
    func assertAgrees(_ s: PointFeatureScanner, _ f: GeoJSON.Feature, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(f.geometry, .point(s.coordinate), file: file, line: line)
        switch f.id {
        case .string(let v)?: XCTAssertEqual(s.id.map { String(decoding: s.bytes($0), as: UTF8.self) }, v, file: file, line: line)
        case .number(let v)?: XCTAssertTrue(s.id != nil && !s.idIsString && s.idNumber == v, file: file, line: line)
        case nil: XCTAssertNil(s.id, file: file, line: line)
        }
        let members = f.properties?.members ?? []
        XCTAssertEqual(members.count, s.members.count, file: file, line: line)
        for (m, sm) in zip(members, s.members) {
            XCTAssertEqual(m.key, String(decoding: s.bytes(sm.key), as: UTF8.self), file: file, line: line)
            switch (m.value, sm.kind) {
            case (.string(let v), .string): XCTAssertEqual(v, String(decoding: s.bytes(sm.value), as: UTF8.self), file: file, line: line)
            case (.number(let v), .number): XCTAssertEqual(v, sm.number, file: file, line: line)
            case (.bool(true), .true), (.bool(false), .false), (.null, .null): break
            default: XCTFail("\(m.key): \(m.value) vs \(sm.kind)", file: file, line: line)
            }
        }
        // The properties' text is the members as written.
        let text = String(decoding: s.bytes(s.propertiesText), as: UTF8.self)
        if members.isEmpty { XCTAssertEqual(text, "", file: file, line: line) } else {
            XCTAssertEqual(try? GeoJSONReader.read(string: "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\(text)}}").features.first?.properties,
                           f.properties, file: file, line: line)
        }
    }

    func testAcceptsTheCommonShapes() {
        let accepted = [
            #"{"type":"Feature","id":7,"geometry":{"type":"Point","coordinates":[75.006315,42.912195]},"properties":{"date":"2022-02-02","drug":"hashish","amount_kg":19.97,"precision_m":5000}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[-0.5,-89.25]},"properties":null}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[180,90]},"properties":{}}"#,
            #"{"geometry":{"coordinates":[1e1,2.50],"type":"Point"},"properties":{"a":true,"b":false,"c":null,"d":-0.0,"e":"Ош, Жалал-Абад"},"type":"Feature","id":"k-1"}"#,
            " {\n \"type\" : \"Feature\" ,\t\"geometry\": {\"type\": \"Point\", \"coordinates\": [ 76 , 43 ] } , \"properties\" : { \"x\" : 1 } } ",
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[76,43]}}"#,
        ]
        for text in accepted {
            let (s, f) = both(text)
            guard let s, let f else {
                XCTFail("should be accepted and parsed: \(text)")
                continue
            }
            assertAgrees(s, f)
        }
    }

    func testDeclinesWhatItDoesNotReadExactly() {
        let declined = [
            #"{"type":"Feature","bbox":[1,2,1,2],"geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}"#,
            #"{"type":"Feature","extra":1,"geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,3]},"properties":{}}"#,
            #"{"type":"Feature","geometry":null,"properties":{}}"#,
            #"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]},"properties":{}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a\u0062":1}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":"x\"y"}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":[1]}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":{"b":1}}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":1,"a":2}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,95]},"properties":{}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":01}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"a":1,}}"#,
            #"{"type":"Feature","id":"\u0041","geometry":{"type":"Point","coordinates":[1,2]}}"#,
            #"{"type":"Feature","id":null,"geometry":{"type":"Point","coordinates":[1,2]}}"#,
            #"{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"é":1}}"#,
            #"{"type":"Feature","properties":{}}"#,
            #"{"geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}"#,
            #"{"type":"FeatureCollection","features":[]}"#,
            #"{}"#,
        ]
        for text in declined {
            XCTAssertNil(both(text).0, "should be declined: \(text)")
        }
    }

    /// Random point features, some valid and some broken, as the scanner meets them in a file.
    func testRandomFeaturesAgreeWithTheFullReader() {
        var rng = TestRandom(seed: 2026)
        let values = ["1", "-2.5", "0", "1e3", "\"text\"", "\"\"", "null", "true", "false", "[1]", "\"a\\nb\"", "1.", "\"x", "{}"]
        let keys = ["date", "drug", "Drug", "amount_kg", "x y", "precision_m", "a\\u0041"]
        var accepted = 0
        for _ in 0..<2000 {
            var members: [String] = []
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                members.append("\"\(keys.randomElement(using: &rng)!)\":\(values.randomElement(using: &rng)!)")
            }
            let lon = Double.random(in: -200...200, using: &rng), lat = Double.random(in: -100...100, using: &rng)
            let text = "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]},\"properties\":{\(members.joined(separator: ","))}}"
            let (s, f) = both(text)
            if let s {
                accepted += 1
                guard let f else {
                    XCTFail("accepted what the reader rejects: \(text)")
                    continue
                }
                assertAgrees(s, f)
            }
        }
        XCTAssertGreaterThan(accepted, 100)
    }

    // MARK: Canonical numbers

    func write(_ v: Double) -> String {
        let sink = ByteSink()
        try! sink.write(number: v)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    func canonical(_ text: String) -> Bool {
        var t = text
        return t.withUTF8 { ByteSink.isCanonicalNumber(UnsafeRawBufferPointer($0)) }
    }

    func testCanonicalTextsAreWhatTheWriterWrites() {
        for t in ["0", "1", "-1", "75.006315", "42.912195", "5000", "19.97", "0.5", "-0.000001", "123456789012345", "0.123456789012345"] {
            XCTAssertTrue(canonical(t), t)
            XCTAssertEqual(write(Double(t)!), t)
        }
        for t in ["-0", "01", "1.0", "1.50", "1e3", "1E3", "0.0000001", "1234567890123456", ".5", "1.", "+1", "0x1", ""] {
            XCTAssertFalse(canonical(t), t)
        }
    }

    /// Random decimal texts: whenever one is called canonical, the writer gives it back exactly.
    func testCanonicalNeverDisagreesWithTheWriter() {
        var rng = TestRandom(seed: 2026)
        var admitted = 0
        for _ in 0..<200_000 {
            var t = Bool.random(using: &rng) ? "-" : ""
            let intDigits = Int.random(in: 0...8, using: &rng)
            t += intDigits == 0 ? "0" : String(Int.random(in: 1...9, using: &rng)) + (0..<(intDigits - 1)).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            let fraction = Int.random(in: 0...12, using: &rng)
            if fraction > 0 { t += "." + (0..<fraction).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined() }
            guard let v = Double(t) else { continue }
            if canonical(t) {
                admitted += 1
                XCTAssertEqual(write(v), t)
            }
            // And the writer's own texts are canonical whenever they are plain decimals.
            let w = write(v)
            if !w.contains("e"), w.count <= 17, canonical(w) { XCTAssertEqual(Double(w), v) }
        }
        XCTAssertGreaterThan(admitted, 50_000)
    }
}
