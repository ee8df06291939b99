import Foundation
import XCTest
import Coordinates
@testable import GeoFormats

/// Asserts that `body` throws a `GeoFormatsError` whose rendering contains every string in `contains`
/// and whose fields match the given ones. Returns the error.
@discardableResult
func assertGeoError<T>(_ body: @autoclosure () throws -> T, kind: GeoFormatsError.Kind? = nil,
                       line: Int? = nil, column: Int? = nil, feature: Int?? = nil,
                       contains: [String] = [], file: StaticString = #filePath, sourceLine: UInt = #line) -> GeoFormatsError? {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: sourceLine)
        return nil
    } catch let e as GeoFormatsError {
        if let kind { XCTAssertEqual(e.kind, kind, "kind of: \(e)", file: file, line: sourceLine) }
        if let line { XCTAssertEqual(e.line, line, "line of: \(e)", file: file, line: sourceLine) }
        if let column { XCTAssertEqual(e.column, column, "column of: \(e)", file: file, line: sourceLine) }
        if let feature { XCTAssertEqual(e.feature, feature, "feature of: \(e)", file: file, line: sourceLine) }
        for s in contains { XCTAssertTrue(e.description.contains(s), "\"\(e)\" should contain \"\(s)\"", file: file, line: sourceLine) }
        XCTAssertFalse(e.description.contains("\n"), "one line: \(e)", file: file, line: sourceLine)
        return e
    } catch {
        XCTFail("expected a GeoFormatsError, got \(type(of: error)): \(error)", file: file, line: sourceLine)
        return nil
    }
}

/// A fresh temporary directory, removed at the end of the test.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("geoformats-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    return dir
}

func read(_ text: String, path: String? = nil) throws -> GeoJSONDocument {
    try GeoJSONReader(string: text, path: path).read()
}

func features(_ text: String) throws -> [GeoJSON.Feature] {
    try read(text).features
}

func c(_ lon: Double, _ lat: Double) -> Coordinate { Coordinate(longitude: lon, latitude: lat) }

/// One of each geometry type.
let sampleGeometries: [GeoJSON.Geometry] = [
    .point(c(12.5, 41.9)),
    .multiPoint([c(1, 2), c(-3.25, 4.5)]),
    .multiPoint([]),
    .lineString([c(0, 0), c(1, 1), c(2, 0.5)]),
    .multiLineString([[c(0, 0), c(1, 1)], [c(-179.9, -89.9), c(180, 90)]]),
    .polygon([[c(0, 0), c(10, 0), c(10, 10), c(0, 10), c(0, 0)],
              [c(2, 2), c(2, 3), c(3, 3), c(2, 2)]]),
    .multiPolygon([[[c(0, 0), c(1, 0), c(1, 1), c(0, 0)]], [[c(5, 5), c(6, 5), c(6, 6), c(5, 5)]]]),
    .geometryCollection([.point(c(1, 1)), .lineString([c(0, 0), c(1, 1)]),
                         .geometryCollection([.point(c(-1, -1))])]),
    .geometryCollection([]),
]

/// The JSON value Foundation's JSONSerialization should produce for `v`.
func foundationEqual(_ any: Any, _ v: JSONValue) -> Bool {
    switch v {
    case .null: return any is NSNull
    case .bool(let b): return (any as? Bool) == b
    case .number(let d): return (any as? NSNumber)?.doubleValue == d
    case .string(let s): return (any as? String) == s
    case .array(let a):
        guard let fa = any as? [Any], fa.count == a.count else { return false }
        return zip(fa, a).allSatisfy { foundationEqual($0, $1) }
    case .object(let o):
        guard let fo = any as? [String: Any], fo.count == o.count else { return false }
        return o.members.allSatisfy { m in fo[m.key].map { foundationEqual($0, m.value) } ?? false }
    }
}
