import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// All-or-nothing file output, used by every writer in the project.
///
///     try AtomicFile.write(to: outURL, refusingInputs: [inURL]) { sink in
///         try sink.write("hello\n")
///     }
///     try AtomicFile.writeText(svg, to: svgURL)
///
/// The bytes go to a temporary file beside the target (same directory, so the final rename cannot
/// cross filesystems): `.<name>.tmp-<pid>-<random>`. When `body` returns, the buffer is flushed,
/// the file closed and renamed over the target in one step; readers of the target see the old file
/// or the new one, never a half-written one. When `body` (or any write) throws, the temporary
/// file is removed and the target is untouched.
///
/// Refuses (`.outputIsInput`), before creating anything, an output that is the same file as one
/// of `inputs`: same path after resolving symlinks and `..`, or same device and inode (hard links).
/// Also refuses an output path that is a directory.
///
/// Details: an existing target's permission bits are kept; a new file gets 0666 minus the umask.
/// If the target is a symlink to an existing file, that file is replaced and the link kept.
/// `durable: true` fsyncs the file and its directory (slower; survives power loss). Temporary files
/// are registered with `TemporaryFiles`: SIGINT/SIGTERM remove them, and the leftovers of a killed
/// run (SIGKILL) are removed by the next write into the same folder. Inside an
/// `OutputTransaction`, the rename waits for the transaction's commit.
public enum AtomicFile {
    /// Writes through a `ByteSink` (1 MiB buffer by default) and renames into place.
    @discardableResult
    public static func write<R>(to url: URL, refusingInputs inputs: [URL] = [], durable: Bool = false,
                                bufferSize: Int = 1 << 20, _ body: (ByteSink) throws -> R) throws -> R {
        let shown = url.path
        try checkNotInput(url, inputs: inputs)
        let target = resolvedTarget(url.path)
        let dir = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        TemporaryFiles.removeStale(in: dir.isEmpty ? "." : dir)
        let tmp = (dir.isEmpty ? "." : dir) + "/" + TemporaryFiles.name(for: name)

        let fd = TemporaryFiles.create(tmp)
        guard fd >= 0 else {
            let e = errno
            if e == ENOENT { throw GeoFormatsError(.io, "cannot create the file: directory \(dir) does not exist", path: shown) }
            throw GeoFormatsError.io("cannot create the file in \(dir)", path: shown, errno: e)
        }
        var fdOpen = true
        var renamed = false
        defer {
            if fdOpen { close(fd) }
            if !renamed {
                unlink(tmp)
                TemporaryFiles.unregister(tmp)
            }
        }
        let sink = ByteSink(fileDescriptor: fd, path: shown, bufferSize: bufferSize)
        defer { sink.close() }
        let result = try body(sink)
        try sink.flush()
        sink.close()

        var st = stat()
        if stat(target, &st) == 0 { _ = fchmod(fd, st.st_mode & 0o7777) }
        if durable, fsync(fd) != 0 { throw GeoFormatsError.io("cannot sync", path: shown, errno: errno) }
        fdOpen = false
        if close(fd) != 0 { throw GeoFormatsError.io("cannot write", path: shown, errno: errno) }
        if let transaction = OutputTransaction.current {
            // Renamed with the rest of the result set when the transaction commits.
            transaction.stage(temporary: tmp, target: target, shown: shown)
            renamed = true
            return result
        }
        guard rename(tmp, target) == 0 else { throw GeoFormatsError.io("cannot rename the temporary file into place", path: shown, errno: errno) }
        renamed = true
        TemporaryFiles.unregister(tmp)
        if durable {
            let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_CLOEXEC)
            if dfd >= 0 {
                _ = fsync(dfd)
                close(dfd)
            }
        }
        return result
    }

    /// Writes `text` as UTF-8.
    public static func writeText(_ text: String, to url: URL, refusingInputs inputs: [URL] = [], durable: Bool = false) throws {
        try write(to: url, refusingInputs: inputs, durable: durable) { sink in try sink.write(text) }
    }

    /// Writes `bytes`.
    public static func writeBytes(_ bytes: [UInt8], to url: URL, refusingInputs inputs: [URL] = [], durable: Bool = false) throws {
        try write(to: url, refusingInputs: inputs, durable: durable) { sink in try sink.write(bytes) }
    }

    /// Throws `.outputIsInput` if `output` is the same file as one of `inputs`, `.io` if it is a
    /// directory. Call it early (before expensive work); `write` calls it again.
    public static func checkNotInput(_ output: URL, inputs: [URL]) throws {
        let outPath = output.path
        var outStat = stat()
        let outExists = stat(outPath, &outStat) == 0
        if outExists, (outStat.st_mode & S_IFMT) == S_IFDIR {
            throw GeoFormatsError(.io, "is a directory; expected an output file path", path: outPath)
        }
        let outCanonical = canonicalPath(outPath)
        for input in inputs {
            let inPath = input.path
            var inStat = stat()
            let same: Bool
            if outExists, stat(inPath, &inStat) == 0 {
                same = inStat.st_dev == outStat.st_dev && inStat.st_ino == outStat.st_ino
            } else {
                same = canonicalPath(inPath) == outCanonical
            }
            if same {
                throw GeoFormatsError(.outputIsInput, "output is the same file as input \(inPath); choose another output path", path: outPath)
            }
        }
    }

    /// The path with symlinks and `.`/`..` resolved as far as the file system allows: the existing
    /// file's real path, else the real path of its directory plus its name.
    static func canonicalPath(_ path: String) -> String {
        if let r = realPath(path) { return r }
        let ns = path as NSString
        let dir = ns.deletingLastPathComponent
        let name = ns.lastPathComponent
        if let d = realPath(dir.isEmpty ? "." : dir) { return d + "/" + name }
        return (path as NSString).standardizingPath
    }

    /// Where the bytes should go: the target of a symlink to an existing file, else the path itself.
    static func resolvedTarget(_ path: String) -> String {
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK, let r = realPath(path) { return r }
        return path
    }

    private static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
