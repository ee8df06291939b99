import Coordinates
import Dispatch

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
        /// For a header, `complete`: in units of `quantum` metres, rounded down (0 below 0, at
        /// most 65 535 units: 524 km). For a candidate, f − r − σ for its cell (or far block) +
        /// `bias`, in the same units, rounded down (at most 65 535 units: f − r − σ ≤ 262 km).
        var units: UInt16

        init(piece: UInt16, bound: Double) {
            self.piece = piece
            // bound / 8 is exact: the floor is exact too.
            units = bound > 0 ? UInt16(min((bound / CandidateGrid.quantum).rounded(.down), Double(UInt16.max))) : 0
        }

        /// A candidate with f − r − σ = `lower`; a `lower` of −`bias` or less (a piece thousands
        /// of kilometres long, whose sagitta is that large) is stored as −`bias`, too high, and
        /// its record gets no slack (see `Builder.build`).
        init(piece: UInt16, lower: Double) {
            self.init(piece: piece, bound: lower + CandidateGrid.bias)
        }

        /// A header's `complete`.
        @inline(__always)
        var bound: Double { Double(units) * CandidateGrid.quantum }

        /// A candidate's stored f − r − σ, rounded down (exact in binary).
        @inline(__always)
        var lower: Double { Double(units) * CandidateGrid.quantum - CandidateGrid.bias }
    }

    /// The record of cell `c` as its entries (piece, units) and its disc: what a query reads there.
    func record(ofCell c: Int) -> (entries: [(UInt16, UInt16)], centre: GeocentricVector, radius: Double) {
        let first = Int(cells[c].start), count = 2 + Int(entries[first].piece) + Int(entries[first + 1].piece)
        let d = discs[Int(cells[c].disc)]
        return (entries[first..<(first + count)].map { ($0.piece, $0.units) }, d.centre, d.radius)
    }

    /// What a candidate's stored bound is offset by, metres (so that negative bounds, of pieces
    /// nearer to a cell's centre than its radius, keep their value).
    static let bias = 32_768 * quantum

    let frame: LonLatGrid
    /// Per cell: where its record starts in `entries` and which of `discs` it was made for (cells
    /// of a far block share both).
    let cells: [Cell]
    /// Records: a header (`piece`: the number of references, `complete`), the number of
    /// candidates (in `piece`), the references (in `piece`), then the candidates, least bound
    /// first.
    let entries: [Entry]
    /// Per record, the block's centre c and radius r that its candidates' bounds f − r − σ were
    /// computed for: at a point P of the block, L(P) ≥ f − |P − c| − σ, so a query may add
    /// r − |P − c| to every stored bound of the record (`slack(at:disc:)`).
    let discs: [Disc]

    struct Cell: Sendable {
        var start: Int32
        var disc: Int32
    }

    struct Disc: Sendable {
        var centre: GeocentricVector
        var radius: Double
    }

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
    /// The build's recursion runs this deep on one thread, then its blocks (up to 2^depth) are
    /// built on all cores, each as the one-thread recursion would, and their records
    /// concatenated: every cell gets the very record it would get on one thread.
    static let parallelDepth = 6

    /// nil when the line has no piece or more than 65 535, or its ends span more than 180° of
    /// longitude (a line across the antimeridian: its neighbourhood does not fit a grid).
    /// `parallelDepth` below 0: all on this thread (the tests compare the two).
    init?(chords: [GeodesicPieceTree.Chord], ends: [CertifiedNearestLine.Ends], parallelDepth: Int = CandidateGrid.parallelDepth) {
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
        let trig = frame.halfSteps()
        var cells = [Cell](repeating: Cell(start: 0, disc: 0), count: frame.cellCount)
        var made: [Entry] = [], discs: [Disc] = []
        cells.withUnsafeMutableBufferPointer { out in
            // The top of the recursion, on this thread: its records, and the blocks left to build.
            var top = Builder(frame: frame, trig: trig, cells: out, candidates: (0..<chords.count).map { Int32($0) }, references: [])
            chords.withUnsafeBufferPointer { top.build(0, frame.nx, 0, frame.ny, 0, .infinity, $0, depth: parallelDepth) }
            let tasks = top.tasks
            made = top.made
            discs = top.discs
            // Each block on its own builder (its records numbered from 0, its cells written by it
            // alone), then renumbered in block order.
            let built = UnsafeMutableBufferPointer<(made: [Entry], discs: [Disc])>.allocate(capacity: tasks.count)
            built.initialize(repeating: ([], []))
            let sendable = (out: UncheckedBuffer(out), built: UncheckedBuffer(built))
            chords.withUnsafeBufferPointer { chordBuffer in
                let shared = UncheckedBuffer(UnsafeMutableBufferPointer(mutating: chordBuffer))
                DispatchQueue.concurrentPerform(iterations: tasks.count) { k in
                    let t = tasks[k]
                    var b = Builder(frame: frame, trig: trig, cells: sendable.out.buffer, candidates: t.candidates, references: t.references)
                    b.build(t.ix0, t.ix1, t.iy0, t.iy1, 0, t.complete, UnsafeBufferPointer(shared.buffer), depth: -1)
                    sendable.built.buffer[k] = (b.made, b.discs)
                }
            }
            for (k, t) in tasks.enumerated() {
                let start = Int32(made.count), disc = Int32(discs.count)
                for iy in t.iy0..<t.iy1 {
                    for ix in t.ix0..<t.ix1 {
                        out[iy * frame.nx + ix].start += start
                        out[iy * frame.nx + ix].disc += disc
                    }
                }
                made.append(contentsOf: built[k].made)
                discs.append(contentsOf: built[k].discs)
            }
            built.deinitialize()
            built.deallocate()
        }
        self.cells = cells
        entries = made
        self.discs = discs
    }

    /// A buffer handed to the build's workers, each of which writes only its own elements.
    private struct UncheckedBuffer<T>: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<T>
        init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
    }

    /// A block the top of the recursion left to the workers: the arguments of its `build` call.
    private struct Task: Sendable {
        var ix0: Int, ix1: Int, iy0: Int, iy1: Int
        var candidates: [Int32]
        var complete: Double
        var references: [Int32]
    }

    /// The recursion of `init`.
    private struct Builder {
        let frame: LonLatGrid
        /// Records in the order the recursion makes them, their discs, and where each cell's is.
        var made: [Entry] = []
        var discs: [Disc] = []
        let cells: UnsafeMutableBufferPointer<Cell>
        /// The candidate lists of the blocks on the recursion's path, one after the other, and
        /// the distances f of the innermost block's candidates with the vectors from their
        /// chords' nearest points to the block's centre.
        var stack: [Int32]
        var f: [Double]
        var e: [GeocentricVector]
        /// The references on the recursion's path that dropped a piece.
        var references: [Int32]
        var cell: [(piece: Int32, lower: Double)] = []
        let trig: (latitudes: [(sin: Double, cos: Double)], longitudes: [(sin: Double, cos: Double)])
        /// Blocks at the recursion's depth 0 that are left for `init`'s workers.
        var tasks: [Task] = []

        init(frame: LonLatGrid, trig: (latitudes: [(sin: Double, cos: Double)], longitudes: [(sin: Double, cos: Double)]),
             cells: UnsafeMutableBufferPointer<Cell>, candidates: [Int32], references: [Int32]) {
            self.frame = frame
            self.trig = trig
            self.cells = cells
            stack = candidates
            f = Array(repeating: 0, count: candidates.count)
            e = Array(repeating: GeocentricVector(0, 0, 0), count: candidates.count)
            self.references = references
        }

        /// Filters the candidates stack[from...] for the block of cells ix0..<ix1 × iy0..<iy1
        /// and recurses into its halves with the pieces it keeps, or makes the cell's record.
        /// At `depth` 0 the halves are left in `tasks` instead (below 0: no limit).
        mutating func build(_ ix0: Int, _ ix1: Int, _ iy0: Int, _ iy1: Int, _ from: Int, _ complete: Double,
                            _ chords: UnsafeBufferPointer<GeodesicPieceTree.Chord>, depth: Int) {
            let (c, r) = frame.disc(ix0, ix1, iy0, iy1, trig)
            let to = stack.count
            if f.count < to {
                f.append(contentsOf: repeatElement(0, count: to - f.count))
                e.append(contentsOf: repeatElement(GeocentricVector(0, 0, 0), count: to - e.count))
            }
            // U is increasing: the least upper bound is U(min(f + σ) + r).
            var least = Double.infinity, j = from
            for i in from..<to {
                let chord = chords[Int(stack[i])]
                // `GeodesicPieceTree.Chord.distance(c)`, keeping the vector for the gradient.
                let w = c - chord.a
                let q = min(1, max(0, w.dot(chord.u) * chord.inverseLength2))
                e[i] = w - q * chord.u
                f[i] = e[i].length
                if f[i] + chord.sag < least {
                    least = f[i] + chord.sag
                    j = i
                }
            }
            let m = ChordBounds.geodesicUpperBound(chord: least + r)
            let t = m + CertifiedNearestLine.margin(m) + CandidateGrid.slack
            let complete = min(complete, t)
            // The first-order test against the reference, when it is far enough to be sharp: g is
            // the unit vector from the chord's point nearest to c towards c.
            let cj = chords[Int(stack[j])], fj = f[j]
            let sharp = fj > 2 * r
            let gj = sharp ? (1 / fj) * e[j] : GeocentricVector(0, 0, 0)
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
                    && f[i] - chord.sag - fj - cj.sag - curve - r * ((1 / f[i]) * e[i] - gj).length > need {
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
                let first = Int32(made.count), disc = Int32(discs.count)
                made.append(Entry(piece: UInt16(references.count), bound: complete))
                made.append(Entry(piece: UInt16(cell.count), bound: 0))
                for k in references { made.append(Entry(piece: UInt16(k), bound: 0)) }
                for k in cell { made.append(Entry(piece: UInt16(k.piece), lower: k.lower)) }
                // A bound too low to store would make the slack unsound: such a record's scan
                // reads its whole list (radius −∞, so the slack is −∞).
                let stored = cell.allSatisfy { $0.lower > -CandidateGrid.bias }
                discs.append(Disc(centre: c, radius: stored ? r : -.infinity))
                for iy in iy0..<iy1 {
                    for ix in ix0..<ix1 { cells[iy * frame.nx + ix] = Cell(start: first, disc: disc) }
                }
            } else {
                for k in cell { stack.append(k.piece) }
                let halves = ix1 - ix0 >= iy1 - iy0
                    ? ((ix0, (ix0 + ix1) / 2, iy0, iy1), ((ix0 + ix1) / 2, ix1, iy0, iy1))
                    : ((ix0, ix1, iy0, (iy0 + iy1) / 2), (ix0, ix1, (iy0 + iy1) / 2, iy1))
                if depth == 0 {
                    let kept = Array(stack[to...])
                    for h in [halves.0, halves.1] {
                        tasks.append(Task(ix0: h.0, ix1: h.1, iy0: h.2, iy1: h.3, candidates: kept, complete: complete, references: references))
                    }
                } else {
                    build(halves.0.0, halves.0.1, halves.0.2, halves.0.3, to, complete, chords, depth: depth - 1)
                    build(halves.1.0, halves.1.1, halves.1.2, halves.1.3, to, complete, chords, depth: depth - 1)
                }
            }
            stack.removeSubrange(to...)
            if recorded { references.removeLast() }
        }
    }

    /// What a query at `p` may add to the stored bounds of the record made for `disc`:
    /// r − |p − c|, less 1 mm for rounding (negative, so stricter, outside the disc).
    @inline(__always)
    func slack(at p: GeocentricVector, disc: Int) -> Double {
        let d = discs[disc]
        return d.radius - (p - d.centre).length - 1e-3
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
