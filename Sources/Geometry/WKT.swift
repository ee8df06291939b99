import CGEOS

extension GeometryContext {
    /// Reads Well-Known Text, e.g. "POLYGON ((0 0, 1 0, 1 1, 0 0))" (x = longitude, y = latitude).
    /// Throws GEOS's ParseException text for malformed input. Z/M ordinates are read by GEOS but
    /// dropped when coordinates are extracted.
    public func geometry(wkt: String) throws(GeometryError) -> Geom {
        guard let reader = GEOSWKTReader_create_r(handle) else { throw failure("create WKT reader") }
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        return try owned(GEOSWKTReader_read_r(handle, reader, wkt), "read WKT")
    }
}

extension Geom {
    /// Well-Known Text, 2-D. `precision` = number of decimals (nil: shortest round-trip form);
    /// trailing zeros trimmed.
    public func wkt(precision: Int? = nil) throws(GeometryError) -> String {
        guard let writer = GEOSWKTWriter_create_r(handle) else { throw context.failure("create WKT writer") }
        defer { GEOSWKTWriter_destroy_r(handle, writer) }
        GEOSWKTWriter_setTrim_r(handle, writer, 1)
        GEOSWKTWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKTWriter_setRoundingPrecision_r(handle, writer, Int32(clamping: precision ?? -1))
        guard let text = GEOSWKTWriter_write_r(handle, writer, pointer) else { throw context.failure("write WKT") }
        defer { GEOSFree_r(handle, text) }
        return String(cString: text)
    }
}
