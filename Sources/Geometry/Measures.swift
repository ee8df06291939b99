import CGEOS

extension Geom {
    /// PLANAR area in squared coordinate units (square degrees for lon/lat data). NOT geodesic
    /// and not m²: for diagnostics only (e.g. "is this sliver tiny?"). Real areas come from
    /// Geodesy's `Geodesic.polygonMeasure(of:)`.
    public func area() throws(GeometryError) -> Double {
        var a = 0.0
        try context.check(GEOSArea_r(handle, pointer, &a), "area")
        return a
    }

    /// PLANAR length in coordinate units (degrees for lon/lat data; perimeter for polygons). NOT
    /// geodesic and not metres: diagnostics only. Real lengths come from Geodesy's
    /// `Geodesic.length(of:)`.
    public func length() throws(GeometryError) -> Double {
        var l = 0.0
        try context.check(GEOSLength_r(handle, pointer, &l), "length")
        return l
    }
}
