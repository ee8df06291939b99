import Optimization

/// The maximum-coverage problem of a plan, exact and small: the uncovered border is cut at every
/// end of every candidate's coverage interval into elementary pieces, so that each candidate
/// covers each piece wholly or not at all; pieces covered by the same set of candidates are one
/// class (their weights summed), and pieces no candidate reaches are left out (no choice changes
/// them). Choosing at most `maxPosts` candidates (and, with a budget, of total cost at most
/// `budget`) to maximise the weight of the classes they cover is then exactly the plan's question.
///
/// As an integer programme (`model`): binary x_j (candidate j chosen), continuous y_g ∈ [0, 1]
/// (class g covered), maximise Σ w_g y_g subject to y_g ≤ Σ_{j covers g} x_j for every class,
/// Σ x_j ≤ maxPosts and Σ c_j x_j ≤ budget. For integer x, the optimal y_g is min(1, Σ x_j), so
/// the programme's optimum is the coverage optimum.
public struct MaxCoverage: Sendable {
    /// Per class: its weight, and the candidates (indices into `candidates`) that cover it.
    public var weights: [Double]
    public var coveredBy: [[Int]]
    /// Per candidate: the classes it covers, and its cost.
    public var covers: [[Int]]
    public var costs: [Double]

    public init(weights: [Double], coveredBy: [[Int]], costs: [Double]) {
        self.weights = weights
        self.coveredBy = coveredBy
        self.costs = costs
        var covers = [[Int]](repeating: [], count: costs.count)
        for (g, js) in coveredBy.enumerated() { for j in js { covers[j].append(g) } }
        self.covers = covers
    }

    /// The instance of candidates whose coverage intervals (merged, sorted) are `candidates`, on
    /// the uncovered stretches `uncovered` (sorted, disjoint, each within part `part`), weighted
    /// by `weight`. Also returns the elementary pieces with their class (nil: no candidate).
    public static func build(uncovered: [(part: Int, interval: ChainageInterval)], candidates: [[ChainageInterval]], costs: [Double],
                             line: PolylineIndex, weight: any CoverageWeight)
        -> (instance: MaxCoverage, pieces: [(part: Int, interval: ChainageInterval, weight: Double, coveredBy: [Int])])
    {
        // Every candidate interval end inside an uncovered stretch is a cut.
        var ends: [Double] = []
        for ivs in candidates { for iv in ivs { ends.append(iv.start); ends.append(iv.end) } }
        ends.sort()
        var pieces: [(part: Int, interval: ChainageInterval, weight: Double, coveredBy: [Int])] = []
        var e = 0
        for (part, u) in uncovered where u.end > u.start {
            while e < ends.count && ends[e] <= u.start { e += 1 }
            var cursor = u.start
            var f = e
            while f < ends.count && ends[f] < u.end {
                if ends[f] > cursor {
                    let iv = ChainageInterval(start: cursor, end: ends[f])
                    pieces.append((part, iv, weight.weight(of: iv, part: part, on: line), []))
                    cursor = ends[f]
                }
                f += 1
            }
            let iv = ChainageInterval(start: cursor, end: u.end)
            pieces.append((part, iv, weight.weight(of: iv, part: part, on: line), []))
        }
        // Which candidates cover each piece: a piece lies wholly inside or wholly outside each
        // candidate interval, so its midpoint decides.
        let starts = pieces.map(\.interval.start)
        for (j, ivs) in candidates.enumerated() {
            for iv in ivs {
                var k = lowerBound(starts, iv.start)
                while k < pieces.count && pieces[k].interval.end <= iv.end {
                    let mid = (pieces[k].interval.start + pieces[k].interval.end) / 2
                    if mid >= iv.start && mid <= iv.end { pieces[k].coveredBy.append(j) }
                    k += 1
                }
            }
        }
        // Classes: pieces with the same covering set.
        var classOf: [[Int]: Int] = [:]
        var weights: [Double] = []
        var coveredBy: [[Int]] = []
        for k in pieces.indices where !pieces[k].coveredBy.isEmpty {
            let key = pieces[k].coveredBy
            if let g = classOf[key] {
                weights[g] += pieces[k].weight
            } else {
                classOf[key] = weights.count
                weights.append(pieces[k].weight)
                coveredBy.append(key)
            }
        }
        return (MaxCoverage(weights: weights, coveredBy: coveredBy, costs: costs), pieces)
    }

    static func lowerBound(_ a: [Double], _ x: Double) -> Int {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The weight covered by the candidates `chosen`.
    public func value(of chosen: [Int]) -> Double {
        var covered = [Bool](repeating: false, count: weights.count)
        for j in chosen { for g in covers[j] { covered[g] = true } }
        return zip(weights, covered).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
    }

    /// What `j` adds to the weight already covered (`covered`).
    func gain(_ j: Int, _ covered: [Bool]) -> Double {
        covers[j].reduce(0) { $0 + (covered[$1] ? 0 : weights[$1]) }
    }

    /// Greedy: repeatedly the affordable candidate adding the most weight (per unit cost when a
    /// budget is given), until `maxPosts` are chosen or none adds anything. With a budget, the
    /// better of that and the best single affordable candidate. A feasible start, no more.
    public func greedy(maxPosts: Int, budget: Double?) -> [Int] {
        var covered = [Bool](repeating: false, count: weights.count)
        var chosen: [Int] = []
        var spent = 0.0
        var open = Set(costs.indices)
        while chosen.count < maxPosts {
            var best: (j: Int, score: Double)?
            for j in open where budget.map({ spent + costs[j] <= $0 }) ?? true {
                let g = gain(j, covered)
                guard g > 0 else { continue }
                let score = budget == nil ? g : g / max(costs[j], 1e-12)
                if best == nil || score > best!.score || (score == best!.score && j < best!.j) { best = (j, score) }
            }
            guard let b = best else { break }
            chosen.append(b.j)
            open.remove(b.j)
            spent += costs[b.j]
            for g in covers[b.j] { covered[g] = true }
        }
        if let budget, maxPosts >= 1 {
            let empty = [Bool](repeating: false, count: weights.count)
            if let single = costs.indices.filter({ costs[$0] <= budget }).max(by: { gain($0, empty) < gain($1, empty) || (gain($0, empty) == gain($1, empty) && $0 > $1) }),
               gain(single, empty) > value(of: chosen) {
                return [single]
            }
        }
        return chosen
    }

    /// The chosen candidates in the order that adds the most at each step (ties: lower index),
    /// with what each adds given those before it. The adds sum to `value(of: chosen)`.
    public func ranked(_ chosen: [Int]) -> [(candidate: Int, adds: Double)] {
        var covered = [Bool](repeating: false, count: weights.count)
        var left = chosen.sorted()
        var out: [(candidate: Int, adds: Double)] = []
        while !left.isEmpty {
            let k = left.indices.max { gain(left[$0], covered) < gain(left[$1], covered) || (gain(left[$0], covered) == gain(left[$1], covered) && left[$0] > left[$1]) }!
            let j = left.remove(at: k)
            out.append((j, gain(j, covered)))
            for g in covers[j] { covered[g] = true }
        }
        return out
    }

    /// The integer programme (columns x_0…x_{n−1}, then y_0…y_{m−1}).
    public func model(maxPosts: Int, budget: Double?, name: String = "max-coverage") -> IntegerProgram {
        var columns = costs.indices.map { IntegerProgram.Column.binary("x\($0 + 1)") }
        columns += weights.indices.map { IntegerProgram.Column(name: "y\($0 + 1)", lower: 0, upper: 1, objective: weights[$0]) }
        let n = costs.count
        var rows = coveredBy.enumerated().map { g, js in
            IntegerProgram.Row(name: "cover\(g + 1)", terms: [.init(n + g, 1)] + js.map { .init($0, -1) }, upper: 0)
        }
        rows.append(.init(name: "posts", terms: costs.indices.map { .init($0, 1) }, upper: Double(maxPosts)))
        if let budget {
            rows.append(.init(name: "budget", terms: costs.indices.map { .init($0, costs[$0]) }, upper: budget))
        }
        return IntegerProgram(name: name, sense: .maximize, columns: columns, rows: rows)
    }

    /// `chosen` as a solution of `model`.
    public func solution(_ chosen: [Int]) -> [Double] {
        var x = [Double](repeating: 0, count: costs.count + weights.count)
        for j in chosen {
            x[j] = 1
            for g in covers[j] { x[costs.count + g] = 1 }
        }
        return x
    }

    /// The candidates a solution of `model` chooses.
    public func chosen(in x: [Double]) -> [Int] {
        costs.indices.filter { x.indices.contains($0) && x[$0] > 0.5 }
    }
}
