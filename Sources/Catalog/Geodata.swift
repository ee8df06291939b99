import Domain
import Foundation

/// The embedded, sourced data of geodata/ (see geodata/README.md for every file's source and licence).
public struct Geodata: Sendable {
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// Finds geodata/ (see `GeodataDirectory.locate`).
    public static func locate(_ explicit: String? = nil) throws -> Geodata {
        Geodata(directory: try GeodataDirectory.locate(explicit: explicit))
    }

    public func url(_ file: String) -> URL { directory.appendingPathComponent(file) }

    public func borders() throws -> [Border] { try BorderCatalog.read(url("borders.geojson")) }
    public func checkpoints() throws -> [ControlPoint] { try ControlPointCatalog.readCheckpoints(url("checkpoints.csv")) }
    public func settlements() throws -> [ControlPoint] { try ControlPointCatalog.readSettlements(url("settlements.csv")) }
    public func seizures() throws -> [Seizure] { try SeizureCatalog.read(url("seizures.csv")) }
    public func routes() throws -> [Route] { try RouteCatalog.read(url("routes.csv")) }
    public func countries() throws -> [Country] { try CountryCatalog.read(url("countries.geojson")) }
    public func statistics() throws -> [Statistic] { try StatisticCatalog.read(url("statistics.csv")) }

    /// Checkpoints and outposts that serve `border` (by border_id), plus settlements tagged with it.
    public func controls(for border: Border) throws -> [ControlPoint] {
        let posts = try checkpoints().filter { $0.borderID == nil || $0.borderID == border.id }
        return posts + (try settlements())
    }
}
