import Coordinates
import Geometry
import XCTest

final class PredicateAndMeasureTests: XCTestCase {
    let ctx = GeometryContext()

    func testPredicates() throws {
        let big = try ctx.polygon(exterior: square(0, 0, 10))
        let small = try ctx.polygon(exterior: square(2, 2, 2))
        let edge = try ctx.point(c(0, 5))
        let outside = try ctx.point(c(20, 20))
        let neighbour = try ctx.polygon(exterior: square(10, 0, 5))
        let overlapping = try ctx.polygon(exterior: square(8, 8, 5))
        let crossing = try ctx.lineString([c(-1, 5), c(11, 5)])

        XCTAssertTrue(try big.contains(small))
        XCTAssertTrue(try small.within(big))
        XCTAssertTrue(try big.covers(small))
        XCTAssertTrue(try small.coveredBy(big))
        XCTAssertFalse(try big.contains(edge), "a boundary point is not contained")
        XCTAssertTrue(try big.covers(edge), "but it is covered")
        XCTAssertTrue(try big.intersects(edge))
        XCTAssertTrue(try big.disjoint(outside))
        XCTAssertFalse(try big.intersects(outside))
        XCTAssertTrue(try big.touches(neighbour))
        XCTAssertTrue(try big.overlaps(overlapping))
        XCTAssertTrue(try crossing.crosses(big))
        let rotated = try ctx.polygon(exterior: [c(10, 0), c(10, 10), c(0, 10), c(0, 0), c(10, 0)])
        XCTAssertTrue(try big.topologicallyEquals(rotated))
        XCTAssertFalse(try big.equalsExact(rotated))
        XCTAssertTrue(try big.equalsExact(try ctx.polygon(exterior: square(0, 0, 10.0000001)), tolerance: 1e-6))
    }

    func testDistanceAndNearestPoints() throws {
        let a = try ctx.polygon(exterior: square(0, 0, 1))
        let p = try ctx.point(c(4, 5))
        XCTAssertEqual(try a.distance(to: p), 5, accuracy: 1e-12)
        let pair = try XCTUnwrap(try a.nearestPoints(with: p))
        XCTAssertEqual(pair.0, c(1, 1))
        XCTAssertEqual(pair.1, c(4, 5))
        XCTAssertNil(try a.nearestPoints(with: ctx.empty(.point)))
        XCTAssertEqual(try a.distance(to: ctx.polygon(exterior: square(0.5, 0.5, 1))), 0)
    }

    func testEnvelopeBoundsAreaLength() throws {
        let tri = try ctx.polygon(exterior: [c(1, 2), c(5, 2), c(3, 7)])
        XCTAssertEqual(try tri.bounds(), Bounds(minX: 1, minY: 2, maxX: 5, maxY: 7))
        XCTAssertEqual(try tri.bounds()?.width, 4)
        let env = try tri.envelope()
        XCTAssertEqual(try env.type, .polygon)
        XCTAssertEqual(try env.area(), 20)
        XCTAssertNil(try ctx.empty(.polygon).bounds())
        XCTAssertEqual(try tri.area(), 10)
        XCTAssertEqual(try ctx.lineString([c(0, 0), c(3, 4)]).length(), 5)
        XCTAssertEqual(try ctx.point(c(1, 1)).envelope().type, .point)
    }

    func testPreparedPointInPolygon() throws {
        let holed = try ctx.polygon(exterior: square(0, 0, 10), holes: [square(4, 4, 2)])
        let prepared = try holed.prepared()
        XCTAssertTrue(try prepared.contains(c(1, 1)))
        XCTAssertFalse(try prepared.contains(c(5, 5)), "inside the hole")
        XCTAssertFalse(try prepared.contains(c(11, 1)))
        XCTAssertFalse(try prepared.contains(c(0, 3)), "boundary is not interior")
        XCTAssertTrue(try prepared.covers(c(0, 3)))
        XCTAssertTrue(try prepared.intersects(c(4, 5)), "hole boundary")
        XCTAssertTrue(try prepared.contains(try ctx.polygon(exterior: square(1, 1, 1))))
        XCTAssertTrue(try prepared.containsProperly(try ctx.polygon(exterior: square(1, 1, 1))))
        XCTAssertTrue(try prepared.covers(try ctx.lineString([c(0, 0), c(0, 10)])))
        XCTAssertTrue(try prepared.intersects(try ctx.lineString([c(-1, -1), c(1, 1)])))
        XCTAssertTrue(try prepared.disjoint(try ctx.point(c(5, 5))))
        XCTAssertTrue(try prepared.coveredBy(try ctx.polygon(exterior: square(-1, -1, 20))))
        XCTAssertTrue(try prepared.within(try ctx.polygon(exterior: square(-1, -1, 20))))
        XCTAssertTrue(try prepared.touches(try ctx.polygon(exterior: square(10, 0, 1))))
        // Agrees with the unprepared predicate on a grid.
        for x in stride(from: -1.0, through: 11, by: 0.5) {
            for y in stride(from: -1.0, through: 11, by: 0.5) {
                let pt = try ctx.point(c(x, y))
                XCTAssertEqual(try prepared.contains(c(x, y)), try holed.contains(pt))
                XCTAssertEqual(try prepared.covers(c(x, y)), try holed.covers(pt))
            }
        }
    }
}
