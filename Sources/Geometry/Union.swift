import CGEOS

extension Geom {
    /// The point-set union of two geometries (GEOSUnion_r / GEOSUnionPrec_r).
    public func union(_ other: Geom, gridSize: Double? = nil) throws(GeometryError) -> Geom {
        let result = if let gridSize {
            GEOSUnionPrec_r(handle, pointer, other.pointer, gridSize)
        } else {
            GEOSUnion_r(handle, pointer, other.pointer)
        }
        return try context.owned(result, "union")
    }

    /// The union of this geometry's own parts (GEOSUnaryUnion_r / GEOSUnaryUnionPrec_r): dissolves
    /// overlapping polygons of a collection, nodes and dissolves lines.
    public func unaryUnion(gridSize: Double? = nil) throws(GeometryError) -> Geom {
        let result = if let gridSize {
            GEOSUnaryUnionPrec_r(handle, pointer, gridSize)
        } else {
            GEOSUnaryUnion_r(handle, pointer)
        }
        return try context.owned(result, "unaryUnion")
    }
}

extension GeometryContext {
    /// The union of all `geometries` (cascaded: one unary union of their collection). An empty
    /// input gives `GEOMETRYCOLLECTION EMPTY`.
    public func union(of geometries: [Geom], gridSize: Double? = nil) throws(GeometryError) -> Geom {
        try collection(geometries).unaryUnion(gridSize: gridSize)
    }
}
