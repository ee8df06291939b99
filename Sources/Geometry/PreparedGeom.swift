import CGEOS
import Coordinates

/// A geometry prepared for many predicate tests (GEOSPrepare_r): indexes its segments once so
/// that point-in-polygon and intersects tests cost O(log n) instead of O(n).
///
/// Keeps its `geometry` alive (GEOS's prepared geometry references it) and destroys the prepared
/// structure in deinit (GEOSPreparedGeom_destroy_r). Not `Sendable` (see `GeometryContext`); the
/// index is built lazily by GEOS on first use, which mutates it — another reason never to share
/// it across threads.
public final class PreparedGeom {
    /// The geometry this was prepared from.
    public let geometry: Geom
    private let pointer: OpaquePointer

    public init(_ geometry: Geom) throws(GeometryError) {
        guard let prepared = GEOSPrepare_r(geometry.handle, geometry.pointer) else {
            throw geometry.context.failure("prepare")
        }
        self.geometry = geometry
        self.pointer = prepared
    }

    deinit {
        GEOSPreparedGeom_destroy_r(geometry.handle, pointer)
    }

    private var context: GeometryContext { geometry.context }
    private var handle: GEOSContextHandle_t { geometry.handle }

    /// `other` is inside (boundary-only contact excluded; see `Geom.contains`).
    public func contains(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedContains_r(handle, pointer, other.pointer), "prepared contains")
    }

    /// `other` is inside and touches no boundary point.
    public func containsProperly(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedContainsProperly_r(handle, pointer, other.pointer), "prepared containsProperly")
    }

    /// No point of `other` is outside (boundary counts as inside).
    public func covers(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedCovers_r(handle, pointer, other.pointer), "prepared covers")
    }

    /// No point of the prepared geometry is outside `other`.
    public func coveredBy(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedCoveredBy_r(handle, pointer, other.pointer), "prepared coveredBy")
    }

    /// They share at least one point.
    public func intersects(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedIntersects_r(handle, pointer, other.pointer), "prepared intersects")
    }

    /// They share no point.
    public func disjoint(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedDisjoint_r(handle, pointer, other.pointer), "prepared disjoint")
    }

    /// The prepared geometry lies in `other`.
    public func within(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedWithin_r(handle, pointer, other.pointer), "prepared within")
    }

    /// They meet only at boundaries.
    public func touches(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSPreparedTouches_r(handle, pointer, other.pointer), "prepared touches")
    }

    /// Point-in-polygon: the point is in the interior (a point on the boundary is NOT contained).
    public func contains(_ coordinate: Coordinate) throws(GeometryError) -> Bool {
        try withPoint(coordinate, "prepared contains point") { GEOSPreparedContains_r(handle, pointer, $0) }
    }

    /// Point-in-polygon including the boundary.
    public func covers(_ coordinate: Coordinate) throws(GeometryError) -> Bool {
        try withPoint(coordinate, "prepared covers point") { GEOSPreparedCovers_r(handle, pointer, $0) }
    }

    /// The point touches the geometry at all (interior or boundary).
    public func intersects(_ coordinate: Coordinate) throws(GeometryError) -> Bool {
        try withPoint(coordinate, "prepared intersects point") { GEOSPreparedIntersects_r(handle, pointer, $0) }
    }

    /// Runs `test` on a temporary GEOS point (created and destroyed here; GEOS 3.11 has no
    /// GEOSPreparedContainsXY_r).
    private func withPoint(_ c: Coordinate, _ operation: String, _ test: (OpaquePointer) -> CChar) throws(GeometryError) -> Bool {
        guard let point = GEOSGeom_createPointFromXY_r(handle, c.longitude, c.latitude) else {
            throw context.failure("create point")
        }
        defer { GEOSGeom_destroy_r(handle, point) }
        return try context.predicate(test(point), operation)
    }
}

extension Geom {
    /// Prepares this geometry for repeated predicate tests.
    public func prepared() throws(GeometryError) -> PreparedGeom {
        try PreparedGeom(self)
    }
}
