import Coordinates

/// For a `CertifiedNearestLine`: per cell of a longitude/latitude grid over the line's neighbourhood, the
/// pieces that may hold the nearest point of any point of the cell, sorted by a lower bound of
/// their distance, so that a query reads one cell and a few pieces instead of walking the
/// hierarchy.
///
/// Rigour. For a block of cells with centre c and radius r (every point P of it has |P − c| ≤ r,
/// see `LonLatGrid.disc`) and a piece with chord AB and sagitta σ (the geodesic stays
/// within σ of AB and every point of AB is within σ of the geodesic), write f = |c, AB| and
/// V(P) = |P, AB| + σ; the query prunes a piece when its lower bound L(P) = |P, AB| − σ exceeds
/// its pruning bound B (the best approximate distance + 1 mm + 0.1 ppm). Then:
///  - L(P) ≥ f − r − σ (the distance to a segment is 1-Lipschitz);
///  - the geodesic distance from P to the piece is at most U(V(P)) ≤ U(f + σ + r), U the
///    chord-to-geodesic bound of `ChordBounds.geodesicUpperBound` (the geodesic passes within σ of the
///    point of AB nearest to P);
///  - with g the unit vector from AB's point nearest to c towards c (f > 0) and δ = P − c:
///    L(P) ≥ f + g·δ − σ (the distance to a convex set is convex) and V(P) ≤ f + g·δ + r²/(2f) + σ.
/// Lists are refined from the whole grid down by halving blocks of cells. A block drops a piece
///  - when f − r − σ > T = M + 1 mm + 0.1 ppm·M + 1 m, M = U(min(f + σ) + r) the least upper
///    bound: then L(P) > T at every point of the block; each cell stores `complete`, the least T
///    on its path;
///  - or, when its reference piece j (least f + σ) has f_j > 2r, when the first-order bounds
///    separate the piece k from j: f_k − σ_k − f_j − σ_j − r²/(2f_j) − r·|g_k − g_j| >
///    U(W) − W + 1 mm + 0.1 ppm·U(W) + 1 m + 1 cm (rounding), W = f_j + σ_j + r + r²/(2f_j). Then
///    L_k(P) > U(V_j(P)) + 1 mm + 0.1 ppm·U(V_j(P)) + 1 m at every point of the block; each cell
///    stores the references of its path that dropped a piece.
/// A block at least 8 radii from its reference with at most `farList` pieces left is not divided
/// further: its cells share its record (its bounds hold at each of their points).
/// A dropped piece thus has L(P) > B whenever B ≤ `complete` and, for every reference j,
/// B ≤ V_j(P) + 1 mm + 0.1 ppm·V_j(P) + 1 m (or that with U(V_j(P))): `vouches` checks this on
/// the query's final B (it fails only if the approximate distance is a metre off, never seen),
/// and otherwise the query is answered by the hierarchy instead. So a query certifies exactly
/// the candidates the hierarchy's walk would.
struct CandidateGrid: Sendable {
    /// 4 bytes, so that a cell's record is one cache line or two.
    struct Entry: Sendable {
        var piece: UInt16
        /// For a candidate, f − r − σ for its cell (or far block); for a header, `complete`: in
        /// units of `quantum` metres, rounded down (0 below 0, at most 65 535 units: 524 km).
        var units: UInt16

        init(piece: UInt16, bound: Double) {
            self.piece = piece
            // bound / 8 is exact: the floor is exact too.
            units = bound > 0 ? UInt16(min((bound / CandidateGrid.quantum).rounded(.down), Double(UInt16.max))) : 0
        }

        @inline(__always)
        var bound: Double { Double(units) * CandidateGrid.quantum }
    }

    let frame: LonLatGrid
    /// Where each cell's record starts in `entries` (cells of a far block share theirs).
    let starts: [Int32]
    /// Records: a header (`piece`: the number of references, `complete`), the number of
    /// candidates (in `piece`), the references (in `piece`), then the candidates, least bound
    /// first.
    let entries: [Entry]

    /// Cells of 0.05° (4–6 km at the latitudes of Central Asia), at most 2^16 of them (larger
    /// cells for the longest lines: the build costs about a microsecond per cell).
    static let step = 0.05
    static let maxCells = 1 << 16
    /// How far beyond the line's bounding box the grid reaches, degrees.
    static let reach = 2.0
    /// What the thresholds add to an upper bound besides the query's margin, metres.
    static let slack = 1.0
    /// The unit of the stored bounds, metres (a power of two).
    static let quantum = 8.0
    /// A block at least 8 radii from the line whose list is this short is not divided further.
    static let farList = 12

    /// nil when the line has no piece or more than 65 535, or its ends span more than 180° of
    /// longitude (a line across the antimeridian: its neighbourhood does not fit a grid).
    init?(chords: [GeodesicPieceTree.Chord], ends: [CertifiedNearestLine.Ends]) {
        guard !chords.isEmpty, chords.count < 1 << 16 else { return nil }
        var minLon = Double.infinity, maxLon = -Double.infinity, minLat = Double.infinity, maxLat = -Double.infinity
        for e in ends {
            for c in [e.a.coordinate, e.b.coordinate] {
                minLon = min(minLon, c.longitude); maxLon = max(maxLon, c.longitude)
                minLat = min(minLat, c.latitude); maxLat = max(maxLat, c.latitude)
            }
        }
        let reach = CandidateGrid.reach
        guard maxLon - minLon <= 180, let frame = LonLatGrid(minLon: max(minLon - reach, -180), maxLon: min(maxLon + reach, 180),
                                                                   minLat: minLat - reach, maxLat: maxLat + reach,
                                                                   step: CandidateGrid.step, maxCells: CandidateGrid.maxCells) else { return nil }
        self.frame = frame
        var builder = Builder(frame: frame, count: chords.count)
        chords.withUnsafeBufferPointer { builder.build(0, frame.nx, 0, frame.ny, 0, .infinity, $0) }
        starts = builder.starts
        entries = builder.made
    }

    /// The recursion of `init`.
    private struct Builder {
        let frame: LonLatGrid
        /// Records in the order the recursion makes them, and where each cell's is.
        var made: [Entry] = []
        var starts: [Int32]
        /// The candidate lists of the blocks on the recursion's path, one after the other, and
        /// the distances f of the innermost block's candidates.
        var stack: [Int32]
        var f: [Double]
        /// The references on the recursion's path that dropped a piece.
        var references: [Int32] = []
        var cell: [(piece: Int32, lower: Double)] = []
        let trig: (latitudes: [(sin: Double, cos: Double)], longitudes: [(sin: Double, cos: Double)])

        init(frame: LonLatGrid, count: Int) {
            self.frame = frame
            trig = frame.halfSteps()
            starts = Array(repeating: 0, count: frame.cellCount)
            stack = (0..<count).map { Int32($0) }
            f = Array(repeating: 0, count: count)
        }

        /// The unit vector from the chord's point nearest to `c` towards `c`, at distance `d` > 0.
        static func gradient(_ chord: GeodesicPieceTree.Chord, _ c: GeocentricVector, _ d: Double) -> GeocentricVector {
            let w = c - chord.a
            let q = min(1, max(0, w.dot(chord.u) * chord.inverseLength2))
            return (1 / d) * (w - q * chord.u)
        }

        /// Filters the candidates stack[from...] for the block of cells ix0..<ix1 × iy0..<iy1
        /// and recurses into its halves with the pieces it keeps, or makes the cell's record.
        mutating func build(_ ix0: Int, _ ix1: Int, _ iy0: Int, _ iy1: Int, _ from: Int, _ complete: Double,
                            _ chords: UnsafeBufferPointer<GeodesicPieceTree.Chord>) {
            let (c, r) = frame.disc(ix0, ix1, iy0, iy1, trig)
            let to = stack.count
            if f.count < to { f.append(contentsOf: repeatElement(0, count: to - f.count)) }
            // U is increasing: the least upper bound is U(min(f + σ) + r).
            var least = Double.infinity, j = from
            for i in from..<to {
                let chord = chords[Int(stack[i])]
                f[i] = chord.distance(c)
                if f[i] + chord.sag < least {
                    least = f[i] + chord.sag
                    j = i
                }
            }
            let m = ChordBounds.geodesicUpperBound(chord: least + r)
            let t = m + CertifiedNearestLine.margin(m) + CandidateGrid.slack
            let complete = min(complete, t)
            // The first-order test against the reference, when it is far enough to be sharp.
            let cj = chords[Int(stack[j])], fj = f[j]
            let sharp = fj > 2 * r
            let gj = sharp ? Builder.gradient(cj, c, fj) : GeocentricVector(0, 0, 0)
            let curve = sharp ? r * r / (2 * fj) : 0
            let w = fj + cj.sag + r + curve
            let uw = ChordBounds.geodesicUpperBound(chord: w)
            let need = uw - w + CertifiedNearestLine.margin(uw) + CandidateGrid.slack + 0.01
            var dropped = false
            cell.removeAll(keepingCapacity: true)
            for i in from..<to {
                let chord = chords[Int(stack[i])]
                let lower = f[i] - r - chord.sag
                guard lower <= t else { continue }
                if sharp && i != j && f[i] > 0
                    && f[i] - chord.sag - fj - cj.sag - curve - r * (Builder.gradient(chord, c, f[i]) - gj).length > need {
                    dropped = true
                    continue
                }
                cell.append((stack[i], lower))
            }
            let recorded = dropped && references.last != stack[j]
            if recorded { references.append(stack[j]) }
            if (ix1 - ix0 == 1 && iy1 - iy0 == 1) || (sharp && fj >= 8 * r && cell.count <= CandidateGrid.farList) {
                // A cell, or a block far from the line with a short list: one record for all its cells.
                cell.sort { $0.lower < $1.lower }
                let first = Int32(made.count)
                made.append(Entry(piece: UInt16(references.count), bound: complete))
                made.append(Entry(piece: UInt16(cell.count), bound: 0))
                for k in references { made.append(Entry(piece: UInt16(k), bound: 0)) }
                for k in cell { made.append(Entry(piece: UInt16(k.piece), bound: k.lower)) }
                for iy in iy0..<iy1 {
                    for ix in ix0..<ix1 { starts[iy * frame.nx + ix] = first }
                }
            } else if ix1 - ix0 >= iy1 - iy0 {
                for k in cell { stack.append(k.piece) }
                let mid = (ix0 + ix1) / 2
                build(ix0, mid, iy0, iy1, to, complete, chords)
                build(mid, ix1, iy0, iy1, to, complete, chords)
            } else {
                for k in cell { stack.append(k.piece) }
                let mid = (iy0 + iy1) / 2
                build(ix0, ix1, iy0, mid, to, complete, chords)
                build(ix0, ix1, mid, iy1, to, complete, chords)
            }
            stack.removeSubrange(to...)
            if recorded { references.removeLast() }
        }
    }

    /// Whether the list of the cell whose record starts at `first` holds every piece that a
    /// search at `p` ending with pruning bound `bound` would not prune (see the type's
    /// documentation).
    @inline(__always)
    static func vouches(_ entries: UnsafeBufferPointer<Entry>, _ first: Int, bound: Double, at p: GeocentricVector,
                        _ chords: UnsafeBufferPointer<GeodesicPieceTree.Chord>) -> Bool {
        let header = entries[first]
        guard bound <= header.bound else { return false }
        for e in entries[(first + 2)..<(first + 2 + Int(header.piece))] {
            let j = chords[Int(e.piece)]
            let v = j.distance(p) + j.sag
            if bound <= v + CertifiedNearestLine.margin(v) + slack { continue }
            let u = ChordBounds.geodesicUpperBound(chord: v)
            if bound > u + CertifiedNearestLine.margin(u) + slack { return false }
        }
        return true
    }
}
