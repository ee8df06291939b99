import Foundation
import Coordinates

/// Reads a CSV table of located rows as GeoJSON features, so that the rest of the code treats CSV
/// and GeoJSON input the same way.
///
///     let points = try CSVPointReader(contentsOf: url)
///     try points.forEachFeature { feature, index in ... }
///
/// Geometry columns are found by header name (case-insensitive; spaces, `-` and `_` equivalent; a
/// trailing unit in brackets such as "(deg)" or "[°]" ignored):
/// - longitude: lon, lng, long, longitude, x, lon_dd, longitude_deg, decimalLongitude, point_x, ...
///   (`longitudeNames`), latitude: lat, latitude, y, lat_dd, ... (`latitudeNames`);
/// - or a WKT column: wkt, geometry, geom, the_geom, wkt_geom, shape (`wktNames`).
/// When both exist, lon/lat columns win for points and the WKT column wins with
/// `acceptsAnyGeometry` (border files keep lines and polygons in WKT).
///
/// Every other column becomes a property, in column order, keyed by its trimmed header name, with
/// its text as a `.string` — also numbers: "007" and "1.50" stay as written; consumers convert what
/// they need (`JSONValue.stringValue` then `Double(...)`). The geometry columns are not properties.
///
/// Coordinates: surrounding spaces ignored; "+", ".5", exponents accepted; with `;` or TAB as the
/// delimiter a decimal comma ("12,5") is accepted too. Errors (kind `.csv`/`.invalidGeometry`/`.wkt`),
/// each `file:line:column: reason`: no geometry columns, empty, non-numeric or out-of-range
/// coordinates, invalid WKT, a non-point WKT geometry when reading points, wrong field counts.
public struct CSVPointReader: Sendable {
    public enum GeometryColumns: Hashable, Sendable {
        case longitudeLatitude(longitude: Int, latitude: Int)
        case wkt(Int)
    }

    /// Header names (normalized) taken as longitude, in order of preference.
    public static let longitudeNames = [
        "longitude", "lon", "lng", "long", "lon_dd", "lng_dd", "long_dd", "longitude_dd", "lon_deg", "lng_deg",
        "longitude_deg", "longitude_degrees", "lon_wgs84", "longitude_wgs84", "decimallongitude", "decimal_longitude",
        "dec_lon", "longitud", "longitudine", "point_x", "xcoord", "x_coord", "coord_x", "x",
    ]
    /// Header names (normalized) taken as latitude, in order of preference.
    public static let latitudeNames = [
        "latitude", "lat", "lat_dd", "latitude_dd", "lat_deg", "latitude_deg", "latitude_degrees", "lat_wgs84",
        "latitude_wgs84", "decimallatitude", "decimal_latitude", "dec_lat", "latitud", "latitudine", "point_y",
        "ycoord", "y_coord", "coord_y", "y",
    ]
    /// Header names (normalized) taken as a WKT geometry column, in order of preference.
    public static let wktNames = ["wkt", "geometry", "geom", "the_geom", "wkt_geom", "geometry_wkt", "wkt_geometry", "shape"]

    public let csv: CSVReader
    public let geometryColumns: GeometryColumns
    /// Accept any WKT geometry (lines, polygons, ...), not only points.
    public let acceptsAnyGeometry: Bool
    /// A record whose longitude and latitude are both blank is an unlocated feature (geometry nil)
    /// instead of an error: seizure reports that `nroute geocode` could not place.
    public var acceptsUnlocated = false
    /// Property keys (trimmed header names) with their column indexes, in column order.
    public let propertyColumns: [(name: String, column: Int)]

    public init(csv: CSVReader, acceptsAnyGeometry: Bool = false) throws {
        self.csv = csv
        self.acceptsAnyGeometry = acceptsAnyGeometry
        let names = csv.header.map(CSVPointReader.normalize)
        let at = GeoFormatsError(.csv, "", path: csv.input.path, line: csv.headerLine, column: 1)
        // Two columns of the same name (after trimming and case folding) are ambiguous: reported,
        // never resolved by taking the first.
        var firstColumn: [String: Int] = [:]
        for (column, name) in names.enumerated() where !name.isEmpty {
            if let other = firstColumn[name] {
                var e = at
                e.column = column + 1
                e.message = "columns \(other + 1) (\"\(csv.header[other])\") and \(column + 1) (\"\(csv.header[column])\") have the same name; rename or remove one"
                throw e
            }
            firstColumn[name] = column
        }
        func find(_ list: [String]) -> Int? {
            var best: (rank: Int, column: Int)?
            for (column, name) in names.enumerated() {
                if let rank = list.firstIndex(of: name), best == nil || rank < best!.rank { best = (rank, column) }
            }
            return best?.column
        }
        let lon = find(CSVPointReader.longitudeNames)
        let lat = find(CSVPointReader.latitudeNames)
        let wkt = find(CSVPointReader.wktNames)
        let columns: GeometryColumns
        switch (lon, lat, wkt) {
        case (let lon?, let lat?, let wkt?):
            columns = acceptsAnyGeometry ? .wkt(wkt) : .longitudeLatitude(longitude: lon, latitude: lat)
        case (let lon?, let lat?, nil):
            columns = .longitudeLatitude(longitude: lon, latitude: lat)
        case (_, _, let wkt?):
            columns = .wkt(wkt)
        case (let lon?, nil, nil):
            var e = at
            e.message = "found a longitude column \"\(csv.header[lon])\" but no latitude column (expected one of: \(CSVPointReader.latitudeNames.prefix(6).joined(separator: ", ")), ...)"
            throw e
        case (nil, let lat?, nil):
            var e = at
            e.message = "found a latitude column \"\(csv.header[lat])\" but no longitude column (expected one of: \(CSVPointReader.longitudeNames.prefix(6).joined(separator: ", ")), ...)"
            throw e
        case (nil, nil, nil):
            var e = at
            e.message = "no longitude/latitude columns (lon, lng, long, longitude, x / lat, latitude, y, ...) and no WKT column (wkt, geometry, geom, the_geom); header: \(csv.header.joined(separator: ", "))"
            throw e
        }
        geometryColumns = columns
        let geometryIndexes: Set<Int>
        switch columns {
        case .longitudeLatitude(let lo, let la): geometryIndexes = [lo, la]
        case .wkt(let w): geometryIndexes = [w]
        }
        propertyColumns = csv.header.enumerated()
            .filter { !geometryIndexes.contains($0.offset) }
            .map { (name: $0.element.trimmingCharacters(in: .whitespaces), column: $0.offset) }
    }

    public init(contentsOf url: URL, displayPath: String? = nil, delimiter: UInt8? = nil, acceptsAnyGeometry: Bool = false) throws {
        try self.init(csv: CSVReader(contentsOf: url, displayPath: displayPath, delimiter: delimiter), acceptsAnyGeometry: acceptsAnyGeometry)
    }

    public init(string: String, path: String? = nil, delimiter: UInt8? = nil, acceptsAnyGeometry: Bool = false) throws {
        try self.init(csv: CSVReader(string: string, path: path, delimiter: delimiter), acceptsAnyGeometry: acceptsAnyGeometry)
    }

    /// Calls `body` with each row as a feature and its 0-based index. Returns the number of features.
    @discardableResult
    public func forEachFeature(_ body: (GeoJSON.Feature, Int) throws -> Void) throws -> Int {
        var index = 0
        try csv.forEachRecord { record in
            try body(try feature(record), index)
            index += 1
        }
        return index
    }

    /// All rows as features.
    public func readFeatures() throws -> [GeoJSON.Feature] {
        var all: [GeoJSON.Feature] = []
        try forEachFeature { f, _ in all.append(f) }
        return all
    }

    /// One record as a feature.
    public func feature(_ record: CSVRecord) throws -> GeoJSON.Feature {
        let geometry: GeoJSON.Geometry?
        switch geometryColumns {
        case .longitudeLatitude(let lo, let la) where acceptsUnlocated && isBlank(record.fields[lo]) && isBlank(record.fields[la]):
            geometry = nil
        case .longitudeLatitude(let lo, let la):
            let lon = try coordinate(record, lo, "longitude", 180)
            let lat = try coordinate(record, la, "latitude", 90)
            geometry = .point(Coordinate(longitude: lon, latitude: lat))
        case .wkt(let w):
            geometry = try wkt(record, w)
        }
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(propertyColumns.count)
        for p in propertyColumns { members.append((key: p.name, value: .string(record.fields[p.column]))) }
        return GeoJSON.Feature(geometry: geometry, properties: JSONObject(uncheckedMembers: members))
    }

    private func isBlank(_ field: String) -> Bool {
        field.allSatisfy { $0 == " " || $0 == "\t" }
    }

    private func coordinate(_ record: CSVRecord, _ column: Int, _ what: String, _ limit: Double) throws -> Double {
        let raw = record.fields[column]
        let text = raw.trimmingCharacters(in: .whitespaces)
        let lead = raw.prefix(while: { $0 == " " || $0 == "\t" }).count + (isQuoted(record, column) ? 1 : 0)
        if text.isEmpty {
            throw csv.error("\(what) is empty", record: record, field: column)
        }
        var value = NumberParsing.parseLenient(text)
        if value == nil, csv.delimiter != 0x2C, text.contains(","), !text.contains(".") {
            value = NumberParsing.parseLenient(text.replacingOccurrences(of: ",", with: "."))
        }
        guard let v = value else {
            let shown = text.count > 40 ? String(text.prefix(40)) + "..." : text
            throw csv.error("\(what) \"\(shown)\" is not a number", record: record, field: column, offsetInField: lead)
        }
        guard v >= -limit && v <= limit else {
            throw csv.error("\(what) \(v) outside [\(-Int(limit)), \(Int(limit))]", record: record, field: column,
                            offsetInField: lead, kind: .invalidGeometry)
        }
        return v
    }

    /// Whether the field starts with a quote. An empty last field at the end of the input starts
    /// at the input's end: there is no byte to look at (found by FuzzCSV).
    private func isQuoted(_ record: CSVRecord, _ column: Int) -> Bool {
        let offset = record.fieldOffsets[column]
        return offset < csv.input.count && csv.input.base[offset] == 0x22
    }

    private func wkt(_ record: CSVRecord, _ column: Int) throws -> GeoJSON.Geometry {
        var text = record.fields[column]
        let quoted = isQuoted(record, column) ? 1 : 0
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            throw csv.error("geometry (WKT) is empty", record: record, field: column)
        }
        let g: GeoJSON.Geometry
        do {
            g = try text.withUTF8 { try WKT.parse($0) }
        } catch let e as WKTError {
            let column0 = String(decoding: Array(text.utf8.prefix(e.offset)), as: UTF8.self).unicodeScalars.count
            throw csv.error("WKT: \(e.message)", record: record, field: column, offsetInField: quoted + column0,
                            kind: e.kind == .invalidGeometry ? .invalidGeometry : .wkt)
        }
        if !acceptsAnyGeometry {
            guard case .point = g else {
                throw csv.error("expected a POINT, found a \(g.typeName) (only points are read here)", record: record, field: column)
            }
        }
        return g
    }

    /// Lower-cased, trimmed, BOM removed, trailing "(unit)"/"[unit]" and "°" removed, spaces and
    /// hyphens as underscores.
    static func normalize(_ name: String) -> String {
        var s = name.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces).lowercased()
        while let last = s.last, last == ")" || last == "]", let open = s.lastIndex(of: last == ")" ? "(" : "["), open != s.startIndex {
            s = String(s[..<open]).trimmingCharacters(in: .whitespaces)
        }
        s = s.replacingOccurrences(of: "°", with: "")
        s = String(s.map { $0 == " " || $0 == "-" ? "_" : $0 })
        while s.hasSuffix("_") { s.removeLast() }
        return s
    }
}
