import Analysis
import Catalog
import Domain
import Foundation
import GeoFormats

/// What `nroute geocode` is asked.
public struct GeocodeRequest: Sendable {
    public var input: String
    public var placeColumn: String
    public var provinceColumn: String?
    /// ISO3: only places of this country (nil: Kazakhstan and its four Central Asian neighbours).
    public var country: String?
    public var geodata: String?
    public var output: String

    public init(input: String, placeColumn: String, provinceColumn: String? = nil, country: String? = nil,
                geodata: String? = nil, output: String = "out") {
        self.input = input
        self.placeColumn = placeColumn
        self.provinceColumn = provinceColumn
        self.country = country
        self.geodata = geodata
        self.output = output
    }
}

/// The counts `nroute geocode` prints.
public struct GeocodeOutcome: Sendable {
    public var rows: Int
    /// Placed rows by level (settlement, district, province, country).
    public var placed: [GazetteerPlace.Level: Int]
    public var ambiguous: Int
    public var unplaced: Int
    /// Placed rows whose reason notes a fallback or a choice.
    public var withNote: Int
    public var written: URL
    public var gazetteerPlaces: Int

    public var placedTotal: Int { placed.values.reduce(0, +) }
}

/// Reads a CSV of textual reports, places each row's place text on geodata's gazetteer and writes
/// the same rows (every column, in order) with the point, its precision and how it was matched:
/// `<output>/geocoded.csv`, a file `nroute seizures --seizures` reads directly (rows without a
/// point are skipped and counted there).
public enum GeocodeJob {
    public static let outputName = "geocoded.csv"
    public static let addedColumns = ["longitude", "latitude", "location_precision_m", "match_level", "match_name",
                                      "match_id", "match_score", "match_reason"]

    public static func run(_ r: GeocodeRequest) throws -> GeocodeOutcome {
        let geodata = try Geodata.locate(r.geodata)
        let outputDir = URL(fileURLWithPath: r.output)
        try geodata.refuseAsOutput(outputDir)
        let input = URL(fileURLWithPath: r.input)
        guard FileManager.default.fileExists(atPath: input.path) else {
            throw CatalogError(.missingFile, file: r.input, "no such file")
        }
        let csv = try CSVReader(contentsOf: input, displayPath: r.input)
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ name: String, flag: String) throws -> Int {
            let hits = header.indices.filter { header[$0].lowercased() == name.lowercased() }
            guard hits.count == 1 else {
                throw CatalogError(.badRequest, file: r.input, position: "\(csv.headerLine):1",
                                   hits.isEmpty ? "no column \"\(name)\" (\(flag)); the columns are: " + header.joined(separator: ", ")
                                                : "\(hits.count) columns named \"\(name)\" (\(flag))")
            }
            return hits[0]
        }
        let placeColumn = try column(r.placeColumn, flag: "--place-column")
        let provinceColumn = try r.provinceColumn.map { try column($0, flag: "--province-column") }
        let lowered = Set(header.map { $0.lowercased() })
        if let clash = addedColumns.first(where: lowered.contains) {
            throw CatalogError(.badData, file: r.input, position: "\(csv.headerLine):1",
                               "the input already has a \"\(clash)\" column, which geocode writes; rename it first")
        }
        let places = try geodata.gazetteer()
        let country = r.country?.uppercased()
        if let country, !places.contains(where: { $0.level == .country && $0.iso3 == country }) {
            let known = places.filter { $0.level == .country }.map(\.iso3).joined(separator: ", ")
            throw CatalogError(.badRequest, "--country \(country): not a country of the gazetteer (\(known))")
        }
        let geocoder = Geocoder(places: places)
        let records = try csv.records()

        // Each distinct (place, province) text once, on all cores.
        var slot: [String: Int] = [:]
        slot.reserveCapacity(records.count)
        var queries: [(String, String)] = []
        var rowQuery = [Int](repeating: 0, count: records.count)
        for (i, rec) in records.enumerated() {
            let q = (rec[placeColumn], provinceColumn.map { rec[$0] } ?? "")
            let key = q.0 + "\u{1F}" + q.1
            if let k = slot[key] { rowQuery[i] = k } else { slot[key] = queries.count; rowQuery[i] = queries.count; queries.append(q) }
        }
        let chunks = chunkCount(queries.count, minimum: 256)
        let frozen = queries
        let parts = parallelChunks(chunks) { k in
            let lo = frozen.count * k / chunks, hi = frozen.count * (k + 1) / chunks
            return (lo..<hi).map { i -> (GeocodeMatch, [String]) in
                let m = geocoder.geocode(frozen[i].0, province: frozen[i].1, country: country)
                return (m, GeocodeJob.fields(m))
            }
        }
        let matches = parts.flatMap { $0.map(\.0) }
        let rowFields = parts.flatMap { $0.map(\.1) }

        var outcome = GeocodeOutcome(rows: records.count, placed: [:], ambiguous: 0, unplaced: 0, withNote: 0,
                                     written: outputDir.appendingPathComponent(outputName), gazetteerPlaces: places.count)
        for q in rowQuery {
            let m = matches[q]
            switch m.outcome {
            case .placed:
                outcome.placed[m.level!, default: 0] += 1
                if !m.reason.isEmpty { outcome.withNote += 1 }
            case .ambiguous: outcome.ambiguous += 1
            case .unplaced: outcome.unplaced += 1
            }
        }
        try OutputTransaction.run {
            try OutputTransaction.createDirectory(outputDir.path)
            try CSVWriter.write(to: outcome.written, header: csv.header + addedColumns, refusingInputs: [input] + geodata.files) { w in
                for (i, rec) in records.enumerated() { try w.writeRow(rec.fields + rowFields[rowQuery[i]]) }
            }
        }
        return outcome
    }

    /// The added columns of one match.
    static func fields(_ m: GeocodeMatch) -> [String] {
        let reason = m.outcome == .ambiguous || m.outcome == .unplaced ? "\(m.outcome.rawValue): \(m.reason)" : m.reason
        guard m.outcome == .placed, let c = m.coordinate, let p = m.precisionM else {
            return ["", "", "", "", "", "", "", reason]
        }
        return [fixed(c.longitude, 5), fixed(c.latitude, 5), fixed(p, 0), m.level!.rawValue, m.name ?? "", m.id ?? "",
                fixed(m.score ?? 0, 2), reason]
    }

    /// `v` rounded to `decimals` places, as "%.Nf" would print it (|v| < 1e12), without Foundation.
    static func fixed(_ v: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let m = Int((v.magnitude * scale).rounded())
        var digits = String(m)
        if decimals > 0 {
            if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (v < 0 && m != 0 ? "-" : "") + digits
    }
}
