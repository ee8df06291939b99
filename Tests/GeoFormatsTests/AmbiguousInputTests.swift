import Coordinates
@testable import GeoFormats
import XCTest

/// Input that could be read two ways is reported with its position, never resolved silently.
final class AmbiguousInputTests: XCTestCase {
    func feature(_ geometry: String, extra: String = "") -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"\(extra),\"geometry\":\(geometry),\"properties\":{\"a\":1}}]}"
    }

    func testRepeatedGeoJSONMembersAreReported() throws {
        assertGeoError(try read(feature("{\"type\":\"Point\",\"coordinates\":[74.6,43],\"coordinates\":[75,44]}")),
                       kind: .invalidGeoJSON, contains: ["duplicate member \"coordinates\" in a geometry"])
        // "type" not first (the look-ahead path) and repeated.
        assertGeoError(try read(feature("{\"coordinates\":[74.6,43],\"type\":\"Point\",\"type\":\"Point\"}")),
                       kind: .invalidGeoJSON, contains: ["duplicate member \"type\" in a geometry"])
        assertGeoError(try read(feature("{\"type\":\"Point\",\"coordinates\":[1,2]}", extra: ",\"geometry\":null")),
                       kind: .invalidGeoJSON, contains: ["duplicate member \"geometry\" in a Feature"])
        assertGeoError(try read(feature("null", extra: ",\"properties\":{},\"id\":1,\"id\":2")),
                       kind: .invalidGeoJSON, contains: ["duplicate member \"id\" in a Feature"])
        // One of each is fine, in any order, foreign members included.
        let doc = try read(feature("{\"bbox\":[1,2,1,2],\"coordinates\":[1,2],\"type\":\"Point\",\"x\":1}", extra: ",\"y\":[1]"))
        XCTAssertEqual(doc.features.first?.geometry, .point(Coordinate(longitude: 1, latitude: 2)))
    }

    func testTheFastPathDeclinesWhatTheFullReaderReports() throws {
        let text = feature("{\"type\":\"Point\",\"coordinates\":[74.6,43],\"coordinates\":[75,44]}")
        let reader = try GeoJSONReader(string: text)
        let ranges = try reader.featureRanges()
        var scanner = PointFeatureScanner(reader: reader)
        XCTAssertFalse(scanner.scan(ranges[0]), "the point scanner must leave a repeated member to the full reader")
        assertGeoError(try reader.parseFeature(in: ranges[0], index: 0), contains: ["duplicate member \"coordinates\""])
    }

    func testCSVColumnsOfTheSameNameAreReported() {
        assertGeoError(try CSVPointReader(string: "id,longitude,latitude,Longitude\n1,74,43,75\n", path: "s.csv"), kind: .csv,
                       line: 1, column: 4, contains: ["s.csv", "columns 2 (\"longitude\") and 4 (\"Longitude\") have the same name"])
        assertGeoError(try CSVPointReader(string: "lon,lat,drug,drug\n74,43,a,b\n", path: "s.csv"), kind: .csv,
                       contains: ["columns 3 (\"drug\") and 4 (\"drug\")"])
        // Different names for longitude stay a matter of preference (longitude over x).
        XCTAssertNoThrow(try CSVPointReader(string: "x,y,longitude,latitude\n1,2,3,4\n"))
    }

    func testWKTOrdinatesMustMatchTheirTag() throws {
        assertGeoError(try WKT.parse("POINT (74.6 43 1 2)"), contains: ["4 numbers where no Z/M tag means 2 or 3"])
        assertGeoError(try WKT.parse("POINT Z (74.6 43)"), contains: ["2 numbers where Z means 3"])
        assertGeoError(try WKT.parse("LINESTRING M (74.6 43 1, 75 44 2 3)"), contains: ["4 numbers where M means 3"])
        assertGeoError(try WKT.parse("POINTZM (74.6 43 1)"), contains: ["3 numbers where ZM means 4"])
        assertGeoError(try WKT.parse("POINT Z M (1 2 3)"), contains: [])
        let c = Coordinate(longitude: 74.6, latitude: 43)
        XCTAssertEqual(try WKT.parse("POINT (74.6 43)"), .point(c))
        XCTAssertEqual(try WKT.parse("POINT (74.6 43 900)"), .point(c), "three untagged ordinates: x y z")
        XCTAssertEqual(try WKT.parse("POINT ZM (74.6 43 900 5)"), .point(c))
        XCTAssertEqual(try WKT.parse("POINTM(74.6 43 5)"), .point(c))
    }
}
