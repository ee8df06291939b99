import Analysis
import Coordinates
import GeoFormats

extension SeizureLayers {
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
        public internal(set) var count = 0

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
}
