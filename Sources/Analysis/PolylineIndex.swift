import Coordinates
import Foundation
import Geodesy

/// A polyline (a border or a route) prepared for geodesic queries: segment lengths, azimuths and
/// chainage from the geodesic inverse, ECEF vertices, and a bounding-volume hierarchy over
/// contiguous runs of segments so that "which segments come within R of P?" costs O(log n + k).
///
/// Parts are kept apart: segment `i` joins `vertices[i]` and `vertices[i + 1]` only when both lie
/// in the same part (`segmentValid[i]`). Chainage runs continuously across parts.
public struct PolylineIndex: Sendable {
    public let vertices: [Coordinate]
    /// Chainage of each vertex in metres from the start of the first part.
    public let chainage: [Double]
    /// Index ranges of each part in `vertices`.
    public let parts: [Range<Int>]
    let ecef: [ECEF]
    /// Per segment i (vertex i → i+1): geodesic length (m), forward azimuth at vertex i (deg).
    let segmentLength: [Double]
    let segmentAzimuth: [Double]
    let segmentValid: [Bool]
    let tree: SegmentTree

    /// Total geodesic length in metres (sum of the parts).
    public var length: Double { chainage.last ?? 0 }

    public init(parts input: [[Coordinate]]) {
        var vertices: [Coordinate] = []
        var parts: [Range<Int>] = []
        for part in input where part.count >= 2 {
            let start = vertices.count
            vertices.append(contentsOf: part)
            parts.append(start..<vertices.count)
        }
        let n = vertices.count
        var chainage = [Double](repeating: 0, count: n)
        var segLen = [Double](repeating: 0, count: max(n - 1, 0))
        var segAz = [Double](repeating: 0, count: max(n - 1, 0))
        var valid = [Bool](repeating: false, count: max(n - 1, 0))
        let g = Geodesic.wgs84
        var total = 0.0
        for r in parts {
            chainage[r.lowerBound] = total
            for i in r.lowerBound..<(r.upperBound - 1) {
                let inv = g.inverse(vertices[i], vertices[i + 1])
                segLen[i] = inv.distance
                segAz[i] = inv.initialAzimuth
                valid[i] = true
                total += inv.distance
                chainage[i + 1] = total
            }
        }
        self.vertices = vertices
        self.chainage = chainage
        self.parts = parts
        self.ecef = vertices.map(ECEF.init)
        self.segmentLength = segLen
        self.segmentAzimuth = segAz
        self.segmentValid = valid
        self.tree = SegmentTree(ecef: ecef, segmentLength: segLen, valid: valid)
    }

    public var segmentCount: Int { segmentLength.count }

    /// The point at chainage `s` metres (clamped to the line), on the geodesic segment that holds it.
    public func point(atChainage s: Double) -> Coordinate {
        let i = segmentIndex(containing: s)
        return point(onSegment: i, offset: s - chainage[i])
    }

    /// The point at chainage `s` metres on part `part` (clamped to that part). Unlike
    /// `point(atChainage:)`, this is unambiguous where a part ends: the end of part k and the
    /// start of part k + 1 share one chainage but are different places.
    func point(atChainage s: Double, part: Int) -> Coordinate {
        let r = parts[part]
        var lo = r.lowerBound, hi = r.upperBound - 2  // the part's segments
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if chainage[mid] <= s { lo = mid } else { hi = mid - 1 }
        }
        return point(onSegment: lo, offset: s - chainage[lo])
    }

    /// Index of the valid segment whose chainage range holds `s` (at a vertex, the segment that
    /// starts there; at the chainage where part k ends and part k + 1 starts, part k + 1's first
    /// segment).
    func segmentIndex(containing s: Double) -> Int {
        var lo = 0, hi = segmentLength.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if chainage[mid] <= s { lo = mid } else { hi = mid - 1 }
        }
        var i = lo
        while i > 0 && !segmentValid[i] { i -= 1 }
        while i < segmentValid.count - 1 && !segmentValid[i] { i += 1 }
        return i
    }

    /// The point `offset` metres along segment `i` from its start vertex.
    @inline(__always)
    func point(onSegment i: Int, offset: Double) -> Coordinate {
        let o = min(max(offset, 0), segmentLength[i])
        if o == 0 { return vertices[i] }
        if o == segmentLength[i] { return vertices[i + 1] }
        return Geodesic.wgs84.direct(from: vertices[i], azimuth: segmentAzimuth[i], distance: o).coordinate
    }

    /// The vertices between chainages `from` and `to` (interpolated ends included), densified so no
    /// two consecutive points are more than `maxSpacing` metres apart along the geodesic.
    public func slice(from: Double, to: Double, maxSpacing: Double) -> [Coordinate] {
        guard to > from, !segmentLength.isEmpty else { return [] }
        var out: [Coordinate] = []
        var i = segmentIndex(containing: from)
        var s = from
        while i < segmentLength.count {
            if segmentValid[i] {
                let segEnd = chainage[i] + segmentLength[i]
                let e = min(to, segEnd)
                let a = s - chainage[i], b = e - chainage[i]
                let steps = max(1, Int(((b - a) / maxSpacing).rounded(.up)))
                if out.isEmpty { out.append(point(onSegment: i, offset: a)) }
                for k in 1...steps {
                    out.append(point(onSegment: i, offset: a + (b - a) * Double(k) / Double(steps)))
                }
                if to <= segEnd { break }
                s = segEnd
            }
            i += 1
        }
        return out
    }

    /// The nearest point of the polyline to `p`: exact geodesic distance (to Geodesy's accuracy of
    /// the nearest-point-on-geodesic problem), found by searching segments in order of their lower
    /// bound and stopping once no unseen segment can be nearer.
    public func nearestPoint(to p: Coordinate) -> (coordinate: Coordinate, distance: Double, chainage: Double, segment: Int)? {
        guard !segmentLength.isEmpty else { return nil }
        let pe = ECEF(p)
        var best: (coordinate: Coordinate, distance: Double, chainage: Double, segment: Int)?
        tree.visitNearestFirst(pe) { i, lowerBound in
            if let b = best, lowerBound >= b.distance { return false }
            guard segmentValid[i] else { return true }
            let near = Geodesic.wgs84.nearestPoint(to: p, onSegmentFrom: vertices[i], to: vertices[i + 1])
            if best == nil || near.distance < best!.distance {
                best = (near.point, near.distance, chainage[i] + near.distanceAlongSegment, i)
            }
            return true
        }
        return best
    }
}

extension PolylineIndex {
    /// The part that holds segment `i`.
    public func part(ofSegment i: Int) -> Int {
        var lo = 0, hi = parts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if parts[mid].lowerBound <= i { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Every part that comes within `r` metres (geodesic) of `p`, with its exact minimum distance.
    public func partsWithin(_ r: Double, of p: Coordinate) -> [(part: Int, distance: Double)] {
        var best: [Int: Double] = [:]
        tree.forEachSegment(within: r, of: ECEF(p)) { i in
            let k = part(ofSegment: i)
            if let b = best[k], b == 0 { return }
            let d = Geodesic.wgs84.nearestPoint(to: p, onSegmentFrom: vertices[i], to: vertices[i + 1]).distance
            if d <= r, d < best[k] ?? .infinity { best[k] = d }
        }
        return best.map { (part: $0.key, distance: $0.value) }.sorted { $0.part < $1.part }
    }
}
