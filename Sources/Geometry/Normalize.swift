import CGEOS

extension Geom {
    /// A copy in GEOS's normal form (GEOSNormalize_r): parts sorted, rings start at their
    /// lowest vertex. Note JTS/GEOS normal form orients polygon shells CLOCKWISE and holes
    /// counter-clockwise — the opposite of RFC 7946; apply `orientedForRFC7946()` afterwards for
    /// GeoJSON output. Useful to compare geometries with `equalsExact`.
    public func normalized() throws(GeometryError) -> Geom {
        let copy = try clone()
        try context.check(GEOSNormalize_r(handle, copy.pointer), success: 0, "normalize")
        return copy
    }
}
