import Analysis
import Cartography
import Coordinates
import Domain
import Foundation
import Geodesy
import GeoFormats
import TestSupport
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The corridor outputs on a synthetic case: a route crossing a border between two made-up
/// countries, seizures on both sides. The SVG must be well-formed XML with the chart's parts, the
/// CSV's rows must add up, the layers must carry the crossing's countries and gap, and the country
/// layer must join the statistics one column per indicator, year and unit.
final class CorridorOutputsTests: XCTestCase {
    static let g = Geodesic.wgs84

    /// Route A→B (~280 km), border through its midpoint at right angles; AAA behind, BBB ahead.
    func makeReport() throws -> CorridorReport {
        let g = Self.g
        let a = Coordinate(longitude: 68, latitude: 38), b = Coordinate(longitude: 70, latitude: 40)
        let inv = g.inverse(a, b)
        let m = g.intermediate(from: a, to: b, fraction: 0.5)
        let az = g.inverse(m, b).initialAzimuth
        let p = g.direct(from: m, azimuth: az - 90, distance: 100_000).coordinate
        let q = g.direct(from: m, azimuth: az + 90, distance: 100_000).coordinate
        let borderLine = g.densify(from: p, to: q, maxSpacing: 1_000)
        let behind = [g.direct(from: q, azimuth: az + 180, distance: 300_000).coordinate, g.direct(from: p, azimuth: az + 180, distance: 300_000).coordinate]
        let ahead = [g.direct(from: q, azimuth: az, distance: 300_000).coordinate, g.direct(from: p, azimuth: az, distance: 300_000).coordinate]
        let aaa = borderLine + behind + [borderLine[0]]
        let bbb = borderLine + ahead + [borderLine[0]]
        let countries = [Country(iso3: "AAA", name: "Aland", polygons: [[aaa]]), Country(iso3: "BBB", name: "Beeland", polygons: [[bbb]])]
        let border = Border(id: "aaa-bbb", name: "Aland–Beeland", countryA: "AAA", countryB: "BBB", parts: [[p, q]])
        let route = Route(id: "r1", name: "Test route", waypoints: [
            .init(name: "Start & <go>", country: "AAA", coordinate: a), .init(name: "End", country: "BBB", coordinate: b),
        ])
        func seizure(_ id: String, _ f: Double, _ off: Double, _ drug: String?, _ amount: Double?, _ unit: String?) -> Seizure {
            let x = g.intermediate(from: a, to: b, fraction: f)
            let xaz = g.inverse(x, b).initialAzimuth
            return Seizure(id: id, coordinate: g.direct(from: x, azimuth: xaz + 90, distance: off).coordinate, drug: drug, amount: amount, unit: unit)
        }
        let seizures = [
            seizure("s1", 0.1, 3_000, "heroin", 12, "kg"),
            seizure("s2", 0.12, -8_000, "hashish", 2, "kg"),
            seizure("s3", 0.7, 1_000, "heroin", 400, "doses"),
            seizure("s4", 0.9, 40_000, "opium", 9, "kg"),       // outside
            seizure("s5", 0.95, -2_000, nil, nil, nil),
        ]
        _ = inv
        return try CorridorAnalysis.run(CorridorInput(routes: [route], seizures: seizures, borders: [border], countries: countries))
    }

    func testCrossingSidesAndGap() throws {
        let report = try makeReport()
        let r = report.routes[0]
        XCTAssertEqual(r.crossings.count, 1)
        let c = try XCTUnwrap(r.crossings.first)
        XCTAssertEqual(c.fromCountry, "AAA")
        XCTAssertEqual(c.toCountry, "BBB")
        XCTAssertEqual(c.point.routeChainage, r.length / 2, accuracy: 1e-3)
        XCTAssertEqual(c.point.angle, 90, accuracy: 1e-6)
        XCTAssertNil(c.nearestPost, "no checkpoints given")
        XCTAssertTrue(c.inGap, "no controls: the whole border is one gap")
        XCTAssertEqual(r.seizures.map(\.country), ["AAA", "AAA", "BBB", "BBB"], "countries from the polygons")
        XCTAssertTrue(r.warnings.isEmpty, "\(r.warnings)")
    }

    func testWarningWhenTheBorderLineIsMissing() throws {
        let g = Self.g
        let a = Coordinate(longitude: 68, latitude: 38), b = Coordinate(longitude: 69, latitude: 39)
        let route = Route(id: "w", name: "w", waypoints: [.init(name: "X", country: "TKM", coordinate: a), .init(name: "Y", country: "UZB", coordinate: b)])
        let report = try CorridorAnalysis.run(CorridorInput(routes: [route]))
        XCTAssertEqual(report.routes[0].warnings.count, 1)
        XCTAssertTrue(report.routes[0].warnings[0].contains("TKM"))
        _ = g
    }

    func testSVGIsWellFormedAndReadable() throws {
        let report = try makeReport()
        let svg = ProfileChart.svg(report)
        XCTAssertTrue(svg.hasPrefix("<?xml"))
        let parsed = try parseXML(svg)
        XCTAssertEqual(parsed.root, "svg")
        let text = parsed.text.joined(separator: "|")
        XCTAssertTrue(text.contains("Seizures along the route"), "title")
        XCTAssertTrue(text.contains("km along the route from Start & <go>"), "x-axis label, escaped and read back")
        XCTAssertTrue(text.contains("seizures"), "y-axis label")
        XCTAssertTrue(text.contains("AAA→BBB"), "crossing label")
        for drug in ["heroin", "hashish", "unknown"] { XCTAssertTrue(parsed.text.contains(drug), "legend: \(drug)") }
        XCTAssertFalse(parsed.text.contains("opium"), "a seizure outside the corridor is not charted")
        // One bar segment per (bin, drug) with seizures: bins of 50 km, s1+s2 in bin 0 (two drugs),
        // s3 and s5 in later bins.
        XCTAssertEqual(parsed.elements["rect", default: 0], 1 + 3 + 4, "background, legend swatches, bar segments")
    }

    func testProfileCSV() throws {
        let report = try makeReport()
        let csv = CorridorProfileCSV.text(report)
        let lines = csv.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], CorridorProfileCSV.header)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let bins = report.routes[0].profile.bins.count
        let p = report.routes[0].profile
        XCTAssertEqual(rows.count, bins * (1 + p.drugs.count + p.countries.count))
        for dimension in ["all", "drug", "country"] {
            let sel = rows.filter { $0[4] == dimension }
            XCTAssertEqual(sel.reduce(0) { $0 + Int($1[6])! }, 4, "\(dimension): seizures add up")
            XCTAssertEqual(sel.reduce(0.0) { $0 + Double($1[7])! }, 14, accuracy: 1e-9, "\(dimension): kg add up")
        }
        XCTAssertTrue(rows.contains { $0[4] == "all" && $0[9] == "400 doses" })
    }

    func testLayers() throws {
        let report = try makeReport()
        let crossings = CorridorLayers.crossings(report).features
        XCTAssertEqual(crossings.count, 1)
        let cp = try XCTUnwrap(crossings[0].properties)
        XCTAssertEqual(cp["from_country"], .string("AAA"))
        XCTAssertEqual(cp["to_country"], .string("BBB"))
        XCTAssertEqual(cp["in_gap"], .bool(true))
        XCTAssertEqual(cp["nearest_checkpoint_km"], .null)
        let corridor = CorridorLayers.corridors(report).features
        XCTAssertEqual(corridor.count, 1)
        guard case .polygon(let rings)? = corridor[0].geometry else { return XCTFail("corridor is a Polygon") }
        XCTAssertEqual(rings.count, 1)
        let routeLayer = CorridorLayers.routes(report).features
        guard case .lineString(let line)? = routeLayer[0].geometry else { return XCTFail("route is a LineString") }
        XCTAssertGreaterThan(line.count, 250, "densified every ≤ 1 km")
        let seizures = CorridorLayers.seizures(report).features
        XCTAssertEqual(seizures.map { $0.properties?["seizure_id"] }, ["s1", "s2", "s3", "s5"].map { .string($0) })
        XCTAssertEqual(seizures[1].properties?["side"], .string("left"))
        XCTAssertEqual(seizures[1].properties?["offset_km"], .number(-8))
        let json = try JSONText.string(CorridorSummary.json(report))
        XCTAssertTrue(json.contains("\"route_id\":\"r1\""))
        XCTAssertTrue(CorridorSummary.table(report).contains("AAA→BBB"))
    }

    func testCountryLayer() throws {
        let square = [[Coordinate(longitude: 0, latitude: 0), Coordinate(longitude: 0, latitude: 1), Coordinate(longitude: 1, latitude: 1),
                       Coordinate(longitude: 1, latitude: 0), Coordinate(longitude: 0, latitude: 0)]]  // clockwise
        let countries = [Country(iso3: "KAZ", name: "Kazakhstan", polygons: [square]), Country(iso3: "UZB", name: "Uzbekistan", polygons: [square])]
        let stats = [
            Statistic(id: "1", country: "KAZ", year: "2011", indicator: "opiate_seizures_share_of_region", value: 7, unit: "percent", source: ""),
            Statistic(id: "2", country: "UZB", year: "2011", indicator: "opiate_seizures_share_of_region", value: 38, unit: "percent", source: ""),
            Statistic(id: "3", country: "KAZ", year: "2021", indicator: "synthetic_drugs_seized", value: 129, unit: "kg", source: ""),
            Statistic(id: "4", country: "KAZ", year: "2021", indicator: "synthetic_drugs_seized", value: 129, unit: "kg", source: ""),
            Statistic(id: "5", country: "KAZ", year: "", indicator: "x", value: 1, unit: "billion KZT", source: ""),
            Statistic(id: "6", country: "CAS", year: "2011", indicator: "y", value: 1, unit: "t", source: ""),
            Statistic(id: "7", country: "KAZ", year: "2021", indicator: "synthetic_drugs_seized", value: 81, unit: "kg", source: ""),
        ]
        let out = CountryLayer.build(countries, statistics: stats)
        XCTAssertEqual(out.columns, ["opiate_seizures_share_of_region_2011_pct", "synthetic_drugs_seized_2021_kg", "x_undated_billion_kzt"])
        XCTAssertEqual(out.unjoined.map(\.id), ["6"])
        XCTAssertEqual(out.conflicts.count, 1, "129 vs 81")
        let uzb = try XCTUnwrap(out.collection.features[1].properties)
        XCTAssertEqual(uzb["opiate_seizures_share_of_region_2011_pct"], .number(38))
        XCTAssertEqual(uzb["synthetic_drugs_seized_2021_kg"], .null, "every feature has every column")
        guard case .polygon(let rings)? = out.collection.features[0].geometry else { return XCTFail() }
        XCTAssertEqual(rings[0][1], Coordinate(longitude: 1, latitude: 0), "exterior reversed to counter-clockwise")
    }

    // MARK: - XML

    struct Parsed {
        var root = ""
        var elements: [String: Int] = [:]
        var text: [String] = []
    }

    func parseXML(_ s: String) throws -> Parsed {
        #if canImport(FoundationXML) || canImport(Darwin)
        final class Delegate: NSObject, XMLParserDelegate {
            var parsed = Parsed()
            var current = ""
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if parsed.root.isEmpty { parsed.root = name }
                parsed.elements[name, default: 0] += 1
                current = ""
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if (name == "text" || name == "title") && !current.isEmpty { parsed.text.append(current) }
                current = ""
            }
        }
        let parser = XMLParser(data: Data(s.utf8))
        let d = Delegate()
        parser.delegate = d
        let ok = parser.parse()
        XCTAssertTrue(ok, "SVG is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") at line \(parser.lineNumber)")
        return d.parsed
        #else
        throw TestEnvironment.unavailable("no XMLParser on this platform")
        #endif
    }
}
