import Foundation
import GeoFormats

/// Writes a `LayerStyle` as QGIS 3.22 XML: a `.qml` style file (QGIS loads `<name>.qml` beside
/// `<name>.geojson` as the layer's default style), or the same elements inside a `<maplayer>` of a
/// `.qgs` project. Symbol layer properties are written both as an `<Option type="Map">` and as
/// legacy `<prop k v>` elements, as QGIS 3.22 itself does.
public enum QMLWriter {
    /// The QGIS version the files declare (Debian 12's QGIS).
    public static let qgisVersion = "3.22.16-Białowieża"

    /// A complete `.qml` document. `declaringGeometry` writes the layer geometry type, which makes
    /// QGIS refuse the symbology for a layer of another type: pass false for a style meant for
    /// every sublayer of a mixed-geometry file.
    public static func document(_ style: LayerStyle, declaringGeometry: Bool = true) -> String {
        var s = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        s += "<qgis" + QMLXML.attributes([
            ("version", qgisVersion),
            ("styleCategories", "Symbology|Labeling|MapTips|Rendering"),
            ("labelsEnabled", style.labels == nil ? "0" : "1"),
            ("hasScaleBasedVisibilityFlag", "0"), ("minScale", "100000000"), ("maxScale", "0"),
            ("simplifyDrawingHints", "1"), ("simplifyDrawingTol", "1"), ("simplifyLocal", "1"),
            ("simplifyAlgorithm", "0"), ("simplifyMaxScale", "1"), ("symbologyReferenceScale", "-1"),
        ]) + ">\n"
        s += layerElements(style, indent: 1)
        if declaringGeometry { s += "  <layerGeometryType>\(style.geometry.qgisCode)</layerGeometryType>\n" }
        s += "</qgis>\n"
        return s
    }

    /// The style's elements as they appear inside `<qgis>` of a QML file or `<maplayer>` of a project:
    /// renderer, labeling, blending and opacity, map tip and display expression.
    public static func layerElements(_ style: LayerStyle, indent: Int) -> String {
        var x = QMLXML(indent: indent)
        renderer(style.renderer, into: &x)
        if let labels = style.labels { labeling(labels, geometry: style.geometry, into: &x) }
        x.leaf("blendMode", text: "0")
        x.leaf("featureBlendMode", text: "0")
        x.leaf("layerOpacity", text: QMLXML.number(style.opacity))
        x.leaf("previewExpression", text: style.displayExpression)
        x.leaf("mapTip", text: style.mapTip)
        return x.text
    }

    // MARK: renderer

    static func renderer(_ r: StyleRenderer, into x: inout QMLXML) {
        var attrs: [(String, String)] = [("type", r.typeName)]
        switch r {
        case .single: break
        case .categorized(let c, _): attrs.append(("attr", c.expression))
        case .graduated(let field, _): attrs += [("attr", field), ("graduatedMethod", "GraduatedColor")]
        }
        attrs += [("forceraster", "0"), ("symbollevels", "0"), ("enableorderby", "0"), ("referencescale", "-1")]
        x.open("renderer-v2", attrs)
        var symbols: [StyleSymbol] = []
        switch r {
        case .single(let s):
            symbols = [s]
        case .categorized(_, let cats):
            x.open("categories")
            for (k, c) in cats.enumerated() {
                x.leaf("category", [("render", "true"), ("symbol", String(k)), ("value", c.value), ("label", c.label)])
            }
            x.close("categories")
            symbols = cats.map(\.symbol)
        case .graduated(_, let ranges):
            x.open("ranges")
            for (k, rg) in ranges.enumerated() {
                x.leaf("range", [("render", "true"), ("symbol", String(k)), ("lower", QMLXML.exact(rg.lower)),
                                 ("upper", QMLXML.exact(rg.upper)), ("label", rg.label)])
            }
            x.close("ranges")
            symbols = ranges.map(\.symbol)
        }
        x.open("symbols")
        for (k, s) in symbols.enumerated() { symbol(s, name: String(k), into: &x) }
        x.close("symbols")
        if case .graduated = r {
            x.open("classificationMethod", [("id", "Custom")])
            x.leaf("symmetricMode", [("enabled", "0"), ("symmetrypoint", "0"), ("astride", "0")])
            x.leaf("labelFormat", [("format", "%1 - %2"), ("labelprecision", "1"), ("trimtrailingzeroes", "1")])
            x.close("classificationMethod")
        }
        x.leaf("rotation")
        x.leaf("sizescale")
        x.close("renderer-v2")
    }

    static func symbol(_ s: StyleSymbol, name: String, into x: inout QMLXML) {
        x.open("symbol", [("type", s.kind.rawValue), ("name", name), ("alpha", QMLXML.number(s.opacity)),
                          ("clip_to_extent", "1"), ("force_rhr", "0")])
        dataDefined([], into: &x, element: "data_defined_properties")
        for layer in s.layers {
            x.open("layer", [("class", layer.className), ("enabled", "1"), ("locked", "0"), ("pass", "0")])
            let props = properties(layer)
            x.open("Option", [("type", "Map")])
            for (k, v) in props { x.leaf("Option", [("type", "QString"), ("name", k), ("value", v)]) }
            x.close("Option")
            for (k, v) in props { x.leaf("prop", [("k", k), ("v", v)]) }
            var dd: [(String, String)] = []
            if case .marker = layer, let size = s.size { dd.append(("size", size.expression)) }
            dataDefined(dd, into: &x, element: "data_defined_properties")
            x.close("layer")
        }
        x.close("symbol")
    }

    /// A QgsPropertyCollection: each (property key, expression) active.
    static func dataDefined(_ props: [(String, String)], into x: inout QMLXML, element: String) {
        x.open(element)
        x.open("Option", [("type", "Map")])
        x.leaf("Option", [("type", "QString"), ("name", "name"), ("value", "")])
        if props.isEmpty {
            x.leaf("Option", [("name", "properties")])
        } else {
            x.open("Option", [("type", "Map"), ("name", "properties")])
            for (key, expression) in props {
                x.open("Option", [("type", "Map"), ("name", key)])
                x.leaf("Option", [("type", "bool"), ("name", "active"), ("value", "true")])
                x.leaf("Option", [("type", "QString"), ("name", "expression"), ("value", expression)])
                x.leaf("Option", [("type", "int"), ("name", "type"), ("value", "3")])
                x.close("Option")
            }
            x.close("Option")
        }
        x.leaf("Option", [("type", "QString"), ("name", "type"), ("value", "collection")])
        x.close("Option")
        x.close(element)
    }

    /// The symbol layer's properties, sorted by key as QGIS writes them.
    static func properties(_ layer: SymbolLayerStyle) -> [(String, String)] {
        let unitScale = "3x:0,0,0,0,0,0"
        var p: [String: String]
        switch layer {
        case .marker(let shape, let size, let fill, let stroke, let strokeWidth):
            p = [
                "angle": "0", "color": fill.qgis, "horizontal_anchor_point": "1", "vertical_anchor_point": "1",
                "joinstyle": "miter", "cap_style": "square", "name": shape.rawValue,
                "offset": "0,0", "offset_map_unit_scale": unitScale, "offset_unit": "MM",
                "outline_color": stroke.qgis, "outline_style": strokeWidth > 0 && stroke.alpha > 0 ? "solid" : "no",
                "outline_width": QMLXML.number(strokeWidth), "outline_width_map_unit_scale": unitScale, "outline_width_unit": "MM",
                "scale_method": "diameter", "size": QMLXML.number(size), "size_map_unit_scale": unitScale, "size_unit": "MM",
            ]
        case .line(let color, let width, let dash):
            p = [
                "align_dash_pattern": "0", "capstyle": "round", "joinstyle": "round",
                "customdash": (dash ?? [5, 2]).map(QMLXML.number).joined(separator: ";"),
                "customdash_map_unit_scale": unitScale, "customdash_unit": "MM", "use_custom_dash": dash == nil ? "0" : "1",
                "dash_pattern_offset": "0", "dash_pattern_offset_map_unit_scale": unitScale, "dash_pattern_offset_unit": "MM",
                "draw_inside_polygon": "0", "line_color": color.qgis, "line_style": "solid",
                "line_width": QMLXML.number(width), "line_width_unit": "MM", "width_map_unit_scale": unitScale,
                "offset": "0", "offset_map_unit_scale": unitScale, "offset_unit": "MM", "ring_filter": "0",
                "tweak_dash_pattern_on_corners": "0", "trim_distance_start": "0", "trim_distance_end": "0",
            ]
        case .fill(let color, let stroke, let strokeWidth, let dash):
            p = [
                "color": color.qgis, "style": color.alpha > 0 ? "solid" : "no", "joinstyle": "round",
                "outline_color": stroke.qgis,
                "outline_style": strokeWidth > 0 && stroke.alpha > 0 ? (dash == nil ? "solid" : "dash") : "no",
                "outline_width": QMLXML.number(strokeWidth), "outline_width_unit": "MM", "border_width_map_unit_scale": unitScale,
                "offset": "0,0", "offset_map_unit_scale": unitScale, "offset_unit": "MM",
            ]
        }
        return p.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    // MARK: labels

    static func labeling(_ l: LabelStyle, geometry: LayerGeometry, into x: inout QMLXML) {
        x.open("labeling", [("type", "simple")])
        x.open("settings", [("calloutType", "simple")])
        x.open("text-style", [
            ("fieldName", l.expression), ("isExpression", "1"),
            ("fontFamily", "DejaVu Sans"), ("namedStyle", ""), ("fontSize", QMLXML.number(l.size)), ("fontSizeUnit", "Point"),
            ("fontSizeMapUnitScale", "3x:0,0,0,0,0,0"), ("fontWeight", l.bold ? "75" : "50"), ("fontItalic", l.italic ? "1" : "0"),
            ("fontUnderline", "0"), ("fontStrikeout", "0"), ("fontKerning", "1"), ("fontLetterSpacing", "0"), ("fontWordSpacing", "0"),
            ("textColor", l.color.qgis), ("textOpacity", "1"), ("textOrientation", "horizontal"), ("capitalization", "0"),
            ("multilineHeight", "1"), ("blendMode", "0"), ("allowHtml", "0"), ("useSubstitutions", "0"),
            ("previewBkgrdColor", "255,255,255,255"), ("legendString", "Aa"),
        ])
        x.leaf("families")
        x.leaf("text-buffer", [
            ("bufferDraw", l.bufferSize > 0 ? "1" : "0"), ("bufferSize", QMLXML.number(l.bufferSize)), ("bufferSizeUnits", "MM"),
            ("bufferSizeMapUnitScale", "3x:0,0,0,0,0,0"), ("bufferColor", l.bufferColor.qgis), ("bufferOpacity", "1"),
            ("bufferNoFill", "1"), ("bufferJoinStyle", "128"), ("bufferBlendMode", "0"),
        ])
        x.leaf("text-mask", [("maskEnabled", "0"), ("maskType", "0"), ("maskSize", "0"), ("maskSizeUnits", "MM"), ("maskOpacity", "1"), ("maskJoinStyle", "128")])
        x.leaf("background", [("shapeDraw", "0")])
        x.leaf("shadow", [("shadowDraw", "0")])
        x.leaf("substitutions")
        x.close("text-style")
        x.leaf("text-format", [
            ("wrapChar", ""), ("autoWrapLength", "0"), ("useMaxLineLengthForAutoWrap", "1"), ("multilineAlign", "3"),
            ("addDirectionSymbol", "0"), ("leftDirectionSymbol", "<"), ("rightDirectionSymbol", ">"), ("reverseDirectionSymbol", "0"),
            ("placeDirectionSymbol", "0"), ("formatNumbers", "0"), ("decimals", "3"), ("plussign", "0"),
        ])
        var placement: [(String, String)]
        switch l.placement {
        case .aroundPoint(let d):
            placement = [("placement", "6"), ("placementFlags", "10"), ("dist", QMLXML.number(d)),
                         ("predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR"), ("centroidInside", "0"), ("centroidWhole", "0")]
        case .alongLine:
            placement = [("placement", "2"), ("placementFlags", "10"), ("dist", "0.6"),
                         ("predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR"), ("centroidInside", "0"), ("centroidWhole", "0")]
        case .overCentroid:
            placement = [("placement", "1"), ("placementFlags", "10"), ("dist", "0"),
                         ("predefinedPositionOrder", "TR,TL,BR,BL,R,L,TSR,BSR"), ("centroidInside", "1"), ("centroidWhole", "0")]
        }
        placement += [
            ("distUnits", "MM"), ("distMapUnitScale", "3x:0,0,0,0,0,0"), ("offsetType", "0"), ("quadOffset", "4"),
            ("xOffset", "0"), ("yOffset", "0"), ("offsetUnits", "MM"), ("labelOffsetMapUnitScale", "3x:0,0,0,0,0,0"),
            ("rotationAngle", "0"), ("rotationUnit", "AngleDegrees"), ("preserveRotation", "1"),
            ("maxCurvedCharAngleIn", "25"), ("maxCurvedCharAngleOut", "-25"), ("priority", String(l.priority)),
            ("repeatDistance", "0"), ("repeatDistanceUnits", "MM"), ("repeatDistanceMapUnitScale", "3x:0,0,0,0,0,0"),
            ("overrunDistance", "0"), ("overrunDistanceUnit", "MM"), ("overrunDistanceMapUnitScale", "3x:0,0,0,0,0,0"),
            ("fitInPolygonOnly", "0"), ("polygonPlacementFlags", "2"), ("lineAnchorPercent", "0.5"), ("lineAnchorType", "0"),
            ("lineAnchorClipping", "0"), ("geometryGeneratorEnabled", "0"), ("geometryGenerator", ""),
            ("geometryGeneratorType", "PointGeometry"), ("layerType", geometry == .point ? "PointGeometry" : geometry == .line ? "LineGeometry" : "PolygonGeometry"),
        ]
        x.leaf("placement", placement)
        x.leaf("rendering", [
            ("drawLabels", "1"), ("scaleVisibility", "0"), ("scaleMin", "0"), ("scaleMax", "0"),
            ("fontLimitPixelSize", "0"), ("fontMinPixelSize", "3"), ("fontMaxPixelSize", "10000"),
            ("displayAll", l.showAll ? "1" : "0"), ("upsidedownLabels", "0"), ("labelPerPart", "0"), ("mergeLines", "0"),
            ("minFeatureSize", "0"), ("limitNumLabels", "0"), ("maxNumLabels", "2000"),
            ("obstacle", "1"), ("obstacleFactor", "1"), ("obstacleType", "1"), ("zIndex", "0"), ("unplacedVisibility", "0"),
        ])
        dataDefined([], into: &x, element: "dd_properties")
        x.close("settings")
        x.close("labeling")
    }
}

/// A minimal indenting XML writer for the QGIS files (QML, QGS).
struct QMLXML {
    private(set) var text = ""
    private var depth: Int

    init(indent: Int = 0) { depth = indent }

    private var pad: String { String(repeating: "  ", count: depth) }

    mutating func open(_ name: String, _ attrs: [(String, String)] = []) {
        text += pad + "<" + name + Self.attributes(attrs) + ">\n"
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        text += pad + "</" + name + ">\n"
    }

    /// `<name attrs/>`, or `<name attrs>text</name>` when `text` is given.
    mutating func leaf(_ name: String, _ attrs: [(String, String)] = [], text content: String? = nil) {
        if let content {
            text += pad + "<" + name + Self.attributes(attrs) + ">" + XMLText.escape(content) + "</" + name + ">\n"
        } else {
            text += pad + "<" + name + Self.attributes(attrs) + "/>\n"
        }
    }

    /// Raw, already well-formed XML lines (indented to the current depth).
    mutating func raw(_ xml: String) {
        for line in xml.split(separator: "\n", omittingEmptySubsequences: true) { text += pad + line + "\n" }
    }

    static func attributes(_ attrs: [(String, String)]) -> String {
        attrs.map { " \($0.0)=\"\(XMLText.escape($0.1))\"" }.joined()
    }


    /// A style number: up to 6 significant digits, no trailing zeros.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%g", v)
    }

    /// A class bound: exact (shortest round-trip representation).
    static func exact(_ v: Double) -> String {
        guard v.isFinite else { return v > 0 ? "1e308" : "-1e308" }
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
