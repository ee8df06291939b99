import Analysis
import Foundation
import PostGIS

/// What the user asked for, as plain values: every command's flags map onto one of these, and
/// `Scenario.build` turns it into the borders, controls, seizures and parameters every job uses.
/// Distances in metres.
public struct ScenarioRequest: Sendable {
    /// Where the analysed border line(s) come from.
    public enum BorderSource: Sendable, Hashable {
        /// A geodata border id (`kaz-kgz`), the code of Kazakhstan's neighbour (`kgz`), or `all`.
        case geodata(String)
        /// A user's line file (GeoJSON (Multi)LineString or CSV with a WKT column): all its lines
        /// as one border; or, when it is a set of borders (several features, each with an `id`,
        /// like geodata's borders.geojson and borders-ne.geojson), those the selector names.
        case file(String, selector: String = "kgz")
        /// The border shared by two countries' polygons (geodata's, or the two files given).
        case between(String, String, polygons: [String], tolerance: Double)
        /// A PostGIS table or query of lines, read as a line file is (`--border-file postgresql://…
        /// --border-table T`): all its lines one border named after the table, or a set of borders
        /// (several rows, each with an `id`) of which the selector names some.
        case postgres(PostGISSource, selector: String = "kgz")
    }

    /// Where seizure records come from.
    public enum SeizureSource: Sendable, Hashable {
        case geodata
        case file(String)
        /// A PostGIS table or query of points (`--seizures postgresql://… --seizures-table T`), streamed.
        case postgres(PostGISSource)
        case none
    }

    /// Where routes come from, and which are profiled (ids, or `all`).
    public struct RouteSource: Sendable, Hashable {
        public var file: String?
        public var selector: String = "all"
        public init(file: String? = nil, selector: String = "all") {
            self.file = file
            self.selector = selector
        }
    }

    /// Where a terrain model (DEM) comes from: geodata's `dem-kaz-kgz.tif`, or any raster file
    /// GDAL reads (geographic WGS84).
    public enum DEMSource: Sendable, Hashable {
        case geodata
        case file(String)
    }

    /// The geodata folder (nil: NROUTE_GEODATA, or the repository's geodata/).
    public var geodata: String?
    public var border: BorderSource = .geodata("kgz")
    /// Geodata's checkpoints take part (false: only the user's posts).
    public var useCheckpoints = true
    /// The user's posts or outposts (point files).
    public var posts: [String] = []
    /// The user's posts or outposts from PostGIS tables or queries (`--posts postgresql://… --posts-table T`).
    public var postsFromDatabase: [PostGISSource] = []
    /// Radii, settlement filters, shortest gap, seizure listing distance.
    public var gaps = GapParameters()
    /// Controls within this distance of a border's line take part in its analysis.
    public var controlReach = ControlSelection.defaultReach
    public var seizures: SeizureSource = .geodata
    /// Keep seizures whose date interval overlaps [from, to] (YYYY, YYYY-MM or YYYY-MM-DD).
    public var from: String?
    public var to: String?
    /// Keep seizures of these drugs (whole word or phrase, case-insensitive); empty: all.
    public var drugs: [String] = []
    public var routes = RouteSource()
    public var corridor = CorridorParameters()
    /// The terrain model for the gaps' terrain (nil: none, the gaps as distances only).
    public var dem: DEMSource?
    /// Where crossing counts as plausible (maximum elevation and slope).
    public var terrain = TerrainParameters()
    /// Coverage by travel time over the DEM instead of by radius (nil: by radius).
    public var travel: TravelParameters?
    /// The output: a folder, a `.gpkg` file or a PostgreSQL connection (`OutputDestination`).
    public var output = "out"
    /// With a PostgreSQL output: where and how the tables are written.
    public var database = DatabaseOutput()

    /// The flags of a PostgreSQL output (`--schema`, `--table-prefix`, `--overwrite`,
    /// `--files-dir`), and what the tables' comments record.
    public struct DatabaseOutput: Sendable, Hashable {
        public var schema: String?
        public var tablePrefix: String?
        public var overwrite = false
        /// nil: `out`.
        public var filesDir: String?
        /// The command line after `nroute` (connection strings are shown without their password).
        public var arguments: [String] = []
        public var version = ""

        public init() {}

        /// Any of the database flags given.
        public var isGiven: Bool { schema != nil || tablePrefix != nil || overwrite || filesDir != nil }
    }

    public init() {}

    /// A PostGIS table or query (`PostGISSource`), as the source enums and the CLI name it.
    public typealias DatabaseSource = PostGISSource

    /// True when an input option's value is a PostgreSQL connection (`postgresql://…`,
    /// `postgres://…`, `PG:…`) rather than a file.
    public static func isDatabase(_ value: String) -> Bool {
        value.hasPrefix("postgresql://") || value.hasPrefix("postgres://") || value.hasPrefix("PG:")
    }

    /// The source of `option` (`--seizures`, …) when `value` is a connection: with exactly one of
    /// `table` and `query` (`--…-table`, `--…-query`); nil for a file. Throws a one-line reason
    /// for a connection without either, both, or either without a connection.
    public static func databaseSource(option: String, value: String?, table: String?, query: String?) throws -> DatabaseSource? {
        guard let value, isDatabase(value) else {
            if table != nil || query != nil {
                throw ScenarioError("--\(option)-\(table != nil ? "table" : "query") needs --\(option) postgresql://… (or PG:…)")
            }
            return nil
        }
        switch (table, query) {
        case (let t?, nil): return DatabaseSource(connection: value, relation: .table(t))
        case (nil, let q?): return DatabaseSource(connection: value, relation: .query(q))
        case (nil, nil): throw ScenarioError("--\(option) with a PostgreSQL connection needs --\(option)-table NAME or --\(option)-query 'SELECT …'")
        default: throw ScenarioError("give either --\(option)-table or --\(option)-query, not both")
        }
    }
}
