import CGEOS

// Ring orientation in the x/y (longitude/latitude) plane. RFC 7946 §3.1.6: exterior rings
// counter-clockwise, holes clockwise. (GEOSOrientPolygons_r exists only from GEOS 3.12, so this
// is built on GEOSCoordSeq_isCCW_r and GEOSReverse_r.)

extension Geom {
    /// For a LinearRing or closed LineString (≥ 4 points): true if it runs counter-clockwise.
    /// Throws for other types and for rings too short to have an orientation.
    public func isCounterClockwise() throws(GeometryError) -> Bool {
        let t = try type
        guard t == .linearRing || t == .lineString else {
            throw GeometryError(operation: "isCounterClockwise", message: "\(t) is not a ring")
        }
        return try context.ringIsCCW(pointer)
    }

    /// True if every polygon's exterior ring is counter-clockwise and every hole clockwise (RFC
    /// 7946); vacuously true for geometries without polygons.
    public func hasRFC7946Orientation() throws(GeometryError) -> Bool {
        try context.orientationHolds(pointer, exteriorCCW: true)
    }

    /// A copy whose polygon rings follow RFC 7946 (exterior counter-clockwise, holes clockwise),
    /// reversing only the rings that need it; recurses into MultiPolygons and collections, other
    /// parts are copied unchanged.
    public func orientedForRFC7946() throws(GeometryError) -> Geom {
        try oriented(exteriorCounterClockwise: true)
    }

    /// A copy with polygon exteriors counter-clockwise (`true`) or clockwise (`false`, the
    /// ESRI/shapefile convention) and holes the other way.
    public func oriented(exteriorCounterClockwise: Bool) throws(GeometryError) -> Geom {
        try context.owned(context.rawOriented(pointer, exteriorCCW: exteriorCounterClockwise), "orient")
    }
}

extension GeometryContext {
    @usableFromInline
    internal func ringIsCCW(_ ring: OpaquePointer) throws(GeometryError) -> Bool {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, ring) else { throw failure("coordinate sequence") }
        var ccw: CChar = 0
        try check(GEOSCoordSeq_isCCW_r(handle, seq, &ccw), "isCCW")
        return ccw != 0
    }

    private func typeOf(_ g: OpaquePointer) throws(GeometryError) -> GeometryType {
        guard let t = GeometryType(rawValue: GEOSGeomTypeId_r(handle, g)) else { throw failure("type id") }
        return t
    }

    private func isEmpty(_ g: OpaquePointer) throws(GeometryError) -> Bool {
        try predicate(GEOSisEmpty_r(handle, g), "isEmpty")
    }

    /// Polygon rings: exterior first.
    private func polygonRings(_ polygon: OpaquePointer) throws(GeometryError) -> [OpaquePointer] {
        guard let shell = GEOSGetExteriorRing_r(handle, polygon) else { throw failure("exterior ring") }
        let n = GEOSGetNumInteriorRings_r(handle, polygon)
        guard n >= 0 else { throw failure("interior ring count") }
        var rings = [shell]
        for i in 0..<n {
            guard let hole = GEOSGetInteriorRingN_r(handle, polygon, i) else { throw failure("interior ring") }
            rings.append(hole)
        }
        return rings
    }

    internal func orientationHolds(_ g: OpaquePointer, exteriorCCW: Bool) throws(GeometryError) -> Bool {
        switch try typeOf(g) {
        case .polygon:
            if try isEmpty(g) { return true }
            for (i, ring) in try polygonRings(g).enumerated() where try ringIsCCW(ring) != (i == 0 ? exteriorCCW : !exteriorCCW) {
                return false
            }
            return true
        case .multiPolygon, .geometryCollection:
            let n = GEOSGetNumGeometries_r(handle, g)
            for i in 0..<max(n, 0) {
                guard let part = GEOSGetGeometryN_r(handle, g, i) else { throw failure("geometry n") }
                if !(try orientationHolds(part, exteriorCCW: exteriorCCW)) { return false }
            }
            return true
        default:
            return true
        }
    }

    /// An owned, re-oriented copy of `g`.
    internal func rawOriented(_ g: OpaquePointer, exteriorCCW: Bool) throws(GeometryError) -> OpaquePointer {
        let type = try typeOf(g)
        switch type {
        case .polygon where !(try isEmpty(g)):
            let rings = try polygonRings(g)
            var built = [OpaquePointer?]()
            built.reserveCapacity(rings.count)
            for (i, ring) in rings.enumerated() {
                do throws(GeometryError) {
                    let keep = try ringIsCCW(ring) == (i == 0 ? exteriorCCW : !exteriorCCW)
                    guard let copy = keep ? GEOSGeom_clone_r(handle, ring) : GEOSReverse_r(handle, ring) else {
                        throw failure("orient ring")
                    }
                    built.append(copy)
                } catch {
                    for r in built { GEOSGeom_destroy_r(handle, r) }
                    throw error
                }
            }
            let holes = Array(built.dropFirst())
            let polygon = holes.withUnsafeBufferPointer { buffer in
                GEOSGeom_createPolygon_r(handle, built[0], UnsafeMutablePointer(mutating: buffer.baseAddress),
                                         UInt32(buffer.count))
            }
            guard let polygon else { throw failure("create polygon") }
            return polygon
        case .multiPolygon, .geometryCollection:
            let n = GEOSGetNumGeometries_r(handle, g)
            guard n >= 0 else { throw failure("numGeometries") }
            let parts = try rawParts(Array(0..<n)) { (i: Int32) throws(GeometryError) -> OpaquePointer in
                guard let part = GEOSGetGeometryN_r(handle, g, i) else { throw failure("geometry n") }
                return try rawOriented(part, exteriorCCW: exteriorCCW)
            }
            return try rawCollection(type, parts)
        default:
            guard let copy = GEOSGeom_clone_r(handle, g) else { throw failure("clone") }
            return copy
        }
    }
}
