import GeoFormats

extension SeizureLayers {
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
}
