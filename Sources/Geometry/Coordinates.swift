import CGEOS
import Coordinates

// Reading coordinates back out of geometries (sequences are borrowed from the geometry: not freed).

extension Geom {
    /// Copies a borrowed coordinate sequence into `[Coordinate]`.
    @usableFromInline
    internal func read(_ seq: OpaquePointer) throws(GeometryError) -> [Coordinate] {
        var size: UInt32 = 0
        try context.check(GEOSCoordSeq_getSize_r(handle, seq, &size), "coordinate sequence size")
        var out = [Coordinate]()
        out.reserveCapacity(Int(size))
        var x = 0.0, y = 0.0
        for i in 0..<size {
            try context.check(GEOSCoordSeq_getXY_r(handle, seq, i, &x, &y), "read coordinate")
            out.append(Coordinate(longitude: x, latitude: y))
        }
        return out
    }

    @usableFromInline
    internal func coordinates(ofSimple geometry: OpaquePointer) throws(GeometryError) -> [Coordinate] {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, geometry) else { throw context.failure("coordinate sequence") }
        return try read(seq)
    }

    /// The coordinates of a Point (0 or 1), LineString or LinearRing (closed: last == first).
    /// Throws for other types: use `rings()` for a Polygon, `components()` for collections, or
    /// `allCoordinates()`.
    public func coordinates() throws(GeometryError) -> [Coordinate] {
        switch try type {
        case .point:
            if try isEmpty { return [] }
            return try coordinates(ofSimple: pointer)
        case .lineString, .linearRing:
            return try coordinates(ofSimple: pointer)
        case let other:
            throw GeometryError(operation: "coordinates", message: "\(other) has no single coordinate sequence")
        }
    }

    /// The rings of a Polygon, exterior first, each closed (last == first); empty for
    /// `POLYGON EMPTY`. Throws for other types.
    public func rings() throws(GeometryError) -> [[Coordinate]] {
        guard try type == .polygon else {
            throw GeometryError(operation: "rings", message: "\(try type) is not a Polygon")
        }
        if try isEmpty { return [] }
        guard let shell = GEOSGetExteriorRing_r(handle, pointer) else { throw context.failure("exterior ring") }
        let holes = GEOSGetNumInteriorRings_r(handle, pointer)
        guard holes >= 0 else { throw context.failure("interior ring count") }
        var out = [try coordinates(ofSimple: shell)]
        for i in 0..<holes {
            guard let ring = GEOSGetInteriorRingN_r(handle, pointer, i) else { throw context.failure("interior ring") }
            out.append(try coordinates(ofSimple: ring))
        }
        return out
    }

    /// The polygons of a Polygon (one) or MultiPolygon, each as rings (exterior first).
    /// Throws for other types.
    public func polygons() throws(GeometryError) -> [[[Coordinate]]] {
        switch try type {
        case .polygon: return [try rings()]
        case .multiPolygon: return try components().map { (p: Geom) throws(GeometryError) in try p.rings() }
        case let other: throw GeometryError(operation: "polygons", message: "\(other) is not polygonal")
        }
    }

    /// The lines of a LineString/LinearRing (one) or MultiLineString. Throws for other types.
    public func lines() throws(GeometryError) -> [[Coordinate]] {
        switch try type {
        case .lineString, .linearRing: return [try coordinates()]
        case .multiLineString: return try components().map { (l: Geom) throws(GeometryError) in try l.coordinates() }
        case let other: throw GeometryError(operation: "lines", message: "\(other) is not lineal")
        }
    }

    /// Every coordinate of the geometry in storage order (rings closed), flattened across parts.
    public func allCoordinates() throws(GeometryError) -> [Coordinate] {
        switch try type {
        case .point, .lineString, .linearRing: return try coordinates()
        case .polygon: return try rings().flatMap { $0 }
        default:
            var out = [Coordinate]()
            for part in try components() { out += try part.allCoordinates() }
            return out
        }
    }
}
