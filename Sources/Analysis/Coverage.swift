import Coordinates
import Foundation
import Geodesy

/// A point that covers every point of a line within `radius` metres (geodesic) of it.
public struct CoverageDisc: Sendable, Hashable {
    public var center: Coordinate
    public var radius: Double
    public init(center: Coordinate, radius: Double) {
        self.center = center
        self.radius = radius
    }
}

/// A closed chainage interval along a polyline, in metres.
public struct ChainageInterval: Sendable, Hashable {
    public var start: Double
    public var end: Double
    public var length: Double { end - start }
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
}

/// Where a polyline is covered by a set of geodesic discs.
///
/// The result is the exact union of the chainage intervals of the line that lie within each disc:
/// every interval end is a geodesic threshold crossing solved to 0.1 mm along the line (bracketed
/// Newton iteration on the geodesic inverse), so it lies well within 1 m of the true crossing.
/// Discs are assumed to be geodesically convex, which holds for radii up to 1,000 km (larger radii
/// are rejected by the callers).
public enum Coverage {
    /// Merged, sorted covered intervals of `line` by `discs`. Runs on all cores.
    public static func intervals(of line: PolylineIndex, by discs: [CoverageDisc]) -> [ChainageInterval] {
        intervalsAndReach(of: line, by: discs).intervals
    }

    /// `intervals(of:by:)`, and for each disc whether it reaches the line: whether the geodesic
    /// distance from its centre to the line is ≤ its radius (the same test as
    /// `line.nearestPoint(to: center).distance <= radius`, found on the way at no extra cost).
    static func intervalsAndReach(of line: PolylineIndex, by discs: [CoverageDisc])
        -> (intervals: [ChainageInterval], reaches: [Bool])
    {
        guard line.segmentCount > 0, !discs.isEmpty else { return ([], [Bool](repeating: false, count: discs.count)) }
        let workers = chunkCount(discs.count, minimum: 64)
        let chunk = (discs.count + workers - 1) / workers
        let results = parallelChunks(workers) { w in
            var local: [ChainageInterval] = []
            var reach: [Bool] = []
            let lo = w * chunk, hi = min(discs.count, lo + chunk)
            if lo < hi {
                for d in discs[lo..<hi] { reach.append(appendIntervals(of: line, by: d, into: &local)) }
            }
            return (local, reach)
        }
        return (merge(results.flatMap { $0.0 }), results.flatMap { $0.1 })
    }

    /// Union of intervals: sorted, with overlapping or touching intervals joined.
    public static func merge(_ intervals: [ChainageInterval]) -> [ChainageInterval] {
        let sorted = intervals.sorted { $0.start < $1.start || ($0.start == $1.start && $0.end < $1.end) }
        var out: [ChainageInterval] = []
        for iv in sorted {
            if let last = out.last, iv.start <= last.end {
                out[out.count - 1].end = max(last.end, iv.end)
            } else {
                out.append(iv)
            }
        }
        return out
    }

    /// The stretches of each part of `line` that are not in `covered` (sorted, merged intervals),
    /// with the part that holds each (a stretch never spans two parts).
    static func complementByPart(of covered: [ChainageInterval], along line: PolylineIndex)
        -> [(part: Int, interval: ChainageInterval)]
    {
        var out: [(part: Int, interval: ChainageInterval)] = []
        var k = 0
        for (p, part) in line.parts.enumerated() {
            let ps = line.chainage[part.lowerBound], pe = line.chainage[part.upperBound - 1]
            var cursor = ps
            while k < covered.count && covered[k].end <= ps { k += 1 }
            var j = k
            while j < covered.count && covered[j].start < pe {
                if covered[j].start > cursor { out.append((p, ChainageInterval(start: cursor, end: covered[j].start))) }
                cursor = max(cursor, covered[j].end)
                j += 1
            }
            if cursor < pe { out.append((p, ChainageInterval(start: cursor, end: pe))) }
        }
        return out
    }

    /// The covered intervals (sorted, merged) cut at the ends of the parts of `line`, with the part
    /// that holds each piece: merged intervals may run from the end of one part into the start of
    /// the next (they share a chainage), but a stretch on the ground never spans two parts.
    /// Pieces that only touch a part at its end are dropped.
    static func splitByPart(_ covered: [ChainageInterval], along line: PolylineIndex)
        -> [(part: Int, interval: ChainageInterval)]
    {
        var out: [(part: Int, interval: ChainageInterval)] = []
        var k = 0
        for (p, part) in line.parts.enumerated() {
            let ps = line.chainage[part.lowerBound], pe = line.chainage[part.upperBound - 1]
            while k < covered.count && covered[k].end < ps { k += 1 }
            var j = k
            while j < covered.count && covered[j].start <= pe {
                let iv = covered[j]
                let a = max(iv.start, ps), b = min(iv.end, pe)
                let clipped = a != iv.start || b != iv.end
                if b > a || (!clipped && b == a && a > ps && b < pe) {
                    out.append((p, ChainageInterval(start: a, end: b)))
                }
                j += 1
            }
        }
        return out
    }

    /// Whether `x` is within `r` of `p`, deciding by the chord bounds when they can and by the
    /// geodesic inverse otherwise.
    @inline(__always)
    static func isInside(_ pe: GeocentricVector, _ p: Coordinate, _ r: Double, _ xe: GeocentricVector, _ x: Coordinate) -> Bool {
        let c = pe.chord(to: xe)
        if c > r + ChordBounds.roundingSlack { return false }
        if ChordBounds.geodesicUpperBound(chord: c) <= r { return true }
        return Geodesic.wgs84.inverse(p, x).distance <= r
    }

    /// Sorted, merged intervals under construction (a struct, so no closure captures and no
    /// dynamic exclusivity checks in the hot loop).
    struct Accumulator {
        var start = 0.0
        var end = 0.0
        var open = false

        @inline(__always)
        mutating func emit(_ a: Double, _ b: Double, into out: inout [ChainageInterval]) {
            if open && a <= end {
                end = max(end, b)
            } else {
                if open { out.append(ChainageInterval(start: start, end: end)) }
                start = a
                end = b
                open = true
            }
        }

        mutating func finish(into out: inout [ChainageInterval]) {
            if open { out.append(ChainageInterval(start: start, end: end)) }
            open = false
        }
    }

    /// Appends the covered intervals of `line` by `disc`, sorted and merged. Walks the segment
    /// tree in segment order: nodes whose padded box is out of reach are skipped, nodes whose box
    /// lies entirely within the disc (farthest corner within `ChordBounds.chordSurelyWithin(r)`) are covered
    /// whole without looking at their segments, and the segments of the remaining leaves are
    /// decided one by one (chord bounds, then the geodesic inverse, then the crossings).
    /// Returns whether the disc reaches the line (distance from the centre to the line ≤ radius):
    /// true when it covers anything, else decided by the nearest points already computed for the
    /// segments within reach of the chord bounds (segments beyond them are farther than r).
    @discardableResult
    static func appendIntervals(of line: PolylineIndex, by disc: CoverageDisc, into out: inout [ChainageInterval]) -> Bool {
        let nodes = line.tree.nodes
        guard !nodes.isEmpty else { return false }
        var reaches = false
        let p = disc.center, r = disc.radius
        let pe = GeocentricVector(p)
        let allIn = ChordBounds.chordSurelyWithin(r)
        var acc = Accumulator()
        var lastVertex = -1
        var lastInside = false
        var stack: [Int32] = [0]
        stack.reserveCapacity(64)
        while let n = stack.popLast() {
            let node = nodes[Int(n)]
            if node.distance(to: pe) > r { continue }
            if node.maxDistance(to: pe) <= allIn {
                // Every point of every segment of the node is inside; part joints have no length.
                acc.emit(line.chainage[Int(node.start)], line.chainage[Int(node.end)], into: &out)
                lastVertex = Int(node.end)
                lastInside = true
                reaches = true
                continue
            }
            if !node.isLeaf {
                stack.append(node.left + 1)
                stack.append(node.left)
                continue
            }
            for i in Int(node.start)..<Int(node.end) where line.segmentValid[i] && line.tree.pieceLowerBound(i, pe) <= r {
                let a = line.vertices[i], b = line.vertices[i + 1]
                let inA = lastVertex == i ? lastInside : isInside(pe, p, r, line.ecef[i], a)
                let inB = isInside(pe, p, r, line.ecef[i + 1], b)
                lastVertex = i + 1
                lastInside = inB
                let c0 = line.chainage[i], c1 = line.chainage[i + 1]
                let len = line.segmentLength[i], az = line.segmentAzimuth[i]
                if inA || inB { reaches = true }
                if inA && inB {
                    acc.emit(c0, c1, into: &out)
                } else if inA {
                    let s = crossing(p, r, a, az, lo: 0, hi: len, insideAtLo: true)
                    acc.emit(c0, c0 + s, into: &out)
                } else if inB {
                    let s = crossing(p, r, a, az, lo: 0, hi: len, insideAtLo: false)
                    acc.emit(c0 + s, c1, into: &out)
                } else {
                    let near = Geodesic.wgs84.nearestPoint(to: p, onSegmentFrom: a, to: b)
                    if near.distance <= r { reaches = true }
                    if near.distance < r {
                        let s1 = crossing(p, r, a, az, lo: 0, hi: near.distanceAlongSegment, insideAtLo: false)
                        let s2 = crossing(p, r, a, az, lo: near.distanceAlongSegment, hi: len, insideAtLo: true)
                        acc.emit(c0 + s1, c0 + s2, into: &out)
                    }
                }
            }
        }
        acc.finish(into: &out)
        return reaches
    }

    /// The offset s in [lo, hi] along the geodesic from `a` with azimuth `az` where the distance to
    /// `p` crosses `r`. The distance is ≤ r at `lo` when `insideAtLo`, else at `hi`, and monotonic
    /// between. Bracketed Newton iteration; d(distance)/ds = cos(segment azimuth − azimuth of the
    /// geodesic from p, both at the point). Converges to 0.1 mm in s.
    static func crossing(_ p: Coordinate, _ r: Double, _ a: Coordinate, _ az: Double,
                         lo loIn: Double, hi hiIn: Double, insideAtLo: Bool) -> Double {
        let g = Geodesic.wgs84
        var lo = loIn, hi = hiIn  // invariant: inside at `inside` end, outside at the other
        var s = (lo + hi) / 2
        for _ in 0..<100 {
            let x = g.direct(from: a, azimuth: az, distance: s)
            let inv = g.inverse(p, x.coordinate)
            let f = inv.distance - r
            let insideHere = f <= 0
            if insideHere == insideAtLo { lo = s } else { hi = s }
            if hi - lo < 1e-4 { break }
            let slope = cos((x.azimuth - inv.finalAzimuth) * .pi / 180)
            var next = s - f / slope
            if !(abs(slope) > 1e-3) || !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - s) < 1e-5 {
                s = next
                break
            }
            s = next
        }
        return min(max(s, loIn), hiIn)
    }
}
