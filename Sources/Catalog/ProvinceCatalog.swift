import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads province polygons: geodata's provinces.geojson (properties id, name, name_variants —
/// `;`-separated —, iso3), or a user's file of the same schema.
public enum ProvinceCatalog {
    public static func read(_ url: URL) throws -> [Province] {
        let features = try GeoJSONReader(contentsOf: url, displayPath: url.path).readFeatures()
        var seen = Set<String>()
        return try features.enumerated().map { i, f in
            let p = f.properties ?? JSONObject()
            let position = "feature \(i)"
            guard let id = p.string("id"), !id.isEmpty else {
                throw CatalogError(.badData, file: url.path, position: position, "province has no id property")
            }
            guard seen.insert(id).inserted else {
                throw CatalogError(.badData, file: url.path, position: position, "province id \"\(id)\" given twice")
            }
            guard let name = p.string("name"), !name.isEmpty else {
                throw CatalogError(.badData, file: url.path, position: position, "province \"\(id)\" has no name property")
            }
            let variants = (p.string("name_variants") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return Province(id: id, name: name, nameVariants: variants, iso3: (p.string("iso3") ?? "").uppercased(),
                            polygons: try CountryCatalog.polygons(f.geometry, file: url.path, position: position, what: "a province"))
        }
    }
}
