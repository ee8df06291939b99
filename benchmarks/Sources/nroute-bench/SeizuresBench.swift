// nroute-bench seizures [--points N] [--runs R] [--no-peer] [--no-geopandas] [--peer-runs K] [--python PY] [--keep-outputs]
//
// End to end, as a user runs it: `nroute seizures --seizures <file> --border kgz` (read, compute,
// write seizures.geojson + seizures.csv) on N seizure points (default 1,000,000, generated
// deterministically around the Kazakh–Kyrgyz border into benchmarks/data/, git-ignored, as a
// GeoJSON FeatureCollection of ~187 MB and the same points as a CSV of ~59 MB), against every
// Kazakh–Kyrgyz checkpoint and the border (with the gaps analysis). R runs (default 3) of the
// release `nroute` binary in a child process for each input format, alternating GeoJSON and CSV:
// median wall time, peak resident set size (wait4 ru_maxrss, the same number as /usr/bin/time -v
// "Maximum resident set size").
//
// Beside it, in the same run: DuckDB spatial (benchmarks/seizures_duckdb_peer.py: the same CSV to
// a CSV with ST_Distance_Spheroid, ST_ShortestLine in UTM, ST_Covers on country cells; K runs,
// default 1) and the usual GeoPandas pipeline (benchmarks/seizures_peer.py: read the GeoJSON with
// pyogrio, sjoin_nearest in UTM, write GeoJSON + CSV; one run): their wall time, peak memory, the
// ratio, and their distance errors against ours (max, median, p99, metres).
//
// The nroute binary is the release build beside this one (swift build -c release --product nroute
// with the same --scratch-path); it is built if missing.
import Analysis
import Catalog
import Coordinates
import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

func runSeizuresBenchmark(_ args: [String]) {
    var points = 1_000_000
    var runs = 3
    var peer = true
    var geopandas = true
    var peerRuns = 1
    var python = "python3"
    var keep = false
    var computeOnly = false
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--points": i += 1; points = Int(args[i]) ?? points
        case "--runs": i += 1; runs = max(1, Int(args[i]) ?? runs)
        case "--no-peer": peer = false
        case "--no-geopandas": geopandas = false
        case "--peer-runs": i += 1; peerRuns = max(1, Int(args[i]) ?? peerRuns)
        case "--python": i += 1; python = args[i]
        case "--keep-outputs": keep = true
        case "--compute-only": computeOnly = true
        default:
            FileHandle.standardError.write("nroute-bench seizures: unknown option \(args[i])\n".data(using: .utf8)!)
            exit(64)
        }
        i += 1
    }
    do {
        if computeOnly {
            try computeBenchmark(points: points)
            return
        }
        try SeizuresBench(points: points, runs: runs, peer: peer, geopandas: geopandas, peerRuns: peerRuns, python: python, keep: keep).run()
    } catch {
        FileHandle.standardError.write("nroute-bench seizures: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

/// The analysis alone (no I/O): `SeizureContext.evaluate` per point on one thread (wall and thread
/// CPU time; also `evaluate(_:into:)`), then `SeizureProximity.run` on all cores.
private func computeBenchmark(points n: Int) throws {
    let geodata = try Geodata.locate()
    let borders = try BorderCatalog.select("kgz", from: try geodata.borders())
    let checkpoints = try geodata.checkpoints().filter { $0.kind == .checkpoint }
    let t0 = Date()
    let report = try GapAnalysis.run(border: borders[0], controls: try geodata.controls(for: borders[0]), parameters: GapParameters())
    let context = try SeizureContext(checkpoints: checkpoints, borders: borders, gapReports: [report], countries: try geodata.countries())
    print(String(format: "prepare (gaps analysis + indexes): %.3f s, %d gaps", Date().timeIntervalSince(t0), report.gaps.count))
    var state: UInt64 = 1
    func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
    let coords = borders[0].parts[0]
    let pts = (0..<n).map { _ -> Coordinate in
        let v = coords[Int(next() * Double(coords.count)) % coords.count]
        let r = -log(1 - next()) * 25_000, a = next() * 2 * .pi
        return Coordinate(longitude: v.longitude + r * sin(a) / (111_000 * cos(v.latitude * .pi / 180)), latitude: v.latitude + r * cos(a) / 111_000)
    }
    // The thread's CPU time beside the wall time: on a shared machine the wall time of one
    // thread also counts the time other processes held its core.
    func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
    var t = Date()
    var c = threadCPU()
    var sum = 0.0
    for p in pts {
        let r = context.evaluate(p)
        sum += r.borders[0].distance + (r.checkpoint?.distance ?? 0)
    }
    let one = Date().timeIntervalSince(t), oneCPU = threadCPU() - c
    // The allocation-free variant, one result reused.
    t = Date()
    c = threadCPU()
    var into = 0.0
    var reused = SeizureResult(country: nil, checkpoint: nil, borders: [])
    for p in pts {
        context.evaluate(p, into: &reused)
        into += reused.borders[0].distance + (reused.checkpoint?.distance ?? 0)
    }
    let intoWall = Date().timeIntervalSince(t), intoCPU = threadCPU() - c
    t = Date()
    let all = SeizureProximity.run(coordinates: pts, context: context)
    let par = Date().timeIntervalSince(t)
    print(String(format: "evaluate, 1 thread: %.3f s for %d points = %.2f µs/point (checksum %.3f)", one, n, one / Double(n) * 1e6, sum))
    print(String(format: "  thread CPU time: %.2f µs/point", oneCPU / Double(n) * 1e6))
    print(String(format: "evaluate(_:into:), 1 thread: %.2f µs/point, thread CPU %.2f µs/point (checksum %.3f)",
                 intoWall / Double(n) * 1e6, intoCPU / Double(n) * 1e6, into))
    print(String(format: "evaluate, %d cores: %.3f s = %.2f µs/point (%d results)", ProcessInfo.processInfo.activeProcessorCount, par, par / Double(n) * 1e6, all.count))
}

private struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

private struct SeizuresBench {
    let points: Int
    let runs: Int
    let peer: Bool
    let geopandas: Bool
    let peerRuns: Int
    let python: String
    let keep: Bool

    /// The repository root: the folder holding Package.swift, from the working directory upwards.
    static func root() throws -> URL {
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<8 {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: dir.appendingPathComponent("geodata").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        throw BenchFailure("run from inside the repository (no Package.swift + geodata/ found above the working directory)")
    }

    func run() throws {
        let root = try SeizuresBench.root()
        let data = root.appendingPathComponent("benchmarks/data", isDirectory: true)
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let input = data.appendingPathComponent("seizures-\(points).geojson")
        let inputCSV = data.appendingPathComponent("seizures-\(points).csv")
        if !FileManager.default.fileExists(atPath: input.path) || !FileManager.default.fileExists(atPath: inputCSV.path) {
            let t = Date()
            try generate(points, border: root.appendingPathComponent("geodata/borders.geojson"), to: input, csv: inputCSV)
            print("generated \(input.path) and \(inputCSV.lastPathComponent) in \(String(format: "%.1f", Date().timeIntervalSince(t))) s")
        }
        func size(_ url: URL) -> Int { (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0 }
        let nroute = try nrouteBinary()
        let formats: [(name: String, input: URL, out: URL)] = [("GeoJSON", input, data.appendingPathComponent("out-nroute")),
                                                                ("CSV", inputCSV, data.appendingPathComponent("out-nroute-csv"))]
        print("nroute-bench seizures: \(points) points, \(String(format: "%.1f", Double(size(input)) / 1e6)) MB GeoJSON, \(String(format: "%.1f", Double(size(inputCSV)) / 1e6)) MB CSV, border kaz-kgz, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("  binary: \(nroute.path)")
        print("  load average at the start: \(loadAverage())")

        var walls: [[Double]] = [[], []], rss: [[Int]] = [[], []], cpus: [[Double]] = [[], []]
        for r in 0..<runs {
            // Alternating the formats, so that a change of the host's speed affects both alike.
            for (k, f) in formats.enumerated() {
                // A fresh output folder each run, as a user's first run (replacing a previous output
                // would add the unlinking of ~1 GB of page cache to the run).
                try? FileManager.default.removeItem(at: f.out)
                let m = try measure([nroute.path, "seizures", "--seizures", f.input.path, "--border", "kgz", "-o", f.out.path, "--format", "json"],
                                    stdout: data.appendingPathComponent("out-nroute-summary.json"))
                guard m.status == 0 else { throw BenchFailure("nroute exited with \(m.status) on the \(f.name) input") }
                walls[k].append(m.wall)
                rss[k].append(m.maxRSSKiB)
                cpus[k].append(m.cpu)
                print(String(format: "  run %d, %@: %.3f s wall, %.2f s CPU (%.2f cores), peak RSS %.0f MB", r + 1, f.name, m.wall, m.cpu, m.cpu / m.wall,
                             Double(m.maxRSSKiB) / 1024))
            }
        }
        let ourWall = walls.map(median), ourRSS = rss.map { Double($0.max() ?? 0) / 1024 }
        let outCSV = formats.map { $0.out.appendingPathComponent("seizures.csv") }
        print("  load average at the end of our runs: \(loadAverage())")

        print("")
        print("                                       wall s (median)   peak RSS MB   output")
        for (k, f) in formats.enumerated() {
            let geo = size(f.out.appendingPathComponent("seizures.geojson")), csv = size(outCSV[k])
            print(String(format: "  nroute seizures, %@ input (%d runs) %8.3f        %8.0f       GeoJSON %.0f MB + CSV %.0f MB",
                         f.name.padding(toLength: 7, withPad: " ", startingAt: 0), runs, ourWall[k], ourRSS[k], Double(geo) / 1e6, Double(csv) / 1e6))
        }
        let geoBudget = ourWall[0] <= 2.7
        print(String(format: "  GeoJSON input ≤ 2.7 s (no slower than before): %@ (%.2f s, %.0f MB; CPU %.2f s = %.2f cores busy)", geoBudget ? "met" : "NOT met",
                     ourWall[0], ourRSS[0], median(cpus[0]), median(cpus[0]) / ourWall[0]))
        let csvBudget = ourWall[1] <= 2.0 && ourRSS[1] <= 400
        print(String(format: "  CSV input ≤ 2 s and ≤ 400 MB: %@ (%.2f s, %.0f MB; CPU %.2f s = %.2f cores busy)", csvBudget ? "met" : "NOT met",
                     ourWall[1], ourRSS[1], median(cpus[1]), median(cpus[1]) / ourWall[1]))

        if peer {
            let script = root.appendingPathComponent("benchmarks/seizures_duckdb_peer.py")
            let peerOut = data.appendingPathComponent("out-duckdb")
            let report = data.appendingPathComponent("out-duckdb-report.json")
            var peerWalls: [Double] = [], peerRSS: [Int] = []
            var obj: [String: Any] = [:]
            for r in 0..<peerRuns {
                try? FileManager.default.removeItem(at: peerOut)
                let m = try measure([python, script.path, "--input", inputCSV.path, "--geodata", root.appendingPathComponent("geodata").path,
                                     "--out", peerOut.path, "--ours", outCSV[1].path, "--report", report.path], stdout: data.appendingPathComponent("out-duckdb-stdout.json"))
                guard m.status == 0 else { throw BenchFailure("the DuckDB peer exited with \(m.status) (pip install -r benchmarks/requirements.txt)") }
                peerWalls.append(m.wall)
                peerRSS.append(m.maxRSSKiB)
                obj = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
                print(String(format: "  DuckDB run %d: %.3f s wall (%.2f s CPU), peak RSS %.0f MB", r + 1, m.wall, m.cpu, Double(m.maxRSSKiB) / 1024))
            }
            let duckWall = median(peerWalls)
            print(String(format: "  %@, CSV → CSV (%d run%@)   %8.3f        %8.0f       (prepare %.2f s, compute %.2f, write %.2f)",
                         (obj["engine"] as? String) ?? "DuckDB", peerRuns, peerRuns == 1 ? "" : "s", duckWall, Double(peerRSS.max() ?? 0) / 1024,
                         obj["prepare_s"] as? Double ?? 0, obj["compute_s"] as? Double ?? 0, obj["write_s"] as? Double ?? 0))
            let ratio = duckWall / ourWall[1]
            print(String(format: "  speed-up on the CSV input over DuckDB: %.1f× (target ≥ 4×: %@)", ratio, ratio >= 4 ? "met" : "NOT met"))
            printErrors(obj, "DuckDB")
            if let wrong = obj["country_mismatch"] as? Int { print("  DuckDB found a different country for \(wrong) points") }

            if geopandas {
                let script = root.appendingPathComponent("benchmarks/seizures_peer.py")
                let peerOut = data.appendingPathComponent("out-peer")
                let report = data.appendingPathComponent("out-peer-report.json")
                let m = try measure([python, script.path, "--input", input.path, "--geodata", root.appendingPathComponent("geodata").path,
                                     "--out", peerOut.path, "--ours", outCSV[0].path, "--report", report.path], stdout: nil)
                guard m.status == 0 else { throw BenchFailure("the peer exited with \(m.status) (pip install -r benchmarks/requirements.txt)") }
                let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: report)) as? [String: Any] ?? [:]
                let pipeline = obj["pipeline_s"] as? Double ?? m.wall
                print(String(format: "  GeoPandas peer, GeoJSON (1 run, %@) %8.3f        %8.0f       (pipeline alone %.3f s: read %.2f, sjoin_nearest %.2f, write %.2f)",
                             (obj["crs"] as? String) ?? "UTM", m.wall, Double(m.maxRSSKiB) / 1024, pipeline,
                             obj["read_s"] as? Double ?? 0, obj["join_s"] as? Double ?? 0, obj["write_s"] as? Double ?? 0))
                print(String(format: "  speed-up on the GeoJSON input over GeoPandas: %.1f× on the process wall time, %.1f× on the peer's pipeline alone (imports excluded)",
                             m.wall / ourWall[0], pipeline / ourWall[0]))
                printErrors(obj, "GeoPandas")
            }
        }
        print("  load average at the end: \(loadAverage())")
        if !keep {
            for f in formats { try? FileManager.default.removeItem(at: f.out) }
            try? FileManager.default.removeItem(at: data.appendingPathComponent("out-peer"))
            try? FileManager.default.removeItem(at: data.appendingPathComponent("out-duckdb"))
        }
    }

    func printErrors(_ obj: [String: Any], _ who: String) {
        for key in ["checkpoint", "border"] {
            if let e = obj["\(key)_error_m"] as? [String: Any] {
                print(String(format: "  %@'s %@ distance error vs ours (m): max %.3f, median %.3f, p99 %.3f (n = %d)", who, key,
                             e["max"] as? Double ?? .nan, e["median"] as? Double ?? .nan, e["p99"] as? Double ?? .nan, e["n"] as? Int ?? 0))
            }
        }
        if let wrong = obj["checkpoint_mismatch"] as? Int {
            print("  \(who) picked a different nearest checkpoint for \(wrong) points")
        }
        if let w = obj["warning"] as? String { print("  \(who): \(w)") }
    }

    /// /proc/loadavg's 1, 5 and 15 minute figures.
    func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3).joined(separator: " ")
    }

    func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The release nroute beside this executable, built if missing.
    func nrouteBinary() throws -> URL {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = me.deletingLastPathComponent().appendingPathComponent("nroute")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        // <scratch>/<triple>/release/nroute-bench → <scratch>
        let scratch = me.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        print("building nroute (release) in \(scratch.path) …")
        let m = try measure(["/usr/bin/env", "swift", "build", "-c", "release", "--product", "nroute", "--scratch-path", scratch.path], stdout: nil)
        guard m.status == 0, FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw BenchFailure("could not build nroute; run: swift build -c release --product nroute --scratch-path \(scratch.path)")
        }
        return candidate
    }

    struct Measurement {
        var status: Int32
        var wall: Double
        var cpu: Double
        var maxRSSKiB: Int
    }

    /// Runs a child process (stdout to `stdout` or inherited), returns its exit status, wall time,
    /// CPU time and peak RSS (from wait4).
    func measure(_ argv: [String], stdout: URL?) throws -> Measurement {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdout {
            posix_spawn_file_actions_addopen(&actions, 1, stdout.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let start = Date()
        let rc = argv[0].hasPrefix("/")
            ? posix_spawn(&pid, argv[0], &actions, nil, cargs, environ)
            : posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ)
        guard rc == 0 else { throw BenchFailure("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = Date().timeIntervalSince(start)
        let exited = (status & 0x7f) == 0
        let code: Int32 = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return Measurement(status: code, wall: wall, cpu: cpu, maxRSSKiB: usage.ru_maxrss)
    }

    // MARK: Data

    /// N seizure-like Point features, seeded: 80% within ~60 km of a random vertex of the kaz-kgz
    /// border (exponentially distributed offsets), 20% uniform over the border's bounding box
    /// widened by 1.5°.
    func generate(_ n: Int, border: URL, to url: URL, csv csvURL: URL) throws {
        let data = try Data(contentsOf: border)
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = obj["features"] as? [[String: Any]],
              let kgz = features.first(where: { ($0["properties"] as? [String: Any])?["id"] as? String == "kaz-kgz" }),
              let geometry = kgz["geometry"] as? [String: Any], let coords = geometry["coordinates"] as? [[Double]] else {
            throw BenchFailure("kaz-kgz not found in \(border.path)")
        }
        var state: UInt64 = 0x5EED_2024
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let lons = coords.map { $0[0] }, lats = coords.map { $0[1] }
        let (minLon, maxLon, minLat, maxLat) = (lons.min()! - 1.5, lons.max()! + 1.5, lats.min()! - 1.5, lats.max()! + 1.5)
        let drugs = ["heroin", "hashish", "marijuana", "opium", "synthetic drugs", "cannabis (plant)", "mephedrone", "methamphetamine"]
        let tmp = url.appendingPathExtension("tmp")
        _ = FileManager.default.createFile(atPath: tmp.path, contents: nil)
        let h = try FileHandle(forWritingTo: tmp)
        let tmpCSV = csvURL.appendingPathExtension("tmp")
        _ = FileManager.default.createFile(atPath: tmpCSV.path, contents: nil)
        let hc = try FileHandle(forWritingTo: tmpCSV)
        var buf = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        // The same records as CSV: the feature id as an id column, the coordinates as written in the GeoJSON.
        var cbuf = "id,longitude,latitude,date,drug,amount_kg,precision_m\n"
        for i in 0..<n {
            var lon: Double, lat: Double
            if next() < 0.8 {
                let v = coords[Int(next() * Double(coords.count)) % coords.count]
                let r = -log(1 - next()) * 25_000, a = next() * 2 * .pi
                lat = v[1] + r * cos(a) / 111_000
                lon = v[0] + r * sin(a) / (111_000 * cos(v[1] * .pi / 180))
            } else {
                lon = minLon + next() * (maxLon - minLon)
                lat = minLat + next() * (maxLat - minLat)
            }
            let day = Int(next() * 1461)
            let y = 2019 + day / 365, doy = day % 365
            let m = min(12, doy / 31 + 1), d = min(28, doy % 31 + 1)
            let drug = drugs[Int(next() * Double(drugs.count)) % drugs.count]
            let kg = (next() * 5000).rounded() / 100
            let precision = [0, 100, 500, 2000, 5000, 20000][Int(next() * 6) % 6]
            buf += String(format: "{\"type\":\"Feature\",\"id\":%d,\"geometry\":{\"type\":\"Point\",\"coordinates\":[%.6f,%.6f]},\"properties\":{\"date\":\"%04d-%02d-%02d\",\"drug\":\"%@\",\"amount_kg\":%@,\"precision_m\":%d}}",
                          i + 1, lon, lat, y, m, d, drug, "\(kg)", precision)
            buf += i + 1 < n ? ",\n" : "\n"
            cbuf += String(format: "%d,%.6f,%.6f,%04d-%02d-%02d,%@,%@,%d\n", i + 1, lon, lat, y, m, d, drug, "\(kg)", precision)
            if buf.utf8.count > 1 << 20 {
                h.write(buf.data(using: .utf8)!)
                hc.write(cbuf.data(using: .utf8)!)
                buf = ""
                cbuf = ""
            }
        }
        buf += "]}\n"
        h.write(buf.data(using: .utf8)!)
        hc.write(cbuf.data(using: .utf8)!)
        try h.close()
        try hc.close()
        _ = try? FileManager.default.removeItem(at: url)
        try FileManager.default.moveItem(at: tmp, to: url)
        _ = try? FileManager.default.removeItem(at: csvURL)
        try FileManager.default.moveItem(at: tmpCSV, to: csvURL)
    }
}
