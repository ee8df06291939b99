import Coordinates
import Domain
import Foundation
import GeoFormats

/// The input data as GeoJSON layers for QGIS: border lines, checkpoints (and outposts) and
/// settlements, straight from the Domain values (RFC 7946: lon/lat in WGS84, no `crs` member).
public enum BasicLayers {
    /// `role` of a border line: the border(s) the gaps were computed for, or the others, drawn for context.
    public static let analysedRole = "analysed"
    public static let contextRole = "context"

    /// `borders.geojson`: one LineString (one part) or MultiLineString per border, with its geodesic
    /// length and `role` = analysed for the borders in `analysed` (ids), context for the others.
    public static func borders(_ borders: [Border], analysed: Set<String>) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: borders.map { b in
            let length = b.length
            let geometry: GeoJSON.Geometry = b.parts.count == 1 ? .lineString(b.parts[0]) : .multiLineString(b.parts)
            return GeoJSON.Feature(id: .string(b.id), geometry: geometry, properties: [
                "id": .string(b.id),
                "name": .string(b.name),
                "country_a": b.countryA.isEmpty ? .null : .string(b.countryA),
                "country_b": b.countryB.isEmpty ? .null : .string(b.countryB),
                "role": .string(analysed.contains(b.id) ? analysedRole : contextRole),
                "length_km": Round.km(length),
                "parts": .number(Double(b.parts.count)),
                "vertices": .number(Double(b.vertexCount)),
                "source": b.source.isEmpty ? .null : .string(b.source),
            ])
        })
    }

    /// `checkpoints.geojson`: one Point per checkpoint or outpost. `regime_label` is the regime as
    /// people read it ("multilateral; cargo-only"), "not verified" when the regime is unknown, and
    /// "outpost" for outposts: the style colours the points by it.
    public static func checkpoints(_ posts: [ControlPoint]) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: posts.map { c in
            GeoJSON.Feature(id: .string(c.id), geometry: .point(c.coordinate), properties: [
                "id": .string(c.id),
                "name": .string(c.name),
                "partner_name": optional(c.partnerName),
                "label": .string(c.partnerName.map { "\(c.name) – \($0)" } ?? c.name),
                "kind": .string(c.kind.rawValue),
                "mode": optional(c.mode),
                "regime": optional(c.regime),
                "regime_label": .string(regimeLabel(c)),
                "border_id": optional(c.borderID),
                "country": optional(c.country),
                "location_precision_km": c.locationPrecisionM.map { Round.km($0) } ?? .null,
            ])
        })
    }

    /// `settlements.geojson`: one Point per settlement; `population` null where unknown.
    public static func settlements(_ places: [ControlPoint]) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: places.map { c in
            GeoJSON.Feature(id: .string(c.id), geometry: .point(c.coordinate), properties: [
                "id": .string(c.id),
                "name": .string(c.name),
                "country": optional(c.country),
                "population": c.population.map { .number(Double($0)) } ?? .null,
            ])
        })
    }

    /// "multilateral; cargo-only" from "multilateral;cargo-only"; "not verified" when empty; "outpost"
    /// for an outpost without a regime.
    public static func regimeLabel(_ c: ControlPoint) -> String {
        let parts = (c.regime ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !parts.isEmpty { return parts.joined(separator: "; ") }
        return c.kind == .outpost ? "outpost" : "not verified"
    }

    static func optional(_ s: String?) -> JSONValue {
        guard let s, !s.trimmingCharacters(in: .whitespaces).isEmpty else { return .null }
        return .string(s)
    }
}
