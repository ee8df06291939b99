import Analysis
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats
import Geodesy
import TestSupport
import XCTest

/// `Geocoder` on geodata's gazetteer: the hand-geocoded seed seizures of geodata/seizures.csv (the
/// oracle: points and precisions set by hand from the articles and GeoNames, before this code
/// existed), a held-out list of names with known GeoNames ids (Fixtures/geocode-heldout.csv, each
/// row sourced), and ambiguity.
final class GeocoderTests: XCTestCase {
    nonisolated(unsafe) static var cached: (Geocoder, Geodata)?

    func geocoder() throws -> (Geocoder, Geodata) {
        if let c = GeocoderTests.cached { return c }
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let g = Geocoder(places: try geodata.gazetteer())
        GeocoderTests.cached = (g, geodata)
        return (g, geodata)
    }

    /// Every seed seizure geocodes, from its place_reported text and its province, to within its
    /// recorded location_precision_m of the hand-geocoded point, at the level recorded.
    func testSeedSeizuresWithinTheirRecordedPrecision() throws {
        let (g, geodata) = try geocoder()
        let csv = try CSVReader(contentsOf: geodata.url("seizures.csv"))
        func col(_ n: String) -> Int { csv.header.firstIndex(of: n)! }
        var n = 0
        for r in try csv.records() {
            let m = g.geocode(r[col("place_reported")], province: r[col("province")])
            let id = r[col("id")]
            XCTAssertEqual(m.outcome, .placed, "\(id): \(m.reason)")
            guard let c = m.coordinate else { continue }
            let hand = Coordinate(longitude: Double(r[col("longitude")])!, latitude: Double(r[col("latitude")])!)
            let d = Geodesic.wgs84.distance(c, hand)
            let precision = Double(r[col("location_precision_m")])!
            XCTAssertLessThanOrEqual(d, precision, "\(id): \(d) m from the hand point, recorded precision \(precision) m")
            XCTAssertEqual(m.level?.rawValue, r[col("admin_level")], "\(id)")
            if m.level == .settlement || m.level == .district { XCTAssertEqual(m.id, r[col("geonameid")], "\(id)") }
            n += 1
        }
        XCTAssertGreaterThanOrEqual(n, 11)
    }

    /// The same without the province column: the text alone suffices for the seed seizures.
    func testSeedSeizuresFromTheTextAlone() throws {
        let (g, geodata) = try geocoder()
        let csv = try CSVReader(contentsOf: geodata.url("seizures.csv"))
        let place = csv.header.firstIndex(of: "place_reported")!, gid = csv.header.firstIndex(of: "geonameid")!
        let level = csv.header.firstIndex(of: "admin_level")!
        for r in try csv.records() where r[level] == "settlement" || r[level] == "district" {
            XCTAssertEqual(g.geocode(r[place]).id, r[gid], r[place])
        }
    }

    func testHeldOutNamesWithKnownIds() throws {
        let (g, _) = try geocoder()
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            return XCTFail("Fixtures missing from the test bundle")
        }
        let url = dir.appendingPathComponent("geocode-heldout.csv")
        let csv = try CSVReader(contentsOf: url)
        func col(_ n: String) -> Int { csv.header.firstIndex(of: n)! }
        var counts: [String: Int] = [:]
        for r in try csv.records() {
            let country = r[col("country")]
            let m = g.geocode(r[col("place")], province: r[col("province")], country: country.isEmpty ? nil : country)
            let what = "\"\(r[col("place")])\" (\(r[col("province")]))"
            XCTAssertEqual(m.outcome.rawValue, r[col("outcome")], "\(what): \(m.reason)")
            counts[r[col("outcome")], default: 0] += 1
            if m.outcome == .placed {
                XCTAssertEqual(m.id, r[col("id")], "\(what): \(m.name ?? "") \(m.reason)")
                XCTAssertEqual(m.level?.rawValue, r[col("level")], what)
                XCTAssertNotNil(m.coordinate)
            } else {
                XCTAssertNil(m.coordinate, what)
                XCTAssertFalse(m.reason.isEmpty, what)
            }
        }
        XCTAssertGreaterThanOrEqual(counts["placed"] ?? 0, 25)
        XCTAssertGreaterThanOrEqual(counts["ambiguous"] ?? 0, 3)
    }

    /// Two Aksu in Kazakhstan (three in fact): the province column or the text decides, otherwise
    /// the row is flagged with every candidate.
    func testAmbiguityIsReportedNotGuessed() throws {
        let (g, _) = try geocoder()
        let m = g.geocode("Aksu")
        XCTAssertEqual(m.outcome, .ambiguous)
        XCTAssertNil(m.coordinate)
        let ids = Set(m.candidates.map(\.id))
        XCTAssertTrue(ids.isSuperset(of: ["1524298", "1525462", "1526271"]), "\(ids)")
        XCTAssertTrue(m.reason.contains("Pavlodar"), m.reason)
        XCTAssertEqual(g.geocode("Aksu", province: "Pavlodar Province").id, "1524298")
        XCTAssertEqual(g.geocode("Aksu city, Pavlodar oblysy").id, "1524298")
        XCTAssertEqual(g.geocode("Ақсу, Түркістан облысы").id, "1525462")
        XCTAssertEqual(g.geocode("Aksu", province: "Akmola").id, "1526271")
        // Only Kazakh places, with --country: still three.
        XCTAssertEqual(g.geocode("Aksu", country: "KAZ").outcome, .ambiguous)
    }

    /// A district without a source falls back to its province, with the reason; a province's
    /// precision is its bound; an unrecognised province column is said.
    func testFallbacksSayWhy() throws {
        let (g, _) = try geocoder()
        let b = g.geocode("Baizak district, Zhambyl region")
        XCTAssertEqual(b.level, .province)
        XCTAssertEqual(b.id, "KAZ009")
        XCTAssertTrue(b.reason.contains("Baizak"), b.reason)
        XCTAssertLessThan(b.score!, 1)
        let p = g.geocode("Jambyl Region")
        XCTAssertEqual(p.precisionM, g.places.first { $0.id == "KAZ009" }!.precisionM)
        let col = g.geocode("", province: "Zhambyl")
        XCTAssertEqual(col.id, "KAZ009")
        XCTAssertTrue(col.reason.contains("province column"), col.reason)
        let bad = g.geocode("Taraz", province: "Narnia")
        XCTAssertEqual(bad.id, "1516905")
        XCTAssertTrue(bad.reason.contains("Narnia"), bad.reason)
        XCTAssertEqual(g.geocode("").outcome, .unplaced)
        XCTAssertEqual(g.geocode("2 kg of heroin").outcome, .unplaced)
    }
}
