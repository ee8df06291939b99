/// A QGIS project stored in the GeoPackage (QGIS's `qgis_projects` table), which QGIS lists under
/// the GeoPackage in its Browser and opens with Project ▸ Open From ▸ GeoPackage.
public struct GeoPackageProject: Sendable {
    public var name: String
    /// The `.qgs` XML; its layers name the GeoPackage by a path relative to it (`./x.gpkg|layername=t`).
    public var qgsXML: String

    public init(name: String, qgsXML: String) {
        self.name = name
        self.qgsXML = qgsXML
    }
}
