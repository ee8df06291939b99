import Cartography
import Foundation
import PostGISOutput

/// A PostgreSQL output (`-o postgresql://…` or `-o 'PG:dbname=…'`): every layer a PostGIS table
/// (`PostGISWriter`: typed columns, `geometry(…,4326)`, a GiST index, a comment, swapped in atomically),
/// in `schema` (nil: the connection's current schema) and named `tablePrefix` + the layer's table
/// name (`MapLayer.table`); the other files — CSV tables, SVG charts and maps, GeoTIFF rasters and,
/// for `layers`, the QGIS project loading the layers from the database — into `files`.
public struct PostgresOutput: Sendable, Hashable {
    public var connection: String
    public var schema: String?
    public var tablePrefix: String
    /// Replace existing tables (without it, an existing table is refused and nothing changes).
    public var overwrite: Bool
    /// `--files-dir`: the folder of the other files.
    public var files: URL
    /// The command line (its connection strings without a password) and the nroute version, for
    /// the tables' comments.
    public var arguments: [String]
    public var version: String

    public init(connection: String, request r: ScenarioRequest.DatabaseOutput) {
        self.connection = connection
        self.schema = r.schema
        self.tablePrefix = r.tablePrefix ?? ""
        self.overwrite = r.overwrite
        self.files = URL(fileURLWithPath: r.filesDir ?? "out")
        self.arguments = r.arguments
        self.version = r.version
    }

    /// The comment of a layer's table: what it is, the nroute version, the scenario and the time.
    func comment(_ abstract: String, at date: Date) -> String {
        let time = ISO8601DateFormatter().string(from: date)
        let scenario = ScenarioText.commandLine(["nroute"] + arguments)
        let what = abstract.isEmpty ? "" : abstract + " "
        return what + PostGISWriter.mark + "\(version.isEmpty ? "(unknown version)" : version) at \(time); scenario: \(scenario)"
    }

    /// The layers as tables: one per distinct table name (a layer showing one geometry type of a
    /// mixed file is its own table, as in a GeoPackage).
    func tables(_ layers: [MapLayer], at date: Date) -> [PostGISLayer] {
        var seen = Set<String>()
        return layers.filter { seen.insert($0.table).inserted }.map { l in
            PostGISLayer(table: tablePrefix + l.table, geometryType: l.wkbType, features: l.features, comment: comment(l.abstract, at: date),
                         styleQML: QMLWriter.document(l.style), styleName: l.name)
        }
    }

    /// A written table as a URL (scheme `nroute-table`); `OutputDestination.shown` gives it back as
    /// `postgresql://user@host:port/db "schema"."table"`.
    static func url(_ database: PostGISDatabase, table: String) -> URL {
        let text = database.display + " " + table
        return URL(string: "nroute-table:" + (text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))!
    }
}
