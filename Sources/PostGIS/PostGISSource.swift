/// A table or a query in a PostgreSQL/PostGIS database, as `--seizures`, `--posts` or
/// `--border-file` name it: the connection (a `postgresql://…` URI or a GDAL-style `PG:…` string,
/// credentials from it, the PG* variables or ~/.pgpass) and `--…-table` or `--…-query`.
public struct PostGISSource: Sendable, Hashable {
    public enum Relation: Sendable, Hashable {
        /// `schema.table` or `table` (quoted parts as in SQL: `"My Schema"."Seizures 2024"`).
        case table(String)
        /// Any SELECT; its one geometry or geography column is the geometry, every other column a property.
        case query(String)
    }

    /// The connection string as the user gave it (it may hold a password: never print it; the
    /// reader's `name` is the printable form).
    public var connection: String
    public var relation: Relation

    public init(connection: String, relation: Relation) {
        self.connection = connection
        self.relation = relation
    }
}
