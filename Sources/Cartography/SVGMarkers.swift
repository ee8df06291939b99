import Coordinates
import Foundation
import GeoFormats

/// Point markers (circle, square, triangle, star, cross, …) as SVG shapes, sized as QGIS sizes them.
extension MapSVG {
    static func marker(_ layer: SymbolLayerStyle, _ x: Double, _ y: Double, size override: Double?, opacity: Double) -> String {
        guard case .marker(let shape, let baseSize, let fill, let strokeColor, let strokeWidth) = layer else { return "" }
        let r = (override ?? baseSize) * pxPerMM / 2
        var attrs = "fill=\"\(fill.hex)\""
        if fill.alpha < 1 { attrs += " fill-opacity=\"\(QMLXML.number(fill.alpha))\"" }
        if strokeWidth > 0 && strokeColor.alpha > 0 {
            attrs += " stroke=\"\(strokeColor.hex)\" stroke-width=\"\(f2(max(strokeWidth * pxPerMM, 0.4)))\" stroke-linejoin=\"round\""
        }
        attrs += opacityAttr(opacity)
        switch shape {
        case .circle:
            return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f2(r))\" \(attrs)/>\n"
        case .square:
            return "<rect x=\"\(f2(x - r))\" y=\"\(f2(y - r))\" width=\"\(f2(2 * r))\" height=\"\(f2(2 * r))\" \(attrs)/>\n"
        default:
            let pts = shapePoints(shape, r).map { "\(f2(x + $0.0)),\(f2(y + $0.1))" }.joined(separator: " ")
            return "<polygon points=\"\(pts)\" \(attrs)/>\n"
        }
    }

    /// Vertices of a marker shape of radius r round (0, 0), y down.
    static func shapePoints(_ shape: MarkerShape, _ r: Double) -> [(Double, Double)] {
        func regular(_ n: Int, _ radius: Double, start: Double = -90) -> [(Double, Double)] {
            (0..<n).map { k in
                let a = (start + 360 * Double(k) / Double(n)) * .pi / 180
                return (radius * cos(a), radius * sin(a))
            }
        }
        switch shape {
        case .triangle: return regular(3, r)
        case .diamond: return regular(4, r)
        case .pentagon: return regular(5, r)
        case .hexagon: return regular(6, r, start: 0)
        case .star:
            let outer = regular(5, r), inner = regular(5, r * 0.382, start: -54)
            return (0..<5).flatMap { [outer[$0], inner[$0]] }
        case .cross, .cross2:
            let w = r * 0.3
            var c: [(Double, Double)] = [(-w, -r), (w, -r), (w, -w), (r, -w), (r, w), (w, w), (w, r), (-w, r), (-w, w), (-r, w), (-r, -w), (-w, -w)]
            if shape == .cross2 {
                let a = Double.pi / 4
                c = c.map { ($0.0 * cos(a) - $0.1 * sin(a), $0.0 * sin(a) + $0.1 * cos(a)) }
            }
            return c
        case .circle, .square: return regular(4, r)
        }
    }
}
