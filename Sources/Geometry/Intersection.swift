import CGEOS

extension Geom {
    /// The point-set intersection (GEOSIntersection_r; with `gridSize`, GEOSIntersectionPrec_r:
    /// coordinates snapped to a grid of that cell size, which makes robust results on dirty data).
    /// Throws GEOS's TopologyException for invalid inputs.
    public func intersection(_ other: Geom, gridSize: Double? = nil) throws(GeometryError) -> Geom {
        let result = if let gridSize {
            GEOSIntersectionPrec_r(handle, pointer, other.pointer, gridSize)
        } else {
            GEOSIntersection_r(handle, pointer, other.pointer)
        }
        return try context.owned(result, "intersection")
    }
}
