@testable import Analysis
import Catalog
import Coordinates
import Domain
import Foundation
import TestSupport
import XCTest

/// The province of a point against an independent oracle: scripts/make_province_fixtures.py
/// (shapely `contains_xy` on geodata/provinces.geojson, first province in file order) on the
/// geodata seizures, uniform points and points next to the provinces' rings.
final class ProvinceLocatorTests: XCTestCase {
    struct PointsFixture: OracleFixture {
        static let prefix = "provinces-"
        let provinceIds: [String]
        let vertices: Int
        let points: [[Double]]
        let kinds: [String]
        let expected: [String?]
    }

    func provinces() throws -> [Province] {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        return try geodata.provinces()
    }

    func testProvinceOfEveryPointAsShapelyHasIt() throws {
        let f = try PointsFixture.load("points")
        let provinces = try provinces()
        XCTAssertEqual(provinces.map(\.id), f.provinceIds, "geodata/provinces.geojson changed: rerun scripts/make_province_fixtures.py")
        XCTAssertEqual(provinces.reduce(0) { $0 + $1.polygons.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } }, f.vertices,
                       "geodata/provinces.geojson changed: rerun scripts/make_province_fixtures.py")
        let border = Border(id: "b", name: "b", parts: [[Coordinate(longitude: 74, latitude: 42), Coordinate(longitude: 75, latitude: 43)]])
        let context = try SeizureContext(checkpoints: [], borders: [border], provinces: provinces)
        let index = CountryLocator(provinces)
        XCTAssertNotNil(index.frame)
        var seizures = 0, located = 0
        for (i, p) in f.points.enumerated() {
            let c = Coordinate(longitude: p[0], latitude: p[1])
            let got = context.evaluate(c).province.map { provinces[$0].id }
            XCTAssertEqual(got, f.expected[i], "\(f.kinds[i]) at \(c)")
            XCTAssertEqual(index.locateByCrossing(c).map { provinces[$0].id }, f.expected[i], "crossing test, \(f.kinds[i]) at \(c)")
            if f.kinds[i].hasPrefix("seizure") { seizures += 1 }
            if got != nil { located += 1 }
        }
        XCTAssertEqual(seizures, 11, "every located geodata seizure")
        XCTAssertGreaterThan(located, 3_000)
    }

    /// Every geodata seizure lies in a Kazakh province (they are all in Kazakhstan), and the
    /// province each is located in is the one its record reports, by name or name variant.
    func testGeodataSeizuresInTheirReportedProvince() throws {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let provinces = try geodata.provinces()
        let index = CountryLocator(provinces)
        for s in try geodata.seizures() {
            let c = s.coordinate
            let p = try XCTUnwrap(index.locate(c).map { provinces[$0] }, s.id)
            XCTAssertEqual(p.iso3, "KAZ", s.id)
            if let reported = s.province, !reported.isEmpty {
                XCTAssertTrue(Set(([p.name] + p.nameVariants).map(Self.key)).contains(Self.key(reported)), "\(s.id): \(reported) vs \(p.name)")
            }
        }
    }

    static func key(_ s: String) -> String {
        s.lowercased().split(separator: " ").filter { !["region", "province", "oblysy"].contains($0) }.joined(separator: " ")
    }

    func testKazakhRegionsOf2022() throws {
        let kaz = try provinces().filter { $0.iso3 == "KAZ" }
        XCTAssertEqual(kaz.count, 20)
        for name in ["Abay Region", "Jetisu Region", "Ulytau Region", "Turkistan Region", "Shymkent", "Astana", "Almaty"] {
            XCTAssertTrue(kaz.contains { $0.name == name }, name)
        }
    }
}
