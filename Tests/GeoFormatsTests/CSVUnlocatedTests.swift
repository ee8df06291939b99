import Foundation
import XCTest
import Coordinates
@testable import GeoFormats

/// A seizure CSV row with both coordinates blank (what `nroute geocode` writes for a row it cannot
/// place) is an unlocated feature when the reader accepts those, and still an error otherwise or
/// when only one of the two is blank.
final class CSVUnlocatedTests: XCTestCase {
    let text = "id,longitude,latitude\na,74.5,43.1\nb,,\nc, , \n"

    func testBlankPointIsUnlocatedWhenAccepted() throws {
        var r = try CSVPointReader(string: text, path: "s.csv")
        r.acceptsUnlocated = true
        let f = try r.readFeatures()
        XCTAssertEqual(f.count, 3)
        XCTAssertEqual(f[0].geometry, .point(Coordinate(longitude: 74.5, latitude: 43.1)))
        XCTAssertNil(f[1].geometry)
        XCTAssertNil(f[2].geometry)
    }

    func testBlankPointIsAnErrorOtherwise() throws {
        XCTAssertThrowsError(try CSVPointReader(string: text, path: "s.csv").readFeatures()) { e in
            XCTAssertTrue("\(e)".contains("s.csv:3:"), "\(e)")
        }
        var r = try CSVPointReader(string: "id,longitude,latitude\na,74.5,\n", path: "t.csv")
        r.acceptsUnlocated = true
        XCTAssertThrowsError(try r.readFeatures()) { e in XCTAssertTrue("\(e)".contains("latitude is empty"), "\(e)") }
    }
}
