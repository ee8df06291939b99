import Coordinates
import Geometry
import XCTest

final class OrientationTests: XCTestCase {
    let ctx = GeometryContext()

    func testRingOrientation() throws {
        XCTAssertTrue(try ctx.linearRing(square(0, 0, 1)).isCounterClockwise())
        XCTAssertFalse(try ctx.linearRing(square(0, 0, 1).reversed()).isCounterClockwise())
        XCTAssertThrowsError(try ctx.polygon(exterior: square(0, 0, 1)).isCounterClockwise())
    }

    func testForceRFC7946() throws {
        // Exterior clockwise and hole counter-clockwise: both wrong for RFC 7946.
        let wrong = try ctx.polygon(exterior: square(0, 0, 10).reversed(), holes: [square(4, 4, 2)])
        XCTAssertFalse(try wrong.hasRFC7946Orientation())
        let fixed = try wrong.orientedForRFC7946()
        XCTAssertTrue(try fixed.hasRFC7946Orientation())
        let rings = try fixed.rings()
        XCTAssertTrue(try ctx.linearRing(rings[0]).isCounterClockwise())
        XCTAssertFalse(try ctx.linearRing(rings[1]).isCounterClockwise())
        XCTAssertTrue(try fixed.topologicallyEquals(wrong))
        XCTAssertEqual(try fixed.area(), 96)
        // Already-correct rings are kept as they are.
        XCTAssertTrue(try fixed.orientedForRFC7946().equalsExact(fixed))
        // The clockwise-exterior convention.
        let esri = try fixed.oriented(exteriorCounterClockwise: false)
        XCTAssertFalse(try ctx.linearRing(try esri.rings()[0]).isCounterClockwise())
        XCTAssertFalse(try esri.hasRFC7946Orientation())
    }

    func testMultiPolygonAndCollectionsRecursed() throws {
        let mp = try ctx.multiPolygon([[square(0, 0, 1).reversed()], [square(5, 5, 1)]])
        XCTAssertFalse(try mp.hasRFC7946Orientation())
        let fixed = try mp.orientedForRFC7946()
        XCTAssertEqual(try fixed.type, .multiPolygon)
        XCTAssertTrue(try fixed.hasRFC7946Orientation())
        let gc = try ctx.collection([try ctx.point(c(0, 0)), mp])
        let fixedGC = try gc.orientedForRFC7946()
        XCTAssertEqual(try fixedGC.type, .geometryCollection)
        XCTAssertTrue(try fixedGC.hasRFC7946Orientation())
        XCTAssertTrue(try ctx.lineString([c(0, 0), c(1, 1)]).hasRFC7946Orientation())
        XCTAssertTrue(try ctx.empty(.polygon).orientedForRFC7946().isEmpty)
    }

    func testNormalizeMakesShellClockwise() throws {
        let n = try ctx.polygon(exterior: square(0, 0, 1)).normalized()
        XCTAssertFalse(try ctx.linearRing(try n.rings()[0]).isCounterClockwise())
        XCTAssertEqual(try n.rings()[0].first, c(0, 0))
        let shuffled = try ctx.polygon(exterior: [c(1, 1), c(0, 1), c(0, 0), c(1, 0)])
        XCTAssertTrue(try shuffled.normalized().equalsExact(n))
    }
}
