import Coordinates

/// Well-Known Text (OGC Simple Features) geometries, as users paste them into CSV files.
///
/// Reads POINT, LINESTRING, POLYGON, MULTIPOINT (both `(1 2, 3 4)` and `((1 2), (3 4))`),
/// MULTILINESTRING, MULTIPOLYGON and GEOMETRYCOLLECTION; keywords in any case; Z, M and ZM
/// variants (extra ordinates dropped); EMPTY for the multi-geometries and collections; an EWKT
/// prefix `SRID=4326;` (another SRID is an error: coordinates must be WGS84 longitude latitude).
/// Coordinates are `longitude latitude`, validated as in GeoJSON (`GeometryValidation`). Nesting of
/// collections is limited to 32 levels.
///
/// Errors are `GeoFormatsError` (kind `.wkt`, or `.invalidGeometry`) whose `column` is the 1-based
/// character position in the text.
public enum WKT {
    /// The geometry in `text`.
    public static func parse(_ text: String) throws -> GeoJSON.Geometry {
        var text = text
        return try text.withUTF8 { bytes in
            do {
                return try parse(bytes)
            } catch let e as WKTError {
                let column = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<min(e.offset, bytes.count)]), as: UTF8.self).unicodeScalars.count + 1
                throw GeoFormatsError(e.kind, e.message, column: column)
            }
        }
    }

    /// Parses UTF-8 bytes; errors carry the byte offset.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(WKTError) -> GeoJSON.Geometry {
        var p = WKTParser(bytes: bytes)
        p.skipSpace()
        try p.srid()
        let start = p.i
        let g = try p.geometry(depth: 0)
        p.skipSpace()
        if p.i < bytes.count { throw WKTError(.wkt, "unexpected text after the geometry", at: p.i) }
        if let problem = GeometryValidation.problem(in: g) { throw WKTError(.invalidGeometry, problem, at: start) }
        return g
    }

    /// The geometry as WKT (`POINT (lon lat)`, ...), numbers in shortest round-trip form.
    public static func string(_ geometry: GeoJSON.Geometry) -> String {
        var out = ""
        write(geometry, to: &out)
        return out
    }

    private static func write(_ g: GeoJSON.Geometry, to out: inout String) {
        func coord(_ c: Coordinate) { out += NumberFormatting.string(c.longitude) + " " + NumberFormatting.string(c.latitude) }
        func list(_ cs: [Coordinate]) {
            out += "("
            for (i, c) in cs.enumerated() {
                if i > 0 { out += ", " }
                coord(c)
            }
            out += ")"
        }
        func lists(_ ls: [[Coordinate]]) {
            out += "("
            for (i, l) in ls.enumerated() {
                if i > 0 { out += ", " }
                list(l)
            }
            out += ")"
        }
        switch g {
        case .point(let c):
            out += "POINT ("
            coord(c)
            out += ")"
        case .multiPoint(let cs):
            out += cs.isEmpty ? "MULTIPOINT EMPTY" : "MULTIPOINT "
            if !cs.isEmpty { list(cs) }
        case .lineString(let cs):
            out += "LINESTRING "
            list(cs)
        case .multiLineString(let ls):
            out += ls.isEmpty ? "MULTILINESTRING EMPTY" : "MULTILINESTRING "
            if !ls.isEmpty { lists(ls) }
        case .polygon(let rings):
            out += "POLYGON "
            lists(rings)
        case .multiPolygon(let ps):
            if ps.isEmpty {
                out += "MULTIPOLYGON EMPTY"
            } else {
                out += "MULTIPOLYGON ("
                for (i, p) in ps.enumerated() {
                    if i > 0 { out += ", " }
                    lists(p)
                }
                out += ")"
            }
        case .geometryCollection(let gs):
            if gs.isEmpty {
                out += "GEOMETRYCOLLECTION EMPTY"
            } else {
                out += "GEOMETRYCOLLECTION ("
                for (i, m) in gs.enumerated() {
                    if i > 0 { out += ", " }
                    write(m, to: &out)
                }
                out += ")"
            }
        }
    }
}

struct WKTError: Error {
    var kind: GeoFormatsError.Kind
    var message: String
    var offset: Int
    init(_ kind: GeoFormatsError.Kind, _ message: String, at offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }
}

struct WKTParser {
    static let maxDepth = 32
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    /// How many ordinates each position of the current geometry has: 2 or 3 untagged (3 read as
    /// Z), exactly 3 with Z or M, exactly 4 with ZM. Anything else is reported, never guessed.
    var ordinates = 2...3
    var dimensionTag = ""

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var n: Int { bytes.count }

    mutating func skipSpace() {
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    func describe() -> String {
        guard i < n else { return "end of text" }
        let b = bytes[i]
        return b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    /// A keyword: ASCII letters, upper-cased.
    mutating func word() -> String {
        let s = i
        while i < n, (bytes[i] | 0x20) >= 0x61 && (bytes[i] | 0x20) <= 0x7A { i += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<i]), as: UTF8.self).uppercased()
    }

    /// Optional EWKT `SRID=n;`.
    mutating func srid() throws(WKTError) {
        let save = i
        guard word() == "SRID" else { i = save; return }
        skipSpace()
        guard i < n, bytes[i] == 0x3D else { throw WKTError(.wkt, "expected '=' after SRID", at: i) }
        i += 1
        skipSpace()
        let s = i
        while i < n, bytes[i] &- 0x30 < 10 { i += 1 }
        let code = String(decoding: UnsafeBufferPointer(rebasing: bytes[s..<i]), as: UTF8.self)
        skipSpace()
        guard i < n, bytes[i] == 0x3B else { throw WKTError(.wkt, "expected ';' after SRID=\(code)", at: i) }
        guard code == "4326" || code == "4979" else {
            throw WKTError(.wkt, "SRID=\(code) is not WGS84 longitude/latitude (EPSG:4326); reproject the data", at: s)
        }
        i += 1
        skipSpace()
    }

    mutating func expect(_ b: UInt8, _ what: String) throws(WKTError) {
        skipSpace()
        guard i < n, bytes[i] == b else { throw WKTError(.wkt, "expected \(what), found \(describe())", at: i) }
        i += 1
    }

    /// After a keyword: optional Z / M / ZM, then EMPTY (returns true) or '(' (consumed, false).
    mutating func open(_ keyword: String, glued: String = "") throws(WKTError) -> Bool {
        skipSpace()
        let at = i
        var w = word()
        var tag = glued
        if w == "Z" || w == "M" || w == "ZM" {
            if !glued.isEmpty { throw WKTError(.wkt, "two dimension tags (\(glued) and \(w)) after \(keyword)", at: at) }
            tag = w
            skipSpace()
            w = word()
        }
        dimensionTag = tag
        ordinates = tag == "ZM" ? 4...4 : tag.isEmpty ? 2...3 : 3...3
        if w == "EMPTY" { return true }
        if !w.isEmpty { throw WKTError(.wkt, "unexpected \(w) after \(keyword)", at: at) }
        try expect(0x28, "'(' after \(keyword)")
        return false
    }

    mutating func number(_ what: String) throws(WKTError) -> Double {
        skipSpace()
        let s = i
        while i < n {
            let b = bytes[i]
            if b &- 0x30 < 10 || b == 0x2E || b == 0x2D || b == 0x2B || b | 0x20 == 0x65 { i += 1 } else { break }
        }
        guard i > s, let v = NumberParsing.parseLenient(UnsafeBufferPointer(rebasing: bytes[s..<i])) else {
            i = s
            throw WKTError(.wkt, "expected a number (\(what)), found \(describe())", at: s)
        }
        return v
    }

    /// `lon lat [z [m]]`.
    mutating func coordinate() throws(WKTError) -> Coordinate {
        skipSpace()
        let lonAt = i
        let lon = try number("longitude")
        skipSpace()
        let latAt = i
        let lat = try number("latitude")
        var count = 2
        while true {
            skipSpace()
            guard i < n, bytes[i] != 0x2C, bytes[i] != 0x29 else { break }
            if count == 4 { break }
            _ = try number("ordinate")
            count += 1
        }
        guard ordinates.contains(count) else {
            let tag = dimensionTag.isEmpty ? "no Z/M tag" : dimensionTag
            let want = ordinates.lowerBound == ordinates.upperBound ? "\(ordinates.lowerBound)" : "\(ordinates.lowerBound) or \(ordinates.upperBound)"
            throw WKTError(.wkt, "a position with \(count) numbers where \(tag) means \(want) (write POINT Z, POINT M or POINT ZM)", at: lonAt)
        }
        guard lon >= -180 && lon <= 180 else { throw WKTError(.invalidGeometry, "longitude \(lon) outside [-180, 180]", at: lonAt) }
        guard lat >= -90 && lat <= 90 else { throw WKTError(.invalidGeometry, "latitude \(lat) outside [-90, 90]", at: latAt) }
        return Coordinate(longitude: lon, latitude: lat)
    }

    /// After '(': coordinates separated by ',' up to ')'.
    mutating func coordinates() throws(WKTError) -> [Coordinate] {
        var cs: [Coordinate] = []
        repeat {
            cs.append(try coordinate())
            skipSpace()
        } while try comma()
        return cs
    }

    /// ',' (true) or ')' (false), both consumed.
    mutating func comma() throws(WKTError) -> Bool {
        skipSpace()
        if i < n && bytes[i] == 0x2C { i += 1; return true }
        if i < n && bytes[i] == 0x29 { i += 1; return false }
        throw WKTError(.wkt, "expected ',' or ')', found \(describe())", at: i)
    }

    /// `( coords ), ( coords ) )` after the outer '(' — a list of coordinate lists.
    mutating func coordinateLists() throws(WKTError) -> [[Coordinate]] {
        var ls: [[Coordinate]] = []
        repeat {
            try expect(0x28, "'('")
            ls.append(try coordinates())
        } while try comma()
        return ls
    }

    mutating func geometry(depth: Int) throws(WKTError) -> GeoJSON.Geometry {
        skipSpace()
        let start = i
        var keyword = word()
        var glued = ""
        // Dimension suffix glued to the keyword: POINTZ, LINESTRINGZM, ...
        for suffix in ["ZM", "Z", "M"] where keyword.hasSuffix(suffix) && keyword != "EMPTY" {
            let base = String(keyword.dropLast(suffix.count))
            if ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"].contains(base) {
                keyword = base
                glued = suffix
                break
            }
        }
        switch keyword {
        case "POINT":
            if try open(keyword, glued: glued) { throw WKTError(.invalidGeometry, "POINT EMPTY has no coordinates", at: start) }
            let c = try coordinate()
            try expect(0x29, "')'")
            return .point(c)
        case "LINESTRING":
            if try open(keyword, glued: glued) { throw WKTError(.invalidGeometry, "LINESTRING EMPTY has no positions; a LineString needs at least 2", at: start) }
            return .lineString(try coordinates())
        case "POLYGON":
            if try open(keyword, glued: glued) { throw WKTError(.invalidGeometry, "POLYGON EMPTY has no rings", at: start) }
            return .polygon(try coordinateLists())
        case "MULTIPOINT":
            if try open(keyword, glued: glued) { return .multiPoint([]) }
            var cs: [Coordinate] = []
            repeat {
                skipSpace()
                if i < n && bytes[i] == 0x28 {
                    i += 1
                    cs.append(try coordinate())
                    try expect(0x29, "')'")
                } else {
                    cs.append(try coordinate())
                }
            } while try comma()
            return .multiPoint(cs)
        case "MULTILINESTRING":
            if try open(keyword, glued: glued) { return .multiLineString([]) }
            return .multiLineString(try coordinateLists())
        case "MULTIPOLYGON":
            if try open(keyword, glued: glued) { return .multiPolygon([]) }
            var ps: [[[Coordinate]]] = []
            repeat {
                try expect(0x28, "'('")
                ps.append(try coordinateLists())
            } while try comma()
            return .multiPolygon(ps)
        case "GEOMETRYCOLLECTION":
            if try open(keyword, glued: glued) { return .geometryCollection([]) }
            guard depth < WKTParser.maxDepth else {
                throw WKTError(.limitExceeded, "GEOMETRYCOLLECTIONs nested deeper than \(WKTParser.maxDepth) levels", at: start)
            }
            var gs: [GeoJSON.Geometry] = []
            repeat {
                gs.append(try geometry(depth: depth + 1))
            } while try comma()
            return .geometryCollection(gs)
        case "":
            throw WKTError(.wkt, "expected a WKT geometry (POINT, LINESTRING, POLYGON, ...), found \(describe())", at: start)
        default:
            throw WKTError(.wkt, "unknown WKT geometry type \(keyword)", at: start)
        }
    }
}
