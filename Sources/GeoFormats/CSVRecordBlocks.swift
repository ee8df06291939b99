/// A CSV file's data records cut into blocks of consecutive records, by byte offset, so that
/// several threads can read them with no serial pre-scan (the CSV counterpart of `FeatureBlocks`).
///
/// Each cut is a guess: the position after a line break at or after k × `bytes`, preferring one
/// from which a record of the header's field count reads (`CSVFieldReader`). A line break inside a
/// quoted field cannot be told from a record's end by looking near it, so the guess is verified:
/// a block read from a true record start visits every true record start up to its limit, so it
/// ends exactly at the next block's start (`.reachedLimit`) if that guess was right, and past it
/// (`.missedLimit`) if the guess fell inside a quoted field. Then the caller drops the following
/// blocks' work and reads on with this cursor (`ignoreLimit()`), in order.
///
/// Only block 0 starts at a known record start (`CSVReader.dataOffset`); a block read from a wrong
/// guess may see garbage and errors, which the caller never reports, since it drops that block.
public final class CSVRecordBlocks: Sendable {
    public let csv: CSVReader
    /// Where block k + 1 starts (block 0 starts at the first data record).
    public let cuts: [Int]

    /// Records in blocks of about `bytes` bytes.
    public init(csv: CSVReader, bytes: Int) {
        self.csv = csv
        let step = max(bytes, 1)
        var cuts: [Int] = []
        let reader = CSVFieldReader(csv: csv)
        var at = csv.dataOffset + step
        while at < csv.input.count, let g = CSVRecordBlocks.guessRecordStart(csv.input, after: at, reader: reader) {
            cuts.append(g)
            at = g + step
        }
        self.cuts = cuts
    }

    public var count: Int { cuts.count + 1 }

    /// The cursor of block `k`.
    public func cursor(_ k: Int) -> CSVRecordCursor {
        CSVRecordCursor(input: csv.input, pos: k == 0 ? csv.dataOffset : cuts[k - 1], limit: k < cuts.count ? cuts[k] : Int.max, block: k)
    }

    /// Whether the file has any data record (a byte after the header that is not a line break).
    public var hasRecords: Bool {
        let input = csv.input
        var i = csv.dataOffset
        while i < input.count {
            if input.base[i] != 0x0A && input.base[i] != 0x0D { return true }
            i += 1
        }
        return false
    }

    /// The position after the first line break at or after `at` (CRLF counts as one) from which a
    /// whole record reads, trying a few line breaks; else after the first one; nil when none.
    static func guessRecordStart(_ input: InputBytes, after at: Int, reader: CSVFieldReader) -> Int? {
        var first: Int?
        var from = at
        for _ in 0..<4 {
            guard let g = afterLineBreak(input, from: from) else { break }
            if first == nil { first = g }
            if g >= input.count || reader.read(at: g) { return g }
            from = g
        }
        return first
    }

    /// The position after the first line break at or after `i`.
    static func afterLineBreak(_ input: InputBytes, from i: Int) -> Int? {
        let base = input.base, n = input.count
        var i = i
        while i < n {
            let b = base[i]
            if b == 0x0A { return i + 1 }
            if b == 0x0D { return i + 1 < n && base[i + 1] == 0x0A ? i + 2 : i + 1 }
            i += 1
        }
        return nil
    }
}

/// Streams one block's record starts (see `CSVRecordBlocks`).
public struct CSVRecordCursor: Sendable {
    public enum End: Sendable, Equatable {
        /// The block stopped exactly at its limit: the next block's start was a record start.
        case reachedLimit
        /// It stopped past its limit: the next block's start was a wrong guess.
        case missedLimit
        /// The input ended in this block.
        case endOfInput
    }

    let input: InputBytes
    public private(set) var pos: Int
    var limit: Int
    public let block: Int
    /// How the block ended, once `nextStart()` returned nil.
    public private(set) var end: End?

    init(input: InputBytes, pos: Int, limit: Int, block: Int) {
        self.input = input
        self.pos = pos
        self.limit = limit
        self.block = block
    }

    /// The start of the next record of the block (blank lines skipped), nil at its end (see
    /// `end`); then read the record and call `read(until:)` with where it ended.
    public mutating func nextStart() -> Int? {
        guard end == nil else { return nil }
        let base = input.base, n = input.count
        while true {
            if pos >= limit {
                end = pos == limit ? .reachedLimit : .missedLimit
                return nil
            }
            if pos >= n {
                end = .endOfInput
                return nil
            }
            // A blank line: one line break at a time, so that every record start is visited.
            if base[pos] == 0x0A {
                pos += 1
            } else if base[pos] == 0x0D {
                pos += pos + 1 < n && base[pos + 1] == 0x0A ? 2 : 1
            } else {
                return pos
            }
        }
    }

    /// The record `nextStart()` gave ended (its line break included) just before `next`.
    public mutating func read(until next: Int) { pos = next }

    /// After `.missedLimit`: go on past the limit, to the end of the input.
    public mutating func ignoreLimit() {
        limit = Int.max
        end = nil
    }
}
