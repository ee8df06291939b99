/// The database a PostGIS output went into, as it may be shown and written into a QGIS project:
/// never the password.
public struct PostGISDatabase: Sendable, Hashable {
    /// `postgresql://user@host:port/dbname`.
    public var display: String
    /// The connection's options as libpq parsed them (`host`, `port`, `dbname`, `user`, `sslmode`,
    /// `service`, …), without any password.
    public var options: [String: String]
    /// The schema the tables are in.
    public var schema: String

    public init(display: String, options: [String: String], schema: String) {
        self.display = display
        self.options = options
        self.schema = schema
    }
}
