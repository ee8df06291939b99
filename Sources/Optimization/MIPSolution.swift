/// What a solver found for an `IntegerProgram`.
public struct MIPSolution: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// The incumbent is optimal: the search closed (to the requested relative gap, 0 by default).
        case optimal
        /// The time limit stopped the search: `objective` is the best found, `bound` the proven bound.
        case timeLimited = "time-limited"
        /// The relative gap tolerance was reached before the search closed.
        case gapLimited = "gap-limited"
        /// No solution satisfies the constraints.
        case infeasible
    }

    public var status: Status
    /// The objective value of `x` (the incumbent); nil when none was found.
    public var objective: Double?
    /// A proven bound on the optimum: no feasible solution is better (for a maximisation, an
    /// upper bound). Equal to `objective` (to the solver's tolerance) when optimal.
    public var bound: Double
    /// One value per column (empty when no solution was found).
    public var x: [Double]
    /// The LP relaxation's optimum at the root: a bound too, usually weaker.
    public var rootBound: Double
    /// Branch-and-bound nodes the search created (1 when the root closed it).
    public var nodes: Int
    /// Wall-clock seconds the solver took.
    public var seconds: Double

    public init(status: Status, objective: Double?, bound: Double, x: [Double], rootBound: Double, nodes: Int, seconds: Double) {
        self.status = status
        self.objective = objective
        self.bound = bound
        self.x = x
        self.rootBound = rootBound
        self.nodes = nodes
        self.seconds = seconds
    }

    /// |bound − objective| / max(|objective|, 1e-9): 0 when optimal.
    public var relativeGap: Double {
        guard let o = objective else { return .infinity }
        return abs(bound - o) / max(abs(o), 1e-9)
    }
}
