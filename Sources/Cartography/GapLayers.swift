import Analysis
import Coordinates
import Domain
import GeoFormats

/// The gaps analysis as GeoJSON layers: `<border>-gaps.geojson` and `<border>-coverage.geojson`.
public enum GapLayers {
    /// Whether a layer of the gaps belongs on the map: all do, except a coverage-circles layer
    /// without circles (coverage by travel time has no circles: a patrol's reach is not one), which
    /// would be an empty table of unknown geometry in a GeoPackage or database.
    public static func shows(_ layer: MapLayer) -> Bool { layer.geometryFilter != .polygon || !layer.features.isEmpty }

    /// One LineString per gap, ranked longest first, with its chainage, remoteness and end controls.
    public static func gaps(_ report: GapReport, seizures: [Seizure] = []) -> GeoJSON.FeatureCollection {
        let features = report.gaps.enumerated().map { index, gap -> GeoJSON.Feature in
            var p: JSONObject = [
                "id": .string(gap.id),
                "rank": .number(Double(gap.rank)),
                "border_id": .string(report.border.id),
                "length_km": Round.km(gap.length),
                "start_km": Round.km(gap.start),
                "end_km": Round.km(gap.end),
                "max_distance_km": Round.km(gap.maxDistance),
                "max_distance_lon": Round.deg(gap.maxDistancePoint.longitude),
                "max_distance_lat": Round.deg(gap.maxDistancePoint.latitude),
                "max_distance_at_km": Round.km(gap.maxDistanceChainage),
                // The controls' location precision: the start lies in [start_km_min, start_km_max],
                // the end in [end_km_min, end_km_max]; the *_max/min inner bounds are null when no
                // point of the gap is certainly uncovered (GapCertainty).
                "certain_length_km": Round.km(gap.certainty.certainLength),
                "possible_length_km": Round.km(gap.certainty.possibleLength),
                "start_km_min": Round.km(gap.certainty.possibleStart),
                "start_km_max": gap.certainty.certainStart.map(Round.km) ?? .null,
                "end_km_min": gap.certainty.certainEnd.map(Round.km) ?? .null,
                "end_km_max": Round.km(gap.certainty.possibleEnd),
            ]
            for (prefix, end) in [("start", gap.startControl), ("end", gap.endControl)] {
                let c = end.map { report.controls[$0.controlIndex] }
                p["\(prefix)_control_id"] = c.map { .string($0.id) } ?? .null
                p["\(prefix)_control_name"] = c.map { .string($0.name) } ?? .null
                p["\(prefix)_control_kind"] = c.map { .string($0.kind.rawValue) } ?? .null
                p["\(prefix)_control_distance_km"] = end.map { Round.km($0.distance) } ?? .null
            }
            for (prefix, end) in [("start", gap.startLimit), ("end", gap.endLimit)] {
                let c = end.map { report.controls[$0.controlIndex] }
                p["\(prefix)_limit_id"] = c.map { .string($0.id) } ?? .null
                p["\(prefix)_limit_name"] = c.map { .string($0.name) } ?? .null
                p["\(prefix)_limit_kind"] = c.map { .string($0.kind.rawValue) } ?? .null
            }
            if !seizures.isEmpty {
                let near = gap.seizures.sorted { $0.distance < $1.distance }
                p["seizure_count"] = .number(Double(near.count))
                p["seizure_ids"] = .string(near.map { seizures[$0.index].id }.joined(separator: ";"))
                p["nearest_seizure_km"] = near.first.map { Round.km($0.distance) } ?? .null
            }
            if let terrain = report.terrain { terrainColumns(terrain.gaps[index], into: &p) }
            if let travel = report.travel { travelColumns(travel.gaps[index], into: &p) }
            return GeoJSON.Feature(id: .string(gap.id), geometry: .lineString(gap.geometry), properties: p)
        }
        return GeoJSON.FeatureCollection(features: features)
    }

    /// The terrain of a gap (with a DEM): elevations (m), the steepest slope (degrees), the
    /// passable length and share, and the length over which the DEM has values.
    static func terrainColumns(_ t: TerrainStretch, into p: inout JSONObject) {
        p["elevation_min_m"] = Round.places(t.minElevation, 1)
        p["elevation_median_m"] = Round.places(t.medianElevation, 1)
        p["elevation_max_m"] = Round.places(t.maxElevation, 1)
        p["slope_max_deg"] = Round.places(t.maxSlope, 2)
        p["passable_km"] = Round.km(t.passableLength)
        p["passable_share"] = t.hasData ? Round.places(t.passableLength / t.dataLength, 4) : .null
        p["terrain_data_km"] = Round.km(t.dataLength)
    }

    /// A gap's remoteness in travel time (travel-time mode): hours from the nearest control to its
    /// most remote point (null when no passable path reaches it), where that point lies, and the
    /// length no passable path reaches.
    static func travelColumns(_ t: BorderTravel.GapTime, into p: inout JSONObject) {
        p["max_time_h"] = t.maxHours.isNaN ? .null : Round.places(t.maxHours, 3)
        p["max_time_at_km"] = t.maxHours.isNaN ? .null : Round.km(t.maxChainage)
        p["unreachable_km"] = Round.km(t.unreachableLength)
    }

    /// The covered stretches (LineStrings) and each control point's geodesic coverage circle (Polygon
    /// or, across the antimeridian, MultiPolygon) for every control that reaches the border. `layer`
    /// tells them apart.
    public static func coverage(_ report: GapReport) -> GeoJSON.FeatureCollection {
        var features: [GeoJSON.Feature] = []
        for (k, c) in report.covered.enumerated() {
            features.append(GeoJSON.Feature(id: .string("\(report.border.id)-covered-\(k + 1)"), geometry: .lineString(c.geometry), properties: [
                "layer": "covered",
                "border_id": .string(report.border.id),
                "start_km": Round.km(c.start),
                "end_km": Round.km(c.end),
                "length_km": Round.km(c.length),
            ]))
        }
        // In travel-time mode coverage is no circle: the travel-time surface shows it.
        for c in report.coveringControls.map({ report.controls[$0] }) where report.travel == nil {
            let r = c.kind.isPost ? report.parameters.postRadius : report.parameters.settlementRadius
            guard r > 0 else { continue }
            let polys = GeodesicCircle.polygons(center: c.coordinate, radius: r)
            let geometry: GeoJSON.Geometry = polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
            features.append(GeoJSON.Feature(id: .string("\(report.border.id)-circle-\(c.id)"), geometry: geometry, properties: [
                "layer": "circle",
                "border_id": .string(report.border.id),
                "control_id": .string(c.id),
                "name": .string(c.name),
                "kind": .string(c.kind.rawValue),
                "radius_km": Round.km(r),
            ]))
        }
        return GeoJSON.FeatureCollection(features: features)
    }
}
