import Coordinates
import Foundation
import Geodesy

/// A border (or the gaps of a border) prepared for the seizures analysis's nearest-point queries:
/// pieces of geodesic segments in a bounding-volume hierarchy, each with what a third-order
/// expansion of the geodesic needs (end points, unit tangents, normals and normal curvatures).
///
/// A query (`nearest(to:)`):
///  1. walks the hierarchy nearest box first; a piece's lower bound is the straight-line distance
///     to its chord less its sagitta (rigorous: see `ECEF.sagitta`);
///  2. for each piece that may beat the best so far, finds the foot of the perpendicular
///     approximately with no geodesic solution: Newton on the 3-D foot condition (P − X(s))·t(s) = 0
///     along the expanded geodesic (the normal-section foot), then one Newton step on the geodesic
///     condition with the approximate geodesic azimuth (see `SeizureGeodesy.approximate`);
///  3. certifies the best piece (and any within 1 mm + 0.1 ppm of it): the exact point X(s) of the
///     geodesic (PROJ's geod_position), the certified distance and azimuth from X(s) to P (one
///     direct problem), and a Newton step on s with the exact slope d′(s) = −cos(β − α); it stops
///     when the step is below 0.1 mm, so the nearest point is within 0.1 mm along the line and the
///     distance within 1 µm. If that does not happen in four rounds, Geodesy's exact
///     `nearestPoint` is used for that piece.
/// Pieces longer than 20 km, points farther than 2 000 km and degenerate cases go straight to the
/// exact solvers.
final class SeizureLine: Sendable {
    struct Piece: Sendable {
        /// Index of the geodesic segment (into `segmentLines` / `chainage0`).
        var segment: Int
        /// Owner (gap index for gap lines, -1 for a border line).
        var owner: Int
        /// Range along the segment, metres from its start vertex.
        var lo: Double
        var hi: Double
        var a: SeizureVec, ta: SeizureVec, ua: SeizureVec, ka: Double
        var b: SeizureVec, tb: SeizureVec, ub: SeizureVec, kb: Double
        var sag: Double
    }

    struct Node: Sendable {
        var lo: SeizureVec
        var hi: SeizureVec
        var first: Int32
        var count: Int32   // > 0: leaf with pieces first..<first+count; else children first, first+1
    }

    struct Hit: Sendable {
        var piece: Int
        var owner: Int
        /// Distance along the piece's segment, metres.
        var along: Double
        var chainage: Double
        var distance: Double
        var coordinate: Coordinate
    }

    let pieces: [Piece]
    /// Exact line of each piece, starting at its `lo` (for the exact fallback).
    let pieceLines: [GeodesicLine]
    let segmentLines: [GeodesicLine]
    let chainage0: [Double]
    let nodes: [Node]

    static let leafSize = 4
    static let longPiece = 20_000.0

    /// - Parameters:
    ///   - line: the border's polyline (segments, lengths, chainage).
    ///   - ranges: (segment, lo, hi, owner) pieces to index; nil: every valid segment whole.
    init(_ line: PolylineIndex, ranges: [(segment: Int, lo: Double, hi: Double, owner: Int)]? = nil) {
        let g = Geodesic.wgs84
        var lines: [GeodesicLine] = []
        lines.reserveCapacity(line.segmentCount)
        for i in 0..<line.segmentCount {
            lines.append(g.line(from: line.vertices[i], to: line.vertices[min(i + 1, line.vertices.count - 1)]))
        }
        segmentLines = lines
        chainage0 = Array(line.chainage.prefix(line.segmentCount))
        let wanted = ranges ?? (0..<line.segmentCount).filter { line.segmentValid[$0] }.map { (segment: $0, lo: 0.0, hi: line.segmentLength[$0], owner: -1) }
        var pieces: [Piece] = []
        var pieceLines: [GeodesicLine] = []
        pieces.reserveCapacity(wanted.count)
        for r in wanted where r.hi >= r.lo {
            let l = lines[r.segment]
            let length = line.segmentLength[r.segment]
            func end(_ s: Double, vertex: Coordinate) -> (SeizureVec, SeizureVec, SeizureVec, Double, Coordinate, Double) {
                let pos = l.position(at: s)
                let c = (s == 0 || s == length) ? vertex : pos.coordinate
                let sp = SeizureSurfacePoint(c)
                let t = sp.tangent(azimuth: pos.azimuth)
                return (sp.p, t, sp.up, SeizureEllipsoid.normalCurvature(normal: sp.up, direction: t), c, pos.azimuth)
            }
            let ea = end(r.lo, vertex: r.lo == length ? line.vertices[r.segment + 1] : line.vertices[r.segment])
            let eb = end(r.hi, vertex: r.hi == 0 ? line.vertices[r.segment] : line.vertices[r.segment + 1])
            let pieceLine = (r.lo == 0 && r.hi == length) ? l : g.line(from: ea.4, azimuth: ea.5, distance: r.hi - r.lo)
            pieces.append(Piece(segment: r.segment, owner: r.owner, lo: r.lo, hi: r.hi,
                                a: ea.0, ta: ea.1, ua: ea.2, ka: ea.3, b: eb.0, tb: eb.1, ub: eb.2, kb: eb.3,
                                sag: ECEF.sagitta(length: r.hi - r.lo)))
            pieceLines.append(pieceLine)
        }
        self.pieces = pieces
        self.pieceLines = pieceLines
        var nodes: [Node] = []
        if !pieces.isEmpty {
            nodes.reserveCapacity(2 * pieces.count / SeizureLine.leafSize + 2)
            nodes.append(Node(lo: pieces[0].a, hi: pieces[0].a, first: 0, count: 0))
            SeizureLine.fill(&nodes, 0, pieces, 0, pieces.count)
        }
        self.nodes = nodes
    }

    /// Builds the subtree for pieces lo..<hi into the preallocated slot `at`.
    private static func fill(_ nodes: inout [Node], _ at: Int, _ pieces: [Piece], _ lo: Int, _ hi: Int) {
        var bl = pieces[lo].a, bh = pieces[lo].a
        var pad = 0.0
        for k in lo..<hi {
            for p in [pieces[k].a, pieces[k].b] {
                bl = SeizureVec(min(bl.x, p.x), min(bl.y, p.y), min(bl.z, p.z))
                bh = SeizureVec(max(bh.x, p.x), max(bh.y, p.y), max(bh.z, p.z))
            }
            pad = max(pad, pieces[k].sag)
        }
        nodes[at] = Node(lo: bl - SeizureVec(pad, pad, pad), hi: bh + SeizureVec(pad, pad, pad), first: Int32(lo), count: Int32(hi - lo))
        if hi - lo > leafSize {
            let mid = (lo + hi) / 2
            let l = nodes.count
            nodes.append(nodes[at])
            nodes.append(nodes[at])
            nodes[at].first = Int32(l)
            nodes[at].count = 0
            fill(&nodes, l, pieces, lo, mid)
            fill(&nodes, l + 1, pieces, mid, hi)
        }
    }

    @inline(__always)
    static func boxDistance(_ n: Node, _ p: SeizureVec) -> Double {
        let dx = max(n.lo.x - p.x, 0, p.x - n.hi.x)
        let dy = max(n.lo.y - p.y, 0, p.y - n.hi.y)
        let dz = max(n.lo.z - p.z, 0, p.z - n.hi.z)
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    @inline(__always)
    static func chordDistance(_ p: SeizureVec, _ a: SeizureVec, _ b: SeizureVec) -> Double {
        let u = b - a, w = p - a
        let uu = u.dot(u)
        var t = uu > 0 ? w.dot(u) / uu : 0
        t = min(1, max(0, t))
        return (w - t * u).length
    }

    /// Candidates whose approximate distance is within this of the best are all certified.
    @inline(__always)
    static func margin(_ d: Double) -> Double { 1e-3 + 1e-7 * d }

    /// The nearest point of the indexed pieces to `p` (nil when there are no pieces).
    func nearest(to p: SeizureSurfacePoint) -> Hit? {
        guard !nodes.isEmpty else { return nil }
        return withUnsafeTemporaryAllocation(of: (Int, Double, Double).self, capacity: SeizureLine.maxTies) { ties in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { stack in
                nearest(p, stack, ties)
            }
        }
    }

    static let maxTies = 16

    private func nearest(_ p: SeizureSurfacePoint, _ stack: UnsafeMutableBufferPointer<Int32>,
                         _ ties: UnsafeMutableBufferPointer<(Int, Double, Double)>) -> Hit? {
        // The best candidate (piece, s, approximate distance), and others that came close.
        var cand: (Int, Double, Double) = (-1, 0, .infinity)
        var tieCount = 0
        var bound = Double.infinity
        func keep(_ t: (Int, Double, Double)) {
            if tieCount < SeizureLine.maxTies {
                ties[tieCount] = t
                tieCount += 1
            } else if let worst = (0..<tieCount).max(by: { ties[$0].2 < ties[$1].2 }), ties[worst].2 > t.2 {
                ties[worst] = t
            }
        }
        stack[0] = 0
        var top = 1
        while top > 0 {
            top -= 1
            let n = nodes[Int(stack[top])]
            if SeizureLine.boxDistance(n, p.p) > bound { continue }
            if n.count > 0 {
                for k in Int(n.first)..<Int(n.first + n.count) {
                    let piece = pieces[k]
                    if SeizureLine.chordDistance(p.p, piece.a, piece.b) - piece.sag > bound { continue }
                    let (s, d) = approximateFoot(piece, k, p)
                    if d < cand.2 {
                        bound = d + SeizureLine.margin(d)
                        if cand.0 >= 0 && cand.2 <= bound { keep(cand) }
                        cand = (k, s, d)
                    } else if d <= bound {
                        keep((k, s, d))
                    }
                }
            } else if top + 2 <= stack.count {
                let l = nodes[Int(n.first)], r = nodes[Int(n.first) + 1]
                let dl = SeizureLine.boxDistance(l, p.p), dr = SeizureLine.boxDistance(r, p.p)
                if dl <= dr {
                    if dr <= bound { stack[top] = n.first + 1; top += 1 }
                    if dl <= bound { stack[top] = n.first; top += 1 }
                } else {
                    if dl <= bound { stack[top] = n.first; top += 1 }
                    if dr <= bound { stack[top] = n.first + 1; top += 1 }
                }
            }
        }
        guard cand.0 >= 0 else { return nil }
        var best = certify(cand.0, cand.1, p)
        for i in 0..<tieCount where ties[i].2 <= bound {
            let h = certify(ties[i].0, ties[i].1, p)
            if h.distance < best.distance || (h.distance == best.distance && h.chainage < best.chainage) { best = h }
        }
        return best
    }

    /// The third-order expansion of piece `k`'s geodesic at `s`: point, unit tangent, normal curvature.
    @inline(__always)
    func expand(_ piece: Piece, _ s: Double) -> (x: SeizureVec, t: SeizureVec, u: SeizureVec, k: Double) {
        let fromA = s - piece.lo <= piece.hi - s
        let base = fromA ? piece.a : piece.b
        let t = fromA ? piece.ta : piece.tb
        let u = fromA ? piece.ua : piece.ub
        let k = fromA ? piece.ka : piece.kb
        let d = fromA ? s - piece.lo : s - piece.hi
        let kd = k * d
        let x = base + (d * (1 - kd * kd / 6)) * t - (0.5 * kd * d) * u
        let tt = (1 - 0.5 * kd * kd) * t - kd * u
        return (x, tt, u + kd * t, k)
    }

    /// Approximate foot of the perpendicular from `p` on the piece: (s along the segment, distance).
    func approximateFoot(_ piece: Piece, _ index: Int, _ p: SeizureSurfacePoint) -> (Double, Double) {
        let length = piece.hi - piece.lo
        if length > SeizureLine.longPiece {
            let h = exactFoot(piece, p, index: index)
            return (h.along, h.distance)
        }
        let w = piece.b - piece.a
        let ww = w.dot(w)
        var s = piece.lo + (ww > 0 ? min(1, max(0, (p.p - piece.a).dot(w) / ww)) : 0) * length
        // Newton on the 3-D foot condition F(s) = (P − X)·t = 0, F′ = −1 − k (P − X)·u.
        for _ in 0..<8 {
            let e = expand(piece, s)
            let v = p.p - e.x
            let step = v.dot(e.t) / (1 + e.k * v.dot(e.u))
            let next = min(piece.hi, max(piece.lo, s + step))
            let moved = abs(next - s)
            s = next
            if moved < 1e-3 { break }
        }
        // One step on the geodesic condition, with the approximate geodesic azimuth at X(s).
        let e = expand(piece, s)
        let x = e.x
        let ux = SeizureEllipsoid.normal(x)
        let ap = SeizureGeodesy.approximate(from: x, up: ux, to: p.p, up: p.up)
        let d = ap.distance
        guard d > 0 else { return (s, 0) }
        let cosT = ap.direction.dot(e.t)
        let sin2 = max(1 - cosT * cosT, 1e-12)
        let step = cosT * d / sin2
        let next = min(piece.hi, max(piece.lo, s + step))
        let taken = next - s
        // d(s + Δ) ≈ d − cosθ Δ + sin²θ Δ² / (2d).
        return (next, max(0, d - cosT * taken + sin2 * taken * taken / (2 * d)))
    }

    /// The certified nearest point of piece `k` to `p`, starting from `s`.
    func certify(_ k: Int, _ s0: Double, _ p: SeizureSurfacePoint) -> Hit {
        let piece = pieces[k]
        if piece.hi - piece.lo > SeizureLine.longPiece { return exactFoot(piece, p, index: k) }
        var s = s0
        for _ in 0..<4 {
            let pos = segmentLines[piece.segment].position(at: s)
            let x = SeizureSurfacePoint(pos.coordinate)
            let r = SeizureGeodesy.inverse(x, p)
            if r.distance == 0 {
                return Hit(piece: k, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s, distance: 0, coordinate: pos.coordinate)
            }
            let theta = (r.azimuth - pos.azimuth) * .pi / 180
            let cosT = cos(theta)
            let sin2 = max(1 - cosT * cosT, 1e-12)
            // d′(s) = −cosθ: at an end, stop if the distance grows into the piece.
            let atLo = s <= piece.lo, atHi = s >= piece.hi
            if (atLo && cosT <= 0) || (atHi && cosT >= 0) {
                return Hit(piece: k, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s, distance: r.distance, coordinate: pos.coordinate)
            }
            let step = cosT * r.distance / sin2
            let next = min(piece.hi, max(piece.lo, s + step))
            if abs(next - s) <= 1e-4 {
                let taken = next - s
                let d = r.distance - cosT * taken + sin2 * taken * taken / (2 * r.distance)
                return Hit(piece: k, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s, distance: min(d, r.distance), coordinate: pos.coordinate)
            }
            s = next
        }
        return exactFoot(piece, p, index: k)
    }

    /// Geodesy's exact nearest point on the piece.
    func exactFoot(_ piece: Piece, _ p: SeizureSurfacePoint, index: Int) -> Hit {
        let proj = Geodesic.wgs84.nearestPoint(to: p.coordinate, on: pieceLines[index])
        let s = piece.lo + proj.distanceAlongSegment
        return Hit(piece: index, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s,
                   distance: proj.distance, coordinate: proj.point)
    }
}
