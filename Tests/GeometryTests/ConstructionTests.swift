import Coordinates
import Geometry
import XCTest

final class ConstructionTests: XCTestCase {
    let ctx = GeometryContext()

    func testPointAndLineRoundTrip() throws {
        let p = try ctx.point(c(71.43, 51.13))
        XCTAssertEqual(try p.type, .point)
        XCTAssertEqual(try p.coordinates(), [c(71.43, 51.13)])
        XCTAssertEqual(try p.wkt(), "POINT (71.43 51.13)")
        let coords = [c(0, 0), c(1, 1), c(2, 0.5)]
        let l = try ctx.lineString(coords)
        XCTAssertEqual(try l.type, .lineString)
        XCTAssertEqual(try l.coordinates(), coords)
        XCTAssertEqual(try l.lines(), [coords])
        XCTAssertEqual(try ctx.empty(.point).coordinates(), [])
    }

    func testPolygonClosesRingsAndReadsBack() throws {
        let exterior = [c(0, 0), c(10, 0), c(10, 10), c(0, 10)]           // not closed
        let hole = [c(2, 2), c(2, 4), c(4, 4), c(4, 2), c(2, 2)]           // closed, clockwise
        let poly = try ctx.polygon(exterior: exterior, holes: [hole])
        XCTAssertEqual(try poly.type, .polygon)
        let rings = try poly.rings()
        XCTAssertEqual(rings.count, 2)
        XCTAssertEqual(rings[0], exterior + [exterior[0]])
        XCTAssertEqual(rings[1], hole)
        XCTAssertEqual(try poly.area(), 96)
        XCTAssertEqual(try ctx.polygon(rings: rings).area(), 96)
        XCTAssertEqual(try ctx.polygon(rings: []).isEmpty, true)
        XCTAssertEqual(try ctx.polygon(rings: []).rings(), [])
        XCTAssertEqual(try poly.polygons(), [rings])
        XCTAssertThrowsError(try poly.coordinates())
        XCTAssertEqual(try ctx.linearRing(exterior).coordinates().count, 5)
    }

    func testMultiGeometriesAndCollections() throws {
        let mp = try ctx.multiPoint([c(0, 0), c(1, 1)])
        XCTAssertEqual(try mp.type, .multiPoint)
        XCTAssertEqual(try mp.numGeometries, 2)
        XCTAssertEqual(try mp.geometry(at: 1).coordinates(), [c(1, 1)])
        XCTAssertThrowsError(try mp.geometry(at: 2))

        let ml = try ctx.multiLineString([[c(0, 0), c(1, 0)], [c(0, 1), c(1, 1)]])
        XCTAssertEqual(try ml.type, .multiLineString)
        XCTAssertEqual(try ml.lines().count, 2)

        let mpoly = try ctx.multiPolygon([[square(0, 0, 1)], [square(5, 5, 2)]])
        XCTAssertEqual(try mpoly.type, .multiPolygon)
        XCTAssertEqual(try mpoly.area(), 5)
        XCTAssertEqual(try mpoly.polygons().count, 2)

        let parts = [try ctx.point(c(0, 0)), try ctx.lineString([c(0, 0), c(1, 1)])]
        let gc = try ctx.collection(parts)
        XCTAssertEqual(try gc.type, .geometryCollection)
        XCTAssertEqual(try gc.components().count, 2)
        XCTAssertEqual(try gc.allCoordinates(), [c(0, 0), c(0, 0), c(1, 1)])
        // Inputs stay usable (the collection holds copies).
        XCTAssertEqual(try parts[1].coordinates().count, 2)
        let typed = try ctx.collection([try ctx.polygon(exterior: square(0, 0, 1))], type: .multiPolygon)
        XCTAssertEqual(try typed.type, .multiPolygon)
        XCTAssertTrue(GeometryType.multiPolygon.isCollection)
        XCTAssertFalse(GeometryType.polygon.isCollection)
        XCTAssertEqual(try ctx.empty(.geometryCollection).numGeometries, 0)
    }

    func testWKTAndWKBRoundTrip() throws {
        let wkt = "MULTIPOLYGON (((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1)), ((10 10, 11 10, 11 11, 10 10)))"
        let g = try ctx.geometry(wkt: wkt)
        XCTAssertEqual(try g.wkt(), wkt)
        XCTAssertEqual(g.description, wkt)
        let back = try ctx.geometry(wkb: try g.wkb())
        XCTAssertTrue(try back.equalsExact(g))
        XCTAssertEqual(try ctx.point(c(1.0 / 3, 2)).wkt(precision: 3), "POINT (0.333 2)")
        XCTAssertThrowsError(try ctx.geometry(wkb: [1, 2, 3]))
        // Z is read and dropped on extraction.
        XCTAssertEqual(try ctx.geometry(wkt: "POINT Z (1 2 3)").coordinates(), [c(1, 2)])
    }
}
