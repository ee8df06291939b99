import Analysis
import Coordinates
import Domain
import Foundation
import GeoFormats

/// The seizures analysis as layers: `seizures.geojson` (every input feature, its own properties
/// kept, the analysis's appended) and `seizures.csv` (the same rows: longitude, latitude, the input
/// properties, the analysis's columns).
///
/// Columns added (distances in km to the millimetre, degrees to 1e-9):
///
///     country                        ISO3 of the country polygon holding the point (null: none)
///     checkpoint_id, checkpoint_name the nearest checkpoint (geodesic distance)
///     checkpoint_distance_km         and its interval for the record's location_precision_m:
///     checkpoint_distance_min_km       min = max(0, d − p), max = d + p
///     checkpoint_distance_max_km
///     checkpoint_bearing_deg         azimuth at the seizure towards the checkpoint, [0, 360)
///     border_id                      the border (the nearest of those asked for)
///     border_distance_km (+ _min_km, _max_km)   geodesic distance to the border line
///     border_point_lon, border_point_lat        the nearest point of the border line
///     border_chainage_km             its chainage (km from the border's start)
///     in_gap                         true when that point lies in a gap (same gap parameters)
///     gap_id                         the nearest gap (the one holding the point when in_gap)
///     gap_distance_km (+ _min_km, _max_km)      geodesic distance to that gap's line
///
/// With several borders (`--border all`) these describe the nearest one, and each border `b`
/// also gets `b_distance_km`, `b_point_lon`, `b_point_lat`, `b_chainage_km`, `b_in_gap`,
/// `b_gap_id` and `b_gap_distance_km` (b = the border id with `-` as `_`, e.g. `kaz_kgz_…`).
/// An input property with the same name as an added one is replaced (so the output can be fed
/// back in).
public struct SeizureColumns: Sendable {
    public let context: SeizureContext
    /// The added keys, in order.
    public let added: [String]
    public let addedSet: Set<String>
    let prefixes: [String]
    /// `"key":` as UTF-8, per added key (for the direct encoder).
    let keyBytes: [[UInt8]]

    public init(context: SeizureContext) {
        self.context = context
        var keys = ["country", "checkpoint_id", "checkpoint_name", "checkpoint_distance_km", "checkpoint_distance_min_km",
                    "checkpoint_distance_max_km", "checkpoint_bearing_deg", "border_id", "border_distance_km",
                    "border_distance_min_km", "border_distance_max_km", "border_point_lon", "border_point_lat",
                    "border_chainage_km", "in_gap", "gap_id", "gap_distance_km", "gap_distance_min_km", "gap_distance_max_km"]
        var prefixes: [String] = []
        if context.borders.count > 1 {
            for b in context.borders {
                let p = b.id.replacingOccurrences(of: "-", with: "_")
                prefixes.append(p)
                keys += ["\(p)_distance_km", "\(p)_point_lon", "\(p)_point_lat", "\(p)_chainage_km", "\(p)_in_gap",
                         "\(p)_gap_id", "\(p)_gap_distance_km"]
            }
        }
        self.prefixes = prefixes
        added = keys
        addedSet = Set(keys)
        keyBytes = keys.map { Array("\"\($0)\":".utf8) }
        var blob: [UInt8] = []
        func text(_ s: String) -> TextRef {
            let j = ByteSink(), c = ByteSink()
            try! SeizureLayers.writeJSONString(s, to: j)
            try! SeizureLayers.writeCSVString(s, to: c)
            let j0 = blob.count
            blob += j.bytes
            let c0 = blob.count
            blob += c.bytes
            return TextRef(json: j0..<c0, csv: c0..<blob.count)
        }
        var keyRefs: [Range<Int>] = []
        for k in keys {
            let k0 = blob.count
            blob += Array("\"\(k)\":".utf8)
            keyRefs.append(k0..<blob.count)
        }
        self.keyRefs = keyRefs
        countryTexts = context.countries.map { text($0.iso3) }
        checkpointIDTexts = context.checkpoints.map { text($0.id) }
        checkpointNameTexts = context.checkpoints.map { text($0.name) }
        borderIDTexts = context.borders.map { text($0.id) }
        gapIDTexts = context.gapReports.map { r in r?.gaps.map { text($0.id) } ?? [] }
        textBlob = blob
        // Every text at most twice (a gap id: nearest border's and per border), every value ≤ 40 bytes.
        maxAddedBytes = 2 * blob.count + keys.count * 48 + 64
    }
    /// A bound on the bytes `writeAdded` appends to one sink for one feature.
    let maxAddedBytes: Int

    /// A string value encoded once as a JSON string literal and as a CSV field: ranges of `textBlob`.
    struct TextRef {
        let json: Range<Int>
        let csv: Range<Int>
    }
    /// The pre-encoded texts (`"key":` of every added key, the string values) for `writeAdded`.
    let textBlob: [UInt8]
    let keyRefs: [Range<Int>]
    let countryTexts: [TextRef]
    let checkpointIDTexts: [TextRef]
    let checkpointNameTexts: [TextRef]
    let borderIDTexts: [TextRef]
    let gapIDTexts: [[TextRef]]

    /// CSV columns: longitude, latitude, the input keys (without those two and the added ones),
    /// then the added ones.
    public func csvKeys(inputKeys: [String]) -> [String] {
        ["longitude", "latitude"] + inputKeys.filter { $0 != "longitude" && $0 != "latitude" && !addedSet.contains($0) } + added
    }

    /// The input keys among CSV columns made by `csvKeys(inputKeys:)`.
    public func inputColumns(_ csvKeys: [String]) -> ArraySlice<String> { csvKeys[2..<(csvKeys.count - added.count)] }
}

public enum SeizureLayers {
    /// Kilometres to the millimetre (6 decimals).
    @inline(__always)
    static func kmMM(_ metres: Double) -> JSONValue {
        metres.isFinite ? .number((metres * 1000).rounded() / 1_000_000) : .null
    }

    @inline(__always)
    static func deg(_ v: Double, _ scale: Double) -> JSONValue { .number((v * scale).rounded() / scale) }

    /// The added properties of one result, in `columns.added` order.
    public static func properties(for r: SeizureResult, precision: Double?, columns: SeizureColumns) -> [(String, JSONValue)] {
        let ctx = columns.context
        var p: [(String, JSONValue)] = []
        p.reserveCapacity(columns.added.count)
        p.append(("country", r.country.map { .string(ctx.countries[$0].iso3) } ?? .null))
        if let c = r.checkpoint {
            let cp = ctx.checkpoints[c.index]
            let iv = SeizureProximity.interval(c.distance, precision: precision)
            p.append(("checkpoint_id", .string(cp.id)))
            p.append(("checkpoint_name", .string(cp.name)))
            p.append(("checkpoint_distance_km", kmMM(c.distance)))
            p.append(("checkpoint_distance_min_km", kmMM(iv.min)))
            p.append(("checkpoint_distance_max_km", kmMM(iv.max)))
            p.append(("checkpoint_bearing_deg", deg(c.bearing, 1e6)))
        } else {
            for k in ["checkpoint_id", "checkpoint_name", "checkpoint_distance_km", "checkpoint_distance_min_km",
                      "checkpoint_distance_max_km", "checkpoint_bearing_deg"] { p.append((k, .null)) }
        }
        if let bi = r.nearestBorder {
            let b = r.borders[bi]
            let iv = SeizureProximity.interval(b.distance, precision: precision)
            p.append(("border_id", .string(ctx.borders[bi].id)))
            p.append(("border_distance_km", kmMM(b.distance)))
            p.append(("border_distance_min_km", kmMM(iv.min)))
            p.append(("border_distance_max_km", kmMM(iv.max)))
            p.append(("border_point_lon", deg(b.point.longitude, 1e9)))
            p.append(("border_point_lat", deg(b.point.latitude, 1e9)))
            p.append(("border_chainage_km", kmMM(b.chainage)))
            p.append(("in_gap", .bool(b.inGap)))
            p.append(("gap_id", gapID(bi, b.nearestGap, ctx)))
            if let gd = b.nearestGapDistance {
                let giv = SeizureProximity.interval(gd, precision: precision)
                p.append(("gap_distance_km", kmMM(gd)))
                p.append(("gap_distance_min_km", kmMM(giv.min)))
                p.append(("gap_distance_max_km", kmMM(giv.max)))
            } else {
                p.append(("gap_distance_km", .null))
                p.append(("gap_distance_min_km", .null))
                p.append(("gap_distance_max_km", .null))
            }
        } else {
            for k in ["border_id", "border_distance_km", "border_distance_min_km", "border_distance_max_km", "border_point_lon",
                      "border_point_lat", "border_chainage_km", "in_gap", "gap_id", "gap_distance_km", "gap_distance_min_km",
                      "gap_distance_max_km"] { p.append((k, .null)) }
        }
        for (bi, prefix) in columns.prefixes.enumerated() {
            let b = r.borders[bi]
            p.append(("\(prefix)_distance_km", kmMM(b.distance)))
            p.append(("\(prefix)_point_lon", deg(b.point.longitude, 1e9)))
            p.append(("\(prefix)_point_lat", deg(b.point.latitude, 1e9)))
            p.append(("\(prefix)_chainage_km", kmMM(b.chainage)))
            p.append(("\(prefix)_in_gap", .bool(b.inGap)))
            p.append(("\(prefix)_gap_id", gapID(bi, b.nearestGap, ctx)))
            p.append(("\(prefix)_gap_distance_km", b.nearestGapDistance.map(kmMM) ?? .null))
        }
        return p
    }

    static func gapID(_ border: Int, _ gap: Int?, _ ctx: SeizureContext) -> JSONValue {
        guard let gap, let report = ctx.gapReports[border] else { return .null }
        return .string(report.gaps[gap].id)
    }

    /// The input feature with the added properties appended (input members of the same names dropped).
    /// The seizures layer as values: each record's properties and the analysis's columns, the
    /// features `SeizurePipeline` writes (for the SVG map and the layer counts).
    public static func collection(_ seizures: [Seizure], _ results: [SeizureResult], context: SeizureContext) -> GeoJSON.FeatureCollection {
        let columns = SeizureColumns(context: context)
        return GeoJSON.FeatureCollection(features: zip(seizures, results).map { s, r in
            feature(GeoJSON.Feature(id: .string(s.id), geometry: .point(s.coordinate), properties: s.properties),
                    result: r, precision: s.locationPrecisionM, columns: columns)
        })
    }

    public static func feature(_ f: GeoJSON.Feature, result: SeizureResult, precision: Double?, columns: SeizureColumns) -> GeoJSON.Feature {
        feature(f, added: properties(for: result, precision: precision, columns: columns), columns: columns)
    }

    static func feature(_ f: GeoJSON.Feature, added: [(String, JSONValue)], columns: SeizureColumns) -> GeoJSON.Feature {
        var members: [(String, JSONValue)] = []
        let input = f.properties?.members ?? []
        members.reserveCapacity(input.count + columns.added.count)
        for m in input where !columns.addedSet.contains(m.key) { members.append((m.key, m.value)) }
        members += added
        var out = f
        out.properties = JSONObject(members)
        return out
    }

    // MARK: CSV

    /// RFC 4180 header line.
    public static func writeCSVHeader(_ keys: [String], to sink: ByteSink) throws {
        for (i, k) in keys.enumerated() {
            if i > 0 { try sink.write(UInt8(ascii: ",")) }
            try writeCSVString(k, to: sink)
        }
        try sink.write(UInt8(ascii: "\n"))
    }

    public static func writeCSVField(_ v: JSONValue, to sink: ByteSink) throws {
        switch v {
        case .null: break
        case .bool(let b): try sink.write(b ? "true" as StaticString : "false" as StaticString)
        case .number(let d):
            if d.isFinite { try sink.write(number: d) }
        case .string(let s): try writeCSVString(s, to: sink)
        case .array, .object: try writeCSVString(try JSONText.string(v), to: sink)
        }
    }

    /// A field, quoted (with doubled quotes) only when needed.
    public static func writeCSVString(_ s: String, to sink: ByteSink) throws {
        var s = s
        try s.withUTF8 { try writeCSVBytes(UnsafeRawBufferPointer($0), to: sink) }
    }

    /// `writeCSVString` of UTF-8 text.
    static func writeCSVBytes(_ u: UnsafeRawBufferPointer, to sink: ByteSink) throws {
        // Quoted like GeoFormats' CSVWriter: a comma, quote, CR or LF inside, or a space or tab
        // at either end.
        var plain = true
        for b in u where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            plain = false
            break
        }
        if let first = u.first, let last = u.last, first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 {
            plain = false
        }
        if plain {
            try sink.write(u)
            return
        }
        try sink.write(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<u.count where u[i] == 0x22 {
            try sink.write(UnsafeRawBufferPointer(rebasing: u[start...i]))
            try sink.write(UInt8(ascii: "\""))
            start = i + 1
        }
        if start < u.count { try sink.write(UnsafeRawBufferPointer(rebasing: u[start..<u.count])) }
        try sink.write(UInt8(ascii: "\""))
    }

    /// A JSON number's text as `ByteSink.write(number:)` writes its value: copied when it is
    /// already that text, else parsed and formatted.
    @inline(__always)
    static func writeNumber(_ text: UnsafeRawBufferPointer, _ value: Double, to sink: ByteSink) throws {
        if ByteSink.isCanonicalNumber(text) {
            try sink.write(text)
        } else {
            try sink.write(number: value)
        }
    }

    // MARK: Chunked output

    /// The input feature's properties object as it was written, when the caller has it.
    public enum RawProperties {
        /// Not available (CSV input, ...): the feature is re-encoded.
        case unavailable
        /// `null`, absent or `{}`.
        case empty
        /// The text between the braces.
        case members(UnsafeRawBufferPointer)
    }

    /// Output of one worker for one block of features, encoded in memory: GeoJSON feature texts
    /// separated by ",\n" and CSV rows. The pipeline writes chunks in input order, and reuses them.
    ///
    /// `@unchecked Sendable`: a chunk is filled by one worker and handed over, once that worker is
    /// done, to the thread that writes it; it is never used by two threads at once.
    public final class Chunk: @unchecked Sendable {
        let geo: ByteSink?
        let csv: ByteSink?
        let columns: SeizureColumns
        let inputKeys: ArraySlice<String>
        public private(set) var count = 0

        public init(columns: SeizureColumns, csvKeys: [String]?, geoJSON: Bool = true, expectedFeatures: Int = 1024) {
            self.columns = columns
            geo = geoJSON ? ByteSink(initialCapacity: max(1 << 12, expectedFeatures * 800)) : nil
            csv = csvKeys != nil ? ByteSink(initialCapacity: max(1 << 12, expectedFeatures * 300)) : nil
            inputKeys = csvKeys.map(columns.inputColumns) ?? []
        }

        /// The last key list checked by `hasAddedKey` (features usually share their keys).
        var checkedKeys: [String] = []
        var checkedHasAdded = false

        /// Whether an input member has the name of an added property.
        func hasAddedKey(_ members: [(key: String, value: JSONValue)]) -> Bool {
            if members.count == checkedKeys.count {
                var same = true
                for (m, k) in zip(members, checkedKeys) where m.key != k {
                    same = false
                    break
                }
                if same { return checkedHasAdded }
            }
            checkedKeys = members.map(\.key)
            checkedHasAdded = members.contains { columns.addedSet.contains($0.key) }
            return checkedHasAdded
        }

        /// Empties the chunk for another block (keeps the memory).
        public func reset() {
            geo?.removeAll()
            csv?.removeAll()
            count = 0
        }

        /// Appends one feature: the input feature `f` (parsed; `raw` its properties as written, if
        /// known) with the analysis's properties for `result`.
        public func add(_ f: GeoJSON.Feature, raw: RawProperties, coordinate: Coordinate, result: SeizureResult, precision: Double?) throws {
            let members = f.properties?.members ?? []
            var direct = false
            if geo != nil, f.bbox == nil, case .point = f.geometry, !hasAddedKey(members) {
                switch raw {
                case .unavailable: direct = false
                case .empty: direct = true
                case .members: direct = true
                }
            }
            if let geo {
                if count > 0 { try geo.write(",\n" as StaticString) }
                if direct {
                    try SeizureLayers.writeFeatureHead(f, raw: raw, coordinate: coordinate, to: geo)
                } else {
                    let added = SeizureLayers.properties(for: result, precision: precision, columns: columns)
                    let sink = ByteSink()
                    try GeoJSONWriter(sink: sink).write(document: .feature(SeizureLayers.feature(f, added: added, columns: columns)))
                    try sink.withUnsafeBytes { b in try geo.write(UnsafeRawBufferPointer(rebasing: b.dropLast())) }
                }
            }
            if let csv {
                try SeizureLayers.writeCSVInput(members, coordinate: coordinate, inputKeys: inputKeys, to: csv)
            }
            if direct || csv != nil {
                var firstGeo = true
                if case .members(let b) = raw, !b.isEmpty { firstGeo = false }
                try SeizureLayers.writeAdded(result, precision: precision, columns: columns, geo: direct ? geo : nil,
                                             firstGeo: firstGeo, csv: csv)
            }
            if direct { try geo!.write("}}" as StaticString) }
            if let csv { try csv.write(UInt8(ascii: "\n")) }
            count += 1
        }

        /// Appends one feature read by a `PointFeatureScanner` (see `SeizureBlockReader`): its id,
        /// point and properties copied as written (numbers re-formatted only when their text is not
        /// the writer's own), `csvMembers` the member for each CSV input column (-1: none). The same
        /// bytes as `add(_:raw:...)` gives for the parsed feature.
        public func add(scanned s: PointFeatureScanner, csvMembers: [Int], result: SeizureResult, precision: Double?) throws {
            let lon = s.bytes(s.longitudeText), lat = s.bytes(s.latitudeText)
            let lonCopy = ByteSink.isCanonicalNumber(lon), latCopy = ByteSink.isCanonicalNumber(lat)
            @inline(__always) func number(_ text: UnsafeRawBufferPointer, _ copy: Bool, _ value: Double, _ q: inout UnsafeMutablePointer<UInt8>) {
                if copy {
                    UnsafeMutableRawPointer(q).copyMemory(from: text.baseAddress!, byteCount: text.count)
                    q += text.count
                } else {
                    q += ByteSink.formatNumber(value, to: q)
                }
            }
            @inline(__always) func put(_ t: StaticString, _ q: inout UnsafeMutablePointer<UInt8>) {
                UnsafeMutableRawPointer(q).copyMemory(from: t.utf8Start, byteCount: t.utf8CodeUnitCount)
                q += t.utf8CodeUnitCount
            }
            if let geo {
                // Everything up to the properties' text in one reservation (numbers ≤ 32 bytes each).
                let id = s.id.map { s.bytes($0) }
                try geo.append(maxBytes: 128 + 3 * 32 + (id?.count ?? 0)) { p in
                    var q = p
                    if count > 0 { put(",\n", &q) }
                    put("{\"type\":\"Feature\",", &q)
                    if let id {
                        put("\"id\":", &q)
                        if s.idIsString {
                            q[0] = UInt8(ascii: "\"")
                            q += 1
                            UnsafeMutableRawPointer(q).copyMemory(from: id.baseAddress!, byteCount: id.count)
                            q += id.count
                            q[0] = UInt8(ascii: "\"")
                            q += 1
                        } else {
                            number(id, ByteSink.isCanonicalNumber(id), s.idNumber, &q)
                        }
                        q[0] = UInt8(ascii: ",")
                        q += 1
                    }
                    put("\"geometry\":{\"type\":\"Point\",\"coordinates\":[", &q)
                    number(lon, lonCopy, s.coordinate.longitude, &q)
                    q[0] = UInt8(ascii: ",")
                    q += 1
                    number(lat, latCopy, s.coordinate.latitude, &q)
                    put("]},\"properties\":{", &q)
                    return q - p
                }
                if !s.propertiesText.isEmpty { try geo.write(s.bytes(s.propertiesText)) }
            }
            if let csv {
                try csv.append(maxBytes: 2 * 32 + 1) { p in
                    var q = p
                    number(lon, lonCopy, s.coordinate.longitude, &q)
                    q[0] = UInt8(ascii: ",")
                    q += 1
                    number(lat, latCopy, s.coordinate.latitude, &q)
                    return q - p
                }
                for mi in csvMembers {
                    try csv.write(UInt8(ascii: ","))
                    guard mi >= 0 else { continue }
                    let m = s.members[mi]
                    switch m.kind {
                    case .null: break
                    case .string: try SeizureLayers.writeCSVBytes(s.bytes(m.value), to: csv)
                    case .number: try SeizureLayers.writeNumber(s.bytes(m.value), m.number, to: csv)
                    case .true: try csv.write("true" as StaticString)
                    case .false: try csv.write("false" as StaticString)
                    }
                }
            }
            try SeizureLayers.writeAdded(result, precision: precision, columns: columns, geo: geo, firstGeo: s.propertiesText.isEmpty, csv: csv)
            try geo?.write("}}" as StaticString)
            try csv?.write(UInt8(ascii: "\n"))
            count += 1
        }
    }

    /// Chunks to fill, reused once written (fresh memory costs page faults).
    ///
    /// `@unchecked Sendable`: `free` is only touched under `lock`.
    public final class ChunkPool: @unchecked Sendable {
        let columns: SeizureColumns
        public let csvKeys: [String]?
        let geoJSON: Bool
        let expectedFeatures: Int
        let lock = NSLock()
        var free: [Chunk] = []

        public init(columns: SeizureColumns, csvKeys: [String]?, geoJSON: Bool, expectedFeatures: Int) {
            self.columns = columns
            self.csvKeys = csvKeys
            self.geoJSON = geoJSON
            self.expectedFeatures = expectedFeatures
        }

        /// An empty chunk.
        public func take() -> Chunk {
            let reused: Chunk? = lock.withLock { free.popLast() }
            if let c = reused {
                c.reset()
                return c
            }
            let c = Chunk(columns: columns, csvKeys: csvKeys, geoJSON: geoJSON, expectedFeatures: expectedFeatures)
            return c
        }

        public func give(_ c: Chunk) {
            lock.withLock { free.append(c) }
        }
    }

    /// A Point feature up to and including its input properties as written (the caller appends
    /// the added ones and the closing "}}").
    static func writeFeatureHead(_ f: GeoJSON.Feature, raw: RawProperties, coordinate c: Coordinate, to sink: ByteSink) throws {
        try sink.write("{\"type\":\"Feature\"," as StaticString)
        switch f.id {
        case .string(let s)?:
            try sink.write("\"id\":" as StaticString)
            try writeJSONString(s, to: sink)
            try sink.write(UInt8(ascii: ","))
        case .number(let d)?:
            try sink.write("\"id\":" as StaticString)
            try sink.write(number: d)
            try sink.write(UInt8(ascii: ","))
        case nil: break
        }
        try sink.write("\"geometry\":{\"type\":\"Point\",\"coordinates\":[" as StaticString)
        try sink.write(number: c.longitude)
        try sink.write(UInt8(ascii: ","))
        try sink.write(number: c.latitude)
        try sink.write("]},\"properties\":{" as StaticString)
        if case .members(let bytes) = raw, !bytes.isEmpty { try sink.write(bytes) }
    }

    /// The start of a CSV row: longitude, latitude and the input properties under `inputKeys`
    /// (absent or null: an empty field), without the added values and the newline.
    static func writeCSVInput(_ members: [(key: String, value: JSONValue)], coordinate: Coordinate, inputKeys: ArraySlice<String>,
                              to sink: ByteSink) throws {
        try sink.write(number: coordinate.longitude)
        try sink.write(UInt8(ascii: ","))
        try sink.write(number: coordinate.latitude)
        var hint = 0
        for k in inputKeys {
            try sink.write(UInt8(ascii: ","))
            var value: JSONValue?
            if hint < members.count, members[hint].key == k {
                value = members[hint].value
                hint += 1
            } else if let i = members.firstIndex(where: { $0.key == k }) {
                value = members[i].value
                hint = i + 1
            }
            if let value { try writeCSVField(value, to: sink) }
        }
    }

    /// The added values of one result, in `columns.added` order, straight into the GeoJSON
    /// properties (`"key":value`, comma-separated; `firstGeo`: no comma before the first) and/or
    /// the CSV row (`,value` each): the same text as `properties(for:)` encoded by `GeoJSONWriter`
    /// and `writeCSVInput` + `writeCSVField`, without building the values.
    static func writeAdded(_ r: SeizureResult, precision: Double?, columns: SeizureColumns, geo: ByteSink?, firstGeo: Bool,
                           csv: ByteSink?) throws {
        let maxBytes = columns.maxAddedBytes
        func append(_ s: ByteSink?, _ body: (UnsafeMutablePointer<UInt8>?) throws -> Int) throws {
            if let s { try s.append(maxBytes: maxBytes) { try body($0) } } else { _ = try body(nil) }
        }
        try columns.textBlob.withUnsafeBytes { blob in
            try columns.keyRefs.withUnsafeBufferPointer { keys in
                try append(geo) { gp in
                    var gEnd = gp
                    try append(csv) { cp in
                        var w = AddedWriter(blob: blob, keys: keys, g: gp, c: cp, firstGeo: firstGeo)
                        try w.write(r, precision: precision, columns: columns)
                        gEnd = w.g
                        return cp.map { w.c! - $0 } ?? 0
                    }
                    return gp.map { gEnd! - $0 } ?? 0
                }
            }
        }
    }

    /// See `writeAdded`: writes at two cursors (GeoJSON, CSV; nil: not written) with room enough.
    struct AddedWriter {
        let blob: UnsafeRawBufferPointer
        let keys: UnsafeBufferPointer<Range<Int>>
        var g: UnsafeMutablePointer<UInt8>?
        var c: UnsafeMutablePointer<UInt8>?
        var firstGeo: Bool
        var i = 0

        init(blob: UnsafeRawBufferPointer, keys: UnsafeBufferPointer<Range<Int>>, g: UnsafeMutablePointer<UInt8>?,
             c: UnsafeMutablePointer<UInt8>?, firstGeo: Bool) {
            self.blob = blob
            self.keys = keys
            self.g = g
            self.c = c
            self.firstGeo = firstGeo
        }

        @inline(__always) static func copy(_ r: Range<Int>, _ blob: UnsafeRawBufferPointer, to p: inout UnsafeMutablePointer<UInt8>) {
            copySmall(UnsafeMutableRawPointer(p), blob.baseAddress! + r.lowerBound, r.count)
            p += r.count
        }
        /// memmove for the short texts written here (keys, numbers), without a library call:
        /// two overlapping loads and stores cover any length from w to 2w.
        @inline(__always) static func copySmall(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ n: Int) {
            if n >= 16 {
                guard n <= 32 else {
                    dst.copyMemory(from: src, byteCount: n)
                    return
                }
                let a = src.loadUnaligned(as: SIMD16<UInt8>.self), b = src.loadUnaligned(fromByteOffset: n - 16, as: SIMD16<UInt8>.self)
                dst.storeBytes(of: a, as: SIMD16<UInt8>.self)
                dst.storeBytes(of: b, toByteOffset: n - 16, as: SIMD16<UInt8>.self)
            } else if n >= 8 {
                let a = src.loadUnaligned(as: UInt64.self), b = src.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
                dst.storeBytes(of: a, as: UInt64.self)
                dst.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
            } else if n >= 4 {
                let a = src.loadUnaligned(as: UInt32.self), b = src.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
                dst.storeBytes(of: a, as: UInt32.self)
                dst.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
            } else {
                for i in 0..<n { dst.storeBytes(of: src.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
            }
        }
        @inline(__always) static func put(_ s: StaticString, to p: inout UnsafeMutablePointer<UInt8>) {
            UnsafeMutableRawPointer(p).copyMemory(from: s.utf8Start, byteCount: s.utf8CodeUnitCount)
            p += s.utf8CodeUnitCount
        }

        @inline(__always) mutating func key() {
            if var p = g {
                if !firstGeo {
                    p[0] = UInt8(ascii: ",")
                    p += 1
                }
                firstGeo = false
                AddedWriter.copy(keys[i], blob, to: &p)
                g = p
            }
            if let p = c {
                p[0] = UInt8(ascii: ",")
                c = p + 1
            }
            i += 1
        }
        @inline(__always) mutating func null() {
            key()
            if var p = g {
                AddedWriter.put("null", to: &p)
                g = p
            }
        }
        /// Writes what `format` formats at the GeoJSON cursor (else the CSV one), copied to the other.
        @inline(__always) mutating func put(_ format: (UnsafeMutablePointer<UInt8>) -> Int) {
            if let p = g {
                let n = format(p)
                g = p + n
                if let q = c {
                    AddedWriter.copySmall(UnsafeMutableRawPointer(q), UnsafeRawPointer(p), n)
                    c = q + n
                }
            } else if let q = c {
                c = q + format(q)
            }
        }
        @inline(__always) mutating func number(_ d: Double) throws {
            key()
            guard d.isFinite else { throw GeoFormatsError(.unwritable, "cannot write non-finite number \(d)") }
            // At most 9 decimals, trailing zeros dropped, no "-0".
            let scaled = (abs(d) * 1e9).rounded()
            guard scaled < 9e15, abs(abs(d) * 1e9 - scaled) < 1e-3 else {
                put { ByteSink.formatNumber(d, to: $0) }
                return
            }
            let mantissa = UInt64(scaled), negative = d < 0
            put { AddedWriter.trimmed(mantissa, 9, 1_000_000_000, negative, $0) }
        }
        /// `value` rounded to `decimals` (6 or 9) decimals: the text `number` gives for that rounded value.
        @inline(__always) mutating func rounded(_ value: Double, decimals: Int, scale: Double) throws {
            let x = value * scale
            guard x.isFinite, x.magnitude < 9e15 else { return try number(x.rounded() / scale) }
            // x.rounded() (half away from zero) without a library call: x − trunc(x) is exact.
            var t = Int64(x)
            let fraction = x - Double(t)
            if fraction >= 0.5 { t += 1 } else if fraction <= -0.5 { t -= 1 }
            key()
            let negative = t < 0
            let mantissa = t.magnitude
            if decimals == 6 {
                put { AddedWriter.trimmed(mantissa, 6, 1_000_000, negative, $0) }
            } else {
                put { AddedWriter.trimmed(mantissa, 9, 1_000_000_000, negative, $0) }
            }
        }
        /// mantissa · 10^-decimals (`unit` = 10^decimals) with trailing zeros dropped and no "-0":
        /// the text of `fixedDigits`, with constant divisors.
        @inline(__always) static func trimmed(_ mantissa: UInt64, _ decimals: Int, _ unit: UInt64, _ negative: Bool,
                                               _ out: UnsafeMutablePointer<UInt8>) -> Int {
            var len = 0
            if negative && mantissa != 0 {
                out[0] = UInt8(ascii: "-")
                len = 1
            }
            // Integer part, right to left.
            var q = mantissa / unit
            let f = mantissa % unit
            var digits = 1
            var t = q
            while t >= 10 {
                t /= 10
                digits += 1
            }
            len += digits
            var at = len
            repeat {
                at -= 1
                out[at] = UInt8(truncatingIfNeeded: 48 &+ q % 10)
                q /= 10
            } while q > 0
            guard f != 0 else { return len }
            // Every decimal, then the trailing zeros dropped (f ≠ 0: a non-zero digit stops it).
            out[len] = UInt8(ascii: ".")
            let pairs = digitPairs.utf8Start
            var g = f
            var k = decimals
            at = len + 1 + decimals
            while k >= 2 {
                let r = Int(g % 100)
                g /= 100
                at -= 2
                out[at] = pairs[2 * r]
                out[at + 1] = pairs[2 * r + 1]
                k -= 2
            }
            if k == 1 { out[at - 1] = UInt8(truncatingIfNeeded: 48 &+ g) }
            var end = len + 1 + decimals
            while out[end - 1] == 0x30 { end -= 1 }
            return end
        }
        static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
        /// Metres as kilometres to the millimetre.
        @inline(__always) mutating func km(_ metres: Double) throws {
            if metres.isFinite { try rounded(metres, decimals: 6, scale: 1000) } else { null() }
        }
        @inline(__always) mutating func degrees(_ v: Double, decimals: Int, scale: Double) throws {
            try rounded(v, decimals: decimals, scale: scale)
        }
        @inline(__always) mutating func bool(_ b: Bool) {
            key()
            if var p = g {
                AddedWriter.put(b ? "true" : "false", to: &p)
                g = p
            }
            if var p = c {
                AddedWriter.put(b ? "true" : "false", to: &p)
                c = p
            }
        }
        @inline(__always) mutating func text(_ t: SeizureColumns.TextRef) {
            key()
            if var p = g {
                AddedWriter.copy(t.json, blob, to: &p)
                g = p
            }
            if var p = c {
                AddedWriter.copy(t.csv, blob, to: &p)
                c = p
            }
        }

        mutating func write(_ r: SeizureResult, precision: Double?, columns: SeizureColumns) throws {
            func gap(_ w: inout AddedWriter, _ border: Int, _ g: Int?) {
                if let g, columns.context.gapReports[border] != nil { w.text(columns.gapIDTexts[border][g]) } else { w.null() }
            }
            if let c = r.country { text(columns.countryTexts[c]) } else { null() }
            if let c = r.checkpoint {
                let iv = SeizureProximity.interval(c.distance, precision: precision)
                text(columns.checkpointIDTexts[c.index])
                text(columns.checkpointNameTexts[c.index])
                try km(c.distance)
                try km(iv.min)
                try km(iv.max)
                try degrees(c.bearing, decimals: 6, scale: 1e6)
            } else {
                for _ in 0..<6 { null() }
            }
            if let bi = r.nearestBorder {
                let b = r.borders[bi]
                let iv = SeizureProximity.interval(b.distance, precision: precision)
                text(columns.borderIDTexts[bi])
                try km(b.distance)
                try km(iv.min)
                try km(iv.max)
                try degrees(b.point.longitude, decimals: 9, scale: 1e9)
                try degrees(b.point.latitude, decimals: 9, scale: 1e9)
                try km(b.chainage)
                bool(b.inGap)
                gap(&self, bi, b.nearestGap)
                if let gd = b.nearestGapDistance {
                    let giv = SeizureProximity.interval(gd, precision: precision)
                    try km(gd)
                    try km(giv.min)
                    try km(giv.max)
                } else {
                    for _ in 0..<3 { null() }
                }
            } else {
                for _ in 0..<12 { null() }
            }
            for bi in columns.prefixes.indices {
                let b = r.borders[bi]
                try km(b.distance)
                try degrees(b.point.longitude, decimals: 9, scale: 1e9)
                try degrees(b.point.latitude, decimals: 9, scale: 1e9)
                try km(b.chainage)
                bool(b.inGap)
                gap(&self, bi, b.nearestGap)
                if let gd = b.nearestGapDistance { try km(gd) } else { null() }
            }
        }
    }

    /// A JSON string literal (escapes as GeoJSONWriter writes them).
    static func writeJSONString(_ s: String, to sink: ByteSink) throws {
        var s = s
        try s.withUTF8 { u in
            if !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                try sink.write(UInt8(ascii: "\""))
                try sink.write(UnsafeRawBufferPointer(u))
                try sink.write(UInt8(ascii: "\""))
                return
            }
            try sink.write(try JSONText.string(.string(String(decoding: u, as: UTF8.self))))
        }
    }

    /// The properties object of a feature's JSON text (already validated by the reader): found by
    /// scanning the top-level members, skipping strings and nested values. nil when the member is
    /// not found as written (an escaped key, for instance): the caller then re-encodes.
    public static func rawProperties(of text: UnsafeRawBufferPointer) -> RawProperties {
        let n = text.count
        var i = 0
        func ws() { while i < n, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x0D || text[i] == 0x09 { i += 1 } }
        func skipString() {
            i += 1
            while i < n {
                if text[i] == 0x5C { i += 2; continue }
                if text[i] == 0x22 { i += 1; return }
                i += 1
            }
        }
        func skipValue() {
            guard i < n else { return }
            switch text[i] {
            case 0x22: skipString()
            case 0x7B, 0x5B:
                var depth = 0
                while i < n {
                    switch text[i] {
                    case 0x22: skipString(); continue
                    case 0x7B, 0x5B: depth += 1
                    case 0x7D, 0x5D:
                        depth -= 1
                        if depth == 0 { i += 1; return }
                    default: break
                    }
                    i += 1
                }
            default:
                while i < n, text[i] != 0x2C, text[i] != 0x7D, text[i] != 0x5D { i += 1 }
            }
        }
        let key: [UInt8] = Array("\"properties\"".utf8)
        ws()
        guard i < n, text[i] == 0x7B else { return .unavailable }
        i += 1
        while true {
            ws()
            guard i < n, text[i] == 0x22 else { return .unavailable }
            let k0 = i
            skipString()
            let isProperties = i - k0 == key.count && zip(key, text[k0..<i]).allSatisfy { $0 == $1 }
            ws()
            guard i < n, text[i] == 0x3A else { return .unavailable }
            i += 1
            ws()
            if isProperties {
                guard i < n else { return .unavailable }
                if text[i] == 0x6E { return .empty }  // null
                guard text[i] == 0x7B else { return .unavailable }
                let v0 = i
                skipValue()
                // Between the braces, trimmed.
                var a = v0 + 1, b = i - 1
                while a < b, [0x20, 0x0A, 0x0D, 0x09].contains(text[a]) { a += 1 }
                while b > a, [0x20, 0x0A, 0x0D, 0x09].contains(text[b - 1]) { b -= 1 }
                return a == b ? .empty : .members(UnsafeRawBufferPointer(rebasing: text[a..<b]))
            }
            skipValue()
            ws()
            guard i < n else { return .unavailable }
            if text[i] == 0x2C { i += 1; continue }
            return text[i] == 0x7D ? .empty : .unavailable  // no properties member at all
        }
    }

    /// Streams `seizures.geojson` and/or `seizures.csv` (a nil URL: not written): `produce` hands
    /// chunks, in order, to the closure it is given. Both files are written atomically and refuse
    /// to overwrite any of `inputs`. `keepCSV` is asked once everything is produced (and the
    /// GeoJSON written); false drops the CSV. Returns whether the CSV was written.
    @discardableResult
    public static func write(geoJSON geoURL: URL?, csv csvURL: URL?, csvKeys: [String], inputs: [URL],
                             keepCSV: () -> Bool = { true },
                             produce: (_ emit: (Chunk) throws -> Void) throws -> Void) throws -> Bool {
        for url in [geoURL, csvURL].compactMap({ $0 }) {
            try LayerFile.prepareDirectory(for: url)
            try AtomicFile.checkNotInput(url, inputs: inputs)
        }
        func body(_ gsink: ByteSink?, _ csink: ByteSink?) throws {
            try gsink?.write("{\"type\":\"FeatureCollection\",\"features\":[\n" as StaticString)
            if let csink { try writeCSVHeader(csvKeys, to: csink) }
            // The producer hands chunks over in order, one at a time.
            var any = false
            try produce { chunk in
                guard chunk.count > 0 else { return }
                if let gsink, let g = chunk.geo {
                    if any { try gsink.write(",\n" as StaticString) }
                    try g.withUnsafeBytes { try gsink.write($0) }
                }
                any = true
                if let csink, let c = chunk.csv { try c.withUnsafeBytes { try csink.write($0) } }
            }
            try gsink?.write(any ? "\n]}\n" as StaticString : "]}\n" as StaticString)
        }
        struct DropCSV: Error {}
        switch (geoURL, csvURL) {
        case (let g?, let c?):
            do {
                try AtomicFile.write(to: c, refusingInputs: inputs, bufferSize: 1 << 16) { csink in
                    try AtomicFile.write(to: g, refusingInputs: inputs, bufferSize: 1 << 16) { gsink in try body(gsink, csink) }
                    if !keepCSV() { throw DropCSV() }
                }
            } catch is DropCSV {
                return false
            }
            return true
        case (let g?, nil):
            try AtomicFile.write(to: g, refusingInputs: inputs, bufferSize: 1 << 16) { gsink in try body(gsink, nil) }
            return false
        case (nil, let c?):
            do {
                try AtomicFile.write(to: c, refusingInputs: inputs, bufferSize: 1 << 16) { csink in
                    try body(nil, csink)
                    if !keepCSV() { throw DropCSV() }
                }
            } catch is DropCSV {
                return false
            }
            return true
        case (nil, nil):
            try produce { _ in }
            return false
        }
    }
}
