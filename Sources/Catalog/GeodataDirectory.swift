import Foundation

/// Where the embedded geodata lives. Looked up, in order: an explicit path (`--geodata`), the
/// `NROUTE_GEODATA` environment variable, a `geodata/` folder beside or above the executable (a
/// build inside the repository), then `geodata/` in the working directory.
public enum GeodataDirectory {
    public static func locate(explicit: String? = nil) throws -> URL {
        let fm = FileManager.default
        func isGeodata(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("borders.geojson").path)
        }
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard isGeodata(url) else {
                throw CatalogError(.missingFile, file: explicit, "not a geodata folder (no borders.geojson)")
            }
            return url
        }
        if let env = ProcessInfo.processInfo.environment["NROUTE_GEODATA"], !env.isEmpty {
            let url = URL(fileURLWithPath: env)
            guard isGeodata(url) else {
                throw CatalogError(.missingFile, file: env, "NROUTE_GEODATA is not a geodata folder (no borders.geojson)")
            }
            return url
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("geodata")
            if isGeodata(candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("geodata")
        if isGeodata(cwd) { return cwd }
        throw CatalogError(.missingFile, file: "geodata", "cannot find the geodata folder; pass --geodata DIR or set NROUTE_GEODATA")
    }
}
