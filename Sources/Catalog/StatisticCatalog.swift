import Domain
import Foundation
import GeoFormats

/// Reads geodata/statistics.csv: id, country, year, indicator, value, unit, source_file, source_sentence.
public enum StatisticCatalog {
    public static func read(_ url: URL) throws -> [Statistic] {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CatalogError(.missingFile, file: url.path, "no such file")
        }
        let csv = try CSVReader(contentsOf: url, displayPath: url.path)
        func column(_ name: String) throws -> Int {
            guard let i = csv.header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == name }) else {
                throw CatalogError(.badData, file: url.path, position: "\(csv.headerLine)", "no column '\(name)'")
            }
            return i
        }
        let id = try column("id"), country = try column("country"), year = try column("year"), indicator = try column("indicator")
        let value = try column("value"), unit = try column("unit"), source = try column("source_file")
        var out: [Statistic] = []
        _ = try csv.forEachRecord { r in
            guard let v = Double(r[value].trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw csv.error("value \"\(r[value])\" is not a number", record: r, field: value)
            }
            out.append(Statistic(id: r[id], country: r[country], year: r[year], indicator: r[indicator], value: v, unit: r[unit], source: r[source]))
        }
        return out
    }
}
