import Analysis
import Foundation

/// `<border>-profile.csv`: the border's terrain profile, one row per sample (at the DEM's
/// resolution along the line):
///
///     border_id,part,chainage_km,longitude,latitude,elevation_m,slope_deg,slope_along_deg,slope_across_deg,passable,gap_id
///
/// Elevation is bilinear between the DEM's cell centres (m, 0.1 m); slopes in degrees (0.01°):
/// `slope_deg` the terrain's steepest slope, `slope_along_deg` / `slope_across_deg` its
/// components along and across the line. Empty fields where the DEM has no value. `passable` is
/// 1 where elevation ≤ the maximum elevation and slope ≤ the maximum slope; `gap_id` names the
/// gap the sample lies in (empty: covered or a short uncovered stretch).
public enum TerrainProfileCSV {
    public static let header = "border_id,part,chainage_km,longitude,latitude,elevation_m,slope_deg,slope_along_deg,slope_across_deg,passable,gap_id"

    public static func text(_ report: GapReport) -> String {
        guard let terrain = report.terrain else { return header + "\n" }
        let p = terrain.profile
        let gaps = report.gaps.sorted { $0.start < $1.start }
        var lines = [header]
        let id = CorridorProfileCSV.field(report.border.id)
        for (k, samples) in p.parts.enumerated() {
            let first = samples.first?.chainage ?? 0, last = samples.last?.chainage ?? 0
            for s in samples {
                let gap = gaps.first { $0.start <= s.chainage && s.chainage <= $0.end && $0.start >= first - 1e-6 && $0.end <= last + 1e-6 }
                let passable = s.hasData ? (s.elevation <= p.parameters.maxElevation && s.slope <= p.parameters.maxSlope ? "1" : "0") : ""
                lines.append([
                    id, String(k + 1), CorridorProfileCSV.km(s.chainage),
                    String(format: "%.7f", s.coordinate.longitude), String(format: "%.7f", s.coordinate.latitude),
                    opt(s.elevation, 1), opt(s.slope, 2), opt(s.slopeAlong, 2), opt(s.slopeAcross, 2), passable,
                    gap.map { CorridorProfileCSV.field($0.id) } ?? "",
                ].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func opt(_ v: Double, _ decimals: Int) -> String {
        guard v.isFinite else { return "" }
        let s = String(format: "%.\(decimals)f", v)
        return s.hasPrefix("-0.") && Double(s) == 0 ? String(s.dropFirst()) : s
    }
}
