import Analysis
import Coordinates
import Domain
import Foundation
import GeoFormats

/// The corridor analysis as GeoJSON layers for QGIS: corridor polygons, route lines, crossing
/// points and the seizures inside each corridor.
public enum CorridorLayers {
    /// Spacing of the densified route lines, so that QGIS draws the geodesics, not lon/lat chords.
    public static let routeDensifySpacing = 1_000.0

    /// `corridor.geojson`: one (Multi)Polygon per route.
    public static func corridors(_ report: CorridorReport) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: report.routes.map { r in
            let polys = r.polygon.polygons
            let geometry: GeoJSON.Geometry = polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
            return GeoJSON.Feature(id: .string("\(r.route.id)-corridor"), geometry: geometry, properties: [
                "route_id": .string(r.route.id),
                "route_name": .string(r.route.name),
                "half_width_km": Round.km(r.polygon.halfWidth),
                "route_length_km": Round.km(r.length),
                "area_km2": Round.places(r.polygon.area / 1e6, 3),
                "seizures_inside": .number(Double(r.seizures.count)),
                "seizures_in_profile": .number(Double(r.seizures.filter(\.inProfile).count)),
                "crossings": .number(Double(r.crossings.count)),
                "boundary_tolerance_m": Round.places(report.parameters.corridor.boundaryTolerance, 3),
                "vertices": .number(Double(r.polygon.vertexCount)),
                "repaired": .bool(r.polygon.repaired),
            ])
        })
    }

    /// `route.geojson`: one LineString per route, densified to ≤ 1 km along its geodesic legs.
    public static func routes(_ report: CorridorReport) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: report.routes.map { r in
            let names = r.route.waypoints.map { $0.name.isEmpty ? "?" : $0.name }
            let line = r.line.slice(from: 0, to: r.length, maxSpacing: routeDensifySpacing)
            return GeoJSON.Feature(id: .string(r.route.id), geometry: .lineString(line.isEmpty ? r.route.coordinates : line), properties: [
                "route_id": .string(r.route.id),
                "route_name": .string(r.route.name),
                "length_km": Round.km(r.length),
                "waypoints": .string(names.joined(separator: " → ")),
                "waypoint_km": .string(r.waypointChainage.map { String(format: "%.3f", $0 / 1000) }.joined(separator: ";")),
                "countries": .string(orderedUnique(r.route.waypoints.map(\.country).filter { !$0.isEmpty }).joined(separator: " → ")),
                "seizures_inside": .number(Double(r.seizures.count)),
                "crossings": .number(Double(r.crossings.count)),
                "source": .string(r.route.source),
            ])
        })
    }

    /// `route-crossings.geojson`: one Point per crossing of a route and a border.
    public static func crossings(_ report: CorridorReport) -> GeoJSON.FeatureCollection {
        let input = report.input
        var features: [GeoJSON.Feature] = []
        for r in report.routes {
            for (k, c) in r.crossings.enumerated() {
                let border = input.borders[c.borderIndex]
                let post = c.nearestPost.map { input.checkpoints[$0.index] }
                var p: JSONObject = [
                    "id": .string("\(r.route.id)-x" + String(format: "%02d", k + 1)),
                    "route_id": .string(r.route.id),
                    "route_name": .string(r.route.name),
                    "border_id": .string(border.id),
                    "border_name": .string(border.name),
                    "from_country": c.fromCountry.isEmpty ? .null : .string(c.fromCountry),
                    "to_country": c.toCountry.isEmpty ? .null : .string(c.toCountry),
                    "label": .string(c.label(input.borders)),
                    "route_km": Round.km(c.point.routeChainage),
                    "border_km": Round.km(c.point.borderChainage),
                    "angle_deg": Round.places(c.point.angle, 2),
                    "kind": .string(c.point.direction == 0 ? "touch" : "crossing"),
                    "residual_m": Round.places(c.point.residual, 6),
                ]
                p["nearest_checkpoint_id"] = post.map { .string($0.id) } ?? .null
                p["nearest_checkpoint_name"] = post.map { .string($0.name) } ?? .null
                p["nearest_checkpoint_kind"] = post.map { .string($0.kind.rawValue) } ?? .null
                p["nearest_checkpoint_border_id"] = post.map { $0.borderID.map { .string($0) } ?? .null } ?? .null
                p["nearest_checkpoint_km"] = c.nearestPost.map { Round.km($0.distance) } ?? .null
                p["checkpoint_serves_border"] = c.nearestPost.map { .bool($0.servesBorder) } ?? .null
                p["in_gap"] = .bool(c.inGap)
                p["gap_id"] = c.gap.map { .string($0.id) } ?? .null
                p["gap_rank"] = c.gap.map { .number(Double($0.rank)) } ?? .null
                p["gap_start_km"] = c.gap.map { Round.km($0.start) } ?? .null
                p["gap_end_km"] = c.gap.map { Round.km($0.end) } ?? .null
                p["gap_length_km"] = c.gap.map { Round.km($0.length) } ?? .null
                features.append(GeoJSON.Feature(id: p["id"].flatMap { $0.stringValue }.map { .string($0) },
                                                geometry: .point(c.point.coordinate), properties: p))
            }
        }
        return GeoJSON.FeatureCollection(features: features)
    }

    /// `corridor-seizures.geojson`: one Point per (seizure, route) inside that route's corridor, with
    /// its chainage and signed offset, followed by every property of the input record.
    public static func seizures(_ report: CorridorReport) -> GeoJSON.FeatureCollection {
        var features: [GeoJSON.Feature] = []
        for r in report.routes {
            for s in r.seizures {
                let record = report.input.seizures[s.seizureIndex]
                var p: JSONObject = [
                    "seizure_id": .string(record.id),
                    "route_id": .string(r.route.id),
                    "chainage_km": Round.km(s.position.chainage),
                    "offset_km": Round.km(s.position.offset),
                    "distance_km": Round.km(s.position.distance),
                    "side": .string(s.position.side),
                    "nearest_lon": Round.deg(s.position.nearestPoint.longitude),
                    "nearest_lat": Round.deg(s.position.nearestPoint.latitude),
                    "bin": .number(min((s.position.chainage / report.parameters.binLength).rounded(.down), Double(r.profile.bins.count - 1))),
                    "country_resolved": .string(s.country),
                    "drug_label": .string(s.drug),
                    "amount_kg": s.kilograms.map { Round.places($0, 6) } ?? .null,
                    "location_precision_km": record.locationPrecisionM.map { Round.km($0) } ?? .null,
                    "in_profile": .bool(s.inProfile),
                ]
                for (k, v) in record.properties where p[k] == nil { p[k] = v }
                features.append(GeoJSON.Feature(id: .string("\(r.route.id)-\(record.id)"), geometry: .point(record.coordinate), properties: p))
            }
        }
        return GeoJSON.FeatureCollection(features: features)
    }

    static func orderedUnique(_ xs: [String]) -> [String] {
        var out: [String] = []
        for x in xs where out.last != x { out.append(x) }
        return out
    }
}
