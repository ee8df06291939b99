import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Immutable bytes of one input file: memory-mapped read-only (regular files), or an owned copy
/// (in-memory input, pipes, special files).
///
/// Mapping keeps peak memory modest: pages are file-backed and the kernel can drop them at will;
/// readers never build more than one feature's tree at a time while streaming.
public final class InputBytes: @unchecked Sendable {
    // @unchecked Sendable: the bytes are never mutated after init; the pointer is freed only in deinit.

    /// Largest file accepted by the readers: 4 GiB.
    public static let maxFileSize = 4 << 30

    public let base: UnsafePointer<UInt8>
    public let count: Int
    /// The file as the user named it (for error messages), or nil for in-memory input.
    public let path: String?
    private let mapped: Bool

    /// Bytes of a file, memory-mapped when possible.
    public init(contentsOf url: URL, displayPath: String? = nil) throws {
        let shown = displayPath ?? url.path
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw GeoFormatsError.io("cannot open", path: shown, errno: errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw GeoFormatsError.io("cannot stat", path: shown, errno: errno) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw GeoFormatsError(.io, "is a directory, not a file", path: shown)
        }
        path = shown
        if (st.st_mode & S_IFMT) == S_IFREG {
            let size = Int(st.st_size)
            guard size <= InputBytes.maxFileSize else {
                throw GeoFormatsError(.limitExceeded, "file is \(InputBytes.gib(size)); the limit is 4 GiB", path: shown)
            }
            if size == 0 {
                base = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))
                count = 0
                mapped = false
                return
            }
            let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
            if let p, p != MAP_FAILED {
                #if canImport(Glibc)
                _ = madvise(p, size, MADV_SEQUENTIAL)
                #endif
                base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
                count = size
                mapped = true
                return
            }
        }
        // Not mappable (pipe, device, odd filesystem): read it all.
        var storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 16)
        var capacity = 1 << 16
        var n = 0
        while true {
            if n == capacity {
                guard capacity <= InputBytes.maxFileSize else {
                    storage.deallocate()
                    throw GeoFormatsError(.limitExceeded, "input is larger than 4 GiB", path: shown)
                }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: storage, count: n)
                storage.deallocate()
                storage = bigger
                capacity *= 2
            }
            let r = read(fd, storage + n, capacity - n)
            if r < 0 {
                if errno == EINTR { continue }
                let e = errno
                storage.deallocate()
                throw GeoFormatsError.io("cannot read", path: shown, errno: e)
            }
            if r == 0 { break }
            n += r
        }
        base = UnsafePointer(storage)
        count = n
        mapped = false
    }

    /// A private copy of `bytes`.
    public init(bytes: some Collection<UInt8>, path: String? = nil) {
        let n = bytes.count
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(n, 1))
        _ = UnsafeMutableBufferPointer(start: p, count: n).initialize(from: bytes)
        base = UnsafePointer(p)
        count = n
        self.path = path
        mapped = false
    }

    /// The UTF-8 bytes of `string`.
    public convenience init(string: String, path: String? = nil) {
        self.init(bytes: Array(string.utf8), path: path)
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            base.deallocate()
        }
    }

    public var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// For a mapped file: lets the kernel drop the pages before `offset` from this process (they
    /// come back from the page cache if read again). Keeps a streaming reader's memory flat.
    func releasePages(before offset: Int) {
        guard mapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = min(offset, count) / page * page
        if end > 0 { _ = madvise(UnsafeMutableRawPointer(mutating: base), end, MADV_DONTNEED) }
    }

    /// 1-based line and column (in Unicode scalars) of byte `offset`. O(offset): call it for errors only.
    public func lineColumn(at offset: Int) -> (line: Int, column: Int) {
        let offset = min(max(offset, 0), count)
        var line = 1
        var lineStart = 0
        var i = 0
        while i < offset {
            if base[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        var column = 1
        var j = lineStart
        // An initial UTF-8 byte order mark is invisible in editors: do not count it.
        if lineStart == 0, count >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF, offset >= 3 { j = 3 }
        while j < offset {
            if base[j] & 0xC0 != 0x80 { column += 1 }
            j += 1
        }
        return (line, column)
    }

    static func gib(_ n: Int) -> String {
        let g = Double(n) / Double(1 << 30)
        return "\((g * 10).rounded() / 10) GiB"
    }
}
