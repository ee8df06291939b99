import CGEOS

extension Geom {
    /// The points of `self` not in `other` (GEOSDifference_r; with `gridSize`,
    /// GEOSDifferencePrec_r). Throws GEOS's TopologyException for invalid inputs.
    public func difference(_ other: Geom, gridSize: Double? = nil) throws(GeometryError) -> Geom {
        let result = if let gridSize {
            GEOSDifferencePrec_r(handle, pointer, other.pointer, gridSize)
        } else {
            GEOSDifference_r(handle, pointer, other.pointer)
        }
        return try context.owned(result, "difference")
    }

    /// The points in exactly one of the two (GEOSSymDifference_r / GEOSSymDifferencePrec_r).
    public func symmetricDifference(_ other: Geom, gridSize: Double? = nil) throws(GeometryError) -> Geom {
        let result = if let gridSize {
            GEOSSymDifferencePrec_r(handle, pointer, other.pointer, gridSize)
        } else {
            GEOSSymDifference_r(handle, pointer, other.pointer)
        }
        return try context.owned(result, "symmetricDifference")
    }
}
