import Optimization
import TestSupport
import XCTest

/// The GLPK wrapper against brute force: random 0/1 knapsacks with a cardinality row, small
/// enough (≤ 14 items) to enumerate every subset.
final class GLPKSolverTests: XCTestCase {
    /// max Σ v_j x_j s.t. Σ w_j x_j ≤ W, Σ x_j ≤ K, x binary.
    func knapsack(_ values: [Double], _ weights: [Double], capacity: Double, count: Double) -> IntegerProgram {
        let cols = values.indices.map { IntegerProgram.Column.binary("x\($0)", objective: values[$0]) }
        return IntegerProgram(name: "knapsack", sense: .maximize, columns: cols, rows: [
            .init(name: "capacity", terms: weights.indices.map { .init($0, weights[$0]) }, upper: capacity),
            .init(name: "count", terms: values.indices.map { .init($0, 1) }, upper: count),
        ])
    }

    func bruteForce(_ values: [Double], _ weights: [Double], capacity: Double, count: Int) -> Double {
        var best = 0.0
        for mask in 0..<(1 << values.count) where mask.nonzeroBitCount <= count {
            var v = 0.0, w = 0.0
            for j in values.indices where mask & (1 << j) != 0 { v += values[j]; w += weights[j] }
            if w <= capacity + 1e-9 { best = max(best, v) }
        }
        return best
    }

    func testRandomKnapsacksMatchBruteForce() throws {
        var rng = TestRandom(seed: 15)
        for _ in 0..<60 {
            let n = Int(rng.uniform(1, 15))
            let values = (0..<n).map { _ in rng.uniform(0.1, 20).rounded() / 4 }
            let weights = (0..<n).map { _ in rng.uniform(1, 10).rounded() }
            let capacity = rng.uniform(0, weights.reduce(0, +)).rounded()
            let count = Int(rng.uniform(1, Double(n) + 1))
            let p = knapsack(values, weights, capacity: capacity, count: Double(count))
            let s = try GLPKSolver.solve(p)
            let exact = bruteForce(values, weights, capacity: capacity, count: count)
            XCTAssertEqual(s.status, .optimal)
            // GLPK prunes at a relative tolerance of 1e-7: the optimum is exact to that.
            XCTAssertEqual(try XCTUnwrap(s.objective), exact, accuracy: 1e-7 * max(1, exact))
            XCTAssertEqual(s.bound, exact, accuracy: 1e-7 * max(1, exact))
            XCTAssertTrue(p.isFeasible(s.x))
            XCTAssertGreaterThanOrEqual(s.rootBound, exact - 1e-9, "the relaxation bounds the optimum")
        }
    }

    func testInfeasibleProgramIsReported() throws {
        let p = IntegerProgram(name: "none", sense: .maximize, columns: [.binary("x", objective: 1)],
                               rows: [.init(name: "r", terms: [.init(0, 1)], lower: 2)])
        XCTAssertEqual(try GLPKSolver.solve(p).status, .infeasible)
    }

    func testRepeatedTermIsRefusedBeforeGLPKSeesIt() {
        let p = IntegerProgram(name: "bad", sense: .maximize, columns: [.binary("x", objective: 1)],
                               rows: [.init(name: "r", terms: [.init(0, 1), .init(0, 2)], upper: 1)])
        XCTAssertThrowsError(try GLPKSolver.solve(p))
    }

    /// A hard knapsack (many equal-ratio items, odd capacity) stopped by a tiny time limit: the
    /// incumbent is the start given (or better), and the bound is a true bound on the optimum.
    func testTimeLimitKeepsIncumbentAndValidBound() throws {
        var rng = TestRandom(seed: 7)
        let n = 60
        let weights = (0..<n).map { _ in 2 * rng.uniform(1000, 2000).rounded() }
        let values = weights.map { $0 + 1 }
        let capacity = weights.reduce(0, +) / 2 + 1
        let p = knapsack(values, weights, capacity: capacity, count: Double(n))
        var start = [Double](repeating: 0, count: n)
        var used = 0.0
        for j in 0..<n where used + weights[j] <= capacity { start[j] = 1; used += weights[j] }
        let s = try GLPKSolver.solve(p, options: MIPOptions(timeLimit: 0.05, start: start))
        let o = try XCTUnwrap(s.objective)
        XCTAssertGreaterThanOrEqual(o, p.objective(of: start) - 1e-9)
        XCTAssertTrue(p.isFeasible(s.x))
        XCTAssertGreaterThanOrEqual(s.bound, o)
        XCTAssertLessThanOrEqual(s.bound, s.rootBound + 1e-9)
        if s.status == .optimal { XCTAssertEqual(s.bound, o, accuracy: 1e-6 * o) } else { XCTAssertEqual(s.status, .timeLimited) }
    }

    func testLPTextNamesEverySection() {
        let p = knapsack([1.5, 2], [3, 4], capacity: 5, count: 1)
        let t = LPFormat.text(p)
        for s in ["Maximize\n obj: + 1.5 x0 + 2 x1\n", "Subject To\n", " capacity: + 3 x0 + 4 x1 <= 5\n", " count: + 1 x0 + 1 x1 <= 1\n",
                  "Bounds\n 0 <= x0 <= 1\n", "General\n x0 x1\n", "End\n"] {
            XCTAssertTrue(t.contains(s), "missing \(s.debugDescription) in\n\(t)")
        }
    }
}
