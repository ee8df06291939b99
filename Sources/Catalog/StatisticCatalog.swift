import Domain
import Foundation
import GeoFormats

/// Reads geodata/statistics.csv: id, country, year, indicator, value, unit, source_file, source_sentence.
public enum StatisticCatalog {
    public static func read(_ url: URL) throws -> [Statistic] {
        throw CatalogError(.badData, file: url.path, "CSV input is being wired")
    }
}
