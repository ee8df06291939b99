import GeoFormats

/// CSV fields as the seizures layer writes them: quoted like GeoFormats' `CSVWriter`, numbers
/// as `ByteSink.write(number:)` writes them (copied from their JSON text when it is already that).
extension SeizureLayers {
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
}
