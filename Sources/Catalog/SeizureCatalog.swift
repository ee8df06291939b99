import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads seizure records: geodata's seizures.csv or a user's CSV / GeoJSON point file. Every input
/// property is kept on the Seizure so outputs carry it through.
public enum SeizureCatalog {
    /// Recognised properties (all optional): id, date / date_start, date_end, place / place_reported,
    /// location_precision_m, drug, amount, unit, province.
    public static func read(_ url: URL) throws -> [Seizure] {
        let features = try FeatureFile.readSeizures(url)
        var out: [Seizure] = []
        out.reserveCapacity(features.count)
        for (i, f) in features.enumerated() {
            guard case .point(let c)? = f.geometry else {
                throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i), "a seizure needs a Point geometry")
            }
            out.append(try seizure(from: f, index: i, url: url, coordinate: c))
        }
        return out
    }

    /// The records with a Point geometry as Seizures, and the ids (or positions) of the records
    /// without any geometry (unlocated reports), which every command skips and counts. Any other
    /// geometry than a Point is an error.
    public static func readLocated(_ url: URL) throws -> (located: [Seizure], unlocated: [String]) {
        try located(try FeatureFile.readSeizures(url), url: url)
    }

    /// `readLocated` of features already read from `url` (a file or a database source).
    /// `firstIndex`: the index of the first feature in its source (for a block of a stream).
    public static func located(_ features: [GeoJSON.Feature], url: URL, firstIndex: Int = 0) throws -> (located: [Seizure], unlocated: [String]) {
        var out: [Seizure] = []
        var unlocated: [String] = []
        out.reserveCapacity(features.count)
        for (k, f) in features.enumerated() {
            let i = firstIndex + k
            switch f.geometry {
            case .point(let c)?:
                out.append(try seizure(from: f, index: i, url: url, coordinate: c))
            case nil:
                unlocated.append(f.properties?["id"]?.stringValue ?? FeatureFile.position(url, i))
            case .some(let g):
                throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i),
                                   "a seizure needs a Point geometry, not a \(g.typeName)")
            }
        }
        return (out, unlocated)
    }

    /// One feature as a Seizure (used by the streaming seizures pipeline too).
    public static func seizure(from f: GeoJSON.Feature, index i: Int, url: URL, coordinate c: Coordinate) throws -> Seizure {
        var p = f.properties ?? JSONObject()
        do {
            try normalize(&p)
            return Seizure(id: p.string("id") ?? f.id.map(BorderCatalog.idString) ?? String(i + 1),
                           dateStart: p.string("date_start", "date"), dateEnd: p.string("date_end"),
                           place: p.string("place_reported", "place", "location"), coordinate: c,
                           locationPrecisionM: try p.number("location_precision_m", "precision_m"),
                           drug: p.string("drug"), amount: try p.number("amount", "amount_kg"),
                           unit: p.string("unit") ?? (p.value(["amount_kg"]) != nil ? "kg" : nil),
                           province: p.string("province", "region"), properties: p)
        } catch let e as PropertyError {
            throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i), e.message)
        }
    }

    /// The numeric property keys `normalize` turns into numbers.
    public static let numericKeys = ["amount", "amount_kg", "precision_m", "location_precision_m", "geonameid"]

    /// CSV keeps every field as text: an empty field is unknown (null), and the numeric fields
    /// become numbers so QGIS can filter and size by them. Throws PropertyError for a numeric
    /// field that is not a finite number.
    static func normalize(_ p: inout JSONObject) throws {
        for (key, value) in p where value == .string("") { p[key] = .null }
        for key in numericKeys {
            if case .string(let text)? = p[key] {
                guard let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite else {
                    throw PropertyError(key: key, text: text)
                }
                p[key] = .number(d)
            }
        }
    }

    /// The feature with its properties normalised as `seizure(from:)` reads them (see `normalize`):
    /// what the seizures pipeline writes for CSV input.
    public static func normalized(_ f: GeoJSON.Feature, index i: Int, url: URL) throws -> GeoJSON.Feature {
        guard var p = f.properties else { return f }
        do {
            try normalize(&p)
        } catch let e as PropertyError {
            throw CatalogError(.badData, file: FeatureFile.displayName(url), position: FeatureFile.position(url, i), e.message)
        }
        var out = f
        out.properties = p
        return out
    }
}
