import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The temporary files this process has beside its outputs (`.<name>.tmp-<pid>-<hex>`), so that
/// an interrupted run removes them (`removeAll`, called on SIGINT/SIGTERM/SIGHUP by
/// `installSignalCleanup`), and a later run removes those of runs that are no longer alive
/// (`removeStale(in:)`; a SIGKILLed run cannot clean up after itself).
public enum TemporaryFiles {
    nonisolated(unsafe) private static var live = Set<String>()
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cleanedDirectories = Set<String>()
    nonisolated(unsafe) private static var signalSources: [DispatchSourceSignal] = []

    nonisolated(unsafe) private static var terminating = false

    /// Creates the temporary file `path` (O_EXCL) and registers it in one step under the lock, so a
    /// signal either sees it registered (and removes it) or stops the thread before it exists.
    static func create(_ path: String) -> Int32 {
        lock.lock()
        if terminating { parkForever() }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        let e = errno
        if fd >= 0 { live.insert(path) }
        lock.unlock()
        errno = e
        return fd
    }

    /// `link(existing, path)` and registers `path`, as `create` does.
    static func linkBackup(_ existing: String, _ path: String) -> Bool {
        lock.lock()
        if terminating { parkForever() }
        let ok = link(existing, path) == 0
        if ok { live.insert(path) }
        lock.unlock()
        return ok
    }

    /// The process is exiting on a signal: this thread creates nothing more.
    private static func parkForever() -> Never {
        lock.unlock()
        while true { pause() }
    }

    static func unregister(_ path: String) {
        lock.lock()
        live.remove(path)
        lock.unlock()
    }

    /// Removes every temporary file this process still has. Returns how many.
    @discardableResult
    public static func removeAll() -> Int {
        lock.lock()
        let paths = live
        live.removeAll()
        lock.unlock()
        for p in paths { unlink(p) }
        return paths.count
    }

    /// The name of a temporary file for `name` owned by this process.
    static func name(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16))"
    }

    /// The pid in a temporary file's name `.<name>.tmp-<pid>-<hex>` (or `.bak-`), nil for any other name.
    static func owner(of file: String) -> pid_t? {
        guard file.hasPrefix(".") else { return nil }
        for marker in [".tmp-", ".bak-"] {
            guard let r = file.range(of: marker, options: .backwards) else { continue }
            let tail = file[r.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
            guard tail.count == 2, let pid = pid_t(tail[0]), pid > 0, !tail[1].isEmpty,
                  tail[1].allSatisfy({ $0.isHexDigit }) else { return nil }
            return pid
        }
        return nil
    }

    /// Removes, once per directory and process, the temporary files in `directory` whose owning
    /// process is no longer alive (leftovers of a killed run). Files of live processes, and every
    /// other file, are left alone.
    public static func removeStale(in directory: String) {
        lock.lock()
        let first = cleanedDirectories.insert(directory).inserted
        lock.unlock()
        guard first, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for n in names {
            guard let pid = owner(of: n), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(directory + "/" + n) }
        }
    }

    /// On SIGINT, SIGTERM or SIGHUP: remove this process's temporary files, then exit with
    /// 128 + the signal's number (the shell's convention). Call once, at start-up.
    public static func installSignalCleanup() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                lock.lock()
                terminating = true
                let paths = live
                live.removeAll()
                lock.unlock()
                for p in paths { unlink(p) }
                let line = "nroute: interrupted (signal \(sig)); temporary files removed, outputs left as they were\n"
                FileHandle.standardError.write(line.data(using: .utf8)!)
                _exit(128 + sig)
            }
            source.resume()
            lock.lock()
            signalSources.append(source)
            lock.unlock()
        }
    }
}
