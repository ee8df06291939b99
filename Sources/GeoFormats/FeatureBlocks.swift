/// A GeoJSON document's features cut into blocks of consecutive features, by byte offset, so that
/// several threads can stream them with no serial pre-scan: `GeoJSONReader.featureBlocks(bytes:)`.
///
/// The cuts are guesses (`GeoJSONFeatureIterator.guessFeatureStart`): text that looks like the
/// start of a "features" element. Each block's cursor says how it ended: `.reachedLimit` (the
/// next block starts exactly where this one stopped: the guess was right) or `.missedLimit` (it
/// was not an element start: the caller discards the following blocks' work and continues this
/// cursor with `ignoreLimit()`). After the block in which the array ends, `finish(after:)`
/// validates the rest of the document. A single Feature document is one block of one feature.
///
/// `@unchecked Sendable`: `main` (block 0's cursor, which owns a string cache) is handed out by
/// `cursor(0)` once and used by `finish` after the blocks; other cursors are made fresh per call.
public final class FeatureBlocks: @unchecked Sendable {
    let input: InputBytes
    let main: GeoJSONFeatureIterator
    /// Where block k + 1 starts (block 0 starts at the first element).
    public let cuts: [Int]

    init(input: InputBytes, bytes: Int) throws {
        self.input = input
        let it = try GeoJSONFeatureIterator(input: input)
        main = it
        var cuts: [Int] = []
        if it.singleDocument == nil {
            var at = it.parser.pos + max(bytes, 1)
            while at < input.count, let g = GeoJSONFeatureIterator.guessFeatureStart(in: input, after: at) {
                cuts.append(g)
                at = g + max(bytes, 1)
            }
        }
        self.cuts = cuts
    }

    public var count: Int { cuts.count + 1 }

    /// The cursor of block `k` (block 0's only once).
    public func cursor(_ k: Int) -> FeatureCursor {
        let limit = k < cuts.count ? cuts[k] : Int.max
        if k == 0 { return FeatureCursor(it: main, limit: limit, block: 0) }
        return FeatureCursor(it: GeoJSONFeatureIterator(input: input, segmentStart: cuts[k - 1]), limit: limit, block: k)
    }

    /// Validates the document after the "features" array, once `cursor` (whose array ended) and
    /// every block before it are done; `featureCount` is the number of features in all of them.
    public func finish(after cursor: FeatureCursor, featureCount: Int) throws {
        guard cursor.block > 0, let arrayEnd = cursor.it.arrayEnd else { return }
        var it = main
        try it.resumeAfterFeatures(at: arrayEnd, featuresSoFar: featureCount)
    }
}

/// Streams one block's feature ranges (see `FeatureBlocks`).
public struct FeatureCursor {
    public enum End: Sendable, Equatable {
        /// The next element starts exactly at the block's limit.
        case reachedLimit
        /// The next element starts beyond it: the following block's start was a wrong guess.
        case missedLimit
        /// The "features" array ended in this block.
        case arrayEnded
    }

    var it: GeoJSONFeatureIterator
    var limit: Int
    let block: Int
    /// How the block ended, once `next()` returned nil.
    public private(set) var end: End?

    /// Features returned so far by this cursor.
    public var count: Int { it.index }

    /// The start of the next feature of the block, nil at its end (see `end`); then call
    /// `skip()` (its range) or `read(until:)`. Errors carry the feature's index within the block.
    public mutating func nextStart() throws -> Int? {
        guard end == nil else { return nil }
        let (start, stop) = try it.elementStart(until: limit)
        switch stop {
        case .reachedLimit?: end = .reachedLimit
        case .missedLimit?: end = .missedLimit
        case .arrayEnded?: end = .arrayEnded
        case nil: break
        }
        return start
    }

    /// The range of the feature `nextStart()` gave (a quick scan of brackets and strings only).
    public mutating func skip() throws -> Range<Int> { try it.skipElement() }

    /// The feature `nextStart()` gave was read by the caller and ends just before `end`.
    public mutating func read(until end: Int) { it.elementRead(until: end) }

    /// The byte range of the next feature of the block, nil at its end (see `end`).
    public mutating func next() throws -> Range<Int>? {
        guard try nextStart() != nil else { return nil }
        return try skip()
    }

    /// The input's size (the limit for reading a feature from `nextStart()`).
    public var inputCount: Int { it.parser.end }

    /// After `.missedLimit`: go on past the limit, to the end of the array.
    public mutating func ignoreLimit() {
        limit = Int.max
        end = nil
    }
}

extension GeoJSONReader {
    /// The features in blocks of about `bytes` bytes of text (see `FeatureBlocks`). Validates the
    /// document's start (a bare geometry is an error when its block is read).
    public func featureBlocks(bytes: Int) throws -> FeatureBlocks {
        try FeatureBlocks(input: input, bytes: bytes)
    }
}
