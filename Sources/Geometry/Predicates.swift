import CGEOS

// Binary spatial predicates (DE-9IM), planar. For many tests against one geometry use
// `prepared()` instead. Each throws GEOS's error (e.g. TopologyException) rather than guessing.

extension Geom {
    /// The geometries share at least one point.
    public func intersects(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSIntersects_r(handle, pointer, other.pointer), "intersects")
    }

    /// The geometries share no point.
    public func disjoint(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSDisjoint_r(handle, pointer, other.pointer), "disjoint")
    }

    /// `other` lies in `self` and some interior points are shared (boundary-only contact is not
    /// containment: a point on a polygon's edge is not contained; see `covers`).
    public func contains(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSContains_r(handle, pointer, other.pointer), "contains")
    }

    /// `self` lies in `other` (the converse of `contains`).
    public func within(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSWithin_r(handle, pointer, other.pointer), "within")
    }

    /// No point of `other` lies outside `self` (like `contains`, but boundary points count).
    public func covers(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSCovers_r(handle, pointer, other.pointer), "covers")
    }

    /// No point of `self` lies outside `other`.
    public func coveredBy(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSCoveredBy_r(handle, pointer, other.pointer), "coveredBy")
    }

    /// They meet only at boundaries.
    public func touches(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSTouches_r(handle, pointer, other.pointer), "touches")
    }

    /// They cross (e.g. a line passing through a polygon's interior and exterior).
    public func crosses(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSCrosses_r(handle, pointer, other.pointer), "crosses")
    }

    /// Same dimension, interiors intersect, neither contains the other.
    public func overlaps(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSOverlaps_r(handle, pointer, other.pointer), "overlaps")
    }

    /// Topologically equal (same point set, regardless of vertex order or start).
    public func topologicallyEquals(_ other: Geom) throws(GeometryError) -> Bool {
        try context.predicate(GEOSEquals_r(handle, pointer, other.pointer), "equals")
    }

    /// Same structure and vertices in the same order, each within `tolerance`.
    public func equalsExact(_ other: Geom, tolerance: Double = 0) throws(GeometryError) -> Bool {
        try context.predicate(GEOSEqualsExact_r(handle, pointer, other.pointer, tolerance), "equalsExact")
    }
}
