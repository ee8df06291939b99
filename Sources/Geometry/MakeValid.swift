import CGEOS

/// How `makeValid` repairs a geometry (GEOSMakeValidMethods).
public enum MakeValidMethod: Sendable {
    /// Keeps all input vertices and line work; may return a collection of polygons and lines.
    /// (GEOS's original algorithm, the default.)
    case linework
    /// Rebuilds areas from the rings' structure (shells union, holes subtracted); returns
    /// polygonal results only unless `keepCollapsed`.
    case structure
}

extension Geom {
    /// A valid geometry covering the input (GEOSMakeValidWithParams_r). For example a bow-tie
    /// polygon becomes a MultiPolygon of its two triangles. A valid input is returned unchanged
    /// (as a copy). `keepCollapsed` (structure method only) keeps parts that collapse to lines or
    /// points.
    public func makeValid(method: MakeValidMethod = .linework, keepCollapsed: Bool = false) throws(GeometryError) -> Geom {
        guard let params = GEOSMakeValidParams_create_r(handle) else { throw context.failure("makeValid parameters") }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        let m = method == .linework ? GEOS_MAKE_VALID_LINEWORK : GEOS_MAKE_VALID_STRUCTURE
        try context.check(GEOSMakeValidParams_setMethod_r(handle, params, m), "makeValid method")
        try context.check(GEOSMakeValidParams_setKeepCollapsed_r(handle, params, keepCollapsed ? 1 : 0), "makeValid keepCollapsed")
        return try context.owned(GEOSMakeValidWithParams_r(handle, pointer, params), "makeValid")
    }
}
