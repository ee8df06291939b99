import Analysis
import ArgumentParser
import Cartography
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats

struct SeizuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seizures",
        abstract: "Measure every seizure against the checkpoints, the border and its gaps.",
        discussion: """
            For each seizure point (geodata's seizures, or your GeoJSON / CSV point file): the nearest
            checkpoint (name, geodesic distance, bearing), the distance to each requested border line with
            the nearest border point and its chainage, the country it lies in, whether that border point
            is in a gap (gaps analysis with the same parameters as `nroute gaps`) and the nearest gap.
            Every distance is an ellipsoidal geodesic on WGS84 (to 1 µm of Karney's solution), and comes
            with a min–max interval from the record's location_precision_m p: [max(0, d − p), d + p].

            Writes <dir>/seizures.geojson (the input features, their properties kept, the analysis's
            appended) and <dir>/seizures.csv (the same rows). Prints a summary by drug, by province and
            by distance band.

            Dates (--from/--to) are YYYY, YYYY-MM or YYYY-MM-DD; a record is kept when its date interval
            [date_start, date_end] overlaps the range. --drug matches a whole word or phrase of the
            record's drug, case-insensitively; repeat it for several.

            Examples:
              nroute seizures
              nroute seizures --border all --format json
              nroute seizures --seizures my-seizures.geojson -o out/mine
              nroute seizures --from 2020 --to 2021-06 --drug heroin --drug hashish
              nroute seizures --post-radius-km 15 --no-settlements
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("A border id from geodata (kaz-kgz, or just kgz for Kazakhstan's neighbour), or all.", valueName: "id"))
    var border: String = "kgz"

    @Option(help: ArgumentHelp("The seizure points: a GeoJSON or CSV file, or 'geodata' for the embedded seizures.", valueName: "file"))
    var seizures: String = "geodata"

    @Option(help: ArgumentHelp("Keep seizures on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Keep seizures on or before this date.", valueName: "date"))
    var to: String?

    @Option(name: .customLong("drug"), help: ArgumentHelp("Keep seizures of this drug; repeatable.", valueName: "name"))
    var drugs: [String] = []

    @Option(help: ArgumentHelp("Gaps: checkpoints and outposts cover the border within this distance.", valueName: "km"))
    var postRadiusKm: Double = 10

    @Option(help: ArgumentHelp("Gaps: settlements cover the border within this distance.", valueName: "km"))
    var settlementRadiusKm: Double = 5

    @Flag(help: "Gaps: ignore settlements.")
    var noSettlements = false

    @Option(help: ArgumentHelp("Gaps: only settlements with at least this population cover the border.", valueName: "n"))
    var minPopulation: Int?

    @Option(help: ArgumentHelp("Gaps: shortest gap worth reporting.", valueName: "km"))
    var minGapKm: Double = 1

    func validate() throws {
        for (name, v) in [("--post-radius-km", postRadiusKm), ("--settlement-radius-km", settlementRadiusKm)] {
            guard v.isFinite, v >= 0, v <= GapParameters.maxRadius / 1000 else {
                throw ValidationError("\(name) must be between 0 and \(Int(GapParameters.maxRadius / 1000))")
            }
        }
        guard minGapKm.isFinite, minGapKm >= 0 else { throw ValidationError("--min-gap-km must be ≥ 0") }
        if let m = minPopulation, m < 0 { throw ValidationError("--min-population must be ≥ 0") }
        do {
            _ = try SeizureFilter(from: from, to: to, drugs: drugs)
        } catch let e as SeizureFilterError {
            throw ValidationError(e.description)
        }
    }

    func run() throws {
        try runReportingErrors {
            let geodata = try Geodata.locate(common.geodata)
            let filter = try SeizureFilter(from: from, to: to, drugs: drugs)
            let input = seizures == "geodata" ? geodata.url("seizures.csv") : URL(fileURLWithPath: seizures)
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw CatalogError(.missingFile, file: input.path, "no such file")
            }
            let out = URL(fileURLWithPath: common.outputDir)
            let geoURL = out.appendingPathComponent("seizures.geojson")
            let csvURL = out.appendingPathComponent("seizures.csv")
            for o in [geoURL, csvURL] { try AtomicFile.checkNotInput(o, inputs: [input]) }

            let borders = try BorderCatalog.select(border, from: try geodata.borders())
            let ids = Set(borders.map(\.id))
            let allPosts = try geodata.checkpoints()
            let settlements = noSettlements ? [] : try geodata.settlements()
            var parameters = GapParameters()
            parameters.postRadius = postRadiusKm * 1000
            parameters.settlementRadius = settlementRadiusKm * 1000
            parameters.includeSettlements = !noSettlements
            parameters.minPopulation = minPopulation
            parameters.minGapLength = minGapKm * 1000
            let reports = try borders.map { b in
                try GapAnalysis.run(border: b, controls: allPosts.filter { $0.borderID == nil || $0.borderID == b.id } + settlements,
                                    parameters: parameters)
            }
            let checkpoints = allPosts.filter { $0.kind == .checkpoint && ($0.borderID == nil || ids.contains($0.borderID!)) }
            let context = try SeizureContext(checkpoints: checkpoints, borders: borders, gapReports: reports,
                                             countries: try geodata.countries())

            let summary = try SeizurePipeline(input: input, context: context, filter: filter)
                .run(geoJSON: geoURL, csv: csvURL)
            switch common.format {
            case .table:
                print(summary.table(context: context, filter: describe(filter)), terminator: "")
                print("wrote \(geoURL.path), \(csvURL.path)")
            case .json:
                print(try JSONText.string(summary.json(context: context, filter: filterJSON())))
            }
        }
    }

    func describe(_ f: SeizureFilter) -> String {
        var parts: [String] = []
        if from != nil || to != nil { parts.append("dates \(from ?? "…")–\(to ?? "…")") }
        if !drugs.isEmpty { parts.append("drug " + drugs.joined(separator: " or ")) }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    func filterJSON() -> JSONValue {
        .object(["from": from.map { .string($0) } ?? .null, "to": to.map { .string($0) } ?? .null,
                 "drugs": .array(drugs.map { .string($0) })])
    }
}

/// Read → filter → analyse → write, in blocks: each block's features are parsed, analysed and
/// encoded (GeoJSON and CSV bytes) on all cores, then written in input order, so memory stays
/// bounded (one block of features) whatever the input size. GeoJSON input is parsed straight from
/// the memory-mapped file (`featureRanges` + `parseFeature`); CSV input is read whole first.
struct SeizurePipeline {
    let input: URL
    let context: SeizureContext
    let filter: SeizureFilter
    let columns: SeizureColumns
    static let blockSize = 1 << 15

    init(input: URL, context: SeizureContext, filter: SeizureFilter) {
        self.input = input
        self.context = context
        self.filter = filter
        columns = SeizureColumns(context: context)
    }

    /// Where features come from: a count and a thread-safe accessor.
    struct Source: @unchecked Sendable {
        // @unchecked: `reader` is an immutable memory-mapped file (GeoJSONReader is Sendable); the
        // ranges and features arrays are never mutated after init.
        let count: Int
        let reader: GeoJSONReader?
        let ranges: [Range<Int>]
        let features: [GeoJSON.Feature]

        func feature(_ i: Int) throws -> GeoJSON.Feature {
            if let reader { return try reader.parseFeature(in: ranges[i], index: i) }
            return features[i]
        }
    }

    func source() throws -> Source {
        if FeatureFile.isCSV(input) {
            let features = try FeatureFile.read(input)
            return Source(count: features.count, reader: nil, ranges: [], features: features)
        }
        let reader = try GeoJSONReader(contentsOf: input, displayPath: input.path)
        let ranges = try reader.featureRanges()
        return Source(count: ranges.count, reader: reader, ranges: ranges, features: [])
    }

    /// The union of the property keys of the first features, in order of appearance.
    static func keys(_ features: [GeoJSON.Feature]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for f in features {
            for m in f.properties?.members ?? [] where !seen.contains(m.key) {
                seen.insert(m.key)
                out.append(m.key)
            }
        }
        return out
    }

    func run(geoJSON geoURL: URL, csv csvURL: URL) throws -> SeizureSummary {
        let src = try source()
        let probe = try (0..<min(src.count, 256)).map { try src.feature($0) }
        var inputKeys = SeizurePipeline.keys(probe)
        var summary = SeizureSummary()
        var extra: [String] = []
        let complete = try SeizureLayers.write(geoJSON: geoURL, csv: csvURL, csvKeys: columns.csvKeys(inputKeys: inputKeys),
                                               inputs: [input], keepCSV: { extra.isEmpty }) { emit in
            (summary, extra) = try process(src, knownKeys: inputKeys, csv: true, geo: true, emit: emit)
        }
        if !complete {
            // A property key first seen after the probe: the CSV header was incomplete. The GeoJSON
            // is written; write the CSV again (only) with every key.
            inputKeys += extra
            try SeizureLayers.write(geoJSON: nil, csv: csvURL, csvKeys: columns.csvKeys(inputKeys: inputKeys), inputs: [input]) { emit in
                _ = try process(src, knownKeys: inputKeys, csv: true, geo: false, emit: emit)
            }
        }
        return summary
    }

    /// One pass over the source. Returns the summary and the property keys not in `knownKeys`.
    func process(_ src: Source, knownKeys: [String], csv: Bool, geo: Bool,
                 emit: (SeizureLayers.Chunk) throws -> Void) throws -> (SeizureSummary, [String]) {
        let csvKeys = csv ? columns.csvKeys(inputKeys: knownKeys) : nil
        let known = Set(knownKeys)
        var summary = SeizureSummary()
        var extra: [String] = []
        var extraSet = Set<String>()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var start = 0
        while start < src.count {
            let end = min(src.count, start + SeizurePipeline.blockSize)
            let first = start, n = end - start
            let chunks = n < 512 ? 1 : workers
            let results = parallelChunks(chunks) { k -> Result<(SeizureLayers.Chunk, SeizureSummary, [String]), Error> in
                let lo = first + n * k / chunks, hi = first + n * (k + 1) / chunks
                do {
                    return .success(try work(src, lo..<hi, knownKeys: knownKeys, known: known, csvKeys: csvKeys, geo: geo))
                } catch {
                    return .failure(error)
                }
            }
            for r in results {
                let (chunk, s, newKeys) = try r.get()
                try emit(chunk)
                summary.merge(s)
                for k in newKeys where !extraSet.contains(k) {
                    extraSet.insert(k)
                    extra.append(k)
                }
            }
            start = end
        }
        return (summary, extra)
    }

    /// One worker's share of a block.
    func work(_ src: Source, _ range: Range<Int>, knownKeys: [String], known: Set<String>, csvKeys: [String]?, geo: Bool) throws
        -> (SeizureLayers.Chunk, SeizureSummary, [String])
    {
        let chunk = try SeizureLayers.Chunk(expectedFeatures: range.count, geoJSON: geo, csv: csvKeys != nil)
        var summary = SeizureSummary()
        var newKeys: [String] = []
        for i in range {
            let f = try src.feature(i)
            guard case .point(let c)? = f.geometry else {
                throw CatalogError(.badData, file: input.path, position: FeatureFile.position(input, i),
                                   "a seizure needs a Point geometry, not \(f.geometry?.typeName ?? "null")")
            }
            let s = try SeizureCatalog.seizure(from: f, index: i, url: input, coordinate: c)
            summary.recordsRead += 1
            guard filter.matches(s) else { continue }
            let r = context.evaluate(c)
            try chunk.add(SeizureLayers.feature(f, result: r, precision: s.locationPrecisionM, columns: columns), coordinate: c, csvKeys: csvKeys)
            summary.add(drug: s.drug, province: s.province, amount: s.amount, unit: s.unit, precision: s.locationPrecisionM, result: r)
            // New property keys (the common case, the same keys in the same order, is checked first).
            let members = f.properties?.members ?? []
            if members.count != knownKeys.count || !zip(members, knownKeys).allSatisfy({ $0.key == $1 }) {
                for m in members where !known.contains(m.key) && !newKeys.contains(m.key) { newKeys.append(m.key) }
            }
        }
        return (chunk, summary, newKeys)
    }
}
