import Foundation
import GeoFormats

/// Reads any point/line/polygon file a user may hand us as GeoJSON features: GeoJSON (any
/// extension but .csv/.tsv/.txt) or CSV (longitude/latitude columns in common spellings, or a WKT
/// column), so the rest of the code treats both the same.
public enum FeatureFile {
    public static func isCSV(_ url: URL) -> Bool {
        ["csv", "tsv", "txt"].contains(url.pathExtension.lowercased())
    }

    public static func read(_ url: URL) throws -> [GeoJSON.Feature] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError(.missingFile, file: url.path, "no such file")
        }
        if isCSV(url) { return try readCSV(url) }
        return try GeoJSONReader(contentsOf: url, displayPath: url.path).readFeatures()
    }

    /// How to name record `i` of `url` in an error: CSV records by their number (the header is
    /// record 0, so record k starts on line k + 1 unless a field spans lines), GeoJSON by feature.
    public static func position(_ url: URL, _ i: Int) -> String {
        isCSV(url) ? "record \(i + 1)" : "feature \(i)"
    }
}

extension FeatureFile {
    static func readCSV(_ url: URL, acceptsUnlocated: Bool = false) throws -> [GeoJSON.Feature] {
        var reader = try CSVPointReader(contentsOf: url, displayPath: url.path, acceptsAnyGeometry: true)
        reader.acceptsUnlocated = acceptsUnlocated
        return try reader.readFeatures()
    }

    /// Seizure records: as `read`, but a CSV row with blank longitude and latitude is an unlocated
    /// record (geometry nil, skipped and counted like a GeoJSON feature with a null geometry), as
    /// `nroute geocode` writes the rows it cannot place.
    public static func readSeizures(_ url: URL) throws -> [GeoJSON.Feature] {
        if isCSV(url) { return try readCSV(url, acceptsUnlocated: true) }
        return try read(url)
    }
}
