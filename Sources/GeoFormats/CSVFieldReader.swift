import Foundation

/// Reads one CSV record's fields as byte ranges, without allocating per record: the fast path of
/// streaming readers (`CSVRecordBlocks`). Unquoted fields and quoted fields without doubled quotes
/// are ranges of the input; a quoted field with doubled quotes is unquoted into a scratch buffer.
///
/// It reads only what it reads exactly as `CSVReader` does, and declines (`read` returns false)
/// everything else — an unclosed quote, text after a closing quote, a field count other than the
/// header's, invalid UTF-8, a field over 16 MiB — so that the caller reads that record with
/// `CSVReader.record(at:number:)`, which gives the same fields or the error with its position.
///
/// Not `Sendable`: one per thread. The ranges are valid until the next `read`.
public final class CSVFieldReader {
    public let csv: CSVReader
    public let fieldCount: Int
    let base: UnsafePointer<UInt8>
    let n: Int
    let delimiter: UInt8
    /// Per field: its first byte in the input (the opening quote when quoted), its content's start
    /// (in the input, or in `scratch` when `inScratch`) and length.
    let offsets: UnsafeMutablePointer<Int>
    let starts: UnsafeMutablePointer<Int>
    let counts: UnsafeMutablePointer<Int>
    let inScratch: UnsafeMutablePointer<Bool>
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity: Int
    var scratchCount = 0
    /// After a successful `read`: the offset after the record's line break.
    public private(set) var end = 0

    public init(csv: CSVReader) {
        self.csv = csv
        fieldCount = csv.header.count
        base = csv.input.base
        n = csv.input.count
        delimiter = csv.delimiter
        let k = max(1, fieldCount)
        offsets = .allocate(capacity: k)
        starts = .allocate(capacity: k)
        counts = .allocate(capacity: k)
        inScratch = .allocate(capacity: k)
        scratchCapacity = 256
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        offsets.deallocate()
        starts.deallocate()
        counts.deallocate()
        inScratch.deallocate()
        scratch.deallocate()
    }

    /// Field `i`'s content (unquoted).
    @inline(__always)
    public func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: inScratch[i] ? UnsafeRawPointer(scratch + starts[i]) : UnsafeRawPointer(base + starts[i]), count: counts[i])
    }

    /// Field `i`'s first byte in the input (its opening quote when quoted).
    public func offset(_ i: Int) -> Int { offsets[i] }

    /// Whether field `i` was quoted.
    public func isQuoted(_ i: Int) -> Bool { offsets[i] < n && base[offsets[i]] == 0x22 }

    /// Reads the record starting at `start` (a record start, not a blank line). False: declined
    /// (see the type's note); true: the fields are set and `end` is after the record.
    public func read(at start: Int) -> Bool {
        var p = start
        var f = 0
        scratchCount = 0
        let base = self.base, n = self.n, delimiter = self.delimiter
        while true {
            guard f < fieldCount else { return false }
            offsets[f] = p
            if p < n && base[p] == 0x22 {
                let contentStart = p + 1
                var q = contentStart
                var doubled = false
                var close = -1
                while q < n {
                    guard let hit = memchr(base + q, 0x22, n - q) else { break }
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    if at + 1 < n && base[at + 1] == 0x22 {
                        doubled = true
                        q = at + 2
                        continue
                    }
                    close = at
                    break
                }
                guard close >= 0 else { return false }
                if doubled {
                    guard unquote(contentStart, close, field: f) else { return false }
                } else {
                    inScratch[f] = false
                    starts[f] = contentStart
                    counts[f] = close - contentStart
                }
                p = close + 1
                if p < n && base[p] != delimiter && base[p] != 0x0A && base[p] != 0x0D { return false }
            } else {
                var i = p
                while i < n {
                    let b = base[i]
                    if b == delimiter || b == 0x0A || b == 0x0D { break }
                    i += 1
                }
                inScratch[f] = false
                starts[f] = p
                counts[f] = i - p
                p = i
            }
            guard counts[f] <= CSVReader.maxFieldBytes, valid(f) else { return false }
            f += 1
            if p < n && base[p] == delimiter {
                p += 1
                continue
            }
            guard f == fieldCount else { return false }
            if p < n {
                if base[p] == 0x0A {
                    p += 1
                } else if base[p] == 0x0D {
                    p += p + 1 < n && base[p + 1] == 0x0A ? 2 : 1
                }
            }
            end = p
            return true
        }
    }

    /// The content between `from` and `to` with each "" as one ", into the scratch buffer.
    private func unquote(_ from: Int, _ to: Int, field f: Int) -> Bool {
        let need = scratchCount + (to - from)
        if need > scratchCapacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(need, 2 * scratchCapacity))
            bigger.update(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = max(need, 2 * scratchCapacity)
        }
        let start = scratchCount
        var i = from
        while i < to {
            let b = base[i]
            scratch[scratchCount] = b
            scratchCount += 1
            i += b == 0x22 ? 2 : 1
        }
        inScratch[f] = true
        starts[f] = start
        counts[f] = scratchCount - start
        return true
    }

    /// Whether field `f` is valid UTF-8 (ASCII checked eight bytes at a time).
    @inline(__always)
    private func valid(_ f: Int) -> Bool {
        let b = bytes(f)
        guard let p = b.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
        var i = 0
        while i + 8 <= b.count {
            if UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
            i += 8
        }
        while i < b.count && p[i] < 0x80 { i += 1 }
        if i == b.count { return true }
        return UTF8Validation.firstInvalid(p, i, b.count) == nil
    }
}

extension CSVFieldReader {
    /// `Double(text.trimmingCharacters(in: .whitespaces))` when finite, with the trimmed text, for
    /// ASCII text (nil otherwise): how `SeizureCatalog` reads its numeric fields. Plain decimals
    /// take the correctly rounded fast parser (the same value), anything else `Double(String)`.
    public static func finiteNumber(_ bytes: UnsafeRawBufferPointer) -> (Double, UnsafeRawBufferPointer)? {
        var lo = 0, hi = bytes.count
        for b in bytes where b >= 0x80 { return nil }
        while lo < hi && (bytes[lo] == 0x20 || bytes[lo] == 0x09) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09) { hi -= 1 }
        let text = UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])
        if let d = NumberParsing.parseLenient(text.assumingMemoryBound(to: UInt8.self)) { return (d, text) }
        guard let d = Double(String(decoding: text, as: UTF8.self)), d.isFinite else { return nil }
        return (d, text)
    }
}

extension CSVPointReader {
    /// A coordinate field's value as `feature(_:)` reads it (spaces and tabs around it ignored; a
    /// decimal comma with `;` or TAB as the delimiter), with the number's text, or nil where
    /// `feature(_:)` would throw (empty, not a number, beyond ±`limit`) or the text is not ASCII:
    /// the caller then reads the record with `feature(_:)`.
    public func coordinateValue(_ field: UnsafeRawBufferPointer, limit: Double) -> (value: Double, text: UnsafeRawBufferPointer)? {
        guard var lo = field.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var hi = lo + field.count
        for b in field where b >= 0x80 { return nil }
        while lo < hi && (lo[0] == 0x20 || lo[0] == 0x09) { lo += 1 }
        while hi > lo && (hi[-1] == 0x20 || hi[-1] == 0x09) { hi -= 1 }
        guard hi > lo else { return nil }
        let text = UnsafeBufferPointer(start: lo, count: hi - lo)
        var value = NumberParsing.parseLenient(text)
        if value == nil, csv.delimiter != 0x2C, text.contains(0x2C), !text.contains(0x2E) {
            value = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count) { t in
                for (i, b) in text.enumerated() { t[i] = b == 0x2C ? 0x2E : b }
                return NumberParsing.parseLenient(UnsafeBufferPointer(t))
            }
        }
        guard let v = value, v >= -limit && v <= limit else { return nil }
        return (v, UnsafeRawBufferPointer(text))
    }
}
