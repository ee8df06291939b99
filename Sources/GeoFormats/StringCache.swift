/// A small direct-mapped cache of short strings (≤ 32 UTF-8 bytes) seen in the input: member names
/// and repeated values ("cocaine", dates, place names) are built once per parser instead of once
/// per feature, and long-enough ones share storage. An entry is keyed by the exact bytes (packed
/// into four words), so a hit is exact. One cache per parser (not thread-safe).
final class StringCache {
    static let maxBytes = 32
    private static let slots = 4096

    private struct Entry {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
        var count = -1
        var string = ""
    }

    private let entries: UnsafeMutablePointer<Entry>

    /// The member names of the last object seen at each depth, by position: the next object
    /// usually has the same names in the same order, so a byte comparison with the previous
    /// occurrence in the input gives the String without scanning or hashing.
    struct KeyHint {
        /// The name's bytes in the input (no escapes); count -1: none yet.
        var start = 0
        var count = -1
        var key = ""
    }

    static let hintsPerDepth = 32
    private static let hintCount = (JSONParser.maxDepth + 2) * hintsPerDepth
    private let hints: UnsafeMutablePointer<KeyHint>

    init() {
        entries = .allocate(capacity: StringCache.slots)
        entries.initialize(repeating: Entry(), count: StringCache.slots)
        hints = .allocate(capacity: StringCache.hintCount)
        hints.initialize(repeating: KeyHint(), count: StringCache.hintCount)
    }

    deinit {
        entries.deinitialize(count: StringCache.slots)
        entries.deallocate()
        hints.deinitialize(count: StringCache.hintCount)
        hints.deallocate()
    }

    @inline(__always)
    func hint(depth: Int, index: Int) -> UnsafeMutablePointer<KeyHint> {
        hints + depth * StringCache.hintsPerDepth + index
    }

    /// `count` bytes at `a` and `b` equal; 8 readable bytes past `a + count` are not needed, but
    /// both ranges must be inside the input.
    @inline(__always)
    static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// The String for the `count` (≤ 32) bytes at `p`, valid UTF-8: from the cache, or made and cached.
    @inline(__always)
    func string(_ p: UnsafePointer<UInt8>, _ count: Int) -> String {
        let raw = UnsafeRawPointer(p)
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
        if count >= 8 {
            w0 = raw.loadUnaligned(as: UInt64.self)
            w3 = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            if count > 16 {
                w1 = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                w2 = raw.loadUnaligned(fromByteOffset: count - 16, as: UInt64.self)
            }
        } else {
            var i = 0
            while i < count {
                w0 |= UInt64(p[i]) &<< (8 &* UInt64(i))
                i += 1
            }
        }
        let h = (w0 &+ w1 &* 31 &+ w2 &* 131 &+ w3 &* 1031 &+ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        let e = entries + Int(h >> 52)  // 12 bits: 4096 slots
        if e.pointee.count == count && e.pointee.w0 == w0 && e.pointee.w3 == w3 && e.pointee.w1 == w1 && e.pointee.w2 == w2 {
            return e.pointee.string
        }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        e.pointee = Entry(w0: w0, w1: w1, w2: w2, w3: w3, count: count, string: s)
        return s
    }
}
