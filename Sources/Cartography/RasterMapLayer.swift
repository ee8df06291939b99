import Foundation

/// A raster layer of the QGIS project (a GeoTIFF in the output folder): the hillshaded DEM, the
/// travel-time surface. Drawn under the vector layers; the SVG map leaves rasters out.
public struct RasterMapLayer: Sendable {
    public var id: String
    public var name: String
    /// File name in the output folder, e.g. "dem.tif".
    public var file: String
    /// Its style document (`RasterStyles`), also written beside it as `.qml`.
    public var style: String
    /// west, south, east, north (degrees).
    public var extent: (Double, Double, Double, Double)
    public var abstract: String
    public var licences: [String]
    public var visible: Bool

    public init(id: String, name: String, file: String, style: String, extent: (Double, Double, Double, Double),
                abstract: String = "", licences: [String] = [], visible: Bool = true) {
        self.id = id
        self.name = name
        self.file = file
        self.style = style
        self.extent = extent
        self.abstract = abstract
        self.licences = licences
        self.visible = visible
    }

    public var qgisID: String { "northernroute_raster_" + id }
    public var datasource: String { "./" + file }
}

extension QGSProject {
    /// The `<maplayer type="raster">` element of a raster layer.
    func rasterLayer(_ layer: RasterMapLayer, into x: inout QMLXML) {
        x.open("maplayer", [("type", "raster"), ("hasScaleBasedVisibilityFlag", "0"), ("minScale", "1e+08"), ("maxScale", "0"),
                            ("styleCategories", "AllStyleCategories"), ("autoRefreshEnabled", "0"), ("autoRefreshTime", "0"),
                            ("refreshOnNotifyEnabled", "0"), ("refreshOnNotifyMessage", "")])
        let (w, s, e, n) = layer.extent
        for tag in ["extent", "wgs84extent"] {
            x.open(tag)
            x.leaf("xmin", text: QMLXML.exact(w))
            x.leaf("ymin", text: QMLXML.exact(s))
            x.leaf("xmax", text: QMLXML.exact(e))
            x.leaf("ymax", text: QMLXML.exact(n))
            x.close(tag)
        }
        x.leaf("id", text: layer.qgisID)
        x.leaf("datasource", text: layer.datasource)
        if !layer.licences.isEmpty { x.leaf("attribution", [("href", "")], text: layer.licences.joined(separator: "; ")) }
        x.leaf("layername", text: layer.name)
        x.open("srs")
        wgs84(into: &x)
        x.close("srs")
        x.open("resourceMetadata")
        x.leaf("identifier", text: layer.file)
        x.leaf("type", text: "dataset")
        x.leaf("title", text: layer.name)
        x.leaf("abstract", text: layer.abstract)
        for licence in layer.licences { x.leaf("rights", text: licence) }
        x.close("resourceMetadata")
        x.leaf("provider", text: "gdal")
        x.raw(RasterStyles.body(layer.style))
        x.close("maplayer")
    }

    /// The raster layers' entries in the layer tree.
    func rasterTreeEntries(into x: inout QMLXML) {
        for layer in rasters {
            x.open("layer-tree-layer", [("id", layer.qgisID), ("name", layer.name), ("source", layer.datasource), ("providerKey", "gdal"),
                                        ("checked", layer.visible ? "Qt::Checked" : "Qt::Unchecked"), ("expanded", "0")])
            x.leaf("customproperties")
            x.close("layer-tree-layer")
        }
    }
}
