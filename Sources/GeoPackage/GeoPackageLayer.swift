import GeoFormats

/// One feature table of a GeoPackage: its features, what `gpkg_contents` says about it and the
/// style QGIS loads as its default (`layer_styles`).
public struct GeoPackageLayer: Sendable {
    /// The table name (GeoPackage reserves the prefixes `gpkg_` and `rtree_`).
    public var table: String
    /// `gpkg_contents.identifier`: the name a client shows (unique within the GeoPackage).
    public var identifier: String
    /// `gpkg_contents.description`.
    public var description: String
    public var features: [GeoJSON.Feature]
    /// A QGIS style (`.qml` document) stored as the table's default style; nil: none.
    public var styleQML: String?
    /// The style's name in `layer_styles`.
    public var styleName: String

    public init(table: String, identifier: String, description: String = "", features: [GeoJSON.Feature],
                styleQML: String? = nil, styleName: String? = nil) {
        self.table = table
        self.identifier = identifier
        self.description = description
        self.features = features
        self.styleQML = styleQML
        self.styleName = styleName ?? table
    }
}
