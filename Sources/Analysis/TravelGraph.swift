import Coordinates
import Domain
import Foundation
import Geodesy

/// The grid graph travel times are computed on: one node per cell of an elevation grid, edges to
/// 16 neighbours (the 8 around a cell and the 8 knight's moves), each as long as the geodesic
/// between the two cell centres (Karney's inverse on WGS84; one table per grid row, since it
/// depends only on the row and the move) and as slow as Tobler's function at the gradient between
/// the two cells' elevations (`TravelParameters.speed`; climbing and descending differ).
///
/// A cell is impassable when it has no value, lies above `TerrainParameters.maxElevation`, is
/// steeper than `maxSlope` (its steepest slope from the DEM gradient, as `TerrainSurface`
/// computes it) or is water (`WaterMask`). No edge enters an impassable cell, and a diagonal or
/// knight's move also needs the cells it passes between to be passable (it cannot squeeze between
/// two peaks or past a lake shore).
///
/// Discretisation: on flat ground the shortest grid path is longer than the straight line by at
/// most 1/cos(½·θ) − 1, θ the widest angle between two neighbouring moves: with 16 neighbours on
/// square cells θ = atan(1/2) ≈ 26.6°, 2.7 % (8 neighbours: θ = 45°, 8.2 %); on 15″ cells at 42° N
/// (344 m east–west, 463 m north–south) θ ≈ 34°, 4.5 %. Measured in `TravelTimeOracleTests`:
/// 4.51 % at 42° N, 2.78 % at the equator.
public struct TravelGraph: Sendable {
    /// A move: row and column offsets, and the cells it passes between (offsets; none for the
    /// four orthogonal moves).
    public struct Move: Sendable {
        public var dr: Int
        public var dc: Int
        public var via: [(dr: Int, dc: Int)]
    }

    /// The 16 moves.
    public static let stencil: [Move] = {
        var moves: [Move] = []
        for (dr, dc) in [(0, 1), (0, -1), (1, 0), (-1, 0)] { moves.append(Move(dr: dr, dc: dc, via: [])) }
        for dr in [-1, 1] { for dc in [-1, 1] { moves.append(Move(dr: dr, dc: dc, via: [(dr, 0), (0, dc)])) } }
        for dr in [-1, 1] { for dc in [-2, 2] { moves.append(Move(dr: dr, dc: dc, via: [(0, dc / 2), (dr, dc / 2)])) } }
        for dr in [-2, 2] { for dc in [-1, 1] { moves.append(Move(dr: dr, dc: dc, via: [(dr / 2, 0), (dr / 2, dc)])) } }
        return moves
    }()

    public let grid: ElevationGrid
    public let parameters: TravelParameters
    /// Per cell: whether travel may enter it.
    public let passable: [Bool]
    /// Geodesic length (m) of move k from a cell of row r: distances[r · 16 + k] (NaN off the grid).
    let distances: [Double]

    public init(surface: TerrainSurface, terrain: TerrainParameters, water: [Bool], travel: TravelParameters) {
        let grid = surface.grid
        precondition(water.isEmpty || water.count == grid.samples.count, "TravelGraph: water mask size")
        self.grid = grid
        self.parameters = travel
        let maxSlope = tan(terrain.maxSlope * .pi / 180)
        let rows = grid.rows, columns = grid.columns
        let passableRows = parallelChunks(rows) { r -> [Bool] in
            (0..<columns).map { c in
                let z = grid[r, c]
                if z.isNaN || Double(z) > terrain.maxElevation { return false }
                if !water.isEmpty && water[r * columns + c] { return false }
                let g = surface.gradient(row: r, column: c)
                let s = hypot(g.east, g.north)
                return !s.isNaN && s <= maxSlope
            }
        }
        passable = passableRows.flatMap { $0 }
        let geodesic = Geodesic.wgs84
        let moves = TravelGraph.stencil
        distances = (0..<rows).flatMap { r -> [Double] in
            let a = grid.centre(row: r, column: 0)
            return moves.map { m in
                let rr = r + m.dr
                guard rr >= 0, rr < rows else { return .nan }
                let b = Coordinate(longitude: a.longitude + Double(m.dc) * grid.cellWidth, latitude: grid.north - (Double(rr) + 0.5) * grid.cellHeight)
                return geodesic.distance(a, b)
            }
        }
    }

    /// Time (s) to travel `d` metres between elevations `from` and `to`.
    @inline(__always)
    public func legTime(distance d: Double, from z0: Double, to z1: Double) -> Double {
        guard d > 0 else { return 0 }
        return d / parameters.speed(gradient: (z1 - z0) / d)
    }
}

/// The edges out of a cell, with their travel times: the one edge relaxation of every search over
/// a `TravelGraph` (`TravelTime.field`, `TravelReach`). The move tables are unpacked once per
/// search; `withBuffers` lends the graph's arrays for the search's loop.
struct TravelEdges {
    private let rows: Int, columns: Int
    private let dr: [Int], dc: [Int]
    /// Per move: the cells it passes between, as index offsets and as row / column offsets.
    private let via: [[Int]], viaR: [[Int]], viaC: [[Int]]
    /// 3.6 / (factor · 6): d · exp(3.5 |S + 0.05|) · speedScale = d / speed (Tobler, `TravelParameters`).
    private let speedScale: Double

    init(_ graph: TravelGraph) {
        let columns = graph.grid.columns
        rows = graph.grid.rows
        self.columns = columns
        let moves = TravelGraph.stencil
        dr = moves.map(\.dr)
        dc = moves.map(\.dc)
        via = moves.map { $0.via.map { $0.dr * columns + $0.dc } }
        viaR = moves.map { $0.via.map(\.dr) }
        viaC = moves.map { $0.via.map(\.dc) }
        speedScale = 3.6 / (graph.parameters.speedFactor * 6)
    }

    /// The graph's passability, elevations and move lengths for the duration of `body`.
    struct Buffers {
        let passable: UnsafeBufferPointer<Bool>
        let z: UnsafeBufferPointer<Float>
        let lengths: UnsafeBufferPointer<Double>
    }

    static func withBuffers<R>(_ graph: TravelGraph, _ body: (Buffers) -> R) -> R {
        graph.passable.withUnsafeBufferPointer { passable in
            graph.grid.samples.withUnsafeBufferPointer { z in
                graph.distances.withUnsafeBufferPointer { lengths in body(Buffers(passable: passable, z: z, lengths: lengths)) }
            }
        }
    }

    /// Calls `reach(j, t)` for every cell j that a move from cell i (label `key`, seconds) may
    /// enter — inside the grid, passable, not squeezing past an impassable cell — with t = key +
    /// the move's time at Tobler's speed on the gradient between the two cells.
    @inline(__always)
    func relax(_ i: Int, _ key: Double, _ b: Buffers, _ reach: (_ j: Int, _ t: Double) -> Void) {
        let m = dr.count
        let r = i / columns, c = i - r * columns
        let za = Double(b.z[i])
        for k in 0..<m {
            let rr = r + dr[k], cc = c + dc[k]
            if rr < 0 || rr >= rows || cc < 0 || cc >= columns { continue }
            let j = i + dr[k] * columns + dc[k]
            if !b.passable[j] { continue }
            var blocked = false
            for v in 0..<via[k].count {
                let vr = r + viaR[k][v], vc = c + viaC[k][v]
                if vr < 0 || vr >= rows || vc < 0 || vc >= columns || !b.passable[i + via[k][v]] { blocked = true; break }
            }
            if blocked { continue }
            let d = b.lengths[r * m + k]
            let slope = (Double(b.z[j]) - za) / d
            reach(j, key + d * exp(3.5 * abs(slope + 0.05)) * speedScale)
        }
    }
}
