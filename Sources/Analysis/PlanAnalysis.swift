import Coordinates
import Domain
import Foundation
import Geodesy
import Optimization

/// The planner's knobs.
public struct PlanParameters: Sendable {
    /// K: at most this many new posts.
    public var newPosts: Int = 1
    /// With costs: the total cost of the new posts is at most this (nil: no budget).
    public var budget: Double?
    /// Wall-clock seconds each optimisation may take (nil: until proven optimal).
    public var timeLimit: Double?
    /// Stop a search once its relative gap is at most this (0: prove optimality).
    public var relativeGap: Double = 0
    /// Solve k = 1…K for the marginal curve (otherwise K only).
    public var curve = true
    public init() {}
}

public enum PlanError: Error, CustomStringConvertible, Sendable {
    case badRequest(String)
    case solver(String)

    public var description: String {
        switch self {
        case .badRequest(let s): s
        case .solver(let s): s
        }
    }
}

/// One of the new posts the plan chooses.
public struct PlannedPost: Sendable {
    /// 1: the post that adds the most; each next adds the most given those before it.
    public var rank: Int
    public var site: CandidateSite
    /// The weight (objective units: km for length) it adds given the posts ranked before it.
    public var adds: Double
    /// Its coverage of the border: the chainage intervals (m) within the post radius of it, or
    /// that its patrol reaches within the patrol hours.
    public var coverage: [ChainageInterval]
    /// As an outpost (kind outpost, id and name of the site), for the gaps analysis.
    public var control: ControlPoint {
        ControlPoint(id: site.id, name: site.name, kind: .outpost, coordinate: site.coordinate)
    }
}

/// One point of the marginal curve: the optimum with at most k new posts.
public struct PlanCurvePoint: Sendable {
    public var k: Int
    public var status: MIPSolution.Status
    /// The best weight found with ≤ k posts, and the proven bound on it.
    public var optimum: Double
    public var bound: Double
    /// optimum(k) − optimum(k − 1), optimum(0) = 0: what the k-th post closes.
    public var added: Double
    public var seconds: Double
    /// The candidate indices (into `PlanReport.sites`) of this optimum (not nested in k in general).
    public var chosen: [Int]
}

/// Everything a plan finds on one border.
public struct PlanReport: Sendable {
    public var border: Border
    public var parameters: PlanParameters
    public var weightName: String
    public var weightUnit: String
    /// Every candidate site considered, and how many reach some uncovered stretch.
    public var sites: [CandidateSite]
    public var usefulSites: Int
    /// The coverage before (the scenario's controls) and after adding the chosen posts.
    public var before: GapReport
    public var after: GapReport
    /// The uncovered weight before, and the part of it that some candidate can reach.
    public var uncoveredWeight: Double
    public var reachableWeight: Double
    public var chosen: [PlannedPost]
    /// The solve for K (with its status, incumbent, bound, nodes, seconds) and the greedy value
    /// it started from.
    public var solution: MIPSolution
    public var greedyValue: Double
    /// k = 1…K (only K when the curve is off).
    public var curve: [PlanCurvePoint]
    /// Elementary pieces and classes of the instance.
    public var pieceCount: Int
    public var classCount: Int
    /// The integer programme solved for K, for other solvers (`LPFormat`).
    public var model: IntegerProgram
    /// With coverage by travel time: its parameters (nil: coverage by the radii).
    public var travel: TravelParameters?

    /// The plan's value: the weight the chosen posts newly cover.
    public var optimum: Double { solution.objective ?? 0 }
}

/// Where K new posts close the most gap: the exact maximum-coverage optimum over candidate
/// sites, each covering the border within the post radius (the gaps analysis's own coverage
/// intervals), solved as an integer programme by GLPK and seeded with greedy.
public enum PlanAnalysis {
    public static func run(border: Border, controls: [ControlPoint], sites: [CandidateSite], gaps: GapParameters,
                           plan: PlanParameters, weight: any CoverageWeight = LengthWeight(), seizures: [Seizure] = [],
                           coverage model: any PlanCoverage = RadiusPlanCoverage()) throws -> PlanReport {
        guard plan.newPosts >= 1 else { throw PlanError.badRequest("--new-posts must be at least 1, got \(plan.newPosts)") }
        guard !sites.isEmpty else { throw PlanError.badRequest("no candidate sites for border \(border.id)") }
        if let b = plan.budget {
            guard b.isFinite, b >= 0 else { throw PlanError.badRequest("--budget must be a number ≥ 0") }
            guard let cheapest = sites.map(\.cost).min(), cheapest <= b else {
                throw PlanError.badRequest("no candidate site fits the budget \(b) (the cheapest costs \(sites.map(\.cost).min() ?? 0))")
            }
        }
        for s in sites where !(s.cost.isFinite && s.cost >= 0) {
            throw PlanError.badRequest("candidate \(s.id) has cost \(s.cost); costs must be numbers ≥ 0")
        }
        let (before, covered) = try model.gaps(border: border, controls: controls, parameters: gaps, seizures: seizures)
        let line = PolylineIndex(parts: border.parts)
        let uncovered = Coverage.complementByPart(of: covered, along: line)

        // Each site's coverage as a new outpost: the exact geodesic intervals within the post
        // radius, or the intervals its patrol reaches within the patrol hours.
        let siteCoverage = model.coverage(of: sites, controls: controls, line: line, parameters: gaps)

        // The instance over the sites that reach something uncovered.
        let full = MaxCoverage.build(uncovered: uncovered, candidates: siteCoverage, costs: sites.map(\.cost), line: line, weight: weight)
        let useful = sites.indices.filter { !full.instance.covers[$0].isEmpty }
        guard !useful.isEmpty else {
            throw PlanError.badRequest("no candidate site covers any uncovered stretch of border \(border.id) " + (model.travel == nil ? "within the post radius" : "within the patrol hours"))
        }
        var local = [Int](repeating: -1, count: sites.count)
        for (k, j) in useful.enumerated() { local[j] = k }
        let instance = MaxCoverage(weights: full.instance.weights,
                                   coveredBy: full.instance.coveredBy.map { $0.map { local[$0] } },
                                   costs: useful.map { sites[$0].cost })
        let uncoveredWeight = uncovered.reduce(0) { $0 + weight.weight(of: $1.interval, part: $1.part, on: line) }
        let reachable = instance.weights.reduce(0, +)

        func solve(_ k: Int) throws -> (MIPSolution, [Int], Double) {
            let model = instance.model(maxPosts: k, budget: plan.budget, name: "\(border.id) max coverage, K = \(k)")
            let seed = instance.greedy(maxPosts: k, budget: plan.budget)
            let s: MIPSolution
            do {
                s = try GLPKSolver.solve(model, options: MIPOptions(timeLimit: plan.timeLimit, relativeGap: plan.relativeGap, start: instance.solution(seed)))
            } catch {
                throw PlanError.solver("\(error)")
            }
            guard s.objective != nil else {
                // Stopped before the root relaxation was solved: the greedy start is the best
                // found, and the k largest single coverages bound the optimum (coverage is
                // subadditive: f(S) ≤ Σ_{j ∈ S} f({j})).
                let singles = instance.covers.map { $0.reduce(0) { $0 + instance.weights[$1] } }.sorted(by: >)
                let bound = min(instance.weights.reduce(0, +), singles.prefix(k).reduce(0, +))
                let x = instance.solution(seed)
                return (MIPSolution(status: .timeLimited, objective: instance.value(of: seed), bound: max(bound, instance.value(of: seed)), x: x,
                                    rootBound: bound, nodes: 0, seconds: s.seconds), seed, instance.value(of: seed))
            }
            return (s, instance.chosen(in: s.x), instance.value(of: seed))
        }
        let (solution, chosenLocal, greedyValue) = try solve(plan.newPosts)
        let program = instance.model(maxPosts: plan.newPosts, budget: plan.budget, name: "\(border.id) max coverage, K = \(plan.newPosts)")

        var curve: [PlanCurvePoint] = []
        var previous = 0.0
        for k in (plan.curve ? Array(1...plan.newPosts) : [plan.newPosts]) {
            // Once k posts cover everything any candidate reaches, more cannot cover more: the
            // optimum stays, proven by that total (no solve needed).
            if k != plan.newPosts, let last = curve.last, last.status == .optimal, last.optimum >= reachable * (1 - 1e-12) {
                curve.append(PlanCurvePoint(k: k, status: .optimal, optimum: last.optimum, bound: reachable, added: 0, seconds: 0, chosen: last.chosen))
                continue
            }
            let (s, c) = k == plan.newPosts ? (solution, chosenLocal) : try { let r = try solve(k); return (r.0, r.1) }()
            let value = instance.value(of: c)
            curve.append(PlanCurvePoint(k: k, status: s.status, optimum: value, bound: s.bound, added: value - previous,
                                        seconds: s.seconds, chosen: c.map { useful[$0] }))
            previous = value
        }

        let chosen = instance.ranked(chosenLocal).enumerated().map { r, item in
            PlannedPost(rank: r + 1, site: sites[useful[item.candidate]], adds: item.adds, coverage: siteCoverage[useful[item.candidate]])
        }
        let after = try model.gaps(border: border, controls: withNewPosts(controls, chosen.map(\.control)), parameters: gaps, seizures: seizures).report
        return PlanReport(border: border, parameters: plan, weightName: weight.name, weightUnit: weight.unit, sites: sites, usefulSites: useful.count,
                          before: before, after: after, uncoveredWeight: uncoveredWeight, reachableWeight: reachable, chosen: chosen,
                          solution: solution, greedyValue: greedyValue, curve: curve, pieceCount: full.pieces.count,
                          classCount: instance.weights.count, model: program, travel: model.travel)
    }

    /// The controls with the new posts after the existing posts and before the settlements: the
    /// order a scenario gives them when the new posts come in a `--posts` file.
    public static func withNewPosts(_ controls: [ControlPoint], _ posts: [ControlPoint]) -> [ControlPoint] {
        controls.filter { $0.kind.isPost } + posts + controls.filter { !$0.kind.isPost }
    }
}

extension PlanReport {
    /// The integer programme for K in CPLEX LP format (what `--export-model` writes).
    public var modelLP: String { LPFormat.text(model) }
    /// optimal, time-limited, gap-limited.
    public var status: String { solution.status.rawValue }
    /// The solver, e.g. "GLPK 5.0".
    public var solverName: String { "GLPK \(GLPKSolver.version)" }
}

extension PlanCurvePoint {
    public var statusName: String { status.rawValue }
}
