import Domain

/// How the plan's controls and candidate sites cover the border: by the post radius (the gaps
/// analysis's geodesic discs, `RadiusPlanCoverage`) or by a patrol's travel time over the DEM
/// (`TravelPlanCoverage`). The planner needs the gaps analysis with a set of controls (before, and
/// after adding the chosen posts, exactly as `nroute gaps` would report it) and each site's own
/// coverage as a new outpost.
public protocol PlanCoverage: Sendable {
    /// The travel model when coverage is by travel time (nil: by the radii).
    var travel: TravelParameters? { get }
    /// The gaps analysis of `border` with `controls`, and its covered chainage intervals (merged, sorted).
    func gaps(border: Border, controls: [ControlPoint], parameters: GapParameters, seizures: [Seizure]) throws
        -> (report: GapReport, covered: [ChainageInterval])
    /// Each site's coverage as a new outpost on `line`: merged, sorted chainage intervals.
    func coverage(of sites: [CandidateSite], controls: [ControlPoint], line: PolylineIndex, parameters: GapParameters) -> [[ChainageInterval]]
}
