import Coordinates
import Foundation
import GeoFormats

/// A static SVG map of the layers, for a quick look without QGIS: the same layers, order, styles and
/// display projection as the QGIS project (equirectangular, longitudes scaled by cos(mean
/// latitude)), with a title, a legend, a graticule, a scale bar in km and the credits.
/// Self-contained SVG 1.1 (no scripts, no external resources).
public enum MapSVG {
    /// Pixels per millimetre of a QGIS symbol size.
    static let pxPerMM = 3.0
    static let pad = 20.0
    /// Room left of the map for the latitude labels.
    static let gutter = 34.0
    static let mapWidth = 1080.0
    static let legendWidth = 360.0
    static let font = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// - Parameters:
    ///   - layers: top to bottom, as in the project.
    ///   - subtitle: lines under the title.
    ///   - credits: lines under the map (sources, licences, caveats).
    public static func svg(layers: [MapLayer], extent: MapExtent, title: String, subtitle: [String] = [], credits: [String] = []) -> String {
        let width = gutter + mapWidth + pad + legendWidth + pad
        let mapTop = 46 + 19 * Double(subtitle.count) + 8
        let mapHeight = (mapWidth * extent.height / extent.width).rounded()
        let frame = Frame(extent: extent, left: gutter, top: mapTop, width: mapWidth, height: mapHeight)

        var body = ""
        body += text(pad, 32, title, size: 21, weight: "bold")
        for (k, line) in subtitle.enumerated() {
            body += text(pad, 54 + 19 * Double(k), line, size: 13, fill: "#444444")
        }

        // The map, clipped to its frame.
        body += "<clipPath id=\"map-clip\"><rect x=\"\(f(frame.left))\" y=\"\(f(frame.top))\" width=\"\(f(frame.width))\" height=\"\(f(frame.height))\"/></clipPath>\n"
        body += "<rect x=\"\(f(frame.left))\" y=\"\(f(frame.top))\" width=\"\(f(frame.width))\" height=\"\(f(frame.height))\" fill=\"\(LayerStyles.mapBackground.hex)\"/>\n"
        body += "<g clip-path=\"url(#map-clip)\">\n"
        var labels: [LabelCandidate] = []
        let drawn = layers.filter(\.visible)
        for (k, layer) in drawn.enumerated().reversed() {
            body += draw(layer, frame)
            if k == drawn.count - 1 { body += graticule(frame) }  // over the bottom layer (countries)
            if let l = layer.style.labels { labels += labelCandidates(layer, l, order: k, frame) }
        }
        body += placeLabels(labels, frame)
        body += "</g>\n"
        body += "<rect x=\"\(f(frame.left))\" y=\"\(f(frame.top))\" width=\"\(f(frame.width))\" height=\"\(f(frame.height))\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\"/>\n"
        body += graticuleLabels(frame)
        body += scaleBar(frame)

        let (legendSVG, legendBottom) = legend(drawn, left: frame.left + frame.width + pad, top: mapTop)
        body += legendSVG

        var y = max(frame.top + frame.height + 36, legendBottom + 10)
        for line in credits {
            body += text(pad, y, line, size: 10.5, fill: "#555555")
            y += 15
        }
        let height = (y + 6).rounded()
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="\(font)">
            <title>\(XMLText.escape(title))</title>
            <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#FFFFFF"/>
            \(body)</svg>

            """
    }
}
