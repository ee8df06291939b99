import XCTest
final class GeodesyTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
