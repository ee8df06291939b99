import Coordinates
import Domain
import Foundation
import GeoFormats

/// Reads the offline gazetteer: geodata/gazetteer.csv (written by scripts/geodata_gazetteer.py)
/// and the former names of geodata/curated/place-renames.csv, which are folded into the names of
/// the place they name now.
public enum GazetteerCatalog {
    static let columns = ["id", "level", "name", "names", "iso3", "province_id", "longitude", "latitude",
                          "population", "location_precision_m"]

    public static func read(_ url: URL, renames renamesURL: URL?) throws -> [GazetteerPlace] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError(.missingFile, file: url.path, "no such file")
        }
        let csv = try CSVReader(contentsOf: url, displayPath: url.path)
        var index: [String: Int] = [:]
        for c in columns {
            guard let i = csv.header.firstIndex(of: c) else {
                throw CatalogError(.badData, file: url.path, position: "line \(csv.headerLine)", "no \"\(c)\" column")
            }
            index[c] = i
        }
        var places: [GazetteerPlace] = []
        try csv.forEachRecord { r in
            func f(_ c: String) -> String { r[index[c]!] }
            guard let level = GazetteerPlace.Level(rawValue: f("level")) else {
                throw csv.error("unknown level \"\(f("level"))\"", record: r, field: index["level"]!)
            }
            guard let lon = Double(f("longitude")), let lat = Double(f("latitude")), abs(lon) <= 180, abs(lat) <= 90 else {
                throw csv.error("bad coordinates", record: r, field: index["longitude"]!)
            }
            guard let precision = Double(f("location_precision_m")), precision >= 0 else {
                throw csv.error("bad location_precision_m", record: r, field: index["location_precision_m"]!)
            }
            let names = f("names").split(separator: ";").map(String.init)
            places.append(GazetteerPlace(id: f("id"), level: level, name: f("name"), names: names.isEmpty ? [f("name")] : names,
                                         iso3: f("iso3"), provinceID: f("province_id").isEmpty ? nil : f("province_id"),
                                         coordinate: Coordinate(longitude: lon, latitude: lat),
                                         population: Int(f("population")), precisionM: precision))
        }
        if let renamesURL { try fold(try readRenames(renamesURL), into: &places, file: renamesURL.path) }
        return places
    }

    public static func readRenames(_ url: URL) throws -> [PlaceRename] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError(.missingFile, file: url.path, "no such file")
        }
        let csv = try CSVReader(contentsOf: url, displayPath: url.path)
        let need = ["former_name", "current_name", "level", "iso3"]
        let idx = try need.map { c -> Int in
            guard let i = csv.header.firstIndex(of: c) else {
                throw CatalogError(.badData, file: url.path, position: "line \(csv.headerLine)", "no \"\(c)\" column")
            }
            return i
        }
        return try csv.records().map { r in
            guard let level = GazetteerPlace.Level(rawValue: r[idx[2]]) else {
                throw csv.error("unknown level \"\(r[idx[2]])\"", record: r, field: idx[2])
            }
            return PlaceRename(formerName: r[idx[0]], currentName: r[idx[1]], level: level, iso3: r[idx[3]])
        }
    }

    /// Adds each former name to the place of that level and country whose name is the current one.
    static func fold(_ renames: [PlaceRename], into places: inout [GazetteerPlace], file: String) throws {
        for r in renames {
            let hits = places.indices.filter { places[$0].level == r.level && places[$0].iso3 == r.iso3 && places[$0].name == r.currentName }
            guard !hits.isEmpty else {
                throw CatalogError(.badData, file: file, "\"\(r.currentName)\" (\(r.level.rawValue), \(r.iso3)) is not in the gazetteer")
            }
            for i in hits where !places[i].names.contains(r.formerName) { places[i].names.append(r.formerName) }
        }
    }
}
