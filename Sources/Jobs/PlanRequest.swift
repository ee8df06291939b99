import Analysis
import Foundation

/// What `nroute plan` asks beyond the scenario: where new posts may go, how many, at what cost,
/// and how long the solver may search. Distances in metres.
public struct PlanRequest: Sendable {
    public enum Candidates: Sendable, Hashable {
        /// Sites set back from the border line every `spacing` metres (`BorderSites`).
        case border(spacing: Double, setback: Double)
        /// Geodata's settlements on the side's territory within the control reach of the line.
        case settlements
        /// A user's point file (CSV or GeoJSON); `costColumn` names each site's cost.
        case file(String, costColumn: String?)
    }

    /// What a newly covered stretch is worth: its length, or (with a DEM) its passable length;
    /// `travel` is the length newly reached by travel time (needs a DEM and the scenario's travel
    /// parameters, `--patrol-hours`). With travel parameters, coverage is by travel time whatever
    /// the objective (as in `nroute gaps`), so `length` then counts the same kilometres as `travel`.
    public enum Objective: String, Sendable, Hashable, CaseIterable {
        case length
        case passable
        case travel
    }

    public var objective = Objective.length
    public var candidates: Candidates = .border(spacing: BorderSites.defaultSpacing, setback: BorderSites.defaultSetback)
    /// ISO3 of the country whose side of the border the new posts are on.
    public var side = "KAZ"
    public var plan = PlanParameters()
    /// Where to write the integer programme in CPLEX LP format (nil: not written).
    public var exportModel: String?

    public init() {}
}
