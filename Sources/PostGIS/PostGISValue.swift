import GeoFormats

/// A column's value (libpq's text format) as the property value a file reader would give:
/// booleans as JSON booleans, integer, floating and numeric columns as numbers (a NaN or an
/// infinity, or an integer beyond 2^53, as its text), everything else — text, dates, timestamps, JSON, arrays — as its text,
/// SQL NULL as null.
enum PostGISValue {
    enum Kind { case bool, number, text }

    /// By the column's type OID (pg_type: 16 bool; 20, 21, 23 int8/int2/int4; 700, 701 float4/float8; 1700 numeric).
    static func kind(oid: UInt32) -> Kind {
        switch oid {
        case 16: .bool
        case 20, 21, 23, 700, 701, 1700: .number
        default: .text
        }
    }

    static func value(_ text: String?, _ kind: Kind) -> JSONValue {
        guard let text else { return .null }
        switch kind {
        case .bool: return .bool(text == "t")
        case .number:
            // An integer beyond 2^53 (a bigint id) has no exact double: kept as its text.
            if let i = Int64(text), i.magnitude > 1 << 53 { return .string(text) }
            if let d = Double(text), d.isFinite { return .number(d) }
            return .string(text)
        case .text: return .string(text)
        }
    }
}
