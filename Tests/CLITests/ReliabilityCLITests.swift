import Foundation
import TestSupport
import XCTest

/// Nothing a user owns is overwritten and outputs are all-or-nothing: a write that fails part-way
/// (a full disk, simulated with a file-size limit) leaves the folder as it was; SIGINT/SIGTERM
/// remove the temporary files; the leftovers of a SIGKILLed run are removed by the next run.
final class ReliabilityCLITests: XCTestCase {
    var work: URL!

    override func setUpWithError() throws { work = try NRouteRunner.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

    func listing(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for n in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
            out[n] = try Data(contentsOf: dir.appendingPathComponent(n))
        }
        return out
    }

    /// `nroute args` under bash with a file-size limit of `kilobytes` (writes past it fail with EFBIG).
    func runLimited(_ kilobytes: Int, _ args: [String]) throws -> NRouteRunner.Result {
        guard let binary = NRouteRunner.binary else { throw TestEnvironment.unavailable("nroute binary not built") }
        let quoted = ([binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        return try NRouteRunner.run(command: "/bin/bash", ["-c", "ulimit -f \(kilobytes); trap '' XFSZ; exec \(quoted)"])
    }

    func testAFullDiskLeavesTheFolderAsItWas() throws {
        for args in [["layers", "--border", "kgz"], ["gaps", "--border", "all"], ["corridor"], ["seizures", "--border", "all"]] {
            let out = work.appendingPathComponent(args.joined(separator: "-"))
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            // A folder the user already had, with an older result in it.
            try Data("older result\n".utf8).write(to: out.appendingPathComponent("kaz-kgz-gaps.geojson"))
            try Data("older result\n".utf8).write(to: out.appendingPathComponent("seizures.geojson"))
            let before = try listing(out)
            let r = try runLimited(32, args + ["-o", out.path])
            XCTAssertEqual(r.status, 74, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("File too large"), r.stderr)
            XCTAssertEqual(try listing(out), before, "\(args): the folder must be left exactly as it was")
        }
        // A folder the run would have created is not left behind either.
        let fresh = work.appendingPathComponent("fresh/nested")
        let r = try runLimited(64, ["layers", "-o", fresh.path])
        XCTAssertEqual(r.status, 74, r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("fresh").path))
        // With room, the same run succeeds (the limit, not the job, failed).
        let ok = try runLimited(1 << 20, ["layers", "-o", fresh.path])
        XCTAssertEqual(ok.status, 0, ok.stderr)
    }

    /// A seizure file big enough that the run is still writing when it is signalled.
    func bigSeizures() throws -> URL {
        let url = work.appendingPathComponent("big.geojson")
        var text = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        var rng = TestRandom(seed: 16)
        for i in 0..<400_000 {
            let lon = 70 + 10 * rng.unit(), lat = 41 + 3 * rng.unit()
            text += (i > 0 ? ",\n" : "") + "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]},\"properties\":{\"id\":\"s\(i)\",\"drug\":\"heroin\"}}"
        }
        text += "\n]}\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func temporaries(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.contains(".tmp-") || $0.contains(".bak-") }
    }

    /// Starts `nroute seizures` on the big file and signals it once its temporary files exist.
    func interrupt(with signal: Int32, out: URL, input: URL) throws -> Int32 {
        guard let binary = NRouteRunner.binary else { throw TestEnvironment.unavailable("nroute binary not built") }
        let p = Process()
        p.executableURL = binary
        p.arguments = ["seizures", "--seizures", input.path, "-o", out.path]
        var env = ProcessInfo.processInfo.environment
        env["NROUTE_GEODATA"] = NRouteRunner.repository.appendingPathComponent("geodata").path
        p.environment = env
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while temporaries(out).isEmpty && p.isRunning && Date() < deadline { usleep(2_000) }
        XCTAssertTrue(p.isRunning, "the run ended before it could be interrupted; make the input bigger")
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        return p.terminationStatus
    }

    func testSIGTERMAndSIGINTRemoveTheTemporaryFiles() throws {
        let input = try bigSeizures()
        for sig in [SIGTERM, SIGINT] {
            let out = work.appendingPathComponent("sig\(sig)")
            let status = try interrupt(with: sig, out: out, input: input)
            XCTAssertEqual(status, 128 + sig, "exit status after signal \(sig)")
            XCTAssertEqual(temporaries(out), [], "no temporary file left after signal \(sig)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("seizures.geojson").path))
        }
    }

    func testTheNextRunRemovesTheLeftoversOfAKilledRun() throws {
        let input = try bigSeizures()
        let out = work.appendingPathComponent("killed")
        _ = try interrupt(with: SIGKILL, out: out, input: input)
        XCTAssertFalse(temporaries(out).isEmpty, "SIGKILL cannot be caught: its temporary files stay behind")
        // A file that only looks like a temporary file of a live process is left alone.
        let foreign = ".notes.txt.tmp-\(getpid())-abc"
        try Data().write(to: out.appendingPathComponent(foreign))
        let r = try NRouteRunner.run(["gaps", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(temporaries(out), [foreign])
    }
}
