import Coordinates
import Geometry
import XCTest

final class ValidityTests: XCTestCase {
    let ctx = GeometryContext()

    func testBowTieIsInvalidAndMakeValidFixesIt() throws {
        let bowtie = try ctx.geometry(wkt: "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))")
        XCTAssertFalse(try bowtie.isValid)
        let reason = try bowtie.validityReason()
        XCTAssertTrue(reason.hasPrefix("Self-intersection"), reason)
        XCTAssertTrue(reason.contains("0.5 0.5"), reason)

        let fixed = try bowtie.makeValid()
        XCTAssertTrue(try fixed.isValid)
        XCTAssertEqual(try fixed.type, .multiPolygon)
        XCTAssertEqual(try fixed.numGeometries, 2)
        XCTAssertEqual(try fixed.area(), 0.5, accuracy: 1e-12)

        let structural = try bowtie.makeValid(method: .structure)
        XCTAssertTrue(try structural.isValid)
        XCTAssertEqual(try structural.area(), 0.5, accuracy: 1e-12)
    }

    func testValidGeometry() throws {
        let sq = try ctx.polygon(exterior: square(0, 0, 1))
        XCTAssertTrue(try sq.isValid)
        XCTAssertEqual(try sq.validityReason(), "Valid Geometry")
        XCTAssertTrue(try sq.makeValid().equalsExact(sq))
    }

    func testHoleOutsideShellIsInvalid() throws {
        let g = try ctx.polygon(exterior: square(0, 0, 1), holes: [square(5, 5, 1)])
        XCTAssertFalse(try g.isValid)
        let reason = try g.validityReason()
        XCTAssertTrue(reason.contains("Hole lies outside shell"), reason)
    }
}
