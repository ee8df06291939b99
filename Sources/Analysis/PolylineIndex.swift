import Coordinates
import Foundation
import Geodesy

/// A polyline (a border or a route) prepared for geodesic queries: segment lengths, azimuths and
/// chainage from the geodesic inverse (from the chord for segments up to 1 km, to within 1e-8 m of
/// the inverse: see `shortSegment`), ECEF vertices, and a bounding-volume hierarchy over
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
    let ecef: [GeocentricVector]
    /// Per segment i (vertex i → i+1): geodesic length (m), forward azimuth at vertex i (deg).
    let segmentLength: [Double]
    let segmentAzimuth: [Double]
    let segmentValid: [Bool]
    /// The segments' hierarchy (exact mode), leaves of `leafSize` segments; a joint between two
    /// parts is a piece too, never searched.
    let tree: GeodesicPieceTree
    static let leafSize = 8

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
        let segCount = max(n - 1, 0)
        var valid = [Bool](repeating: false, count: segCount)
        for r in parts {
            for i in r.lowerBound..<(r.upperBound - 1) { valid[i] = true }
        }
        // Segment lengths and azimuths (chord formula for short segments, the geodesic inverse,
        // ~1.5 µs, otherwise) and ECEF vertices, in chunks on all cores. The chainage sum stays
        // sequential, so the values do not depend on the number of cores.
        let workers = chunkCount(segCount, minimum: 4_096)
        let chunk = (segCount + workers - 1) / max(workers, 1)
        let pieces = parallelChunks(workers) { [vertices, valid] w -> (length: [Double], azimuth: [Double], ecef: [GeocentricVector]) in
            let lo = w * chunk, hi = min(segCount, lo + chunk)
            guard lo < hi else { return ([], [], []) }
            let g = Geodesic.wgs84
            var len = [Double](repeating: 0, count: hi - lo)
            var az = [Double](repeating: 0, count: hi - lo)
            // vertices lo..<hi, and the last one with the last chunk
            let ecef = vertices[lo..<(hi == segCount ? n : hi)].map(GeocentricVector.init)
            for i in lo..<hi where valid[i] {
                let be = i + 1 - lo < ecef.count ? ecef[i + 1 - lo] : GeocentricVector(vertices[i + 1])
                if let short = PolylineIndex.shortSegment(vertices[i], ecef[i - lo], vertices[i + 1], be) {
                    len[i - lo] = short.length
                    az[i - lo] = short.azimuth
                } else {
                    let inv = g.inverse(vertices[i], vertices[i + 1])
                    len[i - lo] = inv.distance
                    az[i - lo] = inv.initialAzimuth
                }
            }
            return (len, az, ecef)
        }
        var segLen: [Double] = [], segAz: [Double] = [], ecef: [GeocentricVector] = []
        segLen.reserveCapacity(segCount)
        segAz.reserveCapacity(segCount)
        ecef.reserveCapacity(n)
        for piece in pieces {
            segLen.append(contentsOf: piece.length)
            segAz.append(contentsOf: piece.azimuth)
            ecef.append(contentsOf: piece.ecef)
        }
        if segCount == 0 { ecef = vertices.map(GeocentricVector.init) }
        var chainage = [Double](repeating: 0, count: n)
        var total = 0.0
        for r in parts {
            chainage[r.lowerBound] = total
            for i in r.lowerBound..<(r.upperBound - 1) {
                total += segLen[i]
                chainage[i + 1] = total
            }
        }
        self.vertices = vertices
        self.chainage = chainage
        self.parts = parts
        self.ecef = ecef
        self.segmentLength = segLen
        self.segmentAzimuth = segAz
        self.segmentValid = valid
        self.tree = GeodesicPieceTree(polyline: ecef, sag: segLen.map { ChordBounds.sagitta(length: $0) }, valid: valid,
                                      leafSize: PolylineIndex.leafSize)
    }

    public var segmentCount: Int { segmentLength.count }

    /// Segments with a chord up to this long (metres) get their length and azimuth from the chord
    /// (`shortSegment`) instead of the geodesic inverse.
    static let shortSegmentChord = 1_000.0

    /// Length and initial azimuth of the geodesic segment a→b from the ECEF chord, for chords of at
    /// most `shortSegmentChord` (nil otherwise, and for coincident points or ends within 0.001° of
    /// a pole, where the azimuth convention matters: callers then use the geodesic inverse).
    ///
    /// - Length: a geodesic of length s whose (normal) curvature is k has chord
    ///   c = s − k²s³/24 + O(s⁴k·k′, s⁵k⁴), so s = c·(1 + k²c²/24), with k = cos²α/M + sin²α/N
    ///   (Euler) at a. For c ≤ 1 km the k²c³/24 term is ≤ 1.1 µm and what is left out is < 1e-10 m.
    /// - Azimuth: the chord projected on the tangent plane at a is the direction of the normal
    ///   section a→b, which differs from the geodesic's by ≈ (e′²/12)(s/N)²cos²φ·sin 2α
    ///   < 2e-11 rad for s ≤ 1 km (a point 1 km along is < 20 nm off).
    /// Round-off (ECEF coordinates of ~6.4e6 m) adds ~1e-9 m, the accuracy of the inverse itself
    /// (15 nm). This is ~15 times cheaper than the inverse, which dominated the index build.
    @inline(__always)
    static func shortSegment(_ a: Coordinate, _ ae: GeocentricVector, _ b: Coordinate, _ be: GeocentricVector) -> (length: Double, azimuth: Double)? {
        let dx = be.x - ae.x, dy = be.y - ae.y, dz = be.z - ae.z
        let c2 = dx * dx + dy * dy + dz * dz
        guard c2 > 0, c2 <= shortSegmentChord * shortSegmentChord,
              abs(a.latitude) < 89.999, abs(b.latitude) < 89.999 else { return nil }
        let phi = a.latitude * .pi / 180, lam = a.longitude * .pi / 180
        let sphi = sin(phi), cphi = cos(phi), slam = sin(lam), clam = cos(lam)
        let east = -slam * dx + clam * dy
        let north = -sphi * clam * dx - sphi * slam * dy + cphi * dz
        let h2 = east * east + north * north
        guard h2 > 0 else { return nil }
        let w2 = 1 - WGS84.e2 * sphi * sphi
        let nRadius = WGS84.a / w2.squareRoot()
        let mRadius = nRadius * (1 - WGS84.e2) / w2
        let k = (north * north / mRadius + east * east / nRadius) / h2
        let length = c2.squareRoot() * (1 + k * k * c2 / 24)
        return (length, atan2(east, north) * 180 / .pi)
    }

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
                // Whole-segment ends are the vertices themselves: (c + L) − c need not be exactly L,
                // and a direct solution for a point 1e-12 m from a vertex costs a microsecond.
                if out.isEmpty { out.append(s <= chainage[i] ? vertices[i] : point(onSegment: i, offset: a)) }
                for k in 1..<steps {
                    out.append(point(onSegment: i, offset: a + (b - a) * Double(k) / Double(steps)))
                }
                out.append(e >= segEnd ? vertices[i + 1] : point(onSegment: i, offset: b))
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
        let pe = GeocentricVector(p)
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
        tree.forEachPiece(within: r, of: GeocentricVector(p)) { i in
            let k = part(ofSegment: i)
            if let b = best[k], b == 0 { return }
            let d = Geodesic.wgs84.nearestPoint(to: p, onSegmentFrom: vertices[i], to: vertices[i + 1]).distance
            if d <= r, d < best[k] ?? .infinity { best[k] = d }
        }
        return best.map { (part: $0.key, distance: $0.value) }.sorted { $0.part < $1.part }
    }
}

extension CertifiedNearestLine {
    /// The line's pieces prepared for certified nearest-point queries: `ranges` (segment, lo, hi,
    /// owner) of its segments, or every valid segment whole (owner -1) when nil.
    convenience init(_ line: PolylineIndex, ranges: [(segment: Int, lo: Double, hi: Double, owner: Int)]? = nil) {
        self.init(vertices: line.vertices, segmentLength: line.segmentLength, chainage: line.chainage,
                  pieces: ranges ?? (0..<line.segmentCount).filter { line.segmentValid[$0] }.map {
                      (segment: $0, lo: 0.0, hi: line.segmentLength[$0], owner: -1)
                  })
    }
}
