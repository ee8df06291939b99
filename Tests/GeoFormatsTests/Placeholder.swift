import XCTest
final class GeoFormatsTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
