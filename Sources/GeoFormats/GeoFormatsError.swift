import Foundation

/// The one error type thrown by GeoFormats readers and writers.
///
/// `description` is always ONE line, in the compiler-style format editors and terminals understand:
///
///     seizures.geojson:12:34: feature 7: latitude 95.0 outside [-90, 90]
///     seizures.csv:18:5: latitude "abc" is not a number
///     out/seizures.geojson: output is the same file as input seizures.geojson
///
/// `line` and `column` are 1-based; the column counts Unicode scalars (characters as an editor shows
/// them for ordinary text), not bytes. `feature` is the 0-based index in the `features` array
/// (as in `jq '.features[7]'`).
public struct GeoFormatsError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    public enum Kind: String, Hashable, Sendable {
        /// Not well-formed JSON (RFC 8259), or invalid UTF-8.
        case syntax
        /// Well-formed JSON that is not valid GeoJSON: wrong member types, unknown "type", ...
        case invalidGeoJSON
        /// A geometry that makes no sense: too few positions, unclosed ring, coordinate out of range.
        case invalidGeometry
        /// A documented limit was exceeded (nesting depth, string length, file size).
        case limitExceeded
        /// A CSV file that cannot be read as a table of points/geometries.
        case csv
        /// A WKT geometry text that cannot be parsed.
        case wkt
        /// A value that cannot be written (e.g. a non-finite number in JSON).
        case unwritable
        /// An operating system error while reading or writing.
        case io
        /// An output path that resolves to one of the input files.
        case outputIsInput
    }

    public var kind: Kind
    /// The file as the user named it, when known.
    public var path: String?
    /// 1-based line, when the error has a position in a text file.
    public var line: Int?
    /// 1-based column (Unicode scalars), when the error has a position in a text file.
    public var column: Int?
    /// 0-based index of the feature in a FeatureCollection, when the error is inside one.
    public var feature: Int?
    /// What is wrong, without location.
    public var message: String

    public init(_ kind: Kind, _ message: String, path: String? = nil, line: Int? = nil, column: Int? = nil, feature: Int? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.feature = feature
    }

    public var description: String {
        var s = ""
        if let path {
            s += path
        } else if line != nil {
            s += "<input>"
        }
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        if !s.isEmpty { s += ": " }
        if let feature { s += "feature \(feature): " }
        // Keep the rendering on one line whatever the message contains.
        s += message.contains(where: { $0.isNewline })
            ? String(message.map { $0.isNewline ? " " : $0 })
            : message
        return s
    }

    public var errorDescription: String? { description }
}

extension GeoFormatsError {
    /// An I/O error from `errno`.
    static func io(_ what: String, path: String?, errno code: Int32) -> GeoFormatsError {
        GeoFormatsError(.io, "\(what): \(String(cString: strerror(code)))", path: path)
    }
}
