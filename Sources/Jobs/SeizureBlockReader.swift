import Analysis
import Cartography
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats

/// One worker's reading of seizure blocks (see `SeizurePipeline`): each feature is read, filtered,
/// analysed, encoded into the block's chunk and counted in the block's summary.
///
/// A feature of the common point shape is taken straight from the bytes (`PointFeatureScanner`):
/// its fields through its key schema (`SeizureSchema`, worked out once per distinct key list),
/// its input properties copied as written. Any other feature is parsed in full
/// (`GeoJSONReader.parseFeature`) and encoded from values; both give the same bytes. A CSV row is
/// read the same way: its fields as byte ranges (`CSVFieldReader`) through the file's schema, and
/// copied; a row the fast reader declines is read by `CSVPointReader` (the same fields, or the
/// error with its line and column) and encoded from values.
struct SeizureBlockReader {
    let job: SeizureJob
    // The pipeline's parts used per feature, held directly (not copied out of the pipeline each time).
    let url: URL
    let context: SeizureContext
    let filter: SeizureFilter
    let readsPointsFromBytes: Bool
    var scanner: PointFeatureScanner
    var schemas: SeizureSchemaCache
    /// Reused for every feature (`SeizureContext.evaluate(_:into:)` allocates nothing).
    var result = SeizureResult(country: nil, checkpoint: nil, borders: [])
    /// CSV input: the row reader, the file's schema and layout, the row's values (reused).
    var csv: CSVRowState?

    struct CSVRowState {
        let input: SeizureCSVInput
        let fields: CSVFieldReader
        let schema: SeizureSchema
        let layout: SeizureLayers.RowLayout
        var values: [SeizureLayers.RowValue]
    }

    init(job: SeizureJob) {
        self.job = job
        url = job.pipeline.input
        context = job.pipeline.context
        filter = job.pipeline.filter
        readsPointsFromBytes = job.pipeline.readsPointsFromBytes
        if case .geoJSON(let reader, _) = job.source {
            scanner = PointFeatureScanner(reader: reader)
        } else {
            scanner = PointFeatureScanner(reader: GeoJSONReader(bytes: []))
        }
        schemas = SeizureSchemaCache(csvInputKeys: job.pool.csvKeys.map { Array(job.pipeline.columns.inputColumns($0)) } ?? [],
                                     added: job.pipeline.columns.addedSet, known: job.known)
        if case .csv(let input) = job.source {
            let schema = SeizureSchema(keys: input.keys.map { Array($0.utf8) }, csvInputKeys: schemas.csvInputKeys,
                                       added: schemas.added, known: schemas.known)
            csv = CSVRowState(input: input, fields: CSVFieldReader(csv: input.points.csv), schema: schema,
                              layout: SeizureLayers.RowLayout(keys: input.keys, columns: job.pipeline.columns, csvMembers: schema.csvMembers),
                              values: Array(repeating: SeizureLayers.RowValue(kind: .null, bytes: UnsafeRawBufferPointer(start: nil, count: 0), number: 0),
                                            count: input.keys.count))
        }
    }

    /// Block `k`, whole.
    mutating func read(block k: Int, into chunk: SeizureLayers.Chunk) -> SeizureJob.Block {
        switch job.source {
        case .features(let features):
            var b = SeizureJob.Block(index: k, chunk: chunk, summary: SeizureSummary(), newKeys: [], features: 0)
            let lo = k * SeizurePipeline.blockFeatures, hi = min(features.count, lo + SeizurePipeline.blockFeatures)
            for i in lo..<hi {
                do {
                    try general(features[i], range: nil, local: i - lo, &b)
                } catch {
                    b.error = error
                    break
                }
            }
            b.features = hi - lo
            return b
        case .stream(let stream):
            var b = SeizureJob.Block(index: k, chunk: chunk, summary: SeizureSummary(), newKeys: [], features: 0)
            do {
                let features = try stream.block(k)
                for (i, f) in features.enumerated() { try general(f, range: nil, local: i, &b) }
                b.features = features.count
            } catch {
                b.error = error
            }
            return b
        case .geoJSON(_, let blocks):
            var cursor = blocks.cursor(k)
            return read(&cursor, index: k, maxFeatures: Int.max, into: chunk)
        case .csv(let input):
            var cursor = input.blocks.cursor(k)
            return read(&cursor, index: k, maxFeatures: Int.max, into: chunk)
        }
    }

    /// Up to `maxFeatures` CSV records from `cursor`; the block's `csvCursor` is where it stopped.
    mutating func read(_ cursor: inout CSVRecordCursor, index: Int, maxFeatures: Int, into chunk: SeizureLayers.Chunk) -> SeizureJob.Block {
        var b = SeizureJob.Block(index: index, chunk: chunk, summary: SeizureSummary(), newKeys: [], features: 0)
        guard var state = csv else { return b }
        csv = nil
        defer { csv = state }
        let input = state.input
        do {
            while b.features < maxFeatures, let start = cursor.nextStart() {
                if state.fields.read(at: start),
                   let lon = input.points.coordinateValue(state.fields.bytes(input.longitudeColumn), limit: 180),
                   let lat = input.points.coordinateValue(state.fields.bytes(input.latitudeColumn), limit: 90),
                   SeizureBlockReader.values(&state, input) {
                    cursor.read(until: state.fields.end)
                    try row(&state, longitude: lon, latitude: lat, local: b.features, &b)
                } else {
                    // Declined: read as the whole-file reader reads it (same fields, or its error).
                    guard let (declined, next) = try input.points.csv.record(at: start, number: b.features + 1) else { break }
                    cursor.read(until: next)
                    try record(declined, input, local: b.features, &b)
                }
                b.features += 1
            }
        } catch {
            b.error = error
        }
        b.csvCursor = cursor
        return b
    }

    /// The row's property values as `SeizureCatalog.normalized` makes them of the feature's texts
    /// (empty: null; the numeric keys: numbers), or false where it would throw (or the text is
    /// not ASCII around a number).
    static func values(_ state: inout CSVRowState, _ input: SeizureCSVInput) -> Bool {
        let fields = state.fields
        return state.values.withUnsafeMutableBufferPointer { values in
            for mi in values.indices {
                let bytes = fields.bytes(input.propertyColumns[mi])
                if bytes.isEmpty {
                    values[mi] = SeizureLayers.RowValue(kind: .null, bytes: bytes, number: 0)
                } else if input.numeric[mi] {
                    guard let (d, text) = CSVFieldReader.finiteNumber(bytes) else { return false }
                    values[mi] = SeizureLayers.RowValue(kind: .number, bytes: text, number: d)
                } else {
                    values[mi] = SeizureLayers.RowValue(kind: .text, bytes: bytes, number: 0)
                }
            }
            return true
        }
    }

    /// A CSV row read by the field reader.
    mutating func row(_ state: inout CSVRowState, longitude: (value: Double, text: UnsafeRawBufferPointer),
                      latitude: (value: Double, text: UnsafeRawBufferPointer), local: Int, _ b: inout SeizureJob.Block) throws {
        let url = self.url
        let schema = state.schema
        let fields: SeizureFields
        do {
            fields = try state.values.withUnsafeBufferPointer { values in
                try SeizureFields(index: local, url: url) { SeizureBlockReader.value($0, schema, values) }
            }
        } catch {
            let values = state.values.withUnsafeBufferPointer { v in (0..<8).map { SeizureBlockReader.value($0, schema, v) } }
            throw BlockError.repeating(error, local: local) { i in _ = try SeizureFields(index: i, url: url) { values[$0] } }
        }
        b.summary.recordsRead += 1
        guard filter.matches(fields) else { return }
        let c = Coordinate(longitude: longitude.value, latitude: latitude.value)
        context.evaluate(c, into: &result)
        let r = result
        try state.values.withUnsafeBufferPointer { values in
            try b.chunk.add(row: values, layout: state.layout,
                            longitude: SeizureLayers.RowValue(kind: .number, bytes: longitude.text, number: longitude.value),
                            latitude: SeizureLayers.RowValue(kind: .number, bytes: latitude.text, number: latitude.value),
                            result: r, precision: fields.locationPrecisionM)
        }
        b.summary.add(drug: fields.drug, province: fields.province, located: r.province, amount: fields.amount, unit: fields.unit,
                      precision: fields.locationPrecisionM, result: r)
        for k in schema.newKeys where !b.newKeys.contains(k) { b.newKeys.append(k) }
    }

    /// The value of field `fi` of a CSV row (nil: none), as the normalized feature gives it.
    @inline(__always)
    static func value(_ fi: Int, _ schema: SeizureSchema, _ values: UnsafeBufferPointer<SeizureLayers.RowValue>) -> JSONValue? {
        for mi in schema.fieldCandidates[fi] {
            let v = values[mi]
            switch v.kind {
            case .null: continue
            case .text: return .string(String(decoding: v.bytes, as: UTF8.self))
            case .number: return .number(v.number)
            }
        }
        return nil
    }

    /// A CSV record the field reader declined, read as `FeatureFile.read` reads it.
    mutating func record(_ r: CSVRecord, _ input: SeizureCSVInput, local: Int, _ b: inout SeizureJob.Block) throws {
        let url = self.url
        let f = try input.points.feature(r)
        let normalized: GeoJSON.Feature
        do {
            normalized = try SeizureCatalog.normalized(f, index: local, url: url)
        } catch {
            throw BlockError.repeating(error, local: local) { i in _ = try SeizureCatalog.normalized(f, index: i, url: url) }
        }
        try general(normalized, range: nil, local: local, &b)
    }

    /// Up to `maxFeatures` features from `cursor`; the block's `cursor` is where it stopped.
    mutating func read(_ cursor: inout FeatureCursor, index: Int, maxFeatures: Int, into chunk: SeizureLayers.Chunk) -> SeizureJob.Block {
        var b = SeizureJob.Block(index: index, chunk: chunk, summary: SeizureSummary(), newKeys: [], features: 0)
        let first = cursor.count
        do {
            while b.features < maxFeatures, let start = try cursor.nextStart() {
                // The common shape straight from the bytes; anything else parsed in full.
                if readsPointsFromBytes, let end = scanner.scan(from: start, limit: cursor.inputCount) {
                    cursor.read(until: end)
                    let schema = schemas.schema(for: scanner)
                    if schema.hasAddedKey {
                        try parsed(start..<end, local: b.features, &b)
                    } else {
                        try scanned(schema, local: b.features, &b)
                    }
                } else {
                    try parsed(try cursor.skip(), local: b.features, &b)
                }
                b.features += 1
            }
        } catch let e as GeoFormatsError {
            // The cursor's errors name the feature by its index in the block.
            if let f = e.feature {
                b.error = BlockError(local: f - first) { i in
                    var located = e
                    located.feature = i
                    return located
                }
            } else {
                b.error = e
            }
        } catch {
            b.error = error
        }
        b.cursor = cursor
        return b
    }

    /// A feature of GeoJSON input parsed in full, at `range`.
    mutating func parsed(_ range: Range<Int>, local: Int, _ b: inout SeizureJob.Block) throws {
        guard case .geoJSON(let reader, _) = job.source else { return }
        let f: GeoJSON.Feature
        do {
            f = try reader.parseFeature(in: range, index: local)
        } catch let e as GeoFormatsError {
            throw BlockError(local: local) { i in
                var located = e
                located.feature = i
                return located
            }
        }
        try general(f, range: range, local: local, &b)
    }

    /// A feature read by the scanner.
    mutating func scanned(_ schema: SeizureSchema, local: Int, _ b: inout SeizureJob.Block) throws {
        let url = self.url
        let fields: SeizureFields
        do {
            fields = try SeizureFields(index: local, url: url) { schema.value($0, scanner) }
        } catch {
            let values = (0..<8).map { schema.value($0, scanner) }
            throw BlockError.repeating(error, local: local) { i in _ = try SeizureFields(index: i, url: url) { values[$0] } }
        }
        b.summary.recordsRead += 1
        guard filter.matches(fields) else { return }
        context.evaluate(scanner.coordinate, into: &result)
        let r = result
        try b.chunk.add(scanned: scanner, csvMembers: schema.csvMembers, result: r, precision: fields.locationPrecisionM)
        b.summary.add(drug: fields.drug, province: fields.province, located: r.province, amount: fields.amount, unit: fields.unit,
                      precision: fields.locationPrecisionM, result: r)
        for k in schema.newKeys where !b.newKeys.contains(k) { b.newKeys.append(k) }
    }

    /// A feature parsed in full (`range`: its text, for GeoJSON input).
    mutating func general(_ f: GeoJSON.Feature, range: Range<Int>?, local: Int, _ b: inout SeizureJob.Block) throws {
        let url = self.url
        if f.geometry == nil {
            // An unlocated report: counted, skipped, as every command skips it.
            b.summary.recordsRead += 1
            b.summary.recordsUnlocated += 1
            return
        }
        guard case .point(let c)? = f.geometry else {
            let what = f.geometry?.typeName ?? "null"
            throw BlockError(local: local) { i in
                CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i), "a seizure needs a Point geometry, not \(what)")
            }
        }
        let s: SeizureFields
        do {
            s = try SeizureFields(f, index: local, url: url)
        } catch {
            throw BlockError.repeating(error, local: local) { i in _ = try SeizureFields(f, index: i, url: url) }
        }
        #if DEBUG
        let reference = try SeizureCatalog.seizure(from: f, index: local, url: url, coordinate: c)
        assert(s.matches(reference), "SeizureFields disagrees with SeizureCatalog.seizure on feature \(local)")
        #endif
        b.summary.recordsRead += 1
        guard filter.matches(s) else { return }
        context.evaluate(c, into: &result)
        let r = result
        let raw: SeizureLayers.RawProperties
        if case .geoJSON(let reader, _) = job.source, let range {
            raw = SeizureLayers.rawProperties(of: UnsafeRawBufferPointer(start: reader.input.base + range.lowerBound, count: range.count))
        } else {
            raw = .unavailable
        }
        try b.chunk.add(f, raw: raw, coordinate: c, result: r, precision: s.locationPrecisionM)
        b.summary.add(drug: s.drug, province: s.province, located: r.province, amount: s.amount, unit: s.unit, precision: s.locationPrecisionM, result: r)
        let members = f.properties?.members ?? []
        for m in members where !job.known.contains(m.key) && !b.newKeys.contains(m.key) { b.newKeys.append(m.key) }
    }
}
