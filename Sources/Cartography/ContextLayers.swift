import Coordinates
import Domain
import Foundation
import GeoFormats

/// Map context as GeoJSON layers: lakes and reservoirs (Polygons / MultiPolygons) and the main
/// rivers (LineStrings / MultiLineStrings), straight from the Domain values, each feature with its
/// name (null when unknown), source and licence.
public enum ContextLayers {
    /// `lakes.geojson`: one feature per lake, largest first as given.
    public static func lakes(_ lakes: [Lake]) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: lakes.map { l in
            let polys = l.polygons.map(CountryLayer.orientedForRFC7946)
            let geometry: GeoJSON.Geometry = polys.count == 1 ? .polygon(polys[0]) : .multiPolygon(polys)
            return GeoJSON.Feature(id: .string(l.id), geometry: geometry, properties: [
                "id": .string(l.id),
                "name": text(l.name),
                "name_local": text(l.localName),
                "kind": .string(l.kind),
                "source": text(l.source),
                "licence": text(l.licence),
            ])
        })
    }

    /// `rivers.geojson`: one feature per river.
    public static func rivers(_ rivers: [River]) -> GeoJSON.FeatureCollection {
        GeoJSON.FeatureCollection(features: rivers.map { r in
            let geometry: GeoJSON.Geometry = r.parts.count == 1 ? .lineString(r.parts[0]) : .multiLineString(r.parts)
            return GeoJSON.Feature(id: .string(r.id), geometry: geometry, properties: [
                "id": .string(r.id),
                "name": text(r.name),
                "name_local": text(r.localName),
                "source": text(r.source),
                "licence": text(r.licence),
            ])
        })
    }

    static func text(_ s: String) -> JSONValue { s.isEmpty ? .null : .string(s) }
}
