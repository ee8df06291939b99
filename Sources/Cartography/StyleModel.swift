import Foundation
import GeoFormats

/// The renderer-neutral style model of a vector layer (the subset of QGIS's that NorthernRoute
/// uses): written as a QGIS 3.22 QML file by `QMLWriter` and embedded in the `.qgs` project by
/// `QGSProject`; `MapSVG` draws the static map from the same model, so the SVG and QGIS show the
/// same colours and sizes.
///
/// Sizes and widths are millimetres (QGIS's default unit), label sizes points. Every QGIS expression
/// in the model (a data-defined size, a categorisation or label expression) comes with the same
/// computation in Swift, for the SVG.
public struct StyleColor: Sendable, Hashable {
    public var red: Int
    public var green: Int
    public var blue: Int
    /// 0 (transparent) ... 1 (opaque).
    public var alpha: Double

    public init(_ red: Int, _ green: Int, _ blue: Int, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// "#RRGGBB" (alpha 1 unless given).
    public init(hex: String, alpha: Double = 1) {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        let v = Int(digits, radix: 16) ?? 0
        self.init((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF, alpha: alpha)
    }

    public func withAlpha(_ a: Double) -> StyleColor { StyleColor(red, green, blue, alpha: a) }

    /// QGIS's colour string: "r,g,b,a" with a in 0...255.
    public var qgis: String { "\(red),\(green),\(blue),\(Int((alpha * 255).rounded()))" }

    /// "#rrggbb" for SVG (opacity goes in a separate attribute).
    public var hex: String { String(format: "#%02x%02x%02x", red, green, blue) }

    public static let white = StyleColor(255, 255, 255)
    public static let black = StyleColor(0, 0, 0)
    public static let none = StyleColor(0, 0, 0, alpha: 0)
}

/// SimpleMarker shapes (QGIS names).
public enum MarkerShape: String, Sendable, Hashable {
    case circle, square, diamond, triangle, star, pentagon, hexagon, cross, cross2
}

/// One symbol layer: QGIS's SimpleMarker, SimpleLine or SimpleFill.
public enum SymbolLayerStyle: Sendable, Hashable {
    case marker(shape: MarkerShape, size: Double, fill: StyleColor, stroke: StyleColor, strokeWidth: Double)
    /// `dash`: on/off lengths in mm, nil for a solid line.
    case line(color: StyleColor, width: Double, dash: [Double]? = nil)
    case fill(color: StyleColor, stroke: StyleColor, strokeWidth: Double, dash: [Double]? = nil)

    var className: String {
        switch self {
        case .marker: "SimpleMarker"
        case .line: "SimpleLine"
        case .fill: "SimpleFill"
        }
    }
}

/// A numeric property computed per feature: the QGIS expression and the same in Swift.
public struct DataDefined: Sendable {
    public var expression: String
    public var evaluate: @Sendable (JSONObject) -> Double?

    public init(expression: String, evaluate: @escaping @Sendable (JSONObject) -> Double?) {
        self.expression = expression
        self.evaluate = evaluate
    }
}

public enum SymbolKind: String, Sendable {
    case marker, line, fill
}

/// A QGIS symbol: symbol layers drawn bottom to top (e.g. a white casing under a coloured line).
public struct StyleSymbol: Sendable {
    public var layers: [SymbolLayerStyle]
    /// Symbol opacity (QGIS `alpha`), multiplied with the colours' own alpha.
    public var opacity: Double
    /// Data-defined marker size (mm), applied to every marker layer.
    public var size: DataDefined?

    public init(_ layers: [SymbolLayerStyle], opacity: Double = 1, size: DataDefined? = nil) {
        self.layers = layers
        self.opacity = opacity
        self.size = size
    }

    public var kind: SymbolKind {
        switch layers.first {
        case .marker?: .marker
        case .line?: .line
        case .fill?, nil: .fill
        }
    }
}

/// How features get their symbol.
public enum StyleRenderer: Sendable {
    public struct Category: Sendable {
        /// The value the classification yields ("" = every other value, QGIS's catch-all category).
        public var value: String
        public var label: String
        public var symbol: StyleSymbol
        public init(value: String, label: String, symbol: StyleSymbol) {
            self.value = value
            self.label = label
            self.symbol = symbol
        }
    }

    public struct Range: Sendable {
        public var lower: Double
        public var upper: Double
        public var label: String
        public var symbol: StyleSymbol
        public init(lower: Double, upper: Double, label: String, symbol: StyleSymbol) {
            self.lower = lower
            self.upper = upper
            self.label = label
            self.symbol = symbol
        }
    }

    /// A field name or an expression, and what it yields for a feature's properties.
    public struct Classifier: Sendable {
        public var expression: String
        public var value: @Sendable (JSONObject) -> String?
        public init(expression: String, value: @escaping @Sendable (JSONObject) -> String?) {
            self.expression = expression
            self.value = value
        }

        /// Classify by a field's text value.
        public static func field(_ name: String) -> Classifier {
            Classifier(expression: name) { p in
                switch p[name] {
                case .string(let s)?: s
                case .number(let d)?: d == d.rounded() ? String(Int(d)) : String(d)
                case .bool(let b)?: b ? "true" : "false"
                default: nil
                }
            }
        }
    }

    case single(StyleSymbol)
    case categorized(Classifier, [Category])
    /// Classes by a numeric field; a value v falls in the class with lower < v ≤ upper (the first
    /// class also takes v = lower), as in QGIS.
    case graduated(field: String, [Range])

    /// The QGIS renderer type name.
    public var typeName: String {
        switch self {
        case .single: "singleSymbol"
        case .categorized: "categorizedSymbol"
        case .graduated: "graduatedSymbol"
        }
    }

    /// The symbol a feature gets (nil: not drawn), as QGIS decides.
    public func symbol(for p: JSONObject) -> StyleSymbol? {
        switch self {
        case .single(let s):
            return s
        case .categorized(let c, let cats):
            let v = c.value(p) ?? ""
            return cats.first(where: { $0.value == v && !v.isEmpty })?.symbol ?? cats.first(where: { $0.value.isEmpty })?.symbol
        case .graduated(let field, let ranges):
            guard let v = p[field]?.doubleValue else { return nil }
            for (k, r) in ranges.enumerated() where (v > r.lower || (k == 0 && v >= r.lower)) && v <= r.upper { return r.symbol }
            return nil
        }
    }

    /// Legend entries (label, symbol) in order.
    public var legend: [(label: String, symbol: StyleSymbol)] {
        switch self {
        case .single(let s): [("", s)]
        case .categorized(_, let cats): cats.map { ($0.label, $0.symbol) }
        case .graduated(_, let ranges): ranges.map { ($0.label, $0.symbol) }
        }
    }
}

/// Labels: one text per feature from an expression (nil or empty: no label).
public struct LabelStyle: Sendable {
    public enum Placement: Sendable {
        /// Cartographic placement round a point (QGIS "OrderedPositionsAroundPoint").
        case aroundPoint(distance: Double)
        /// Parallel to a line, above it.
        case alongLine
        /// Horizontal, over the visible part's centroid (polygons).
        case overCentroid
    }

    public var expression: String
    public var text: @Sendable (JSONObject) -> String?
    public var size: Double
    public var color: StyleColor
    public var bold: Bool
    public var italic: Bool
    public var bufferColor: StyleColor
    /// Halo width in mm (0: none).
    public var bufferSize: Double
    public var placement: Placement
    /// 0 (lowest) ... 10: which labels win when they collide.
    public var priority: Int
    /// Keep all labels, even when they overlap (QGIS "show all labels").
    public var showAll: Bool

    public init(expression: String, text: @escaping @Sendable (JSONObject) -> String?, size: Double = 8,
                color: StyleColor = StyleColor(40, 40, 40), bold: Bool = false, italic: Bool = false,
                bufferColor: StyleColor = .white, bufferSize: Double = 0.7, placement: Placement,
                priority: Int = 5, showAll: Bool = false) {
        self.expression = expression
        self.text = text
        self.size = size
        self.color = color
        self.bold = bold
        self.italic = italic
        self.bufferColor = bufferColor
        self.bufferSize = bufferSize
        self.placement = placement
        self.priority = priority
        self.showAll = showAll
    }

    /// Labels from a text field.
    public static func field(_ name: String, size: Double = 8, color: StyleColor = StyleColor(40, 40, 40), bold: Bool = false,
                             italic: Bool = false, placement: Placement, priority: Int = 5) -> LabelStyle {
        LabelStyle(expression: "\"\(name)\"", text: { $0[name]?.stringValue }, size: size, color: color, bold: bold,
                   italic: italic, placement: placement, priority: priority)
    }
}

/// The geometry type a layer holds, as QGIS names it.
public enum LayerGeometry: String, Sendable, Hashable {
    case point = "Point"
    case line = "Line"
    case polygon = "Polygon"

    /// QGIS's `layerGeometryType` number (QgsWkbTypes::GeometryType).
    var qgisCode: Int {
        switch self {
        case .point: 0
        case .line: 1
        case .polygon: 2
        }
    }

    /// The OGR geometry type used in a `|geometrytype=` datasource filter.
    public var ogrFilter: String {
        switch self {
        case .point: "Point"
        case .line: "LineString"
        case .polygon: "Polygon"
        }
    }
}

/// Everything a layer's style sets.
public struct LayerStyle: Sendable {
    public var geometry: LayerGeometry
    public var renderer: StyleRenderer
    public var labels: LabelStyle?
    /// Whole-layer opacity: the layer is drawn opaque and then blended, so overlapping features of
    /// one layer do not darken each other (translucent coverage stays even).
    public var opacity: Double
    /// HTML shown by QGIS's map tips (hover), with [% expression %] placeholders.
    public var mapTip: String
    /// The expression QGIS uses as a feature's display name (identify results, attribute form).
    public var displayExpression: String
    /// For a data-defined marker size: sample (label, size in mm) pairs for the SVG legend.
    public var sizeLegend: [(label: String, size: Double)]

    public init(geometry: LayerGeometry, renderer: StyleRenderer, labels: LabelStyle? = nil, opacity: Double = 1,
                mapTip: String = "", displayExpression: String = "", sizeLegend: [(label: String, size: Double)] = []) {
        self.geometry = geometry
        self.renderer = renderer
        self.labels = labels
        self.opacity = opacity
        self.mapTip = mapTip
        self.displayExpression = displayExpression
        self.sizeLegend = sizeLegend
    }
}
