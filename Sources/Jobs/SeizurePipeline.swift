import Analysis
import Cartography
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats
import PostGIS

/// `nroute seizures` as a stream: read → filter → analyse → write `seizures.geojson` and
/// `seizures.csv`, on all cores, in bounded memory, outputs in input order.
///
/// GeoJSON input is cut into blocks of about `blockBytes` of text (`GeoJSONReader.featureBlocks`,
/// no serial pre-scan). Each worker takes the next block, reads its features (the common point
/// shape straight from the bytes with `PointFeatureScanner`, anything else with the full reader),
/// analyses and encodes them into a chunk, and hands the chunk over; whichever worker completes
/// the next chunk in input order writes it (while its bytes are still in that core's cache), so
/// there is no writer thread and no ordering barrier. At most `blocksAhead` chunks wait. CSV
/// input is cut into blocks of records the same way (`CSVRecordBlocks`, `SeizureCSVInput`), each
/// row's fields copied from the bytes; a CSV file the fast reader does not take (a WKT column, odd
/// headers) is read whole first and streamed in blocks of features.
///
/// Errors are reported for the first bad feature in input order, with its index in the file.
public struct SeizurePipeline: Sendable {
    public let input: URL
    /// The seizures' PostGIS table or query, read through a cursor (`input` then names it).
    public let database: PostGISSource?
    /// Every file read (outputs must not overwrite any).
    public let inputs: [URL]
    public let context: SeizureContext
    public let filter: SeizureFilter
    public let columns: SeizureColumns

    /// Input text per block: the encoded chunk (~4x) stays within a core's L2 cache.
    public var blockBytes = 1 << 17
    /// Read point features straight from the bytes (`PointFeatureScanner`); false parses every
    /// feature in full (the same output, slower; for tests).
    public var readsPointsFromBytes = true
    /// Input text per block for CSV input (rows are ~3x shorter than GeoJSON features).
    public var csvBlockBytes = 1 << 15
    /// Features per block for CSV input.
    static let blockFeatures = 1 << 10

    public init(input: URL, context: SeizureContext, filter: SeizureFilter, inputs: [URL]) {
        self.input = input
        self.inputs = inputs
        self.context = context
        self.filter = filter
        database = nil
        columns = SeizureColumns(context: context)
    }

    /// Seizures from a PostGIS table or query, streamed through a server-side cursor in blocks of
    /// `blockFeatures` rows.
    public init(database: PostGISSource, context: SeizureContext, filter: SeizureFilter, inputs: [URL]) throws {
        input = try PostGISReader.url(of: database)
        self.database = database
        self.inputs = inputs
        self.context = context
        self.filter = filter
        columns = SeizureColumns(context: context)
    }

    /// NROUTE_TIMING=1 prints the phases' wall times on stderr.
    static let timing = ProcessInfo.processInfo.environment["NROUTE_TIMING"] != nil
    static let t0 = Date()
    public static func mark(_ what: String) {
        if timing { FileHandle.standardError.write(String(format: "[timing] %7.3f s  %@\n", Date().timeIntervalSince(t0), what).data(using: .utf8)!) }
    }

    /// Where features come from.
    enum Source: @unchecked Sendable {
        // @unchecked: the reader is an immutable memory-mapped file, the blocks hand each cursor
        // out once, and the features array is never mutated after init.
        case geoJSON(GeoJSONReader, FeatureBlocks)
        case csv(SeizureCSVInput)
        case features([GeoJSON.Feature])
        case stream(SeizureStream)

        var blockCount: Int {
            switch self {
            case .geoJSON(_, let blocks): blocks.count
            case .csv(let input): input.blocks.count
            case .features(let f): max(1, (f.count + SeizurePipeline.blockFeatures - 1) / SeizurePipeline.blockFeatures)
            case .stream(let s): s.blockCount
            }
        }
    }

    func source() throws -> Source {
        if let database {
            return .stream(try SeizureStream(PostGISReader(database, blockRows: SeizurePipeline.blockFeatures, counting: true)))
        }
        if FeatureFile.isCSV(input) {
            if readsPointsFromBytes, let fast = try SeizureCSVInput.open(input, blockBytes: csvBlockBytes, columns: columns) {
                return .csv(fast)
            }
            // Properties arrive as text: empty → null, numeric fields → numbers (as the catalog reads them).
            let features = try FeatureFile.readSeizures(input).enumerated().map { i, f in
                try SeizureCatalog.normalized(f, index: i, url: input)
            }
            return .features(features)
        }
        let reader = try GeoJSONReader(contentsOf: input, displayPath: input.path)
        return .geoJSON(reader, try reader.featureBlocks(bytes: blockBytes))
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

    /// Up to `n` first features (fully parsed), for the CSV header.
    func probe(_ src: Source, _ n: Int) throws -> [GeoJSON.Feature] {
        switch src {
        case .features(let f): return Array(f.prefix(n))
        case .csv, .stream: return []
        case .geoJSON(let reader, _):
            // A fresh reader: the blocks' own cursors stay untouched.
            var it = try reader.makeFeatureIterator()
            var out: [GeoJSON.Feature] = []
            while out.count < n, let f = try it.next() { out.append(f) }
            return out
        }
    }

    public func run(geoJSON geoURL: URL, csv csvURL: URL) throws -> SeizureSummary {
        SeizurePipeline.mark("prepared (geodata, gaps, indexes)")
        let src = try source()
        SeizurePipeline.mark("input opened: \(src.blockCount) blocks")
        var inputKeys: [String]
        switch src {
        case .csv(let csv): inputKeys = csv.featureKeys
        case .stream(let stream): inputKeys = stream.reader.propertyNames
        default: inputKeys = SeizurePipeline.keys(try probe(src, 256))
        }
        defer { if case .stream(let stream) = src { stream.reader.close() } }
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
            let again = try source()
            try SeizureLayers.write(geoJSON: nil, csv: csvURL, csvKeys: columns.csvKeys(inputKeys: inputKeys), inputs: inputs) { emit in
                _ = try process(again, knownKeys: inputKeys, csv: true, geo: false, emit: emit)
            }
        }
        return summary
    }

    /// One pass over the source. Returns the summary and the property keys not in `knownKeys`.
    func process(_ src: Source, knownKeys: [String], csv: Bool, geo: Bool,
                 emit: (SeizureLayers.Chunk) throws -> Void) throws -> (SeizureSummary, [String]) {
        let csvKeys = csv ? columns.csvKeys(inputKeys: knownKeys) : nil
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let expected: Int
        if case .csv = src { expected = csvBlockBytes / 50 } else { expected = blockBytes / 150 }
        let pool = SeizureLayers.ChunkPool(columns: columns, csvKeys: csvKeys, geoJSON: geo, expectedFeatures: expected)
        return try withoutActuallyEscaping(emit) { emit in
            let job = SeizureJob(pipeline: self, source: src, knownKeys: knownKeys, pool: pool, emit: emit,
                                 blocksAhead: 4 * workers)
            DispatchQueue.concurrentPerform(iterations: min(workers, src.blockCount)) { _ in job.work() }
            return try job.result()
        }
    }
}

/// An error found in a block, before the block's place in the file (features before it) is known.
struct BlockError: Error {
    /// Index of the feature within the block.
    let local: Int
    /// The error, given the feature's index in the file.
    let make: @Sendable (Int) -> Error

    /// `error`, thrown by reading feature `local` of the block, as the error of that feature in the
    /// file: `again(i)` repeats the read with the feature's index in the file (the messages name
    /// it) and its error is the one reported; `error` itself if the repeat does not throw.
    static func repeating(_ error: Error, local: Int, _ again: @escaping @Sendable (Int) throws -> Void) -> BlockError {
        BlockError(local: local) { i in
            do {
                try again(i)
                return error
            } catch {
                return error
            }
        }
    }

    /// `error` with the index of its feature in the file, given the features before the block.
    static func located(_ error: Error, featuresBefore n: Int) -> Error {
        switch error {
        case let e as BlockError: return e.make(n + e.local)
        case var e as GeoFormatsError:
            e.feature = e.feature.map { $0 + n }
            return e
        default: return error
        }
    }
}

/// One run of the pipeline: the workers' shared state. Blocks are taken in order by an atomic
/// counter; finished blocks wait in `ready` until every block before them is written.
///
/// `@unchecked Sendable`: every mutable member is guarded by `lock`, except what only the worker
/// holding `writing` touches (the outputs, `summary`, `newKeys`, `featuresWritten`).
final class SeizureJob: @unchecked Sendable {
    let pipeline: SeizurePipeline
    let source: SeizurePipeline.Source
    let knownKeys: [String]
    let known: Set<String>
    let pool: SeizureLayers.ChunkPool
    let emit: (SeizureLayers.Chunk) throws -> Void
    let blocksAhead: Int

    /// What a worker made of one block.
    struct Block {
        /// Index of the block (-1: a continuation read by `write`).
        var index: Int
        var chunk: SeizureLayers.Chunk
        var summary: SeizureSummary
        var newKeys: [String]
        /// Features read (including those the filter dropped).
        var features: Int
        /// GeoJSON input: how the block ended, and its cursor (to read on after a wrong cut guess,
        /// or to check the document after the array).
        var cursor: FeatureCursor?
        /// CSV input: the same.
        var csvCursor: CSVRecordCursor?
        var error: Error?
    }

    let lock = NSCondition()
    var nextBlock = 0
    var nextToWrite = 0
    var ready: [Int: Block] = [:]
    var writing = false
    var failure: Error?
    /// Set when the blocks after `nextToWrite` are not to be trusted (a wrong cut guess).
    var stopped = false

    var summary = SeizureSummary()
    var newKeys: [String] = []
    var newKeySet = Set<String>()
    var featuresWritten = 0

    init(pipeline: SeizurePipeline, source: SeizurePipeline.Source, knownKeys: [String], pool: SeizureLayers.ChunkPool,
         emit: @escaping (SeizureLayers.Chunk) throws -> Void, blocksAhead: Int) {
        self.pipeline = pipeline
        self.source = source
        self.knownKeys = knownKeys
        known = Set(knownKeys)
        self.pool = pool
        self.emit = emit
        self.blocksAhead = blocksAhead
    }

    /// A worker: takes blocks until none is left (or something failed).
    func work() {
        var reader = SeizureBlockReader(job: self)
        while true {
            lock.lock()
            while !stopped && failure == nil && nextBlock < source.blockCount && nextBlock >= nextToWrite + blocksAhead {
                lock.wait()
            }
            guard !stopped, failure == nil, nextBlock < source.blockCount else {
                lock.unlock()
                return
            }
            let k = nextBlock
            nextBlock += 1
            lock.unlock()
            let block = reader.read(block: k, into: pool.take())
            finished(k, block)
        }
    }

    /// Hands block `k` over; writes every block that is next in order, unless another worker is.
    func finished(_ k: Int, _ block: Block) {
        lock.lock()
        ready[k] = block
        guard !writing else {
            lock.unlock()
            return
        }
        writing = true
        while failure == nil, !stopped, let b = ready.removeValue(forKey: nextToWrite) {
            lock.unlock()
            let outcome = Result { try write(b) }
            lock.lock()
            nextToWrite += 1
            if case .failure(let e) = outcome { failure = e }
            lock.broadcast()
        }
        writing = false
        lock.unlock()
    }

    /// Writes one block (the worker holding `writing` only).
    func write(_ b: Block) throws {
        defer { pool.give(b.chunk) }
        if let e = b.error { throw BlockError.located(e, featuresBefore: featuresWritten) }
        try emit(b.chunk)
        merge(b)
        if var cursor = b.csvCursor {
            guard cursor.end == .missedLimit else { return }
            // This block did not end where the next began (that start was inside a quoted field):
            // every later block is dropped, and the rest is read here, in order.
            lock.lock()
            stopped = true
            lock.unlock()
            var reader = SeizureBlockReader(job: self)
            cursor.ignoreLimit()
            while cursor.end == nil {
                let more = reader.read(&cursor, index: -1, maxFeatures: SeizurePipeline.blockFeatures, into: pool.take())
                defer { pool.give(more.chunk) }
                if let e = more.error { throw BlockError.located(e, featuresBefore: featuresWritten) }
                try emit(more.chunk)
                merge(more)
            }
            return
        }
        guard var cursor = b.cursor, case .geoJSON(_, let blocks) = source else { return }
        if cursor.end == .reachedLimit && b.index < blocks.count - 1 { return }
        // The array ended, or this block did not end where the next one began (the next start was
        // a wrong guess): every later block is dropped, and the rest is read here, in order.
        lock.lock()
        stopped = true
        lock.unlock()
        if cursor.end == .missedLimit {
            var reader = SeizureBlockReader(job: self)
            cursor.ignoreLimit()
            while true {
                let more = reader.read(&cursor, index: -1, maxFeatures: SeizurePipeline.blockFeatures, into: pool.take())
                defer { pool.give(more.chunk) }
                if let e = more.error { throw BlockError.located(e, featuresBefore: featuresWritten) }
                try emit(more.chunk)
                merge(more)
                if cursor.end != nil { break }
            }
        }
        try blocks.finish(after: cursor, featureCount: featuresWritten)
    }

    func merge(_ b: Block) {
        summary.merge(b.summary)
        for k in b.newKeys where !newKeySet.contains(k) {
            newKeySet.insert(k)
            newKeys.append(k)
        }
        featuresWritten += b.features
    }

    /// The summary and the new keys, once every worker has returned.
    func result() throws -> (SeizureSummary, [String]) {
        if let failure { throw failure }
        return (summary, newKeys)
    }
}
