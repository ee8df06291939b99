/// A typed column for one GeoJSON property across a layer's features, as a database table holds
/// it (GeoPackage, PostGIS): INTEGER when every value is an integral number within ±2^53, REAL for
/// other numbers, BOOLEAN for booleans, TEXT for strings; arrays and objects, and a property whose
/// values mix kinds, are TEXT holding the JSON (`json` says whether any value is an array or object).
public struct PropertyColumn: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case integer, real, boolean, text
    }

    /// The property key.
    public var key: String
    /// The column name: the key (cut to `maxNameBytes` UTF-8 bytes on a character boundary), renamed
    /// `<key>_2`, `<key>_3`, … where it clashes, case-insensitively, with a reserved name or an
    /// earlier column.
    public var name: String
    public var kind: Kind
    /// Arrays or objects among the values (written as JSON text).
    public var json: Bool
    /// Every value is an array or an object (or null): the column can be a JSON column.
    public var onlyJSON: Bool

    /// The columns of `features`, in order of first appearance. `reserved`: names taken by the
    /// table itself (lower case), e.g. `fid` and `geom`.
    public static func columns(of features: [GeoJSON.Feature], reserved: Set<String>, maxNameBytes: Int = .max) -> [PropertyColumn] {
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
        var taken = reserved
        return order.map { key in
            let ks = kinds[key]!
            let kind: Kind, json: Bool
            if ks.isEmpty || ks == ["text"] { (kind, json) = (.text, false) }
            else if ks == ["int"] { (kind, json) = (.integer, false) }
            else if ks.isSubset(of: ["int", "real"]) { (kind, json) = (.real, false) }
            else if ks == ["bool"] { (kind, json) = (.boolean, false) }
            else { (kind, json) = (.text, ks.contains("json")) }
            var name = cut(key, maxNameBytes), n = 2
            while taken.contains(name.lowercased()) {
                let suffix = "_\(n)"
                name = cut(key, maxNameBytes - suffix.utf8.count) + suffix
                n += 1
            }
            taken.insert(name.lowercased())
            return PropertyColumn(key: key, name: name, kind: kind, json: json, onlyJSON: ks == ["json"])
        }
    }

    /// `text` cut to at most `bytes` UTF-8 bytes, on a character boundary.
    static func cut(_ text: String, _ bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var out = "", used = 0
        for c in text {
            let n = String(c).utf8.count
            if used + n > bytes { break }
            out.append(c)
            used += n
        }
        return out
    }
}
