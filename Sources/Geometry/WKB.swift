import CGEOS

extension GeometryContext {
    /// Reads (ISO or extended) Well-Known Binary.
    public func geometry(wkb: [UInt8]) throws(GeometryError) -> Geom {
        guard let reader = GEOSWKBReader_create_r(handle) else { throw failure("create WKB reader") }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        let result = wkb.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(handle, reader, buffer.baseAddress, buffer.count)
        }
        return try owned(result, "read WKB")
    }
}

extension Geom {
    /// Well-Known Binary, 2-D, little-endian.
    public func wkb() throws(GeometryError) -> [UInt8] {
        guard let writer = GEOSWKBWriter_create_r(handle) else { throw context.failure("create WKB writer") }
        defer { GEOSWKBWriter_destroy_r(handle, writer) }
        GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(handle, writer, pointer, &size) else { throw context.failure("write WKB") }
        defer { GEOSFree_r(handle, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }
}
