import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads a user's feasible sites for new posts (`nroute plan --candidates FILE`): a CSV
/// (longitude/latitude or WKT columns) or GeoJSON point file, like every other point input.
/// Optional properties: id, name; with `costColumn`, that property is each site's cost (a number
/// ≥ 0, required on every row).
public enum CandidateSiteCatalog {
    public static func read(_ url: URL, costColumn: String? = nil) throws -> [CandidateSite] {
        let features = try FeatureFile.read(url)
        let stem = url.deletingPathExtension().lastPathComponent
        var out: [CandidateSite] = []
        out.reserveCapacity(features.count)
        for (i, f) in features.enumerated() {
            let position = FeatureFile.position(url, i)
            guard case .point(let c)? = f.geometry else {
                throw CatalogError(.badData, file: url.path, position: position, "a candidate site needs a Point geometry")
            }
            let p = f.properties ?? JSONObject()
            var cost = 1.0
            if let column = costColumn {
                let value: Double?
                do {
                    value = try p.number(column)
                } catch let e as PropertyError {
                    throw CatalogError(.badData, file: url.path, position: position, e.message)
                }
                guard let v = value else {
                    throw CatalogError(.badData, file: url.path, position: position, "no \(column) (the cost column given with --cost)")
                }
                guard v >= 0 else { throw CatalogError(.badData, file: url.path, position: position, "\(column) \(v) is negative") }
                cost = v
            }
            let id = p.string("id") ?? f.id.map(BorderCatalog.idString) ?? "\(stem)-\(i + 1)"
            out.append(CandidateSite(id: id, name: p.string("name", "title", "label") ?? id, coordinate: c, origin: .file, cost: cost))
        }
        return out
    }
}
