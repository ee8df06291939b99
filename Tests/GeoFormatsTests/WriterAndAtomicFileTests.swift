import Foundation
import XCTest
import Coordinates
@testable import GeoFormats
#if canImport(Glibc)
import Glibc
#endif

final class GeoJSONWriterTests: XCTestCase {
    func testExactOutputLayout() throws {
        let f = GeoJSON.Feature(id: .number(7), geometry: .point(c(1.5, -2)), properties: ["a": "x\"y", "b": .null], bbox: [1.5, -2, 1.5, -2])
        let text = try GeoJSONWriter.encodeString(.featureCollection(GeoJSON.FeatureCollection(features: [f, f], bbox: [0, 0, 1, 1])))
        XCTAssertEqual(text, """
        {"type":"FeatureCollection","bbox":[0,0,1,1],"features":[
        {"type":"Feature","id":7,"bbox":[1.5,-2,1.5,-2],"geometry":{"type":"Point","coordinates":[1.5,-2]},"properties":{"a":"x\\"y","b":null}},
        {"type":"Feature","id":7,"bbox":[1.5,-2,1.5,-2],"geometry":{"type":"Point","coordinates":[1.5,-2]},"properties":{"a":"x\\"y","b":null}}
        ]}

        """)
        XCTAssertEqual(try GeoJSONWriter.encodeString(.featureCollection(GeoJSON.FeatureCollection(features: []))),
                       "{\"type\":\"FeatureCollection\",\"features\":[\n]}\n")
    }

    func testControlCharactersAreEscaped() throws {
        let s = String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }) + "\"\\/é"
        let text = try GeoJSONWriter.encodeString(.feature(GeoJSON.Feature(geometry: nil, properties: ["s": .string(s)])))
        XCTAssertTrue(text.contains(#"\u0000\u0001"#))
        XCTAssertTrue(text.contains(#"\b\t\n\u000b\f\r"#))
        XCTAssertTrue(text.contains(#"\u001f\"\\/é"#))
        guard case .feature(let back) = try read(text) else { return XCTFail() }
        XCTAssertEqual(back.properties?["s"]?.stringValue, s)
    }

    func testUnwritableValuesAreErrorsWithFeatureIndex() throws {
        let sink = ByteSink()
        let w = GeoJSONWriter(sink: sink)
        try w.beginFeatureCollection()
        try w.write(GeoJSON.Feature(geometry: .point(c(1, 2))))
        assertGeoError(try w.write(GeoJSON.Feature(geometry: nil, properties: ["x": .number(.nan)])),
                       kind: .unwritable, feature: .some(1), contains: ["feature 1: cannot write: non-finite number nan"])
        assertGeoError(try w.write(GeoJSON.Feature(geometry: .point(c(200, 0)))),
                       kind: .invalidGeometry, contains: ["cannot write: longitude 200.0 outside [-180, 180]"])
        assertGeoError(try w.write(GeoJSON.Feature(geometry: .point(c(.infinity, 0)))), kind: .invalidGeometry)
        assertGeoError(try w.write(GeoJSON.Feature(geometry: .lineString([c(1, 1)]))), contains: ["LineString has 1 position"])
        assertGeoError(try w.write(GeoJSON.Feature(geometry: .polygon([[c(0, 0), c(1, 0), c(1, 1), c(0, 1)]]))), contains: ["is not closed"])
        assertGeoError(try w.write(GeoJSON.Feature(id: .number(.infinity), geometry: nil)), kind: .unwritable)
        var deep: JSONValue = 1
        for _ in 0..<70 { deep = .array([deep]) }
        assertGeoError(try w.write(GeoJSON.Feature(geometry: nil, properties: ["d": deep])), kind: .limitExceeded)
        var gc = GeoJSON.Geometry.point(c(0, 0))
        for _ in 0..<40 { gc = .geometryCollection([gc]) }
        assertGeoError(try GeoJSONWriter.encode(.geometry(gc)))
        assertGeoError(try GeoJSONWriter(sink: ByteSink()).write(GeoJSON.Feature(geometry: nil)), contains: ["outside beginFeatureCollection"])
    }

    func testLargeStringsAndBufferFlushes() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("big.geojson")
        let big = String(repeating: "é\"x", count: 700_000)  // escapes across several 1 MiB buffers
        let fs = (0..<3).map { GeoJSON.Feature(geometry: .point(c(Double($0), 0)), properties: ["s": .string(big)]) }
        try GeoJSONWriter.writeFeatureCollection(to: url) { w in for f in fs { try w.write(f) } }
        XCTAssertEqual(try GeoJSONReader(contentsOf: url).readFeatures(), fs)
    }
}

final class AtomicFileTests: XCTestCase {
    func files(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    func testWritesAndReplaces() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("out.txt")
        try AtomicFile.writeText("one\n", to: url)
        try AtomicFile.writeBytes(Array("two\n".utf8), to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "two\n")
        let n = try AtomicFile.write(to: url) { sink -> Int in
            try sink.write("three ")
            try sink.write(number: 2.5)
            try sink.write(integer: -42)
            return sink.totalBytes
        }
        XCTAssertEqual(n, 12)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "three 2.5-42")
        XCTAssertEqual(try files(dir), ["out.txt"])
    }

    struct Boom: Error {}

    func testThrowLeavesNoTempFileAndKeepsTheOldTarget() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("out.geojson")
        try AtomicFile.writeText("old", to: url)
        XCTAssertThrowsError(try AtomicFile.write(to: url) { sink in
            try sink.write(String(repeating: "x", count: 3 << 20))  // several flushes happened
            throw Boom()
        }) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try files(dir), ["out.geojson"])
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "old")
        // A writer error mid-way (invalid feature) too, and for a new file nothing appears.
        let fresh = dir.appendingPathComponent("new.geojson")
        assertGeoError(try GeoJSONWriter.writeFeatureCollection(to: fresh) { w in
            try w.write(GeoJSON.Feature(geometry: .point(c(1, 1))))
            try w.write(GeoJSON.Feature(geometry: .point(c(1, 100))))
        }, contains: ["latitude 100.0"])
        XCTAssertEqual(try files(dir), ["out.geojson"])
    }

    func testRefusesToOverwriteAnInput() throws {
        let dir = try temporaryDirectory(self)
        let input = dir.appendingPathComponent("seizures.geojson")
        try AtomicFile.writeText("data", to: input)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("link.geojson"), withDestinationURL: input)
        XCTAssertEqual(link(input.path, dir.appendingPathComponent("hard.geojson").path), 0)
        let sameFiles = [
            input,
            URL(fileURLWithPath: dir.path + "/sub/../seizures.geojson"),
            URL(fileURLWithPath: dir.path + "/./seizures.geojson"),
            dir.appendingPathComponent("link.geojson"),
            dir.appendingPathComponent("hard.geojson"),
        ]
        for out in sameFiles {
            assertGeoError(try AtomicFile.writeText("oops", to: out, refusingInputs: [dir.appendingPathComponent("other"), input]),
                           kind: .outputIsInput, contains: ["output is the same file as input", "seizures.geojson"])
            // Also when the input is named through the link.
            assertGeoError(try AtomicFile.checkNotInput(input, inputs: [out]), kind: .outputIsInput)
        }
        XCTAssertEqual(try String(contentsOf: input, encoding: .utf8), "data")
        XCTAssertNoThrow(try AtomicFile.writeText("ok", to: dir.appendingPathComponent("out.geojson"), refusingInputs: [input]))
        assertGeoError(try AtomicFile.writeText("x", to: dir.appendingPathComponent("sub"), refusingInputs: []), kind: .io, contains: ["is a directory"])
        assertGeoError(try AtomicFile.writeText("x", to: dir.appendingPathComponent("missing/out.txt")), kind: .io, contains: ["does not exist"])
    }

    func testKeepsPermissionsAndSymlinks() throws {
        let dir = try temporaryDirectory(self)
        let target = dir.appendingPathComponent("real.txt")
        try AtomicFile.writeText("v1", to: target)
        XCTAssertEqual(chmod(target.path, 0o640), 0)
        let linkURL = dir.appendingPathComponent("alias.txt")
        try FileManager.default.createSymbolicLink(at: linkURL, withDestinationURL: target)
        try AtomicFile.writeText("v2", to: linkURL, durable: true)
        XCTAssertEqual(try String(contentsOf: target, encoding: .utf8), "v2")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: linkURL.path), target.path)
        var st = stat()
        XCTAssertEqual(stat(target.path, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o640)
        XCTAssertEqual(try files(dir), ["alias.txt", "real.txt"])
    }

    func testSinkIsClosedAfterTheBlock() throws {
        let dir = try temporaryDirectory(self)
        var escaped: ByteSink?
        try AtomicFile.write(to: dir.appendingPathComponent("a")) { sink in escaped = sink }
        assertGeoError(try escaped!.write(Array(repeating: UInt8(0), count: 2 << 20)), contains: ["write after the output was closed"])
        assertGeoError(try escaped!.write(UInt8(1)), contains: ["write after the output was closed"])
        assertGeoError(try escaped!.write(number: 1), contains: ["write after the output was closed"])
    }
}
