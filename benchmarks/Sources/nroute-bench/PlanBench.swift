// nroute-bench plan: `nroute plan --border kgz --new-posts 10` with 1 km candidate spacing, end
// to end in the library (candidate sites, their coverage, the instance, GLPK to proven
// optimality), beside HiGHS (benchmarks/plan_peer.py) on the very same model (the LP file GLPK's
// model is written to), in the same invocation. See benchmarks/README.md, section "plan".
import Analysis
import Catalog
import Domain
import Foundation

private struct PlanBenchOptions {
    var border = "kgz"
    var k = 10
    var spacing = 1_000.0
    var runs = 5
    var peerRuns = 5
    var peer = true
    var python = "python3"
    var dataDir = "benchmarks/data"
    var objectives = ["length", "travel"]
    var patrolHours = 4.0

    init(_ args: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else { planBenchUsage("missing value for \(args[i - 1])") }
            return args[i]
        }
        func int(_ s: String) -> Int {
            guard let v = Int(s), v > 0 else { planBenchUsage("not a positive integer: \(s)") }
            return v
        }
        while i < args.count {
            switch args[i] {
            case "--border": border = value()
            case "--k": k = int(value())
            case "--spacing-km":
                guard let v = Double(value()), v > 0 else { planBenchUsage("--spacing-km needs a positive number") }
                spacing = v * 1000
            case "--runs": runs = int(value())
            case "--peer-runs": peerRuns = int(value())
            case "--no-peer": peer = false
            case "--python": python = value()
            case "--data-dir": dataDir = value()
            case "--objective":
                let v = value()
                guard ["length", "travel", "both"].contains(v) else { planBenchUsage("--objective must be length, travel or both") }
                objectives = v == "both" ? ["length", "travel"] : [v]
            case "--patrol-hours":
                guard let v = Double(value()), v > 0, v <= 1000 else { planBenchUsage("--patrol-hours needs a number in (0, 1000]") }
                patrolHours = v
            case "-h", "--help": planBenchUsage(nil)
            default: planBenchUsage("unknown option \(args[i])")
            }
            i += 1
        }
    }
}

private func planBenchUsage(_ error: String?) -> Never {
    let text = """
        usage: nroute-bench plan [--border ID] [--k N] [--spacing-km X] [--runs N] [--peer-runs N]
                                 [--no-peer] [--python PATH] [--data-dir DIR]
                                 [--objective length|travel|both] [--patrol-hours H]
        defaults: border kgz (geodata's default border set), K = 10, 1 km spacing, 2 km set-back,
                  5 runs, peer 5 runs, both objectives: length (the post radius) and travel
                  (coverage by travel time over geodata's DEM, a 4-hour patrol on foot, settlements
                  half of it), the models written to benchmarks/data/plan-<border>[-travel].lp

        """
    if let error {
        FileHandle.standardError.write("nroute-bench plan: \(error)\n\(text)".data(using: .utf8)!)
        exit(64)
    }
    print(text, terminator: "")
    exit(0)
}

private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

private func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
}

private func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

private func planPeerScript() -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/benchmarks/plan_peer.py"
    if FileManager.default.fileExists(atPath: cwd) { return cwd }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("plan_peer.py").path
}

private func measure(_ o: PlanBenchOptions, border: Border, lp: String, _ run: () throws -> PlanReport) throws {
    var walls: [Double] = [], solves: [Double] = [], cpus: [Double] = []
    var last: PlanReport?
    for _ in 0..<o.runs {
        let t0 = now(), c0 = cpuSeconds()
        let r = try run()
        walls.append(now() - t0)
        cpus.append(cpuSeconds() - c0)
        solves.append(r.solution.seconds)
        last = r
    }
    guard let r = last else { return }
    print(String(format: "ours (%@): %@, optimum %.6f km (bound %.6f), %d candidates, %d classes, %d nodes",
                 r.solverName, r.status, r.optimum, r.solution.bound, r.usefulSites, r.classCount, r.solution.nodes))
    print(String(format: "  end to end (sites, coverage, instance, solve): median %.3f s wall (min %.3f, max %.3f), median %.3f s CPU",
                 median(walls), walls.min()!, walls.max()!, median(cpus)))
    print(String(format: "  GLPK solve alone: median %.3f s (min %.3f, max %.3f)", median(solves), solves.min()!, solves.max()!))
    print(String(format: "  target (the length objective's): proven optimal in ≤ 5 s: %@", r.status == "optimal" && median(walls) <= 5 ? "met" : "NOT met"))

    try FileManager.default.createDirectory(atPath: o.dataDir, withIntermediateDirectories: true)
    try r.modelLP.write(toFile: lp, atomically: true, encoding: .utf8)
    guard o.peer else { return }
    let proc = Process()
    proc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    proc.arguments = [o.python, planPeerScript(), "--model", lp, "--runs", String(o.peerRuns)]
    let out = Pipe()
    proc.standardOutput = out
    try proc.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    proc.waitUntilExit()
    guard proc.terminationStatus == 0,
          let lastLine = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
          let peer = try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any] else {
        print("peer: failed (status \(proc.terminationStatus); pip install -r benchmarks/requirements.txt?)")
        return
    }
    let num = { (k: String) in (peer[k] as? NSNumber)?.doubleValue ?? .nan }
    print(String(format: "HiGHS %@ on the same model: %@, optimum %.6f km, |Δ| = %.2e km; solve median %.3f s wall (min %.3f, max %.3f), read %.3f s, %d threads",
                 peer["version"] as? String ?? "?", peer["status"] as? String ?? "?", num("objective"), abs(num("objective") - r.optimum),
                 num("median_s"), num("min_s"), num("max_s"), num("read_s"), Int(num("threads"))))
}

func runPlanBenchmark(_ args: [String]) {
    let o = PlanBenchOptions(args)
    do {
        // The scenario `nroute plan --border kgz` builds: geodata's border, the checkpoints and
        // settlements within the control reach of its line, default radii.
        let geodata = try Geodata.locate()
        let border = try BorderCatalog.select(o.border, from: try geodata.borders())[0]
        let gaps = GapParameters()
        let reach = ControlSelection.effectiveReach(ControlSelection.defaultReach, gaps)
        let controls = ControlSelection.select(try geodata.checkpoints() + (try geodata.settlements()), near: border, reach: reach)
        let countries = try geodata.countries()
        var plan = PlanParameters()
        plan.newPosts = o.k
        plan.curve = false
        print("plan benchmark: \(border.id), K = \(o.k), candidate spacing \(o.spacing / 1000) km, set-back \(BorderSites.defaultSetback / 1000) km, \(controls.count) controls, \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // Travel time: geodata's DEM (the whole grid; `nroute plan` reads only the window around
        // the border, so this is the larger graph), its lakes, the border's terrain profile.
        let grid = o.objectives.contains("travel") ? try geodata.elevation() : nil
        let lakes = o.objectives.contains("travel") ? try geodata.lakes() : []
        for objective in o.objectives {
            let travel = TravelParameters(patrolHours: o.patrolHours, settlementHours: o.patrolHours / 2)
            if objective == "travel", let grid {
                print("travel objective: patrol \(o.patrolHours) h on foot, settlements \(o.patrolHours / 2) h, DEM \(grid.columns) × \(grid.rows) cells")
                // The candidates' reach alone (one bounded Dijkstra per site, sites in parallel).
                let surface = TerrainSurface(grid)
                let graph = TravelGraph(surface: surface, terrain: TerrainParameters(), water: WaterMask.cells(lakes, on: grid), travel: travel)
                if let profile = TerrainAnalysis.profile(border: border, surface: surface, parameters: TerrainParameters()) {
                    let t0 = now()
                    let model = TravelPlanCoverage(profile: profile, graph: graph, surface: surface)
                    let initTime = now() - t0
                    let sites = BorderSites.along(border, side: "KAZ", countries: countries, spacing: o.spacing, setback: BorderSites.defaultSetback).sites
                    var walls: [Double] = [], cpus: [Double] = []
                    for _ in 0..<o.runs {
                        let t1 = now(), c1 = cpuSeconds()
                        _ = model.coverage(of: sites, controls: controls, line: PolylineIndex(parts: border.parts), parameters: gaps)
                        walls.append(now() - t1)
                        cpus.append(cpuSeconds() - c1)
                    }
                    print(String(format: "  the %d sites' reach alone: median %.3f s wall (min %.3f), %.3f s CPU; its set-up (sample corners, components of the passable graph) %.3f s",
                                 sites.count, median(walls), walls.min()!, median(cpus), initTime))
                }
            } else {
                print("length objective: post radius \(gaps.postRadius / 1000) km")
            }
            try measure(o, border: border, lp: "\(o.dataDir)/plan-\(border.id)\(objective == "travel" ? "-travel" : "").lp") { () throws -> PlanReport in
                let sites = BorderSites.along(border, side: "KAZ", countries: countries, spacing: o.spacing, setback: BorderSites.defaultSetback).sites
                guard objective == "travel", let grid else {
                    return try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: gaps, plan: plan)
                }
                let surface = TerrainSurface(grid)
                let graph = TravelGraph(surface: surface, terrain: TerrainParameters(), water: WaterMask.cells(lakes, on: grid), travel: travel)
                guard let profile = TerrainAnalysis.profile(border: border, surface: surface, parameters: TerrainParameters()) else {
                    throw PlanError.badRequest("the DEM does not reach \(border.id)")
                }
                let model = TravelPlanCoverage(profile: profile, graph: graph, surface: surface)
                return try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: gaps, plan: plan, coverage: model)
            }
        }
    } catch {
        print("plan benchmark failed: \(error)")
        exit(70)
    }
}
