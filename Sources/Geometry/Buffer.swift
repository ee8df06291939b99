import CGEOS

/// End-cap style of a buffered line (GEOSBufCapStyles).
public enum BufferCapStyle: Int32, Sendable { case round = 1, flat = 2, square = 3 }
/// Corner style of a buffer (GEOSBufJoinStyles).
public enum BufferJoinStyle: Int32, Sendable { case round = 1, mitre = 2, bevel = 3 }

extension Geom {
    /// Planar buffer by `width` in coordinate units — degrees for longitude/latitude data, so it
    /// is NOT a distance in metres (a degree of longitude shrinks with latitude). Use only for
    /// tolerance snapping/cleaning (e.g. `buffer(width: 0)` to fix slivers, a tiny positive width
    /// to close gaps); for metric distances use the Geodesy module. Negative widths erode areas.
    ///
    /// `quadrantSegments`: segments per quarter circle for round caps/joins.
    public func buffer(width: Double, quadrantSegments: Int = 8, capStyle: BufferCapStyle = .round,
                       joinStyle: BufferJoinStyle = .round, mitreLimit: Double = 5) throws(GeometryError) -> Geom {
        let result = GEOSBufferWithStyle_r(handle, pointer, width, Int32(clamping: quadrantSegments),
                                           capStyle.rawValue, joinStyle.rawValue, mitreLimit)
        return try context.owned(result, "buffer")
    }
}
