import Foundation
import Coordinates

/// A fast streaming RFC 7946 GeoJSON writer.
///
/// Write a FeatureCollection feature by feature, atomically (temp file + rename, see `AtomicFile`):
///
///     try GeoJSONWriter.writeFeatureCollection(to: url, refusingInputs: [inputURL]) { w in
///         for f in features { try w.write(f) }
///     }
///
/// or encode a whole document in memory with `GeoJSONWriter.encode(_:)`.
///
/// Output: compact UTF-8 JSON, one feature per line; member order type, id, bbox, geometry,
/// properties; property members in their order. Never writes "crs" (RFC 7946: always WGS84).
/// Numbers: the shortest decimal text that reads back as the very same Double for coordinates and
/// values that came from ≤ 15-digit decimals, otherwise Swift's shortest round-trip text; either
/// way a correctly rounding reader gets the bit-identical Double (see `NumberFormatting`).
///
/// Geometries are checked with `GeometryValidation` before writing (what we write, we can read);
/// NaN/infinite property numbers and nesting deeper than 64 levels are errors (`.unwritable`,
/// `.invalidGeometry`, `.limitExceeded`).
public final class GeoJSONWriter {
    public let sink: ByteSink
    /// Features written by `write(_:)` in the current collection.
    @exclusivity(unchecked) public private(set) var featuresWritten = 0
    @exclusivity(unchecked) private var inCollection = false
    @exclusivity(unchecked) private var currentFeature: Int?

    public init(sink: ByteSink) {
        self.sink = sink
    }

    // MARK: FeatureCollection, streaming

    /// Starts `{"type":"FeatureCollection", ... "features":[`.
    public func beginFeatureCollection(bbox: [Double]? = nil) throws {
        guard !inCollection else { throw misuse("beginFeatureCollection() called twice") }
        try sink.write("{\"type\":\"FeatureCollection\"," as StaticString)
        if let bbox {
            try sink.write("\"bbox\":" as StaticString)
            try writeNumbers(bbox)
            try sink.write(UInt8(ascii: ","))
        }
        try sink.write("\"features\":[\n" as StaticString)
        inCollection = true
        featuresWritten = 0
    }

    /// Appends one feature to the open collection.
    public func write(_ feature: GeoJSON.Feature) throws {
        guard inCollection else { throw misuse("write(_:) outside beginFeatureCollection()/endFeatureCollection()") }
        if featuresWritten > 0 { try sink.write(",\n" as StaticString) }
        currentFeature = featuresWritten
        try writeFeature(feature, depth: 3)
        currentFeature = nil
        featuresWritten += 1
    }

    /// Closes the collection (`]}` and a final newline).
    public func endFeatureCollection() throws {
        guard inCollection else { throw misuse("endFeatureCollection() without beginFeatureCollection()") }
        try sink.write(featuresWritten > 0 ? "\n]}\n" as StaticString : "]}\n" as StaticString)
        inCollection = false
    }

    /// A whole document, followed by a newline.
    public func write(document: GeoJSONDocument) throws {
        switch document {
        case .featureCollection(let c):
            try beginFeatureCollection(bbox: c.bbox)
            for f in c.features { try write(f) }
            try endFeatureCollection()
        case .feature(let f):
            currentFeature = nil
            try writeFeature(f, depth: 1)
            try sink.write(UInt8(ascii: "\n"))
        case .geometry(let g):
            try check(g)
            try writeGeometry(g, depth: 1)
            try sink.write(UInt8(ascii: "\n"))
        }
    }

    // MARK: Conveniences

    /// The document as UTF-8 bytes.
    public static func encode(_ document: GeoJSONDocument) throws -> [UInt8] {
        let sink = ByteSink()
        try GeoJSONWriter(sink: sink).write(document: document)
        return sink.bytes
    }

    /// The document as a String.
    public static func encodeString(_ document: GeoJSONDocument) throws -> String {
        String(decoding: try encode(document), as: UTF8.self)
    }

    /// Writes `document` to `url` atomically; refuses to overwrite any of `inputs`.
    public static func write(_ document: GeoJSONDocument, to url: URL, refusingInputs inputs: [URL] = []) throws {
        try AtomicFile.write(to: url, refusingInputs: inputs) { sink in
            try GeoJSONWriter(sink: sink).write(document: document)
        }
    }

    /// Streams a FeatureCollection to `url` atomically: `body` calls `write(_:)` per feature.
    /// Returns the number of features written.
    @discardableResult
    public static func writeFeatureCollection(to url: URL, refusingInputs inputs: [URL] = [], bbox: [Double]? = nil,
                                              _ body: (GeoJSONWriter) throws -> Void) throws -> Int {
        try AtomicFile.write(to: url, refusingInputs: inputs) { sink in
            let w = GeoJSONWriter(sink: sink)
            try w.beginFeatureCollection(bbox: bbox)
            try body(w)
            try w.endFeatureCollection()
            return w.featuresWritten
        }
    }

    // MARK: Values

    private func misuse(_ message: String) -> GeoFormatsError {
        GeoFormatsError(.unwritable, message, path: sink.path)
    }

    private func unwritable(_ kind: GeoFormatsError.Kind, _ message: String) -> GeoFormatsError {
        GeoFormatsError(kind, "cannot write: \(message)", path: sink.path, feature: currentFeature)
    }

    @inline(__always)
    private func check(_ g: GeoJSON.Geometry) throws {
        if case .point(let c) = g, GeometryValidation.problem(c) == nil { return }
        if let p = GeometryValidation.problem(in: g) { throw unwritable(.invalidGeometry, p) }
    }

    private func checkDepth(_ depth: Int) throws {
        if depth > JSONParser.maxDepth {
            throw unwritable(.limitExceeded, "nesting deeper than \(JSONParser.maxDepth) levels")
        }
    }

    private func writeFeature(_ f: GeoJSON.Feature, depth: Int) throws {
        if let g = f.geometry { try check(g) }
        try sink.write("{\"type\":\"Feature\"," as StaticString)
        if let id = f.id {
            try sink.write("\"id\":" as StaticString)
            switch id {
            case .string(let s): try writeString(s)
            case .number(let d): try writeNumber(d)
            }
            try sink.write(UInt8(ascii: ","))
        }
        if let bbox = f.bbox {
            try sink.write("\"bbox\":" as StaticString)
            try writeNumbers(bbox)
            try sink.write(UInt8(ascii: ","))
        }
        try sink.write("\"geometry\":" as StaticString)
        if let g = f.geometry {
            try writeGeometry(g, depth: depth + 1)
        } else {
            try sink.write("null" as StaticString)
        }
        try sink.write(",\"properties\":" as StaticString)
        if let p = f.properties {
            try writeObject(p, depth: depth + 1)
        } else {
            try sink.write("null" as StaticString)
        }
        try sink.write(UInt8(ascii: "}"))
    }

    /// A geometry object (already validated). `depth` counts the object.
    private func writeGeometry(_ g: GeoJSON.Geometry, depth: Int) throws {
        try checkDepth(depth)
        switch g {
        case .point(let c):
            try checkDepth(depth + 1)
            try sink.write("{\"type\":\"Point\",\"coordinates\":" as StaticString)
            try writePosition(c)
        case .multiPoint(let cs):
            try checkDepth(depth + 2)
            try sink.write("{\"type\":\"MultiPoint\",\"coordinates\":" as StaticString)
            try writePositions(cs)
        case .lineString(let cs):
            try checkDepth(depth + 2)
            try sink.write("{\"type\":\"LineString\",\"coordinates\":" as StaticString)
            try writePositions(cs)
        case .multiLineString(let lines):
            try checkDepth(depth + 3)
            try sink.write("{\"type\":\"MultiLineString\",\"coordinates\":" as StaticString)
            try writePositionArrays(lines)
        case .polygon(let rings):
            try checkDepth(depth + 3)
            try sink.write("{\"type\":\"Polygon\",\"coordinates\":" as StaticString)
            try writePositionArrays(rings)
        case .multiPolygon(let polygons):
            try checkDepth(depth + 4)
            try sink.write("{\"type\":\"MultiPolygon\",\"coordinates\":[" as StaticString)
            for (i, rings) in polygons.enumerated() {
                if i > 0 { try sink.write(UInt8(ascii: ",")) }
                try writePositionArrays(rings)
            }
            try sink.write(UInt8(ascii: "]"))
        case .geometryCollection(let gs):
            try checkDepth(depth + 1)
            try sink.write("{\"type\":\"GeometryCollection\",\"geometries\":[" as StaticString)
            for (i, member) in gs.enumerated() {
                if i > 0 { try sink.write(UInt8(ascii: ",")) }
                try writeGeometry(member, depth: depth + 2)
            }
            try sink.write(UInt8(ascii: "]"))
        }
        try sink.write(UInt8(ascii: "}"))
    }

    /// `[lon,lat]`; coordinates are finite (validated).
    @inline(__always)
    private func writePosition(_ c: Coordinate) throws {
        try sink.reserve(2 * NumberFormatting.maxLength + 3)
        let p = sink.buffer + sink.count
        p[0] = UInt8(ascii: "[")
        var n = 1
        n += NumberFormatting.write(c.longitude, to: p + n)
        p[n] = UInt8(ascii: ",")
        n += 1
        n += NumberFormatting.write(c.latitude, to: p + n)
        p[n] = UInt8(ascii: "]")
        sink.count += n + 1
    }

    private func writePositions(_ cs: [Coordinate]) throws {
        try sink.write(UInt8(ascii: "["))
        for (i, c) in cs.enumerated() {
            if i > 0 { try sink.write(UInt8(ascii: ",")) }
            try writePosition(c)
        }
        try sink.write(UInt8(ascii: "]"))
    }

    private func writePositionArrays(_ arrays: [[Coordinate]]) throws {
        try sink.write(UInt8(ascii: "["))
        for (i, cs) in arrays.enumerated() {
            if i > 0 { try sink.write(UInt8(ascii: ",")) }
            try writePositions(cs)
        }
        try sink.write(UInt8(ascii: "]"))
    }

    private func writeNumbers(_ values: [Double]) throws {
        try sink.write(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { try sink.write(UInt8(ascii: ",")) }
            try writeNumber(v)
        }
        try sink.write(UInt8(ascii: "]"))
    }

    @inline(__always)
    private func writeNumber(_ d: Double) throws {
        guard d.isFinite else { throw unwritable(.unwritable, "non-finite number \(d) (JSON has no NaN or infinity)") }
        try sink.reserve(NumberFormatting.maxLength)
        sink.count += NumberFormatting.write(d, to: sink.buffer + sink.count)
    }

    /// An object; `depth` counts it.
    private func writeObject(_ o: JSONObject, depth: Int) throws {
        try checkDepth(depth)
        try sink.write(UInt8(ascii: "{"))
        try o.members.withUnsafeBufferPointer { members in
            for i in members.indices {
                try writeString(members[i].key, prefix: i > 0 ? UInt8(ascii: ",") : 0, suffix: UInt8(ascii: ":"))
                try writeValue(members[i].value, depth: depth)
            }
        }
        try sink.write(UInt8(ascii: "}"))
    }

    /// A value inside a container at `depth` (internal, not private: `JSONText` uses it).
    func writeValue(_ v: JSONValue, depth: Int) throws {
        switch v {
        case .null: try sink.write("null" as StaticString)
        case .bool(let b): try sink.write(b ? "true" as StaticString : "false" as StaticString)
        case .number(let d): try writeNumber(d)
        case .string(let s): try writeString(s)
        case .object(let o): try writeObject(o, depth: depth + 1)
        case .array(let a):
            try checkDepth(depth + 1)
            try sink.write(UInt8(ascii: "["))
            for (i, e) in a.enumerated() {
                if i > 0 { try sink.write(UInt8(ascii: ",")) }
                try writeValue(e, depth: depth + 1)
            }
            try sink.write(UInt8(ascii: "]"))
        }
    }

    /// A JSON string literal: `"`, `\`, and control characters escaped; everything else raw UTF-8.
    /// `prefix` and `suffix` (when not 0) are single bytes written before and after (',' and ':').
    private func writeString(_ s: String, prefix: UInt8 = 0, suffix: UInt8 = 0) throws {
        let done = try s.utf8.withContiguousStorageIfAvailable { u -> Bool in
            try writeStringBytes(u, prefix: prefix, suffix: suffix)
            return true
        }
        if done == nil {
            var copy = s
            copy.makeContiguousUTF8()
            try copy.withUTF8 { try writeStringBytes($0, prefix: prefix, suffix: suffix) }
        }
    }

    @inline(__always)
    private func writeStringBytes(_ u: UnsafeBufferPointer<UInt8>, prefix: UInt8, suffix: UInt8) throws {
        let n = u.count
        try sink.reserve(n + 4)
        if prefix != 0 {
            sink.buffer[sink.count] = prefix
            sink.count += 1
        }
        let out = sink.buffer + sink.count
        out[0] = 0x22
        // Copy 8 bytes at a time while none needs escaping (SWAR test for '"', '\\', < 0x20).
        var i = 0
        if let src = u.baseAddress {
            while i + 8 <= n {
                let w = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                if SWARText.needsEscape(w) { break }
                UnsafeMutableRawPointer(out + 1 + i).storeBytes(of: w, as: UInt64.self)
                i += 8
            }
            while i < n {
                let b = src[i]
                if b < 0x20 || b == 0x22 || b == 0x5C { break }
                out[1 + i] = b
                i += 1
            }
        }
        if i == n {
            out[n + 1] = 0x22
            if suffix != 0 {
                out[n + 2] = suffix
                sink.count += n + 3
            } else {
                sink.count += n + 2
            }
            return
        }
        // Something to escape at i: keep what is copied, continue byte by byte.
        sink.count += 1 + i
        var runStart = i
        while i < n {
            let b = u[i]
            guard b < 0x20 || b == 0x22 || b == 0x5C else {
                i += 1
                continue
            }
            if i > runStart { try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(u)[runStart..<i])) }
            runStart = i + 1
            switch b {
            case 0x22: try sink.write("\\\"" as StaticString)
            case 0x5C: try sink.write("\\\\" as StaticString)
            case 0x0A: try sink.write("\\n" as StaticString)
            case 0x0D: try sink.write("\\r" as StaticString)
            case 0x09: try sink.write("\\t" as StaticString)
            case 0x08: try sink.write("\\b" as StaticString)
            case 0x0C: try sink.write("\\f" as StaticString)
            default:
                let hex: StaticString = "0123456789abcdef"
                try sink.write("\\u00" as StaticString)
                try sink.write(hex.utf8Start[Int(b >> 4)])
                try sink.write(hex.utf8Start[Int(b & 15)])
            }
            i += 1
        }
        if n > runStart { try sink.write(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(u)[runStart..<n])) }
        try sink.write(UInt8(0x22))
        if suffix != 0 { try sink.write(suffix) }
    }
}

/// Word-at-a-time text tests.
enum SWARText {
    /// True if any of the 8 bytes is '"', '\\' or a control character (< 0x20).
    @inline(__always)
    static func needsEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let q = w ^ 0x2222_2222_2222_2222
        let bs = w ^ 0x5C5C_5C5C_5C5C_5C5C
        return ((q &- ones) & ~q | (bs &- ones) & ~bs | (w &- 0x2020_2020_2020_2020) & ~w) & 0x8080_8080_8080_8080 != 0
    }
}
