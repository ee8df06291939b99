// nroute-bench: release-build benchmarks. Each benchmark lives in its own file; see benchmarks/README.md.
//   swift run -c release nroute-bench geojson [--points N]
//   swift run -c release nroute-bench gaps
//   swift run -c release nroute-bench seizures
//   swift run -c release nroute-bench plan
//   swift run -c release nroute-bench terrain
//   swift run -c release nroute-bench travel [--runs N] [--no-grass]
import Foundation

let args = Array(CommandLine.arguments.dropFirst())
guard let which = args.first else {
    FileHandle.standardError.write("usage: nroute-bench geojson|gaps|seizures|plan|terrain|travel [options]\n".data(using: .utf8)!)
    exit(64)
}
let rest = Array(args.dropFirst())
switch which {
case "geojson": runGeoJSONBenchmark(rest)
case "gaps": runGapsBenchmark(rest)
case "seizures": runSeizuresBenchmark(rest)
case "plan": runPlanBenchmark(rest)
case "terrain": runTerrainBenchmark(rest)
case "travel": runTravelBenchmark(rest)
default:
    FileHandle.standardError.write("nroute-bench: unknown benchmark '\(which)'\n".data(using: .utf8)!)
    exit(64)
}
