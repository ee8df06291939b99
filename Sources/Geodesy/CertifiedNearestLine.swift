import Coordinates

/// Pieces of geodesic segments (a border, or the gaps of a border) prepared for certified
/// nearest-point queries, a million a second: the pieces in a `GeodesicPieceTree` (its
/// approximate-then-certify mode) and a longitude/latitude grid of candidate lists
/// (`CandidateGrid`), each piece with what a third-order expansion of the geodesic needs (end
/// points, unit tangents, normals and normal curvatures) and its exact ends.
///
/// Accuracy: the reported distance is within 1 µm of the true geodesic distance to the nearest
/// piece (Karney's solutions certified as in `CertifiedInverse`), the nearest point within 0.1 mm
/// along the line of the true one; measured against an independent geographiclib oracle in
/// Tests/AnalysisTests/SeizureProximityTests (and against the exact `Geodesic.nearestPoint` on
/// every piece there).
///
/// A query (`nearest(to:)`):
///  1. reads the candidates of the point's grid cell, lowest lower bound first (each cell's bound
///     raised by how much nearer the point is to the cell's centre than the cell's radius), and
///     stops at the first whose bound exceeds the pruning bound (the best approximate distance + 1 mm +
///     0.1 ppm); outside the grid, or in the never-seen case that the cell's list cannot vouch for
///     the result, it walks the hierarchy nearest box first. A piece's lower bound is the
///     straight-line distance to its chord less its sagitta (rigorous: see `ChordBounds.sagitta`);
///  2. for each piece that may beat the best so far, finds the foot of the perpendicular
///     approximately with no geodesic solution: Newton on the 3-D foot condition (P − X(s))·t(s) = 0
///     along the expanded geodesic (the normal-section foot), then, inside the piece, one Newton
///     step on the geodesic condition with the approximate geodesic azimuth (see
///     `CertifiedInverse.approximate`); at an end, the approximate length from that end (shared by
///     the pieces that meet there);
///  3. certifies the best piece (and any within 1 mm + 0.1 ppm of it): the exact point X(s) of the
///     geodesic (PROJ's geod_position; at an end of a piece, its stored exact end), the certified
///     distance and azimuth from X(s) to P (one direct problem, shared by the pieces that meet at
///     the same end; within `nearEnd` of an end it is steered by the expansion rather than by
///     X(s)'s own trigonometry), and a Newton step on s with the exact slope d′(s) = −cos(β − α);
///     it stops when the step is below 0.1 mm, so the nearest point is within 0.1 mm along the
///     line and the distance within 1 µm. If that does not happen in four rounds, Geodesy's exact
///     `nearestPoint` is used for that piece. The nearest certified point wins (on an exact tie,
///     the lowest chainage, then the lowest piece).
/// Pieces longer than 20 km, points farther than 2 000 km and degenerate cases go straight to the
/// exact solvers.
public final class CertifiedNearestLine: Sendable {
    struct Piece: Sendable {
        /// Index of the geodesic segment (into `segmentLines` / `chainage0`).
        var segment: Int
        /// Owner (gap index for gap lines, -1 for a border line).
        var owner: Int
        /// Range along the segment, metres from its start vertex.
        var lo: Double
        var hi: Double
        var a: GeocentricVector, ta: GeocentricVector, ua: GeocentricVector, ka: Double
        var b: GeocentricVector, tb: GeocentricVector, ub: GeocentricVector, kb: Double
        var sag: Double
    }

    /// The exact ends of a piece (the vertex at a vertex, else PROJ's position on the segment) with
    /// the segment's azimuth there, degrees. Pieces that meet at a vertex (also of two parts, or
    /// a ring's first and last) have the very same end, so they tie exactly there.
    struct Ends: Sendable {
        var a: SurfacePoint
        var azimuthA: Double
        var b: SurfacePoint
        var azimuthB: Double
    }

    /// A nearest point: the piece and its owner, the point's distance along the piece's segment
    /// and its chainage (metres), the certified geodesic distance to it and the point itself.
    public struct Hit: Sendable {
        public var piece: Int
        public var owner: Int
        /// Distance along the piece's segment, metres.
        public var along: Double
        public var chainage: Double
        public var distance: Double
        public var coordinate: Coordinate
    }

    /// A piece with the approximate foot on it: s along the segment and the approximate distance.
    struct Candidate: Sendable {
        var piece: Int
        var s: Double
        var distance: Double
    }

    let pieces: [Piece]
    /// The pieces' hierarchy (approximate-then-certify mode), leaves of `leafSize` pieces, and
    /// the pieces' chords for their lower bounds.
    let tree: GeodesicPieceTree
    let chords: [GeodesicPieceTree.Chord]
    let ends: [Ends]
    /// Exact line of each piece, starting at its `lo` (for the exact fallback).
    let pieceLines: [GeodesicLine]
    let segmentLines: [GeodesicLine]
    let chainage0: [Double]
    /// nil when the line's neighbourhood does not fit a grid (see `LonLatGrid`).
    let grid: CandidateGrid?

    static let leafSize = 4
    static let longPiece = 20_000.0
    /// Up to this far from a piece's end (and 80° of latitude) the expansion is within 0.1 µm of
    /// the geodesic (its third-order terms grow like 1e-16·d³; testExpansionNearEnds measures
    /// 4e-8 m at 1 km) and may steer a certificate.
    static let nearEnd = 1_000.0

    /// - Parameters:
    ///   - vertices: the polyline's vertices; segment i joins vertices i and i + 1.
    ///   - segmentLength: each segment's geodesic length, metres (within 15 nm of the inverse's).
    ///   - chainage: each vertex's chainage, metres (at least one per segment).
    ///   - wanted: (segment, lo, hi, owner) pieces to index, lo ≤ hi metres along the segment from
    ///     its start vertex (pieces with hi < lo are left out); `owner` is reported with the hit.
    public init(vertices: [Coordinate], segmentLength: [Double], chainage: [Double],
                pieces wanted: [(segment: Int, lo: Double, hi: Double, owner: Int)]) {
        let segmentCount = segmentLength.count
        precondition(vertices.count > segmentCount && chainage.count >= segmentCount, "a vertex past every segment, a chainage per segment")
        let g = Geodesic.wgs84
        var lines: [GeodesicLine] = []
        lines.reserveCapacity(segmentCount)
        for i in 0..<segmentCount {
            lines.append(g.line(from: vertices[i], to: vertices[min(i + 1, vertices.count - 1)]))
        }
        segmentLines = lines
        chainage0 = Array(chainage.prefix(segmentCount))
        var pieces: [Piece] = []
        var ends: [Ends] = []
        var pieceLines: [GeodesicLine] = []
        pieces.reserveCapacity(wanted.count)
        ends.reserveCapacity(wanted.count)
        for r in wanted where r.hi >= r.lo {
            let l = lines[r.segment]
            let length = segmentLength[r.segment]
            func end(_ s: Double, vertex: Coordinate) -> (GeocentricVector, GeocentricVector, GeocentricVector, Double, SurfacePoint, Double) {
                let pos = l.position(at: s)
                let c = (s == 0 || s == length) ? vertex : pos.coordinate
                let sp = SurfacePoint(c)
                let t = sp.tangent(azimuth: pos.azimuth)
                return (sp.p, t, sp.up, WGS84.normalCurvature(normal: sp.up, direction: t), sp, pos.azimuth)
            }
            let ea = end(r.lo, vertex: r.lo == length ? vertices[r.segment + 1] : vertices[r.segment])
            let eb = end(r.hi, vertex: r.hi == 0 ? vertices[r.segment] : vertices[r.segment + 1])
            let pieceLine = (r.lo == 0 && r.hi == length) ? l : g.line(from: ea.4.coordinate, azimuth: ea.5, distance: r.hi - r.lo)
            pieces.append(Piece(segment: r.segment, owner: r.owner, lo: r.lo, hi: r.hi,
                                a: ea.0, ta: ea.1, ua: ea.2, ka: ea.3, b: eb.0, tb: eb.1, ub: eb.2, kb: eb.3,
                                sag: ChordBounds.sagitta(length: r.hi - r.lo)))
            ends.append(Ends(a: ea.4, azimuthA: ea.5, b: eb.4, azimuthB: eb.5))
            pieceLines.append(pieceLine)
        }
        self.pieces = pieces
        self.ends = ends
        self.pieceLines = pieceLines
        tree = GeodesicPieceTree(pieces: pieces.map { (a: $0.a, b: $0.b, sag: $0.sag) }, leafSize: CertifiedNearestLine.leafSize)
        chords = pieces.map { GeodesicPieceTree.Chord(a: $0.a, b: $0.b, sag: $0.sag) }
        grid = CandidateGrid(chords: chords, ends: ends)
    }

    /// Candidates whose approximate distance is within this of the best are all certified.
    @inline(__always)
    static func margin(_ d: Double) -> Double { 1e-3 + 1e-7 * d }

    static let maxTies = 16

    /// The best candidate so far, the others within its margin (at most `maxTies`), and the
    /// pruning bound: the best approximate distance + its margin.
    struct Search {
        var best = Candidate(piece: -1, s: 0, distance: .infinity)
        let ties: UnsafeMutableBufferPointer<Candidate>
        var tieCount = 0
        var bound = Double.infinity
        /// The last piece end whose approximate distance was computed, and that distance (pieces
        /// that meet at a vertex share it).
        var end = GeocentricVector(.nan, .nan, .nan)
        var endDistance = 0.0

        init(_ ties: UnsafeMutableBufferPointer<Candidate>) { self.ties = ties }

        /// `CertifiedInverse.approximateLength` from the piece end `x` to `p`.
        @inline(__always)
        mutating func lengthFromEnd(_ x: GeocentricVector, _ p: GeocentricVector) -> Double {
            if x.x == end.x && x.y == end.y && x.z == end.z { return endDistance }
            end = x
            endDistance = CertifiedInverse.approximateLength(from: x, to: p)
            return endDistance
        }

        mutating func offer(_ c: Candidate) {
            if c.distance < best.distance {
                bound = c.distance + CertifiedNearestLine.margin(c.distance)
                if best.piece >= 0 && best.distance <= bound { keep(best) }
                best = c
            } else if c.distance <= bound {
                keep(c)
            }
        }

        private mutating func keep(_ c: Candidate) {
            if tieCount < CertifiedNearestLine.maxTies {
                ties[tieCount] = c
                tieCount += 1
            } else if let worst = (0..<tieCount).max(by: { ties[$0].distance < ties[$1].distance }), ties[worst].distance > c.distance {
                ties[worst] = c
            }
        }
    }

    /// The nearest point of the indexed pieces to `p` (nil when there are no pieces).
    public func nearest(to p: SurfacePoint) -> Hit? { nearest(to: p, grid: grid) }

    /// `nearest(to:)` with the given grid (nil: the hierarchy alone; the tests compare the two).
    func nearest(to p: SurfacePoint, grid: CandidateGrid?) -> Hit? {
        guard !pieces.isEmpty else { return nil }
        return pieces.withUnsafeBufferPointer { pieces in
            chords.withUnsafeBufferPointer { chords in
                withUnsafeTemporaryAllocation(of: Candidate.self, capacity: CertifiedNearestLine.maxTies) { ties in
                    var search = Search(ties)
                    if let grid, let c = grid.frame.cell(p.coordinate) {
                        let vouched = grid.entries.withUnsafeBufferPointer { entries in
                            let cell = grid.cells[c]
                            let first = Int(cell.start), candidates = first + 2 + Int(entries[first].piece)
                            // A stored bound plus the slack is a lower bound at p: the pieces from
                            // the first that exceeds the pruning bound on would all be pruned.
                            let slack = grid.slack(at: p.p, disc: Int(cell.disc))
                            for e in entries[candidates..<(candidates + Int(entries[first + 1].piece))] {
                                if e.lower + slack > search.bound { break }
                                consider(Int(e.piece), p, pieces, chords, &search)
                            }
                            return CandidateGrid.vouches(entries, first, bound: search.bound, at: p.p, chords)
                        }
                        if vouched { return certify(search, p) }
                        search = Search(ties)
                    }
                    withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { stack in
                        var walk = Walk(line: self, p: p, pieces: pieces, chords: chords, search: search)
                        tree.walk(from: p.p, &walk, stack: stack)
                        search = walk.search
                    }
                    return certify(search, p)
                }
            }
        }
    }

    /// Offers piece `k` to the search unless its lower bound exceeds the pruning bound.
    @inline(__always)
    fileprivate func consider(_ k: Int, _ p: SurfacePoint, _ pieces: UnsafeBufferPointer<Piece>,
                          _ chords: UnsafeBufferPointer<GeodesicPieceTree.Chord>, _ search: inout Search) {
        if chords[k].excludes(p.p, bound: search.bound) { return }
        let (s, d) = approximateFoot(pieces.baseAddress! + k, k, p, &search)
        search.offer(Candidate(piece: k, s: s, distance: d))
    }

    /// The hierarchy's walk (approximate-then-certify mode): every piece that the pruning bound
    /// does not exclude, nearest box first, offered to the search.
    private struct Walk: GeodesicPieceVisitor {
        let line: CertifiedNearestLine
        let p: SurfacePoint
        let pieces: UnsafeBufferPointer<Piece>
        let chords: UnsafeBufferPointer<GeodesicPieceTree.Chord>
        var search: Search

        var bound: Double { search.bound }

        @inline(__always)
        mutating func visit(piece k: Int) { line.consider(k, p, pieces, chords, &search) }
    }

    /// Certifies the best candidate and the ties within the final bound; the nearest (on an exact
    /// tie the lowest chainage, then the lowest piece: the same whatever the order of the search).
    private func certify(_ search: Search, _ p: SurfacePoint) -> Hit? {
        guard search.best.piece >= 0 else { return nil }
        var shared = SharedEnd()
        var best = certify(search.best, p, &shared)
        for i in 0..<search.tieCount where search.ties[i].distance <= search.bound {
            let h = certify(search.ties[i], p, &shared)
            if (h.distance, h.chainage, h.piece) < (best.distance, best.chainage, best.piece) { best = h }
        }
        return best
    }

    /// The third-order expansion of piece `k`'s geodesic at `s`: point, unit tangent, normal curvature.
    @inline(__always)
    func expand(_ piece: Piece, _ s: Double) -> (x: GeocentricVector, t: GeocentricVector, u: GeocentricVector, k: Double) {
        let fromA = s - piece.lo <= piece.hi - s
        let base = fromA ? piece.a : piece.b
        let t = fromA ? piece.ta : piece.tb
        let u = fromA ? piece.ua : piece.ub
        let k = fromA ? piece.ka : piece.kb
        let d = fromA ? s - piece.lo : s - piece.hi
        let kd = k * d
        let x = base + (d * (1 - kd * kd * (1.0 / 6))) * t - (0.5 * kd * d) * u
        let tt = (1 - 0.5 * kd * kd) * t - kd * u
        return (x, tt, u + kd * t, k)
    }

    /// Approximate foot of the perpendicular from `p` on piece `index` (at `piece`): (s along the
    /// segment, distance). At an end of the piece the distance is `CertifiedInverse.approximateLength`
    /// from that end; inside, the foot takes one Newton step on the geodesic condition.
    func approximateFoot(_ piece: UnsafePointer<Piece>, _ index: Int, _ p: SurfacePoint, _ search: inout Search) -> (Double, Double) {
        let piece = piece.pointee
        let length = piece.hi - piece.lo
        if length > CertifiedNearestLine.longPiece {
            let h = exactFoot(piece, p, index: index)
            return (h.along, h.distance)
        }
        let chord = chords[index]
        var s = piece.lo + min(1, max(0, (p.p - chord.a).dot(chord.u) * chord.inverseLength2)) * length
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
        if s == piece.lo { return (s, search.lengthFromEnd(piece.a, p.p)) }
        if s == piece.hi { return (s, search.lengthFromEnd(piece.b, p.p)) }
        // One step on the geodesic condition, with the approximate geodesic azimuth at X(s).
        let e = expand(piece, s)
        let x = e.x
        let ux = WGS84.normal(x)
        let ap = CertifiedInverse.approximate(from: x, up: ux, to: p.p, up: p.up)
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

    /// The certified distance and azimuth from the last piece end certified in a query to the
    /// query's point: pieces that meet there share it (the same end, so the same result).
    struct SharedEnd {
        var coordinate = Coordinate(longitude: .nan, latitude: .nan)
        var result = (distance: 0.0, azimuth: 0.0)

        mutating func inverse(_ x: SurfacePoint, _ p: SurfacePoint, length: Double?) -> (distance: Double, azimuth: Double) {
            if x.coordinate == coordinate { return result }
            coordinate = x.coordinate
            result = CertifiedInverse.inverse(x, p, length: length)
            return result
        }
    }

    /// The certified nearest point of the candidate's piece to `p`, starting from its foot.
    func certify(_ candidate: Candidate, _ p: SurfacePoint, _ shared: inout SharedEnd) -> Hit {
        let k = candidate.piece
        let piece = pieces[k]
        if piece.hi - piece.lo > CertifiedNearestLine.longPiece { return exactFoot(piece, p, index: k) }
        var s = candidate.s
        // At an end, the candidate's distance is the approximate length from that end.
        var length: Double? = candidate.distance
        for _ in 0..<4 {
            let coordinate: Coordinate, azimuth: Double, r: (distance: Double, azimuth: Double)
            if s == piece.lo || s == piece.hi {
                let atA = s == piece.lo
                (coordinate, azimuth, r) = ends.withUnsafeBufferPointer { ends in
                    let e = ends.baseAddress! + k
                    return atA ? (e.pointee.a.coordinate, e.pointee.azimuthA, shared.inverse(e.pointee.a, p, length: length))
                        : (e.pointee.b.coordinate, e.pointee.azimuthB, shared.inverse(e.pointee.b, p, length: length))
                }
            } else {
                let pos = segmentLines.withUnsafeBufferPointer { $0[piece.segment].position(at: s) }
                coordinate = pos.coordinate
                azimuth = pos.azimuth
                if min(s - piece.lo, piece.hi - s) <= CertifiedNearestLine.nearEnd && abs(coordinate.latitude) <= 80 {
                    let e = expand(piece, s)
                    r = CertifiedInverse.inverse(from: coordinate, near: e.x, tangent: e.t, azimuth: azimuth, to: p)
                } else {
                    r = CertifiedInverse.inverse(SurfacePoint(coordinate), p)
                }
            }
            if r.distance == 0 {
                return Hit(piece: k, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s, distance: 0, coordinate: coordinate)
            }
            let cosT = FastTrig.cos(degrees: r.azimuth - azimuth)
            let sin2 = max(1 - cosT * cosT, 1e-12)
            // d′(s) = −cosθ: at an end, stop if the distance grows into the piece.
            let atLo = s <= piece.lo, atHi = s >= piece.hi
            if (atLo && cosT <= 0) || (atHi && cosT >= 0) {
                return Hit(piece: k, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s, distance: r.distance, coordinate: coordinate)
            }
            let step = cosT * r.distance / sin2
            let next = min(piece.hi, max(piece.lo, s + step))
            if abs(next - s) <= 1e-4 {
                let taken = next - s
                let d = r.distance - cosT * taken + sin2 * taken * taken / (2 * r.distance)
                return Hit(piece: k, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s, distance: min(d, r.distance), coordinate: coordinate)
            }
            s = next
            length = nil
        }
        return exactFoot(piece, p, index: k)
    }

    /// Geodesy's exact nearest point on the piece.
    func exactFoot(_ piece: Piece, _ p: SurfacePoint, index: Int) -> Hit {
        let proj = Geodesic.wgs84.nearestPoint(to: p.coordinate, on: pieceLines[index])
        let s = piece.lo + proj.distanceAlongSegment
        return Hit(piece: index, owner: piece.owner, along: s, chainage: chainage0[piece.segment] + s,
                   distance: proj.distance, coordinate: proj.point)
    }
}
