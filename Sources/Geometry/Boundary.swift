import CGEOS

extension Geom {
    /// The topological boundary (GEOSBoundary_r): a polygon's rings as (Multi)LineString, a
    /// line's end points as MultiPoint (empty for a closed line).
    public func boundary() throws(GeometryError) -> Geom {
        try context.owned(GEOSBoundary_r(handle, pointer), "boundary")
    }
}
