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

    /// The columns of `features`, in order of first appearance.
    static func columns(of features: [GeoJSON.Feature]) -> [GeoPackageColumn] {
        var order: [String] = []
        var kinds: [String: Set<String>] = [:]
        for f in features {
            for (k, v) in f.properties ?? JSONObject() {
                if kinds[k] == nil { order.append(k); kinds[k] = [] }
                switch v {
                case .null: break
                case .bool: kinds[k]!.insert("bool")
                case .number(let d): kinds[k]!.insert(d == d.rounded() && abs(d) <= 9_007_199_254_740_992 ? "int" : "real")
                case .string: kinds[k]!.insert("text")
                case .array, .object: kinds[k]!.insert("json")
                }
            }
        }
        var taken: Set<String> = ["fid", "geom"]
        return order.map { key in
            let ks = kinds[key]!
            let kind: Kind, json: Bool
            if ks.isEmpty || ks == ["text"] { (kind, json) = (.text, false) }
            else if ks == ["int"] { (kind, json) = (.integer, false) }
            else if ks.isSubset(of: ["int", "real"]) { (kind, json) = (.real, false) }
            else if ks == ["bool"] { (kind, json) = (.boolean, false) }
            else { (kind, json) = (.text, ks.contains("json")) }
            var name = key, n = 2
            while taken.contains(name.lowercased()) { name = "\(key)_\(n)"; n += 1 }
            taken.insert(name.lowercased())
            return GeoPackageColumn(key: key, name: name, kind: kind, json: json)
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
