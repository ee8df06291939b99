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

    func testNumbersInFlagsAreDecimal() throws {
        for bad in ["0x10", "nan", "1e", "10km", ""] {
            let r = try NRouteRunner.run(["gaps", "--post-radius-km", bad, "-o", work.path])
            XCTAssertEqual(r.status, 64, "--post-radius-km \(bad): \(r.stderr)")
        }
        for good in ["15", "7.5", "1e1", "+2", ".5"] {
            let r = try NRouteRunner.run(["gaps", "--post-radius-km", good, "--format", "json", "-o", work.appendingPathComponent(good).path])
            XCTAssertEqual(r.status, 0, "--post-radius-km \(good): \(r.stderr)")
        }
    }

    func testARepeatedBorderIsAnalysedOnceWithAWarning() throws {
        // geodata's Natural Earth kaz-kgz line (294 vertices; the default OSM line's 3,755 would
        // make a 150 MB file), 2,000 times as rows of a CSV with a WKT column.
        let ne = NRouteRunner.repository.appendingPathComponent("geodata/borders-ne.geojson")
        let borders = try JSONSerialization.jsonObject(with: Data(contentsOf: ne)) as! [String: Any]
        let f = (borders["features"] as! [[String: Any]]).first { ($0["properties"] as! [String: Any])["id"] as? String == "kaz-kgz" }!
        let g = f["geometry"] as! [String: Any]
        let coords = g["type"] as? String == "LineString" ? g["coordinates"] as! [[Double]] : (g["coordinates"] as! [[[Double]]])[0]
        let wkt = "LINESTRING (" + coords.map { "\($0[0]) \($0[1])" }.joined(separator: ", ") + ")"
        var csv = "id,wkt\n"
        for i in 0..<2000 { csv += "\(i),\"\(wkt)\"\n" }
        let file = work.appendingPathComponent("kaz-kgz.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let once = work.appendingPathComponent("once"), repeated = work.appendingPathComponent("repeated")
        let a = try NRouteRunner.run(["gaps", "--border-file", ne.path, "--border", "kgz", "-o", once.path])
        let b = try NRouteRunner.run(["gaps", "--border-file", file.path, "-o", repeated.path])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        XCTAssertTrue(b.stderr.contains("warning: \(file.path): 585707 segments of the border repeat others; its 2000 parts were dissolved into 1"), b.stderr)
        // The same gaps as the line once (the file's line has no name, so only the lengths are compared).
        func lengths(_ url: URL) throws -> [Double] {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            return (json["features"] as! [[String: Any]]).map { ($0["properties"] as! [String: Any])["length_km"] as! Double }
        }
        XCTAssertEqual(try lengths(repeated.appendingPathComponent("kaz-kgz-gaps.geojson")), try lengths(once.appendingPathComponent("kaz-kgz-gaps.geojson")))
    }
}
