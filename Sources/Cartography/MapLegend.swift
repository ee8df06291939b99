import Coordinates
import Foundation
import GeoFormats

/// The legend: per layer, its name and a swatch per symbol (category, class).
extension MapSVG {
    /// Legend: per layer (groups once), top to bottom, its name and symbols.
    static func legend(_ layers: [MapLayer], left: Double, top: Double) -> (String, Double) {
        var s = text(left, top + 12, "Legend", size: 14, weight: "bold")
        var y = top + 30
        var seen = Set<String>()
        for layer in layers {
            let title = layer.legendName ?? layer.name
            if seen.contains(title) { continue }
            seen.insert(title)
            let entries = layer.style.renderer.legend
            let visibleEntries: [(label: String, symbol: StyleSymbol)]
            switch layer.style.renderer {
            case .categorized(let c, _):
                // Only categories present in the data (the catch-all when some value has no category).
                let values = Set(layer.features.map { c.value($0.properties ?? JSONObject()) ?? "" })
                let cats: [StyleRenderer.Category]
                if case .categorized(_, let all) = layer.style.renderer { cats = all } else { cats = [] }
                let named = Set(cats.map(\.value).filter { !$0.isEmpty })
                visibleEntries = cats.filter { $0.value.isEmpty ? !values.subtracting(named).isEmpty : values.contains($0.value) }
                    .map { ($0.label, $0.symbol) }
            default:
                visibleEntries = entries
            }
            guard !layer.features.isEmpty else { continue }
            let opacity = layer.style.opacity
            if case .single(let symbol) = layer.style.renderer {
                s += swatch(symbol, x: left + 14, y: y + 6, opacity: opacity)
                s += text(left + 34, y + 10, title, size: 11.5, weight: "bold", fill: "#333333")
                y += 18
            } else {
                s += text(left, y + 10, title, size: 11.5, weight: "bold", fill: "#333333")
                y += 16
            }
            for (label, symbol) in visibleEntries where !(layer.style.renderer.typeName == "singleSymbol") {
                s += swatch(symbol, x: left + 14, y: y + 7, opacity: opacity)
                s += text(left + 34, y + 11, label.isEmpty ? layer.name : label, size: 11)
                y += 18
            }
            if !layer.style.sizeLegend.isEmpty {
                var x = left + 8
                let maxSize = layer.style.sizeLegend.map(\.size).max() ?? 0
                let rowHeight = maxSize * pxPerMM + 16
                for (label, size) in layer.style.sizeLegend {
                    let r = size * pxPerMM / 2
                    s += "<circle cx=\"\(f(x + r))\" cy=\"\(f(y + rowHeight / 2 - 6))\" r=\"\(f2(r))\" fill=\"#FFFFFF\" stroke=\"#333333\" stroke-width=\"0.8\"/>\n"
                    s += text(x + r, y + rowHeight + 2, label, size: 9.5, fill: "#444444", anchor: "middle")
                    x += max(2 * r, Double(label.count) * 5.6) + 14
                }
                y += rowHeight + 8
            }
            y += 6
        }
        return (s, y)
    }

    static func swatch(_ symbol: StyleSymbol, x: Double, y: Double, opacity: Double) -> String {
        var s = ""
        for layer in symbol.layers {
            switch layer {
            case .marker(let shape, let size, let fill, let stroke, let sw):
                let shown = SymbolLayerStyle.marker(shape: shape, size: min(max(size, 2.2), 4.5), fill: fill, stroke: stroke, strokeWidth: sw)
                s += marker(shown, x, y, size: nil, opacity: symbol.opacity)
            case .line(let color, let width, let dash):
                s += "<path d=\"M\(f(x - 12)) \(f(y))L\(f(x + 12)) \(f(y))\" fill=\"none\"\(stroke(color, width, dash))/>\n"
            case .fill(let color, let strokeColor, let width, _):
                let op = opacity < 1 ? max(opacity * 1.6, 0.3) : 1
                s += "<rect x=\"\(f(x - 12))\" y=\"\(f(y - 7))\" width=\"24\" height=\"14\" fill=\"\(color.hex)\" fill-opacity=\"\(QMLXML.number(color.alpha * op))\""
                s += width > 0 ? " stroke=\"\(strokeColor.hex)\" stroke-width=\"\(f2(max(width * pxPerMM, 0.6)))\"/>\n" : "/>\n"
            }
        }
        return s
    }
}
