/// The one bounding-volume hierarchy over pieces of geodesic segments (a border's segments, or
/// parts of them), in geocentric metres, with two ways to search it:
/// - exact mode (`pieceLowerBound`, `forEachPiece(within:of:_:)`, `visitNearestFirst`): the
///   caller solves the geodesic problem exactly for every piece the bounds cannot exclude (the
///   gaps coverage, `PolylineIndex.nearestPoint`);
/// - approximate-then-certify mode (`walk(from:_:stack:)`): the caller approximates each piece's
///   distance cheaply, tightens the pruning bound with it as the walk goes, and certifies only the
///   survivors (the seizures' nearest border point).
///
/// Each piece is stored as its end points A and B (geocentric) and its sagitta σ
/// (`ChordBounds.sagitta` of its length): every point of the geodesic piece lies within σ of the
/// chord AB. A polyline's pieces share their ends (`init(polyline:sag:valid:leafSize:)`, piece i
/// is points[i]→points[i + 1], no copy of the points); other pieces have two points each
/// (`init(pieces:leafSize:)`). `Chord` is the same bound prepared for hot loops.
/// A node covers a contiguous run of pieces; its box holds their end points, padded by the largest
/// sagitta of its (valid) pieces, so every point of every piece lies inside. Hence, rigorously
/// (chord ≤ geodesic, `ChordBounds`): a box's straight-line distance to a point, and a piece's
/// |P, AB| − σ, are lower bounds on the geodesic distance from the point to any point of the node's
/// pieces (up to the chord's rounding, nanometres, inside the millimetre of the sagitta).
///
/// Shape: nodes split their run in halves while it is longer than `leafSize`; the two children of
/// a node are adjacent (`left`, `left + 1`); node 0 is the root. The build is O(n).
public struct GeodesicPieceTree: Sendable {
    /// A piece's chord AB and sagitta, for the lower bounds.
    public struct Chord: Sendable {
        public var a: GeocentricVector
        /// B − A.
        public var u: GeocentricVector
        /// 1/|B − A|² (0 for a point).
        public var inverseLength2: Double
        public var sag: Double

        @inlinable
        public init(a: GeocentricVector, b: GeocentricVector, sag: Double) {
            self.a = a
            u = b - a
            let uu = u.dot(u)
            inverseLength2 = uu > 0 ? 1 / uu : 0
            self.sag = sag
        }

        /// Straight-line distance from `p` to the chord, metres (rounding ~3 nm).
        @inlinable @inline(__always)
        public func distance(_ p: GeocentricVector) -> Double {
            let w = p - a
            let t = min(1, max(0, w.dot(u) * inverseLength2))
            return (w - t * u).length
        }

        /// Whether the lower bound of the geodesic distance from `p` to the piece, |p, AB| − σ,
        /// exceeds `bound` (compared squared: |p, AB| > bound + σ ≥ 0).
        @inlinable @inline(__always)
        public func excludes(_ p: GeocentricVector, bound: Double) -> Bool {
            let w = p - a
            let t = min(1, max(0, w.dot(u) * inverseLength2))
            let e = w - t * u
            let limit = bound + sag
            return e.dot(e) > limit * limit
        }
    }

    public struct Node: Sendable {
        /// The padded box.
        public var lo: GeocentricVector
        public var hi: GeocentricVector
        /// The node's pieces: start..<end.
        public var start: Int32
        public var end: Int32
        /// Index of the first child (the second is `left + 1`); 0 for a leaf.
        public var left: Int32

        @inlinable
        public var isLeaf: Bool { left == 0 }

        /// Straight-line distance from `p` to the padded box (0 inside).
        @inlinable @inline(__always)
        public func distance(to p: GeocentricVector) -> Double {
            GeocentricBox(lo: lo, hi: hi).distance(to: p)
        }

        /// Straight-line distance from `p` to the farthest point of the padded box (an upper bound
        /// on the chord from `p` to any point of the node's pieces).
        @inlinable @inline(__always)
        public func maxDistance(to p: GeocentricVector) -> Double {
            GeocentricBox(lo: lo, hi: hi).maxDistance(to: p)
        }
    }

    /// The pieces' end points: piece i runs from points[stride·i] to points[stride·i + 1].
    public let points: [GeocentricVector]
    /// 1 for a polyline's pieces, 2 for separate pieces.
    public let stride: Int
    /// Per piece, its sagitta (metres).
    public let sag: [Double]
    /// Per piece: whether it is searched (a polyline's joint between two parts is not). Empty:
    /// every piece is.
    public let valid: [Bool]
    public let nodes: [Node]
    public let leafSize: Int

    /// The pieces of a polyline: piece i joins `points[i]` and `points[i + 1]`, with sagitta
    /// `sag[i]`; `valid` (empty: all) says which pieces are searched; invalid pieces' ends still
    /// count in their nodes' boxes, their sagittas do not. `leafSize`: the most pieces a leaf holds.
    public init(polyline points: [GeocentricVector], sag: [Double], valid: [Bool] = [], leafSize: Int) {
        precondition(sag.isEmpty || points.count == sag.count + 1, "one sagitta per segment")
        self.init(points: points, stride: 1, sag: sag, valid: valid, leafSize: leafSize)
    }

    /// Separate pieces, each with its end points and sagitta.
    public init(pieces: [(a: GeocentricVector, b: GeocentricVector, sag: Double)], leafSize: Int) {
        var points: [GeocentricVector] = []
        points.reserveCapacity(2 * pieces.count)
        for p in pieces {
            points.append(p.a)
            points.append(p.b)
        }
        self.init(points: points, stride: 2, sag: pieces.map(\.sag), valid: [], leafSize: leafSize)
    }

    private init(points: [GeocentricVector], stride: Int, sag: [Double], valid: [Bool], leafSize: Int) {
        let count = sag.count
        precondition(valid.isEmpty || valid.count == count, "one validity flag per piece")
        precondition(leafSize >= 1 && count < Int(Int32.max), "leafSize ≥ 1, fewer than 2^31 pieces")
        self.points = points
        self.stride = stride
        self.sag = sag
        self.valid = valid
        self.leafSize = leafSize
        var nodes: [Node] = []
        if count > 0 {
            nodes.reserveCapacity(2 * count / leafSize + 2)
            let p = points[0]
            nodes.append(Node(lo: p, hi: p, start: 0, end: Int32(count), left: 0))
            GeodesicPieceTree.fill(&nodes, 0, points, stride, sag, valid, 0, count, leafSize)
        }
        self.nodes = nodes
    }

    /// Builds the subtree for pieces lo..<hi into the slot `at`, bottom-up; returns its unpadded
    /// box and its padding (the largest sagitta of its valid pieces).
    @discardableResult
    private static func fill(_ nodes: inout [Node], _ at: Int, _ points: [GeocentricVector], _ stride: Int, _ sag: [Double],
                             _ valid: [Bool], _ lo: Int, _ hi: Int, _ leafSize: Int) -> (box: GeocentricBox, pad: Double) {
        var box: GeocentricBox
        var pad = 0.0
        if hi - lo > leafSize {
            let mid = (lo + hi) / 2
            let l = nodes.count
            nodes.append(nodes[at])
            nodes.append(nodes[at])
            let left = fill(&nodes, l, points, stride, sag, valid, lo, mid, leafSize)
            let right = fill(&nodes, l + 1, points, stride, sag, valid, mid, hi, leafSize)
            box = left.box
            box.formUnion(right.box)
            pad = max(left.pad, right.pad)
            nodes[at].left = Int32(l)
        } else {
            box = GeocentricBox(points[stride * lo])
            for k in lo..<hi {
                box.formUnion(points[stride * k])
                box.formUnion(points[stride * k + 1])
                if valid.isEmpty || valid[k] { pad = max(pad, sag[k]) }
            }
            nodes[at].left = 0
        }
        var padded = box
        padded.pad(pad)
        nodes[at].lo = padded.lo
        nodes[at].hi = padded.hi
        nodes[at].start = Int32(lo)
        nodes[at].end = Int32(hi)
        return (box, pad)
    }

    @inlinable
    public var count: Int { sag.count }

    @inlinable
    public func isValid(_ i: Int) -> Bool { valid.isEmpty || valid[i] }

    // MARK: Exact mode

    /// A lower bound on the geodesic distance from `p` to any point of piece `i`:
    /// max(0, |p, AB| − σ), metres.
    @inlinable @inline(__always)
    public func pieceLowerBound(_ i: Int, _ p: GeocentricVector) -> Double {
        max(0, p.distanceToSegment(points[stride * i], points[stride * i + 1]) - sag[i])
    }

    /// Calls `body` for each valid piece that may come within `r` metres (geodesic) of `p`
    /// (its lower bound ≤ r), in increasing piece order.
    @inlinable
    public func forEachPiece(within r: Double, of p: GeocentricVector, _ body: (Int) -> Void) {
        guard !nodes.isEmpty else { return }
        var stack: [Int32] = [0]
        var found: [Int] = []
        while let n = stack.popLast() {
            let node = nodes[Int(n)]
            if node.distance(to: p) > r { continue }
            if node.isLeaf {
                for i in Int(node.start)..<Int(node.end) where isValid(i) && pieceLowerBound(i, p) <= r {
                    found.append(i)
                }
            } else {
                stack.append(node.left + 1)
                stack.append(node.left)
            }
        }
        for i in found { body(i) }
    }

    /// Visits valid pieces in increasing order of their lower bound (`pieceLowerBound`), with it;
    /// `body` returns false to stop.
    @inlinable
    public func visitNearestFirst(_ p: GeocentricVector, _ body: (Int, Double) -> Bool) {
        guard !nodes.isEmpty else { return }
        // Entries: (key, node index or -(piece + 1)).
        var heap = MinHeap()
        heap.push(nodes[0].distance(to: p), 0)
        while let (key, item) = heap.pop() {
            if item < 0 {
                if !body(-item - 1, key) { return }
                continue
            }
            let node = nodes[item]
            if node.isLeaf {
                for i in Int(node.start)..<Int(node.end) where isValid(i) {
                    heap.push(pieceLowerBound(i, p), -(i + 1))
                }
            } else {
                heap.push(nodes[Int(node.left)].distance(to: p), Int(node.left))
                heap.push(nodes[Int(node.left) + 1].distance(to: p), Int(node.left) + 1)
            }
        }
    }

    // MARK: Approximate-then-certify mode

    /// What `walk(from:_:stack:)` reports to: the pruning bound (metres, straight-line lower bounds
    /// above it are skipped; it may shrink as pieces are visited, typically the best approximate
    /// distance so far plus a margin that covers the approximation's error) and each piece not
    /// pruned by a box (the visitor applies its own piece test, e.g. `Chord.excludes`, then
    /// approximates, and certifies the survivors after the walk).
    public typealias Visitor = GeodesicPieceVisitor

    /// Visits every leaf piece whose node's box is within the visitor's bound of `p`, nearer box
    /// first, re-reading the bound after each piece. `stack` (at least ~2·log₂(count) + 2 slots;
    /// 128 is plenty) holds the pending nodes: a subtree that would overflow it is dropped, so pass
    /// enough. Invalid pieces are visited too (approximate mode is for trees of valid pieces).
    @inlinable
    public func walk<V: GeodesicPieceVisitor>(from p: GeocentricVector, _ visitor: inout V,
                                              stack: UnsafeMutableBufferPointer<Int32>) {
        guard !nodes.isEmpty else { return }
        nodes.withUnsafeBufferPointer { nodes in
            stack[0] = 0
            var top = 1
            while top > 0 {
                top -= 1
                let n = nodes[Int(stack[top])]
                if n.distance(to: p) > visitor.bound { continue }
                if n.isLeaf {
                    for k in Int(n.start)..<Int(n.end) { visitor.visit(piece: k) }
                } else if top + 2 <= stack.count {
                    let l = nodes[Int(n.left)], r = nodes[Int(n.left) + 1]
                    let dl = l.distance(to: p), dr = r.distance(to: p)
                    let bound = visitor.bound
                    if dl <= dr {
                        if dr <= bound { stack[top] = n.left + 1; top += 1 }
                        if dl <= bound { stack[top] = n.left; top += 1 }
                    } else {
                        if dl <= bound { stack[top] = n.left; top += 1 }
                        if dr <= bound { stack[top] = n.left + 1; top += 1 }
                    }
                }
            }
        }
    }
}

/// See `GeodesicPieceTree.Visitor`.
public protocol GeodesicPieceVisitor {
    var bound: Double { get }
    mutating func visit(piece: Int)
}

/// A binary min-heap of (key, payload) pairs.
public struct MinHeap {
    @usableFromInline var keys: [Double] = []
    @usableFromInline var items: [Int] = []

    @inlinable
    public init() {}

    @inlinable
    public var isEmpty: Bool { keys.isEmpty }

    @inlinable
    public mutating func push(_ key: Double, _ item: Int) {
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

    @inlinable
    public mutating func pop() -> (Double, Int)? {
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
