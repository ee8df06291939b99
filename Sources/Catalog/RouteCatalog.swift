import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads routes: geodata's routes.csv (one row per waypoint: route_id, route_name, seq, waypoint,
/// country, longitude, latitude, source), or a user's line file (each LineString a route).
public enum RouteCatalog {
    public static func read(_ url: URL) throws -> [Route] {
        let features = try FeatureFile.read(url)
        if features.contains(where: { if case .point = $0.geometry { false } else { true } }) {
            return try readLines(features, url: url)
        }
        var order: [String] = []
        var rows: [String: [(seq: Double, waypoint: Route.Waypoint, name: String, source: String)]] = [:]
        for (i, f) in features.enumerated() {
            guard case .point(let c)? = f.geometry else { continue }
            let p = f.properties ?? JSONObject()
            let position = FeatureFile.position(url, i)
            guard let id = p.string("route_id") else {
                throw CatalogError(.badData, file: url.path, position: position, "route_id is missing")
            }
            let seq: Double
            do {
                guard let s = try p.number("seq") else {
                    throw CatalogError(.badData, file: url.path, position: position, "seq is missing")
                }
                seq = s
            } catch let e as PropertyError {
                throw CatalogError(.badData, file: url.path, position: position, e.message)
            }
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append((seq, Route.Waypoint(name: p.string("waypoint", "name") ?? "", country: p.string("country") ?? "", coordinate: c),
                                          p.string("route_name") ?? id, p.string("source") ?? ""))
        }
        return try order.map { id in
            let wps = rows[id]!.sorted { $0.seq < $1.seq }
            guard wps.count >= 2 else { throw CatalogError(.badData, file: url.path, "route \(id) has fewer than two waypoints") }
            return Route(id: id, name: wps[0].name, waypoints: wps.map(\.waypoint), source: wps[0].source)
        }
    }

    static func readLines(_ features: [GeoJSON.Feature], url: URL) throws -> [Route] {
        try features.enumerated().flatMap { i, f -> [Route] in
            let p = f.properties ?? JSONObject()
            let parts = try BorderCatalog.lineParts(f.geometry, file: url.path, position: FeatureFile.position(url, i))
            let base = p.string("id", "route_id") ?? "\(url.deletingPathExtension().lastPathComponent)-\(i + 1)"
            return parts.enumerated().map { k, line in
                let id = parts.count == 1 ? base : "\(base)-\(k + 1)"
                return Route(id: id, name: p.string("name", "route_name") ?? id,
                             waypoints: line.map { Route.Waypoint(name: "", country: "", coordinate: $0) },
                             source: p.string("source") ?? url.lastPathComponent)
            }
        }
    }
}
