import GeoFormats

/// Builds an OGC GeoPackage 1.3 (OGC 12-128r18) in memory and returns its bytes, for the caller to
/// write atomically (a temporary file beside the target, renamed into place): the file appears
/// whole or not at all, and an existing GeoPackage is replaced only as a whole.
///
/// What it holds: `gpkg_spatial_ref_sys` (the two required undefined systems and EPSG:4326),
/// `gpkg_contents`, `gpkg_geometry_columns`, `gpkg_extensions`; one feature table per layer
/// (`fid`, `geom` in GeoPackage binary, a typed column per property) with its R-tree spatial index
/// (`rtree_<table>_geom`, filled here, and the spec's six triggers, which use the `ST_*` functions
/// a GeoPackage client such as GDAL provides); `gpkg_data_columns` naming JSON columns; QGIS's
/// `layer_styles` with each layer's QML as its default style; QGIS's `qgis_projects` with any
/// project (a `.qgz`: the `.qgs` in a ZIP, hex-encoded, as QGIS stores it).
public enum GeoPackageWriter {
    /// The GeoPackage `application_id` ("GPKG") and `user_version` (1.3.0).
    static let applicationID: Int32 = 0x4750_4B47
    static let userVersion = 10300
    static let srsID: Int32 = 4326

    public static func bytes(layers: [GeoPackageLayer], projects: [GeoPackageProject] = []) throws -> [UInt8] {
        var seen = Set<String>()
        for l in layers {
            guard seen.insert(l.table.lowercased()).inserted else { throw GeoPackageError("two layers named \(l.table)") }
        }
        let db = try SQLiteDatabase()
        try db.execute("PRAGMA application_id = \(applicationID); PRAGMA user_version = \(userVersion); PRAGMA foreign_keys = ON;")
        try db.execute("BEGIN")
        try createCoreTables(db)
        var dataColumns = false
        for layer in layers { try write(layer, db, dataColumns: &dataColumns) }
        if layers.contains(where: { $0.styleQML != nil }) { try writeStyles(layers, db) }
        if !projects.isEmpty { try writeProjects(projects, db) }
        try db.execute("COMMIT")
        return try db.serialize()
    }

    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func createCoreTables(_ db: SQLiteDatabase) throws {
        try db.execute("""
            CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
              organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
            CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
              description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
              scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL,
              min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL,
              CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
            CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, matrix_width INTEGER NOT NULL,
              matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, tile_height INTEGER NOT NULL,
              pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL,
              CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level),
              CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
            """)
        let srs = try db.prepare("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)")
        try srs.run([.text("Undefined cartesian SRS"), .integer(-1), .text("NONE"), .integer(-1), .text("undefined"),
                     .text("undefined cartesian coordinate reference system")])
        try srs.run([.text("Undefined geographic SRS"), .integer(0), .text("NONE"), .integer(0), .text("undefined"),
                     .text("undefined geographic coordinate reference system")])
        try srs.run([.text("WGS 84 geodetic"), .integer(Int64(srsID)), .text("EPSG"), .integer(4326), .text(wgs84WKT),
                     .text("longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid")])
    }

    /// `gpkg_data_columns` (the schema extension), created for the first JSON column.
    static func createDataColumns(_ db: SQLiteDatabase) throws {
        try db.execute("""
            CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,
              description TEXT, mime_type TEXT, constraint_name TEXT,
              CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), CONSTRAINT gdc_tn UNIQUE (table_name, name));
            CREATE TABLE gpkg_data_column_constraints (constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL,
              value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
              CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
            INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema',
              'http://www.geopackage.org/spec/#extension_schema', 'read-write');
            INSERT INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema',
              'http://www.geopackage.org/spec/#extension_schema', 'read-write');
            """)
    }

    /// EPSG:4326 as OGC WKT (1), as GeoPackage 1.3 asks for `definition`.
    static let wgs84WKT = #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#

    static func write(_ layer: GeoPackageLayer, _ db: SQLiteDatabase, dataColumns: inout Bool) throws {
        let t = layer.table, q = quoted(t), rtree = quoted("rtree_\(t)_geom")
        let columns = GeoPackageColumn.columns(of: layer.features)
        var codes = Set<UInt32>()
        for f in layer.features { if let g = f.geometry { codes.insert(WKB.typeCode(g)) } }
        let typeName = GeoPackageGeometry.typeName(codes)
        let defs = columns.map { "\(quoted($0.name)) \($0.kind.rawValue)" }
        try db.execute("CREATE TABLE \(q) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom \(typeName)"
                       + defs.map { ", " + $0 }.joined() + ")")
        try db.execute("CREATE VIRTUAL TABLE \(rtree) USING rtree(id, minx, maxx, miny, maxy)")

        let placeholders = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
        let insert = try db.prepare("INSERT INTO \(q) (geom" + columns.map { ", " + quoted($0.name) }.joined()
                                    + ") VALUES (\(placeholders))")
        let index = try db.prepare("INSERT INTO \(rtree) VALUES (?, ?, ?, ?, ?)")
        var extent = GeoPackageGeometry.Envelope()
        for f in layer.features {
            var values: [SQLiteValue] = []
            values.reserveCapacity(columns.count + 1)
            var envelope: GeoPackageGeometry.Envelope?
            if let g = f.geometry {
                let (blob, e) = GeoPackageGeometry.blob(GeoPackageGeometry.promoted(g, to: typeName), srsID: srsID)
                values.append(.blob(blob))
                envelope = e
            } else {
                values.append(.null)
            }
            let p = f.properties ?? JSONObject()
            for c in columns { values.append(try c.value(p[c.key])) }
            try insert.run(values)
            if let e = envelope, !e.isEmpty {
                extent.add(e)
                // The R-tree holds 32-bit floats: rounded outwards, as SQLite's R-tree does itself.
                try index.run([.integer(insert.lastRowID), .real(e.minX), .real(e.maxX), .real(e.minY), .real(e.maxY)])
            }
        }

        let contents = try db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)")
        let box: [SQLiteValue] = extent.isEmpty ? [.null, .null, .null, .null]
            : [.real(extent.minX), .real(extent.minY), .real(extent.maxX), .real(extent.maxY)]
        try contents.run([.text(t), .text(layer.identifier), .text(layer.description)] + box + [.integer(Int64(srsID))])
        try db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)")
            .run([.text(t), .text(typeName), .integer(Int64(srsID))])
        try db.prepare("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')")
            .run([.text(t)])
        if columns.contains(where: \.json) {
            if !dataColumns { try createDataColumns(db) }
            dataColumns = true
            let dataColumn = try db.prepare("INSERT INTO gpkg_data_columns (table_name, column_name, name, mime_type) VALUES (?, ?, ?, 'application/json')")
            for c in columns where c.json { try dataColumn.run([.text(t), .text(c.name), .text(c.name)]) }
        }
        try db.execute(rtreeTriggers(table: t))
    }

    /// The R-tree triggers of GeoPackage 1.3 (Annex F.3), for table `t`, geometry column `geom`, id `fid`.
    static func rtreeTriggers(table t: String) -> String {
        let q = quoted(t), r = quoted("rtree_\(t)_geom")
        let insert = "INSERT OR REPLACE INTO \(r) VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));"
        func name(_ s: String) -> String { quoted("rtree_\(t)_geom_\(s)") }
        return """
            CREATE TRIGGER \(name("insert")) AFTER INSERT ON \(q) WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN \(insert) END;
            CREATE TRIGGER \(name("update1")) AFTER UPDATE OF geom ON \(q)
              WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN \(insert) END;
            CREATE TRIGGER \(name("update2")) AFTER UPDATE OF geom ON \(q)
              WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
            CREATE TRIGGER \(name("update3")) AFTER UPDATE ON \(q)
              WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; \(insert) END;
            CREATE TRIGGER \(name("update4")) AFTER UPDATE ON \(q)
              WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
            BEGIN DELETE FROM \(r) WHERE id IN (OLD.fid, NEW.fid); END;
            CREATE TRIGGER \(name("delete")) AFTER DELETE ON \(q) WHEN old.geom NOT NULL
            BEGIN DELETE FROM \(r) WHERE id = OLD.fid; END;
            """
    }

    /// QGIS's `layer_styles` (the table QGIS creates in a GeoPackage when a style is saved to it),
    /// each layer's QML its default style (`useAsDefault`), which QGIS applies when the layer is added.
    static func writeStyles(_ layers: [GeoPackageLayer], _ db: SQLiteDatabase) throws {
        try db.execute("""
            CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
              f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
              useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
              update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
              ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles (QML), one default per layer');
            """)
        let insert = try db.prepare("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '')")
        for l in layers {
            guard let qml = l.styleQML else { continue }
            try insert.run([.text(l.table), .text(l.styleName), .text(qml), .text("NorthernRoute style of \(l.identifier)")])
        }
    }

    /// QGIS's `qgis_projects` (name, metadata, content): the content is the `.qgz` archive as hex
    /// text, as QGIS 3 writes it (`QgsGeoPackageProjectStorage`).
    static func writeProjects(_ projects: [GeoPackageProject], _ db: SQLiteDatabase) throws {
        try db.execute("""
            CREATE TABLE qgis_projects (name TEXT PRIMARY KEY, metadata BLOB, content BLOB);
            """)
        let insert = try db.prepare("INSERT INTO qgis_projects VALUES (?, ?, ?)")
        for p in projects {
            let zip = try ZipArchive.stored([(p.name + ".qgs", Array(p.qgsXML.utf8))])
            let digits = Array("0123456789abcdef".utf8)
            var hex: [UInt8] = []
            hex.reserveCapacity(zip.count * 2)
            for b in zip { hex.append(digits[Int(b >> 4)]); hex.append(digits[Int(b & 15)]) }
            try insert.run([.text(p.name), .text(#"{"last_modified_time": "2000-01-01T00:00:00", "last_modified_user": "nroute" }"#), .text(String(decoding: hex, as: UTF8.self))])
        }
    }
}
