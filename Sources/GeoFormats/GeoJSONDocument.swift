/// A whole GeoJSON text: RFC 7946 allows a FeatureCollection, a single Feature or a bare geometry
/// at the top level.
public enum GeoJSONDocument: Hashable, Sendable {
    case featureCollection(GeoJSON.FeatureCollection)
    case feature(GeoJSON.Feature)
    case geometry(GeoJSON.Geometry)

    /// The features the document holds: all of a collection, the one feature, or the bare geometry
    /// as a feature with empty properties.
    public var features: [GeoJSON.Feature] {
        switch self {
        case .featureCollection(let c): c.features
        case .feature(let f): [f]
        case .geometry(let g): [GeoJSON.Feature(geometry: g)]
        }
    }

    /// The document as a FeatureCollection (see `features`).
    public var featureCollection: GeoJSON.FeatureCollection {
        if case .featureCollection(let c) = self { return c }
        return GeoJSON.FeatureCollection(features: features)
    }
}
