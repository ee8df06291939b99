// nroute-bench terrain: the terrain profile (elevation, slope, passable length) of every geodata
// border the embedded DEM covers, release build. See benchmarks/README.md, section "terrain".
import Analysis
import Catalog
import Domain
import Foundation

func runTerrainBenchmark(_ args: [String]) {
    var runs = 11
    var sets = ["borders.geojson", "borders-ne.geojson"]
    var i = 0
    while i < args.count {
        switch args[i] {
        case "--runs" where i + 1 < args.count:
            runs = max(1, Int(args[i + 1]) ?? runs)
            i += 1
        case "--default-only": sets = ["borders.geojson"]
        default:
            FileHandle.standardError.write("usage: nroute-bench terrain [--runs N (11)] [--default-only]\n".data(using: .utf8)!)
            exit(64)
        }
        i += 1
    }
    do {
        let geodata = try Geodata.locate(nil)
        let borders = try sets.flatMap { try BorderCatalog.read(geodata.url($0)) }
        func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
        func cpu() -> Double {
            var u = rusage()
            getrusage(RUSAGE_SELF.rawValue, &u)
            return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
        }
        var readTimes: [Double] = [], profileTimes: [Double] = [], cpuTimes: [Double] = []
        var covered: [TerrainProfile] = []
        for run in 0...runs {  // run 0 warms up
            let t0 = now()
            let grid = try geodata.elevation()
            let surface = TerrainSurface(grid)
            let t1 = now(), c1 = cpu()
            let profiles = parallelChunks(borders.count) { k in
                TerrainAnalysis.profile(border: borders[k], surface: surface, parameters: TerrainParameters())
            }
            let t2 = now(), c2 = cpu()
            if run > 0 {
                readTimes.append(t1 - t0)
                profileTimes.append(t2 - t1)
                cpuTimes.append(c2 - c1)
            }
            covered = profiles.compactMap { $0 }
        }
        func median(_ v: [Double]) -> Double { let s = v.sorted(); return s[s.count / 2] }
        let samples = covered.reduce(0) { $0 + $1.parts.reduce(0) { $0 + $1.count } }
        let km = covered.reduce(0) { $0 + $1.total.dataLength } / 1000
        print("terrain: \(covered.count) of \(borders.count) borders (\(sets.joined(separator: " + "))) reach the DEM; \(samples) samples, \(String(format: "%.1f", km)) km with data")
        for p in covered {
            print(String(format: "  %-10@ %8.1f km on the DEM, passable %7.1f km, spacing %.1f m", p.borderID as NSString, p.total.dataLength / 1000, p.total.passableLength / 1000, p.spacing))
        }
        print(String(format: "profile (surface prepared): median %.4f s wall, %.4f s CPU; min %.4f, max %.4f s (%d runs)",
                     median(profileTimes), median(cpuTimes), profileTimes.min()!, profileTimes.max()!, runs))
        print(String(format: "DEM read through GDAL + surface: median %.4f s wall", median(readTimes)))
        print(String(format: "total: median %.4f s wall (target <= 0.2 s for the profile)", median(zip(readTimes, profileTimes).map { $0 + $1 })))
    } catch {
        FileHandle.standardError.write("nroute-bench terrain: \(error)\n".data(using: .utf8)!)
        exit(1)
    }
}
