import Coordinates
import Geometry
import XCTest

final class ContextAndErrorTests: XCTestCase {
    func testVersionIsAtLeast311() {
        XCTAssertTrue(GeometryContext.geosVersion.hasPrefix("3."), GeometryContext.geosVersion)
    }

    func testMalformedWKTThrowsGEOSParseException() {
        let ctx = GeometryContext()
        XCTAssertThrowsError(try ctx.geometry(wkt: "POLYGON ((0 0, 1 0, 1 1")) { error in
            guard let e = error as? GeometryError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.exceptionName, "ParseException", e.message)
            XCTAssertTrue(e.message.hasPrefix("ParseException:"), e.message)
            XCTAssertEqual(e.operation, "read WKT")
            XCTAssertTrue(e.description.contains("ParseException"))
        }
        XCTAssertEqual(ctx.lastErrorMessage?.hasPrefix("ParseException"), true)
        XCTAssertThrowsError(try ctx.geometry(wkt: "NOT A GEOMETRY"))
        // The context keeps working after an error.
        XCTAssertNoThrow(try ctx.geometry(wkt: "POINT (1 2)"))
    }

    func testTopologyExceptionSurfacesAsThrownError() throws {
        let ctx = GeometryContext()
        // Two self-intersecting (invalid) polygons: overlay refuses them with GEOS's message.
        let bowtie = try ctx.geometry(wkt: "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))")
        let other = try ctx.geometry(wkt: "POLYGON ((1 0, 3 2, 3 0, 1 2, 1 0))")
        XCTAssertThrowsError(try bowtie.intersection(other)) { error in
            guard let e = error as? GeometryError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.exceptionName, "TopologyException", e.message)
            XCTAssertTrue(e.message.contains("Self-intersection") || e.message.contains("invalid"), e.message)
        }
    }

    func testInvalidConstructionThrowsIllegalArgument() {
        let ctx = GeometryContext()
        XCTAssertThrowsError(try ctx.linearRing([c(0, 0)])) { error in
            let e = error as? GeometryError
            XCTAssertEqual(e?.exceptionName, "IllegalArgumentException", e?.message ?? "")
        }
        XCTAssertThrowsError(try ctx.lineString([c(0, 0)]))
        XCTAssertThrowsError(try ctx.polygon(exterior: [c(0, 0)]))
        XCTAssertThrowsError(try ctx.polygon(exterior: square(0, 0, 1), holes: [[c(5, 5)]]))
        XCTAssertThrowsError(try ctx.collection([], type: .polygon))
    }

    /// One context per task: the pattern for parallel work (contexts are never shared).
    func testOneContextPerTaskInParallel() async throws {
        let results = try await withThrowingTaskGroup(of: Double.self) { group in
            for i in 0..<8 {
                group.addTask {
                    let ctx = GeometryContext()
                    var total = 0.0
                    for j in 0..<200 {
                        let a = try ctx.polygon(exterior: square(0, 0, 10))
                        let b = try ctx.polygon(exterior: square(Double(i + j % 5), 1, 10))
                        total += try a.intersection(b).area()
                    }
                    return total
                }
            }
            var all = [Double]()
            for try await r in group { all.append(r) }
            return all
        }
        XCTAssertEqual(results.count, 8)
        XCTAssertTrue(results.allSatisfy { $0 > 0 })
    }
}
