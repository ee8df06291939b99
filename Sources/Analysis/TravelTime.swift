import Coordinates
import Domain
import Foundation
import Geodesy

/// Where a patrol starts, and how much earlier than the others it is "behind": a start label of
/// `offset` seconds (the multi-source trick for different budgets: a source with budget B among
/// sources whose largest budget is Bmax starts at Bmax − B, and a point is covered when its label
/// is ≤ Bmax).
public struct TravelSource: Sendable {
    public var coordinate: Coordinate
    public var offset: Double
    public init(coordinate: Coordinate, offset: Double = 0) {
        self.coordinate = coordinate
        self.offset = offset
    }
}

/// The travel-time field of a set of sources over a `TravelGraph`: per cell the least label
/// (start offset + travel time, seconds; +∞ where no passable path leads) and the source it came
/// from (−1: none).
public struct TravelTimeField: Sendable {
    public var grid: ElevationGrid
    public var seconds: [Double]
    public var origin: [Int32]
}

/// Multi-source shortest travel times on the grid graph (Dijkstra with a binary heap: every
/// source at once, each with its own start label).
public enum TravelTime {
    /// The field of `sources` over `graph`. A source off the grid is ignored; a source starts in
    /// the cell that holds it, reached over the straight leg from the source to the cell centre
    /// at flat-ground speed (even when the cell is impassable: a post stands where it stands).
    public static func field(_ graph: TravelGraph, sources: [TravelSource]) -> TravelTimeField {
        let grid = graph.grid
        let rows = grid.rows, columns = grid.columns, n = rows * columns
        var dist = [Double](repeating: .infinity, count: n)
        var origin = [Int32](repeating: -1, count: n)
        var heap = TravelHeap()
        let geodesic = Geodesic.wgs84
        for (k, s) in sources.enumerated() where grid.contains(s.coordinate) {
            let c = min(max(Int((s.coordinate.longitude - grid.west) / grid.cellWidth), 0), columns - 1)
            let r = min(max(Int((grid.north - s.coordinate.latitude) / grid.cellHeight), 0), rows - 1)
            let t = s.offset + geodesic.distance(s.coordinate, grid.centre(row: r, column: c)) / graph.parameters.flatSpeed
            let i = r * columns + c
            if t < dist[i] {
                dist[i] = t
                origin[i] = Int32(k)
                heap.push(t, Int32(i))
            }
        }
        let edges = TravelEdges(graph)
        TravelEdges.withBuffers(graph) { buffers in
            dist.withUnsafeMutableBufferPointer { dist in
                while let (key, node) = heap.pop() {
                    let i = Int(node)
                    if key > dist[i] { continue }
                    edges.relax(i, key, buffers) { j, t in
                        if t < dist[j] {
                            dist[j] = t
                            origin[j] = origin[i]
                            heap.push(t, Int32(j))
                        }
                    }
                }
            }
        }
        return TravelTimeField(grid: grid, seconds: dist, origin: origin)
    }

    /// The label at a point off the cell centres: the least, over the four cell centres around
    /// it (bilinear neighbours, as `TerrainSurface` interpolates) that the field reaches, of the
    /// centre's label plus the straight leg from the centre to the point (Tobler's speed on the
    /// gradient between the centre's elevation and the point's bilinear elevation). nil when no
    /// centre around it is reached.
    public static func label(at p: Coordinate, field: TravelTimeField, graph: TravelGraph, surface: TerrainSurface) -> (seconds: Double, origin: Int)? {
        guard let k = surface.corners(p) else { return nil }
        let zp = surface.elevation(at: p)
        let geodesic = Geodesic.wgs84
        var best: (Double, Int)?
        for (r, c) in [(k.r0, k.c0), (k.r0, k.c1), (k.r1, k.c0), (k.r1, k.c1)] {
            let i = r * field.grid.columns + c
            let base = field.seconds[i]
            guard base.isFinite else { continue }
            let zc = Double(field.grid[r, c])
            let t = base + graph.legTime(distance: geodesic.distance(field.grid.centre(row: r, column: c), p), from: zc, to: zp ?? zc)
            if best == nil || t < best!.0 { best = (t, Int(field.origin[i])) }
        }
        return best
    }
}

/// A binary min-heap of (label, cell) pairs for Dijkstra (stale entries are skipped by the caller).
struct TravelHeap {
    private var keys: [Double] = []
    private var nodes: [Int32] = []

    /// The least label in the heap (nil: empty).
    var minKey: Double? { keys.first }

    mutating func push(_ key: Double, _ node: Int32) {
        keys.append(key)
        nodes.append(node)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) >> 1
            if keys[p] <= key { break }
            keys[i] = keys[p]; nodes[i] = nodes[p]
            i = p
        }
        keys[i] = key; nodes[i] = node
    }

    mutating func pop() -> (Double, Int32)? {
        guard let top = keys.first else { return nil }
        let topNode = nodes[0]
        let lastKey = keys.removeLast(), lastNode = nodes.removeLast()
        let n = keys.count
        if n > 0 {
            var i = 0
            while true {
                var c = 2 * i + 1
                if c >= n { break }
                if c + 1 < n && keys[c + 1] < keys[c] { c += 1 }
                if keys[c] >= lastKey { break }
                keys[i] = keys[c]; nodes[i] = nodes[c]
                i = c
            }
            keys[i] = lastKey; nodes[i] = lastNode
        }
        return (top, topNode)
    }
}
