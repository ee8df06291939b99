import CGEOS

extension Geom {
    /// Snaps this geometry's vertices and segments to `reference`'s vertices within `tolerance`
    /// (coordinate units) (GEOSSnap_r). Used to make near-coincident borders coincide before
    /// overlay. The result may be invalid for large tolerances: check `isValid`.
    public func snapped(to reference: Geom, tolerance: Double) throws(GeometryError) -> Geom {
        try context.owned(GEOSSnap_r(handle, pointer, reference.pointer, tolerance), "snap")
    }
}
