import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads control points: geodata's checkpoints.csv and settlements.csv, and a user's own posts or
/// outposts from CSV or GeoJSON.
public enum ControlPointCatalog {
    /// geodata/checkpoints.csv, or any point file with the same columns.
    public static func readCheckpoints(_ url: URL) throws -> [ControlPoint] {
        try readPoints(url, defaultKind: .checkpoint)
    }

    /// geodata/settlements.csv (columns id, name, country, population, longitude, latitude, ...).
    public static func readSettlements(_ url: URL) throws -> [ControlPoint] {
        try readPoints(url, defaultKind: .settlement)
    }

    /// A user's posts: a CSV (longitude/latitude or WKT column) or GeoJSON point file. Optional
    /// properties: id, name, kind (checkpoint / outpost / settlement; default `defaultKind`),
    /// population, border_id, mode, regime, location_precision_m.
    public static func readPoints(_ url: URL, defaultKind: ControlKind) throws -> [ControlPoint] {
        try points(try FeatureFile.read(url), url: url, defaultKind: defaultKind)
    }

    /// `readPoints` of features already read from `url` (a file, or a database source:
    /// `FeatureFile.databaseURL`).
    public static func points(_ features: [GeoJSON.Feature], url: URL, defaultKind: ControlKind) throws -> [ControlPoint] {
        let stem = FeatureFile.stem(url)
        var out: [ControlPoint] = []
        out.reserveCapacity(features.count)
        for (i, f) in features.enumerated() {
            let position = FeatureFile.position(url, i)
            guard case .point(let c)? = f.geometry else {
                throw CatalogError(.badData, file: FeatureFile.displayName(url), position: position, "a control point needs a Point geometry")
            }
            let p = f.properties ?? JSONObject()
            let kind: ControlKind
            if let k = p.string("kind", "type") {
                guard let parsed = ControlKind(rawValue: k.lowercased()) else {
                    throw CatalogError(.badData, file: FeatureFile.displayName(url), position: position, "kind '\(k)' is not checkpoint, outpost or settlement")
                }
                kind = parsed
            } else {
                kind = defaultKind
            }
            do {
                let population = try p.number("population", "pop").map { Int($0) }
                let precision = try p.number("location_precision_m")
                let id = p.string("id") ?? f.id.map(BorderCatalog.idString) ?? "\(stem)-\(i + 1)"
                out.append(ControlPoint(id: id, name: p.string("name", "title", "label") ?? id, kind: kind, coordinate: c,
                                        population: population, borderID: p.string("border_id"), mode: p.string("mode"),
                                        regime: p.string("regime"), locationPrecisionM: precision, country: p.string("country"),
                                        partnerName: p.string("partner_name"), licence: p.string("licence", "license")))
            } catch let e as PropertyError {
                throw CatalogError(.badData, file: FeatureFile.displayName(url), position: position, e.message)
            }
        }
        return out
    }
}
