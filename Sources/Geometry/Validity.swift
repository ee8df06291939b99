import CGEOS

extension Geom {
    /// OGC validity (GEOSisValid_r): rings closed and simple, no self-intersections, holes inside
    /// shells, etc.
    public var isValid: Bool {
        get throws(GeometryError) { try context.predicate(GEOSisValid_r(handle, pointer), "isValid") }
    }

    /// GEOS's explanation: "Valid Geometry", or the problem and where, e.g.
    /// "Self-intersection[0.5 0.5]" or "Ring Self-intersection[...]".
    public func validityReason() throws(GeometryError) -> String {
        guard let reason = GEOSisValidReason_r(handle, pointer) else { throw context.failure("isValidReason") }
        defer { GEOSFree_r(handle, reason) }
        return String(cString: reason)
    }
}
