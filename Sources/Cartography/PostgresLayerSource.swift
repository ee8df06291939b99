/// Where a project's vector layers are when they were written to PostGIS: the connection as QGIS's
/// `postgres` provider takes it, the schema and the table prefix. The password is never part of
/// it: QGIS takes it, as psql does, from ~/.pgpass, PGPASSWORD or its own authentication database.
public struct PostgresLayerSource: Sendable, Hashable {
    /// libpq connection options (`host`, `port`, `dbname`, `user`, `sslmode`, `service`); any
    /// other key, a password among them, is left out of the datasource.
    public var options: [String: String]
    public var schema: String
    public var tablePrefix: String

    /// The options a datasource carries, in QGIS's order.
    static let keys = ["service", "dbname", "host", "port", "user", "sslmode"]

    public init(options: [String: String], schema: String, tablePrefix: String = "") {
        self.options = options
        self.schema = schema
        self.tablePrefix = tablePrefix
    }

    /// The layer's table: the prefix and the layer's table name (`MapLayer.table`).
    public func table(_ layer: MapLayer) -> String { tablePrefix + layer.table }

    /// QGIS's datasource of the layer's table, as QgsDataSourceUri writes one:
    /// `dbname='nroute' host=127.0.0.1 port=5432 user='analyst' key='fid' srid=4326 type=MultiLineString
    /// checkPrimaryKeyUnicity='0' table="public"."kaz_kgz_gaps" (geom)`.
    public func datasource(_ layer: MapLayer) -> String {
        var parts: [String] = []
        for k in Self.keys {
            guard let v = options[k], !v.isEmpty else { continue }
            switch k {
            case "host", "port", "sslmode": parts.append("\(k)=\(Self.quotedIfNeeded(v))")
            default: parts.append("\(k)=\(Self.quoted(v))")
            }
        }
        parts += ["key='fid'", "srid=4326", "type=\(layer.wkbType)", "checkPrimaryKeyUnicity='0'",
                  "table=\(Self.identifier(schema)).\(Self.identifier(table(layer))) (geom)"]
        return parts.joined(separator: " ")
    }

    /// A value in single quotes, `\` and `'` escaped with a backslash (QgsDataSourceUri::escape).
    static func quoted(_ v: String) -> String {
        "'" + v.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    static func quotedIfNeeded(_ v: String) -> String {
        v.contains(where: { $0 == " " || $0 == "'" || $0 == "\\" }) ? quoted(v) : v
    }

    /// A schema or table name in double quotes, `"` doubled.
    static func identifier(_ v: String) -> String { "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
