import CGEOS

extension Geom {
    /// Sews the lines of a (Multi)LineString together end to end where exactly two meet
    /// (GEOSLineMerge_r), possibly reversing some; returns a (Multi)LineString.
    public func lineMerge() throws(GeometryError) -> Geom {
        try context.owned(GEOSLineMerge_r(handle, pointer), "lineMerge")
    }
}
