import CGEOS

extension Geom {
    /// The paths shared by two lineal geometries (GEOSSharedPaths_r): `forward` holds shared
    /// segments running the same direction in both, `backward` those running opposite ways. Each
    /// is a MultiLineString (possibly empty). Inputs must be (Multi)LineStrings.
    public func sharedPaths(with other: Geom) throws(GeometryError) -> (forward: Geom, backward: Geom) {
        let result = try context.owned(GEOSSharedPaths_r(handle, pointer, other.pointer), "sharedPaths")
        return (try result.geometry(at: 0), try result.geometry(at: 1))
    }
}
