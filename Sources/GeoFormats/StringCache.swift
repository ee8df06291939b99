/// A small direct-mapped cache of short strings (≤ 32 UTF-8 bytes) seen in the input: member names
/// and repeated values ("cocaine", dates, place names) are built once per parser instead of once
/// per feature, and long-enough ones share storage. An entry is keyed by the exact bytes (packed
/// into four words), so a hit is exact. One cache per parser (not thread-safe).
final class StringCache {
    static let maxBytes = 32
    private static let slots = 1024

    private struct Entry {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
        var count = -1
        var string = ""
    }

    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: StringCache.slots)
        entries.initialize(repeating: Entry(), count: StringCache.slots)
    }

    deinit {
        entries.deinitialize(count: StringCache.slots)
        entries.deallocate()
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
        let e = entries + Int(h >> 54)  // 10 bits: 1024 slots
        if e.pointee.count == count && e.pointee.w0 == w0 && e.pointee.w3 == w3 && e.pointee.w1 == w1 && e.pointee.w2 == w2 {
            return e.pointee.string
        }
        let s = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        e.pointee = Entry(w0: w0, w1: w1, w2: w2, w3: w3, count: count, string: s)
        return s
    }
}
