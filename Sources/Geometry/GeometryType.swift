import CGEOS

/// GEOS geometry type ids (`GEOSGeomTypeId_r`).
public enum GeometryType: Int32, Sendable, CaseIterable, CustomStringConvertible {
    case point = 0
    case lineString = 1
    case linearRing = 2
    case polygon = 3
    case multiPoint = 4
    case multiLineString = 5
    case multiPolygon = 6
    case geometryCollection = 7

    /// True for the multi-part types and GeometryCollection.
    public var isCollection: Bool { rawValue >= GeometryType.multiPoint.rawValue }

    public var description: String {
        switch self {
        case .point: "Point"
        case .lineString: "LineString"
        case .linearRing: "LinearRing"
        case .polygon: "Polygon"
        case .multiPoint: "MultiPoint"
        case .multiLineString: "MultiLineString"
        case .multiPolygon: "MultiPolygon"
        case .geometryCollection: "GeometryCollection"
        }
    }
}
