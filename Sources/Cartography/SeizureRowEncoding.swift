import Analysis
import GeoFormats

extension SeizureLayers {
    /// One input property of a row read as fields (CSV input): null, text (UTF-8, unescaped) or a
    /// number with its text. The bytes are the reader's and valid while the row is encoded.
    public struct RowValue {
        public enum Kind: UInt8 { case null, text, number }
        public var kind: Kind
        public var bytes: UnsafeRawBufferPointer
        public var number: Double

        public init(kind: Kind, bytes: UnsafeRawBufferPointer, number: Double) {
            self.kind = kind
            self.bytes = bytes
            self.number = number
        }
    }

    /// The property keys of rows read as fields, encoded once: `"key":` of each, which are
    /// written to the GeoJSON (not those named like an added column, as `feature(_:added:columns:)`
    /// drops them), and the member feeding each CSV input column (-1: none).
    public struct RowLayout: Sendable {
        let keys: [UInt8]
        let keyEnds: [Int]
        let written: [Bool]
        let anyWritten: Bool
        let csvMembers: [Int]

        public init(keys: [String], columns: SeizureColumns, csvMembers: [Int]) {
            written = keys.map { !columns.addedSet.contains($0) }
            anyWritten = written.contains(true)
            var bytes: [UInt8] = []
            var ends: [Int] = []
            for k in keys {
                let sink = ByteSink()
                try! SeizureLayers.writeJSONString(k, to: sink)
                bytes += sink.bytes
                bytes.append(UInt8(ascii: ":"))
                ends.append(bytes.count)
            }
            self.keys = bytes
            keyEnds = ends
            self.csvMembers = csvMembers
        }
    }
}

extension SeizureLayers.Chunk {
    /// Appends one row read as fields (`SeizureBlockReader` on CSV input): the point, the input
    /// properties `values` (in `layout`'s key order) copied as read, numbers re-formatted only when
    /// their text is not the writer's own, then the added values. The same bytes as
    /// `add(_:raw:...)` gives for the feature `CSVPointReader` makes of the row.
    public func add(row values: UnsafeBufferPointer<SeizureLayers.RowValue>, layout: SeizureLayers.RowLayout,
                    longitude: SeizureLayers.RowValue, latitude: SeizureLayers.RowValue, result: SeizureResult, precision: Double?) throws {
        @inline(__always) func number(_ v: SeizureLayers.RowValue, to sink: ByteSink) throws {
            if ByteSink.isCanonicalNumber(v.bytes) { try sink.write(v.bytes) } else { try sink.write(number: v.number) }
        }
        if let geo {
            if count > 0 { try geo.write(",\n" as StaticString) }
            try geo.write("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[" as StaticString)
            try number(longitude, to: geo)
            try geo.write(UInt8(ascii: ","))
            try number(latitude, to: geo)
            try geo.write("]},\"properties\":{" as StaticString)
            try layout.keys.withUnsafeBytes { keys in
                var k0 = 0, first = true
                for (i, v) in values.enumerated() {
                    let k1 = layout.keyEnds[i]
                    defer { k0 = k1 }
                    guard layout.written[i] else { continue }
                    if !first { try geo.write(UInt8(ascii: ",")) }
                    first = false
                    try geo.write(UnsafeRawBufferPointer(rebasing: keys[k0..<k1]))
                    switch v.kind {
                    case .null: try geo.write("null" as StaticString)
                    case .text: try SeizureLayers.writeJSONBytes(v.bytes, to: geo)
                    case .number: try number(v, to: geo)
                    }
                }
            }
        }
        if let csv {
            try number(longitude, to: csv)
            try csv.write(UInt8(ascii: ","))
            try number(latitude, to: csv)
            for mi in layout.csvMembers {
                try csv.write(UInt8(ascii: ","))
                guard mi >= 0 else { continue }
                let v = values[mi]
                switch v.kind {
                case .null: break
                case .text: try SeizureLayers.writeCSVBytes(v.bytes, to: csv)
                case .number: try number(v, to: csv)
                }
            }
        }
        try SeizureLayers.writeAdded(result, precision: precision, columns: columns, geo: geo, firstGeo: !layout.anyWritten, csv: csv)
        try geo?.write("}}" as StaticString)
        try csv?.write(UInt8(ascii: "\n"))
        count += 1
    }
}

extension SeizureLayers {
    /// `writeJSONString` of UTF-8 text.
    static func writeJSONBytes(_ u: UnsafeRawBufferPointer, to sink: ByteSink) throws {
        if !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            try sink.write(UInt8(ascii: "\""))
            try sink.write(u)
            try sink.write(UInt8(ascii: "\""))
            return
        }
        try sink.write(try JSONText.string(.string(String(decoding: u, as: UTF8.self))))
    }
}
