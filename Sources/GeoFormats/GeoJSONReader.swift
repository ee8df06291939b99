import Foundation
import Dispatch

/// A fast RFC 7946 GeoJSON reader on raw UTF-8 bytes (no Foundation JSON).
///
/// Reading a file memory-maps it; nothing is copied. Three ways in:
///
///     let reader = try GeoJSONReader(contentsOf: url)
///     let doc = try reader.read()                                    // whole document
///     try reader.forEachFeature { feature, index in ... }            // streaming, one feature alive
///     let features = try reader.readFeatures(concurrency: 2)         // parallel, all in memory
///
/// or, for custom parallel work, `featureRanges()` then `parseFeature(in:index:)` from any thread.
///
/// Accepted: a FeatureCollection, a Feature or a bare geometry at the top level; every geometry type;
/// members in any order; "id" as string or number; "bbox"; foreign members (validated as JSON and
/// skipped); a UTF-8 byte order mark; an old-style "crs" naming WGS84 (other CRSs are an error).
/// A third (altitude) and further ordinates are dropped.
///
/// Validation (each a `GeoFormatsError` with path:line:column and feature index): malformed JSON,
/// invalid UTF-8, lone surrogate escapes, wrong member types, unknown "type", a position with fewer
/// than 2 numbers, longitude outside [-180, 180] or latitude outside [-90, 90], a (Multi)LineString
/// part with fewer than 2 positions, a Polygon with no rings, a ring with fewer than 4 positions or
/// not closed (first == last exactly), a Feature without "type" or "geometry". Empty MultiPoint,
/// MultiLineString, MultiPolygon and GeometryCollection are accepted (RFC 7946 §3.1).
///
/// Limits (exceeding one is a `.limitExceeded` error, never a crash):
/// - nesting depth: 64 levels of JSON arrays/objects counted from the top of the document (a
///   FeatureCollection's feature properties start at level 4, a MultiPolygon's positions at 8);
/// - one string: 16 MiB of UTF-8;
/// - one file: 4 GiB.
///
/// Numbers are correctly rounded (bit-exact round trip of anything `GeoJSONWriter` writes).
public struct GeoJSONReader: Sendable {
    /// Maximum nesting of JSON arrays and objects.
    public static let maxDepth = JSONParser.maxDepth
    /// Maximum length of one JSON string, in UTF-8 bytes (16 MiB).
    public static let maxStringBytes = JSONParser.maxStringBytes
    /// Maximum file size (4 GiB).
    public static let maxFileSize = InputBytes.maxFileSize

    public let input: InputBytes

    /// Reads (memory-maps) the file at `url`. `displayPath` is the name used in error messages
    /// (default: the URL's path).
    public init(contentsOf url: URL, displayPath: String? = nil) throws {
        input = try InputBytes(contentsOf: url, displayPath: displayPath)
    }

    public init(bytes: some Collection<UInt8>, path: String? = nil) {
        input = InputBytes(bytes: bytes, path: path)
    }

    public init(string: String, path: String? = nil) {
        input = InputBytes(string: string, path: path)
    }

    public init(input: InputBytes) {
        self.input = input
    }

    /// The whole document.
    public func read() throws -> GeoJSONDocument {
        var it = try makeFeatureIterator()
        if let single = it.singleDocument { return single }
        var features: [GeoJSON.Feature] = []
        while let f = try it.next() { features.append(f) }
        return .featureCollection(GeoJSON.FeatureCollection(features: features, bbox: it.collectionBBox))
    }

    /// A pull iterator over the features (see `GeoJSONFeatureIterator`).
    public func makeFeatureIterator() throws -> GeoJSONFeatureIterator {
        try GeoJSONFeatureIterator(input: input)
    }

    /// Calls `body` with each feature and its 0-based index, in document order, holding only one
    /// feature in memory at a time. A single Feature or bare geometry document yields one feature.
    /// Returns the number of features.
    @discardableResult
    public func forEachFeature(_ body: (GeoJSON.Feature, Int) throws -> Void) throws -> Int {
        var it = try makeFeatureIterator()
        var i = 0
        while let f = try it.next() {
            try body(f, i)
            i += 1
        }
        return i
    }

    /// Byte ranges (into `input`) of every feature object, found by a fast scan that checks only
    /// strings and brackets; the top-level members are validated. Parse each range with
    /// `parseFeature(in:index:)`, from any thread. A Feature document gives one range; a bare geometry
    /// is an error.
    public func featureRanges() throws -> [Range<Int>] {
        var it = try makeFeatureIterator()
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(max(16, input.count / 200))
        while let r = try it.nextRange() { ranges.append(r) }
        return ranges
    }

    /// Parses and validates the feature object in `range` (from `featureRanges()`); `index` is the
    /// feature's index for error messages. Thread-safe.
    public func parseFeature(in range: Range<Int>, index: Int) throws -> GeoJSON.Feature {
        var parser = JSONParser(input: input, range: range)
        return try parseFeature(in: range, index: index, with: &parser)
    }

    private func parseFeature(in range: Range<Int>, index: Int, with parser: inout JSONParser) throws -> GeoJSON.Feature {
        guard range.lowerBound >= 0, range.upperBound <= input.count else {
            throw GeoFormatsError(.invalidGeoJSON, "byte range \(range) is outside the input (\(input.count) bytes)", path: input.path, feature: index)
        }
        parser.pos = range.lowerBound
        parser.end = range.upperBound
        parser.feature = index
        parser.skipWhitespace()
        let f = try parser.parseFeature(depth: 3)
        parser.skipWhitespace()
        guard parser.pos == range.upperBound else {
            throw parser.error(.syntax, "unexpected data after the feature object", at: parser.pos)
        }
        return f
    }

    /// All features, parsed on `concurrency` threads (default: active processors). Same result and
    /// same validation as `read().features`; the error thrown is the first in document order.
    ///
    /// How: the text is cut at guessed feature boundaries (see `GeoJSONFeatureIterator
    /// .guessFeatureStart`); each thread parses one part; a part is kept only if the previous one
    /// ended exactly where it began, otherwise the rest is parsed sequentially. No serial pre-scan.
    public func readFeatures(concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [GeoJSON.Feature] {
        try readFeatures(concurrency: concurrency, minimumPartBytes: 1 << 20)
    }

    /// `readFeatures(concurrency:)` with parts of at least `minimumPartBytes` (tests use small ones).
    func readFeatures(concurrency: Int, minimumPartBytes: Int) throws -> [GeoJSON.Feature] {
        var main = try makeFeatureIterator()
        if let single = main.singleDocument { return single.features }
        var first: [GeoJSON.Feature] = []
        let threads = max(1, min(concurrency, input.count / max(1, minimumPartBytes)))
        if threads == 1 {
            _ = try main.parseFeatures(until: Int.max, into: &first)
            return first
        }
        // Cut points: guessed element starts after the main iterator's position.
        let startPos = main.parser.pos
        var cuts: [Int] = []
        for k in 1..<threads {
            let target = startPos + (input.count - startPos) * k / threads
            if let g = GeoJSONFeatureIterator.guessFeatureStart(in: input, after: max(target, (cuts.last ?? startPos) + 1)) {
                cuts.append(g)
            }
        }
        if cuts.isEmpty {
            _ = try main.parseFeatures(until: Int.max, into: &first)
            return first
        }
        let parts = cuts.count + 1
        /// What one thread did: its features, how it stopped (nil: error), its iterator (to continue).
        struct Part {
            var features: FeatureBuffer
            var end: GeoJSONFeatureIterator.SegmentEnd?
            var error: GeoFormatsError?
            var iterator: GeoJSONFeatureIterator?
        }
        let results = UnsafeMutableBufferPointer<Part>.allocate(capacity: parts)
        for k in 0..<parts {
            let from = k == 0 ? startPos : cuts[k - 1]
            let to = k < cuts.count ? cuts[k] : input.count
            (results.baseAddress! + k).initialize(to: Part(features: FeatureBuffer(capacity: (to - from) / 128)))
        }
        var moved = 0  // parts whose features were moved out
        defer {
            for k in moved..<parts { results[k].features.destroy() }
            _ = results.deinitialize()
            results.deallocate()
        }
        results[0].iterator = main
        let shared = SendableBox((input: input, cuts: cuts, results: results))
        DispatchQueue.concurrentPerform(iterations: parts) { k in
            let (input, cuts, results) = shared.value
            let limit = k < cuts.count ? cuts[k] : Int.max
            var it = k == 0 ? results[0].iterator! : GeoJSONFeatureIterator(input: input, segmentStart: cuts[k - 1])
            var out = results[k].features
            do {
                results[k].end = try it.parseFeatures(until: limit, into: &out)
            } catch let e as GeoFormatsError {
                results[k].error = e
            } catch {
                results[k].error = GeoFormatsError(.invalidGeoJSON, "\(error)", path: input.path)
            }
            results[k].features = out
            results[k].iterator = it
        }
        // Chain the parts while each one ended exactly where the next began; errors in document order.
        var k = 0
        var total = 0
        while true {
            if var e = results[k].error {
                e.feature = e.feature.map { $0 + total }
                throw e
            }
            total += results[k].features.count
            guard results[k].end == .reachedLimit else { break }
            k += 1
        }
        // Parts 0...k are good: move their features into the result.
        var all = [GeoJSON.Feature](unsafeUninitializedCapacity: total) { buffer, initialized in
            var at = buffer.baseAddress!
            for j in 0...k {
                results[j].features.moveAll(to: at)
                at += results[j].features.count
            }
            initialized = total
        }
        moved = k + 1
        var it = results[k].iterator!
        let partStart = all.count - it.index
        if results[k].end == .missedLimit {
            // The next cut was not an element start: continue this part sequentially.
            do {
                _ = try it.parseFeatures(until: Int.max, into: &all)
            } catch var e as GeoFormatsError {
                e.feature = e.feature.map { $0 + partStart }
                throw e
            }
        }
        if k > 0, let arrayEnd = it.arrayEnd {
            var main = results[0].iterator!
            try main.resumeAfterFeatures(at: arrayEnd, featuresSoFar: all.count)
        }
        return all
    }

    // MARK: Conveniences

    /// The whole document in the file at `url`.
    public static func read(contentsOf url: URL, displayPath: String? = nil) throws -> GeoJSONDocument {
        try GeoJSONReader(contentsOf: url, displayPath: displayPath).read()
    }

    /// The whole document in `text`.
    public static func read(string text: String, path: String? = nil) throws -> GeoJSONDocument {
        try GeoJSONReader(string: text, path: path).read()
    }
}

/// Hands values to `concurrentPerform` workers that only read shared state or write disjoint slots.
struct SendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
