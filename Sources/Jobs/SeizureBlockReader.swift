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
/// (`GeoJSONReader.parseFeature`) and encoded from values; both give the same bytes.
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
        case .geoJSON(_, let blocks):
            var cursor = blocks.cursor(k)
            return read(&cursor, index: k, maxFeatures: Int.max, into: chunk)
        }
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
            throw BlockError(local: local) { i in
                do {
                    _ = try SeizureFields(index: i, url: url) { values[$0] }
                    return error
                } catch {
                    return error
                }
            }
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
                CatalogError(.badData, file: url.path, position: FeatureFile.position(url, i), "a seizure needs a Point geometry, not \(what)")
            }
        }
        let s: SeizureFields
        do {
            s = try SeizureFields(f, index: local, url: url)
        } catch {
            throw BlockError(local: local) { i in
                do {
                    _ = try SeizureFields(f, index: i, url: url)
                    return error
                } catch {
                    return error
                }
            }
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
