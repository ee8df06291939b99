import Analysis
@testable import Cartography
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats
import TestSupport
import XCTest

/// The seizures layer's two encoders, driven by one column table, agree: the bytes the stream
/// writes (`SeizureLayers.Chunk`, GeoJSON and CSV, whose added values come from `writeAdded`) parse
/// to exactly the properties the value encoder gives (`SeizureLayers.feature`), feature by
/// feature and key by key, for random points against geodata's borders, checkpoints, gaps and
/// countries.
final class SeizureEncodersTests: XCTestCase {
    /// Several borders (`--border all` style, each with its prefixed columns), gaps on all but the
    /// last (its `gap_id` columns stay null), the checkpoints serving them, the countries and the
    /// provinces (where neighbours' provinces overlap the Kazakh ones, the first wins).
    func severalBorders() throws -> SeizureContext {
        // Built once for both tests: reading the OSM countries and provinces and three gap
        // analyses are most of this suite's time in a debug or sanitizer build.
        if let ctx = Self.severalBordersContext { return ctx }
        let ctx = try buildSeveralBorders()
        Self.severalBordersContext = ctx
        return ctx
    }
    nonisolated(unsafe) private static var severalBordersContext: SeizureContext?

    private func buildSeveralBorders() throws -> SeizureContext {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let all = try geodata.borders()
        let borders = try ["kgz", "tjk-kgz", "kgz-uzb", "afg-tjk"].map { try BorderCatalog.select($0, from: all)[0] }
        let reports = try borders.dropLast().map {
            try GapAnalysis.run(border: $0, controls: try geodata.controls(for: $0), parameters: GapParameters())
        }
        XCTAssertTrue(reports.contains { !$0.gaps.isEmpty })
        return try SeizureContext(checkpoints: try geodata.checkpoints().filter { $0.kind == .checkpoint }, borders: borders,
                                  gapReports: reports, countries: try geodata.countries(), provinces: try geodata.provinces())
    }

    /// One border, nothing else: no checkpoint, no country, no province, no gaps (those columns all null).
    func bareBorder() throws -> SeizureContext {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        return try SeizureContext(checkpoints: [], borders: [try BorderCatalog.select("kgz", from: try geodata.borders())[0]])
    }

    func testTableShape() throws {
        let ctx = try severalBorders()
        let columns = SeizureColumns(context: ctx)
        XCTAssertEqual(columns.added.count, 21 + 7 * ctx.borders.count)
        XCTAssertEqual(Array(columns.added.prefix(21)), [
            "country", "province_located", "province_located_id", "checkpoint_id", "checkpoint_name", "checkpoint_distance_km", "checkpoint_distance_min_km",
            "checkpoint_distance_max_km", "checkpoint_bearing_deg", "border_id", "border_distance_km", "border_distance_min_km",
            "border_distance_max_km", "border_point_lon", "border_point_lat", "border_chainage_km", "in_gap", "gap_id",
            "gap_distance_km", "gap_distance_min_km", "gap_distance_max_km",
        ])
        XCTAssertEqual(Array(columns.added[21..<28]), ["kaz_kgz_distance_km", "kaz_kgz_point_lon", "kaz_kgz_point_lat",
                                                       "kaz_kgz_chainage_km", "kaz_kgz_in_gap", "kaz_kgz_gap_id", "kaz_kgz_gap_distance_km"])
        for c in columns.table {
            switch c.unit {
            case .kilometres:
                XCTAssertTrue(c.name.hasSuffix("_km"), c.name)
                XCTAssertEqual(c.decimals, 6, c.name)  // to the millimetre
                XCTAssertEqual(c.scale, 1000, c.name)
            case .degrees:
                XCTAssertEqual(c.decimals, c.name.hasSuffix("_deg") ? 6 : 9, c.name)
            case .text, .boolean:
                XCTAssertNil(c.decimals, c.name)
            }
        }
        XCTAssertEqual(SeizureColumns(context: try bareBorder()).added.count, 21)
    }

    func testStreamBytesParseToTheValueEncodersProperties() throws {
        try compare(try severalBorders(), points: 1500, seed: 12)
        try compare(try bareBorder(), points: 300, seed: 13)
    }

    /// Random points (most near a border vertex, some anywhere in the borders' box, a few exactly
    /// on a vertex or a checkpoint) with random input properties and location precisions, through
    /// a chunk (as the stream writes them) and through the value encoder.
    func compare(_ ctx: SeizureContext, points n: Int, seed: UInt64) throws {
        let columns = SeizureColumns(context: ctx)
        var rng = TestRandom(seed: seed)
        let vertices = ctx.borders.flatMap { $0.parts.flatMap { $0 } }
        let lons = vertices.map(\.longitude), lats = vertices.map(\.latitude)
        let box = (lons.min()! - 1, lons.max()! + 1, lats.min()! - 1, lats.max()! + 1)
        let inputKeys = ["n", "drug", "note", "amount_kg"]
        let csvKeys = columns.csvKeys(inputKeys: inputKeys)
        XCTAssertEqual(csvKeys, ["longitude", "latitude"] + inputKeys + columns.added)
        let chunk = SeizureLayers.Chunk(columns: columns, csvKeys: csvKeys, expectedFeatures: n)
        var expected: [GeoJSON.Feature] = []
        var directGeo: [[UInt8]] = [], directCSV: [[UInt8]] = []
        let notes = ["", "plain", "comma, inside", "a \"quote\"", " padded ", "Ош–Сары-Таш", "line\nbreak"]
        for i in 0..<n {
            let c: Coordinate
            switch i % 10 {
            case 0: c = Coordinate(longitude: box.0 + rng.unit() * (box.1 - box.0), latitude: box.2 + rng.unit() * (box.3 - box.2))
            case 1: c = vertices[Int(rng.next() % UInt64(vertices.count))]
            case 2 where !ctx.checkpoints.isEmpty: c = ctx.checkpoints[Int(rng.next() % UInt64(ctx.checkpoints.count))].coordinate
            default:
                let v = vertices[Int(rng.next() % UInt64(vertices.count))]
                c = Coordinate(longitude: v.longitude + (rng.unit() - 0.5) * 0.6, latitude: v.latitude + (rng.unit() - 0.5) * 0.6)
            }
            let precision: Double? = switch i % 4 {
            case 0: nil
            case 1: 0
            case 2: (rng.unit() * 20_000).rounded()
            default: rng.unit() * 500_000  // larger than most distances: min clamps to 0
            }
            var members: [(String, JSONValue)] = [("n", .number(Double(i))), ("drug", i % 5 == 0 ? .null : .string("heroin"))]
            if i % 3 != 0 { members.append(("note", .string(notes[i % notes.count]))) }
            if i % 7 == 0 { members.append(("amount_kg", .number(rng.unit() * 100))) }
            if i % 11 == 0 { members = [] }
            let f = GeoJSON.Feature(id: i % 2 == 0 ? .string("s\(i)") : .number(Double(i)), geometry: .point(c),
                                    properties: JSONObject(members))
            let r = ctx.evaluate(c)
            // The stream's path: the input properties copied as written, then the added values.
            let sink = ByteSink()
            try GeoJSONWriter(sink: sink).write(document: .feature(f))
            let text = sink.bytes
            try text.withUnsafeBytes { t in
                let raw = SeizureLayers.rawProperties(of: t)
                if case .unavailable = raw { XCTFail("feature \(i): properties not found in its text") }
                try chunk.add(f, raw: raw, coordinate: c, result: r, precision: precision)
            }
            expected.append(SeizureLayers.feature(f, result: r, precision: precision, columns: columns))
            // The byte encoder on its own, into each sink alone.
            let g = ByteSink(), k = ByteSink()
            try SeizureLayers.writeAdded(r, precision: precision, columns: columns, geo: g, firstGeo: true, csv: nil)
            try SeizureLayers.writeAdded(r, precision: precision, columns: columns, geo: nil, firstGeo: true, csv: k)
            directGeo.append(g.bytes)
            directCSV.append(k.bytes)
        }
        XCTAssertEqual(chunk.count, n)

        // GeoJSON: every feature, its properties in the value encoder's order with its values.
        var geo = Array("{\"type\":\"FeatureCollection\",\"features\":[\n".utf8)
        geo += chunk.geo!.bytes
        geo += Array("\n]}\n".utf8)
        let parsed = try GeoJSONReader(bytes: geo).read().features
        XCTAssertEqual(parsed.count, n)
        var checkedNumbers = 0, checkedTexts = 0, provinces = 0
        for (i, (got, want)) in zip(parsed, expected).enumerated() {
            XCTAssertEqual(got.id, want.id, "feature \(i)")
            XCTAssertEqual(got.geometry, want.geometry, "feature \(i)")
            let g = got.properties?.members ?? [], w = want.properties?.members ?? []
            XCTAssertEqual(g.map(\.key), w.map(\.key), "feature \(i): keys")
            for (a, b) in zip(g, w) where a.value != b.value {
                XCTFail("feature \(i), \(a.key): stream \(a.value), value encoder \(b.value)")
            }
            for m in w.suffix(columns.added.count) {
                if case .number = m.value { checkedNumbers += 1 }
                if case .string = m.value { checkedTexts += 1 }
                if m.key == "province_located_id", case .string = m.value { provinces += 1 }
            }
            // writeAdded alone writes the added members of the same text.
            let head = Array("{\"type\":\"Feature\",\"geometry\":null,\"properties\":{".utf8)
            let object = try GeoJSONReader(bytes: head + directGeo[i] + Array("}}".utf8)).read()
            guard case .feature(let alone) = object else { return XCTFail("feature \(i): not a feature") }
            XCTAssertEqual(alone.properties?.members.map(\.key), columns.added, "feature \(i)")
            XCTAssertTrue(alone.properties?.members.map(\.value) == w.suffix(columns.added.count).map(\.value), "feature \(i)")
        }
        XCTAssertGreaterThan(checkedNumbers, n * 5)
        XCTAssertGreaterThanOrEqual(checkedTexts, n)  // border_id at least
        if !ctx.provinces.isEmpty { XCTAssertGreaterThan(provinces, n / 2, "the province columns are exercised") }

        // CSV: the header, and each row's fields as the value encoder's values print.
        let header = ByteSink()
        try SeizureLayers.writeCSVHeader(csvKeys, to: header)
        let csv = try CSVReader(bytes: header.bytes + chunk.csv!.bytes)
        XCTAssertEqual(csv.header, csvKeys)
        let rows = try csv.records()
        XCTAssertEqual(rows.count, n)
        for (i, (row, want)) in zip(rows, expected).enumerated() {
            XCTAssertEqual(row.count, csvKeys.count, "row \(i)")
            guard row.count == csvKeys.count else { continue }
            let values = want.properties?.members ?? []
            for (k, key) in csvKeys.enumerated().dropFirst(2) {
                let value = values.first { $0.key == key }?.value ?? .null
                XCTAssertTrue(field(row[k], holds: value), "row \(i), \(key): \"\(row[k])\" for \(value)")
            }
            let added = Array(row.fields.suffix(columns.added.count))
            let names = Array((columns.added.joined(separator: ",") + "\n").utf8)
            let alone = try CSVReader(bytes: names + directCSV[i].dropFirst() + [0x0A])
            XCTAssertEqual(try alone.records().first?.fields, added, "row \(i): writeAdded alone")
        }
    }

    /// Whether a CSV field is what `writeCSVField` writes for `value`.
    func field(_ text: String, holds value: JSONValue) -> Bool {
        switch value {
        case .null: text.isEmpty
        case .bool(let b): text == (b ? "true" : "false")
        case .number(let d): !text.isEmpty && Double(text) == d
        case .string(let s): text == s
        case .array, .object: false
        }
    }
}
