import Coordinates
import Domain

/// The stretches of a border where crossing is plausible (elevation ≤ the maximum and slope ≤ the
/// maximum), as chainage intervals, each quantity linear between the profile's samples (the same
/// rule as `TerrainStretch.passableLength`), with their geometry along the line.
public struct PassableStretch: Sendable {
    public var start: Double
    public var end: Double
    public var length: Double { end - start }
    public var geometry: [Coordinate]
}

public enum PassableStretches {
    public static func of(_ profile: TerrainProfile, border: Border, densify spacing: Double = 500) -> [PassableStretch] {
        let p = profile.parameters
        var intervals: [(part: Int, start: Double, end: Double)] = []
        for (k, samples) in profile.parts.enumerated() {
            for (x, y) in zip(samples, samples.dropFirst()) where x.hasData && y.hasData && y.chainage > x.chainage {
                // t ∈ [0, 1] where q(t) = q0 + t (q1 − q0) ≤ limit.
                func below(_ q0: Double, _ q1: Double, _ limit: Double) -> (Double, Double)? {
                    if q0 <= limit && q1 <= limit { return (0, 1) }
                    if q0 > limit && q1 > limit { return nil }
                    let t = (limit - q0) / (q1 - q0)
                    return q0 <= limit ? (0, t) : (t, 1)
                }
                guard let e = below(x.elevation, y.elevation, p.maxElevation), let s = below(x.slope, y.slope, p.maxSlope) else { continue }
                let a = max(e.0, s.0), b = min(e.1, s.1)
                guard b > a else { continue }
                let d = y.chainage - x.chainage
                let lo = x.chainage + a * d, hi = x.chainage + b * d
                if let last = intervals.last, last.part == k, abs(last.end - lo) < 1e-9 {
                    intervals[intervals.count - 1].end = hi
                } else {
                    intervals.append((k, lo, hi))
                }
            }
        }
        let line = PolylineIndex(parts: border.parts)
        return intervals.map { PassableStretch(start: $0.start, end: $0.end, geometry: line.slice(from: $0.start, to: $0.end, maxSpacing: spacing)) }
    }
}
