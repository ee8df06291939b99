import CGEOS

/// One GEOS geometry (`GEOSGeometry*`), owned by this object and destroyed with it
/// (GEOSGeom_destroy_r), together with the `GeometryContext` it was made in.
///
/// Immutable: every operation returns a new `Geom`. Not `Sendable` (see `GeometryContext`).
/// Coordinates are planar (x = longitude, y = latitude in degrees for NorthernRoute data).
public final class Geom {
    /// The context this geometry's operations run in (kept alive by this reference).
    public let context: GeometryContext
    @usableFromInline
    internal let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    @usableFromInline
    internal init(owning pointer: OpaquePointer, context: GeometryContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, pointer)
    }

    @usableFromInline
    internal var handle: GEOSContextHandle_t { context.handle }

    /// The geometry type.
    public var type: GeometryType {
        get throws(GeometryError) {
            let id = GEOSGeomTypeId_r(handle, pointer)
            guard let type = GeometryType(rawValue: id) else { throw context.failure("type id") }
            return type
        }
    }

    /// True for an empty geometry (e.g. `POLYGON EMPTY`, or an empty intersection).
    public var isEmpty: Bool {
        get throws(GeometryError) { try context.predicate(GEOSisEmpty_r(handle, pointer), "isEmpty") }
    }

    /// Number of parts: the member count of a multi-geometry or collection, 1 for a single geometry.
    public var numGeometries: Int {
        get throws(GeometryError) {
            let n = GEOSGetNumGeometries_r(handle, pointer)
            guard n >= 0 else { throw context.failure("numGeometries") }
            return Int(n)
        }
    }

    /// Part `index` (0-based) of a multi-geometry or collection, as an independent copy (the
    /// geometry itself for index 0 of a single geometry).
    public func geometry(at index: Int) throws(GeometryError) -> Geom {
        guard index >= 0, index < (try numGeometries) else {
            throw GeometryError(operation: "geometry(at:)", message: "index \(index) out of range")
        }
        guard let part = GEOSGetGeometryN_r(handle, pointer, Int32(index)) else {
            throw context.failure("geometry(at:)")
        }
        return try context.owned(GEOSGeom_clone_r(handle, part), "clone")
    }

    /// All parts (see `geometry(at:)`).
    public func components() throws(GeometryError) -> [Geom] {
        let n = try numGeometries
        var out = [Geom]()
        out.reserveCapacity(n)
        for i in 0..<n { out.append(try geometry(at: i)) }
        return out
    }

    /// An independent deep copy.
    public func clone() throws(GeometryError) -> Geom {
        try context.owned(GEOSGeom_clone_r(handle, pointer), "clone")
    }
}

extension Geom: CustomStringConvertible {
    /// The WKT text (or the error, if GEOS cannot write it).
    public var description: String {
        do { return try wkt() } catch { return "<\(error)>" }
    }
}
