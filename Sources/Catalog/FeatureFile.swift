import Foundation
import GeoFormats

/// Reads any point/line/polygon file a user may hand us as GeoJSON features: GeoJSON (any
/// extension but .csv/.tsv/.txt) or CSV (longitude/latitude columns in common spellings, or a WKT
/// column), so the rest of the code treats both the same.
public enum FeatureFile {
    public static func isCSV(_ url: URL) -> Bool {
        !isDatabase(url) && ["csv", "tsv", "txt"].contains(url.pathExtension.lowercased())
    }

    /// The scheme of `databaseURL`: features a database reader made, not a file.
    static let databaseScheme = "nroute-database"

    /// A URL that names features read from a database (a table or a query) in messages, as a
    /// file's URL names a file's: `displayName` gives `name` back (a connection without its
    /// password and the table), `stem` gives `stem` (the table's name: the default id of a border
    /// or of posts read from it), and records are "row k".
    public static func databaseURL(name: String, stem: String) -> URL {
        URL(string: "\(databaseScheme):\(hex(name))#\(hex(stem))")!
    }

    public static func isDatabase(_ url: URL) -> Bool { url.scheme == databaseScheme }

    /// How messages name the source: the file's path, or the database source's name.
    public static func displayName(_ url: URL) -> String {
        guard isDatabase(url) else { return url.path }
        let s = url.absoluteString.dropFirst(databaseScheme.count + 1)
        return unhex(String(s.prefix { $0 != "#" }))
    }

    /// The file's name without its extension, or the database source's stem.
    public static func stem(_ url: URL) -> String {
        guard isDatabase(url) else { return url.deletingPathExtension().lastPathComponent }
        return unhex(url.fragment ?? "")
    }

    /// The file's name, or the database source's name.
    public static func sourceName(_ url: URL) -> String {
        isDatabase(url) ? displayName(url) : url.lastPathComponent
    }

    static func hex(_ s: String) -> String {
        s.utf8.map { String(format: "%02x", $0) }.joined()
    }

    static func unhex(_ s: String) -> String {
        var bytes: [UInt8] = []
        var it = s.utf8.makeIterator()
        while let h = it.next(), let l = it.next() {
            bytes.append(UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) ?? 63)
        }
        return String(decoding: bytes, as: UTF8.self)
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
        isDatabase(url) ? "row \(i + 1)" : isCSV(url) ? "record \(i + 1)" : "feature \(i)"
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
