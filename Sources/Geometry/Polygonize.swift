import CGEOS

/// Output of `Geom.polygonizeFull()`.
public struct PolygonizeResult {
    /// The polygons formed (a GeometryCollection of Polygons).
    public let polygons: Geom
    /// Edges connected at both ends but not part of a polygon.
    public let cutEdges: Geom
    /// Edges with a free end.
    public let dangles: Geom
    /// Closed rings that do not form valid polygons.
    public let invalidRings: Geom
}

extension GeometryContext {
    /// Polygons formed by the (correctly noded) line work of `geometries` (GEOSPolygonize_r),
    /// returned as a GeometryCollection of Polygons. Node the input first (`noded()` /
    /// `unaryUnion()`) if lines cross without shared vertices.
    public func polygonize(_ geometries: [Geom]) throws(GeometryError) -> Geom {
        let pointers: [OpaquePointer?] = geometries.map { $0.pointer }
        let result = withExtendedLifetime(geometries) {
            pointers.withUnsafeBufferPointer { buffer in
                GEOSPolygonize_r(handle, buffer.baseAddress, UInt32(buffer.count))
            }
        }
        return try owned(result, "polygonize")
    }
}

extension Geom {
    /// Polygonizes this geometry's line work and also returns what could not be used
    /// (GEOSPolygonize_full_r) — useful for diagnosing gaps in border line work.
    public func polygonizeFull() throws(GeometryError) -> PolygonizeResult {
        var cuts: OpaquePointer?, dangles: OpaquePointer?, invalid: OpaquePointer?
        let result = GEOSPolygonize_full_r(handle, pointer, &cuts, &dangles, &invalid)
        guard let result else {
            for extra in [cuts, dangles, invalid] { if let extra { GEOSGeom_destroy_r(handle, extra) } }
            throw context.failure("polygonizeFull")
        }
        // Wrap immediately so each result is freed whatever happens next.
        let polygons = Geom(owning: result, context: context)
        let wrapped = [cuts, dangles, invalid].map { $0.map { Geom(owning: $0, context: context) } }
        guard let c = wrapped[0], let d = wrapped[1], let i = wrapped[2] else {
            throw GeometryError(operation: "polygonizeFull", message: "GEOS returned no cut edges/dangles/invalid rings")
        }
        return PolygonizeResult(polygons: polygons, cutEdges: c, dangles: d, invalidRings: i)
    }
}
