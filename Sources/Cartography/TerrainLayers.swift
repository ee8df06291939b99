import Analysis
import GeoFormats

/// The terrain as a GeoJSON layer: `<border>-passable.geojson`, the stretches of the border where
/// crossing is plausible (elevation and slope within the limits), each with its chainage.
public enum TerrainLayers {
    public static func passable(_ report: GapReport) -> GeoJSON.FeatureCollection {
        guard let t = report.terrain else { return GeoJSON.FeatureCollection(features: []) }
        let p = t.profile.parameters
        let features = PassableStretches.of(t.profile, border: report.border).enumerated().map { k, s in
            GeoJSON.Feature(id: .string("\(report.border.id)-passable-\(k + 1)"), geometry: .lineString(s.geometry), properties: [
                "border_id": .string(report.border.id),
                "start_km": Round.km(s.start),
                "end_km": Round.km(s.end),
                "length_km": Round.km(s.length),
                "max_elevation_m": Round.places(p.maxElevation, 1),
                "max_slope_deg": Round.places(p.maxSlope, 2),
            ])
        }
        return GeoJSON.FeatureCollection(features: features)
    }
}
