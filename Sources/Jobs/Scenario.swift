import Analysis
import Catalog
import Domain
import Foundation
import GeoFormats
import PostGIS

/// One analysis situation, built once from the flags: the analysed borders, the controls that
/// take part in each (by their geodesic distance to its line: `ControlSelection`), the seizures
/// and their filter, the routes, the parameters, every input file and the output folder. Every job
/// reads it, so every command chooses borders, controls and seizures by the same rule.
public struct Scenario: Sendable {
    public let request: ScenarioRequest
    public let geodata: Geodata
    /// The borders analysed (gaps, seizure distances).
    public let borders: [Border]
    /// Every border known to the scenario: geodata's, with the analysed borders among them (a
    /// user's line is added; a line derived for a geodata country pair replaces that border).
    /// Routes are crossed against these, and the borders layer draws them.
    public let mapBorders: [Border]
    /// Checkpoints and outposts: geodata's (unless `useCheckpoints` is false), then the user's.
    public let posts: [ControlPoint]
    /// Geodata's country polygons (point-in-country, the sides of a crossing, the countries layer),
    /// read once for every job.
    public let countries: [Country]
    /// Map context from geodata (the lakes and rivers layers), read once.
    public let lakes: [Lake]
    public let rivers: [River]
    /// Geodata's settlements (none when settlements are excluded).
    public let settlements: [ControlPoint]
    /// The controls taking part in each border's analysis, by border id (every border of
    /// `mapBorders`), in the order posts then settlements.
    public let controls: [String: [ControlPoint]]
    public let gapParameters: GapParameters
    public let corridorParameters: CorridorParameters
    /// The reach actually used (`ControlSelection.effectiveReach`).
    public let controlReach: Double
    public let filter: SeizureFilter
    /// The seizure file (nil: no seizures, or seizures from a database).
    public let seizureFile: URL?
    /// The seizures' PostGIS table or query (nil: a file or none).
    public let seizureDatabase: PostGISSource?
    /// Every file read: no output may overwrite one of them.
    public let inputs: [URL]
    /// What the user should know about the inputs (printed as warnings on stderr).
    public let warnings: [String]
    public let output: URL
    /// The terrain model (`request.dem`), read and checked once; nil without one.
    public let elevation: ElevationGrid?
    /// Its file (for messages).
    public let demFile: URL?

    /// Builds the scenario: reads geodata and the user's files (errors name the file and position),
    /// checks the output folder, selects the controls of every border.
    public static func build(_ r: ScenarioRequest) throws -> Scenario {
        let geodata = try Geodata.locate(r.geodata)
        if r.database.isGiven && !OutputDestination.isDatabase(r.output) {
            throw ScenarioError("--schema, --table-prefix, --overwrite and --files-dir apply to a PostgreSQL output only (-o postgresql://… or -o 'PG:dbname=…')")
        }
        let output = OutputDestination(r.output, database: r.database).folder
        try geodata.refuseAsOutput(output)
        var inputs = geodata.files
        var warnings: [String] = []

        let filter: SeizureFilter
        do {
            filter = try SeizureFilter(from: r.from, to: r.to, drugs: r.drugs)
        } catch let e as SeizureFilterError {
            throw CatalogError(.badRequest, e.description)
        }

        let geodataBorders = try geodata.borders()
        let geodataCountries = try geodata.countries()
        let borders: [Border]
        switch r.border {
        case .geodata(let selector):
            borders = try BorderCatalog.select(selector, from: geodataBorders)
        case .file(let path, let selector):
            let url = URL(fileURLWithPath: path)
            inputs.append(url)
            if let set = try BorderCatalog.readBorderSet(url) {
                borders = try BorderCatalog.select(selector, from: set)
            } else {
                let (border, notes) = try BorderCatalog.readLineFileDissolved(url)
                borders = [border]
                warnings += notes
            }
        case .postgres(let source, let selector):
            let reader = try PostGISReader(source)
            let features = try reader.readAll()
            if let set = try BorderCatalog.borderSet(features, url: reader.url) {
                borders = try BorderCatalog.select(selector, from: set)
            } else {
                let (border, notes) = try BorderCatalog.lineBorderDissolved(features, url: reader.url)
                borders = [border]
                warnings += notes
            }
        case .between(let a, let b, let polygons, let tolerance):
            let codes = [a, b].map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            let countries: [Country]
            if polygons.isEmpty {
                countries = geodataCountries
            } else {
                let urls = polygons.map { URL(fileURLWithPath: $0) }
                inputs += urls
                countries = try zip(codes, urls).map { try CountryCatalog.readPolygonFile($1, iso3: $0) }
            }
            borders = [try SharedBorder.derive(codes[0], codes[1], from: countries, toleranceMetres: tolerance)]
        }
        let mapBorders = Scenario.mapBorders(geodataBorders, analysed: borders)

        var posts = r.useCheckpoints ? try geodata.checkpoints() : []
        for file in r.posts {
            let url = URL(fileURLWithPath: file)
            inputs.append(url)
            posts += try ControlPointCatalog.readPoints(url, defaultKind: .outpost)
        }
        for source in r.postsFromDatabase {
            let reader = try PostGISReader(source)
            posts += try ControlPointCatalog.points(try reader.readAll(), url: reader.url, defaultKind: .outpost)
        }
        let settlements = r.gaps.includeSettlements ? try geodata.settlements() : []
        let lakes = try geodata.lakes(), rivers = try geodata.rivers()

        var seizureFile: URL?
        var seizureDatabase: PostGISSource?
        switch r.seizures {
        case .postgres(let source):
            // Connected, the table or query described, now: a wrong password, a missing table or
            // a query the server rejects is reported before anything is computed.
            try PostGISReader(source).close()
            seizureDatabase = source
        case .geodata: seizureFile = geodata.url("seizures.csv")
        case .file(let path):
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw CatalogError(.missingFile, file: url.path, "no such file")
            }
            inputs.append(url)
            seizureFile = url
        case .none: seizureFile = nil
        }
        if let file = r.routes.file { inputs.append(URL(fileURLWithPath: file)) }
        var demFile: URL?
        switch r.dem {
        case .geodata: demFile = geodata.url(Geodata.elevationFile)
        case .file(let path):
            demFile = URL(fileURLWithPath: path)
            inputs.append(demFile!)
        case nil: demFile = nil
        }
        let elevation = try demFile.map { try ElevationCatalog.read($0, covering: Scenario.terrainWindow(borders)) }

        let reach = ControlSelection.effectiveReach(r.controlReach, r.gaps)
        let candidates = posts + settlements
        var controls: [String: [ControlPoint]] = [:]
        let selected = parallelChunks(mapBorders.count) { k in
            ControlSelection.select(candidates, near: mapBorders[k], reach: reach)
        }
        for (b, c) in zip(mapBorders, selected) { controls[b.id] = c }

        var corridor = r.corridor
        corridor.gaps = r.gaps
        return Scenario(request: r, geodata: geodata, borders: borders, mapBorders: mapBorders, posts: posts,
                        countries: geodataCountries, lakes: lakes, rivers: rivers, settlements: settlements, controls: controls, gapParameters: r.gaps, corridorParameters: corridor,
                        controlReach: reach, filter: filter, seizureFile: seizureFile, seizureDatabase: seizureDatabase, inputs: inputs, warnings: warnings,
                        output: output, elevation: elevation, demFile: demFile)
    }

    /// Geodata's province polygons (the province each seizure is located in), read when a job
    /// locates seizures (seizures, layers): 7 MB that gaps, corridor and plan do not need.
    public func provinces() throws -> [Province] { try geodata.provinces() }

    /// The part of a DEM the analysed borders need: their vertices' box, enlarged by a quarter of
    /// their longest segment's extent (more than a geodesic strays from its ends' box) plus 0.01°.
    static func terrainWindow(_ borders: [Border]) -> (west: Double, south: Double, east: Double, north: Double) {
        var w = Double.infinity, s = Double.infinity, e = -Double.infinity, n = -Double.infinity, m = 0.0
        for part in borders.flatMap(\.parts) {
            for (a, b) in zip(part, part.dropFirst()) {
                m = max(m, abs(a.latitude - b.latitude), abs(a.longitude - b.longitude))
            }
            for p in part {
                w = min(w, p.longitude); e = max(e, p.longitude)
                s = min(s, p.latitude); n = max(n, p.latitude)
            }
        }
        let margin = 0.25 * m + 0.01
        return (w - margin, s - margin, e + margin, n + margin)
    }

    /// Geodata's borders with the analysed ones: an analysed border with a geodata id stays in its
    /// place; one for a country pair geodata has replaces that border; any other is added.
    static func mapBorders(_ geodata: [Border], analysed: [Border]) -> [Border] {
        func pair(_ b: Border) -> Set<String>? {
            b.countryA.isEmpty || b.countryB.isEmpty ? nil : [b.countryA.uppercased(), b.countryB.uppercased()]
        }
        var out = geodata
        for b in analysed {
            if let i = out.firstIndex(where: { $0.id == b.id }) {
                out[i] = b
            } else if let p = pair(b), let i = out.firstIndex(where: { pair($0) == p }) {
                out[i] = b
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// The controls taking part in `border`'s analysis (`border` is one of `mapBorders`).
    public func controls(for border: Border) -> [ControlPoint] { controls[border.id] ?? [] }

    /// The checkpoints (kind checkpoint, not outposts) taking part in the analysis of any of
    /// `borders`, in the order of `posts`: the candidates for a seizure's nearest checkpoint.
    public func checkpoints(serving borders: [Border]) -> [ControlPoint] {
        let ids = Set(borders.flatMap { controls(for: $0) }.filter { $0.kind == .checkpoint }.map(\.id))
        return posts.filter { $0.kind == .checkpoint && ids.contains($0.id) }
    }

    /// The seizure records that pass the filter, with coordinates; records without a geometry are
    /// counted in `unlocated` (their ids). Empty without a seizure source.
    public func seizures() throws -> (located: [Seizure], unlocated: [String]) {
        let (all, unlocated) = try allSeizures()
        return (all.filter(filter.matches), unlocated)
    }

    /// Every seizure record with coordinates, before the filter, and the unlocated records' ids.
    public func allSeizures() throws -> (located: [Seizure], unlocated: [String]) {
        if let source = seizureDatabase {
            let reader = try PostGISReader(source)
            var located: [Seizure] = [], unlocated: [String] = []
            while let block = try reader.next() {
                let (l, u) = try SeizureCatalog.located(block, url: reader.url, firstIndex: reader.rowsRead - block.count)
                located += l
                unlocated += u
            }
            reader.close()
            return (located, unlocated)
        }
        guard let file = seizureFile else { return ([], []) }
        return try SeizureCatalog.readLocated(file)
    }

    /// True when the scenario has seizure records to analyse (a file or a database source).
    public var hasSeizures: Bool { seizureFile != nil || seizureDatabase != nil }

    /// The routes profiled: geodata's routes.csv or the route file, selected by id.
    public func routes() throws -> [Route] {
        let all = try request.routes.file.map { try RouteCatalog.read(URL(fileURLWithPath: $0)) } ?? (try geodata.routes())
        let keys = request.routes.selector.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if keys.contains("all") { return all }
        return try keys.map { key in
            guard let route = all.first(where: { $0.id.lowercased() == key }) else {
                throw CatalogError(.badRequest, "unknown route '\(key)'; known: \(all.map(\.id).joined(separator: ", ")), or all")
            }
            return route
        }
    }

    /// Where the layers go: the folder, the GeoPackage or the database that `-o` names.
    public var destination: OutputDestination { OutputDestination(request.output, database: request.database) }

    /// A file in the output folder (for a GeoPackage destination: beside the GeoPackage; for a
    /// database: in `--files-dir`).
    public func output(_ name: String) -> URL { output.appendingPathComponent(name) }
}
