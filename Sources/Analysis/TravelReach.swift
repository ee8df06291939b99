import Coordinates
import Domain
import Foundation
import Geodesy

/// The stretches of a border that one patrol reaches within its budget, found by a Dijkstra from
/// that one source that stops once its labels exceed the budget, so each is cheap (a few thousand
/// cells for a few hours on foot) and many run in parallel: a plan's candidate sites.
///
/// Exact: the intervals are those `TravelCoverageAnalysis.run` finds for the source alone (same
/// start label, same edge arithmetic, same sample labels and interpolation, bit for bit). Every
/// cell with label ≤ the budget is settled before the search stops, which decides every sample
/// within the budget; where a covered sample's neighbour along the border is not covered, the
/// interpolated end needs that neighbour's exact label too, so the search goes on until each of
/// its corner cells is settled, or is known unreachable (impassable, or in a component of the
/// passable graph the source does not reach: the 16-move graph between passable cells is
/// symmetric, so its components are computed once, by union–find).
///
/// The union of several sources' intervals lies within their joint coverage (a multi-source
/// label is the least of the single-source labels, and the interpolated f of the least is at most
/// each one's), and differs from it at most between two neighbouring samples where the covering
/// source changes (one sample spacing per end of a chosen interval).
public struct TravelReach: Sendable {
    public let graph: TravelGraph
    public let surface: TerrainSurface
    public let profile: TerrainProfile
    /// Per part, per sample: its four corner cells (flat indices, `TravelTime.label`'s order) and
    /// the straight leg's time (s) from each corner centre to the sample.
    let corners: [[[Int]]]
    let legs: [[[Double]]]
    /// Per cell: its component of the passable graph (−1: impassable).
    let component: [Int32]

    public init(graph: TravelGraph, surface: TerrainSurface, profile: TerrainProfile) {
        self.graph = graph
        self.surface = surface
        self.profile = profile
        let grid = graph.grid
        let geodesic = Geodesic.wgs84
        var corners: [[[Int]]] = [], legs: [[[Double]]] = []
        for samples in profile.parts {
            var cs: [[Int]] = [], ls: [[Double]] = []
            for s in samples {
                guard let k = surface.corners(s.coordinate) else { cs.append([]); ls.append([]); continue }
                let zp = surface.elevation(at: s.coordinate)
                var ci: [Int] = [], li: [Double] = []
                for (r, c) in [(k.r0, k.c0), (k.r0, k.c1), (k.r1, k.c0), (k.r1, k.c1)] {
                    let zc = Double(grid[r, c])
                    ci.append(r * grid.columns + c)
                    li.append(graph.legTime(distance: geodesic.distance(grid.centre(row: r, column: c), s.coordinate), from: zc, to: zp ?? zc))
                }
                cs.append(ci); ls.append(li)
            }
            corners.append(cs); legs.append(ls)
        }
        self.corners = corners
        self.legs = legs
        component = TravelReach.components(graph)
    }

    /// Components of the passable cells under the 16 moves (a move joins two passable cells when
    /// the cells it passes between are passable too; the reverse move passes the same cells).
    static func components(_ graph: TravelGraph) -> [Int32] {
        let rows = graph.grid.rows, columns = graph.grid.columns, n = rows * columns
        var parent = [Int32](repeating: -1, count: n)
        // Half the stencil suffices: each move's reverse joins the same pair.
        let moves = TravelGraph.stencil.filter { $0.dr > 0 || ($0.dr == 0 && $0.dc > 0) }
        graph.passable.withUnsafeBufferPointer { passable in
            parent.withUnsafeMutableBufferPointer { parent in
                for i in 0..<n where passable[i] { parent[i] = Int32(i) }
                func find(_ i: Int) -> Int {
                    var r = i
                    while Int(parent[r]) != r { r = Int(parent[r]) }
                    var j = i
                    while Int(parent[j]) != r { let next = Int(parent[j]); parent[j] = Int32(r); j = next }
                    return r
                }
                for r in 0..<rows {
                    for c in 0..<columns where passable[r * columns + c] {
                        moves: for m in moves {
                            let rr = r + m.dr, cc = c + m.dc
                            guard rr >= 0, rr < rows, cc >= 0, cc < columns, passable[rr * columns + cc] else { continue }
                            for v in m.via {
                                let vr = r + v.dr, vc = c + v.dc
                                if vr < 0 || vr >= rows || vc < 0 || vc >= columns || !passable[vr * columns + vc] { continue moves }
                            }
                            let a = find(r * columns + c), b = find(rr * columns + cc)
                            if a != b { parent[max(a, b)] = Int32(min(a, b)) }
                        }
                    }
                }
                for i in 0..<n where parent[i] >= 0 { parent[i] = Int32(find(i)) }
            }
        }
        return parent
    }

    /// A worker's labels over the grid, reused from source to source (valid where the stamp is
    /// the current run's).
    public struct Scratch {
        var seconds: [Double]
        var seen: [UInt32]
        var settled: [UInt32]
        var run: UInt32 = 0
        public init(cells: Int) {
            seconds = [Double](repeating: .infinity, count: cells)
            seen = [UInt32](repeating: 0, count: cells)
            settled = [UInt32](repeating: 0, count: cells)
        }
    }

    /// The chainage intervals (merged, sorted) of the border that a patrol from `source` reaches
    /// with `budget` seconds, as `TravelCoverageAnalysis.run` decides them when the largest budget
    /// among its sources is `top` (≥ budget: the source starts at top − budget and a sample is
    /// covered when its label is ≤ top).
    public func intervals(from source: Coordinate, budget: Double, top: Double, scratch: inout Scratch) -> [ChainageInterval] {
        let grid = graph.grid
        let rows = grid.rows, columns = grid.columns
        guard grid.contains(source) else { return [] }
        scratch.run &+= 1
        if scratch.run == 0 {
            scratch.seen = [UInt32](repeating: 0, count: scratch.seen.count)
            scratch.settled = [UInt32](repeating: 0, count: scratch.settled.count)
            scratch.run = 1
        }
        let run = scratch.run
        var heap = TravelHeap()
        let c0 = min(max(Int((source.longitude - grid.west) / grid.cellWidth), 0), columns - 1)
        let r0 = min(max(Int((grid.north - source.latitude) / grid.cellHeight), 0), rows - 1)
        let start = r0 * columns + c0
        let t0 = (top - budget) + Geodesic.wgs84.distance(source, grid.centre(row: r0, column: c0)) / graph.parameters.flatSpeed
        scratch.seconds[start] = t0
        scratch.seen[start] = run
        heap.push(t0, Int32(start))

        // The components the source's patrol can enter: its own cell's (when passable), and those
        // of the cells its first moves enter (passable, between passable cells); every other cell
        // it reaches lies in one of them.
        var reachable: Set<Int32> = []
        if component[start] >= 0 { reachable.insert(component[start]) }
        first: for m in TravelGraph.stencil {
            let rr = r0 + m.dr, cc = c0 + m.dc
            guard rr >= 0, rr < rows, cc >= 0, cc < columns, component[rr * columns + cc] >= 0 else { continue }
            for v in m.via {
                let vr = r0 + v.dr, vc = c0 + v.dc
                if vr < 0 || vr >= rows || vc < 0 || vc >= columns || component[vr * columns + vc] < 0 { continue first }
            }
            reachable.insert(component[rr * columns + cc])
        }

        let edges = TravelEdges(graph)

        // Pops and relaxes until the least label exceeds `limit`, or until `done()` (checked after
        // each settled cell), or the heap is empty.
        func search(limit: Double, done: (Int) -> Bool) {
            TravelEdges.withBuffers(graph) { buffers in
                while let top = heap.minKey, top <= limit {
                    let (key, node) = heap.pop()!
                    let i = Int(node)
                    if key > scratch.seconds[i] { continue }
                    if scratch.settled[i] == run { continue }
                    scratch.settled[i] = run
                    edges.relax(i, key, buffers) { j, t in
                        let old = scratch.seen[j] == run ? scratch.seconds[j] : .infinity
                        if t < old {
                            scratch.seconds[j] = t
                            scratch.seen[j] = run
                            heap.push(t, Int32(j))
                        }
                    }
                    if done(i) { return }
                }
            }
        }
        search(limit: top) { _ in false }

        // A sample's label from its settled corners (`TravelTime.label`); nil: none settled.
        func label(_ part: Int, _ k: Int) -> Double? {
            var best: Double?
            for (q, i) in corners[part][k].enumerated() where scratch.settled[i] == run {
                let base = scratch.seconds[i]
                guard base.isFinite else { continue }
                let t = base + legs[part][k][q]
                if best == nil || t < best! { best = t }
            }
            return best
        }
        var f = profile.parts.map { [Double](repeating: .infinity, count: $0.count) }
        var needed: [(part: Int, sample: Int)] = []
        for p in profile.parts.indices {
            let n = profile.parts[p].count
            var covered = [Bool](repeating: false, count: n)
            for k in 0..<n {
                // Only a sample with a corner settled (label ≤ top) can be within the budget.
                guard corners[p][k].contains(where: { scratch.settled[$0] == run }), let t = label(p, k) else { continue }
                f[p][k] = t - top
                covered[k] = f[p][k] <= 0
            }
            for k in 0..<n where !covered[k] && ((k > 0 && covered[k - 1]) || (k + 1 < n && covered[k + 1])) {
                needed.append((p, k))
            }
        }
        if !needed.isEmpty {
            // Settle every reachable passable corner of the uncovered neighbours (others stay +∞:
            // an impassable cell is entered only as the start, an unreachable one never).
            var pending = Set(needed.flatMap { corners[$0.part][$0.sample] }.filter { i in
                scratch.settled[i] != run && component[i] >= 0 && reachable.contains(component[i])
            })
            if !pending.isEmpty {
                search(limit: .infinity) { i in
                    pending.remove(i)
                    return pending.isEmpty
                }
            }
            for (p, k) in needed { f[p][k] = label(p, k).map { $0 - top } ?? .infinity }
        }
        var out: [ChainageInterval] = []
        for p in profile.parts.indices {
            out += TravelCoverageAnalysis.intervals(profile.parts[p].map(\.chainage), f[p])
        }
        return Coverage.merge(out)
    }
}
