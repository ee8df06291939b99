/// A bounding-volume hierarchy over the segments of a polyline, in ECEF metres. Each node covers a
/// contiguous run of segments; its box holds their vertices, padded by the largest sagitta of its
/// segments so that every point of every geodesic segment lies inside (see `ECEF.sagitta`). A box's
/// distance to a point is therefore a lower bound on the geodesic distance from that point to any
/// of the node's segments.
struct SegmentTree: Sendable {
    struct Node: Sendable {
        var box: Box3
        var lo: Int  // first segment
        var hi: Int  // one past the last segment
        var left: Int32 = -1
        var right: Int32 = -1
    }

    static let leafSize = 8
    private(set) var nodes: [Node] = []
    private let ecef: [ECEF]
    private let sag: [Double]
    private let valid: [Bool]

    init(ecef: [ECEF], segmentLength: [Double], valid: [Bool]) {
        self.ecef = ecef
        self.sag = segmentLength.map { ECEF.sagitta(length: $0) }
        self.valid = valid
        if !segmentLength.isEmpty {
            nodes.reserveCapacity(4 * segmentLength.count / SegmentTree.leafSize + 2)
            _ = build(0, segmentLength.count)
        }
    }

    /// Builds the node for segments lo..<hi and its subtree (pre-order), bottom-up: a parent's
    /// box is the union of its children's, so the build is O(n). Returns the node's index, its
    /// unpadded box (the vertices lo...hi) and its padding (the largest sagitta).
    private mutating func build(_ lo: Int, _ hi: Int) -> (index: Int32, box: Box3, pad: Double) {
        let index = Int32(nodes.count)
        nodes.append(Node(box: Box3(ecef[lo]), lo: lo, hi: hi))
        var box: Box3
        var pad = 0.0
        if hi - lo > SegmentTree.leafSize {
            let mid = (lo + hi) / 2
            let l = build(lo, mid)
            let r = build(mid, hi)
            box = l.box
            box.formUnion(r.box)
            pad = max(l.pad, r.pad)
            nodes[Int(index)].left = l.index
            nodes[Int(index)].right = r.index
        } else {
            box = Box3(ecef[lo])
            for i in lo..<hi {
                box.formUnion(ecef[i + 1])
                if valid[i] { pad = max(pad, sag[i]) }
            }
        }
        var padded = box
        padded.pad(pad)
        nodes[Int(index)].box = padded
        return (index, box, pad)
    }

    /// A lower bound on the geodesic distance from `p` to any point of segment `i`.
    @inline(__always)
    func segmentLowerBound(_ i: Int, _ p: ECEF) -> Double {
        max(0, p.distanceToSegment(ecef[i], ecef[i + 1]) - sag[i])
    }

    /// Calls `body` for each valid segment that may come within `r` metres (geodesic) of `p`, in
    /// increasing segment order.
    func forEachSegment(within r: Double, of p: ECEF, _ body: (Int) -> Void) {
        guard !nodes.isEmpty else { return }
        var stack: [Int32] = [0]
        var found: [Int] = []
        while let n = stack.popLast() {
            let node = nodes[Int(n)]
            if node.box.distance(to: p) > r { continue }
            if node.left < 0 {
                for i in node.lo..<node.hi where valid[i] && segmentLowerBound(i, p) <= r {
                    found.append(i)
                }
            } else {
                stack.append(node.right)
                stack.append(node.left)
            }
        }
        for i in found { body(i) }
    }

    /// Visits segments in increasing order of their lower bound; `body` returns false to stop.
    func visitNearestFirst(_ p: ECEF, _ body: (Int, Double) -> Bool) {
        guard !nodes.isEmpty else { return }
        // Entries: (key, node index or -(segment+1)).
        var heap = MinHeap()
        heap.push(nodes[0].box.distance(to: p), 0)
        while let (key, item) = heap.pop() {
            if item < 0 {
                if !body(-item - 1, key) { return }
                continue
            }
            let node = nodes[item]
            if node.left < 0 {
                for i in node.lo..<node.hi where valid[i] {
                    heap.push(segmentLowerBound(i, p), -(i + 1))
                }
            } else {
                heap.push(nodes[Int(node.left)].box.distance(to: p), Int(node.left))
                heap.push(nodes[Int(node.right)].box.distance(to: p), Int(node.right))
            }
        }
    }
}

extension Box3 {
    /// Straight-line distance from `p` to the farthest point of the box (an upper bound on the
    /// chord from `p` to anything inside).
    @inline(__always)
    func maxDistance(to p: ECEF) -> Double {
        let dx = max(p.x - lo.x, hi.x - p.x)
        let dy = max(p.y - lo.y, hi.y - p.y)
        let dz = max(p.z - lo.z, hi.z - p.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }
}

/// A binary min-heap of (key, payload) pairs.
struct MinHeap {
    private var keys: [Double] = []
    private var items: [Int] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func push(_ key: Double, _ item: Int) {
        keys.append(key)
        items.append(item)
        var c = keys.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            if keys[p] <= keys[c] { break }
            keys.swapAt(p, c)
            items.swapAt(p, c)
            c = p
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let top = keys.first else { return nil }
        let item = items[0]
        let lastK = keys.removeLast(), lastI = items.removeLast()
        if !keys.isEmpty {
            keys[0] = lastK
            items[0] = lastI
            var p = 0
            let n = keys.count
            while true {
                let l = 2 * p + 1, r = l + 1
                var m = p
                if l < n && keys[l] < keys[m] { m = l }
                if r < n && keys[r] < keys[m] { m = r }
                if m == p { break }
                keys.swapAt(p, m)
                items.swapAt(p, m)
                p = m
            }
        }
        return (top, item)
    }
}
