import Coordinates
import GeoFormats
import TestSupport
import XCTest

/// `WKBReader` against `WKB` (the writer GEOS checks byte for byte, `WKBOracleTests`), by hand-built
/// big-endian, Z/M/ZM and EWKB values, and on malformed input. (Against PostGIS's own WKB for
/// geometries given as WKT: `PostgreSQLTests.PostGISWKBTests`.)
final class WKBReaderTests: XCTestCase {
    let samples: [GeoJSON.Geometry] = [
        .point(Coordinate(longitude: 74.6, latitude: 42.87)),
        .lineString([Coordinate(longitude: 0.1, latitude: -1e-300), Coordinate(longitude: -179.999999999, latitude: 89.5)]),
        .polygon([[Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 1, latitude: 0), Coordinate(longitude: 1, latitude: 1), Coordinate(longitude: 0, latitude: 0)]]),
        .multiPoint([Coordinate(longitude: 1, latitude: 2), Coordinate(longitude: 3, latitude: 4)]),
        .multiLineString([[Coordinate(longitude: 1, latitude: 2), Coordinate(longitude: 3, latitude: 4)], [Coordinate(longitude: 5, latitude: 6), Coordinate(longitude: 7, latitude: 8)]]),
        .multiPolygon([[[Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 2, latitude: 0), Coordinate(longitude: 0, latitude: 2), Coordinate(longitude: 0, latitude: 0)]]]),
        .geometryCollection([.point(Coordinate(longitude: 1, latitude: 1)), .lineString([Coordinate(longitude: 1, latitude: 1), Coordinate(longitude: 2, latitude: 2)])]),
    ]

    func testReadsWhatTheWriterWritesBitForBit() throws {
        for g in samples { XCTAssertEqual(try WKBReader.geometry(WKB.bytes(g)), g) }
        var rng = TestRandom(seed: 19)
        for _ in 0..<500 {
            let cs = (0..<Int(rng.uniform(2, 20))).map { _ in Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-90, 90)) }
            XCTAssertEqual(try WKBReader.geometry(WKB.bytes(.lineString(cs))), .lineString(cs))
        }
    }

    func testBigEndianAndExtraOrdinates() throws {
        func be32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian) { Array($0) } }
        func be64(_ d: Double) -> [UInt8] { withUnsafeBytes(of: d.bitPattern.bigEndian) { Array($0) } }
        func le32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        func le64(_ d: Double) -> [UInt8] { withUnsafeBytes(of: d.bitPattern.littleEndian) { Array($0) } }
        let p = Coordinate(longitude: 71.25, latitude: 42.5)
        XCTAssertEqual(try WKBReader.geometry([0] + be32(1) + be64(71.25) + be64(42.5)), .point(p))
        // ISO Z (1001), M (2001), ZM (3001): the third and fourth ordinates dropped.
        XCTAssertEqual(try WKBReader.geometry([1] + le32(1001) + le64(71.25) + le64(42.5) + le64(900)), .point(p))
        XCTAssertEqual(try WKBReader.geometry([1] + le32(2001) + le64(71.25) + le64(42.5) + le64(7)), .point(p))
        XCTAssertEqual(try WKBReader.geometry([1] + le32(3002) + le32(1) + le64(71.25) + le64(42.5) + le64(900) + le64(7)), .lineString([p]))
        // EWKB: Z flag and an SRID.
        XCTAssertEqual(try WKBReader.geometry([1] + le32(0xA000_0001) + le32(32643) + le64(71.25) + le64(42.5) + le64(900)), .point(p))
    }

    func testMalformedInputIsAnErrorNeverACrash() {
        let good = WKB.bytes(samples[5])
        for n in 0..<good.count { XCTAssertThrowsError(try WKBReader.geometry(Array(good.prefix(n))), "prefix \(n)") }
        XCTAssertThrowsError(try WKBReader.geometry(good + [0]))
        XCTAssertThrowsError(try WKBReader.geometry([2, 1, 0, 0, 0]))
        XCTAssertThrowsError(try WKBReader.geometry([1, 8, 0, 0, 0]))  // CircularString
        var huge = WKB.bytes(.lineString([]))
        huge.replaceSubrange(5..<9, with: [0xFF, 0xFF, 0xFF, 0x7F])
        XCTAssertThrowsError(try WKBReader.geometry(huge))
        XCTAssertThrowsError(try WKBReader.geometry(WKB.bytes(.point(Coordinate(longitude: .nan, latitude: .nan))))) { e in
            XCTAssertEqual((e as? WKBReader.Failure)?.message, "an empty point")
        }
        var deep: [UInt8] = []
        for _ in 0..<100 { deep += [1, 7, 0, 0, 0, 1, 0, 0, 0] }
        XCTAssertThrowsError(try WKBReader.geometry(deep))
    }
}
