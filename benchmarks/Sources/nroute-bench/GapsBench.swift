// nroute-bench gaps: GapAnalysis.run end to end on a synthetic border of 200,000 vertices with
// 5,000 control points, against the usual GeoPandas/Shapely way (benchmarks/gaps_peer.py, run in
// the same invocation on the same data). See benchmarks/README.md, section "gaps".
import Analysis
import Coordinates
import Domain
import Foundation
import Geodesy

private struct GapsBenchOptions {
    var vertices = 200_000
    var controls = 5_000
    var posts = 1_000
    var clusters = 170
    var seed: UInt64 = 20_251_123
    var runs = 5
    var peerRuns = 3
    var peer = true
    var python = "python3"
    var dataDir = "benchmarks/data"

    init(_ args: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { gapsBenchUsage("missing value for \(args[i - 1])") }
            return args[i]
        }
        func int(_ s: String) -> Int {
            guard let v = Int(s), v > 0 else { gapsBenchUsage("not a positive integer: \(s)") }
            return v
        }
        while i < args.count {
            switch args[i] {
            case "--vertices": vertices = max(2, int(value()))
            case "--controls": controls = int(value())
            case "--posts": posts = int(value())
            case "--clusters": clusters = int(value())
            case "--seed": seed = UInt64(int(value()))
            case "--runs": runs = int(value())
            case "--peer-runs": peerRuns = int(value())
            case "--no-peer": peer = false
            case "--python": python = value()
            case "--data-dir": dataDir = value()
            case "-h", "--help": gapsBenchUsage(nil)
            default: gapsBenchUsage("unknown option \(args[i])")
            }
            i += 1
        }
        posts = min(posts, controls)
    }
}

private func gapsBenchUsage(_ error: String?) -> Never {
    let text = """
        usage: nroute-bench gaps [--vertices N] [--controls N] [--posts N] [--clusters N] [--seed N]
                                 [--runs N] [--peer-runs N] [--no-peer] [--python PATH] [--data-dir DIR]
        defaults: 200000 vertices, 5000 controls (1000 posts), 170 clusters, 5 runs, peer 3 runs,
                  data in benchmarks/data (git-ignored)

        """
    if let error {
        FileHandle.standardError.write("nroute-bench gaps: \(error)\n\(text)".data(using: .utf8)!)
        exit(64)
    }
    print(text, terminator: "")
    exit(0)
}

/// SplitMix64: small, fast and the same on every platform (the data must be reproducible).
private struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * uniform() }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func normal() -> Double {
        let u = max(uniform(), 0x1p-60), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// Rounded to 1e-7 degrees (~1 cm), so that the GeoJSON the peer reads holds exactly these values.
private func round7(_ x: Double) -> Double { (x * 1e7).rounded() / 1e7 }

/// A meandering border across Central Asia (from the Caspian eastwards, kept within 38–50° N):
/// 20–40 m geodesic segments (like a border digitised from large-scale maps), small-scale wiggle on
/// large-scale meanders.
private func makeBorder(_ o: GapsBenchOptions, _ rng: inout SplitMix64) -> [Coordinate] {
    let g = Geodesic.wgs84
    var p = Coordinate(longitude: 50.8, latitude: 44.2)
    var out = [p]
    out.reserveCapacity(o.vertices)
    var wiggle = 0.0, chain = 0.0
    for _ in 1..<o.vertices {
        var target = 90 + 80 * sin(2 * .pi * chain / 1_500_000) + 25 * sin(2 * .pi * chain / 90_000 + 1)
        if p.latitude > 48.5 { target += 25 * (p.latitude - 48.5) }
        if p.latitude < 39.5 { target -= 25 * (39.5 - p.latitude) }
        wiggle = 0.98 * wiggle + 4 * rng.normal()
        let step = rng.uniform(20, 40)
        p = g.direct(from: p, azimuth: target + wiggle, distance: step).coordinate
        p = Coordinate(longitude: round7(p.longitude), latitude: round7(p.latitude))
        out.append(p)
        chain += step
    }
    return out
}

/// Controls in clusters along the border (posts near the line, settlements up to 14 km off it).
private func makeControls(_ o: GapsBenchOptions, _ border: [Coordinate], _ rng: inout SplitMix64) -> [ControlPoint] {
    let g = Geodesic.wgs84
    let n = border.count
    let centres = (0..<o.clusters).map { _ in rng.int(n - 1) }
    var out: [ControlPoint] = []
    out.reserveCapacity(o.controls)
    for k in 0..<o.controls {
        let isPost = k < o.posts
        let c = centres[rng.int(centres.count)]
        let spread = isPost ? 250.0 : 160.0  // vertices (~30 m each)
        let i = min(max(c + Int((rng.normal() * spread).rounded()), 0), n - 2)
        let az = g.inverse(border[i], border[i + 1]).initialAzimuth
        let off = isPost ? rng.uniform(0, 3_000) : rng.uniform(200, 14_000)
        let side = rng.uniform() < 0.5 ? 90.0 : -90.0
        var q = g.direct(from: border[i], azimuth: az + side, distance: off).coordinate
        q = Coordinate(longitude: round7(q.longitude), latitude: round7(q.latitude))
        let kind: ControlKind = isPost ? (k % 3 == 0 ? .checkpoint : .outpost) : .settlement
        out.append(ControlPoint(id: "c\(k)", name: "c\(k)", kind: kind, coordinate: q,
                                population: isPost ? nil : 100 + rng.int(20_000)))
    }
    return out
}

private func writeText(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

private func coordText(_ c: Coordinate) -> String { "[\(c.longitude),\(c.latitude)]" }

private func writeData(_ dir: String, _ border: [Coordinate], _ controls: [ControlPoint], _ p: GapParameters) throws {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var s = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"id\":\"bench\",\"properties\":{\"id\":\"bench\"},"
    s += "\"geometry\":{\"type\":\"LineString\",\"coordinates\":["
    s.reserveCapacity(border.count * 28 + 200)
    for (k, c) in border.enumerated() {
        if k > 0 { s += "," }
        s += coordText(c)
    }
    s += "]}}]}\n"
    try writeText(s, to: dir + "/gaps_border.geojson")

    var t = "{\"type\":\"FeatureCollection\",\"features\":[\n"
    for (k, c) in controls.enumerated() {
        let r = c.kind.isPost ? p.postRadius : p.settlementRadius
        t += "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(c.id)\",\"kind\":\"\(c.kind.rawValue)\",\"radius\":\(r)},"
        t += "\"geometry\":{\"type\":\"Point\",\"coordinates\":\(coordText(c.coordinate))}}"
        t += k + 1 < controls.count ? ",\n" : "\n"
    }
    t += "]}\n"
    try writeText(t, to: dir + "/gaps_controls.geojson")
    try writeText("{\"post_radius\":\(p.postRadius),\"settlement_radius\":\(p.settlementRadius),\"min_gap_length\":\(p.minGapLength)}\n",
                  to: dir + "/gaps_params.json")
}

private func writeOurs(_ dir: String, _ r: GapReport, seconds: Double) throws {
    let gaps = r.gaps.sorted { $0.start < $1.start }
    var s = "{\"length\":\(r.length),\"covered_length\":\(r.coveredLength),\"gap_length\":\(r.gapLength),\"seconds\":\(seconds),\"gaps\":[\n"
    for (k, g) in gaps.enumerated() {
        s += "{\"start\":\(g.start),\"end\":\(g.end),\"length\":\(g.length),"
        s += "\"start_point\":\(coordText(g.geometry.first!)),\"end_point\":\(coordText(g.geometry.last!)),\"max_distance\":\(g.maxDistance)}"
        s += k + 1 < gaps.count ? ",\n" : "\n"
    }
    s += "]}\n"
    try writeText(s, to: dir + "/gaps_ours.json")
}

private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// CPU time of the whole process (all threads), seconds.
private func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

private func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Runs `body` `runs` times: the median wall-clock and CPU (all threads) times in seconds, and the
/// last result.
private func timed<T>(_ runs: Int, _ body: () throws -> T) rethrows -> (wall: Double, cpu: Double, result: T) {
    var wall: [Double] = [], cpu: [Double] = []
    var last: T?
    for _ in 0..<runs {
        let t0 = now(), c0 = cpuNow()
        last = try body()
        wall.append(now() - t0)
        cpu.append(cpuNow() - c0)
    }
    return (median(wall), median(cpu), last!)
}

private func peerScript() -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/benchmarks/gaps_peer.py"
    if FileManager.default.fileExists(atPath: cwd) { return cwd }
    // benchmarks/Sources/nroute-bench/GapsBench.swift -> benchmarks/gaps_peer.py
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("gaps_peer.py").path
}

/// Runs the peer; its last stdout line is a JSON object (see gaps_peer.py).
private func runPeer(_ o: GapsBenchOptions) -> [String: Any]? {
    let proc = Process()
    proc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    proc.arguments = [o.python, peerScript(), "--data", o.dataDir, "--runs", String(o.peerRuns)]
    let out = Pipe()
    proc.standardOutput = out
    do {
        try proc.run()
    } catch {
        print("peer: could not start \(o.python): \(error)")
        return nil
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    proc.waitUntilExit()
    guard proc.terminationStatus == 0 else {
        print("peer: exited with status \(proc.terminationStatus) (pip install -r benchmarks/requirements.txt?)")
        return nil
    }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    guard let last = lines.last, let obj = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else {
        print("peer: no JSON result on stdout")
        return nil
    }
    return obj
}

func runGapsBenchmark(_ args: [String]) {
    let o = GapsBenchOptions(args)
    var rng = SplitMix64(state: o.seed)
    let t0 = now()
    let vertices = makeBorder(o, &rng)
    let controls = makeControls(o, vertices, &rng)
    let border = Border(id: "bench", name: "synthetic Central Asian border", parts: [vertices])
    let params = GapParameters()
    do {
        try writeData(o.dataDir, vertices, controls, params)
    } catch {
        print("gaps: cannot write \(o.dataDir): \(error)")
        exit(1)
    }
    let lons = vertices.map(\.longitude), lats = vertices.map(\.latitude)
    print(String(format: "gaps benchmark: %d vertices, %d controls (%d posts R_c %.0f km, %d settlements R_s %.0f km), seed %llu",
                 vertices.count, controls.count, o.posts, params.postRadius / 1000, controls.count - o.posts,
                 params.settlementRadius / 1000, o.seed))
    print(String(format: "data: lon %.2f..%.2f, lat %.2f..%.2f, written to %@/ (generated in %.1f s)",
                 lons.min()!, lons.max()!, lats.min()!, lats.max()!, o.dataDir, now() - t0))

    // Ours: end to end, then the main stages on their own (for the record).
    let report: GapReport
    let ours: Double, oursCPU: Double
    do {
        _ = try GapAnalysis.run(border: border, controls: controls, parameters: params)  // warm-up
        (ours, oursCPU, report) = try timed(o.runs) { try GapAnalysis.run(border: border, controls: controls, parameters: params) }
    } catch {
        print("gaps: analysis failed: \(error)")
        exit(1)
    }
    let (tIndex, cIndex, line) = timed(o.runs) { PolylineIndex(parts: border.parts) }
    let discs = controls.map { CoverageDisc(center: $0.coordinate, radius: $0.kind.isPost ? params.postRadius : params.settlementRadius) }
    let (tCover, cCover, _) = timed(o.runs) { Coverage.intervals(of: line, by: discs) }
    do {
        try writeOurs(o.dataDir, report, seconds: ours)
    } catch {
        print("gaps: cannot write results: \(error)")
    }
    print(String(format: "border %.1f km; covered %.1f km (%.1f %%); %d gaps (>= %.0f m), %.1f km; short uncovered %.1f km",
                 report.length / 1000, report.coveredLength / 1000, 100 * report.coveredShare, report.gaps.count,
                 params.minGapLength, report.gapLength / 1000, report.shortUncoveredLength / 1000))
    print(String(format: "ours (median of %d, wall / CPU of all threads): GapAnalysis.run %.3f / %.3f s; of which "
                 + "PolylineIndex %.3f / %.3f s, Coverage.intervals %.3f / %.3f s (timed on their own)",
                 o.runs, ours, oursCPU, tIndex, cIndex, tCover, cCover))

    var peer: [String: Any]?
    if o.peer { peer = runPeer(o) }

    func num(_ key: String) -> Double? { (peer?[key] as? NSNumber)?.doubleValue }
    print("")
    print("| gaps, 200k-vertex border | time (s) | ratio | gaps | gap length (km) |")
    print("|---|---:|---:|---:|---:|")
    print(String(format: "| ours: geodesic, WGS84 (median of %d) | %.3f | 1.0 | %d | %.3f |", o.runs, ours, report.gaps.count, report.gapLength / 1000))
    if let t = num("median_s"), let n = num("n_gaps"), let len = num("total_gap_length_m") {
        let crs = peer?["crs"] as? String ?? "UTM"
        print(String(format: "| peer: GeoPandas/Shapely in %@ (median of %d) | %.3f | %.1f | %d | %.3f |",
                     crs, o.peerRuns, t, t / ours, Int(n), len / 1000))
        print("")
        print("peer error against ours (geodesic endpoint displacement; ends of the border excluded):")
        print(String(format: "  gaps matched %d of ours %d (peer %d, of which %d match none of ours)",
                     Int(num("matched") ?? 0), report.gaps.count, Int(n), Int(num("extra") ?? 0)))
        print(String(format: "  endpoint displacement: max %.1f m, median %.1f m, 95th percentile %.1f m",
                     num("disp_max_m") ?? .nan, num("disp_median_m") ?? .nan, num("disp_p95_m") ?? .nan))
        print(String(format: "  gap length: per matched gap max |diff| %.1f m; total %.3f km vs ours %.3f km: %+.1f m (%+.2f %%)",
                     num("len_diff_max_m") ?? .nan, len / 1000, report.gapLength / 1000,
                     num("total_len_diff_m") ?? .nan, num("total_len_diff_pct") ?? .nan))
    } else if o.peer {
        print("| peer: GeoPandas/Shapely | unavailable | | | |")
    }
    if ours > 0.5 {
        print(String(format: "\nNOTE: ours %.3f s is above the 0.5 s target", ours))
    }
}
