import Foundation
import TestSupport
import XCTest
import Coordinates
@testable import GeoFormats

final class CSVReaderTests: XCTestCase {
    func testRFC4180WithBOMCRLFAndQuotes() throws {
        let text = "\u{FEFF}id,name,note\r\n1,\"Port, of \"\"Antwerp\"\"\",\"two\r\nlines\"\r\n\r\n2,plain,\r\n3,\"\",\"x\"\r\n"
        let csv = try CSVReader(string: text, path: "s.csv")
        XCTAssertEqual(csv.header, ["id", "name", "note"])
        XCTAssertEqual(csv.delimiter, UInt8(ascii: ","))
        let rs = try csv.records()
        XCTAssertEqual(rs.map(\.fields), [["1", "Port, of \"Antwerp\"", "two\r\nlines"], ["2", "plain", ""], ["3", "", "x"]])
        XCTAssertEqual(rs.map(\.line), [2, 5, 6])
        XCTAssertEqual(rs.map(\.number), [1, 2, 3])
    }

    func testLineEndingsAndDelimiterDetection() throws {
        for eol in ["\n", "\r\n", "\r"] {
            let csv = try CSVReader(string: ["a;b", "1;2", "3;\"4;5\""].joined(separator: eol) + eol)
            XCTAssertEqual(csv.delimiter, UInt8(ascii: ";"))
            XCTAssertEqual(try csv.records().map(\.fields), [["1", "2"], ["3", "4;5"]])
        }
        XCTAssertEqual(try CSVReader(string: "a\tb\n1\t2").delimiter, 9)
        XCTAssertEqual(try CSVReader(string: "\"a,b\";c\n").delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(try CSVReader(string: "single\nx\n").records().map(\.fields), [["x"]])
        XCTAssertEqual(try CSVReader(string: "a|b\n1|2", delimiter: UInt8(ascii: "|")).records().map(\.fields), [["1", "2"]])
    }

    func testErrorsCarryLineAndColumn() throws {
        assertGeoError(try CSVReader(string: "", path: "e.csv"), kind: .csv, contains: ["e.csv:1:1: no header row"])
        assertGeoError(try CSVReader(string: "\n\r\n", path: "e.csv"), kind: .csv, contains: ["no header row"])
        assertGeoError(try CSVReader(string: "a,b,c\n1,2,3\n4,5\n", path: "f.csv").records(), kind: .csv, line: 3, column: 4,
                       contains: ["f.csv:3:4: row has 2 fields but the header has 3 (missing \"c\")"])
        assertGeoError(try CSVReader(string: "a,b\n1,2\n\"x\ny\",2,3\n", path: "f.csv").records(), line: 4, column: 6,
                       contains: ["row has 3 fields but the header has 2 (first extra field here)"])
        assertGeoError(try CSVReader(string: "a,b\n1,\"open\n2,3\n", path: "q.csv").records(), line: 2, column: 3,
                       contains: ["quoted field is not closed"])
        assertGeoError(try CSVReader(string: "a,b\n1,\"x\"y\n").records(), line: 2, column: 6, contains: ["unexpected text after a closing quote"])
        var latin1 = Array("name,lon,lat\nM".utf8)
        latin1 += [0xE1, 0x6C, 0x61, 0x67, 0x61]  // "Málaga" in Windows-1252
        latin1 += Array(",1,2\n".utf8)
        assertGeoError(try CSVReader(bytes: latin1, path: "w.csv").records(), line: 2, column: 2,
                       contains: ["invalid UTF-8", "CSV UTF-8"])
    }

    func testQuoteInsideUnquotedFieldIsLiteral() throws {
        XCTAssertEqual(try CSVReader(string: "a,b\n5\" pipe,x\n").records().map(\.fields), [["5\" pipe", "x"]])
    }
}

final class CSVPointReaderTests: XCTestCase {
    func testHeaderSpellings() throws {
        let pairs: [(String, String)] = [
            ("lon", "lat"), ("LNG", "Lat"), ("long", "latitude"), ("Longitude", "Latitude"), ("x", "y"), ("X", "Y"),
            ("lon_dd", "lat_dd"), ("Longitude (deg)", "Latitude (deg)"), ("longitude [°]", "latitude [°]"), (" lon ", " lat "),
            ("decimalLongitude", "decimalLatitude"), ("Point-X", "Point-Y"), ("longitude_wgs84", "latitude_wgs84"), ("LONGITUDE", "LATITUDE"),
        ]
        for (lo, la) in pairs {
            let r = try CSVPointReader(string: "id,\(lo),\(la),drug\n7,12.5,-45.25,cocaine\n")
            let fs = try r.readFeatures()
            XCTAssertEqual(fs, [GeoJSON.Feature(geometry: .point(c(12.5, -45.25)), properties: ["id": "7", "drug": "cocaine"])], "\(lo)/\(la)")
        }
        // Preference: "longitude" over "x" when both exist; the other stays a property.
        let r = try CSVPointReader(string: "x,y,longitude,latitude\n1,2,3,4\n")
        XCTAssertEqual(r.geometryColumns, .longitudeLatitude(longitude: 2, latitude: 3))
        XCTAssertEqual(try r.readFeatures()[0].properties, ["x": "1", "y": "2"])
    }

    func testPropertiesStayStringsInColumnOrder() throws {
        let fs = try CSVPointReader(string: "amount_kg,lat,date,lon,code\n1.50,10,2021-03-04,20,007\n").readFeatures()
        XCTAssertEqual(fs[0].properties?.keys, ["amount_kg", "date", "code"])
        XCTAssertEqual(fs[0].properties?["amount_kg"], "1.50")
        XCTAssertEqual(fs[0].properties?["code"], "007")
        XCTAssertEqual(fs[0].geometry, .point(c(20, 10)))
    }

    func testWKTColumnAndBorderFiles() throws {
        let points = try CSVPointReader(string: "name,WKT\na,POINT (12.5 41.9)\nb,\"POINT Z(1 2 3)\"\n")
        XCTAssertEqual(try points.readFeatures().map(\.geometry), [.point(c(12.5, 41.9)), .point(c(1, 2))])
        let border = "id;the_geom;lon;lat\nB1;\"LINESTRING (0 0, 1 1, 2 0)\";0;0\nB2;MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)));0;0\n"
        let any = try CSVPointReader(string: border, acceptsAnyGeometry: true)
        XCTAssertEqual(any.geometryColumns, .wkt(1))
        let fs = try any.readFeatures()
        XCTAssertEqual(fs[0].geometry, .lineString([c(0, 0), c(1, 1), c(2, 0)]))
        XCTAssertEqual(fs[1].geometry, .multiPolygon([[[c(0, 0), c(1, 0), c(1, 1), c(0, 0)]]]))
        XCTAssertEqual(fs[1].properties, ["id": "B2", "lon": "0", "lat": "0"])
        // Reading points from lines is an error at the WKT cell.
        assertGeoError(try CSVPointReader(string: "name,geometry\na,\"LINESTRING (0 0, 1 1)\"\n", path: "p.csv").readFeatures(),
                       line: 2, column: 3, contains: ["p.csv:2:3: expected a POINT, found a LineString"])
    }

    func testDecimalCommaWithSemicolons() throws {
        let fs = try CSVPointReader(string: "lat;lon\n\"45,5\";12,25\n").readFeatures()
        XCTAssertEqual(fs[0].geometry, .point(c(12.25, 45.5)))
        assertGeoError(try CSVPointReader(string: "lat,lon\n\"45,5\",12\n").readFeatures(), contains: ["latitude \"45,5\" is not a number"])
    }

    func testCoordinateErrors() throws {
        let head = "id,lon,lat\n"
        assertGeoError(try CSVPointReader(string: head + "1,12.5,95\n", path: "s.csv").readFeatures(), kind: .invalidGeometry,
                       line: 2, column: 8, contains: ["s.csv:2:8: latitude 95.0 outside [-90, 90]"])
        assertGeoError(try CSVPointReader(string: head + "1,abc,5\n", path: "s.csv").readFeatures(), kind: .csv,
                       line: 2, column: 3, contains: ["s.csv:2:3: longitude \"abc\" is not a number"])
        assertGeoError(try CSVPointReader(string: head + "1,  x ,5\n").readFeatures(), line: 2, column: 5)
        assertGeoError(try CSVPointReader(string: head + "1,,5\n").readFeatures(), contains: ["longitude is empty"])
        assertGeoError(try CSVPointReader(string: head + "1,nan,5\n").readFeatures(), contains: ["\"nan\" is not a number"])
        assertGeoError(try CSVPointReader(string: head + "1,-181,5\n").readFeatures(), contains: ["longitude -181.0 outside [-180, 180]"])
        assertGeoError(try CSVPointReader(string: head + "1,2\n", path: "s.csv").readFeatures(), contains: ["s.csv:2:4: row has 2 fields"])
        assertGeoError(try CSVPointReader(string: "id,wkt\n1,\"POINT (1 2\"\n", path: "w.csv").readFeatures(), kind: .wkt,
                       line: 2, column: 14, contains: ["w.csv:2:14: WKT: expected ')', found end of text"])
        assertGeoError(try CSVPointReader(string: "id,wkt\n1,POINT (1 200)\n").readFeatures(), kind: .invalidGeometry,
                       line: 2, column: 12, contains: ["WKT: latitude 200.0 outside [-90, 90]"])
        assertGeoError(try CSVPointReader(string: "id,wkt\n1,\n").readFeatures(), contains: ["geometry (WKT) is empty"])
    }

    func testMissingColumns() throws {
        assertGeoError(try CSVPointReader(string: "id,name\n1,a\n", path: "m.csv"), kind: .csv, line: 1, column: 1,
                       contains: ["m.csv:1:1: no longitude/latitude columns", "header: id, name"])
        assertGeoError(try CSVPointReader(string: "id,lon\n1,2\n"), contains: ["found a longitude column \"lon\" but no latitude column"])
        assertGeoError(try CSVPointReader(string: "lat\n1\n"), contains: ["found a latitude column \"lat\" but no longitude column"])
    }

    func testNormalization() {
        XCTAssertEqual(CSVPointReader.normalize("\u{FEFF} Longitude (deg) "), "longitude")
        XCTAssertEqual(CSVPointReader.normalize("lat [°]"), "lat")
        XCTAssertEqual(CSVPointReader.normalize("Point X"), "point_x")
        XCTAssertEqual(CSVPointReader.normalize("lon°"), "lon")
    }
}

final class CSVWriterTests: XCTestCase {
    func testQuotingRules() throws {
        let text = try CSVWriter.encode([["a", "b,c", "say \"hi\"", "two\nlines", " pad", "cr\r", ""], [""], ["x", ""]])
        XCTAssertEqual(text, "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",\"cr\r\",\n\"\"\nx,\n")
        XCTAssertEqual(try CSVWriter.encode([["a;b", "c,d"]], delimiter: UInt8(ascii: ";"), lineEnding: .crlf), "\"a;b\";c,d\r\n")
        XCTAssertEqual(CSVWriter.field(12.5), "12.5")
        XCTAssertEqual(CSVWriter.field(.nan), "")
    }

    func testRoundTripThroughReader() throws {
        var rng = TestRandom(seed: 5)
        let pieces = ["a", ",", "\"", "\n", "\r\n", " ", "é", "🇺🇦", ";", "\t", "x y", ""]
        var rows: [[String]] = [["h1", "h2", "h3"]]
        for _ in 0..<500 {
            rows.append((0..<3).map { _ in (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() })
        }
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("t.csv")
        let n = try CSVWriter.write(to: url, header: rows[0], byteOrderMark: true) { w in
            for r in rows.dropFirst() { try w.writeRow(r) }
        }
        XCTAssertEqual(n, 500)
        let csv = try CSVReader(contentsOf: url, delimiter: UInt8(ascii: ","))
        XCTAssertEqual(csv.header, rows[0])
        XCTAssertEqual(try csv.records().map(\.fields), Array(rows.dropFirst()))
    }

    func testPointsRoundTripThroughCSV() throws {
        let dir = try temporaryDirectory(self)
        let url = dir.appendingPathComponent("points.csv")
        let coords = [c(12.345678, -45.5), c(-179.99999999999997, 89.99999999999999), c(0.1, -0.0)]
        try CSVWriter.write(to: url, header: ["name", "lon", "lat"]) { w in
            for (i, p) in coords.enumerated() { try w.writeRow(["p\(i)", CSVWriter.field(p.longitude), CSVWriter.field(p.latitude)]) }
        }
        let back = try CSVPointReader(contentsOf: url).readFeatures()
        for (p, f) in zip(coords, back) {
            guard case .point(let q)? = f.geometry else { return XCTFail() }
            XCTAssertEqual(p.longitude.bitPattern, q.longitude.bitPattern)
            XCTAssertEqual(p.latitude.bitPattern, q.latitude.bitPattern)
        }
        assertGeoError(try CSVWriter.write(to: url, header: ["a"], refusingInputs: [url]) { _ in }, kind: .outputIsInput)
    }
}

final class WKTTests: XCTestCase {
    func testEveryType() throws {
        let cases: [(String, GeoJSON.Geometry)] = [
            ("POINT (1 2)", .point(c(1, 2))),
            ("point(1.5 -2.25)", .point(c(1.5, -2.25))),
            ("POINT Z (1 2 3)", .point(c(1, 2))),
            ("POINTZM(1 2 3 4)", .point(c(1, 2))),
            ("SRID=4326;POINT(1 2)", .point(c(1, 2))),
            ("LINESTRING (0 0, 1 1, 2 2)", .lineString([c(0, 0), c(1, 1), c(2, 2)])),
            ("POLYGON ((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1))",
             .polygon([[c(0, 0), c(1, 0), c(1, 1), c(0, 0)], [c(0.1, 0.1), c(0.2, 0.1), c(0.2, 0.2), c(0.1, 0.1)]])),
            ("MULTIPOINT (1 2, 3 4)", .multiPoint([c(1, 2), c(3, 4)])),
            ("MULTIPOINT ((1 2), (3 4))", .multiPoint([c(1, 2), c(3, 4)])),
            ("MULTIPOINT EMPTY", .multiPoint([])),
            ("MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", .multiLineString([[c(0, 0), c(1, 1)], [c(2, 2), c(3, 3)]])),
            ("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
             .multiPolygon([[[c(0, 0), c(1, 0), c(1, 1), c(0, 0)]], [[c(5, 5), c(6, 5), c(6, 6), c(5, 5)]]])),
            ("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", .geometryCollection([.point(c(1, 2)), .lineString([c(0, 0), c(1, 1)])])),
            ("GEOMETRYCOLLECTION EMPTY", .geometryCollection([])),
            ("  LINESTRING M (0 0 5, 1e1 +1.5 6)  ", .lineString([c(0, 0), c(10, 1.5)])),
        ]
        for (text, g) in cases {
            XCTAssertEqual(try WKT.parse(text), g, text)
        }
        for g in sampleGeometries {
            XCTAssertEqual(try WKT.parse(WKT.string(g)), g, WKT.string(g))
        }
    }

    func testErrorsWithColumns() {
        let cases: [(String, Int, String)] = [
            ("", 1, "expected a WKT geometry"),
            ("CIRCLE (1 2)", 1, "unknown WKT geometry type CIRCLE"),
            ("POINT 1 2", 7, "expected '(' after POINT"),
            ("POINT (1)", 9, "expected a number (latitude)"),
            ("POINT (a 2)", 8, "expected a number (longitude)"),
            ("POINT (1 2) x", 13, "unexpected text after the geometry"),
            ("POINT (1 2", 11, "expected ')', found end of text"),
            ("POINT EMPTY", 1, "POINT EMPTY has no coordinates"),
            ("LINESTRING (1 2)", 1, "LineString has 1 position"),
            ("POLYGON ((0 0, 1 0, 1 1, 0 1))", 1, "Polygon ring 0 is not closed"),
            ("POINT (181 0)", 8, "longitude 181.0 outside [-180, 180]"),
            ("SRID=3857;POINT (1 2)", 6, "SRID=3857 is not WGS84"),
            ("MULTIPOINT ((1 2), 3 4", 23, "expected ',' or ')'"),
            ("POINT Q (1 2)", 7, "unexpected Q after POINT"),
        ]
        for (text, column, message) in cases {
            assertGeoError(try WKT.parse(text), column: column, contains: [message])
        }
        var deep = "POINT (1 2)"
        for _ in 0..<40 { deep = "GEOMETRYCOLLECTION (\(deep))" }
        assertGeoError(try WKT.parse(deep), kind: .limitExceeded)
    }
}
