import Coordinates
import GeoFormats
import Geometry
import XCTest

/// GeoFormats writes WKB itself (for GeoPackage geometry blobs); GEOS's WKB writer is the oracle:
/// the same geometry, read by GEOS from its WKT, must give the same bytes, and GEOS must read ours
/// back to the same WKT.
final class WKBOracleTests: XCTestCase {
    let geometries: [GeoJSON.Geometry] = [
        .point(c(74.7000603, 43.0302587)),
        .point(c(-0.1, -89.999999999)),
        .lineString([c(69.1, 41.2), c(70.123456789012345, 42.000000000000007), c(71.5, 42.9)]),
        .polygon([square(70, 40, 2), [c(70.5, 40.5), c(70.5, 41), c(71, 41), c(70.5, 40.5)]]),
        .multiPoint([c(1, 2), c(3, 4)]),
        .multiLineString([[c(0, 0), c(1, 1)], [c(2, 2), c(3, 3), c(4, 2)]]),
        .multiPolygon([[square(0, 0, 1)], [square(5, 5, 2), [c(5.5, 5.5), c(5.5, 6), c(6, 6), c(5.5, 5.5)]]]),
        .geometryCollection([.point(c(1, 1)), .lineString([c(0, 0), c(2, 2)])]),
    ]

    func testSameBytesAsGEOS() throws {
        let context = GeometryContext()
        for g in geometries {
            let geos = try context.geometry(wkt: WKT.string(g))
            XCTAssertEqual(WKB.bytes(g), try geos.wkb(), "WKB of \(WKT.string(g))")
            let back = try context.geometry(wkb: WKB.bytes(g))
            XCTAssertEqual(try back.wkb(), WKB.bytes(g))
        }
    }

    func testCRC32AndStoredZip() throws {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)  // the standard check value
        let zip = try ZipArchive.stored([("a.qgs", Array("<qgis/>".utf8))])
        XCTAssertEqual(Array(zip.prefix(4)), [0x50, 0x4b, 0x03, 0x04])
        XCTAssertEqual(Array(zip.suffix(22).prefix(4)), [0x50, 0x4b, 0x05, 0x06])
        XCTAssertEqual(zip.count, 30 + 5 + 7 + 46 + 5 + 22)
    }
}
