import CGEOS

/// An axis-aligned bounding box in coordinate units (x = longitude, y = latitude).
public struct Bounds: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }
}

extension Geom {
    /// The bounding rectangle as a geometry (GEOSEnvelope_r): a Polygon, or a Point/LineString
    /// when degenerate, empty for an empty input.
    public func envelope() throws(GeometryError) -> Geom {
        try context.owned(GEOSEnvelope_r(handle, pointer), "envelope")
    }

    /// The bounding box, nil for an empty geometry.
    public func bounds() throws(GeometryError) -> Bounds? {
        if try isEmpty { return nil }
        var b = Bounds(minX: 0, minY: 0, maxX: 0, maxY: 0)
        try context.check(GEOSGeom_getXMin_r(handle, pointer, &b.minX), "bounds")
        try context.check(GEOSGeom_getYMin_r(handle, pointer, &b.minY), "bounds")
        try context.check(GEOSGeom_getXMax_r(handle, pointer, &b.maxX), "bounds")
        try context.check(GEOSGeom_getYMax_r(handle, pointer, &b.maxY), "bounds")
        return b
    }
}
