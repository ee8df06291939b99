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
              nroute seizures --post-radius-km 15 --no-settlements --posts my-outposts.csv
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

    @OptionGroup var gap: GapOptions

    func validate() throws {
        do {
            _ = try SeizureFilter(from: from, to: to, drugs: drugs)
        } catch let e as SeizureFilterError {
            throw ValidationError(e.description)
        }
    }

    func run() throws {
        try runReportingErrors {
            SeizurePipeline.mark("start")
            let geodata = try Geodata.locate(common.geodata)
            let filter = try SeizureFilter(from: from, to: to, drugs: drugs)
            let input = seizures == "geodata" ? geodata.url("seizures.csv") : URL(fileURLWithPath: seizures)
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw CatalogError(.missingFile, file: input.path, "no such file")
            }
            var inputs = [input]
            let extraPosts = try gap.readPosts(inputs: &inputs)
            let out = URL(fileURLWithPath: common.outputDir)
            let geoURL = out.appendingPathComponent("seizures.geojson")
            let csvURL = out.appendingPathComponent("seizures.csv")
            for o in [geoURL, csvURL] { try AtomicFile.checkNotInput(o, inputs: inputs) }

            let borders = try BorderCatalog.select(border, from: try geodata.borders())
            let ids = Set(borders.map(\.id))
            let allPosts = try geodata.checkpoints() + extraPosts
            let settlements = gap.noSettlements ? [] : try geodata.settlements()
            let reports = try borders.map { b in
                try GapAnalysis.run(border: b, controls: allPosts.filter { $0.borderID == nil || $0.borderID == b.id } + settlements,
                                    parameters: gap.parameters)
            }
            // The nearest checkpoint is sought among the crossings that serve the borders asked for
            // (and the user's --posts of kind checkpoint).
            let checkpoints = allPosts.filter { $0.kind == .checkpoint && ($0.borderID == nil || ids.contains($0.borderID!)) }
            let context = try SeizureContext(checkpoints: checkpoints, borders: borders, gapReports: reports,
                                             countries: try geodata.countries())

            let summary = try SeizurePipeline(input: input, context: context, filter: filter, inputs: inputs)
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
    /// Every file read (outputs must not overwrite any).
    let inputs: [URL]
    let context: SeizureContext
    let filter: SeizureFilter
    let columns: SeizureColumns
    static let blockSize = 1 << 15

    init(input: URL, context: SeizureContext, filter: SeizureFilter, inputs: [URL]) {
        self.input = input
        self.inputs = inputs
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

        /// The feature's properties as written in the file (GeoJSON input only).
        func raw(_ i: Int) -> SeizureLayers.RawProperties {
            guard let reader else { return .unavailable }
            let r = ranges[i]
            return SeizureLayers.rawProperties(of: UnsafeRawBufferPointer(start: reader.input.base + r.lowerBound, count: r.count))
        }
    }

    func source() throws -> Source {
        if FeatureFile.isCSV(input) {
            // Properties arrive as text: empty → null, numeric fields → numbers (as the catalog reads them).
            let features = try FeatureFile.read(input).enumerated().map { i, f in
                try SeizureCatalog.normalized(f, index: i, url: input)
            }
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

    /// NROUTE_TIMING=1 prints the phases' wall times on stderr.
    static let timing = ProcessInfo.processInfo.environment["NROUTE_TIMING"] != nil
    static let t0 = Date()
    static func mark(_ what: String) {
        if timing { FileHandle.standardError.write(String(format: "[timing] %7.3f s  %@\n", Date().timeIntervalSince(t0), what).data(using: .utf8)!) }
    }

    func run(geoJSON geoURL: URL, csv csvURL: URL) throws -> SeizureSummary {
        SeizurePipeline.mark("prepared (geodata, gaps, indexes)")
        let src = try source()
        SeizurePipeline.mark("input scanned: \(src.count) features")
        let probe = try (0..<min(src.count, 256)).map { try src.feature($0) }
        var inputKeys = SeizurePipeline.keys(probe)
        var summary = SeizureSummary()
        var extra: [String] = []
        let complete = try SeizureLayers.write(geoJSON: geoURL, csv: csvURL, csvKeys: columns.csvKeys(inputKeys: inputKeys),
                                               inputs: inputs, keepCSV: { extra.isEmpty }) { emit in
            (summary, extra) = try process(src, knownKeys: inputKeys, csv: true, geo: true, emit: emit)
        }
        SeizurePipeline.mark("written")
        if !complete {
            // A property key first seen after the probe: the CSV header was incomplete. The GeoJSON
            // is written; write the CSV again (only) with every key.
            inputKeys += extra
            try SeizureLayers.write(geoJSON: nil, csv: csvURL, csvKeys: columns.csvKeys(inputKeys: inputKeys), inputs: inputs) { emit in
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
        let pool = SeizureLayers.ChunkPool(columns: columns, csvKeys: csvKeys, geoJSON: geo,
                                           expectedFeatures: SeizurePipeline.blockSize / workers + 1)
        var start = 0
        while start < src.count {
            let end = min(src.count, start + SeizurePipeline.blockSize)
            let first = start, n = end - start
            let chunks = n < 512 ? 1 : workers
            let results = parallelChunks(chunks) { k -> Result<(SeizureLayers.Chunk, SeizureSummary, [String]), Error> in
                let lo = first + n * k / chunks, hi = first + n * (k + 1) / chunks
                do {
                    return .success(try work(src, lo..<hi, knownKeys: knownKeys, known: known, chunk: pool.take()))
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
    func work(_ src: Source, _ range: Range<Int>, knownKeys: [String], known: Set<String>, chunk: SeizureLayers.Chunk) throws
        -> (SeizureLayers.Chunk, SeizureSummary, [String])
    {
        var summary = SeizureSummary()
        var newKeys: [String] = []
        for i in range {
            let f = try src.feature(i)
            guard case .point(let c)? = f.geometry else {
                throw CatalogError(.badData, file: input.path, position: FeatureFile.position(input, i),
                                   "a seizure needs a Point geometry, not \(f.geometry?.typeName ?? "null")")
            }
            let s = try SeizureFields(f, index: i, url: input)
            #if DEBUG
            let reference = try SeizureCatalog.seizure(from: f, index: i, url: input, coordinate: c)
            assert(s.matches(reference), "SeizureFields disagrees with SeizureCatalog.seizure on feature \(i)")
            #endif
            summary.recordsRead += 1
            guard filter.matches(s) else { continue }
            let r = context.evaluate(c)
            try chunk.add(f, raw: src.raw(i), coordinate: c, result: r, precision: s.locationPrecisionM)
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

/// The fields of a seizure record the pipeline needs, read exactly as `SeizureCatalog.seizure`
/// reads them (same keys and aliases: exact key first in alias order, then case-insensitive; null
/// and empty values skipped; numbers from JSON numbers or numeric text), in one pass over the
/// properties and without allocating: the catalog's general reader costs ~3 µs a record, too much
/// for a million. Debug builds check every record against `SeizureCatalog.seizure`.
struct SeizureFields {
    var dateStart: String?
    var dateEnd: String?
    var drug: String?
    var province: String?
    var amount: Double?
    var unit: String?
    var locationPrecisionM: Double?

    /// Field → aliases, in SeizureCatalog's order.
    static let aliases: [[String]] = [
        ["date_start", "date"], ["date_end"], ["drug"], ["province", "region"], ["amount", "amount_kg"], ["unit"],
        ["location_precision_m", "precision_m"], ["amount_kg"],
    ]
    static let aliasUTF8: [[[UInt8]]] = aliases.map { $0.map { Array($0.utf8) } }

    init(_ f: GeoJSON.Feature, index i: Int, url: URL) throws {
        let members = f.properties?.members ?? []
        // Per field: the member chosen (the best exact match, else the first case-insensitive one;
        // -1: none), found in stack memory (this runs a million times).
        var chosen = SIMD8<Int>(repeating: -1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 24) { t in
            let p = t.baseAddress!
            p.initialize(repeating: -1, count: 24)
            SeizureFields.match(members, p)
            for fi in 0..<8 { chosen[fi] = p[8 + fi] >= 0 ? p[8 + fi] : p[16 + fi] }
        }
        func value(_ fi: Int) -> JSONValue? {
            let m = chosen[fi]
            // (Not a ternary: JSONValue is ExpressibleByNilLiteral, so `c ? v : nil` would give .null.)
            if m < 0 { return nil }
            return members[m].value
        }
        func string(_ fi: Int) -> String? {
            switch value(fi) {
            case .string(let s): s.isEmpty ? nil : s
            case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
            case .bool(let b): String(b)
            default: nil
            }
        }
        func number(_ fi: Int) throws -> Double? {
            switch value(fi) {
            case .number(let d): return d
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if t.isEmpty { return nil }
                guard let d = Double(t), d.isFinite else {
                    throw CatalogError(.badData, file: url.path, position: FeatureFile.position(url, i),
                                       "\(SeizureFields.aliases[fi][0]) \"\(s)\" is not a number")
                }
                return d
            case nil: return nil
            case let other?:
                throw CatalogError(.badData, file: url.path, position: FeatureFile.position(url, i),
                                   "\(SeizureFields.aliases[fi][0]) \"\(other)\" is not a number")
            }
        }
        dateStart = string(0)
        dateEnd = string(1)
        drug = string(2)
        province = string(3)
        locationPrecisionM = try number(6)
        amount = try number(4)
        unit = string(5) ?? (value(7) != nil ? "kg" : nil)
    }

    /// The aliases flattened: (field, rank, range in `aliasBlob`).
    static let aliasTable: [(field: Int, rank: Int, start: Int, count: Int)] = {
        var out: [(Int, Int, Int, Int)] = []
        var at = 0
        for (fi, list) in aliasUTF8.enumerated() {
            for (ai, a) in list.enumerated() {
                out.append((fi, ai, at, a.count))
                at += a.count
            }
        }
        return out
    }()
    static let aliasBlob: [UInt8] = aliasUTF8.flatMap { $0.flatMap { $0 } }

    /// Matches the members' keys against the aliases: t[fi] the best exact alias rank of field fi,
    /// t[8 + fi] its member, t[16 + fi] the first case-insensitive member (all -1 when none).
    static func match(_ members: [(key: String, value: JSONValue)], _ t: UnsafeMutablePointer<Int>) {
        aliasTable.withUnsafeBufferPointer { table in
            aliasBlob.withUnsafeBufferPointer { blob in
                for mi in members.indices {
                    if case .null = members[mi].value { continue }
                    var key = members[mi].key
                    let ascii = key.withUTF8 { k -> Bool in
                        for e in table where e.count == k.count {
                            let alias = UnsafeBufferPointer(rebasing: blob[e.start..<(e.start + e.count)])
                            if alias.elementsEqual(k) {
                                if t[8 + e.field] < 0 || t[e.field] > e.rank {
                                    t[e.field] = e.rank
                                    t[8 + e.field] = mi
                                }
                            } else if t[16 + e.field] < 0, SeizureFields.foldedEqual(alias, k) {
                                t[16 + e.field] = mi
                            }
                        }
                        for b in k where b >= 0x80 { return false }
                        return true
                    }
                    if !ascii {
                        // Non-ASCII keys: the catalog's Unicode lower-casing decides.
                        let lower = key.lowercased()
                        for (fi, list) in SeizureFields.aliases.enumerated() where t[16 + fi] < 0 && list.contains(lower) { t[16 + fi] = mi }
                    }
                }
            }
        }
    }

    static func foldedEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for (x, y) in zip(a, b) where x != y {
            let lx = x >= 0x41 && x <= 0x5A ? x | 0x20 : x
            let ly = y >= 0x41 && y <= 0x5A ? y | 0x20 : y
            if lx != ly { return false }
        }
        return true
    }

    func matches(_ s: Seizure) -> Bool {
        dateStart == s.dateStart && dateEnd == s.dateEnd && drug == s.drug && province == s.province
            && amount == s.amount && unit == s.unit && locationPrecisionM == s.locationPrecisionM
    }
}

extension SeizureFilter {
    func matches(_ s: SeizureFields) -> Bool { matches(dateStart: s.dateStart, dateEnd: s.dateEnd, drug: s.drug) }
}
