import CGLPK
import Foundation

/// How a search is run.
public struct MIPOptions: Sendable, Hashable {
    /// Wall-clock seconds for the whole solve (root LP and branch-and-bound); nil: no limit.
    public var timeLimit: Double?
    /// Stop once (bound − best) / |best| is at most this (0: prove optimality). GLPK's own
    /// pruning tolerance (`tol_obj`, 1e-7 relative) applies in every case.
    public var relativeGap: Double
    /// A feasible solution to start from (one value per column), handed to the search as its
    /// first incumbent (GLPK's heuristic callback); ignored when infeasible.
    public var start: [Double]?

    public init(timeLimit: Double? = nil, relativeGap: Double = 0, start: [Double]? = nil) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.start = start
    }
}

public enum OptimizationError: Error, CustomStringConvertible, Sendable {
    case invalidProgram(String)
    case solverFailed(String)

    public var description: String {
        switch self {
        case .invalidProgram(let s): "invalid integer programme: \(s)"
        case .solverFailed(let s): "GLPK failed: \(s)"
        }
    }
}

/// Solves an `IntegerProgram` with GLPK (`glp_simplex` for the root relaxation, then
/// `glp_intopt`'s branch-and-cut without its presolver, so the tree works on the very problem
/// given and its node bounds are bounds on that problem's optimum). The proven bound is the best
/// local bound among the active nodes, read by the search callback each time GLPK calls it
/// (`glp_ios_best_node`, `glp_ios_node_bound`), and never looser than the root relaxation's
/// optimum; when the tree closes it equals the incumbent. GLPK keeps its state per thread, so
/// solves on different threads do not interfere; each solve frees that state when it ends.
public enum GLPKSolver {
    /// GLPK's version, e.g. "5.0".
    public static var version: String { String(cString: glp_version()) }

    public static func solve(_ p: IntegerProgram, options: MIPOptions = MIPOptions()) throws -> MIPSolution {
        try validate(p)
        let began = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9 }
        let maximize = p.sense == .maximize
        let n = p.columns.count

        _ = glp_term_out(GLP_OFF)
        guard let lp = glp_create_prob() else { throw OptimizationError.solverFailed("glp_create_prob returned nothing") }
        // The problem, then this thread's GLPK environment (nothing else of GLPK lives in it:
        // this module alone uses GLPK, and each solve is self-contained), so no memory outlives
        // the call, whichever thread made it.
        defer {
            glp_delete_prob(lp)
            glp_free_env()
        }
        glp_set_obj_dir(lp, maximize ? GLP_MAX : GLP_MIN)
        if n > 0 { glp_add_cols(lp, Int32(n)) }
        for (j, c) in p.columns.enumerated() {
            let col = Int32(j + 1)
            glp_set_col_kind(lp, col, c.isInteger ? GLP_IV : GLP_CV)
            let (type, lo, hi) = boundType(c.lower.isFinite ? c.lower : nil, c.upper.isFinite ? c.upper : nil)
            glp_set_col_bnds(lp, col, type, lo, hi)
            glp_set_obj_coef(lp, col, c.objective)
        }
        if !p.rows.isEmpty { glp_add_rows(lp, Int32(p.rows.count)) }
        var ia: [Int32] = [0], ja: [Int32] = [0], ar: [Double] = [0]
        for (i, r) in p.rows.enumerated() {
            let (type, lo, hi) = boundType(r.lower, r.upper)
            glp_set_row_bnds(lp, Int32(i + 1), type, lo, hi)
            for t in r.terms where t.coefficient != 0 {
                ia.append(Int32(i + 1)); ja.append(Int32(t.column + 1)); ar.append(t.coefficient)
            }
        }
        if ia.count > 1 { glp_load_matrix(lp, Int32(ia.count - 1), ia, ja, ar) }

        func remainingMilliseconds() -> Int32 {
            guard let limit = options.timeLimit else { return Int32.max }
            return Int32(max(1, min(Double(Int32.max), (limit - elapsed()) * 1000)))
        }

        // Root relaxation.
        var smcp = glp_smcp()
        glp_init_smcp(&smcp)
        smcp.msg_lev = GLP_MSG_OFF
        smcp.presolve = GLP_OFF
        smcp.tm_lim = remainingMilliseconds()
        let simplex = glp_simplex(lp, &smcp)
        if simplex == GLP_ETMLIM {
            return MIPSolution(status: .timeLimited, objective: nil, bound: maximize ? .infinity : -.infinity, x: [], rootBound: maximize ? .infinity : -.infinity,
                               nodes: 0, seconds: elapsed())
        }
        guard simplex == 0 else { throw OptimizationError.solverFailed("the root relaxation stopped (glp_simplex code \(simplex))") }
        switch glp_get_status(lp) {
        case GLP_OPT: break
        case GLP_NOFEAS:
            return MIPSolution(status: .infeasible, objective: nil, bound: maximize ? -.infinity : .infinity, x: [], rootBound: maximize ? -.infinity : .infinity,
                               nodes: 0, seconds: elapsed())
        default: throw OptimizationError.solverFailed("the root relaxation has no optimum (status \(glp_get_status(lp)))")
        }
        let rootBound = glp_get_obj_val(lp)

        // Branch and bound, seeded with the start solution.
        let state = SearchState(maximize: maximize, start: options.start.flatMap { p.isFeasible($0, tolerance: 1e-9) ? $0 : nil })
        let info = Unmanaged.passRetained(state)
        defer { info.release() }
        var iocp = glp_iocp()
        glp_init_iocp(&iocp)
        iocp.msg_lev = GLP_MSG_OFF
        iocp.presolve = GLP_OFF
        iocp.mip_gap = options.relativeGap
        iocp.tm_lim = remainingMilliseconds()
        iocp.cb_func = searchCallback
        iocp.cb_info = info.toOpaque()
        let ret = glp_intopt(lp, &iocp)

        var x: [Double] = []
        var objective: Double?
        let mipStatus = glp_mip_status(lp)
        if mipStatus == GLP_OPT || mipStatus == GLP_FEAS {
            x = (1...max(n, 1)).prefix(n).map { glp_mip_col_val(lp, Int32($0)) }
            for j in x.indices where p.columns[j].isInteger { x[j] = x[j].rounded() }
            objective = p.objective(of: x)
        } else if let s = state.start {
            x = s
            objective = p.objective(of: s)
        }
        let better: (Double, Double) -> Double = maximize ? { min($0, $1) } : { max($0, $1) }
        var bound = rootBound
        if let b = state.bound { bound = better(bound, b) }
        let status: MIPSolution.Status
        switch ret {
        case 0 where mipStatus == GLP_OPT:
            status = .optimal
            bound = objective ?? bound
        case 0 where mipStatus == GLP_NOFEAS, GLP_ENOPFS:
            status = .infeasible
        case GLP_EMIPGAP:
            status = .gapLimited
        case GLP_ETMLIM:
            status = .timeLimited
        default:
            throw OptimizationError.solverFailed("glp_intopt stopped with code \(ret), status \(mipStatus)")
        }
        if let o = objective { bound = maximize ? max(bound, o) : min(bound, o) }
        return MIPSolution(status: status, objective: objective, bound: bound, x: x, rootBound: rootBound,
                           nodes: max(state.nodes, 1), seconds: elapsed())
    }

    /// GLPK's bound type and values for optional lower and upper bounds.
    static func boundType(_ lo: Double?, _ hi: Double?) -> (Int32, Double, Double) {
        switch (lo, hi) {
        case (nil, nil): (GLP_FR, 0, 0)
        case (let l?, nil): (GLP_LO, l, 0)
        case (nil, let h?): (GLP_UP, 0, h)
        case (let l?, let h?): l == h ? (GLP_FX, l, h) : (GLP_DB, l, h)
        }
    }

    /// GLPK aborts the process on malformed input, so it is refused here first.
    static func validate(_ p: IntegerProgram) throws {
        for c in p.columns {
            guard !c.lower.isNaN, !c.upper.isNaN, c.lower <= c.upper, c.objective.isFinite else {
                throw OptimizationError.invalidProgram("column \(c.name): bounds [\(c.lower), \(c.upper)], objective \(c.objective)")
            }
        }
        for r in p.rows {
            var seen = Set<Int>()
            for t in r.terms {
                guard t.column >= 0, t.column < p.columns.count, t.coefficient.isFinite, seen.insert(t.column).inserted else {
                    throw OptimizationError.invalidProgram("row \(r.name): bad or repeated term for column \(t.column)")
                }
            }
            if let l = r.lower, let h = r.upper, !(l <= h) { throw OptimizationError.invalidProgram("row \(r.name): bounds [\(l), \(h)]") }
            if let l = r.lower, !l.isFinite { throw OptimizationError.invalidProgram("row \(r.name): lower bound \(l)") }
            if let h = r.upper, !h.isFinite { throw OptimizationError.invalidProgram("row \(r.name): upper bound \(h)") }
        }
        guard p.rows.count < Int(Int32.max), p.columns.count < Int(Int32.max) else { throw OptimizationError.invalidProgram("too large") }
    }
}

/// What the search callback keeps between calls.
final class SearchState {
    let maximize: Bool
    let start: [Double]?
    var startOffered = false
    /// The best local bound of the active nodes, at the last call.
    var bound: Double?
    var nodes = 0
    init(maximize: Bool, start: [Double]?) {
        self.maximize = maximize
        self.start = start
    }
}

/// GLPK's search callback: offers the start solution at the first heuristic request, and records
/// the best bound of the active nodes and the tree's size at every call.
private let searchCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void = { tree, info in
    guard let tree, let info else { return }
    let s = Unmanaged<SearchState>.fromOpaque(info).takeUnretainedValue()
    if glp_ios_reason(tree) == GLP_IHEUR, !s.startOffered, let x = s.start {
        s.startOffered = true
        let oneBased = [0] + x
        _ = glp_ios_heur_sol(tree, oneBased)
    }
    let best = glp_ios_best_node(tree)
    if best != 0 { s.bound = glp_ios_node_bound(tree, best) }
    var active: Int32 = 0, current: Int32 = 0, total: Int32 = 0
    glp_ios_tree_size(tree, &active, &current, &total)
    s.nodes = Int(total)
}
