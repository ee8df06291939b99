import CGEOS
import Coordinates

// Making geometries from `Coordinate`s (x = longitude, y = latitude). Coordinate sequences are
// handed to GEOS, which owns them from then on (also when construction fails).

extension GeometryContext {
    /// A coordinate sequence (caller owns it until handed to a geometry constructor). With
    /// `closing`, the first coordinate is appended if the last differs from it.
    @usableFromInline
    internal func sequence(_ coordinates: [Coordinate], closing: Bool = false) throws(GeometryError) -> OpaquePointer {
        let close = closing && coordinates.count > 0 && coordinates[0] != coordinates[coordinates.count - 1]
        let count = coordinates.count + (close ? 1 : 0)
        guard count <= Int(UInt32.max), let seq = GEOSCoordSeq_create_r(handle, UInt32(count), 2) else {
            throw failure("create coordinate sequence")
        }
        for (i, c) in coordinates.enumerated() where GEOSCoordSeq_setXY_r(handle, seq, UInt32(i), c.longitude, c.latitude) == 0 {
            GEOSCoordSeq_destroy_r(handle, seq)
            throw failure("set coordinate")
        }
        if close, GEOSCoordSeq_setXY_r(handle, seq, UInt32(count - 1), coordinates[0].longitude, coordinates[0].latitude) == 0 {
            GEOSCoordSeq_destroy_r(handle, seq)
            throw failure("set coordinate")
        }
        return seq
    }

    /// A raw owned LinearRing (closed automatically).
    @usableFromInline
    internal func rawRing(_ coordinates: [Coordinate]) throws(GeometryError) -> OpaquePointer {
        let seq = try sequence(coordinates, closing: true)
        guard let ring = GEOSGeom_createLinearRing_r(handle, seq) else { throw failure("create linear ring") }
        return ring
    }

    /// A raw owned Polygon from rings (first = exterior).
    @usableFromInline
    internal func rawPolygon(_ rings: [[Coordinate]]) throws(GeometryError) -> OpaquePointer {
        guard let exterior = rings.first else {
            guard let empty = GEOSGeom_createEmptyPolygon_r(handle) else { throw failure("create empty polygon") }
            return empty
        }
        let shell = try rawRing(exterior)
        var holes = [OpaquePointer?]()
        holes.reserveCapacity(rings.count - 1)
        for ring in rings.dropFirst() {
            do {
                holes.append(try rawRing(ring))
            } catch {
                GEOSGeom_destroy_r(handle, shell)
                for hole in holes { GEOSGeom_destroy_r(handle, hole) }
                throw error
            }
        }
        let polygon = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let polygon else { throw failure("create polygon") }
        return polygon
    }

    /// A collection of `type` from raw owned parts (ownership passes to GEOS, also on failure).
    @usableFromInline
    internal func rawCollection(_ type: GeometryType, _ parts: [OpaquePointer?]) throws(GeometryError) -> OpaquePointer {
        var parts = parts
        let collection = parts.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, type.rawValue, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let collection else { throw failure("create \(type)") }
        return collection
    }

    /// Builds raw parts one by one, destroying those already built if one fails.
    @usableFromInline
    internal func rawParts<T>(_ items: [T], _ make: (T) throws(GeometryError) -> OpaquePointer) throws(GeometryError) -> [OpaquePointer?] {
        var parts = [OpaquePointer?]()
        parts.reserveCapacity(items.count)
        for item in items {
            do {
                parts.append(try make(item))
            } catch {
                for part in parts { GEOSGeom_destroy_r(handle, part) }
                throw error
            }
        }
        return parts
    }

    /// A Point.
    public func point(_ coordinate: Coordinate) throws(GeometryError) -> Geom {
        try owned(GEOSGeom_createPointFromXY_r(handle, coordinate.longitude, coordinate.latitude), "create point")
    }

    /// A LineString through `coordinates` (GEOS requires 0 or ≥ 2 points).
    public func lineString(_ coordinates: [Coordinate]) throws(GeometryError) -> Geom {
        let seq = try sequence(coordinates)
        return try owned(GEOSGeom_createLineString_r(handle, seq), "create line string")
    }

    /// A LinearRing; closed automatically if the last coordinate differs from the first (GEOS
    /// requires 0 or ≥ 4 points after closing).
    public func linearRing(_ coordinates: [Coordinate]) throws(GeometryError) -> Geom {
        try owned(rawRing(coordinates), "create linear ring")
    }

    /// A Polygon from its exterior ring and holes; rings are closed automatically. Orientation is
    /// kept as given (see `orientedForRFC7946()`). An empty exterior gives `POLYGON EMPTY`.
    public func polygon(exterior: [Coordinate], holes: [[Coordinate]] = []) throws(GeometryError) -> Geom {
        try owned(rawPolygon(exterior.isEmpty ? [] : [exterior] + holes), "create polygon")
    }

    /// A Polygon from rings, the first being the exterior (GeoJSON order). No rings: empty.
    public func polygon(rings: [[Coordinate]]) throws(GeometryError) -> Geom {
        try owned(rawPolygon(rings), "create polygon")
    }

    /// A MultiPoint.
    public func multiPoint(_ coordinates: [Coordinate]) throws(GeometryError) -> Geom {
        let parts = try rawParts(coordinates) { (c: Coordinate) throws(GeometryError) -> OpaquePointer in
            guard let p = GEOSGeom_createPointFromXY_r(handle, c.longitude, c.latitude) else { throw failure("create point") }
            return p
        }
        return try owned(rawCollection(.multiPoint, parts), "create multi point")
    }

    /// A MultiLineString, one coordinate array per line.
    public func multiLineString(_ lines: [[Coordinate]]) throws(GeometryError) -> Geom {
        let parts = try rawParts(lines) { (line: [Coordinate]) throws(GeometryError) -> OpaquePointer in
            let seq = try sequence(line)
            guard let l = GEOSGeom_createLineString_r(handle, seq) else { throw failure("create line string") }
            return l
        }
        return try owned(rawCollection(.multiLineString, parts), "create multi line string")
    }

    /// A MultiPolygon, one ring array (exterior first) per polygon.
    public func multiPolygon(_ polygons: [[[Coordinate]]]) throws(GeometryError) -> Geom {
        let parts = try rawParts(polygons) { (rings: [[Coordinate]]) throws(GeometryError) -> OpaquePointer in
            try rawPolygon(rings)
        }
        return try owned(rawCollection(.multiPolygon, parts), "create multi polygon")
    }

    /// A collection of `type` (a multi type or `.geometryCollection`) holding copies of `members`
    /// (the inputs stay valid and owned by their `Geom`s). GEOS checks that members fit the type.
    public func collection(_ members: [Geom], type: GeometryType = .geometryCollection) throws(GeometryError) -> Geom {
        guard type.isCollection else {
            throw GeometryError(operation: "collection", message: "\(type) is not a collection type")
        }
        let parts = try rawParts(members) { (g: Geom) throws(GeometryError) -> OpaquePointer in
            guard let copy = GEOSGeom_clone_r(handle, g.pointer) else { throw failure("clone") }
            return copy
        }
        return try owned(rawCollection(type, parts), "create \(type)")
    }

    /// An empty geometry of `type` (Point, LineString, Polygon or a collection type).
    public func empty(_ type: GeometryType) throws(GeometryError) -> Geom {
        let pointer: OpaquePointer? = switch type {
        case .point: GEOSGeom_createEmptyPoint_r(handle)
        case .lineString, .linearRing: GEOSGeom_createEmptyLineString_r(handle)
        case .polygon: GEOSGeom_createEmptyPolygon_r(handle)
        default: GEOSGeom_createEmptyCollection_r(handle, type.rawValue)
        }
        return try owned(pointer, "create empty \(type)")
    }
}
