import Coordinates
import Geometry
import XCTest

final class OverlayTests: XCTestCase {
    let ctx = GeometryContext()

    func testSquareMinusSquare() throws {
        let a = try ctx.polygon(exterior: square(0, 0, 4))
        let b = try ctx.polygon(exterior: square(2, 2, 4))
        XCTAssertEqual(try a.difference(b).area(), 12, accuracy: 1e-12)
        XCTAssertEqual(try a.intersection(b).area(), 4, accuracy: 1e-12)
        let u = try a.union(b)
        XCTAssertTrue(try u.isValid)
        XCTAssertEqual(try u.type, .polygon)
        XCTAssertEqual(try u.area(), 28, accuracy: 1e-12)
        XCTAssertEqual(try a.symmetricDifference(b).area(), 24, accuracy: 1e-12)
        // Inner square removed: a hole.
        let holed = try a.difference(try ctx.polygon(exterior: square(1, 1, 1)))
        XCTAssertEqual(try holed.rings().count, 2)
        XCTAssertEqual(try holed.area(), 15, accuracy: 1e-12)
    }

    func testGridSizeVariantsSnapToGrid() throws {
        let a = try ctx.polygon(exterior: square(0, 0, 4))
        let b = try ctx.polygon(exterior: [c(2.0000001, 2), c(6, 2), c(6, 6), c(2.0000001, 6)])
        let r = try a.intersection(b, gridSize: 0.001)
        XCTAssertEqual(try r.area(), 4, accuracy: 1e-12)
        XCTAssertEqual(try a.union(b, gridSize: 0.001).area(), 28, accuracy: 1e-12)
        XCTAssertEqual(try a.difference(b, gridSize: 0.001).area(), 12, accuracy: 1e-12)
    }

    func testUnaryUnionDissolves() throws {
        let squares = try (0..<4).map { i throws(GeometryError) in try ctx.polygon(exterior: square(Double(i), 0, 1.5)) }
        let dissolved = try ctx.union(of: squares)
        XCTAssertEqual(try dissolved.type, .polygon)
        XCTAssertEqual(try dissolved.area(), 4.5 * 1.5, accuracy: 1e-12)
        XCTAssertTrue(try dissolved.isValid)
        let gc = try ctx.collection(squares)
        XCTAssertTrue(try gc.unaryUnion().equalsExact(dissolved.normalized().normalized(), tolerance: 0) ||
                      gc.unaryUnion().topologicallyEquals(dissolved))
        XCTAssertTrue(try ctx.union(of: []).isEmpty)
    }

    func testBufferIsPlanarInCoordinateUnits() throws {
        let p = try ctx.point(c(0, 0))
        let disc = try p.buffer(width: 1, quadrantSegments: 64)
        XCTAssertEqual(try disc.area(), Double.pi, accuracy: 1e-3)
        let line = try ctx.lineString([c(0, 0), c(10, 0)])
        XCTAssertEqual(try line.buffer(width: 1, capStyle: .flat).area(), 20, accuracy: 1e-9)
        XCTAssertEqual(try line.buffer(width: 1, capStyle: .square, joinStyle: .mitre).area(), 24, accuracy: 1e-9)
        // Negative width erodes.
        XCTAssertEqual(try ctx.polygon(exterior: square(0, 0, 4)).buffer(width: -1, joinStyle: .mitre).area(), 4,
                       accuracy: 1e-9)
    }

    func testBoundaryLineMergeAndNode() throws {
        let sq = try ctx.polygon(exterior: square(0, 0, 2))
        let boundary = try sq.boundary()
        XCTAssertEqual(try boundary.type, .lineString)
        XCTAssertEqual(try boundary.length(), 8)

        let pieces = try ctx.multiLineString([[c(0, 0), c(1, 0)], [c(1, 0), c(2, 1)], [c(3, 3), c(2, 1)]])
        let merged = try pieces.lineMerge()
        XCTAssertEqual(try merged.type, .lineString)
        XCTAssertEqual(try merged.coordinates().count, 4)
        XCTAssertEqual(try merged.length(), try pieces.length(), accuracy: 1e-12)

        let cross = try ctx.multiLineString([[c(0, 0), c(2, 2)], [c(0, 2), c(2, 0)]])
        let noded = try cross.noded()
        XCTAssertEqual(try noded.numGeometries, 4)
        XCTAssertEqual(try noded.length(), try cross.length(), accuracy: 1e-12)
    }

    func testSnapAndSharedPaths() throws {
        let border = try ctx.lineString([c(0, 0), c(5, 0), c(10, 0)])
        let sloppy = try ctx.lineString([c(0, 0.0004), c(5, -0.0003), c(10, 0.0002)])
        let snapped = try sloppy.snapped(to: border, tolerance: 0.001)
        XCTAssertTrue(try snapped.equalsExact(border))
        XCTAssertFalse(try sloppy.snapped(to: border, tolerance: 0.0001).equalsExact(border))

        let a = try ctx.lineString([c(0, 0), c(10, 0), c(10, 5)])
        let b = try ctx.lineString([c(5, 0), c(10, 0)])
        let reversed = try ctx.lineString([c(10, 0), c(2, 0)])
        let same = try a.sharedPaths(with: b)
        XCTAssertEqual(try same.forward.length(), 5, accuracy: 1e-12)
        XCTAssertTrue(try same.backward.isEmpty)
        let opposite = try a.sharedPaths(with: reversed)
        XCTAssertEqual(try opposite.backward.length(), 8, accuracy: 1e-12)
        XCTAssertTrue(try opposite.forward.isEmpty)
        XCTAssertThrowsError(try a.sharedPaths(with: ctx.polygon(exterior: square(0, 0, 1))))
    }

    func testPolygonize() throws {
        let lines = [try ctx.lineString([c(0, 0), c(1, 0), c(1, 1)]), try ctx.lineString([c(1, 1), c(0, 1), c(0, 0)]),
                     try ctx.lineString([c(1, 1), c(3, 3)])]  // the last is a dangle
        let polys = try ctx.polygonize(lines)
        XCTAssertEqual(try polys.type, .geometryCollection)
        XCTAssertEqual(try polys.numGeometries, 1)
        XCTAssertEqual(try polys.area(), 1, accuracy: 1e-12)

        let full = try ctx.collection(lines, type: .multiLineString).polygonizeFull()
        XCTAssertEqual(try full.polygons.numGeometries, 1)
        XCTAssertEqual(try full.dangles.numGeometries, 1)
        XCTAssertTrue(try full.cutEdges.isEmpty)
        XCTAssertTrue(try full.invalidRings.isEmpty)
    }
}
