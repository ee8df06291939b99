import Foundation
import XCTest
import Coordinates
@testable import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

final class GeoJSONErrorTests: XCTestCase {
    /// A FeatureCollection text, one feature per line (line n+2 holds feature n).
    func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    func point(_ lon: String, _ lat: String) -> String {
        #"{"type":"Feature","geometry":{"type":"Point","coordinates":["# + lon + "," + lat + #"]},"properties":{}}"#
    }

    func testOutOfRangeLatitudeMessageIsOneCompilerStyleLine() throws {
        var fs = (0..<7).map { _ in point("1", "2") }
        fs.append(point("10.5", "95.0"))
        let text = collection(fs)
        let e = assertGeoError(try GeoJSONReader(string: text, path: "seizures.geojson").read(),
                               kind: .invalidGeometry, line: 9, column: 66, feature: .some(7))
        XCTAssertEqual(e?.description, "seizures.geojson:9:66: feature 7: latitude 95.0 outside [-90, 90]")
        XCTAssertEqual(e?.errorDescription, e?.description)
        // The same error from every reading path.
        let r = GeoJSONReader(string: text, path: "seizures.geojson")
        XCTAssertEqual(assertGeoError(try r.forEachFeature { _, _ in }), e)
        XCTAssertEqual(assertGeoError(try r.readFeatures(concurrency: 2, minimumPartBytes: 100)), e)
        let ranges = try r.featureRanges()
        XCTAssertEqual(assertGeoError(try r.parseFeature(in: ranges[7], index: 7)), e)
        assertGeoError(try read(collection([point("-180.000001", "0")])), line: 2, column: 61, contains: ["longitude -180.000001 outside [-180, 180]"])
    }

    func testMalformedJSON() throws {
        let cases: [(String, String, Int, Int)] = [
            ("", "expected a GeoJSON object, found end of input", 1, 1),
            ("[]", "expected a GeoJSON object, found an array", 1, 1),
            ("{\"type\":\"Point\",\"coordinates\":[1,2]", "expected ',' or '}', found end of input", 1, 36),
            ("{\"type\":\"Point\" \"coordinates\":[1,2]}", "expected ',' or '}', found a string", 1, 17),
            ("{\"type\":\"Point\",\"coordinates\":[1,2],}", "expected a string (member name), found '}'", 1, 37),
            ("{\"type\":\"Point\",\"coordinates\":[1 2]}", "expected ',' in position", 1, 34),
            ("{\"type\":\"Point\",\n  \"coordinates\":[01,2]}", "invalid number: leading zero", 2, 18),
            ("{\"type\":\"Point\",\"coordinates\":[1.,2]}", "no digits after '.'", 1, 32),
            ("{\"type\":\"Point\",\"coordinates\":[1e,2]}", "no digits in exponent", 1, 32),
            ("{\"type\":\"Point\",\"coordinates\":[NaN,2]}", "expected a number (longitude), found 'N'", 1, 32),
            ("{\"type\":\"Point\",\"coordinates\":[Infinity,2]}", "found 'I'", 1, 32),
            ("{\"type\":\"Point\",\"coordinates\":[-Infinity,2]}", "invalid number: no digits", 1, 32),
            ("{\"type\":\"Point\",\"coordinates\":[1e400,2]}", "number 1e400 is out of range of a 64-bit float", 1, 32),
            ("{\"type\":\"Point\",\"coordinates\":[1,2]} x", "unexpected data after the GeoJSON object", 1, 38),
            ("{\"type\":\"Point\",\"coordinates\":[1,2]}{}", "unexpected data after the GeoJSON object", 1, 37),
            ("{'type':'Point'}", "expected a string (member name), found '''", 1, 2),
            ("{\"type\":\"Poi\nnt\"}", "control character U+000A in a string (must be escaped)", 1, 13),
            ("{\"type\":\"Point\",\"x\":\"abc", "unterminated string", 1, 21),
            ("{\"type\":\"Point\",\"x\":tru,\"coordinates\":[1,2]}", "invalid literal; expected true", 1, 21),
            ("{\"type\":\"Point\",\"x\":\"\\q\",\"coordinates\":[1,2]}", "invalid escape sequence", 1, 22),
            ("{\"type\":\"Point\",\"x\":\"\\u12G4\",\"coordinates\":[1,2]}", "invalid \\u escape: needs 4 hex digits", 1, 22),
            ("{\"type\":\"Point\",\"x\":\"\\ud800 \",\"coordinates\":[1,2]}", "unpaired UTF-16 surrogate \\uD800", 1, 22),
            ("{\"type\":\"Point\",\"x\":\"\\udc00\",\"coordinates\":[1,2]}", "unpaired UTF-16 surrogate \\uDC00", 1, 22),
            ("{\"type\":\"Point\",\"x\":[1,2},\"coordinates\":[1,2]}", "expected ',' or ']', found '}'", 1, 25),
        ]
        for (text, message, line, column) in cases {
            let e = assertGeoError(try read(text, path: "t.json"), line: line, column: column, contains: ["t.json:\(line):\(column): ", message])
            XCTAssertNil(e?.feature)
        }
    }

    func testInvalidUTF8() throws {
        var bytes = Array(#"{"type":"Feature","geometry":null,"properties":{"name":"ab"#.utf8)
        bytes += [0xC3, 0x28]  // bad continuation
        bytes += Array(#""}}"#.utf8)
        assertGeoError(try GeoJSONReader(bytes: bytes).read(), kind: .syntax, line: 1, column: 59, contains: ["invalid UTF-8 in a string"])
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xE2, 0x82]] {
            let doc = Array(#"{"type":"Feature","geometry":null,"properties":{"k":""#.utf8) + bad + Array(#""}}"#.utf8)
            assertGeoError(try GeoJSONReader(bytes: doc).read(), kind: .syntax, contains: ["invalid UTF-8"])
        }
    }

    func testWrongTypes() throws {
        let cases: [(String, String)] = [
            (#"{"type":"Feature","geometry":[],"properties":{}}"#, "\"geometry\" must be an object or null, found an array"),
            (#"{"type":"Feature","geometry":null,"properties":[]}"#, "\"properties\" must be an object or null, found an array"),
            (#"{"type":"Feature","geometry":null,"properties":{},"id":true}"#, "\"id\" must be a string or a number, found a boolean"),
            (#"{"type":"Feature","geometry":null,"properties":{},"id":null}"#, "\"id\" must be a string or a number, found null"),
            (#"{"type":"Feature","properties":{}}"#, "Feature has no \"geometry\" member"),
            (#"{"geometry":null,"properties":{}}"#, "object has no \"type\" member"),
            (#"{"type":"Feature","geometry":{"type":"Feature"},"properties":{}}"#, "expected a geometry, found a Feature"),
            (#"{"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]},"properties":{}}"#, "unknown GeoJSON type \"Circle\""),
            (#"{"type":7}"#, "\"type\" must be a string, found a number"),
            (#"{"type":"FeatureCollection"}"#, "FeatureCollection has no \"features\" member"),
            (#"{"type":"FeatureCollection","features":{}}"#, "\"features\" must be an array, found an object"),
            (#"{"type":"FeatureCollection","features":[],"features":[]}"#, "FeatureCollection has two \"features\" members"),
            (#"{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[1,2]}]}"#, "expected \"type\": \"Feature\", found \"Point\""),
            (#"{"type":"FeatureCollection","features":[7]}"#, "expected a Feature object, found a number"),
            (#"{"type":"FeatureCollection","features":[],"bbox":[1,2,3]}"#, "\"bbox\" must have 4 (or 6) numbers, found 3"),
            (#"{"type":"FeatureCollection","features":[],"bbox":[1,2,"3",4]}"#, "\"bbox\" must contain numbers only, found a string"),
            (#"{"type":"Point","coordinates":{"x":1}}"#, "Point coordinates: expected a position [longitude, latitude], found an object"),
            (#"{"type":"Point","coordinates":[1,"2"]}"#, "expected a number (latitude), found a string"),
            (#"{"type":"GeometryCollection","geometries":[[1,2]]}"#, "\"geometries\" must contain geometry objects, found an array"),
            (#"{"type":"GeometryCollection","coordinates":[1,2]}"#, "GeometryCollection has no \"geometries\" member"),
            (#"{"type":"Polygon","geometries":[]}"#, "Polygon has no \"coordinates\" member"),
            (#"{"type":"FeatureCollection","features":[],"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}}}"#,
             "\"crs\" is urn:ogc:def:crs:EPSG::3857, not WGS84"),
        ]
        for (text, message) in cases {
            assertGeoError(try read(text), contains: [message])
        }
    }

    func testEmptyAndDegenerateGeometries() throws {
        let cases: [(String, String)] = [
            (#"{"type":"Point","coordinates":[]}"#, "position has 0 numbers; it needs longitude and latitude"),
            (#"{"type":"Point","coordinates":[5]}"#, "position has 1 number; it needs longitude and latitude"),
            (#"{"type":"LineString","coordinates":[]}"#, "LineString has 0 positions; it needs at least 2"),
            (#"{"type":"LineString","coordinates":[[1,2]]}"#, "LineString has 1 position; it needs at least 2"),
            (#"{"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[1,2]]]}"#, "MultiLineString line 1 has 1 position"),
            (#"{"type":"Polygon","coordinates":[]}"#, "Polygon has no rings"),
            (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#, "Polygon ring 0 has 3 positions; a linear ring needs at least 4"),
            (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#,
             "Polygon ring 0 is not closed: first position (0.0, 0.0) differs from last (0.0, 1.0)"),
            (#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[1,1],[0,0.5]]]]}"#,
             "MultiPolygon polygon 1 ring 1 is not closed"),
            (#"{"type":"MultiPolygon","coordinates":[[]]}"#, "MultiPolygon polygon 0 has no rings"),
        ]
        for (text, message) in cases {
            assertGeoError(try read(text), kind: .invalidGeometry, contains: [message])
        }
        // Empty multi-geometries are fine (RFC 7946 §3.1).
        XCTAssertEqual(try read(#"{"type":"MultiPoint","coordinates":[]}"#), .geometry(.multiPoint([])))
        XCTAssertEqual(try read(#"{"type":"MultiPolygon","coordinates":[]}"#), .geometry(.multiPolygon([])))
        XCTAssertEqual(try read(#"{"type":"GeometryCollection","geometries":[]}"#), .geometry(.geometryCollection([])))
    }

    func testDepthLimitIsAnErrorNotAStackOverflow() throws {
        // Properties nested 100 000 levels deep (arrays and objects).
        for open in ["[", "{\"a\":"] {
            let deep = String(repeating: open, count: 100_000)
            let text = "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"x\":" + deep
            assertGeoError(try read(text), kind: .limitExceeded, contains: ["nesting deeper than 64 levels"])
            // As a foreign member (skipped), in a collection (fast range scan), and the parallel path.
            let foreign = "{\"type\":\"FeatureCollection\",\"junk\":" + deep
            assertGeoError(try read(foreign), kind: .limitExceeded)
            let inCollection = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"x\":" + deep
            assertGeoError(try GeoJSONReader(string: inCollection).featureRanges(), kind: .limitExceeded)
            assertGeoError(try GeoJSONReader(string: inCollection).readFeatures(concurrency: 2, minimumPartBytes: 10), kind: .limitExceeded)
            let lateType = "{\"features\":" + deep
            assertGeoError(try read(lateType), kind: .limitExceeded)
        }
        // Geometry collections nested too deep.
        var gc = #"{"type":"Point","coordinates":[1,2]}"#
        for _ in 0..<40 { gc = #"{"type":"GeometryCollection","geometries":["# + gc + "]}" }
        assertGeoError(try read(gc), kind: .limitExceeded, contains: ["nesting deeper than 64 levels"])
        // Exactly at the limit is fine: 64 levels.
        let ok = "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"x\":" + String(repeating: "[", count: 62) + String(repeating: "]", count: 62) + "}}"
        XCTAssertNoThrow(try read(ok))
        let tooDeep = "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"x\":" + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}}"
        assertGeoError(try read(tooDeep), kind: .limitExceeded, line: 1, column: 115)
    }

    func testStringLengthLimit() throws {
        let big = String(repeating: "a", count: GeoJSONReader.maxStringBytes + 1)
        let text = "{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"x\":\"" + big + "\"}}"
        assertGeoError(try read(text), kind: .limitExceeded, line: 1, column: 53, contains: ["string longer than 16 MiB"])
        let fits = String(repeating: "b", count: GeoJSONReader.maxStringBytes)
        guard case .feature(let f) = try read("{\"type\":\"Feature\",\"geometry\":null,\"properties\":{\"x\":\"" + fits + "\"}}") else { return XCTFail() }
        XCTAssertEqual(f.properties?["x"]?.stringValue?.utf8.count, GeoJSONReader.maxStringBytes)
    }

    func testMissingFileAndDirectory() throws {
        let dir = try temporaryDirectory(self)
        assertGeoError(try GeoJSONReader(contentsOf: dir.appendingPathComponent("nope.geojson")), kind: .io, contains: ["nope.geojson: cannot open: No such file"])
        assertGeoError(try GeoJSONReader(contentsOf: dir), kind: .io, contains: ["is a directory"])
    }

    func testNonMappableInputIsReadToo() throws {
        // A character device cannot be mapped: the reader falls back to reading it.
        assertGeoError(try GeoJSONReader.read(contentsOf: URL(fileURLWithPath: "/dev/null")), kind: .invalidGeoJSON,
                       contains: ["/dev/null:1:1: expected a GeoJSON object, found end of input"])
        // A pipe.
        let dir = try temporaryDirectory(self)
        let fifo = dir.appendingPathComponent("pipe.geojson")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        let text = try GeoJSONWriter.encode(.geometry(.point(c(1, 2))))
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: fifo.path) {
                h.write(Data(text))
                h.closeFile()
            }
        }
        writer.start()
        XCTAssertEqual(try GeoJSONReader.read(contentsOf: fifo), .geometry(.point(c(1, 2))))
    }

    func testErrorDescriptionFormats() {
        XCTAssertEqual(GeoFormatsError(.io, "boom").description, "boom")
        XCTAssertEqual(GeoFormatsError(.io, "boom", path: "a.csv").description, "a.csv: boom")
        XCTAssertEqual(GeoFormatsError(.csv, "bad", line: 3, column: 4).description, "<input>:3:4: bad")
        XCTAssertEqual(GeoFormatsError(.csv, "two\nlines", path: "p", line: 1).description, "p:1: two lines")
        XCTAssertEqual(GeoFormatsError(.wkt, "x", column: 9).description, "x")
    }
}
