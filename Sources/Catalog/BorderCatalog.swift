import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads border lines: geodata's borders.geojson, or a user's own line file.
public enum BorderCatalog {
    /// Every border in a borders.geojson (features with properties id, name, country_a, country_b).
    public static func read(_ url: URL) throws -> [Border] {
        try borders(try GeoJSONReader(contentsOf: url, displayPath: url.path).readFeatures(), url: url)
    }

    /// The borders of features read from `url` (each with an id).
    public static func borders(_ features: [GeoJSON.Feature], url: URL) throws -> [Border] {
        var out: [Border] = []
        for (i, f) in features.enumerated() {
            let props = f.properties ?? JSONObject()
            guard let id = props.string("id") ?? f.id.map(Self.idString) else {
                throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.isDatabase(url) ? FeatureFile.position(url, i) : "feature \(i)", "border has no id")
            }
            let parts = try lineParts(f.geometry, file: FeatureFile.displayName(url), position: FeatureFile.isDatabase(url) ? FeatureFile.position(url, i) : "feature \(i)")
            out.append(Border(id: id, name: props.string("name") ?? id, countryA: props.string("country_a") ?? "",
                              countryB: props.string("country_b") ?? "", parts: parts,
                              source: props.string("source") ?? "", licence: props.string("licence", "license") ?? ""))
        }
        return out
    }

    /// A user's border: every LineString / MultiLineString in a GeoJSON file, or every WKT line in
    /// a CSV file's geometry column, as the parts of one border named after the file.
    /// A file of several borders, each a feature with an `id` property (geodata's borders.geojson
    /// and borders-ne.geojson have this shape), read as `read` does; nil for any other line file.
    public static func readBorderSet(_ url: URL) throws -> [Border]? {
        guard !FeatureFile.isCSV(url) else { return nil }
        return try borderSet(try FeatureFile.read(url), url: url)
    }

    /// `readBorderSet` of features already read from `url` (a file or a database source).
    public static func borderSet(_ features: [GeoJSON.Feature], url: URL) throws -> [Border]? {
        guard features.count > 1, features.allSatisfy({ $0.properties?.string("id") != nil }) else { return nil }
        return try borders(features, url: url)
    }

    /// `readLineFile`, with repeated or overlapping parts dissolved (`BorderParts`) and a note
    /// saying so for the user.
    public static func readLineFileDissolved(_ url: URL, id: String? = nil) throws -> (Border, [String]) {
        try lineBorderDissolved(try FeatureFile.read(url), url: url, id: id)
    }

    /// `readLineFileDissolved` of features already read from `url` (a file or a database source).
    public static func lineBorderDissolved(_ features: [GeoJSON.Feature], url: URL, id: String? = nil) throws -> (Border, [String]) {
        var border = try lineBorder(features, url: url, id: id)
        let (parts, report) = try BorderParts.dissolve(border.parts)
        guard let report else { return (border, []) }
        border.parts = parts
        return (border, ["\(FeatureFile.displayName(url)): \(report.repeatedSegments) segment\(report.repeatedSegments == 1 ? "" : "s") of the border repeat others; "
            + "its \(report.partsBefore) parts were dissolved into \(report.partsAfter) (each stretch analysed once)"])
    }

    public static func readLineFile(_ url: URL, id: String? = nil) throws -> Border {
        try lineBorder(try FeatureFile.read(url), url: url, id: id)
    }

    static func lineBorder(_ features: [GeoJSON.Feature], url: URL, id: String? = nil) throws -> Border {
        var parts: [[Coordinate]] = []
        for (i, f) in features.enumerated() {
            parts += try lineParts(f.geometry, file: FeatureFile.displayName(url), position: FeatureFile.isDatabase(url) ? FeatureFile.position(url, i) : "feature \(i)")
        }
        guard !parts.isEmpty else { throw CatalogError(.badData, file: FeatureFile.displayName(url), "no LineString or MultiLineString in the file") }
        // The id is the file's name; the first feature's name, country_a and country_b properties,
        // when given, name the border and its countries (so the line takes the place of geodata's
        // border between the same two countries on the map and in the route crossings).
        let stem = id ?? FeatureFile.stem(url)
        let props = features.first?.properties ?? JSONObject()
        return Border(id: stem, name: props.string("name") ?? stem, countryA: props.string("country_a") ?? "",
                      countryB: props.string("country_b") ?? "", parts: parts, source: FeatureFile.sourceName(url))
    }

    static func idString(_ id: GeoJSON.FeatureID) -> String {
        switch id {
        case .string(let s): s
        case .number(let d): d == d.rounded() ? String(Int(d)) : String(d)
        }
    }

    static func lineParts(_ g: GeoJSON.Geometry?, file: String, position: String, what: String = "a border") throws -> [[Coordinate]] {
        switch g {
        case .lineString(let c): return [c]
        case .multiLineString(let parts): return parts
        case .geometryCollection(let gs): return try gs.flatMap { try lineParts($0, file: file, position: position, what: what) }
        case nil: throw CatalogError(.badData, file: file, position: position, "feature has no geometry; \(what) needs a LineString or MultiLineString")
        case .some(let other): throw CatalogError(.badData, file: file, position: position, "\(what) needs a LineString or MultiLineString, not a \(other.typeName)")
        }
    }

    /// The borders a `--border` value names: a full id (`kaz-kgz`), the code of Kazakhstan's
    /// neighbour (`kgz` → `kaz-kgz`), or `all`.
    public static func select(_ selector: String, from borders: [Border]) throws -> [Border] {
        let key = selector.lowercased()
        if key == "all" { return borders }
        if let b = borders.first(where: { $0.id.lowercased() == key }) { return [b] }
        if let b = borders.first(where: { $0.id.lowercased() == "kaz-\(key)" }) { return [b] }
        let known = borders.map(\.id).joined(separator: ", ")
        throw CatalogError(.badRequest, "unknown border '\(selector)'; known: \(known), or all")
    }
}
