import Coordinates
import Foundation
import GeoFormats

/// One layer of the map: a GeoJSON file in the output folder (or the part of it with one geometry
/// type, for files that mix lines and polygons), its features and its style. The project, the QML
/// files and the SVG map are all written from these.
public struct MapLayer: Sendable {
    /// Unique within the project. QGIS ignores layer ids of 10 characters or fewer when it reads a
    /// project (it takes them for malformed and makes up new ones, which breaks the layer tree), so
    /// the project uses `qgisID`.
    public var id: String
    /// The name shown in QGIS's Layers panel and the SVG legend.
    public var name: String
    /// File name in the output folder, e.g. "kaz-kgz-gaps.geojson".
    public var file: String
    /// For a file that mixes geometry types: the type this layer shows (datasource `|geometrytype=`).
    public var geometryFilter: LayerGeometry?
    public var collection: GeoJSON.FeatureCollection
    public var style: LayerStyle
    /// Layer-tree group (nil: top level). Layers of one group must be consecutive.
    public var group: String?
    /// Checked in the Layers panel (and drawn in the SVG).
    public var visible: Bool
    /// What the layer is, for QGIS's layer metadata (Layer Properties ▸ Metadata).
    public var abstract: String
    /// The SVG legend shows layers with the same legend name once, under that name (the gaps of
    /// several borders, say); nil: the layer's own name.
    public var legendName: String?
    /// The licences of the data the layer shows (each names its source, e.g. "public domain
    /// (Natural Earth)", "ODbL 1.0, © OpenStreetMap contributors"), in order, no repeats: the
    /// layer's rights in QGIS and the attribution of the project and the SVG (`MapAttribution`).
    public var licences: [String]

    public init(id: String, name: String, file: String, geometryFilter: LayerGeometry? = nil, collection: GeoJSON.FeatureCollection,
                style: LayerStyle, group: String? = nil, visible: Bool = true, abstract: String = "", legendName: String? = nil,
                licences: [String] = []) {
        self.id = id
        self.name = name
        self.file = file
        self.geometryFilter = geometryFilter
        self.collection = collection
        self.style = style
        self.group = group
        self.visible = visible
        self.abstract = abstract
        self.legendName = legendName
        self.licences = MapAttribution.distinct(licences)
    }

    /// The id written to the project: `id`, prefixed when it is too short for QGIS.
    public var qgisID: String { id.count > 10 ? id : "northernroute_" + id }

    /// The features this layer shows (all, or those of the filtered geometry type).
    public var features: [GeoJSON.Feature] {
        guard let filter = geometryFilter else { return collection.features }
        return collection.features.filter { f in f.geometry.map { MapGeometry.kind(of: $0) == filter } ?? false }
    }

    /// The QGIS datasource, relative to the project file.
    public var datasource: String {
        "./" + file + (geometryFilter.map { "|geometrytype=\($0.ogrFilter)" } ?? "")
    }

    /// The layer's table in a GeoPackage: the file name without its extension, lower case, every
    /// character but ASCII letters and digits `_` (`kaz-kgz-gaps.geojson` → `kaz_kgz_gaps`), and for
    /// a layer showing one geometry type of a mixed file, that type (`kaz_kgz_coverage_polygon`):
    /// a GeoPackage table holds one geometry type.
    public var table: String {
        var base = file
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        var t = String(base.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
        if t.isEmpty || t.first!.isNumber || t.hasPrefix("gpkg_") || t.hasPrefix("rtree_") || t.hasPrefix("sqlite_") { t = "t_" + t }
        return t + (geometryFilter.map { "_" + $0.rawValue.lowercased() } ?? "")
    }

    /// The WKB type name of the layer's geometry (`Point`, `MultiLineString`, …): its geometry kind,
    /// multi when any feature is. A database table of the layer declares this type.
    public var wkbType: String {
        let single: String
        switch geometryFilter ?? style.geometry {
        case .point: single = "Point"
        case .line: single = "LineString"
        case .polygon: single = "Polygon"
        }
        return features.contains { $0.geometry.map(MapGeometry.isMulti) ?? false } ? "Multi" + single : single
    }

    /// The QGIS datasource of the layer's table in the GeoPackage `geopackage` (a file name beside the project).
    public func datasource(geopackage: String) -> String {
        "./" + geopackage + "|layername=" + table
    }
}

/// Geometry helpers shared by the project and the SVG map.
enum MapGeometry {
    static func kind(of g: GeoJSON.Geometry) -> LayerGeometry? {
        switch g {
        case .point, .multiPoint: .point
        case .lineString, .multiLineString: .line
        case .polygon, .multiPolygon: .polygon
        case .geometryCollection(let gs): gs.first.flatMap(kind(of:))
        }
    }

    static func isMulti(_ g: GeoJSON.Geometry) -> Bool {
        switch g {
        case .multiPoint, .multiLineString, .multiPolygon, .geometryCollection: true
        default: false
        }
    }

    static func coordinates(_ g: GeoJSON.Geometry) -> [Coordinate] {
        switch g {
        case .point(let c): [c]
        case .multiPoint(let cs), .lineString(let cs): cs
        case .multiLineString(let parts), .polygon(let parts): parts.flatMap { $0 }
        case .multiPolygon(let polys): polys.flatMap { $0.flatMap { $0 } }
        case .geometryCollection(let gs): gs.flatMap(coordinates)
        }
    }

    /// (minLon, minLat, maxLon, maxLat) of the features, nil when none has coordinates.
    static func bbox(_ features: [GeoJSON.Feature]) -> (Double, Double, Double, Double)? {
        var b = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        for f in features {
            guard let g = f.geometry else { continue }
            for c in coordinates(g) {
                b = (min(b.0, c.longitude), min(b.1, c.latitude), max(b.2, c.longitude), max(b.3, c.latitude))
            }
        }
        return b.0 <= b.2 ? b : nil
    }
}

/// The display projection of the project and the SVG map: equirectangular (plate carrée) with true
/// scale along the mean latitude of the area shown, i.e. longitude differences scaled by
/// cos(latitude). Simple, faithful in shape near that latitude, and the same in QGIS (a PROJ `eqc`
/// definition) and in the SVG.
public struct DisplayProjection: Sendable, Hashable {
    public var centralMeridian: Double
    public var standardParallel: Double
    /// WGS84 semi-major axis: PROJ's `eqc` is spherical on radius a.
    static let a = 6_378_137.0

    public init(centralMeridian: Double, standardParallel: Double) {
        self.centralMeridian = centralMeridian
        self.standardParallel = standardParallel
    }

    public var proj4: String {
        "+proj=eqc +lat_ts=\(QMLXML.number(standardParallel)) +lat_0=0 +lon_0=\(QMLXML.number(centralMeridian)) +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"
    }

    public var description: String {
        "NorthernRoute equirectangular, true scale at \(String(format: "%.1f", standardParallel))°N"
    }

    /// Metres east and north in the projection.
    public func project(_ c: Coordinate) -> (x: Double, y: Double) {
        let d = Double.pi / 180
        return (Self.a * cos(standardParallel * d) * (c.longitude - centralMeridian) * d, Self.a * c.latitude * d)
    }

    public func unproject(x: Double, y: Double) -> Coordinate {
        let d = Double.pi / 180
        return Coordinate(longitude: centralMeridian + x / (Self.a * cos(standardParallel * d)) / d, latitude: y / Self.a / d)
    }
}

/// The map's frame: a rectangle in the display projection.
public struct MapExtent: Sendable, Hashable {
    public var projection: DisplayProjection
    public var xmin: Double
    public var ymin: Double
    public var xmax: Double
    public var ymax: Double

    public var width: Double { xmax - xmin }
    public var height: Double { ymax - ymin }

    /// The extent round a lon/lat box: the box projected, a margin of `margin` (share of the larger
    /// side, at least `minMarginMetres`) on every side, then widened or heightened so that the
    /// width/height ratio lies between `minAspect` and `maxAspect`.
    public static func around(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double, margin: Double = 0.08,
                              minMarginMetres: Double = 30_000, minAspect: Double = 1.0, maxAspect: Double = 1.5) -> MapExtent {
        let projection = DisplayProjection(centralMeridian: ((minLon + maxLon) / 2 * 100).rounded() / 100,
                                           standardParallel: ((minLat + maxLat) / 2 * 10).rounded() / 10)
        let p0 = projection.project(Coordinate(longitude: minLon, latitude: minLat))
        let p1 = projection.project(Coordinate(longitude: maxLon, latitude: maxLat))
        var e = MapExtent(projection: projection, xmin: p0.x, ymin: p0.y, xmax: p1.x, ymax: p1.y)
        let m = max(max(e.width, e.height) * margin, minMarginMetres)
        e.xmin -= m; e.xmax += m; e.ymin -= m; e.ymax += m
        let aspect = e.width / e.height
        if aspect > maxAspect {
            let grow = (e.width / maxAspect - e.height) / 2
            e.ymin -= grow; e.ymax += grow
        } else if aspect < minAspect {
            let grow = (e.height * minAspect - e.width) / 2
            e.xmin -= grow; e.xmax += grow
        }
        return e
    }

    /// The lon/lat box the extent covers.
    public var geographic: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        let a = projection.unproject(x: xmin, y: ymin), b = projection.unproject(x: xmax, y: ymax)
        return (a.longitude, a.latitude, b.longitude, b.latitude)
    }
}

/// A QGIS 3.22 project (`.qgs`) loading the layers by relative path, top to bottom as given, each
/// with its style embedded (the same as its `.qml`), in the display projection, zoomed to the extent.
public struct QGSProject: Sendable {
    public var title: String
    public var abstract: String
    /// Top to bottom.
    public var layers: [MapLayer]
    public var extent: MapExtent
    /// Where the layers are: nil, GeoJSON files beside the project; a GeoPackage's file name, its
    /// tables (the project stored in it or beside it).
    public var geopackage: String?

    /// Where the layers are when they are PostGIS tables (nil: files or a GeoPackage); it wins
    /// over `geopackage`.
    public var postgres: PostgresLayerSource?

    /// Raster layers (GeoTIFFs in the output folder, or beside the GeoPackage), drawn under `layers`.
    public var rasters: [RasterMapLayer] = []

    public init(title: String, abstract: String = "", layers: [MapLayer], extent: MapExtent, geopackage: String? = nil) {
        self.title = title
        self.abstract = abstract
        self.layers = layers
        self.extent = extent
        self.geopackage = geopackage
    }

    func source(_ layer: MapLayer) -> String {
        if let postgres { return postgres.datasource(layer) }
        return geopackage.map { layer.datasource(geopackage: $0) } ?? layer.datasource
    }

    /// The QGIS data provider of the vector layers.
    var provider: String { postgres == nil ? "ogr" : "postgres" }

    public func xml() -> String {
        var x = QMLXML()
        var s = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        x.open("qgis", [("projectname", title), ("version", QMLWriter.qgisVersion)])
        x.leaf("homePath", [("path", "")])
        x.leaf("title", text: title)
        x.leaf("autotransaction", [("active", "0")])
        x.leaf("evaluateDefaultValues", [("active", "0")])
        x.leaf("trust", [("active", "0")])
        x.open("projectCrs")
        displayCRS(into: &x)
        x.close("projectCrs")
        layerTree(into: &x)
        x.leaf("relations")
        x.open("mapcanvas", [("name", "theMapCanvas"), ("annotationsVisible", "1")])
        x.leaf("units", text: "meters")
        rectangle("extent", into: &x)
        x.leaf("rotation", text: "0")
        x.open("destinationsrs")
        displayCRS(into: &x)
        x.close("destinationsrs")
        x.leaf("rendermaptile", text: "0")
        x.leaf("expressionContextScope")
        x.close("mapcanvas")
        x.open("projectlayers")
        for layer in layers { mapLayer(layer, into: &x) }
        for layer in rasters { rasterLayer(layer, into: &x) }
        x.close("projectlayers")
        x.open("layerorder")
        for layer in layers { x.leaf("layer", [("id", layer.qgisID)]) }
        for layer in rasters { x.leaf("layer", [("id", layer.qgisID)]) }
        x.close("layerorder")
        x.open("properties")
        x.open("Paths")
        x.leaf("Absolute", [("type", "bool")], text: "false")
        x.close("Paths")
        x.open("Gui")
        let bg = LayerStyles.mapBackground
        x.leaf("CanvasColorRedPart", [("type", "int")], text: String(bg.red))
        x.leaf("CanvasColorGreenPart", [("type", "int")], text: String(bg.green))
        x.leaf("CanvasColorBluePart", [("type", "int")], text: String(bg.blue))
        x.close("Gui")
        x.open("Measure")
        x.leaf("Ellipsoid", [("type", "QString")], text: "EPSG:7030")
        x.close("Measure")
        x.open("Measurement")
        x.leaf("DistanceUnits", [("type", "QString")], text: "km")
        x.leaf("AreaUnits", [("type", "QString")], text: "km2")
        x.close("Measurement")
        x.open("SpatialRefSys")
        x.leaf("ProjectionsEnabled", [("type", "int")], text: "1")
        x.close("SpatialRefSys")
        let shown = layers.filter(\.visible).map { (name: $0.legendName ?? $0.name, licences: $0.licences) }
            + rasters.filter(\.visible).map { (name: $0.name, licences: $0.licences) }
        if let credit = MapAttribution.text(MapAttribution.entries(shown)) {
            // View ▸ Decorations ▸ Copyright Label: the sources of the layers shown, bottom right.
            x.open("CopyrightLabel")
            x.leaf("Enabled", [("type", "bool")], text: "true")
            x.leaf("Label", [("type", "QString")], text: credit)
            x.leaf("Placement", [("type", "int")], text: "3")
            x.leaf("MarginH", [("type", "int")], text: "0")
            x.leaf("MarginV", [("type", "int")], text: "0")
            x.close("CopyrightLabel")
        }
        x.close("properties")
        x.open("projectMetadata")
        x.leaf("identifier")
        x.leaf("parentidentifier")
        x.leaf("language")
        x.leaf("type")
        x.leaf("title", text: title)
        x.leaf("abstract", text: abstract)
        x.leaf("links")
        x.leaf("author", text: "nroute")
        x.close("projectMetadata")
        x.open("ProjectViewSettings", [("UseProjectScales", "0"), ("rotation", "0")])
        x.leaf("Scales")
        x.open("DefaultViewExtent", [("xmin", QMLXML.exact(extent.xmin)), ("ymin", QMLXML.exact(extent.ymin)),
                                     ("xmax", QMLXML.exact(extent.xmax)), ("ymax", QMLXML.exact(extent.ymax))])
        displayCRS(into: &x)
        x.close("DefaultViewExtent")
        x.close("ProjectViewSettings")
        x.close("qgis")
        s += x.text
        return s
    }

    // MARK: parts

    func layerTree(into x: inout QMLXML) {
        x.open("layer-tree-group")
        x.leaf("customproperties")
        var openGroup: String?
        for layer in layers {
            if layer.group != openGroup {
                if openGroup != nil { x.close("layer-tree-group") }
                if let g = layer.group {
                    let anyVisible = layers.contains { $0.group == g && $0.visible }
                    x.open("layer-tree-group", [("name", g), ("checked", anyVisible ? "Qt::Checked" : "Qt::Unchecked"), ("expanded", "0")])
                    x.leaf("customproperties")
                }
                openGroup = layer.group
            }
            x.open("layer-tree-layer", [("id", layer.qgisID), ("name", layer.name), ("source", source(layer)), ("providerKey", provider),
                                        ("checked", layer.visible ? "Qt::Checked" : "Qt::Unchecked"), ("expanded", "1")])
            x.leaf("customproperties")
            x.close("layer-tree-layer")
        }
        if openGroup != nil { x.close("layer-tree-group") }
        rasterTreeEntries(into: &x)
        x.close("layer-tree-group")
    }

    func mapLayer(_ layer: MapLayer, into x: inout QMLXML) {
        let features = layer.features
        let geometry = layer.geometryFilter ?? layer.style.geometry
        x.open("maplayer", [
            ("type", "vector"), ("geometry", geometry.rawValue), ("wkbType", layer.wkbType),
            ("labelsEnabled", layer.style.labels == nil ? "0" : "1"), ("hasScaleBasedVisibilityFlag", "0"),
            ("minScale", "100000000"), ("maxScale", "0"), ("readOnly", "0"), ("autoRefreshEnabled", "0"), ("autoRefreshTime", "0"),
            ("refreshOnNotifyEnabled", "0"), ("refreshOnNotifyMessage", ""), ("simplifyDrawingHints", "1"), ("simplifyDrawingTol", "1"),
            ("simplifyLocal", "1"), ("simplifyAlgorithm", "0"), ("simplifyMaxScale", "1"), ("symbologyReferenceScale", "-1"),
            ("styleCategories", "AllStyleCategories"),
        ])
        if let b = MapGeometry.bbox(features) {
            for tag in ["extent", "wgs84extent"] {
                x.open(tag)
                x.leaf("xmin", text: QMLXML.exact(b.0))
                x.leaf("ymin", text: QMLXML.exact(b.1))
                x.leaf("xmax", text: QMLXML.exact(b.2))
                x.leaf("ymax", text: QMLXML.exact(b.3))
                x.close(tag)
            }
        }
        x.leaf("id", text: layer.qgisID)
        x.leaf("datasource", text: source(layer))
        x.open("keywordList")
        x.leaf("value", text: "")
        x.close("keywordList")
        if !layer.licences.isEmpty { x.leaf("attribution", [("href", "")], text: layer.licences.joined(separator: "; ")) }
        x.leaf("layername", text: layer.name)
        x.open("srs")
        wgs84(into: &x)
        x.close("srs")
        x.open("resourceMetadata")
        x.leaf("identifier", text: layer.file)
        x.leaf("parentidentifier")
        x.leaf("language")
        x.leaf("type", text: "dataset")
        x.leaf("title", text: layer.name)
        x.leaf("abstract", text: layer.abstract)
        x.leaf("links")
        x.leaf("fees")
        for licence in layer.licences { x.leaf("rights", text: licence) }
        for licence in layer.licences { x.leaf("license", text: licence) }
        x.leaf("encoding")
        x.open("crs")
        wgs84(into: &x)
        x.close("crs")
        x.leaf("extent")
        x.close("resourceMetadata")
        x.leaf("provider", [("encoding", "UTF-8")], text: provider)
        x.raw(QMLWriter.layerElements(layer.style, indent: 0))
        x.leaf("legend", [("type", "default-vector"), ("showLabelLegend", "0")])
        x.close("maplayer")
    }

    func rectangle(_ tag: String, into x: inout QMLXML) {
        x.open(tag)
        x.leaf("xmin", text: QMLXML.exact(extent.xmin))
        x.leaf("ymin", text: QMLXML.exact(extent.ymin))
        x.leaf("xmax", text: QMLXML.exact(extent.xmax))
        x.leaf("ymax", text: QMLXML.exact(extent.ymax))
        x.close(tag)
    }

    /// The layers' CRS: WGS84 longitude/latitude (RFC 7946), by its EPSG code.
    func wgs84(into x: inout QMLXML) {
        x.open("spatialrefsys")
        x.leaf("wkt", text: "")
        x.leaf("proj4", text: "+proj=longlat +datum=WGS84 +no_defs")
        x.leaf("srsid", text: "3452")
        x.leaf("srid", text: "4326")
        x.leaf("authid", text: "EPSG:4326")
        x.leaf("description", text: "WGS 84")
        x.leaf("projectionacronym", text: "longlat")
        x.leaf("ellipsoidacronym", text: "EPSG:7030")
        x.leaf("geographicflag", text: "true")
        x.close("spatialrefsys")
    }

    /// The display CRS: a custom PROJ definition (no authority code), which QGIS rebuilds from proj4.
    func displayCRS(into x: inout QMLXML) {
        let p = extent.projection
        x.open("spatialrefsys")
        x.leaf("wkt", text: "")
        x.leaf("proj4", text: p.proj4)
        x.leaf("srsid", text: "0")
        x.leaf("srid", text: "0")
        x.leaf("authid", text: "")
        x.leaf("description", text: p.description)
        x.leaf("projectionacronym", text: "eqc")
        x.leaf("ellipsoidacronym", text: "EPSG:7030")
        x.leaf("geographicflag", text: "false")
        x.close("spatialrefsys")
    }
}
