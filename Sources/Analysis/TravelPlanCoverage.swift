import Domain

/// Coverage by travel time (`--patrol-hours`): the existing controls cover what their patrols
/// reach over the DEM (`TravelCoverageAnalysis`, as `nroute gaps --patrol-hours` computes it), and
/// each candidate site, as a new outpost, the chainage intervals its own patrol reaches within the
/// patrol budget (`TravelReach`: one Dijkstra per site, stopped past the budget, sites in parallel).
public struct TravelPlanCoverage: PlanCoverage {
    public let reach: TravelReach

    public init(profile: TerrainProfile, graph: TravelGraph, surface: TerrainSurface) {
        reach = TravelReach(graph: graph, surface: surface, profile: profile)
    }

    public var parameters: TravelParameters { reach.graph.parameters }
    public var travel: TravelParameters? { parameters }

    public func gaps(border: Border, controls: [ControlPoint], parameters: GapParameters, seizures: [Seizure]) throws
        -> (report: GapReport, covered: [ChainageInterval])
    {
        let report = try TravelCoverageAnalysis.gaps(border: border, controls: controls, parameters: parameters, seizures: seizures,
                                                     profile: reach.profile, graph: reach.graph, surface: reach.surface)
        return (report, report.travel?.coverage.covered ?? [])
    }

    /// The largest budget (s) among `controls` and a new outpost: the label sources are compared
    /// against when they run together (`TravelCoverageAnalysis.run`).
    func top(_ controls: [ControlPoint], _ gaps: GapParameters) -> Double {
        let p = parameters
        let budgets = GapAnalysis.activeControls(controls, gaps).map { ($0.kind.isPost ? p.patrolHours : p.settlementHours) * 3600 }
        return max(p.patrolHours * 3600, budgets.max() ?? 0)
    }

    public func coverage(of sites: [CandidateSite], controls: [ControlPoint], line: PolylineIndex, parameters gaps: GapParameters) -> [[ChainageInterval]] {
        let budget = parameters.patrolHours * 3600, top = top(controls, gaps)
        let workers = chunkCount(sites.count, minimum: 8)
        let chunk = (sites.count + workers - 1) / workers
        let cells = reach.graph.grid.rows * reach.graph.grid.columns
        return parallelChunks(workers) { w in
            let lo = w * chunk, hi = min(sites.count, lo + chunk)
            var scratch = TravelReach.Scratch(cells: cells)
            return (lo..<max(lo, hi)).map { k in reach.intervals(from: sites[k].coordinate, budget: budget, top: top, scratch: &scratch) }
        }.flatMap { $0 }
    }
}
