import Coordinates
import Foundation
import GeoFormats

/// A layer's features as SVG: points as markers, lines and polygons as paths, with their symbols'
/// strokes and fills.
extension MapSVG {
    static func draw(_ layer: MapLayer, _ frame: Frame) -> String {
        var s = ""
        for feature in layer.features {
            guard let g = feature.geometry, frame.overlaps(MapGeometry.coordinates(g)) else { continue }
            let p = feature.properties ?? JSONObject()
            guard let symbol = layer.style.renderer.symbol(for: p) else { continue }
            s += draw(g, symbol, properties: p, frame)
        }
        guard !s.isEmpty else { return "" }
        let opacity = layer.style.opacity < 1 ? " opacity=\"\(QMLXML.number(layer.style.opacity))\"" : ""
        return "<g id=\"\(XMLText.escape(layer.id))\"\(opacity)>\n\(s)</g>\n"
    }

    static func draw(_ g: GeoJSON.Geometry, _ symbol: StyleSymbol, properties: JSONObject, _ frame: Frame) -> String {
        switch g {
        case .point(let c):
            let (x, y) = frame.point(c)
            guard frame.contains((x, y), margin: 20) else { return "" }
            let size = symbol.size?.evaluate(properties)
            return symbol.layers.map { marker($0, x, y, size: size, opacity: symbol.opacity) }.joined()
        case .multiPoint(let cs):
            return cs.map { draw(.point($0), symbol, properties: properties, frame) }.joined()
        case .lineString(let cs):
            return drawLines([cs], symbol, frame)
        case .multiLineString(let parts):
            return drawLines(parts, symbol, frame)
        case .polygon(let rings):
            return drawPolygons([rings], symbol, frame)
        case .multiPolygon(let polys):
            return drawPolygons(polys, symbol, frame)
        case .geometryCollection(let gs):
            return gs.map { draw($0, symbol, properties: properties, frame) }.joined()
        }
    }

    static func path(_ rings: [[Coordinate]], closed: Bool, _ frame: Frame) -> String {
        var d = ""
        for ring in rings where ring.count >= 2 {
            var last: (Double, Double)?
            for (k, c) in ring.enumerated() {
                let p = frame.point(c)
                let q = (round(p.0 * 10) / 10, round(p.1 * 10) / 10)
                if let l = last, l == q, k != ring.count - 1 { continue }
                d += (last == nil ? "M" : "L") + f(q.0) + " " + f(q.1)
                last = q
            }
            if closed { d += "Z" }
        }
        return d
    }

    static func drawLines(_ parts: [[Coordinate]], _ symbol: StyleSymbol, _ frame: Frame) -> String {
        let d = path(parts, closed: false, frame)
        guard !d.isEmpty else { return "" }
        var s = ""
        for layer in symbol.layers {
            guard case .line(let color, let width, let dash) = layer else { continue }
            s += "<path d=\"\(d)\" fill=\"none\"\(stroke(color, width, dash))\(opacityAttr(symbol.opacity))/>\n"
        }
        return s
    }

    static func drawPolygons(_ polys: [[[Coordinate]]], _ symbol: StyleSymbol, _ frame: Frame) -> String {
        let d = path(polys.flatMap { $0 }, closed: true, frame)
        guard !d.isEmpty else { return "" }
        var s = ""
        for layer in symbol.layers {
            switch layer {
            case .fill(let color, let strokeColor, let width, let dash):
                let fill = color.alpha > 0 ? "fill=\"\(color.hex)\"" + (color.alpha < 1 ? " fill-opacity=\"\(QMLXML.number(color.alpha))\"" : "") : "fill=\"none\""
                let st = width > 0 && strokeColor.alpha > 0 ? stroke(strokeColor, width, dash.map { _ in [2.0, 1.0] }) : ""
                s += "<path d=\"\(d)\" \(fill) fill-rule=\"evenodd\"\(st)\(opacityAttr(symbol.opacity))/>\n"
            case .line(let color, let width, let dash):
                s += "<path d=\"\(d)\" fill=\"none\"\(stroke(color, width, dash))\(opacityAttr(symbol.opacity))/>\n"
            case .marker:
                continue
            }
        }
        return s
    }

    static func stroke(_ color: StyleColor, _ widthMM: Double, _ dash: [Double]?) -> String {
        var s = " stroke=\"\(color.hex)\" stroke-width=\"\(f2(max(widthMM * pxPerMM, 0.5)))\" stroke-linecap=\"round\" stroke-linejoin=\"round\""
        if color.alpha < 1 { s += " stroke-opacity=\"\(QMLXML.number(color.alpha))\"" }
        if let dash { s += " stroke-dasharray=\"\(dash.map { f2($0 * pxPerMM) }.joined(separator: " "))\"" }
        return s
    }

    static func opacityAttr(_ o: Double) -> String { o < 1 ? " opacity=\"\(QMLXML.number(o))\"" : "" }
}
