import Foundation
import TestSupport
import XCTest

/// `nroute plan` end to end: the gaps after the plan are what `nroute gaps` reports with the
/// chosen posts added as `--posts`; the summary agrees with itself; impossible requests get one
/// line, a non-zero status and no file. Expectations are derived (from `gaps`, from the plan's
/// own numbers), never today's geodata figures.
final class PlanCLITests: XCTestCase {
    func json(_ s: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any], s)
    }

    func testAfterGapsEqualGapsWithThePostsAdded() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let planOut = dir.appendingPathComponent("plan"), gapsOut = dir.appendingPathComponent("gaps")
        let p = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "4", "--no-curve", "-o", planOut.path])
        XCTAssertEqual(p.status, 0, p.stderr)
        XCTAssertTrue(p.stdout.contains("optimal"), p.stdout)
        let posts = planOut.appendingPathComponent("kaz-kgz-plan-posts.geojson")
        let g = try NRouteRunner.run(["gaps", "--border", "kgz", "--posts", posts.path, "-o", gapsOut.path])
        XCTAssertEqual(g.status, 0, g.stderr)
        for (mine, theirs) in [("kaz-kgz-plan-gaps.geojson", "kaz-kgz-gaps.geojson"), ("kaz-kgz-plan-coverage.geojson", "kaz-kgz-coverage.geojson")] {
            let a = try Data(contentsOf: planOut.appendingPathComponent(mine)), b = try Data(contentsOf: gapsOut.appendingPathComponent(theirs))
            XCTAssertEqual(a, b, "\(mine) differs from what nroute gaps --posts writes")
        }
        let layer = try json(String(decoding: try Data(contentsOf: posts), as: UTF8.self))
        let features = try XCTUnwrap(layer["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 4)
        XCTAssertEqual(features.compactMap { ($0["properties"] as? [String: Any])?["rank"] as? Double }, [1, 2, 3, 4])
    }

    /// The passable objective (with a DEM): the after-gaps carry the terrain columns exactly as
    /// `nroute gaps --dem --posts` writes them; the passable km the gaps lose is the optimum (up to
    /// the uncovered stretches shorter than a gap, which no gap lists); and it never exceeds the
    /// length objective's optimum (a passable km is a km).
    func testPassableObjective() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let planOut = dir.appendingPathComponent("plan"), gapsOut = dir.appendingPathComponent("gaps"), before = dir.appendingPathComponent("before")
        let p = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "3", "--no-curve", "--objective", "passable", "--dem", "geodata",
                                      "--format", "json", "-o", planOut.path])
        XCTAssertEqual(p.status, 0, p.stderr)
        let j = try json(p.stdout)
        XCTAssertEqual(j["objective"] as? String, "passable length")
        let optimum = try XCTUnwrap(j["optimum"] as? Double)
        let posts = planOut.appendingPathComponent("kaz-kgz-plan-posts.geojson")
        let g = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", "geodata", "--posts", posts.path, "--format", "json", "-o", gapsOut.path])
        XCTAssertEqual(g.status, 0, g.stderr)
        XCTAssertEqual(try Data(contentsOf: planOut.appendingPathComponent("kaz-kgz-plan-gaps.geojson")),
                       try Data(contentsOf: gapsOut.appendingPathComponent("kaz-kgz-gaps.geojson")))
        let b = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", "geodata", "--format", "json", "-o", before.path])
        XCTAssertEqual(b.status, 0, b.stderr)
        func passable(_ out: String) throws -> (gaps: Double, short: Double) {
            let s = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])?.first)
            let gaps = try XCTUnwrap(s["gaps"] as? [[String: Any]]).compactMap { $0["passable_km"] as? Double }.reduce(0, +)
            return (gaps, try XCTUnwrap(s["short_uncovered_km"] as? Double))
        }
        let (pb, sb) = try passable(b.stdout), (pa, sa) = try passable(g.stdout)
        XCTAssertEqual(pb - pa, optimum, accuracy: sb + sa + 0.01)
        let l = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "3", "--no-curve", "--format", "json", "-o", dir.appendingPathComponent("length").path])
        XCTAssertEqual(l.status, 0, l.stderr)
        XCTAssertLessThanOrEqual(optimum, try XCTUnwrap(try json(l.stdout)["optimum"] as? Double) + 1e-6)
        let none = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "3", "--objective", "passable", "-o", dir.appendingPathComponent("x").path])
        XCTAssertEqual(none.status, 64)
        XCTAssertTrue(none.stderr.contains("--objective passable needs a terrain model"), none.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("x").path))
    }

    /// The travel-time objective (with a DEM and --patrol-hours): the after-gaps and coverage are
    /// byte for byte what `nroute gaps --dem --patrol-hours --posts` writes; the covered km grow
    /// by at least the optimum (each candidate's own reach is part of the joint coverage) and by
    /// at most one profile sample spacing more per end of a chosen interval.
    func testTravelObjective() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let planOut = dir.appendingPathComponent("plan"), gapsOut = dir.appendingPathComponent("gaps")
        let travel = ["--dem", "geodata", "--patrol-hours", "3", "--seizures", "none"]
        let p = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "2", "--no-curve", "--objective", "travel", "--site-spacing-km", "4",
                                      "--format", "json", "-o", planOut.path] + travel)
        XCTAssertEqual(p.status, 0, p.stderr)
        let j = try json(p.stdout)
        XCTAssertEqual(j["status"] as? String, "optimal")
        XCTAssertEqual(j["coverage"] as? String, "travel time")
        XCTAssertEqual(j["patrol_hours"] as? Double, 3)
        let optimum = try XCTUnwrap(j["optimum"] as? Double)
        XCTAssertGreaterThan(optimum, 1)
        let posts = planOut.appendingPathComponent("kaz-kgz-plan-posts.geojson")
        let g = try NRouteRunner.run(["gaps", "--border", "kgz", "--posts", posts.path, "-o", gapsOut.path] + travel)
        XCTAssertEqual(g.status, 0, g.stderr)
        for (mine, theirs) in [("kaz-kgz-plan-gaps.geojson", "kaz-kgz-gaps.geojson"), ("kaz-kgz-plan-coverage.geojson", "kaz-kgz-coverage.geojson")] {
            XCTAssertEqual(try Data(contentsOf: planOut.appendingPathComponent(mine)), try Data(contentsOf: gapsOut.appendingPathComponent(theirs)),
                           "\(mine) differs from what nroute gaps --patrol-hours --posts writes")
        }
        let before = try XCTUnwrap(j["covered_km_before"] as? Double), after = try XCTUnwrap(j["covered_km_after"] as? Double)
        let chosen = try XCTUnwrap(j["posts"] as? [[String: Any]])
        XCTAssertEqual(chosen.count, 2)
        XCTAssertGreaterThanOrEqual(after - before, optimum - 0.002)
        // 4 interval ends at most 338 m apart from the next sample (the embedded DEM's spacing on kaz-kgz).
        XCTAssertLessThanOrEqual(after - before, optimum + 0.002 + Double(2 * 2 * chosen.count) * 0.34)
        try assertRefused(["--new-posts", "2", "--objective", "travel", "--patrol-hours", "3"], status: 64, mentions: "--objective travel needs a terrain model")
        try assertRefused(["--new-posts", "2", "--objective", "travel", "--dem", "geodata"], status: 64, mentions: "--objective travel needs --patrol-hours")
        try assertRefused(["--new-posts", "2", "--patrol-hours", "3"], status: 64, mentions: "needs a terrain model")
    }

    func testJSONSummaryIsConsistent() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "3", "--format", "json", "-o", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try json(r.stdout)
        XCTAssertEqual(j["status"] as? String, "optimal")
        let optimum = try XCTUnwrap(j["optimum"] as? Double), bound = try XCTUnwrap(j["bound"] as? Double)
        XCTAssertEqual(optimum, bound, accuracy: 1e-6 * max(optimum, 1))
        XCTAssertGreaterThanOrEqual(optimum, try XCTUnwrap(j["greedy"] as? Double) - 1e-6)
        let posts = try XCTUnwrap(j["posts"] as? [[String: Any]])
        XCTAssertEqual(posts.compactMap { $0["adds"] as? Double }.reduce(0, +), optimum, accuracy: 1e-5)
        let curve = try XCTUnwrap(j["curve"] as? [[String: Any]])
        XCTAssertEqual(curve.compactMap { $0["k"] as? Double }, [1, 2, 3])
        let optima = curve.compactMap { $0["optimum"] as? Double }
        XCTAssertEqual(optima, optima.sorted(), "more posts never cover less")
        XCTAssertEqual(try XCTUnwrap(optima.last), optimum, accuracy: 1e-6)
        let before = try XCTUnwrap(j["covered_km_before"] as? Double), after = try XCTUnwrap(j["covered_km_after"] as? Double)
        XCTAssertEqual(after - before, optimum, accuracy: 0.002, "covered km (rounded to the metre) grow by the optimum")
        let csv = try String(contentsOf: dir.appendingPathComponent("kaz-kgz-plan-curve.csv"), encoding: .utf8)
        XCTAssertEqual(csv.split(separator: "\n").count, 4)
        XCTAssertTrue(csv.hasPrefix("k,status,optimum_km,bound_km,added_km,seconds,posts\n"))
        let svg = try String(contentsOf: dir.appendingPathComponent("kaz-kgz-plan-curve.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg") && svg.hasSuffix("</svg>\n"))
    }

    /// A time limit too short to finish: the best found and a proven bound, still exit 0.
    func testTimeLimitReportsBestFoundAndBound() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let full = try json(try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "6", "--no-curve", "--format", "json", "-o", dir.path]).stdout)
        let r = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "6", "--no-curve", "--time-limit-s", "0.001", "--format", "json", "-o", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try json(r.stdout)
        let status = try XCTUnwrap(j["status"] as? String)
        XCTAssertTrue(["optimal", "time-limited"].contains(status), status)
        let best = try XCTUnwrap(j["optimum"] as? Double), bound = try XCTUnwrap(j["bound"] as? Double)
        let optimum = try XCTUnwrap(full["optimum"] as? Double)
        XCTAssertLessThanOrEqual(best, optimum + 1e-6, "nothing beats the optimum")
        XCTAssertGreaterThanOrEqual(bound, optimum - 1e-6, "the bound is a bound")
        XCTAssertGreaterThanOrEqual(best, try XCTUnwrap(j["greedy"] as? Double) - 1e-6, "at least the greedy start")
    }

    /// A user's file of feasible sites with costs and a budget, as CSV and as GeoJSON.
    func testCandidateFileWithCostsAndBudget() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let sites = dir.appendingPathComponent("sites.csv")
        // Near the Kazakh–Kyrgyz line south of Almaty and west of Kordai; the last is far from any border.
        try "id,name,cost_kzt,lon,lat\na,A,2,76.9,43.0\nb,B,3,75.6,42.95\nc,C,4,73.5,42.5\nd,D,1,60,50\n".write(to: sites, atomically: true, encoding: .utf8)
        let r = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "3", "--candidates", sites.path, "--cost", "cost_kzt", "--budget", "6",
                                      "--format", "json", "--no-curve", "-o", dir.appendingPathComponent("out").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try json(r.stdout)
        let posts = try XCTUnwrap(j["posts"] as? [[String: Any]])
        XCTAssertFalse(posts.isEmpty)
        XCTAssertLessThanOrEqual(posts.compactMap { $0["cost"] as? Double }.reduce(0, +), 6)
        XCTAssertFalse(posts.contains { $0["id"] as? String == "d" })
        XCTAssertEqual(j["candidate_count"] as? Double, 4)
        // The same sites as GeoJSON give the same plan.
        let geojson = dir.appendingPathComponent("sites.geojson")
        let features = [("a", 2, 76.9, 43.0), ("b", 3, 75.6, 42.95), ("c", 4, 73.5, 42.5), ("d", 1, 60.0, 50.0)].map { id, cost, lon, lat in
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(lon),\(lat)]},\"properties\":{\"id\":\"\(id)\",\"name\":\"\(id.uppercased())\",\"cost_kzt\":\(cost)}}"
        }
        try "{\"type\":\"FeatureCollection\",\"features\":[\(features.joined(separator: ","))]}".write(to: geojson, atomically: true, encoding: .utf8)
        let g = try NRouteRunner.run(["plan", "--border", "kgz", "--new-posts", "3", "--candidates", geojson.path, "--cost", "cost_kzt", "--budget", "6",
                                      "--format", "json", "--no-curve", "-o", dir.appendingPathComponent("out2").path])
        XCTAssertEqual(g.status, 0, g.stderr)
        let gj = try json(g.stdout)
        XCTAssertEqual((gj["posts"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, posts.compactMap { $0["id"] as? String })
        XCTAssertEqual(try XCTUnwrap(gj["optimum"] as? Double), try XCTUnwrap(j["optimum"] as? Double), accuracy: 1e-9)
    }

    /// A full disk part-way (a 32 KB file-size limit: the small posts layer fits, the gaps layer
    /// does not) leaves the output folder exactly as it was, the exported model included.
    func testAFullDiskLeavesTheFolderAsItWas() throws {
        guard let binary = NRouteRunner.binary else { throw TestEnvironment.unavailable("nroute binary not built") }
        let out = try NRouteRunner.temporaryDirectory()
        try Data("older result\n".utf8).write(to: out.appendingPathComponent("kaz-kgz-plan-posts.geojson"))
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        let args = [binary.path, "plan", "--border", "kgz", "--new-posts", "2", "--no-curve", "--export-model", out.appendingPathComponent("m.lp").path, "-o", out.path]
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let r = try NRouteRunner.run(command: "/bin/bash", ["-c", "ulimit -f 32; trap '' XFSZ; exec \(quoted)"])
        XCTAssertEqual(r.status, 74, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted(), before)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("kaz-kgz-plan-posts.geojson"), encoding: .utf8), "older result\n")
    }

    func assertRefused(_ args: [String], status: Int32, mentions: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try NRouteRunner.temporaryDirectory().appendingPathComponent("out")
        let r = try NRouteRunner.run(["plan", "--border", "kgz"] + args + ["-o", out.path])
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(mentions), r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written", file: file, line: line)
    }

    func testImpossibleRequestsGetOneLineAndNoFile() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        try assertRefused(["--new-posts", "0"], status: 64, mentions: "--new-posts must be at least 1")
        try assertRefused(["--new-posts", "2", "--side", "RUS"], status: 64, mentions: "no candidate sites")
        try assertRefused(["--new-posts", "2", "--side", "XYZ"], status: 64, mentions: "--side XYZ")
        let costly = dir.appendingPathComponent("costly.csv")
        try "id,cost,lon,lat\na,10,76.9,43.0\n".write(to: costly, atomically: true, encoding: .utf8)
        try assertRefused(["--new-posts", "2", "--candidates", costly.path, "--cost", "cost", "--budget", "5"], status: 64, mentions: "budget")
        let empty = dir.appendingPathComponent("empty.csv")
        try "id,lon,lat\n".write(to: empty, atomically: true, encoding: .utf8)
        try assertRefused(["--new-posts", "2", "--candidates", empty.path], status: 65, mentions: "empty.csv")
        try assertRefused(["--new-posts", "2", "--candidates", dir.appendingPathComponent("missing.csv").path], status: 66, mentions: "missing.csv")
        let bad = dir.appendingPathComponent("bad.csv")
        try "id,lon,lat\na,76.9,43.0\nb,76.9,95\n".write(to: bad, atomically: true, encoding: .utf8)
        try assertRefused(["--new-posts", "2", "--candidates", bad.path], status: 65, mentions: "bad.csv:3")
        let far = dir.appendingPathComponent("far.csv")
        try "id,lon,lat\na,60,50\n".write(to: far, atomically: true, encoding: .utf8)
        try assertRefused(["--new-posts", "2", "--candidates", far.path], status: 64, mentions: "no candidate site covers")
    }
}
