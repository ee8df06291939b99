import Catalog
import Coordinates
import Domain
import Foundation
import Geodesy
import XCTest

/// The embedded geodata loads into domain values, and the selectors and derivations users rely on work.
final class GeodataCatalogTests: XCTestCase {
    static let geodataURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("geodata")
    let geodata = Geodata(directory: GeodataCatalogTests.geodataURL)

    func testEveryFileLoads() throws {
        XCTAssertEqual(try geodata.borders().count, 16)
        XCTAssertEqual(try geodata.checkpoints().filter { $0.borderID == "kaz-kgz" }.count, 8)
        XCTAssertGreaterThan(try geodata.settlements().count, 100)
        XCTAssertGreaterThan(try geodata.seizures().count, 5)
        XCTAssertGreaterThanOrEqual(try geodata.routes().count, 2)
        XCTAssertEqual(Set(try geodata.countries().map(\.iso3)), ["KAZ", "KGZ", "UZB", "TKM", "TJK", "AFG", "CHN", "RUS"])
        XCTAssertGreaterThan(try geodata.statistics().count, 10)
    }

    func testBorderSelectors() throws {
        let borders = try geodata.borders()
        XCTAssertEqual(try BorderCatalog.select("kgz", from: borders).map(\.id), ["kaz-kgz"])
        XCTAssertEqual(try BorderCatalog.select("KAZ-KGZ", from: borders).map(\.id), ["kaz-kgz"])
        XCTAssertEqual(try BorderCatalog.select("tjk-kgz", from: borders).map(\.id), ["tjk-kgz"])
        XCTAssertEqual(try BorderCatalog.select("all", from: borders).count, borders.count)
        XCTAssertThrowsError(try BorderCatalog.select("xyz", from: borders)) { error in
            XCTAssertTrue("\(error)".contains("unknown border 'xyz'"))
        }
    }

    func testKazakhKyrgyzLineLengthMatchesTheDocumentedFigure() throws {
        let b = try XCTUnwrap(try geodata.borders().first { $0.id == "kaz-kgz" })
        let length = b.parts.reduce(0.0) { $0 + Geodesic.wgs84.length(of: $1) }
        XCTAssertEqual(length / 1000, 1146.3, accuracy: 0.1, "geodata/README.md documents 1,146.3 km (OpenStreetMap-derived)")
        XCTAssertEqual([b.countryA, b.countryB], ["KAZ", "KGZ"])
    }

    func testSharedBorderDerivedFromPolygonsFollowsTheLine() throws {
        let derived = try SharedBorder.derive("KAZ", "KGZ", from: try geodata.countries(), toleranceMetres: 2_000)
        let line = try XCTUnwrap(try geodata.borders().first { $0.id == "kaz-kgz" })
        let derivedLength = derived.parts.reduce(0.0) { $0 + Geodesic.wgs84.length(of: $1) }
        // The polygons are generalised, so the derived line is shorter, but it is the same border.
        XCTAssertEqual(derivedLength / 1000, 1017, accuracy: 150)
        // Every derived vertex lies near the Natural Earth line (within the polygons' misalignment).
        let reference = line.parts.flatMap { $0 }
        for v in derived.parts.flatMap({ $0 }).enumerated().filter({ $0.offset % 25 == 0 }).map(\.element) {
            let d = reference.map { Geodesic.wgs84.distance(v, $0) }.min()!
            XCTAssertLessThan(d, 5_000, "\(v)")
        }
    }

    func testUnknownCountryInDerivationIsAUsageError() throws {
        XCTAssertThrowsError(try SharedBorder.derive("KAZ", "XXX", from: try geodata.countries(), toleranceMetres: 1_000)) { error in
            XCTAssertEqual((error as? CatalogError)?.kind, .badRequest)
        }
    }

    func testSeizuresKeepTheirProperties() throws {
        let s = try XCTUnwrap(try geodata.seizures().first)
        XCTAssertNotNil(s.properties["source_file"])
        XCTAssertNotNil(s.properties["source_sentence"])
        XCTAssertTrue(s.coordinate.isValidWGS84)
    }

    func testMissingGeodataFolderIsReported() {
        XCTAssertThrowsError(try GeodataDirectory.locate(explicit: "/nonexistent")) { error in
            XCTAssertEqual((error as? CatalogError)?.kind, .missingFile)
        }
    }
}
