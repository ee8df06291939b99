import Analysis
import Domain
import GeoFormats

/// `<border>-plan-posts.geojson`: the new posts a plan chooses, one Point each, ranked (rank 1
/// adds the most; each next adds the most given those before it), with what each adds and its
/// coverage of the border. Every post has `kind = outpost`, so the layer can be passed back as
/// `--posts` (then `nroute gaps` reports what `<border>-plan-gaps.geojson` shows). Coordinates
/// are written unrounded (round trip exact), so that file gives the very same posts.
public enum PlanLayers {
    public static func posts(_ report: PlanReport) -> GeoJSON.FeatureCollection {
        let features = report.chosen.map { post -> GeoJSON.Feature in
            var p: JSONObject = [
                "id": .string(post.site.id),
                "name": .string(post.site.name),
                "kind": "outpost",
                "rank": .number(Double(post.rank)),
                "border_id": .string(report.border.id),
                "origin": .string(post.site.origin.rawValue),
                "cost": .number(post.site.cost),
                "adds_\(report.weightUnit)": Round.km(post.adds * 1000),
                "coverage_\(report.weightUnit)": Round.km(post.coverage.reduce(0) { $0 + $1.length }),
                "coverage_start_km": post.coverage.first.map { Round.km($0.start) } ?? .null,
                "coverage_end_km": post.coverage.last.map { Round.km($0.end) } ?? .null,
                "coverage_intervals_km": .string(intervals(post.coverage)),
                "radius_km": Round.km(report.before.parameters.postRadius),
                "lon": Round.deg(post.site.coordinate.longitude),
                "lat": Round.deg(post.site.coordinate.latitude),
            ]
            p["site_chainage_km"] = post.site.chainage.map { Round.km($0) } ?? .null
            if let t = report.travel {
                p["patrol_hours"] = .number(t.patrolHours)
                p["travel_mode"] = .string(t.mode.rawValue)
            }
            return GeoJSON.Feature(id: .string(post.site.id), geometry: .point(post.site.coordinate), properties: p)
        }
        return GeoJSON.FeatureCollection(features: features)
    }

    /// "12.345-30.001;41.2-50" (chainage km, to the metre).
    static func intervals(_ ivs: [ChainageInterval]) -> String {
        ivs.map { "\(PlanCurveCSV.km($0.start))-\(PlanCurveCSV.km($0.end))" }.joined(separator: ";")
    }
}
