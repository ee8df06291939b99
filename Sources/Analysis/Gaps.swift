import Coordinates
import Domain
import Foundation
import Geodesy

/// The gaps analysis's knobs. Distances in metres.
public struct GapParameters: Sendable, Hashable {
    /// R_c: a checkpoint or outpost covers the border within this geodesic distance.
    public var postRadius: Double = 10_000
    /// R_s: a settlement covers the border within this geodesic distance.
    public var settlementRadius: Double = 5_000
    public var includeSettlements = true
    /// Only settlements with at least this population count (nil: all).
    public var minPopulation: Int?
    /// Uncovered stretches shorter than this are not reported as gaps.
    public var minGapLength: Double = 1_000
    /// Seizures within this distance of a gap are listed with it.
    public var seizureDistance: Double = 10_000
    /// Spacing of the densified gap lines, so that QGIS draws the geodesics faithfully.
    public var densifySpacing: Double = 500

    public init() {}

    /// Radii above this are refused: the coverage discs must stay geodesically convex.
    public static let maxRadius = 1_000_000.0
}

/// An uncovered stretch of a border.
public struct Gap: Sendable {
    public struct EndControl: Sendable {
        public var controlIndex: Int
        public var distance: Double
    }
    public var id: String
    public var rank: Int
    public var start: Double
    public var end: Double
    public var length: Double { end - start }
    public var geometry: [Coordinate]
    /// How far the gap's most remote point is from the nearest control point (any kind), and where.
    public var maxDistance: Double
    public var maxDistancePoint: Coordinate
    public var maxDistanceChainage: Double
    /// The nearest control point (any kind) to each end of the gap, and its distance.
    public var startControl: EndControl?
    public var endControl: EndControl?
    /// The control whose coverage circle ends the gap there (nil at a border's end): its distance
    /// is its radius. It can differ from the nearest control when radii differ (a settlement at
    /// 8 km with R_s = 5 km is nearer than the checkpoint whose 10 km circle ends the gap).
    public var startLimit: EndControl?
    public var endLimit: EndControl?
    /// (index into the seizures given, geodesic distance to the gap line)
    public var seizures: [(index: Int, distance: Double)]
    /// How long the gap is, at least and at most, given the controls' location precision.
    public var certainty: GapCertainty
}

/// A covered stretch of a border (within one part: stretches are cut where a part ends).
public struct CoveredStretch: Sendable {
    public var start: Double
    public var end: Double
    public var length: Double { end - start }
    public var geometry: [Coordinate]
}

/// Everything the gaps analysis finds on one border.
public struct GapReport: Sendable {
    public var border: Border
    public var parameters: GapParameters
    /// The control points that took part (after the settlement filters).
    public var controls: [ControlPoint]
    public var length: Double
    public var coveredLength: Double
    /// Uncovered stretches shorter than the minimum gap length.
    public var shortUncoveredLength: Double
    /// Gaps ranked by length, longest first (rank 1).
    public var gaps: [Gap]
    public var covered: [CoveredStretch]
    /// Indices into `controls` of the control points whose disc reaches the border.
    public var coveringControls: [Int] = []
    /// Total of the gaps' certainly uncovered lengths (see `GapCertainty`).
    public var certainGapLength: Double = 0
    /// Total length of the possibly uncovered stretches at least the minimum gap length long: each
    /// recorded gap lies in one; a stretch may hold several gaps, or none (a gap that appears only
    /// for some placements of the controls).
    public var possibleGapLength: Double = 0
    /// Whether any control that took part has a location precision (otherwise certain = possible
    /// = recorded).
    public var hasImpreciseControls = false
    /// Elevation and slope along the border and its gaps (only with a DEM).
    public var terrain: BorderTerrain?
    /// Coverage by travel time and each gap's remoteness in hours (only in travel-time mode).
    public var travel: BorderTravel?

    public var gapLength: Double { gaps.reduce(0) { $0 + $1.length } }
    public var coveredShare: Double { length > 0 ? coveredLength / length : 0 }
    public var gapShare: Double { length > 0 ? gapLength / length : 0 }
}

public enum GapAnalysisError: Error, CustomStringConvertible {
    case badRadius(String, Double)
    case badPrecision(String, Double)
    case emptyBorder(String)

    public var description: String {
        switch self {
        case .badRadius(let name, let r): "\(name) must be between 0 and \(Int(GapParameters.maxRadius / 1000)) km, got \(r / 1000) km"
        case .badPrecision(let id, let p): "control \(id): location_precision_m \(p) plus its coverage radius exceeds \(Int(GapParameters.maxRadius / 1000)) km"
        case .emptyBorder(let id): "border \(id) has no segment"
        }
    }
}

/// Finds the gaps of a border: maximal stretches every point of which is farther than R_c from
/// every post and farther than R_s from every settlement, in geodesic distance on WGS84.
public enum GapAnalysis {
    /// The controls that take part under `parameters`, in input order.
    public static func activeControls(_ controls: [ControlPoint], _ parameters: GapParameters) -> [ControlPoint] {
        controls.filter { c in
            if c.kind.isPost { return true }
            guard parameters.includeSettlements else { return false }
            if let minPop = parameters.minPopulation { return (c.population ?? 0) >= minPop }
            return true
        }
    }

    /// The coverage disc of each control: the post radius for posts, the settlement radius for settlements.
    static func discs(_ controls: [ControlPoint], _ parameters: GapParameters) -> [CoverageDisc] {
        controls.map { CoverageDisc(center: $0.coordinate, radius: $0.kind.isPost ? parameters.postRadius : parameters.settlementRadius) }
    }

    /// With `coverage` (travel-time mode: the covered intervals of `line` and, per active control
    /// in order, whether it reaches the border), that coverage replaces the discs: gaps are exact
    /// (no location-precision bounds) and have no limiting circle.
    public static func run(border: Border, controls allControls: [ControlPoint], parameters: GapParameters,
                           seizures: [Seizure] = [], coverage: (intervals: [ChainageInterval], reaches: [Bool])? = nil) throws -> GapReport {
        for (name, r) in [("post radius", parameters.postRadius), ("settlement radius", parameters.settlementRadius)] {
            guard r.isFinite, r >= 0, r <= GapParameters.maxRadius else { throw GapAnalysisError.badRadius(name, r) }
        }
        let line = PolylineIndex(parts: border.parts)
        guard line.segmentCount > 0 else { throw GapAnalysisError.emptyBorder(border.id) }
        let controls = activeControls(allControls, parameters)
        let discs = discs(controls, parameters)
        let (covered, reaches) = coverage ?? Coverage.intervalsAndReach(of: line, by: discs)
        let uncovered = Coverage.complementByPart(of: covered, along: line)
        // The same coverage with every control moved as far as its precision allows, towards every
        // border point (certainly uncovered) and away from it (possibly uncovered): GapCertainty.
        let precisions = controls.map { max($0.locationPrecisionM ?? 0, 0) }
        let imprecise = coverage == nil && precisions.contains { $0 > 0 }
        var certainUncovered = uncovered, possibleUncovered = uncovered
        if imprecise {
            for (k, p) in precisions.enumerated() where !(discs[k].radius + p <= GapParameters.maxRadius) {
                throw GapAnalysisError.badPrecision(controls[k].id, p)
            }
            let grown = zip(discs, precisions).map { CoverageDisc(center: $0.center, radius: $0.radius + $1) }
            let shrunk = zip(discs, precisions).compactMap { d, p in
                d.radius - p > 0 ? CoverageDisc(center: d.center, radius: d.radius - p) : nil
            }
            certainUncovered = Coverage.complementByPart(of: Coverage.intervals(of: line, by: grown), along: line)
            possibleUncovered = Coverage.complementByPart(of: Coverage.intervals(of: line, by: shrunk), along: line)
        }
        let points = PointIndex(controls.map(\.coordinate))

        var gaps: [Gap] = []
        var shortLength = 0.0
        for (part, iv) in uncovered {
            if iv.length < parameters.minGapLength || iv.length <= 0 {
                shortLength += max(iv.length, 0)
                continue
            }
            let remote = mostRemotePoint(line: line, part: part, points: points, from: iv.start, to: iv.end)
            func endControl(_ s: Double) -> Gap.EndControl? {
                points.nearest(to: line.point(atChainage: s, part: part))
                    .map { Gap.EndControl(controlIndex: $0.index, distance: $0.distance) }
            }
            func limit(_ s: Double) -> Gap.EndControl? {
                if coverage != nil { return nil }
                let x = line.point(atChainage: s, part: part)
                let reach = max(parameters.postRadius, parameters.settlementRadius) + 0.01
                let candidates = points.within(reach, of: x).map { (i: $0.index, d: $0.distance, off: abs($0.distance - discs[$0.index].radius)) }
                return candidates.min { $0.off < $1.off }.flatMap { $0.off < 0.01 ? Gap.EndControl(controlIndex: $0.i, distance: $0.d) : nil }
            }
            gaps.append(Gap(id: "", rank: 0, start: iv.start, end: iv.end,
                            geometry: line.slice(from: iv.start, to: iv.end, maxSpacing: parameters.densifySpacing),
                            maxDistance: remote.distance, maxDistancePoint: remote.point, maxDistanceChainage: remote.chainage,
                            startControl: endControl(iv.start), endControl: endControl(iv.end),
                            startLimit: limit(iv.start), endLimit: limit(iv.end), seizures: [],
                            certainty: imprecise
                                ? GapCertainty.of(gap: iv, part: part, certain: certainUncovered, possible: possibleUncovered)
                                : GapCertainty.exact(iv)))
        }
        // Ids follow the border's direction (stable when radii change little); ranks follow length.
        for k in gaps.indices { gaps[k].id = "\(border.id)-gap-\(String(format: "%03d", k + 1))" }
        let ranked = gaps.indices.sorted { gaps[$0].length > gaps[$1].length || (gaps[$0].length == gaps[$1].length && $0 < $1) }
        for (r, k) in ranked.enumerated() { gaps[k].rank = r + 1 }

        if !seizures.isEmpty && !gaps.isEmpty {
            let gapLines = PolylineIndex(parts: gaps.map { line.slice(from: $0.start, to: $0.end, maxSpacing: .infinity) })
            for (si, s) in seizures.enumerated() {
                for hit in gapLines.partsWithin(parameters.seizureDistance, of: s.coordinate) {
                    gaps[hit.part].seizures.append((si, hit.distance))
                }
            }
        }
        // Cut at part ends: a merged interval may run from the end of one part into the next.
        let coveredStretches = Coverage.splitByPart(covered, along: line).map { _, iv in
            CoveredStretch(start: iv.start, end: iv.end, geometry: line.slice(from: iv.start, to: iv.end, maxSpacing: parameters.densifySpacing))
        }
        // = discs.indices.filter { line.nearestPoint(to: discs[$0].center)!.distance <= discs[$0].radius },
        // found by the coverage pass for free (5,000 nearest-point searches took ~0.09 s of CPU).
        let covering = discs.indices.filter { reaches[$0] }
        var report = GapReport(border: border, parameters: parameters, controls: controls, length: line.length,
                               coveredLength: covered.reduce(0) { $0 + $1.length }, shortUncoveredLength: shortLength,
                               gaps: ranked.map { gaps[$0] }, covered: coveredStretches, coveringControls: covering)
        report.hasImpreciseControls = imprecise
        report.certainGapLength = gaps.reduce(0) { $0 + $1.certainty.certainLength }
        report.possibleGapLength = imprecise
            ? possibleUncovered.map(\.interval.length).filter { $0 >= parameters.minGapLength && $0 > 0 }.reduce(0, +)
            : report.gapLength
        return report
    }

    /// The point of the stretch [from, to] farthest from its nearest control point. The distance to
    /// the nearest control is 1-Lipschitz in chainage, so a branch-and-bound over chainage intervals
    /// with the bound (g(a) + g(b) + (b − a)) / 2 finds the maximum to within `remoteTolerance`
    /// (0.1 m: a tenth of the 1 m the analysis claims, so that the claim holds with margin).
    static let remoteTolerance = 0.1

    static func mostRemotePoint(line: PolylineIndex, part: Int, points: PointIndex, from: Double, to: Double)
        -> (point: Coordinate, distance: Double, chainage: Double)
    {
        func g(_ s: Double) -> (Coordinate, Double) {
            let x = line.point(atChainage: s, part: part)
            return (x, points.nearest(to: x)?.distance ?? .infinity)
        }
        let (p0, d0) = g(from)
        if points.isEmpty { return (p0, .infinity, from) }
        var best = (point: p0, distance: d0, chainage: from)
        let n = max(1, Int(((to - from) / 2_000).rounded(.up)))
        var samples: [(s: Double, d: Double)] = [(from, d0)]
        for k in 1...n {
            let s = k == n ? to : from + (to - from) * Double(k) / Double(n)
            let (x, d) = g(s)
            samples.append((s, d))
            if d > best.distance { best = (x, d, s) }
        }
        // Max-heap on the bound (a MinHeap on its negation) of brackets stored in `brackets`.
        var brackets: [(a: Double, da: Double, b: Double, db: Double)] = []
        var heap = MinHeap()
        func push(_ a: Double, _ da: Double, _ b: Double, _ db: Double) {
            let ub = (da + db + (b - a)) / 2
            guard ub > best.distance + remoteTolerance else { return }
            brackets.append((a, da, b, db))
            heap.push(-ub, brackets.count - 1)
        }
        for k in 0..<(samples.count - 1) {
            push(samples[k].s, samples[k].d, samples[k + 1].s, samples[k + 1].d)
        }
        var iterations = 0
        while let (key, k) = heap.pop(), iterations < 100_000 {
            if -key <= best.distance + remoteTolerance { break }  // no bracket left can beat `best`
            iterations += 1
            let item = brackets[k]
            let mid = (item.a + item.b) / 2
            let (x, d) = g(mid)
            if d > best.distance { best = (x, d, mid) }
            push(item.a, item.da, mid, d)
            push(mid, d, item.b, item.db)
        }
        return best
    }
}
