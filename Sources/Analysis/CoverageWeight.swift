/// What a covered stretch of border is worth in the plan's objective: a weight per elementary
/// interval of the uncovered border. The planner maximises the sum of the weights of the
/// intervals its new posts cover, so another objective (passable kilometres, coverage by travel
/// time) is another conformance, with no change to the optimisation.
public protocol CoverageWeight: Sendable {
    /// Its name in summaries and layers, e.g. "length".
    var name: String { get }
    /// The unit of the weights, e.g. "km".
    var unit: String { get }
    /// The weight of the stretch [interval] (chainage, metres) of part `part` of `line`: ≥ 0,
    /// and additive (splitting a stretch in two splits its weight in two).
    func weight(of interval: ChainageInterval, part: Int, on line: PolylineIndex) -> Double
}

/// Every kilometre of border counts the same: the objective is the border length newly covered.
public struct LengthWeight: CoverageWeight {
    public init() {}
    public var name: String { "length" }
    public var unit: String { "km" }
    public func weight(of interval: ChainageInterval, part: Int, on line: PolylineIndex) -> Double {
        max(interval.length, 0) / 1000
    }
}
