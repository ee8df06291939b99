import GeoFormats

/// A column of a feature table, typed from the GeoJSON properties it holds: INTEGER when every
/// value is an integral number within ±2^53, REAL for other numbers, BOOLEAN for booleans, TEXT for
/// strings; arrays and objects, and a column whose values mix kinds, are TEXT holding the JSON.
struct GeoPackageColumn {
    enum Kind: String {
        case integer = "INTEGER", real = "REAL", boolean = "BOOLEAN", text = "TEXT"
    }

    /// The property key.
    var key: String
    /// The column name: the key, renamed where it clashes (case-insensitively, as SQLite compares
    /// names) with the table's `fid` or `geom` or an earlier column.
    var name: String
    var kind: Kind
    /// Arrays and objects as JSON (GDAL's JSON subtype, `gpkg_data_columns.mime_type`).
    var json: Bool

    /// The columns of `features`, in order of first appearance (`PropertyColumn`'s rule, shared with
    /// the PostGIS writer).
    static func columns(of features: [GeoJSON.Feature]) -> [GeoPackageColumn] {
        PropertyColumn.columns(of: features, reserved: ["fid", "geom"]).map { c in
            let kind: Kind
            switch c.kind {
            case .integer: kind = .integer
            case .real: kind = .real
            case .boolean: kind = .boolean
            case .text: kind = .text
            }
            return GeoPackageColumn(key: c.key, name: c.name, kind: kind, json: c.json)
        }
    }

    /// The SQL value of `value` in this column.
    func value(_ value: JSONValue?) throws -> SQLiteValue {
        guard let value, !value.isNull else { return .null }
        switch (kind, value) {
        case (.integer, .number(let d)): return .integer(Int64(d))
        case (.real, .number(let d)): return .real(d)
        case (.boolean, .bool(let b)): return .integer(b ? 1 : 0)
        case (.text, .string(let s)): return .text(s)
        default: return .text(try JSONText.string(value))
        }
    }
}
