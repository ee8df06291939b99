import GeoFormats
import PostgreSQL

/// A property column of a PostGIS table: its SQL type from `PropertyColumn`'s rule (the one the
/// GeoPackage writer uses) and its values in COPY text format. Integers are `bigint` (GeoJSON
/// integers up to 2^53), other numbers `double precision`, booleans `boolean`, strings `text`;
/// a column of arrays and objects only is `jsonb`, one that mixes kinds `text` holding the JSON.
struct PostGISColumn {
    var property: PropertyColumn

    /// PostgreSQL's identifier limit (NAMEDATALEN − 1 bytes): longer names would be cut silently.
    static let maxNameBytes = 63

    static func columns(of features: [GeoJSON.Feature]) -> [PostGISColumn] {
        PropertyColumn.columns(of: features, reserved: ["fid", "geom"], maxNameBytes: maxNameBytes).map { PostGISColumn(property: $0) }
    }

    var sqlType: String {
        switch property.kind {
        case .integer: "bigint"
        case .real: "double precision"
        case .boolean: "boolean"
        case .text: property.onlyJSON ? "jsonb" : "text"
        }
    }

    /// Appends the COPY text field of `value` (`\N` for null or missing).
    func append(_ value: JSONValue?, to out: inout [UInt8]) throws {
        guard let value, !value.isNull else { out.append(contentsOf: [92, 78]); return }
        switch (property.kind, value) {
        case (.integer, .number(let d)): out.append(contentsOf: String(Int64(d)).utf8)
        case (.real, .number(let d)): out.append(contentsOf: "\(d)".utf8)  // shortest text that reads back as the same double
        case (.boolean, .bool(let b)): out.append(b ? 116 : 102)
        case (.text, .string(let s)) where !property.onlyJSON: PostgresCopyWriter.escape(s, into: &out)
        default: PostgresCopyWriter.escape(try JSONText.string(value), into: &out)
        }
    }
}
