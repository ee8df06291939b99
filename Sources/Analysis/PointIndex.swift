import Coordinates
import Geodesy

/// Points (checkpoints, settlements, ...) prepared for exact nearest-neighbour queries by geodesic
/// distance: a bounding-volume hierarchy in ECEF prunes with the chord (a lower bound on the
/// geodesic distance), and the geodesic inverse decides among the survivors, so the answer is the
/// exact geodesic nearest neighbour.
public struct PointIndex: Sendable {
    struct Node: Sendable {
        var box: GeocentricBox
        var lo: Int
        var hi: Int
        var left: Int32 = -1
        var right: Int32 = -1
    }

    public let points: [Coordinate]
    private let ecef: [GeocentricVector]
    /// Permutation of point indices; leaves hold contiguous runs of it.
    private var order: [Int]
    private var nodes: [Node] = []

    public init(_ points: [Coordinate]) {
        self.points = points
        self.ecef = points.map(GeocentricVector.init)
        self.order = Array(points.indices)
        if !points.isEmpty { _ = build(0, points.count) }
    }

    public var isEmpty: Bool { points.isEmpty }

    private mutating func build(_ lo: Int, _ hi: Int) -> Int32 {
        var box = GeocentricBox(ecef[order[lo]])
        for k in lo..<hi { box.formUnion(ecef[order[k]]) }
        box.pad(ChordBounds.roundingSlack)  // box distances stay lower bounds despite rounding
        let index = Int32(nodes.count)
        nodes.append(Node(box: box, lo: lo, hi: hi))
        if hi - lo > 8 {
            let ex = box.hi.x - box.lo.x, ey = box.hi.y - box.lo.y, ez = box.hi.z - box.lo.z
            let e = ecef
            let key: (Int) -> Double =
                ex >= ey && ex >= ez ? { e[$0].x } : (ey >= ez ? { e[$0].y } : { e[$0].z })
            order[lo..<hi].sort { key($0) < key($1) }
            let mid = (lo + hi) / 2
            let l = build(lo, mid)
            let r = build(mid, hi)
            nodes[Int(index)].left = l
            nodes[Int(index)].right = r
        }
        return index
    }

    /// The point nearest to `p` by geodesic distance (metres), with the inverse's azimuth from `p`.
    /// `filter` restricts the candidates (for example to posts only).
    public func nearest(to p: Coordinate, where filter: ((Int) -> Bool)? = nil) -> (index: Int, distance: Double, azimuth: Double)? {
        guard !nodes.isEmpty else { return nil }
        let pe = GeocentricVector(p)
        var best: (index: Int, distance: Double, azimuth: Double)?
        var heap = MinHeap()
        heap.push(nodes[0].box.distance(to: pe), 0)
        while let (key, n) = heap.pop() {
            if let b = best, key >= b.distance { break }
            let node = nodes[n]
            if node.left < 0 {
                for k in node.lo..<node.hi {
                    let i = order[k]
                    if let filter, !filter(i) { continue }
                    if let b = best, pe.chord(to: ecef[i]) - ChordBounds.roundingSlack >= b.distance { continue }
                    let inv = Geodesic.wgs84.inverse(p, points[i])
                    if best == nil || inv.distance < best!.distance || (inv.distance == best!.distance && i < best!.index) {
                        best = (i, inv.distance, inv.initialAzimuth)
                    }
                }
            } else {
                heap.push(nodes[Int(node.left)].box.distance(to: pe), Int(node.left))
                heap.push(nodes[Int(node.right)].box.distance(to: pe), Int(node.right))
            }
        }
        return best
    }

    /// Indices of every point within `r` metres (geodesic) of `p`, with their distances.
    public func within(_ r: Double, of p: Coordinate) -> [(index: Int, distance: Double)] {
        guard !nodes.isEmpty else { return [] }
        let pe = GeocentricVector(p)
        var out: [(index: Int, distance: Double)] = []
        var stack: [Int32] = [0]
        while let n = stack.popLast() {
            let node = nodes[Int(n)]
            if node.box.distance(to: pe) > r { continue }
            if node.left < 0 {
                for k in node.lo..<node.hi {
                    let i = order[k]
                    let c = pe.chord(to: ecef[i])
                    if c > r + ChordBounds.roundingSlack { continue }
                    let d = Geodesic.wgs84.inverse(p, points[i]).distance
                    if d <= r { out.append((i, d)) }
                }
            } else {
                stack.append(node.left)
                stack.append(node.right)
            }
        }
        return out.sorted { $0.index < $1.index }
    }
}
