import Analysis
import ArgumentParser
import Foundation
import Jobs

// The flag vocabulary: every flag that affects a result has the same name, default and meaning in
// every command whose result it affects, and `--help` lists it in the same group everywhere.

/// Where the embedded data is, where outputs go, how the summary is printed.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The geodata folder (default: NROUTE_GEODATA, or the repository's geodata/).", valueName: "dir"))
    var geodata: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Folder for the outputs (created if missing; never the geodata folder or a folder inside it), a GeoPackage FILE.gpkg holding every layer with its style (other files beside it), or a PostgreSQL database (postgresql://user@host:port/db or 'PG:dbname=… host=…'; password from ~/.pgpass or PGPASSWORD): a PostGIS table per layer, other files in --files-dir.", valueName: "dir|file.gpkg|postgresql://…"))
    var outputDir: String = "out"

    @Option(name: .long, help: "Summary on stdout: table or json.")
    var format: SummaryFormat = .table
}

/// Where and how the tables go when `-o` names a PostgreSQL database (the commands that write layers).
struct DatabaseOutputOptions: ParsableArguments, ScenarioFlags {
    @Option(name: .long, help: ArgumentHelp("With -o postgresql://…: the schema the tables go into (created if missing; default: the connection's current schema, usually public).", valueName: "name"))
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("With -o postgresql://…: put this before every table name (e.g. kgz15_ gives kgz15_kaz_kgz_gaps), to keep several scenarios side by side.", valueName: "prefix"))
    var tablePrefix: String?

    @Flag(name: .long, help: "With -o postgresql://…: replace tables that exist (without it an existing table is refused and nothing is changed).")
    var overwrite = false

    @Option(name: .long, help: ArgumentHelp("With -o postgresql://…: the folder for the files that are not tables (CSV, SVG, GeoTIFF, the QGIS project of nroute layers).", valueName: "dir"))
    var filesDir: String?

    func apply(to r: inout ScenarioRequest) {
        r.database.schema = schema
        r.database.tablePrefix = tablePrefix
        r.database.overwrite = overwrite
        r.database.filesDir = filesDir
        r.database.arguments = Array(CommandLine.arguments.dropFirst())
        r.database.version = NRoute.configuration.version
    }
}

enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

/// Which border line(s) are analysed.
struct BorderOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A border id from geodata (kaz-kgz, or just kgz for Kazakhstan's neighbour), or all.", valueName: "id"))
    var border: String = "kgz"

    @Option(help: ArgumentHelp("Analyse your own border line instead: GeoJSON (Multi)LineString, or CSV with a WKT column, or a PostGIS database (postgresql://… or PG:\"dbname=…\", with --border-table or --border-query); a file of several borders with ids (such as geodata/borders-ne.geojson, the Natural Earth lines) is chosen from with --border. Controls take part by their distance to the line.", valueName: "file|postgresql://…"))
    var borderFile: String?

    @Option(help: ArgumentHelp("With --border-file postgresql://…: the table of border lines (schema.table; any SRID).", valueName: "table"))
    var borderTable: String?

    @Option(help: ArgumentHelp("With --border-file postgresql://…: a SELECT giving the lines (one geometry column; the other columns are properties).", valueName: "sql"))
    var borderQuery: String?

    @Option(help: ArgumentHelp("Analyse the border shared by two countries' polygons from geodata instead (e.g. KAZ,KGZ).", valueName: "A,B"))
    var between: String?

    @Option(help: ArgumentHelp("With --between: two polygon files to use instead of geodata's countries.", valueName: "file"))
    var polygons: [String] = []

    @Option(help: ArgumentHelp("With --between: how far apart two independently digitised polygons' edges may be and still count as one border.", valueName: "km"))
    var toleranceKm: DecimalValue = 1

    func validate() throws {
        guard toleranceKm.value.isFinite, toleranceKm.value > 0, toleranceKm.value <= 50 else { throw ValidationError("--tolerance-km must be in (0, 50]") }
        if borderFile != nil && between != nil { throw ValidationError("give either --border-file or --between, not both") }
        if !polygons.isEmpty && (polygons.count != 2 || between == nil) {
            throw ValidationError("--polygons takes exactly two files, with --between A,B naming them")
        }
        if let between, between.split(separator: ",").count != 2 { throw ValidationError("--between takes two ISO3 codes, e.g. KAZ,KGZ") }
        do {
            _ = try ScenarioRequest.databaseSource(option: "border", value: borderFile, table: borderTable, query: borderQuery)
        } catch let e as ScenarioError {
            throw ValidationError(e.description.replacingOccurrences(of: "--border postgresql", with: "--border-file postgresql")
                .replacingOccurrences(of: "--border with", with: "--border-file with"))
        }
    }

    var source: ScenarioRequest.BorderSource {
        if let database = try? ScenarioRequest.databaseSource(option: "border", value: borderFile, table: borderTable, query: borderQuery) {
            return .postgres(database, selector: border)
        }
        if let borderFile { return .file(borderFile, selector: border) }
        if let between {
            let codes = between.split(separator: ",").map(String.init)
            return .between(codes[0], codes[1], polygons: polygons, tolerance: toleranceKm.value * 1000)
        }
        return .geodata(border)
    }
}

/// What covers the border: checkpoints, outposts, settlements, and within what distance.
struct ControlOptions: ParsableArguments {
    @Option(help: ArgumentHelp("R_c: checkpoints and outposts cover the border within this geodesic distance.", valueName: "km"))
    var postRadiusKm: DecimalValue = 10

    @Option(help: ArgumentHelp("R_s: settlements cover the border within this geodesic distance.", valueName: "km"))
    var settlementRadiusKm: DecimalValue = 5

    @Flag(help: "Ignore settlements: only checkpoints and outposts cover the border.")
    var noSettlements = false

    @Option(help: ArgumentHelp("Only settlements with at least this population cover the border (a settlement whose population GeoNames does not record counts as 0).", valueName: "n"))
    var minPopulation: Int?

    @Option(help: ArgumentHelp("Add posts or outposts from a CSV (longitude/latitude or WKT columns) or GeoJSON point file, or from a PostGIS database (postgresql://… or PG:\"dbname=…\", with --posts-table or --posts-query; one database source); repeatable. Column kind = checkpoint|outpost (default outpost).", valueName: "file|postgresql://…"))
    var posts: [String] = []

    @Option(help: ArgumentHelp("With --posts postgresql://…: the table of posts (schema.table; points, any SRID).", valueName: "table"))
    var postsTable: String?

    @Option(help: ArgumentHelp("With --posts postgresql://…: a SELECT giving the posts (one geometry column; the other columns are properties).", valueName: "sql"))
    var postsQuery: String?

    @Flag(help: "Do not use geodata's checkpoints (only --posts).")
    var noCheckpoints = false

    @Option(help: ArgumentHelp("A control (checkpoint, outpost, settlement) takes part in a border's analysis when it lies within this geodesic distance of the border's line, whatever line is analysed; never less than the radii.", valueName: "km"))
    var controlReachKm = DecimalValue(ControlSelection.defaultReach / 1000)

    @Option(help: ArgumentHelp("Shortest gap worth reporting.", valueName: "km"))
    var minGapKm: DecimalValue = 1

    func validate() throws {
        for (name, v) in [("--post-radius-km", postRadiusKm.value), ("--settlement-radius-km", settlementRadiusKm.value)] {
            guard v.isFinite, v >= 0, v <= GapParameters.maxRadius / 1000 else {
                throw ValidationError("\(name) must be between 0 and \(Int(GapParameters.maxRadius / 1000))")
            }
        }
        guard minGapKm.value.isFinite, minGapKm.value >= 0 else { throw ValidationError("--min-gap-km must be ≥ 0") }
        guard controlReachKm.value.isFinite, controlReachKm.value >= 0 else { throw ValidationError("--control-reach-km must be ≥ 0") }
        if let m = minPopulation, m < 0 { throw ValidationError("--min-population must be ≥ 0") }
        let databases = posts.filter(ScenarioRequest.isDatabase)
        guard databases.count <= 1 else {
            throw ValidationError("--posts takes one PostgreSQL source (a --posts-query can UNION ALL several tables)")
        }
        do {
            _ = try ScenarioRequest.databaseSource(option: "posts", value: databases.first, table: postsTable, query: postsQuery)
        } catch let e as ScenarioError {
            throw ValidationError(e.description)
        }
    }

    func apply(to r: inout ScenarioRequest) {
        r.gaps.postRadius = postRadiusKm.value * 1000
        r.gaps.settlementRadius = settlementRadiusKm.value * 1000
        r.gaps.includeSettlements = !noSettlements
        r.gaps.minPopulation = minPopulation
        r.gaps.minGapLength = minGapKm.value * 1000
        r.posts = posts.filter { !ScenarioRequest.isDatabase($0) }
        r.postsFromDatabase = posts.compactMap {
            try? ScenarioRequest.databaseSource(option: "posts", value: $0, table: postsTable, query: postsQuery)
        }
        r.useCheckpoints = !noCheckpoints
        r.controlReach = controlReachKm.value * 1000
    }
}

/// Which seizure records take part.
struct SeizureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The seizure records: 'geodata' for the embedded seizures, a GeoJSON or CSV point file, a PostGIS database (postgresql://… or PG:\"dbname=…\", with --seizures-table or --seizures-query), or 'none'.", valueName: "file|postgresql://…"))
    var seizures: String = "geodata"

    @Option(help: ArgumentHelp("With --seizures postgresql://…: the table of seizures (schema.table; points, any SRID; streamed).", valueName: "table"))
    var seizuresTable: String?

    @Option(help: ArgumentHelp("With --seizures postgresql://…: a SELECT giving the seizures (one geometry column; the other columns are properties).", valueName: "sql"))
    var seizuresQuery: String?

    @Option(help: ArgumentHelp("Keep seizures on or after this date (YYYY, YYYY-MM or YYYY-MM-DD): a record is kept when its date interval [date_start, date_end] overlaps the range.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Keep seizures on or before this date.", valueName: "date"))
    var to: String?

    @Option(name: .customLong("drug"), help: ArgumentHelp("Keep seizures of this drug (a whole word or phrase of the record's drug, case-insensitive); repeatable.", valueName: "name"))
    var drugs: [String] = []

    func validate() throws {
        do {
            _ = try SeizureFilter(from: from, to: to, drugs: drugs)
        } catch let e as SeizureFilterError {
            throw ValidationError(e.description)
        }
        do {
            _ = try ScenarioRequest.databaseSource(option: "seizures", value: seizures, table: seizuresTable, query: seizuresQuery)
        } catch let e as ScenarioError {
            throw ValidationError(e.description)
        }
    }

    func apply(to r: inout ScenarioRequest) {
        if let database = try? ScenarioRequest.databaseSource(option: "seizures", value: seizures, table: seizuresTable, query: seizuresQuery) {
            r.seizures = .postgres(database)
            r.from = from
            r.to = to
            r.drugs = drugs
            return
        }
        switch seizures.lowercased() {
        case "geodata": r.seizures = .geodata
        case "none": r.seizures = .none
        default: r.seizures = .file(seizures)
        }
        r.from = from
        r.to = to
        r.drugs = drugs
    }
}

/// How near a gap a seizure is listed with it (the gaps layer).
struct GapListingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How close to a gap a seizure must be to be listed with it in the gaps layer.", valueName: "km"))
    var seizureDistanceKm: DecimalValue = 10

    func validate() throws {
        guard seizureDistanceKm.value.isFinite, seizureDistanceKm.value >= 0 else { throw ValidationError("--seizure-distance-km must be ≥ 0") }
    }

    func apply(to r: inout ScenarioRequest) { r.gaps.seizureDistance = seizureDistanceKm.value * 1000 }
}

/// The terrain model and where crossing on foot or horseback counts as plausible.
struct TerrainOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A terrain model (DEM): 'geodata' for the embedded GEBCO 2023 grid of the Kazakh–Kyrgyz border region (geodata/dem-kaz-kgz.tif, 15″, ~460 × 340 m cells), or any raster GDAL reads in geographic WGS84 (EPSG:4326), such as SRTM or Copernicus GLO-30. Adds elevation, slope and passable_km to every gap and writes <border>-profile.csv and .svg. Default: none.", valueName: "file"))
    var dem: String?

    @Option(help: ArgumentHelp("Passable only at or below this elevation. Default 3200: in the Tian Shan permafrost, scree and glaciers are common above ~3,200 m (Pospelov, Geographical names of the world, 2001).", valueName: "m"))
    var maxElevationM = DecimalValue(TerrainParameters.defaultMaxElevation)

    @Option(help: ArgumentHelp("Passable only where the terrain's steepest slope (from the DEM gradient) is at most this. Default 21.8 = a 40 % grade, the short-pitch maximum of the least developed (Class 1) hiker trail in the USDA Forest Service Trail Design Parameters (FSH 2309.18, 2008). A coarse DEM smooths slopes: the ground is steeper than it shows.", valueName: "deg"))
    var maxSlopeDeg = DecimalValue(TerrainParameters.defaultMaxSlope)

    func validate() throws {
        guard maxElevationM.value.isFinite else { throw ValidationError("--max-elevation-m must be a finite number") }
        guard maxSlopeDeg.value.isFinite, maxSlopeDeg.value >= 0, maxSlopeDeg.value <= 90 else { throw ValidationError("--max-slope-deg must be between 0 and 90") }
        if let dem, dem.isEmpty { throw ValidationError("--dem needs 'geodata' or a file") }
    }

    func apply(to r: inout ScenarioRequest) {
        if let dem { r.dem = dem.lowercased() == "geodata" ? .geodata : .file(dem) }
        r.terrain = TerrainParameters(maxElevation: maxElevationM.value, maxSlope: maxSlopeDeg.value)
    }
}

/// Coverage by travel time over the DEM instead of by radius.
struct TravelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Coverage by travel time over the DEM (needs --dem): a checkpoint or outpost covers the border points its patrol reaches within this many hours (Tobler's hiking function on the DEM's 16-neighbour grid; too high, too steep and water cells impassable), instead of --post-radius-km. Gaps then report max_time_h, and <border>-travel-time.tif (hours from the nearest control) is written. Default: off.", valueName: "hours"))
    var patrolHours: DecimalValue?

    @Option(help: ArgumentHelp("With --patrol-hours: a settlement covers what is reached within this many hours. Default: half of --patrol-hours (as the 5 km settlement radius is half the 10 km post radius).", valueName: "hours"))
    var settlementHours: DecimalValue?

    @Option(help: ArgumentHelp("With --patrol-hours: 'foot' (Tobler's function × 0.6 off path, 3.02 km/h on the flat) or 'horse' (× 0.6 × 1.25 for horseback, 3.78 km/h on the flat; both factors Tobler 1993). Default: foot.", valueName: "mode"))
    var travelMode: String = "foot"

    func validate() throws {
        guard let mode = TravelMode(rawValue: travelMode.lowercased()) else { throw ValidationError("--travel-mode must be foot or horse, got '\(travelMode)'") }
        _ = mode
        for (name, v) in [("--patrol-hours", patrolHours), ("--settlement-hours", settlementHours)] {
            if let v, !(v.value.isFinite && v.value >= 0 && v.value <= TravelParameters.maxHours) {
                throw ValidationError("\(name) must be between 0 and \(Int(TravelParameters.maxHours))")
            }
        }
        if patrolHours == nil && settlementHours != nil { throw ValidationError("--settlement-hours needs --patrol-hours") }
    }

    func apply(to r: inout ScenarioRequest) {
        guard let h = patrolHours?.value else { return }
        r.travel = TravelParameters(patrolHours: h, settlementHours: settlementHours?.value ?? h / 2,
                                    mode: TravelMode(rawValue: travelMode.lowercased()) ?? .foot)
    }
}

/// Which routes, and how wide their corridors.
struct RouteOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A route id from geodata/routes.csv (or from --route-file), several separated by commas, or all.", valueName: "id"))
    var route: String = "all"

    @Option(help: ArgumentHelp("Use your own routes: GeoJSON (Multi)LineStrings (each line a route), or CSV rows route_id, seq, longitude, latitude.", valueName: "file"))
    var routeFile: String?

    @Option(help: ArgumentHelp("Half-width of the corridor: seizures within this geodesic distance of the route are inside.", valueName: "km"))
    var halfWidthKm: DecimalValue = 25

    func validate() throws {
        guard halfWidthKm.value.isFinite, halfWidthKm.value > 0, halfWidthKm.value <= CorridorOptions.maxHalfWidth / 1000 else {
            throw ValidationError("--half-width-km must be greater than 0 and at most \(Int(CorridorOptions.maxHalfWidth / 1000))")
        }
        guard !route.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--route needs an id or all") }
    }

    func apply(to r: inout ScenarioRequest) {
        r.routes = .init(file: routeFile, selector: route)
        r.corridor.halfWidth = halfWidthKm.value * 1000
    }
}

/// The corridor profile's bins.
struct ProfileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Length of the profile's bins along the route.", valueName: "km"))
    var binKm: DecimalValue = 50

    @Option(help: ArgumentHelp("Leave out of the profile the seizures located only to within more than this (location_precision_m: province or country centroids); they stay in corridor-seizures.geojson. Default: the half-width; 'inf' keeps all.", valueName: "km"))
    var maxPrecisionKm: DecimalValue?

    func validate() throws {
        guard binKm.value.isFinite, binKm.value >= 0.1 else { throw ValidationError("--bin-km must be at least 0.1") }
        if let m = maxPrecisionKm?.value, !(m >= 0) { throw ValidationError("--max-precision-km must be ≥ 0 (or inf)") }
    }

    func apply(to r: inout ScenarioRequest) {
        r.corridor.binLength = binKm.value * 1000
        r.corridor.maxLocationPrecision = maxPrecisionKm.map { $0.value * 1000 }
    }
}

/// A flag group that sets its part of the scenario request.
protocol ScenarioFlags: ParsableArguments {
    func apply(to r: inout ScenarioRequest)
}

extension BorderOptions: ScenarioFlags {
    func apply(to r: inout ScenarioRequest) { r.border = source }
}

extension ControlOptions: ScenarioFlags {}
extension SeizureOptions: ScenarioFlags {}
extension GapListingOptions: ScenarioFlags {}
extension TerrainOptions: ScenarioFlags {}
extension TravelOptions: ScenarioFlags {}
extension RouteOptions: ScenarioFlags {}
extension ProfileOptions: ScenarioFlags {}

extension OutputOptions {
    /// The request a command's flag groups make: the output flags, then each group's part.
    func request(_ groups: any ScenarioFlags...) -> ScenarioRequest {
        var r = ScenarioRequest()
        r.geodata = geodata
        r.output = outputDir
        for g in groups { g.apply(to: &r) }
        return r
    }
}
