import Cartography
import Coordinates
import Foundation
import GeoFormats
import XCTest

/// The QGIS datasource of a layer written to PostGIS: QgsDataSourceUri's keywords and quoting, the
/// geometry type of the table, and no password whatever the options hold. (That QGIS opens such a
/// project from a real server, every layer valid with the table's row count, is
/// Tests/python/test_postgres_write.py.)
final class PostgresLayerSourceTests: XCTestCase {
    func layer(_ geometries: [GeoJSON.Geometry], filter: LayerGeometry? = nil) -> MapLayer {
        MapLayer(id: "coverage_test", name: "Coverage", file: "kaz-kgz-coverage.geojson", geometryFilter: filter,
                 collection: GeoJSON.FeatureCollection(features: geometries.map { GeoJSON.Feature(geometry: $0, properties: [:]) }),
                 style: LayerStyles.coveredStretches())
    }

    func testDatasourceNamesTheTableWithoutPassword() {
        let source = PostgresLayerSource(options: ["host": "127.0.0.1", "port": "55432", "dbname": "nroute db", "user": "o'brien",
                                                  "password": "s3cret", "sslmode": "require", "connect_timeout": "10"],
                                         schema: "scen\"a", tablePrefix: "kgz15_")
        let line = layer([.lineString([.init(longitude: 70, latitude: 42), .init(longitude: 71, latitude: 42)]),
                          .polygon([[.init(longitude: 70, latitude: 42), .init(longitude: 71, latitude: 42), .init(longitude: 70, latitude: 43),
                                     .init(longitude: 70, latitude: 42)]])], filter: .line)
        XCTAssertEqual(source.table(line), "kgz15_kaz_kgz_coverage_line")
        XCTAssertEqual(source.datasource(line),
                       #"dbname='nroute db' host=127.0.0.1 port=55432 user='o\'brien' sslmode=require key='fid' srid=4326 type=LineString checkPrimaryKeyUnicity='0' table="scen""a"."kgz15_kaz_kgz_coverage_line" (geom)"#)
        XCTAssertFalse(source.datasource(line).contains("s3cret"))
        XCTAssertFalse(source.datasource(line).contains("password"))
    }

    func testTableTypeIsMultiWhenAnyFeatureIs() {
        let a = Coordinate(longitude: 70, latitude: 42), b = Coordinate(longitude: 71, latitude: 42)
        XCTAssertEqual(layer([.lineString([a, b])]).wkbType, "LineString")
        XCTAssertEqual(layer([.lineString([a, b]), .multiLineString([[a, b]])]).wkbType, "MultiLineString")
        XCTAssertEqual(layer([]).wkbType, "LineString", "an empty layer: its style's geometry")
    }

    func testProjectLoadsLayersThroughThePostgresProvider() {
        let l = layer([.lineString([.init(longitude: 70, latitude: 42), .init(longitude: 71, latitude: 42)])])
        var p = QGSProject(title: "t", layers: [l], extent: MapExtent.around(minLon: 70, minLat: 42, maxLon: 71, maxLat: 43))
        p.postgres = PostgresLayerSource(options: ["dbname": "nroute"], schema: "public")
        let xml = p.xml()
        XCTAssertTrue(xml.contains(#"providerKey="postgres""#))
        XCTAssertTrue(xml.contains(#"<provider encoding="UTF-8">postgres</provider>"#))
        XCTAssertTrue(xml.contains("table=&quot;public&quot;.&quot;kaz_kgz_coverage&quot; (geom)"))
        XCTAssertFalse(xml.contains(">ogr<"))
    }
}
