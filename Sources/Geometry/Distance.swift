import CGEOS
import Coordinates

extension Geom {
    /// Minimum PLANAR distance in coordinate units (degrees for lon/lat data) — NOT metres and not
    /// geodesic: for tolerances and diagnostics only. Use Geodesy for real distances.
    /// 0 when either geometry is empty (GEOS's convention).
    public func distance(to other: Geom) throws(GeometryError) -> Double {
        var d = 0.0
        try context.check(GEOSDistance_r(handle, pointer, other.pointer, &d), "distance")
        return d
    }

    /// The closest pair of points (planar, coordinate units), the first on `self`, the second on
    /// `other`; nil if either geometry is empty.
    public func nearestPoints(with other: Geom) throws(GeometryError) -> (Coordinate, Coordinate)? {
        let eitherEmpty = try isEmpty ? true : try other.isEmpty
        if eitherEmpty { return nil }
        guard let seq = GEOSNearestPoints_r(handle, pointer, other.pointer) else { throw context.failure("nearestPoints") }
        defer { GEOSCoordSeq_destroy_r(handle, seq) }  // the returned sequence is ours
        let points = try read(seq)
        guard points.count == 2 else {
            throw GeometryError(operation: "nearestPoints", message: "expected 2 points, got \(points.count)")
        }
        return (points[0], points[1])
    }
}
