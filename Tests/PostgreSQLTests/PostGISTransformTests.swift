import Coordinates
import Geodesy
import PostgreSQL
import TestSupport
import XCTest

/// `CRSTransformation` against PostGIS's `ST_Transform` (PostGIS calls PROJ too, through its own
/// `spatial_ref_sys` definitions): UTM 43N and 42N and Web Mercator, 500 random points each
/// around the Kazakh–Kyrgyz border, to 1e-9° (~0.1 mm).
final class PostGISTransformTests: XCTestCase {
    func testAgreesWithPostGIS() throws {
        let c = try TestServer.require().connect()
        var rng = TestRandom(seed: 32643)
        for srid in [32643, 32642, 3857] {
            let t = try CRSTransformation(from: "EPSG:\(srid)")
            var worst = 0.0
            for _ in 0..<500 {
                let lon = rng.uniform(66, 81), lat = rng.uniform(39, 45)
                let r = try c.query("SELECT ST_X(p), ST_Y(p) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326), $3::int) AS p",
                                    [String(lon), String(lat), String(srid)])
                let x = try XCTUnwrap(Double(r.string(0, 0) ?? "")), y = try XCTUnwrap(Double(r.string(0, 1) ?? ""))
                let back = try XCTUnwrap(t.wgs84(x: x, y: y))
                worst = max(worst, abs(back.longitude - lon), abs(back.latitude - lat))
            }
            XCTAssertLessThanOrEqual(worst, 1e-9, "SRID \(srid)")
        }
    }
}
