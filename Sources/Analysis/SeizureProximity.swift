import Coordinates
import Domain
import Foundation
import Geodesy

/// The nearest checkpoint of a seizure: index into `SeizureContext.checkpoints`.
public struct SeizureCheckpointHit: Sendable, Hashable {
    public var index: Int
    /// Geodesic distance, metres.
    public var distance: Double
    /// Azimuth at the seizure of the geodesic towards the checkpoint, degrees clockwise from north
    /// in [0, 360) (0 when the two points coincide).
    public var bearing: Double

    public init(index: Int, distance: Double, bearing: Double) {
        self.index = index
        self.distance = distance
        self.bearing = bearing
    }
}

/// A seizure against one border.
public struct SeizureBorderHit: Sendable, Hashable {
    /// Geodesic distance to the border line (the nearest point of its geodesic segments), metres.
    public var distance: Double
    /// The nearest point of the border line.
    public var point: Coordinate
    /// Its chainage: metres along the border from its start (see `Border`).
    public var chainage: Double
    /// The gap (index into the border's `GapReport.gaps`) that holds the nearest border point, or nil.
    public var gap: Int?
    /// The nearest gap (index into `GapReport.gaps`) and the geodesic distance to its line; nil
    /// when the border has no gap (or no gap report was given).
    public var nearestGap: Int?
    public var nearestGapDistance: Double?

    public var inGap: Bool { gap != nil }

    public init(distance: Double, point: Coordinate, chainage: Double, gap: Int? = nil, nearestGap: Int? = nil, nearestGapDistance: Double? = nil) {
        self.distance = distance
        self.point = point
        self.chainage = chainage
        self.gap = gap
        self.nearestGap = nearestGap
        self.nearestGapDistance = nearestGapDistance
    }
}

/// Everything the seizures analysis finds for one point.
public struct SeizureResult: Sendable, Hashable {
    /// Index into `SeizureContext.countries` of the country polygon holding the point, or nil.
    public var country: Int?
    /// Index into `SeizureContext.provinces` of the province polygon holding the point, or nil.
    public var province: Int?
    /// nil when there is no checkpoint.
    public var checkpoint: SeizureCheckpointHit?
    /// One per border of the context, in its order.
    public var borders: [SeizureBorderHit]

    public init(country: Int?, province: Int? = nil, checkpoint: SeizureCheckpointHit?, borders: [SeizureBorderHit]) {
        self.country = country
        self.province = province
        self.checkpoint = checkpoint
        self.borders = borders
    }

    /// Index of the nearest border (lowest index on a tie), nil when there is none.
    public var nearestBorder: Int? {
        borders.indices.min { borders[$0].distance < borders[$1].distance }
    }
}

public enum SeizureAnalysisError: Error, CustomStringConvertible, Sendable {
    case emptyBorder(String)

    public var description: String {
        switch self {
        case .emptyBorder(let id): "border \(id) has no segment"
        }
    }
}

/// The seizures analysis's inputs, prepared once (indexes, geodesic lines) and then evaluated per
/// point from any thread: `evaluate(_:)` is a pure function of the coordinate.
///
/// Accuracy: every distance is the ellipsoidal geodesic distance on WGS84 within 1 µm of Karney's
/// solution (each is certified by one geodesic direct problem, see `CertifiedInverse`); the nearest
/// border point is within 0.1 mm along the line of the true one, and the bearing within 1e-6°.
/// Tested against an independent pure-Python geographiclib oracle (dense sampling and
/// golden-section refinement): Tests/AnalysisTests/SeizureProximityTests.swift.
public final class SeizureContext: Sendable {
    public let checkpoints: [ControlPoint]
    public let borders: [Border]
    /// Aligned with `borders`; nil when no gap report was given for a border.
    public let gapReports: [GapReport?]
    public let countries: [Country]
    /// Polygons for "which province" (the first that holds a point wins where they overlap).
    public let provinces: [Province]

    /// The distinct checkpoint positions, each with the lowest index of a checkpoint there, in
    /// index order (a coincident checkpoint can only tie with the first, which wins ties).
    let checkpointSites: [(point: SurfacePoint, index: Int)]
    let checkpointIndex: PointIndex?
    let borderLines: [CertifiedNearestLine]
    let gapLines: [CertifiedNearestLine?]
    /// Per border: (start, end, gap index) sorted by start.
    let gapsByChainage: [[(start: Double, end: Double, index: Int)]]
    let countryIndex: CountryLocator
    let provinceIndex: CountryLocator

    /// Above this many checkpoints the nearest one is found with `PointIndex` (exact, slower per
    /// point) rather than by a scan of the chords.
    static let scanLimit = 256

    /// - Parameters:
    ///   - checkpoints: candidates for "nearest checkpoint" (any kind; the caller filters).
    ///   - borders: each needs at least one segment.
    ///   - gapReports: `GapAnalysis.run` results, matched to `borders` by border id.
    ///   - countries: polygons for "which country".
    ///   - provinces: polygons for "which province".
    public init(checkpoints: [ControlPoint], borders: [Border], gapReports: [GapReport] = [], countries: [Country] = [],
                provinces: [Province] = []) throws {
        self.checkpoints = checkpoints
        self.borders = borders
        self.countries = countries
        self.provinces = provinces
        var seen = Set<Coordinate>()
        checkpointSites = checkpoints.enumerated().compactMap { i, c in
            seen.insert(c.coordinate).inserted ? (SurfacePoint(c.coordinate), i) : nil
        }
        checkpointIndex = checkpoints.count > SeizureContext.scanLimit ? PointIndex(checkpoints.map(\.coordinate)) : nil
        // The lines to build (each border, and its gaps when it has any), built on all cores.
        var jobs: [(line: PolylineIndex, ranges: [(segment: Int, lo: Double, hi: Double, owner: Int)]?)] = []
        var gapJob: [Int?] = [], byChainage: [[(start: Double, end: Double, index: Int)]] = []
        var reports: [GapReport?] = []
        for b in borders {
            let poly = PolylineIndex(parts: b.parts)
            guard poly.segmentCount > 0 else { throw SeizureAnalysisError.emptyBorder(b.id) }
            jobs.append((poly, nil))
            let report = gapReports.first { $0.border.id == b.id }
            reports.append(report)
            guard let report, !report.gaps.isEmpty else {
                gapJob.append(nil)
                byChainage.append([])
                continue
            }
            var ranges: [(segment: Int, lo: Double, hi: Double, owner: Int)] = []
            for (gi, g) in report.gaps.enumerated() {
                for i in 0..<poly.segmentCount where poly.segmentValid[i] {
                    let c0 = poly.chainage[i], len = poly.segmentLength[i]
                    let lo = max(g.start - c0, 0), hi = min(g.end - c0, len)
                    if hi > lo { ranges.append((i, lo, hi, gi)) }
                }
            }
            ranges.sort { ($0.segment, $0.lo) < ($1.segment, $1.lo) }
            gapJob.append(jobs.count)
            jobs.append((poly, ranges))
            byChainage.append(report.gaps.enumerated().map { (start: $1.start, end: $1.end, index: $0) }.sorted { $0.start < $1.start })
        }
        // The lines and the two locators, all on all cores at once.
        let built = parallelChunks(jobs.count + 2) { [jobs] k -> Prepared in
            switch k - jobs.count {
            case 0: .locator(CountryLocator(countries))
            case 1: .locator(CountryLocator(provinces))
            default: .line(CertifiedNearestLine(jobs[k].line, ranges: jobs[k].ranges))
            }
        }
        let line = { (k: Int) -> CertifiedNearestLine in
            guard case .line(let l) = built[k] else { preconditionFailure("a line job") }
            return l
        }
        let locator = { (k: Int) -> CountryLocator in
            guard case .locator(let l) = built[k] else { preconditionFailure("a locator job") }
            return l
        }
        borderLines = jobs.indices.filter { jobs[$0].ranges == nil }.map(line)
        gapLines = gapJob.map { $0.map(line) }
        gapsByChainage = byChainage
        self.gapReports = reports
        countryIndex = locator(jobs.count)
        provinceIndex = locator(jobs.count + 1)
    }

    /// What `init` builds in parallel.
    private enum Prepared: Sendable {
        case line(CertifiedNearestLine)
        case locator(CountryLocator)
    }

    /// The analysis of one point.
    public func evaluate(_ coordinate: Coordinate) -> SeizureResult {
        var result = SeizureResult(country: nil, checkpoint: nil, borders: [])
        result.borders.reserveCapacity(borderLines.count)
        evaluate(coordinate, into: &result)
        return result
    }

    /// The analysis of one point into `result`, replacing all of it: the same values as
    /// `evaluate(_:)`, but `result.borders` keeps its storage, so a caller that reuses one result
    /// (and keeps no copy of its `borders`) allocates nothing per point.
    public func evaluate(_ coordinate: Coordinate, into result: inout SeizureResult) {
        let p = SurfacePoint(coordinate)
        result.borders.removeAll(keepingCapacity: true)
        for b in borderLines.indices {
            result.borders.append(borderHit(b, p))
        }
        result.country = countryIndex.locate(coordinate)
        result.province = provinceIndex.locate(coordinate)
        result.checkpoint = nearestCheckpoint(p)
    }

    func borderHit(_ b: Int, _ p: SurfacePoint) -> SeizureBorderHit {
        let h = borderLines[b].nearest(to: p)!
        var hit = SeizureBorderHit(distance: h.distance, point: h.coordinate, chainage: h.chainage)
        let gaps = gapsByChainage[b]
        guard !gaps.isEmpty else { return hit }
        // The last gap starting at or before the chainage.
        var lo = 0, hi = gaps.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if gaps[mid].start <= h.chainage { lo = mid + 1 } else { hi = mid }
        }
        if lo > 0, h.chainage <= gaps[lo - 1].end {
            hit.gap = gaps[lo - 1].index
            hit.nearestGap = hit.gap
            hit.nearestGapDistance = h.distance
        } else if let g = gapLines[b]?.nearest(to: p) {
            hit.nearestGap = g.owner
            hit.nearestGapDistance = g.distance
        }
        return hit
    }

    func nearestCheckpoint(_ p: SurfacePoint) -> SeizureCheckpointHit? {
        guard !checkpointSites.isEmpty else { return nil }
        if let index = checkpointIndex {
            guard let n = index.nearest(to: p.coordinate) else { return nil }
            return SeizureCheckpointHit(index: n.index, distance: n.distance, bearing: CertifiedInverse.bearing(n.azimuth))
        }
        // Chords are lower bounds of geodesics and (2/κ)·asin(κc/2) upper bounds (see ChordBounds): only the
        // checkpoints whose chord is below the upper bound of the shortest chord can be nearest.
        var c2Min = Double.infinity
        for c in checkpointSites {
            let v = c.point.p - p.p
            c2Min = min(c2Min, v.dot(v))
        }
        let limit = ChordBounds.geodesicUpperBoundBySeries(chord: c2Min.squareRoot()) * (1 + 1e-12) + 1e-9
        var best: SeizureCheckpointHit?
        for c in checkpointSites where (c.point.p - p.p).dot(c.point.p - p.p) <= limit * limit {
            let r = CertifiedInverse.inverse(p, c.point)
            if best == nil || r.distance < best!.distance {
                best = SeizureCheckpointHit(index: c.index, distance: r.distance, bearing: CertifiedInverse.bearing(r.azimuth))
            }
        }
        return best
    }
}

/// The result buffer of `SeizureProximity.run`: each slot is written by exactly one chunk.
private struct ResultSlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<SeizureResult>?
}

public enum SeizureProximity {
    /// Every seizure against the context, in parallel on all cores; results in input order.
    public static func run(seizures: [Seizure], context: SeizureContext) -> [SeizureResult] {
        run(coordinates: seizures.map(\.coordinate), context: context)
    }

    /// In chunks of at least 512 points, 16 per core (so that a core slowed down by others does
    /// not hold up the end), written straight into the result.
    public static func run(coordinates: [Coordinate], context: SeizureContext) -> [SeizureResult] {
        let n = coordinates.count
        let chunks = max(1, min(n / 512, 16 * ProcessInfo.processInfo.activeProcessorCount))
        return [SeizureResult](unsafeUninitializedCapacity: n) { buffer, count in
            let out = ResultSlots(base: buffer.baseAddress)
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                for i in n * k / chunks..<n * (k + 1) / chunks {
                    (out.base! + i).initialize(to: context.evaluate(coordinates[i]))
                }
            }
            count = n
        }
    }

    /// Convenience: prepares a context and runs it.
    public static func run(seizures: [Seizure], checkpoints: [ControlPoint], borders: [Border],
                           gapReports: [GapReport] = [], countries: [Country] = []) throws -> [SeizureResult] {
        run(seizures: seizures, context: try SeizureContext(checkpoints: checkpoints, borders: borders,
                                                             gapReports: gapReports, countries: countries))
    }

    /// The interval a distance may take when the seizure's true place is anywhere within
    /// `precision` metres of its recorded point (`location_precision_m`): by the triangle
    /// inequality, [max(0, d − p), d + p]. nil or non-positive precision: [d, d].
    public static func interval(_ distance: Double, precision: Double?) -> (min: Double, max: Double) {
        guard let p = precision, p > 0, p.isFinite else { return (distance, distance) }
        return (max(0, distance - p), distance + p)
    }
}
