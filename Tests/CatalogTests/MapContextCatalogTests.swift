import Catalog
import Coordinates
import Domain
import Foundation
import XCTest

/// geodata's lakes and rivers load into domain values with their names, sources and licences, the
/// licences of borders, countries and settlements are read (the attribution is built from them),
/// and a malformed context file is refused with the file and the feature.
final class MapContextCatalogTests: XCTestCase {
    let geodata = Geodata(directory: GeodataCatalogTests.geodataURL)

    func testLakesAndRiversLoadWithNamesAndLicences() throws {
        let lakes = try geodata.lakes(), rivers = try geodata.rivers()
        let named = Dictionary(uniqueKeysWithValues: lakes.filter { !$0.name.isEmpty }.map { ($0.id, $0) })
        for id in ["issyk-kul", "balkhash", "kapchagay"] {
            let lake = try XCTUnwrap(named[id], id)
            XCTAssertFalse(lake.polygons.isEmpty, id)
            XCTAssertFalse(lake.source.isEmpty, id)
            XCTAssertFalse(lake.licence.isEmpty, id)
        }
        XCTAssertEqual(named["kapchagay"]?.kind, "reservoir")
        XCTAssertTrue(lakes.allSatisfy { !$0.licence.isEmpty && !$0.source.isEmpty }, "every record names its source and licence")
        XCTAssertTrue(Set(rivers.map(\.id)).isSuperset(of: ["chu", "ili", "syr-darya"]))
        XCTAssertTrue(rivers.allSatisfy { !$0.licence.isEmpty && $0.parts.allSatisfy { $0.count >= 2 } })
        XCTAssertTrue(geodata.files.map(\.lastPathComponent).contains("lakes.geojson"), "no output may overwrite it")
        XCTAssertTrue(geodata.files.map(\.lastPathComponent).contains("rivers.geojson"))
    }

    func testLicencesOfTheOtherLayersAreRead() throws {
        XCTAssertTrue(try geodata.borders().allSatisfy { !$0.licence.isEmpty })
        XCTAssertTrue(try geodata.countries().allSatisfy { !$0.licence.isEmpty })
        XCTAssertTrue(try geodata.settlements().allSatisfy { $0.licence?.isEmpty == false })
    }

    func testAMalformedContextFileNamesTheFeature() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mapctx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("lakes.geojson")
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"x"},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}"#.utf8).write(to: url)
        XCTAssertThrowsError(try MapContextCatalog.readLakes(url)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains(url.path) && text.contains("feature 0") && text.contains("a lake needs a Polygon"), text)
        }
        let rivers = dir.appendingPathComponent("rivers.geojson")
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"r"},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#.utf8).write(to: rivers)
        XCTAssertThrowsError(try MapContextCatalog.readRivers(rivers)) { error in
            XCTAssertTrue("\(error)".contains("feature 0: a river needs a LineString"), "\(error)")
        }
    }
}
