import Foundation
import TestSupport
import XCTest
import Coordinates
@testable import GeoFormats

final class GeoJSONRoundTripTests: XCTestCase {
    @discardableResult
    func roundTrip(_ doc: GeoJSONDocument, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let bytes = try GeoJSONWriter.encode(doc)
        let back = try GeoJSONReader(bytes: bytes).read()
        XCTAssertEqual(back, doc, file: file, line: line)
        return bytes
    }

    func testEveryGeometryTypeAsDocumentFeatureAndCollection() throws {
        for g in sampleGeometries {
            try roundTrip(.geometry(g))
            try roundTrip(.feature(GeoJSON.Feature(geometry: g)))
        }
        let features = sampleGeometries.enumerated().map { i, g in
            GeoJSON.Feature(id: .number(Double(i)), geometry: g, properties: ["i": .number(Double(i))])
        }
        try roundTrip(.featureCollection(GeoJSON.FeatureCollection(features: features)))
        try roundTrip(.featureCollection(GeoJSON.FeatureCollection(features: [])))
    }

    func testPropertiesOfEveryKindSurvive() throws {
        let props: JSONObject = [
            "null": .null, "t": true, "f": false, "int": 42, "neg": -7.25, "tiny": .number(.leastNonzeroMagnitude), "huge": 1.7976931348623157e308,
            "negzero": .number(-0.0), "text": "plain",
            "escapes": "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{0} del \u{7F}",
            "unicode": "Gdańsk – Ελλάδα – 東京 – emoji 🇺🇦👩‍👩‍👧 – \u{2028}\u{2029}",
            "": "empty key",
            "nested": .object(["a": .array([1, "two", .null, .object(["deep": .array([.array([true])])])]), "b": .object([:])]),
            "emptyArray": .array([]),
            "dup-order": .object(["z": 1, "a": 2, "m": 3]),
        ]
        let f = GeoJSON.Feature(id: .string("ID-ü\"1"), geometry: .point(c(0, 0)), properties: props)
        let bytes = try roundTrip(.feature(f))
        // Member order is kept.
        guard case .feature(let back) = try GeoJSONReader(bytes: bytes).read() else { return XCTFail() }
        XCTAssertEqual(back.properties?.keys, props.keys)
        XCTAssertEqual(back.properties?["nested"]?.objectValue?["b"], .object([:]))
        XCTAssertEqual(back.properties?["negzero"]?.doubleValue?.sign, .minus)
    }

    func testIdsBBoxAndNulls() throws {
        let fs = [
            GeoJSON.Feature(id: .string("a"), geometry: nil, properties: nil),
            GeoJSON.Feature(id: .number(-12.5), geometry: .point(c(1, 2)), properties: [:], bbox: [1, 2, 1, 2]),
            GeoJSON.Feature(id: .number(1e15), geometry: .lineString([c(0, 0), c(1, 1)]), bbox: [0, 0, 0, 1, 1, 100]),
            GeoJSON.Feature(id: nil, geometry: nil),
        ]
        let doc = GeoJSONDocument.featureCollection(GeoJSON.FeatureCollection(features: fs, bbox: [-180, -90, 180, 90]))
        let bytes = try roundTrip(doc)
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("\"geometry\":null,\"properties\":null"))
        XCTAssertFalse(text.contains("crs"))
    }

    func testCoordinatesRoundTripBitExactly() throws {
        var rng = TestRandom(seed: 7)
        var cs: [Coordinate] = []
        for i in 0..<20_000 {
            let lon: Double, lat: Double
            switch i % 4 {
            case 0:  // full precision
                lon = Double.random(in: -180...180, using: &rng)
                lat = Double.random(in: -90...90, using: &rng)
            case 1:  // micro-degrees, as GPS data
                lon = Double(Int.random(in: -180_000_000...180_000_000, using: &rng)) / 1e6
                lat = Double(Int.random(in: -90_000_000...90_000_000, using: &rng)) / 1e6
            case 2:  // tiny and subnormal magnitudes, exact limits
                lon = [0.0, -0.0, .leastNonzeroMagnitude, -2.2250738585072014e-308, 1e-7, 180, -180, 1e-300][i / 4 % 8]
                lat = [90.0, -90, -.leastNonzeroMagnitude, 1e-20, 0.1, 89.99999999999999, -0.0, 1e-8][i / 4 % 8]
            default:  // random bit patterns in range
                lon = Double(bitPattern: rng.next()).truncatingRemainder(dividingBy: 180)
                lat = Double(bitPattern: rng.next()).truncatingRemainder(dividingBy: 90)
            }
            if lon.isFinite && lat.isFinite { cs.append(c(lon, lat)) }
        }
        let doc = GeoJSONDocument.geometry(.multiPoint(cs))
        let bytes = try GeoJSONWriter.encode(doc)
        guard case .geometry(.multiPoint(let back)) = try GeoJSONReader(bytes: bytes).read() else { return XCTFail() }
        XCTAssertEqual(back.count, cs.count)
        for (a, b) in zip(cs, back) {
            XCTAssertEqual(a.longitude.bitPattern, b.longitude.bitPattern, "\(a.longitude)")
            XCTAssertEqual(a.latitude.bitPattern, b.latitude.bitPattern, "\(a.latitude)")
        }
        // Independent check: Foundation's JSONDecoder reads the same numbers. (Not JSONSerialization:
        // on Linux it misrounds some 17-digit decimals by one ulp, e.g. -39.66129057914222.)
        struct MultiPoint: Decodable { var type: String; var coordinates: [[Double]] }
        let decoded = try JSONDecoder().decode(MultiPoint.self, from: Data(bytes))
        XCTAssertEqual(decoded.type, "MultiPoint")
        for (a, f) in zip(cs, decoded.coordinates) {
            XCTAssertEqual(a.longitude.bitPattern, f[0].bitPattern)
            XCTAssertEqual(a.latitude.bitPattern, f[1].bitPattern)
        }
    }

    func testNumbersAreWrittenShortest() throws {
        let cases: [(Double, String)] = [(0, "0"), (-0.0, "-0"), (1, "1"), (-12.5, "-12.5"), (0.1, "0.1"),
                                         (26.416052, "26.416052"), (1e-7, "0.0000001"), (123456789012345, "123456789012345"),
                                         (0.30000000000000004, "0.30000000000000004"), (1e300, "1e+300")]
        for (v, text) in cases {
            XCTAssertEqual(NumberFormatting.string(v), text)
            XCTAssertEqual(Double(NumberFormatting.string(v))?.bitPattern, v.bitPattern)
        }
    }

    func testWrittenOutputIsValidJSONForFoundation() throws {
        let props: JSONObject = ["s": "a\"b\\c\n\u{1}ü🇺🇦", "n": 3.14, "a": .array([.null, true, .object(["x": -1])])]
        let fs = sampleGeometries.map { GeoJSON.Feature(id: .string("x"), geometry: $0, properties: props) }
        let bytes = try GeoJSONWriter.encode(.featureCollection(GeoJSON.FeatureCollection(features: fs)))
        let json = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        XCTAssertEqual(json["type"] as? String, "FeatureCollection")
        let jfs = json["features"] as! [[String: Any]]
        XCTAssertEqual(jfs.count, fs.count)
        for jf in jfs {
            XCTAssertEqual(jf["type"] as? String, "Feature")
            XCTAssertTrue(foundationEqual(jf["properties"]!, .object(props)))
        }
        let point = jfs[0]["geometry"] as! [String: Any]
        XCTAssertEqual(point["type"] as? String, "Point")
        XCTAssertEqual((point["coordinates"] as! [NSNumber]).map(\.doubleValue), [12.5, 41.9])
    }

    func testForeignFileReadsLikeFoundationReadsIt() throws {
        // Pretty-printed, members in unusual order, foreign members everywhere, altitudes, BOM.
        let text = "\u{FEFF}" + """
        {
          "name": "test", "features": [
            { "properties": { "a": [1, 2.5e3, -0.0001], "b": {"c": null} }, "geometry":
              { "coordinates": [ 10.5, 20.25, 300.0 ], "bbox": [10.5, 20.25, 10.5, 20.25], "type": "Point", "extra": {"x": [1]} },
              "type": "Feature", "id": "f1", "title": "foreign" },
            { "type": "Feature", "geometry": { "type": "GeometryCollection", "geometries": [
                { "type": "LineString", "coordinates": [[0, 0, 1], [1, 1, 2]] } ] }, "properties": {} }
          ],
          "type": "FeatureCollection", "crs": { "type": "name", "properties": { "name": "urn:ogc:def:crs:OGC:1.3:CRS84" } },
          "bbox": [0, 0, 10.5, 20.25]
        }
        """
        guard case .featureCollection(let fc) = try read(text) else { return XCTFail() }
        XCTAssertEqual(fc.bbox, [0, 0, 10.5, 20.25])
        XCTAssertEqual(fc.features.count, 2)
        XCTAssertEqual(fc.features[0].id, .string("f1"))
        XCTAssertEqual(fc.features[0].geometry, .point(c(10.5, 20.25)))
        XCTAssertEqual(fc.features[1].geometry, .geometryCollection([.lineString([c(0, 0), c(1, 1)])]))
        let json = try JSONSerialization.jsonObject(with: Data(text.dropFirst().utf8)) as! [String: Any]
        let jf = (json["features"] as! [[String: Any]])[0]
        XCTAssertTrue(foundationEqual(jf["properties"]!, .object(fc.features[0].properties!)))
    }

    func testStringEscapesDecodeLikeFoundation() throws {
        let raw = #"{"type":"Feature","geometry":null,"properties":{"k\u00e9y":"\ud83c\uddfa\ud83c\udde6 \u00fc \"q\" \\ \/ \b\f\n\r\t \u0000 \u20AC x"}}"#
        guard case .feature(let f) = try read(raw) else { return XCTFail() }
        let json = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as! [String: Any]
        XCTAssertTrue(foundationEqual(json["properties"]!, .object(f.properties!)))
        XCTAssertEqual(f.properties?["kéy"]?.stringValue, "🇺🇦 ü \"q\" \\ / \u{8}\u{C}\n\r\t \u{0} € x")
    }

    func testStreamingEqualsWholeDocumentAndRanges() throws {
        var fs: [GeoJSON.Feature] = []
        for i in 0..<500 {
            fs.append(GeoJSON.Feature(id: i % 2 == 0 ? .number(Double(i)) : .string("s\(i)"),
                                      geometry: sampleGeometries[i % sampleGeometries.count],
                                      properties: ["i": .number(Double(i)), "name": .string("n\(i % 7)")]))
        }
        let doc = GeoJSONDocument.featureCollection(GeoJSON.FeatureCollection(features: fs, bbox: [0, 0, 1, 1]))
        let bytes = try GeoJSONWriter.encode(doc)
        let reader = GeoJSONReader(bytes: bytes)
        var streamed: [GeoJSON.Feature] = []
        let n = try reader.forEachFeature { f, i in
            XCTAssertEqual(i, streamed.count)
            streamed.append(f)
        }
        XCTAssertEqual(n, fs.count)
        XCTAssertEqual(streamed, fs)
        var it = try reader.makeFeatureIterator()
        XCTAssertEqual(it.collectionBBox, [0, 0, 1, 1])
        var pulled: [GeoJSON.Feature] = []
        while let f = try it.next() { pulled.append(f) }
        XCTAssertEqual(pulled, fs)
        XCTAssertNil(try it.next())
        let ranges = try reader.featureRanges()
        XCTAssertEqual(ranges.count, fs.count)
        XCTAssertEqual(try ranges.enumerated().map { try reader.parseFeature(in: $0.element, index: $0.offset) }, fs)
        XCTAssertEqual(try reader.readFeatures(concurrency: 2), fs)
        XCTAssertEqual(try reader.readFeatures(concurrency: 1), fs)
    }

    func testSingleFeatureAndGeometryDocumentsStream() throws {
        let f = GeoJSON.Feature(id: .number(3), geometry: .point(c(1, 2)), properties: ["a": 1])
        let fb = try GeoJSONWriter.encode(.feature(f))
        XCTAssertEqual(try GeoJSONReader(bytes: fb).readFeatures(), [f])
        XCTAssertEqual(try GeoJSONReader(bytes: fb).featureRanges().count, 1)
        var seen = 0
        try GeoJSONReader(bytes: fb).forEachFeature { g, _ in XCTAssertEqual(g, f); seen += 1 }
        XCTAssertEqual(seen, 1)
        let gb = try GeoJSONWriter.encode(.geometry(.point(c(1, 2))))
        XCTAssertEqual(try GeoJSONReader(bytes: gb).readFeatures(), [GeoJSON.Feature(geometry: .point(c(1, 2)))])
        assertGeoError(try GeoJSONReader(bytes: gb).featureRanges(), contains: ["bare geometry"])
    }

    func testTypeAfterFeaturesAndCoordinatesBeforeType() throws {
        let text = #"{"features":[{"geometry":{"coordinates":[[1,2],[3,4]],"type":"LineString"},"properties":null,"type":"Feature"}],"type":"FeatureCollection"}"#
        XCTAssertEqual(try features(text), [GeoJSON.Feature(geometry: .lineString([c(1, 2), c(3, 4)]), properties: nil)])
        XCTAssertEqual(try GeoJSONReader(string: text).readFeatures(concurrency: 2).count, 1)
    }

    func testFileReadingAndWritingThroughAtomicFile() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("out.geojson")
        let fs = sampleGeometries.map { GeoJSON.Feature(geometry: $0) }
        let n = try GeoJSONWriter.writeFeatureCollection(to: url) { w in for f in fs { try w.write(f) } }
        XCTAssertEqual(n, fs.count)
        XCTAssertEqual(try GeoJSONReader.read(contentsOf: url).features, fs)
        XCTAssertEqual(try GeoJSONReader(contentsOf: url).readFeatures(concurrency: 2), fs)
        try GeoJSONWriter.write(.geometry(.point(c(1, 1))), to: url)
        XCTAssertEqual(try GeoJSONReader.read(contentsOf: url), .geometry(.point(c(1, 1))))
        // Empty file: a clear error, not a crash.
        let empty = dir.appendingPathComponent("empty.geojson")
        _ = FileManager.default.createFile(atPath: empty.path, contents: Data())
        assertGeoError(try GeoJSONReader.read(contentsOf: empty), contains: ["empty.geojson:1:1", "end of input"])
    }

    /// Large enough (> 2 MiB) for `readFeatures` to split the text between two threads.
    func bigCollection(_ n: Int, nested: Bool = false, pretty: Bool = false) -> (GeoJSONDocument, [UInt8]) {
        var fs: [GeoJSON.Feature] = []
        for i in 0..<n {
            var props: JSONObject = ["i": .number(Double(i)), "date": .string("2020-01-\(i % 28 + 1)"), "text": .string(String(repeating: "x", count: i % 50))]
            if nested {
                // Feature-looking objects inside properties: cut guesses may land there.
                props["inner"] = .array((0..<20).map { k in .object(["type": "Feature", "k": .number(Double(k))]) })
            }
            fs.append(GeoJSON.Feature(geometry: .point(c(Double(i % 360) - 180, Double(i % 180) - 90)), properties: props))
        }
        let doc = GeoJSONDocument.featureCollection(GeoJSON.FeatureCollection(features: fs))
        var bytes = try! GeoJSONWriter.encode(doc)
        if pretty {
            let text = String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: "{\"type\":\"Feature\",", with: "{ \"type\" : \"Feature\" ,\n  ")
                .replacingOccurrences(of: "},\n", with: "} ,\n\n")
            bytes = Array(text.utf8)
        }
        return (doc, bytes)
    }

    func testParallelReadEqualsSequential() throws {
        for (nested, pretty) in [(false, false), (true, false), (false, true)] {
            let (doc, bytes) = bigCollection(nested ? 300 : 1000, nested: nested, pretty: pretty)
            let reader = GeoJSONReader(bytes: bytes)
            for threads in [2, 3, 8, 40] {
                XCTAssertEqual(try reader.readFeatures(concurrency: threads, minimumPartBytes: 1000), doc.features,
                               "nested \(nested) pretty \(pretty) threads \(threads)")
            }
        }
        // The public entry point splits only texts of more than 2 MiB.
        let (doc, bytes) = bigCollection(22_000)
        XCTAssertGreaterThan(bytes.count, 2 << 20)
        XCTAssertEqual(try GeoJSONReader(bytes: bytes).readFeatures(concurrency: 2), doc.features)
    }

    func testParallelReadReportsTheFirstErrorWithItsFeatureIndex() throws {
        let (_, bytes) = bigCollection(3000)
        var text = String(decoding: bytes, as: UTF8.self)
        // Errors near the end, in the middle and at the start: same as the sequential reader.
        for target in [2990, 1501, 1000, 3] {
            var t = text
            let marker = "\"i\":\(target),"
            t = t.replacingOccurrences(of: "{\"i\":\(target),", with: "{\"i\":\(target),\"bad\":[1,},")
            XCTAssertTrue(t.contains(marker))
            let sequential = assertGeoError(try GeoJSONReader(string: t).read(), kind: .syntax, feature: .some(target))
            for threads in [2, 3, 7] {
                let parallel = assertGeoError(try GeoJSONReader(string: t).readFeatures(concurrency: threads, minimumPartBytes: 1000),
                                              kind: .syntax, feature: .some(target))
                XCTAssertEqual(sequential, parallel)
            }
        }
        // Trailing garbage after the collection is still found.
        text += "x"
        assertGeoError(try GeoJSONReader(string: text).readFeatures(concurrency: 3, minimumPartBytes: 1000), contains: ["unexpected data after"])
    }
}
