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

    /// Every file of the folder and of its subfolders (curated/ included): inputs that no output
    /// may overwrite. Listed from the folder itself, so a data file added to geodata is protected
    /// without being named here.
    public var files: [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: keys)
        else { return [] }
        var found: [URL] = []
        for case let u as URL in walker where (try? u.resourceValues(forKeys: Set(keys)))?.isRegularFile == true {
            found.append(u)
        }
        return found.sorted { $0.path < $1.path }
    }

    /// Refuses an output folder that is the geodata folder or any folder inside it (status 64 in
    /// the CLI): no output may replace curated data. Symbolic links are resolved, for the part of
    /// the path that exists.
    public func refuseAsOutput(_ folder: URL) throws {
        func canonical(_ u: URL) -> String {
            // resolvingSymlinksInPath leaves a missing path alone: resolve the longest existing prefix.
            var existing = u.standardizedFileURL
            var rest: [String] = []
            while !FileManager.default.fileExists(atPath: existing.path) && existing.pathComponents.count > 1 {
                rest.insert(existing.lastPathComponent, at: 0)
                existing = existing.deletingLastPathComponent()
            }
            var resolved = existing.resolvingSymlinksInPath()
            for c in rest { resolved.appendPathComponent(c) }
            return resolved.standardizedFileURL.path
        }
        let out = canonical(folder), data = canonical(directory)
        if out == data {
            throw CatalogError(.badRequest, file: folder.path, "the output folder is the geodata folder; choose another with -o")
        }
        if out.hasPrefix(data.hasSuffix("/") ? data : data + "/") {
            throw CatalogError(.badRequest, file: folder.path, "the output folder is inside the geodata folder; choose another with -o")
        }
    }

    public func borders() throws -> [Border] { try BorderCatalog.read(url("borders.geojson")) }
    public func checkpoints() throws -> [ControlPoint] { try ControlPointCatalog.readCheckpoints(url("checkpoints.csv")) }
    public func settlements() throws -> [ControlPoint] { try ControlPointCatalog.readSettlements(url("settlements.csv")) }
    public func seizures() throws -> [Seizure] { try SeizureCatalog.read(url("seizures.csv")) }
    public func routes() throws -> [Route] { try RouteCatalog.read(url("routes.csv")) }
    public func countries() throws -> [Country] { try CountryCatalog.read(url("countries.geojson")) }
    /// Admin-1 polygons of Kazakhstan (2022 division) and its neighbours (provinces.geojson).
    public func provinces() throws -> [Province] { try ProvinceCatalog.read(url("provinces.geojson")) }
    /// The offline gazetteer of `nroute geocode` (gazetteer.csv, with curated/place-renames.csv).
    public func gazetteer() throws -> [GazetteerPlace] {
        try GazetteerCatalog.read(url("gazetteer.csv"), renames: url("curated/place-renames.csv"))
    }
    public func statistics() throws -> [Statistic] { try StatisticCatalog.read(url("statistics.csv")) }
    /// Map context: lakes and reservoirs, and the main rivers (lakes.geojson, rivers.geojson).
    public func lakes() throws -> [Lake] { try MapContextCatalog.readLakes(url("lakes.geojson")) }
    public func rivers() throws -> [River] { try MapContextCatalog.readRivers(url("rivers.geojson")) }
    /// The terrain model: GEBCO 2023 cropped to the Kazakh–Kyrgyz border region.
    public func elevation() throws -> ElevationGrid { try ElevationCatalog.read(url(Geodata.elevationFile)) }
    public static let elevationFile = "dem-kaz-kgz.tif"

    /// Checkpoints and outposts that serve `border` (by border_id), plus settlements tagged with it.
    public func controls(for border: Border) throws -> [ControlPoint] {
        let posts = try checkpoints().filter { $0.borderID == nil || $0.borderID == border.id }
        return posts + (try settlements())
    }
}
