import GeoFormats
import PostgreSQL
import XCTest

/// `WKBReader` on PostGIS's own WKB: the server's `ST_AsBinary` and `ST_AsEWKB` of geometries
/// given as WKT read back to what GeoFormats' WKT parser makes of the same text (exactly).
final class PostGISWKBTests: XCTestCase {
    func testServerWKBReadsAsItsWKT() throws {
        let c = try TestServer.require().connect()
        let texts = [
            "POINT (74.6 42.87)", "POINT Z (74.6 42.87 900)", "POINT M (1 2 3)", "POINT ZM (1 2 3 4)",
            "LINESTRING (0.1 0.2, -179.9 89.9, 3 4)", "POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.2, 0.3 0.2, 0.3 0.3, 0.2 0.2))",
            "MULTIPOINT ((1 2), (3 4))", "MULTILINESTRING ((1 2, 3 4), (5 6, 7 8))",
            "MULTIPOLYGON (((0 0, 2 0, 0 2, 0 0)), ((10 10, 12 10, 10 12, 10 10)))",
            "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (1 1, 2 2))", "GEOMETRYCOLLECTION Z (POINT Z (1 1 5), LINESTRING Z (1 1 1, 2 2 2))",
        ]
        for text in texts {
            let r = try c.query("SELECT ST_AsBinary(g), ST_AsEWKB(ST_SetSRID(g, 32643)), ST_AsBinary(g, 'XDR') FROM ST_GeomFromText($1) AS g", [text])
            let expected = try WKT.parse(text)
            for column in 0..<3 {
                let wkb = try XCTUnwrap(r.bytea(0, column), text)
                XCTAssertEqual(try WKBReader.geometry(wkb), expected, "\(text), column \(column)")
            }
        }
    }
}
