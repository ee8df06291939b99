// nroute-bench travel: the travel-time surface over the whole geodata DEM (every cell) from every
// post and settlement of the Kazakh–Kyrgyz border, release build; beside it, in the same run,
// GRASS GIS r.walk (-k: knight's moves, 16 neighbours) on the same grid from the same points.
// See benchmarks/README.md, section "travel".
import Analysis
import Catalog
import Coordinates
import Domain
import Foundation

func runTravelBenchmark(_ args: [String]) {
    var runs = 5
    var grass = true
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--runs" where i + 1 < args.count:
            runs = max(1, Int(args[i + 1]) ?? runs)
            i += 1
        case "--no-grass": grass = false
        default:
            FileHandle.standardError.write("usage: nroute-bench travel [--runs N (5)] [--no-grass]\n".data(using: .utf8)!)
            exit(64)
        }
        i += 1
    }
    do {
        let geodata = try Geodata.locate(nil)
        let border = try geodata.borders().first { $0.id == "kaz-kgz" }!
        let controls = ControlSelection.select(try geodata.checkpoints() + geodata.settlements(), near: border, reach: ControlSelection.defaultReach)
        let grid = try geodata.elevation()
        let lakes = try geodata.lakes()
        let travel = TravelParameters(patrolHours: 4, settlementHours: 2)
        let terrain = TerrainParameters()
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        func cpu() -> Double {
            var u = rusage()
            getrusage(RUSAGE_SELF.rawValue, &u)
            return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
        }
        let budgets = controls.map { ($0.kind.isPost ? travel.patrolHours : travel.settlementHours) * 3600 }
        let top = budgets.max() ?? 0
        let budgeted = zip(controls, budgets).map { TravelSource(coordinate: $0.coordinate, offset: top - $1) }
        let plain = controls.map { TravelSource(coordinate: $0.coordinate) }
        var graphTimes: [Double] = [], solveTimes: [Double] = [], cpuTimes: [Double] = []
        var reached = 0
        for run in 0...runs {  // run 0 warms up
            let t0 = now(), c0 = cpu()
            let surface = TerrainSurface(grid)
            let water = WaterMask.cells(lakes, on: grid)
            let graph = TravelGraph(surface: surface, terrain: terrain, water: water, travel: travel)
            let t1 = now()
            let fields = parallelChunks(2) { k in TravelTime.field(graph, sources: k == 0 ? budgeted : plain) }
            let t2 = now(), c2 = cpu()
            if run > 0 {
                graphTimes.append(t1 - t0)
                solveTimes.append(t2 - t1)
                cpuTimes.append(c2 - c0)
            }
            reached = fields[1].seconds.filter(\.isFinite).count
        }
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        print("travel: \(grid.columns) × \(grid.rows) cells (\(grid.columns * grid.rows)), \(controls.filter { $0.kind.isPost }.count) posts + \(controls.filter { !$0.kind.isPost }.count) settlements of kaz-kgz, \(reached) cells reached; load average \(String(format: "%.2f", load[0]))")
        print(String(format: "graph (passability, lakes, 16-move geodesic tables): median %.3f s wall", median(graphTimes)))
        print(String(format: "two multi-source Dijkstra runs (budgeted + nearest), in parallel: median %.3f s wall; min %.3f, max %.3f s (%d runs)",
                     median(solveTimes), solveTimes.min()!, solveTimes.max()!, runs))
        print(String(format: "total: median %.3f s wall, %.3f s CPU (target <= 2 s wall)", median(zip(graphTimes, solveTimes).map { $0 + $1 }), median(cpuTimes)))
        if grass { try runRWalk(dem: geodata.url(Geodata.elevationFile).path, points: controls.map(\.coordinate)) }
    } catch {
        FileHandle.standardError.write("nroute-bench travel: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}

/// GRASS r.walk on the same DEM (imported whole, region = the DEM), zero friction, knight's moves,
/// from the same points; only r.walk itself is timed (inside GRASS's batch session).
func runRWalk(dem: String, points: [Coordinate]) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nroute-bench-rwalk-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let pts = points.map { "\($0.longitude)|\($0.latitude)" }.joined(separator: "\n") + "\n"
    try pts.write(to: dir.appendingPathComponent("starts.txt"), atomically: true, encoding: .utf8)
    let script = """
        set -e
        r.in.gdal -o input='\(dem)' output=dem --quiet
        g.region raster=dem
        r.mapcalc "zero = 0" --quiet
        v.in.ascii input='\(dir.path)/starts.txt' output=starts x=1 y=2 --quiet
        t0=$(date +%s.%N)
        r.walk -k elevation=dem friction=zero output=cost start_points=starts --quiet 2>/dev/null
        t1=$(date +%s.%N)
        echo "RWALK $t0 $t1"
        """
    try script.write(to: dir.appendingPathComponent("rwalk.sh"), atomically: true, encoding: .utf8)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["grass", "--tmp-location", "EPSG:4326", "--exec", "bash", dir.appendingPathComponent("rwalk.sh").path]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard p.terminationStatus == 0, let line = text.split(separator: "\n").first(where: { $0.hasPrefix("RWALK ") }) else {
        print("GRASS r.walk: did not run (grass missing or failed; scripts/setup.sh --tests installs grass-core)")
        return
    }
    let f = line.split(separator: " ").compactMap { Double($0) }
    print(String(format: "GRASS r.walk -k (same grid, same %d points, its own Naismith–Langmuir cost model): %.3f s wall", points.count, f[1] - f[0]))
}
