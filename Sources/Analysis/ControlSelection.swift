import Coordinates
import Domain
import Foundation

/// Which control points take part in a border's analysis: those within `reach` of its line, by
/// geodesic distance on WGS84 — wherever the line came from (geodata, a user's file, derived from
/// two polygons), whatever `border_id` a control carries. Every command selects controls by this
/// one rule, so a checkpoint placed on the Natural Earth line also serves an OpenStreetMap line of
/// the same border a few kilometres away.
///
/// A control farther than its coverage radius covers nothing; `reach` (default 50 km, the distance
/// within which geodata's settlements were chosen) also bounds which controls can be named as the
/// nearest control at a gap's end. It is never less than the largest coverage radius.
public enum ControlSelection {
    public static let defaultReach = 50_000.0

    /// The controls within `reach` metres of `border`, in the order given. Distances are the exact
    /// point-to-polyline geodesic distance (`PolylineIndex.nearestPoint`, to ~1e-8 m); a box test
    /// discards controls that are certainly farther first.
    public static func select(_ controls: [ControlPoint], near border: Border, reach: Double) -> [ControlPoint] {
        let vertices = border.parts.flatMap { $0 }
        guard !vertices.isEmpty, !controls.isEmpty else { return [] }
        var minLat = 90.0, maxLat = -90.0, minLon = 180.0, maxLon = -180.0
        for v in vertices {
            minLat = min(minLat, v.latitude); maxLat = max(maxLat, v.latitude)
            minLon = min(minLon, v.longitude); maxLon = max(maxLon, v.longitude)
        }
        // A degree of latitude is at least 110.5 km on WGS84, and a degree of longitude at least
        // 110.5 km · cos φ; geodesics between the vertices bulge poleward by less than the margin
        // for the segment lengths of a border line, so the box is only a first cut. Near the poles
        // or the antimeridian, or for huge reaches, every control goes to the exact test.
        let latMargin = reach / 110_000 + 0.5
        let poleward = max(abs(minLat), abs(maxLat)) + latMargin
        let boxUsable = poleward < 80 && maxLon - minLon < 180
        let lonMargin = boxUsable ? reach / (110_000 * cos(poleward * .pi / 180)) + 0.5 : 360
        let line = PolylineIndex(parts: border.parts)
        return controls.filter { c in
            let p = c.coordinate
            if boxUsable && (p.latitude < minLat - latMargin || p.latitude > maxLat + latMargin
                || p.longitude < minLon - lonMargin || p.longitude > maxLon + lonMargin) {
                return false
            }
            guard let hit = line.nearestPoint(to: p) else { return false }
            return hit.distance <= reach
        }
    }

    /// The reach actually used: `reach`, but never less than the coverage radii of `parameters`.
    public static func effectiveReach(_ reach: Double, _ parameters: GapParameters) -> Double {
        max(reach, parameters.postRadius, parameters.includeSettlements ? parameters.settlementRadius : 0)
    }
}
