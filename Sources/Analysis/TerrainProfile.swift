import Coordinates
import Domain
import Foundation
import Geodesy

/// One point of a border's terrain profile.
public struct TerrainSample: Sendable {
    /// Chainage (m from the border's start, as the gaps analysis counts it).
    public var chainage: Double
    public var coordinate: Coordinate
    /// Bilinear elevation (m); NaN where the DEM has no value.
    public var elevation: Double
    /// The terrain's steepest slope (degrees) from the DEM gradient; NaN without data.
    public var slope: Double
    /// The slope along the line (the gradient's component along the border's direction) and
    /// across it, degrees, unsigned; NaN without data.
    public var slopeAlong: Double
    public var slopeAcross: Double

    public var hasData: Bool { !elevation.isNaN && !slope.isNaN }
}

/// Terrain statistics of a stretch of border (a gap, a part, a whole border).
public struct TerrainStretch: Sendable, Hashable {
    public var length: Double
    /// The length of the stretch where the DEM has values (m).
    public var dataLength: Double
    /// Elevations (m) and the steepest slope (degrees) over the samples with data; NaN if none.
    public var minElevation: Double
    public var medianElevation: Double
    public var maxElevation: Double
    public var maxSlope: Double
    /// Length (m) where elevation ≤ maxElevation and slope ≤ maxSlope (linear between samples).
    public var passableLength: Double

    public var hasData: Bool { dataLength > 0 }
}

/// The terrain along a border: samples at the DEM's resolution on each part.
public struct TerrainProfile: Sendable {
    public var borderID: String
    public var parameters: TerrainParameters
    /// The sample spacing used (m).
    public var spacing: Double
    /// Samples of each part, by chainage; the ends of each part are samples.
    public var parts: [[TerrainSample]]
    /// The whole border's statistics.
    public var total: TerrainStretch

    /// Statistics between chainages `from` and `to` on part `part` (ends interpolated linearly
    /// between the neighbouring samples).
    public func stretch(from a: Double, to b: Double, part: Int) -> TerrainStretch {
        TerrainProfile.stretch(parts[part], from: a, to: b, parameters: parameters)
    }

    /// Statistics of a run of samples between chainages a ≤ b.
    static func stretch(_ samples: [TerrainSample], from a: Double, to b: Double, parameters p: TerrainParameters) -> TerrainStretch {
        var run: [TerrainSample] = []
        if let first = samples.first, let last = samples.last, b > a {
            let lo = max(a, first.chainage), hi = min(b, last.chainage)
            if hi > lo {
                run.append(interpolate(samples, at: lo))
                run += samples.filter { $0.chainage > lo && $0.chainage < hi }
                run.append(interpolate(samples, at: hi))
            }
        }
        var dataLength = 0.0, passable = 0.0
        for (x, y) in zip(run, run.dropFirst()) where x.hasData && y.hasData {
            let d = y.chainage - x.chainage
            dataLength += d
            passable += d * passableFraction(x, y, p)
        }
        let withData = run.filter(\.hasData)
        let z = withData.map(\.elevation).sorted()
        let median = z.isEmpty ? Double.nan : (z.count % 2 == 1 ? z[z.count / 2] : (z[z.count / 2 - 1] + z[z.count / 2]) / 2)
        return TerrainStretch(length: max(b - a, 0), dataLength: dataLength, minElevation: z.first ?? .nan, medianElevation: median,
                              maxElevation: z.last ?? .nan, maxSlope: withData.map(\.slope).max() ?? .nan, passableLength: passable)
    }

    /// The share of the interval between two samples where both criteria hold, each criterion's
    /// quantity varying linearly between them.
    static func passableFraction(_ x: TerrainSample, _ y: TerrainSample, _ p: TerrainParameters) -> Double {
        // The sub-interval [lo, hi] of [0, 1] where q(t) = q0 + t (q1 − q0) ≤ limit.
        func below(_ q0: Double, _ q1: Double, _ limit: Double) -> (Double, Double) {
            let in0 = q0 <= limit, in1 = q1 <= limit
            if in0 && in1 { return (0, 1) }
            if !in0 && !in1 { return (0, 0) }
            let t = (limit - q0) / (q1 - q0)
            return in0 ? (0, t) : (t, 1)
        }
        let e = below(x.elevation, y.elevation, p.maxElevation), s = below(x.slope, y.slope, p.maxSlope)
        return max(0, min(e.1, s.1) - max(e.0, s.0))
    }

    /// A sample at chainage `s` interpolated linearly between its neighbours (NaN if one has no data).
    static func interpolate(_ samples: [TerrainSample], at s: Double) -> TerrainSample {
        var lo = 0, hi = samples.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if samples[mid].chainage <= s { lo = mid } else { hi = mid }
        }
        let x = samples[lo], y = samples[hi]
        let d = y.chainage - x.chainage
        let t = d > 0 ? min(max((s - x.chainage) / d, 0), 1) : 0
        func mix(_ u: Double, _ v: Double) -> Double { u + t * (v - u) }
        let c = t < 0.5 ? x.coordinate : y.coordinate
        return TerrainSample(chainage: s, coordinate: c, elevation: mix(x.elevation, y.elevation), slope: mix(x.slope, y.slope),
                             slopeAlong: mix(x.slopeAlong, y.slopeAlong), slopeAcross: mix(x.slopeAcross, y.slopeAcross))
    }
}

public enum TerrainError: Error, Sendable, CustomStringConvertible {
    /// No border analysed comes onto the DEM.
    case noOverlap
    /// The borders cross the DEM only where it has no values.
    case noData

    public var description: String {
        switch self {
        case .noOverlap: "the raster does not overlap the border"
        case .noData: "the raster has no value (nodata everywhere) along the border"
        }
    }
}

/// Elevation and slope along a border, sampled at the DEM's resolution.
public enum TerrainAnalysis {
    /// The profile of `border` over `surface`; nil when the border does not come onto the grid.
    public static func profile(border: Border, surface: TerrainSurface, parameters: TerrainParameters) -> TerrainProfile? {
        guard mayReach(border, surface.grid) else { return nil }
        let line = PolylineIndex(parts: border.parts)
        let lats = border.parts.joined().map(\.latitude)
        let spacing = parameters.spacing ?? surface.resolution(south: lats.min() ?? 0, north: lats.max() ?? 0)
        precondition(spacing > 0 && spacing.isFinite, "terrain sample spacing must be positive")
        let g = Geodesic.wgs84
        var parts: [[TerrainSample]] = []
        var onGrid = false
        for r in line.parts {
            let start = line.chainage[r.lowerBound], end = line.chainage[r.upperBound - 1]
            let n = max(Int((end - start) / spacing - 1e-9) + 1, 1)
            var samples: [TerrainSample] = []
            samples.reserveCapacity(n + 1)
            var seg = r.lowerBound
            for k in 0...n {
                let s = k == n ? end : start + (end - start) * Double(k) / Double(n)
                while seg < r.upperBound - 2 && line.chainage[seg + 1] <= s { seg += 1 }
                let offset = min(max(s - line.chainage[seg], 0), line.segmentLength[seg])
                let pos = offset == 0 ? GeodesicPosition(coordinate: line.vertices[seg], azimuth: line.segmentAzimuth[seg])
                    : g.direct(from: line.vertices[seg], azimuth: line.segmentAzimuth[seg], distance: offset)
                samples.append(sample(at: pos, chainage: s, surface))
                if surface.grid.contains(pos.coordinate) { onGrid = true }
            }
            parts.append(samples)
        }
        guard onGrid else { return nil }
        var total = TerrainStretch(length: 0, dataLength: 0, minElevation: .nan, medianElevation: .nan, maxElevation: .nan, maxSlope: .nan, passableLength: 0)
        let all = parts.flatMap { $0 }.filter(\.hasData).map(\.elevation).sorted()
        for samples in parts {
            guard let a = samples.first?.chainage, let b = samples.last?.chainage else { continue }
            let st = TerrainProfile.stretch(samples, from: a, to: b, parameters: parameters)
            total.length += st.length
            total.dataLength += st.dataLength
            total.passableLength += st.passableLength
            total.minElevation = [total.minElevation, st.minElevation].filter { !$0.isNaN }.min() ?? .nan
            total.maxElevation = [total.maxElevation, st.maxElevation].filter { !$0.isNaN }.max() ?? .nan
            total.maxSlope = [total.maxSlope, st.maxSlope].filter { !$0.isNaN }.max() ?? .nan
        }
        if !all.isEmpty { total.medianElevation = all.count % 2 == 1 ? all[all.count / 2] : (all[all.count / 2 - 1] + all[all.count / 2]) / 2 }
        return TerrainProfile(borderID: border.id, parameters: parameters, spacing: spacing, parts: parts, total: total)
    }

    /// Whether some segment of the border may come onto the grid: its endpoints' box, enlarged by
    /// a quarter of its extent (more than a geodesic strays from the box of its ends, for segments
    /// shorter than a few hundred km) plus 0.01°, meets the grid. False only when it surely does not.
    static func mayReach(_ border: Border, _ grid: ElevationGrid) -> Bool {
        for part in border.parts {
            for (a, b) in zip(part, part.dropFirst()) {
                let m = 0.25 * max(abs(a.latitude - b.latitude), abs(a.longitude - b.longitude)) + 0.01
                if min(a.longitude, b.longitude) - m <= grid.east && max(a.longitude, b.longitude) + m >= grid.west
                    && min(a.latitude, b.latitude) - m <= grid.north && max(a.latitude, b.latitude) + m >= grid.south {
                    return true
                }
            }
        }
        return false
    }

    static func sample(at pos: GeodesicPosition, chainage: Double, _ surface: TerrainSurface) -> TerrainSample {
        let p = pos.coordinate
        guard let z = surface.elevation(at: p), let gr = surface.gradient(at: p) else {
            return TerrainSample(chainage: chainage, coordinate: p, elevation: .nan, slope: .nan, slopeAlong: .nan, slopeAcross: .nan)
        }
        let az = pos.azimuth * .pi / 180
        let along = gr.east * sin(az) + gr.north * cos(az)
        let across = gr.east * cos(az) - gr.north * sin(az)
        let deg = 180 / Double.pi
        return TerrainSample(chainage: chainage, coordinate: p, elevation: z, slope: atan(hypot(gr.east, gr.north)) * deg,
                             slopeAlong: atan(abs(along)) * deg, slopeAcross: atan(abs(across)) * deg)
    }
}
