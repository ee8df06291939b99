import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads the map context of geodata/: lakes.geojson (Polygons / MultiPolygons) and rivers.geojson
/// (LineStrings / MultiLineStrings), each feature with id, name, name_local, source and licence
/// (lakes also kind: lake or reservoir). See geodata/README.md.
public enum MapContextCatalog {
    public static func readLakes(_ url: URL) throws -> [Lake] {
        let features = try GeoJSONReader(contentsOf: url, displayPath: url.path).readFeatures()
        return try features.enumerated().map { i, f in
            let p = f.properties ?? JSONObject()
            return Lake(id: p.string("id") ?? f.id.map(BorderCatalog.idString) ?? "lake-\(i + 1)", name: p.string("name") ?? "",
                        localName: p.string("name_local") ?? "", kind: p.string("kind") ?? "lake",
                        polygons: try CountryCatalog.polygons(f.geometry, file: url.path, position: "feature \(i)", what: "a lake"),
                        source: p.string("source") ?? "", licence: p.string("licence", "license") ?? "")
        }
    }

    public static func readRivers(_ url: URL) throws -> [River] {
        let features = try GeoJSONReader(contentsOf: url, displayPath: url.path).readFeatures()
        return try features.enumerated().map { i, f in
            let p = f.properties ?? JSONObject()
            return River(id: p.string("id") ?? f.id.map(BorderCatalog.idString) ?? "river-\(i + 1)", name: p.string("name") ?? "",
                         localName: p.string("name_local") ?? "",
                         parts: try BorderCatalog.lineParts(f.geometry, file: url.path, position: "feature \(i)", what: "a river"),
                         source: p.string("source") ?? "", licence: p.string("licence", "license") ?? "")
        }
    }
}
