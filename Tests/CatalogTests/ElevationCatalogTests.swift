import Catalog
import Coordinates
import Domain
import Foundation
import XCTest

/// Reading terrain models through GDAL, in process (so the leak check runs GDAL's allocations
/// under valgrind): geodata's DEM as GDAL georeferences it, and each kind of bad raster refused
/// with its reason and status kind. The rasters are written here (ESRI ASCII grids, a PGM image).
final class ElevationCatalogTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let wgs84Prj = #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
    static let utm43Prj = #"PROJCS["WGS_1984_UTM_Zone_43N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",75.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#

    func temporary() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nroute-dem-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func grid(_ dir: URL, _ name: String, rows: [String], west: Double = 72, south: Double = 41, prj: String? = wgs84Prj) throws -> URL {
        let url = dir.appendingPathComponent(name + ".asc")
        let ncols = rows[0].split(separator: " ").count
        try ("ncols \(ncols)\nnrows \(rows.count)\nxllcorner \(west)\nyllcorner \(south)\ncellsize 0.5\nNODATA_value -9999\n" + rows.joined(separator: "\n") + "\n")
            .write(to: url, atomically: true, encoding: .utf8)
        if let prj { try prj.write(to: dir.appendingPathComponent(name + ".prj"), atomically: true, encoding: .utf8) }
        return url
    }

    func testGeodataDEM() throws {
        let g = try ElevationCatalog.read(Self.repository.appendingPathComponent("geodata/dem-kaz-kgz.tif"))
        XCTAssertEqual(g.columns, 2604)
        XCTAssertEqual(g.rows, 540)
        XCTAssertEqual(g.west, 70.1, accuracy: 1e-9)
        XCTAssertEqual(g.north, 43.85, accuracy: 1e-9)
        XCTAssertEqual(g.cellWidth, 1.0 / 240, accuracy: 1e-15)
        XCTAssertEqual(g.cellHeight, 1.0 / 240, accuracy: 1e-15)
        XCTAssertEqual(g.validCount, g.samples.count, "GEBCO has a value everywhere in the crop")
    }

    /// Reading only the part around a box gives the very cells of the whole grid there, with one
    /// cell to spare around the box; a box off the raster is refused.
    func testWindowedRead() throws {
        let url = Self.repository.appendingPathComponent("geodata/dem-kaz-kgz.tif")
        let whole = try ElevationCatalog.read(url)
        let part = try ElevationCatalog.read(url, covering: (west: 74.5, south: 42.6, east: 75.0, north: 43.0))
        XCTAssertLessThan(part.samples.count, whole.samples.count / 50)
        XCTAssertLessThanOrEqual(part.west, 74.5 - whole.cellWidth + 1e-9)
        XCTAssertGreaterThanOrEqual(part.east, 75.0 + whole.cellWidth - 1e-9)
        XCTAssertLessThanOrEqual(part.south, 42.6 - whole.cellHeight + 1e-9)
        XCTAssertGreaterThanOrEqual(part.north, 43.0 + whole.cellHeight - 1e-9)
        let c0 = Int(((part.west - whole.west) / whole.cellWidth).rounded()), r0 = Int(((whole.north - part.north) / whole.cellHeight).rounded())
        XCTAssertEqual(part.west, whole.west + Double(c0) * whole.cellWidth, accuracy: 1e-9)
        for r in 0..<part.rows {
            for c in 0..<part.columns { XCTAssertEqual(part[r, c], whole[r0 + r, c0 + c]) }
        }
        XCTAssertThrowsError(try ElevationCatalog.read(url, covering: (west: 10, south: 10, east: 11, north: 11))) { error in
            XCTAssertTrue("\(error)".contains("does not overlap the border"), "\(error)")
        }
    }

    func testSmallGridNorthRowFirstAndNodata() throws {
        let dir = try temporary()
        let url = try grid(dir, "g", rows: ["1 2 3", "4 -9999 6"])
        let g = try ElevationCatalog.read(url)
        XCTAssertEqual(g.columns, 3)
        XCTAssertEqual(g.rows, 2)
        XCTAssertEqual(g.west, 72)
        XCTAssertEqual(g.north, 42)
        XCTAssertEqual(g[0, 0], 1)
        XCTAssertEqual(g[1, 2], 6)
        XCTAssertTrue(g[1, 1].isNaN, "nodata becomes NaN")
        XCTAssertEqual(g.centre(row: 1, column: 2), Coordinate(longitude: 73.25, latitude: 41.25))
    }

    func assertRefused(_ url: URL, _ kind: CatalogError.Kind, _ reason: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try ElevationCatalog.read(url), file: file, line: line) { error in
            guard let e = error as? CatalogError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(e.kind, kind, e.description, file: file, line: line)
            XCTAssertEqual(e.file, url.path, file: file, line: line)
            XCTAssertTrue(e.reason.contains(reason), e.description, file: file, line: line)
        }
    }

    func testBadRasters() throws {
        let dir = try temporary()
        assertRefused(dir.appendingPathComponent("missing.tif"), .missingFile, "no such file")
        let text = dir.appendingPathComponent("text.tif")
        try "not a raster".write(to: text, atomically: true, encoding: .utf8)
        assertRefused(text, .badData, "not a raster GDAL can read")
        let pgm = dir.appendingPathComponent("image.pgm")
        try (Data("P5\n2 2\n255\n".utf8) + Data([1, 2, 3, 4])).write(to: pgm)
        assertRefused(pgm, .badData, "no georeference")
        assertRefused(try grid(dir, "nocrs", rows: ["1 2", "3 4"], prj: nil), .badData, "no coordinate reference system")
        assertRefused(try grid(dir, "utm", rows: ["1 2", "3 4"], west: 500_000, south: 4_700_000, prj: Self.utm43Prj), .badData, "projected CRS (WGS 84 / UTM zone 43N)")
        assertRefused(try grid(dir, "empty", rows: ["-9999 -9999", "-9999 -9999"]), .badData, "every cell of the raster is nodata")
        assertRefused(try grid(dir, "outside", rows: ["1 2", "3 4"], west: 179.5), .badData, "extent is not within longitude")
    }
}
