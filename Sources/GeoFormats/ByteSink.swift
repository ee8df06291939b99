#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte-buffered output: to a file descriptor (flushed every `bufferSize` bytes, 1 MiB by
/// default) or to memory. Every writer in the project writes through one of these; get a file one
/// from `AtomicFile.write(to:refusingInputs:_:)`, a memory one from `ByteSink()`.
///
/// Not thread-safe; use one sink from one thread at a time.
public final class ByteSink {
    @exclusivity(unchecked) @usableFromInline var buffer: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    @usableFromInline let fd: Int32?
    /// Path for error messages.
    @usableFromInline let path: String?
    /// Total bytes accepted so far.
    public private(set) var bytesFlushed = 0
    @usableFromInline var closed = false

    /// An in-memory sink; get the bytes with `bytes`.
    public init(initialCapacity: Int = 1 << 16) {
        capacity = max(initialCapacity, 64)
        buffer = .allocate(capacity: capacity)
        fd = nil
        path = nil
    }

    /// A sink writing to an open file descriptor, which it does not close.
    public init(fileDescriptor: Int32, path: String? = nil, bufferSize: Int = 1 << 20) {
        capacity = max(bufferSize, 64)
        buffer = .allocate(capacity: capacity)
        fd = fileDescriptor
        self.path = path
    }

    deinit { buffer.deallocate() }

    /// Number of bytes written so far (flushed or buffered).
    public var totalBytes: Int { bytesFlushed + count }

    /// For an in-memory sink: everything written. For a file sink: the unflushed tail.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// The buffered bytes (for a memory sink: everything written), without copying; valid only
    /// inside `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: buffer, count: count))
    }

    /// A memory sink: forgets what was written, keeps its capacity (to be filled again).
    public func removeAll() {
        precondition(fd == nil, "removeAll() is for memory sinks")
        count = 0
    }

    /// Makes room for `n` more bytes at `buffer + count`: flushes a file sink, grows the buffer when
    /// it is smaller than `n` (or for a memory sink).
    @inlinable @inline(__always)
    public func reserve(_ n: Int) throws {
        if count + n > capacity { try makeRoom(n) }
    }

    @usableFromInline
    func makeRoom(_ n: Int) throws {
        if closed { throw GeoFormatsError(.io, "write after the output was closed", path: path) }
        if fd != nil {
            try flush()
            if n <= capacity { return }
        }
        var newCapacity = capacity * 2
        while count + n > newCapacity { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = bigger
        capacity = newCapacity
    }

    /// File sinks: flushes the buffer, then writes `bytes` directly.
    @usableFromInline
    func writeThrough(_ bytes: UnsafeRawBufferPointer) throws {
        try flush()
        guard let fd, let base = bytes.baseAddress else { return }
        let p = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        var done = 0
        while done < bytes.count {
            let r = systemWrite(fd, p + done, bytes.count - done)
            if r < 0 {
                if errno == EINTR { continue }
                throw GeoFormatsError.io("cannot write", path: path, errno: errno)
            }
            done += r
        }
        bytesFlushed += bytes.count
    }

    /// Writes buffered bytes to the file descriptor (no-op for memory sinks).
    public func flush() throws {
        guard let fd else { return }
        var done = 0
        while done < count {
            let r = systemWrite(fd, buffer + done, count - done)
            if r < 0 {
                if errno == EINTR { continue }
                throw GeoFormatsError.io("cannot write", path: path, errno: errno)
            }
            done += r
        }
        bytesFlushed += count
        count = 0
    }

    @inlinable @inline(__always)
    public func write(_ byte: UInt8) throws {
        if count == capacity { try makeRoom(1) }
        buffer[count] = byte
        count += 1
    }

    @inlinable
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        let n = bytes.count
        if n == 0 { return }
        if count + n > capacity {
            // A file sink given a block at least as large as its buffer: written straight through
            // (one system call, no copy into the buffer).
            if fd != nil && n >= capacity && !closed {
                try writeThrough(bytes)
                return
            }
            try makeRoom(n)
        }
        UnsafeMutableRawPointer(buffer + count).copyMemory(from: bytes.baseAddress!, byteCount: n)
        count += n
    }

    @inlinable
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    @inlinable
    public func write(_ string: StaticString) throws {
        try write(UnsafeRawBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// The UTF-8 bytes of `string`, unescaped.
    @inlinable
    public func write(_ string: String) throws {
        var s = string
        try s.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// A finite Double as its shortest-ish round-trip decimal text (see `NumberFormatting`); throws
    /// for NaN and infinities, which no text format we write can carry.
    public func write(number v: Double) throws {
        guard v.isFinite else {
            throw GeoFormatsError(.unwritable, "cannot write non-finite number \(v)", path: path)
        }
        try reserve(NumberFormatting.maxLength)
        count += NumberFormatting.write(v, to: buffer + count)
    }

    /// `mantissa` · 10^-`decimals` as fixed-point text ("0." prefix as needed; `decimals` ≤ 19),
    /// with a leading "-" when `negative`.
    public func write(fixedMantissa mantissa: UInt64, decimals: Int, negative: Bool) throws {
        try reserve(NumberFormatting.maxLength + 8)
        count += NumberFormatting.writeFixed(negative: negative, mantissa: mantissa, decimals: decimals, to: buffer + count)
    }

    /// Appends what `body` writes at the pointer it is given (room for `maxBytes`); `body` returns
    /// how many bytes it wrote (≤ `maxBytes`).
    @inlinable
    public func append(maxBytes: Int, _ body: (UnsafeMutablePointer<UInt8>) throws -> Int) throws {
        try reserve(maxBytes)
        let n = try body(buffer + count)
        precondition(n >= 0 && n <= maxBytes, "ByteSink.append: body wrote more than maxBytes")
        count += n
    }

    /// Formats like `write(fixedMantissa:decimals:negative:)` at `out` (room for 40 bytes); returns the length.
    public static func formatFixed(mantissa: UInt64, decimals: Int, negative: Bool, to out: UnsafeMutablePointer<UInt8>) -> Int {
        NumberFormatting.writeFixed(negative: negative, mantissa: mantissa, decimals: decimals, to: out)
    }

    /// Formats a finite number like `write(number:)` at `out` (room for 32 bytes); returns the length.
    public static func formatNumber(_ v: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(v.isFinite)
        return NumberFormatting.write(v, to: out)
    }

    /// An integer in decimal.
    public func write(integer v: Int) throws {
        try reserve(24)
        var m = v.magnitude
        if v < 0 { buffer[count] = UInt8(ascii: "-"); count += 1 }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let n = withUnsafeMutableBytes(of: &tmp) { raw -> Int in
            let t = raw.bindMemory(to: UInt8.self)
            var pos = 24
            repeat {
                pos -= 1
                t[pos] = UInt8(48 + m % 10)
                m /= 10
            } while m > 0
            (buffer + count).update(from: t.baseAddress! + pos, count: 24 - pos)
            return 24 - pos
        }
        count += n
    }

    /// Marks the sink unusable: every later write throws (zero capacity forces `makeRoom`).
    func close() {
        closed = true
        count = 0
        capacity = 0
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #elseif canImport(Musl)
    return Musl.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
