import Domain

/// Coverage by distance: every control covers the border within its radius (the post radius for
/// posts and new posts, the settlement radius for settlements), the geodesic coverage intervals
/// the gaps analysis computes.
public struct RadiusPlanCoverage: PlanCoverage {
    public init() {}

    public var travel: TravelParameters? { nil }

    public func gaps(border: Border, controls: [ControlPoint], parameters: GapParameters, seizures: [Seizure]) throws
        -> (report: GapReport, covered: [ChainageInterval])
    {
        let report = try GapAnalysis.run(border: border, controls: controls, parameters: parameters, seizures: seizures)
        let line = PolylineIndex(parts: border.parts)
        let active = GapAnalysis.activeControls(controls, parameters)
        return (report, Coverage.intervals(of: line, by: GapAnalysis.discs(active, parameters)))
    }

    public func coverage(of sites: [CandidateSite], controls: [ControlPoint], line: PolylineIndex, parameters: GapParameters) -> [[ChainageInterval]] {
        let workers = chunkCount(sites.count, minimum: 16)
        let chunk = (sites.count + workers - 1) / workers
        return parallelChunks(workers) { w in
            let lo = w * chunk, hi = min(sites.count, lo + chunk)
            return (lo..<max(lo, hi)).map { k -> [ChainageInterval] in
                var out: [ChainageInterval] = []
                Coverage.appendIntervals(of: line, by: CoverageDisc(center: sites[k].coordinate, radius: parameters.postRadius), into: &out)
                return out
            }
        }.flatMap { $0 }
    }
}
