import GeoFormats
import PostgreSQL

/// Writes layers into PostGIS tables, all of them or none.
///
/// In one transaction: each layer is created under a temporary name (`nroute_tmp_<hex>_<i>`:
/// `fid bigint` primary key, `geom geometry(<type>,4326)`, a typed column per property), loaded by
/// `COPY … FROM STDIN`, given a GiST index on `geom` and its comment; then each target table is
/// checked again (under an advisory lock on its name), an existing one dropped when `overwrite`
/// (refused otherwise; and refused even then unless nroute wrote it — its comment says so — so an
/// analyst's own table, a view or an input table of the same name is never dropped), and the
/// loaded table renamed into place with its indexes; each layer's style stored as its table's
/// default in `public.layer_styles` (the table QGIS keeps styles in; created as QGIS creates it
/// when missing; an earlier nroute style of the same table replaced, an analyst's own kept; left
/// out, and said so, when the role may neither create nor write that table); `beforeCommit`
/// runs (the caller stages its files), then COMMIT. Until the commit, other sessions see the old
/// tables, and a failure anywhere — a refused row, a lost connection, a signal that ends nroute —
/// rolls everything back (the server discards an unfinished transaction when its client goes):
/// no half-written or temporary table is left. Table and column names are quoted identifiers;
/// values travel as COPY data or parameters only.
public enum PostGISWriter {
    /// Writes `layers` into `schema` (nil: the connection's current schema; created when missing)
    /// of the database `connection` names (`postgresql://…` or `PG:…`). Returns the database and
    /// the tables written (schema-qualified, quoted) and whether their styles were stored.
    @discardableResult
    public static func write(_ layers: [PostGISLayer], connection: String, schema: String?, overwrite: Bool,
                             beforeCommit: (PostGISDatabase) throws -> Void = { _ in })
        throws -> (database: PostGISDatabase, tables: [String], stylesStored: Bool) {
        var names = Set<String>()
        for l in layers {
            guard l.table.utf8.count <= PostGISColumn.maxNameBytes else {
                throw PostGISOutputError(.refused, "table name \(l.table) is longer than PostgreSQL's 63 bytes (shorten --table-prefix)")
            }
            guard names.insert(l.table).inserted else { throw PostGISOutputError(.refused, "two layers go into the table \(l.table)") }
        }
        if let schema, schema.utf8.count > PostGISColumn.maxNameBytes {
            throw PostGISOutputError(.refused, "schema name \(schema) is longer than PostgreSQL's 63 bytes")
        }
        let target = try PostgresTarget(connection)
        let db = try PostgresConnection(target)
        defer { db.close() }
        return try db.transaction {
            let schemaName: String
            if let schema {
                try db.execute("CREATE SCHEMA IF NOT EXISTS " + SQLIdentifier.quoted(schema))
                schemaName = schema
            } else {
                guard let s = try db.query("SELECT current_schema()").string(0, 0) else {
                    throw PostGISOutputError(.refused, "\(target.display): no current schema (the search_path names none that exists): give --schema")
                }
                schemaName = s
            }
            guard try db.query("SELECT to_regtype('geometry') IS NOT NULL").string(0, 0) == "t" else {
                throw PostGISOutputError(.refused, "\(target.display): PostGIS is not installed in this database (CREATE EXTENSION postgis)")
            }
            let database = PostGISDatabase(display: target.display, options: target.options, schema: schemaName)
            let q = try SQLIdentifier.quoted(schemaName)
            // Refuse before loading anything (checked again, under a lock, at the swap).
            for l in layers { try checkReplaceable(schemaName, l.table, overwrite: overwrite, db, target) }
            let token = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            var loaded: [(layer: PostGISLayer, temporary: String)] = []
            for (i, layer) in layers.enumerated() {
                let temporary = "nroute_tmp_\(token)_\(i)"
                try load(layer, schema: q, temporary: temporary, db)
                loaded.append((layer, temporary))
            }
            var tables: [String] = []
            for (layer, temporary) in loaded {
                let t = layer.table
                _ = try db.query("SELECT pg_advisory_xact_lock(hashtext($1))", [schemaName + "." + t])
                if try checkReplaceable(schemaName, t, overwrite: overwrite, db, target) {
                    try db.execute("DROP TABLE \(q).\(try SQLIdentifier.quoted(t))")
                }
                try db.execute("ALTER TABLE \(q).\(try SQLIdentifier.quoted(temporary)) RENAME TO \(try SQLIdentifier.quoted(t))")
                try db.execute("ALTER INDEX \(q).\(try SQLIdentifier.quoted(temporary + "_pkey")) RENAME TO \(try SQLIdentifier.quoted(indexName(t, "_pkey")))")
                try db.execute("ALTER INDEX \(q).\(try SQLIdentifier.quoted(temporary + "_geom_idx")) RENAME TO \(try SQLIdentifier.quoted(indexName(t, "_geom_idx")))")
                tables.append(q + "." + (try SQLIdentifier.quoted(t)))
            }
            let styled = layers.filter { $0.styleQML != nil }
            let stored = styled.isEmpty ? true : try storeStyles(styled, schema: schemaName, db)
            try beforeCommit(database)
            return (database, tables, stored)
        }
    }

    /// Stores each layer's QML as the default style of its table `schema.table` in
    /// `public.layer_styles` (QGIS's columns: `styleQML` as XML, `useAsDefault`, `f_geometry_column`
    /// `geom`), replacing the styles an earlier nroute run stored for the same table (their
    /// description carries `mark`). False, with nothing done, when the table is missing and the
    /// role may not create it in `public`, or it exists and the role may not write it.
    static func storeStyles(_ layers: [PostGISLayer], schema: String, _ db: PostgresConnection) throws -> Bool {
        let exists = try db.query("SELECT to_regclass('public.layer_styles') IS NOT NULL").string(0, 0) == "t"
        if exists {
            let writable = try db.query("SELECT has_table_privilege('public.layer_styles', 'INSERT, DELETE')").string(0, 0) == "t"
            guard writable else { return false }
        } else {
            guard try db.query("SELECT has_schema_privilege('public', 'CREATE')").string(0, 0) == "t" else { return false }
            try db.execute("""
                CREATE TABLE public.layer_styles (id serial PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar,
                  f_table_name varchar, f_geometry_column varchar, stylename text, styleqml xml, stylesld xml,
                  useasdefault boolean, description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml,
                  update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)
                """)
        }
        // One writer at a time: a concurrent nroute run must not delete the rows this one inserts.
        _ = try db.query("SELECT pg_advisory_xact_lock(hashtext('public.layer_styles'))")
        for layer in layers {
            guard let qml = layer.styleQML else { continue }
            _ = try db.query("""
                DELETE FROM public.layer_styles WHERE f_table_catalog = current_database() AND f_table_schema = $1
                  AND f_table_name = $2 AND f_geometry_column = 'geom' AND description LIKE $3
                """, [schema, layer.table, mark + "%"])
            // An older layer_styles may hold stylename as varchar(30).
            _ = try db.query("""
                INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename,
                  styleqml, useasdefault, description)
                VALUES (current_database(), $1, $2, 'geom', $3, XMLPARSE(DOCUMENT $4::text), true, $5)
                """, [schema, layer.table, String(layer.styleName.prefix(30)), qml, mark + "(the default style of this table)"])
        }
        return true
    }

    /// The mark every table nroute writes has in its comment: only such tables are replaced.
    public static let mark = "Written by nroute "

    /// True when `schema.table` exists and may be replaced; false when it does not exist; throws the
    /// refusal when it exists and `overwrite` is off, or it is not a table nroute wrote.
    @discardableResult
    static func checkReplaceable(_ schema: String, _ table: String, overwrite: Bool, _ db: PostgresConnection,
                                 _ target: PostgresTarget) throws -> Bool {
        let r = try db.query("""
            SELECT c.relkind::text, coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2
            """, [schema, table])
        guard r.rowCount > 0 else { return false }
        guard overwrite else {
            throw PostGISOutputError(.refused, "table \(schema).\(table) already exists in \(target.display); --overwrite replaces it")
        }
        guard r.string(0, 0) == "r", (r.string(0, 1) ?? "").contains(mark) else {
            throw PostGISOutputError(.refused, "\(schema).\(table) in \(target.display) was not written by nroute (its comment does not say so): it is never replaced; choose another --schema or --table-prefix")
        }
        return true
    }

    /// `table` + `suffix`, the table part cut so that the name fits in 63 bytes.
    static func indexName(_ table: String, _ suffix: String) -> String {
        var t = table
        while t.utf8.count + suffix.utf8.count > PostGISColumn.maxNameBytes { t.removeLast() }
        return t + suffix
    }

    /// Creates the table `temporary` in the (quoted) schema `schema` for `layer`, loads its features
    /// by COPY, indexes `geom` and sets the comment.
    static func load(_ layer: PostGISLayer, schema: String, temporary: String, _ db: PostgresConnection) throws {
        let qualified = schema + "." + (try SQLIdentifier.quoted(temporary))
        let columns = PostGISColumn.columns(of: layer.features)
        let type = layer.geometryType
        let definitions = try columns.map { try SQLIdentifier.quoted($0.property.name) + " " + $0.sqlType }
        try db.execute("CREATE TABLE \(qualified) (fid bigint PRIMARY KEY, geom geometry(\(type),4326)"
                       + definitions.map { ", " + $0 }.joined() + ")")
        let list = try (["fid", "geom"] + columns.map { try SQLIdentifier.quoted($0.property.name) }).joined(separator: ", ")
        try db.copyIn("COPY \(qualified) (\(list)) FROM STDIN") { w in
            var row: [UInt8] = []
            for (i, f) in layer.features.enumerated() {
                row.removeAll(keepingCapacity: true)
                row.append(contentsOf: String(i + 1).utf8)
                row.append(9)
                if let g = f.geometry {
                    guard let fitted = PostGISGeometry.fitted(g, to: type) else {
                        throw PostGISOutputError(.badFeature, "table \(layer.table), feature \(i + 1): a \(PostGISGeometry.typeNames[WKB.typeCode(g)] ?? "geometry") in a \(type) column")
                    }
                    PostGISGeometry.appendHexEWKB(fitted, to: &row)
                } else {
                    row.append(contentsOf: [92, 78])
                }
                let p = f.properties ?? JSONObject()
                for c in columns {
                    row.append(9)
                    try c.append(p[c.property.key], to: &row)
                }
                row.append(10)
                try w.raw(row, rows: 1)
            }
        }
        // Named after the temporary table until the swap renames both.
        try db.execute("CREATE INDEX \(try SQLIdentifier.quoted(temporary + "_geom_idx")) ON \(qualified) USING gist (geom)")
        let comment = try db.query("SELECT format('COMMENT ON TABLE %s IS %L', $1::text, $2::text)", [qualified, layer.comment])
        guard let statement = comment.string(0, 0) else { throw PostGISOutputError(.refused, "cannot set the comment of \(layer.table)") }
        try db.execute(statement)
    }
}
