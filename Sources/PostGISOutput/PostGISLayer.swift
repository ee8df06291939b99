import GeoFormats

/// One table to write into PostGIS: its name (without schema), the features, the geometry type
/// of its `geom` column, the comment that says what it is and the QGIS style QGIS loads as its
/// default (`public.layer_styles`).
public struct PostGISLayer: Sendable {
    /// The table name, as it will be quoted (at most 63 bytes: PostgreSQL's identifier limit).
    public var table: String
    /// PostGIS's type name for `geometry(<type>,4326)`: `Point`, `MultiLineString`, … (single
    /// geometries of a `Multi…` table are written as one-part multi geometries).
    public var geometryType: String
    public var features: [GeoJSON.Feature]
    /// `COMMENT ON TABLE`: what the layer is, the nroute version, the scenario and the time.
    public var comment: String
    /// A QGIS style (`.qml` document) stored as the table's default style; nil: none.
    public var styleQML: String?
    /// The style's name in `layer_styles`.
    public var styleName: String

    public init(table: String, geometryType: String, features: [GeoJSON.Feature], comment: String,
                styleQML: String? = nil, styleName: String? = nil) {
        self.table = table
        self.geometryType = geometryType
        self.features = features
        self.comment = comment
        self.styleQML = styleQML
        self.styleName = styleName ?? table
    }
}
