import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads country polygons: geodata's countries.geojson (properties iso3, name), or a user's file.
public enum CountryCatalog {
    public static func read(_ url: URL) throws -> [Country] {
        let features = try GeoJSONReader(contentsOf: url, displayPath: url.path).readFeatures()
        return try features.enumerated().map { i, f in
            let p = f.properties ?? JSONObject()
            guard let iso3 = p.string("iso3", "ISO_A3", "adm0_a3") else {
                throw CatalogError(.badData, file: url.path, position: "feature \(i)", "country has no iso3 property")
            }
            return Country(iso3: iso3.uppercased(), name: p.string("name", "NAME") ?? iso3,
                           polygons: try polygons(f.geometry, file: url.path, position: "feature \(i)"))
        }
    }

    /// Every polygon of a user's file, as one country with the given code.
    public static func readPolygonFile(_ url: URL, iso3: String) throws -> Country {
        let features = try FeatureFile.read(url)
        var polys: [[[Coordinate]]] = []
        for (i, f) in features.enumerated() {
            polys += try polygons(f.geometry, file: url.path, position: FeatureFile.position(url, i))
        }
        guard !polys.isEmpty else { throw CatalogError(.badData, file: url.path, "no Polygon or MultiPolygon in the file") }
        return Country(iso3: iso3, name: iso3, polygons: polys)
    }

    static func polygons(_ g: GeoJSON.Geometry?, file: String, position: String, what: String = "a country") throws -> [[[Coordinate]]] {
        switch g {
        case .polygon(let rings): return [rings]
        case .multiPolygon(let polys): return polys
        case .geometryCollection(let gs): return try gs.flatMap { try polygons($0, file: file, position: position, what: what) }
        default:
            throw CatalogError(.badData, file: file, position: position, "\(what) needs a Polygon or MultiPolygon, not \(g?.typeName ?? "no geometry")")
        }
    }
}
