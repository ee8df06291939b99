import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A result set that appears whole or not at all.
///
///     try OutputTransaction.run {
///         try AtomicFile.writeText(a, to: aURL)
///         try AtomicFile.writeText(b, to: bURL)
///     }
///
/// Inside `run`, every `AtomicFile.write` leaves its finished temporary file beside its target
/// instead of renaming it; when `body` returns, all of them are renamed into place (each replaced
/// target kept as a hard-linked backup until every rename has succeeded, and put back if one
/// fails). When `body` throws — a full disk, a bad feature, anything — every temporary file is
/// removed and the folders the transaction created are removed again if empty: the output folder
/// is left exactly as it was.
public final class OutputTransaction: @unchecked Sendable {
    // @unchecked: every mutable member is guarded by `lock`.
    @TaskLocal static var current: OutputTransaction?

    struct Staged {
        var temporary: String
        var target: String
        var shown: String
    }

    private let lock = NSLock()
    private var staged: [Staged] = []
    private var createdDirectories: [String] = []

    /// Runs `body` as one transaction (nested calls join the outer one).
    public static func run<R>(_ body: () throws -> R) throws -> R {
        if current != nil { return try body() }
        let t = OutputTransaction()
        do {
            let result = try $current.withValue(t) { try body() }
            try t.commit()
            return result
        } catch {
            t.abandon()
            throw error
        }
    }

    /// A finished temporary file waiting for the commit; a later file for the same target replaces it.
    func stage(temporary: String, target: String, shown: String) {
        lock.lock()
        defer { lock.unlock() }
        if let i = staged.firstIndex(where: { $0.target == target }) {
            unlink(staged[i].temporary)
            TemporaryFiles.unregister(staged[i].temporary)
            staged.remove(at: i)
        }
        staged.append(Staged(temporary: temporary, target: target, shown: shown))
    }

    /// Records a folder the transaction created (removed again, if empty, when it is abandoned).
    func created(directory: String) {
        lock.lock()
        createdDirectories.append(directory)
        lock.unlock()
    }

    func commit() throws {
        lock.lock()
        let files = staged
        staged = []
        lock.unlock()
        var done: [(Staged, backup: String?)] = []
        for s in files {
            var backup: String?
            var st = stat()
            if lstat(s.target, &st) == 0 {
                let dir = (s.target as NSString).deletingLastPathComponent
                let name = (s.target as NSString).lastPathComponent
                let b = (dir.isEmpty ? "." : dir) + "/" + TemporaryFiles.name(for: name).replacingOccurrences(of: ".tmp-", with: ".bak-")
                if TemporaryFiles.linkBackup(s.target, b) { backup = b }
            }
            if rename(s.temporary, s.target) != 0 {
                let e = errno
                // Put back what was replaced, remove what was added, drop the rest.
                for (d, b) in done.reversed() {
                    if let b { rename(b, d.target); TemporaryFiles.unregister(b) } else { unlink(d.target) }
                }
                if let backup { unlink(backup); TemporaryFiles.unregister(backup) }
                for r in files where !done.contains(where: { $0.0.temporary == r.temporary }) {
                    unlink(r.temporary)
                    TemporaryFiles.unregister(r.temporary)
                }
                removeCreatedDirectories()
                throw GeoFormatsError.io("cannot rename the temporary file into place", path: s.shown, errno: e)
            }
            TemporaryFiles.unregister(s.temporary)
            done.append((s, backup))
        }
        for (_, b) in done {
            if let b {
                unlink(b)
                TemporaryFiles.unregister(b)
            }
        }
    }

    func abandon() {
        lock.lock()
        let files = staged
        staged = []
        lock.unlock()
        for s in files {
            unlink(s.temporary)
            TemporaryFiles.unregister(s.temporary)
        }
        removeCreatedDirectories()
    }

    private func removeCreatedDirectories() {
        lock.lock()
        let dirs = createdDirectories
        createdDirectories = []
        lock.unlock()
        for d in dirs.reversed() { rmdir(d) }  // only succeeds when empty
    }

    /// Creates `directory` (and missing parents) for an output; inside a transaction, records the
    /// folders it created.
    public static func createDirectory(_ directory: String) throws {
        var missing: [String] = []
        var d = directory
        var isDir: ObjCBool = false
        while !d.isEmpty && d != "/" && !FileManager.default.fileExists(atPath: d, isDirectory: &isDir) {
            missing.insert(d, at: 0)
            d = (d as NSString).deletingLastPathComponent
        }
        if FileManager.default.fileExists(atPath: d, isDirectory: &isDir) && !isDir.boolValue && !d.isEmpty {
            throw GeoFormatsError(.io, "cannot create the output folder: \(d) is a file, not a folder", path: directory)
        }
        for m in missing {
            if mkdir(m, 0o777) != 0 && errno != EEXIST {
                throw GeoFormatsError.io("cannot create the output folder", path: m, errno: errno)
            }
            current?.created(directory: m)
        }
    }
}
