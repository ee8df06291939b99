import CGEOS

extension Geom {
    /// Fully nodes the line work (GEOSNode_r): every intersection becomes a vertex and lines are
    /// split there; returns a MultiLineString. Input to `polygonize` usually goes through this.
    public func noded() throws(GeometryError) -> Geom {
        try context.owned(GEOSNode_r(handle, pointer), "node")
    }
}
