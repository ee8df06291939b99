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
    /// same validation as `read().features`; on errors, the one with the lowest feature index is thrown.
    public func readFeatures(concurrency: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> [GeoJSON.Feature] {
        var it = try makeFeatureIterator()
        if let single = it.singleDocument { return single.features }
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(max(16, input.count / 200))
        while let r = try it.nextRange() { ranges.append(r) }
        let n = ranges.count
        let chunks = max(1, min(concurrency, n / 256))
        if chunks == 1 {
            var parser = JSONParser(input: input, cachingStrings: true)
            var out: [GeoJSON.Feature] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(try parseFeature(in: ranges[i], index: i, with: &parser)) }
            return out
        }
        let results = UnsafeMutableBufferPointer<Result<[GeoJSON.Feature], GeoFormatsError>>.allocate(capacity: chunks)
        results.initialize(repeating: .success([]))
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let shared = SendableBox((reader: self, ranges: ranges, results: results))
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let (reader, ranges, results) = shared.value
            let lo = n * c / chunks
            let hi = n * (c + 1) / chunks
            var parser = JSONParser(input: reader.input, cachingStrings: true)
            var out: [GeoJSON.Feature] = []
            out.reserveCapacity(hi - lo)
            do {
                for i in lo..<hi { out.append(try reader.parseFeature(in: ranges[i], index: i, with: &parser)) }
                results[c] = .success(out)
            } catch let e as GeoFormatsError {
                results[c] = .failure(e)
            } catch {
                results[c] = .failure(GeoFormatsError(.invalidGeoJSON, "\(error)", path: reader.input.path))
            }
        }
        var all: [GeoJSON.Feature] = []
        all.reserveCapacity(n)
        for c in 0..<chunks { all.append(contentsOf: try results[c].get()) }
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
