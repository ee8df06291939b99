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
        body += "<rect x=\"\(f(frame.left))\" y=\"\(f(frame.top))\" width=\"\(f(frame.width))\" height=\"\(f(frame.height))\" fill=\"\(QMLStyles.mapBackground.hex)\"/>\n"
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

    // MARK: projection onto the page

    struct Frame {
        var extent: MapExtent
        var left: Double
        var top: Double
        var width: Double
        var height: Double
        var scale: Double { width / extent.width }  // px per metre

        func point(_ c: Coordinate) -> (Double, Double) {
            let p = extent.projection.project(c)
            return (left + (p.x - extent.xmin) * scale, top + (extent.ymax - p.y) * scale)
        }

        func contains(_ p: (Double, Double), margin: Double = 0) -> Bool {
            p.0 >= left - margin && p.0 <= left + width + margin && p.1 >= top - margin && p.1 <= top + height + margin
        }

        /// Whether a lon/lat box may show in the frame.
        func overlaps(_ coords: [Coordinate]) -> Bool {
            guard !coords.isEmpty else { return false }
            var x0 = Double.infinity, y0 = Double.infinity, x1 = -Double.infinity, y1 = -Double.infinity
            for c in coords {
                let p = point(c)
                x0 = min(x0, p.0); x1 = max(x1, p.0); y0 = min(y0, p.1); y1 = max(y1, p.1)
            }
            return x1 >= left - 50 && x0 <= left + width + 50 && y1 >= top - 50 && y0 <= top + height + 50
        }
    }

    // MARK: features

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

    // MARK: labels

    struct LabelCandidate {
        var text: String
        var style: LabelStyle
        var order: Int
        /// Anchor and the positions to try: (dx, dy, text-anchor) offsets from it, or a rotation for lines.
        var x: Double
        var y: Double
        var angle: Double
        var offsets: [(Double, Double, String)]
    }

    static func labelCandidates(_ layer: MapLayer, _ l: LabelStyle, order: Int, _ frame: Frame) -> [LabelCandidate] {
        var out: [LabelCandidate] = []
        for feature in layer.features {
            guard let g = feature.geometry else { continue }
            let p = feature.properties ?? JSONObject()
            guard let t = l.text(p)?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { continue }
            switch g {
            case .point(let c):
                let (x, y) = frame.point(c)
                guard frame.contains((x, y)) else { continue }
                let size = layer.style.renderer.symbol(for: p).map { s -> Double in
                    if let dd = s.size?.evaluate(p) { return dd }
                    if case .marker(_, let sz, _, _, _)? = s.layers.first { return sz }
                    return 2
                } ?? 2
                var d = size * pxPerMM / 2
                if case .aroundPoint(let dist) = l.placement { d += dist * pxPerMM }
                let fs = fontPx(l.size)
                let offsets: [(Double, Double, String)] = [
                    (d * 0.8, -d * 0.8, "start"), (-d * 0.8, -d * 0.8, "end"), (d * 0.8, d * 0.8 + fs * 0.7, "start"),
                    (-d * 0.8, d * 0.8 + fs * 0.7, "end"), (d, fs * 0.35, "start"), (-d, fs * 0.35, "end"),
                ]
                out.append(LabelCandidate(text: t, style: l, order: order, x: x, y: y, angle: 0, offsets: offsets))
            case .lineString, .multiLineString:
                let parts: [[Coordinate]]
                if case .lineString(let cs) = g { parts = [cs] } else if case .multiLineString(let ps) = g { parts = ps } else { parts = [] }
                if let (x, y, angle) = lineAnchor(parts, frame) {
                    out.append(LabelCandidate(text: t, style: l, order: order, x: x, y: y, angle: angle,
                                              offsets: [(0, -fontPx(l.size) * 0.85, "middle"), (0, fontPx(l.size) * 1.45, "middle")]))
                }
            case .polygon, .multiPolygon:
                let polys: [[[Coordinate]]]
                if case .polygon(let r) = g { polys = [r] } else if case .multiPolygon(let ps) = g { polys = ps } else { polys = [] }
                if let (x, y) = polygonAnchor(polys, frame) {
                    out.append(LabelCandidate(text: t, style: l, order: order, x: x, y: y, angle: 0,
                                              offsets: [(0, fontPx(l.size) * 0.35, "middle")]))
                }
            default:
                continue
            }
        }
        return out
    }

    /// The middle of the longest visible run of a line, and the line's direction there (degrees,
    /// kept readable: within ±90°).
    static func lineAnchor(_ parts: [[Coordinate]], _ frame: Frame) -> (Double, Double, Double)? {
        var best: [(Double, Double)] = []
        var bestLength = 0.0
        for part in parts {
            var run: [(Double, Double)] = []
            var runLength = 0.0
            func finish() {
                if runLength > bestLength { best = run; bestLength = runLength }
                run = []
                runLength = 0
            }
            for c in part {
                let p = frame.point(c)
                if frame.contains(p, margin: -8) {
                    if let last = run.last { runLength += hypot(p.0 - last.0, p.1 - last.1) }
                    run.append(p)
                } else {
                    finish()
                }
            }
            finish()
        }
        guard bestLength > 40, best.count >= 2 else { return nil }
        // Walk to the middle; take the direction over a window of ±12% of the run.
        func pointAt(_ s: Double) -> (Double, Double) {
            var acc = 0.0
            for k in 1..<best.count {
                let a = best[k - 1], b = best[k]
                let l = hypot(b.0 - a.0, b.1 - a.1)
                if acc + l >= s, l > 0 {
                    let t = (s - acc) / l
                    return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
                }
                acc += l
            }
            return best.last!
        }
        let mid = pointAt(bestLength / 2)
        let a = pointAt(bestLength * 0.38), b = pointAt(bestLength * 0.62)
        var angle = atan2(b.1 - a.1, b.0 - a.0) * 180 / .pi
        if angle > 90 { angle -= 180 }
        if angle < -90 { angle += 180 }
        return (mid.0, mid.1, angle)
    }

    /// A point inside the largest visible polygon: the centroid of its ring clipped to the frame,
    /// or, when that falls outside, the middle of the widest inside run on its row.
    static func polygonAnchor(_ polys: [[[Coordinate]]], _ frame: Frame) -> (Double, Double)? {
        var best: [(Double, Double)] = []
        var bestArea = 0.0
        for poly in polys {
            guard let outer = poly.first else { continue }
            let ring = clip(outer.map(frame.point), frame)
            let a = abs(area(ring))
            if a > bestArea { bestArea = a; best = ring }
        }
        guard bestArea > 2500, best.count >= 3 else { return nil }
        var cx = 0.0, cy = 0.0, a2 = 0.0
        for k in 0..<best.count {
            let p = best[k], q = best[(k + 1) % best.count]
            let cross = p.0 * q.1 - q.0 * p.1
            a2 += cross
            cx += (p.0 + q.0) * cross
            cy += (p.1 + q.1) * cross
        }
        guard a2 != 0 else { return nil }
        let c = (cx / (3 * a2), cy / (3 * a2))
        if inside(c, best) { return c }
        // The widest inside run on the centroid's row.
        var xs: [Double] = []
        for k in 0..<best.count {
            let p = best[k], q = best[(k + 1) % best.count]
            if (p.1 > c.1) != (q.1 > c.1) { xs.append(p.0 + (c.1 - p.1) / (q.1 - p.1) * (q.0 - p.0)) }
        }
        xs.sort()
        var widest: (Double, Double)?
        var k = 0
        while k + 1 < xs.count {
            if widest == nil || xs[k + 1] - xs[k] > widest!.1 - widest!.0 { widest = (xs[k], xs[k + 1]) }
            k += 2
        }
        return widest.map { (($0.0 + $0.1) / 2, c.1) }
    }

    static func area(_ ring: [(Double, Double)]) -> Double {
        guard ring.count >= 3 else { return 0 }
        var a = 0.0
        for k in 0..<ring.count {
            let p = ring[k], q = ring[(k + 1) % ring.count]
            a += p.0 * q.1 - q.0 * p.1
        }
        return a / 2
    }

    static func inside(_ c: (Double, Double), _ ring: [(Double, Double)]) -> Bool {
        var isIn = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let p = ring[i], q = ring[j]
            if (p.1 > c.1) != (q.1 > c.1) && c.0 < (q.0 - p.0) * (c.1 - p.1) / (q.1 - p.1) + p.0 { isIn.toggle() }
            j = i
        }
        return isIn
    }

    /// Sutherland–Hodgman clipping of a ring to the frame rectangle.
    static func clip(_ ring: [(Double, Double)], _ frame: Frame) -> [(Double, Double)] {
        let x0 = frame.left, x1 = frame.left + frame.width, y0 = frame.top, y1 = frame.top + frame.height
        let edges: [((Double, Double)) -> Bool] = [{ $0.0 >= x0 }, { $0.0 <= x1 }, { $0.1 >= y0 }, { $0.1 <= y1 }]
        let cuts: [((Double, Double), (Double, Double)) -> (Double, Double)] = [
            { a, b in (x0, a.1 + (b.1 - a.1) * (x0 - a.0) / (b.0 - a.0)) },
            { a, b in (x1, a.1 + (b.1 - a.1) * (x1 - a.0) / (b.0 - a.0)) },
            { a, b in (a.0 + (b.0 - a.0) * (y0 - a.1) / (b.1 - a.1), y0) },
            { a, b in (a.0 + (b.0 - a.0) * (y1 - a.1) / (b.1 - a.1), y1) },
        ]
        var out = ring
        for e in 0..<4 {
            let input = out
            out = []
            guard !input.isEmpty else { break }
            var prev = input.last!
            for cur in input {
                let ci = edges[e](cur), pi = edges[e](prev)
                if ci {
                    if !pi { out.append(cuts[e](prev, cur)) }
                    out.append(cur)
                } else if pi {
                    out.append(cuts[e](prev, cur))
                }
                prev = cur
            }
        }
        return out
    }

    /// Places labels by priority (then layer order, top first), skipping any that would overlap one
    /// already placed or leave the frame, and writes them with a halo.
    static func placeLabels(_ candidates: [LabelCandidate], _ frame: Frame) -> String {
        let sorted = candidates.enumerated().sorted { a, b in
            if a.element.style.priority != b.element.style.priority { return a.element.style.priority > b.element.style.priority }
            if a.element.order != b.element.order { return a.element.order < b.element.order }
            return a.offset < b.offset
        }.map(\.element)
        var placed: [(Double, Double, Double, Double)] = []
        var s = ""
        for c in sorted {
            let fs = fontPx(c.style.size)
            let w = Double(c.text.count) * fs * (c.style.bold ? 0.62 : 0.57), h = fs * 1.15
            for (dx, dy, anchor) in c.offsets {
                // The label's box (axis-aligned, round the rotated text for lines).
                let rad = c.angle * .pi / 180
                let ox = c.x + dx * cos(rad) - dy * sin(rad), oy = c.y + dx * sin(rad) + dy * cos(rad)
                let startX = anchor == "start" ? 0 : anchor == "end" ? -w : -w / 2
                let corners = [(startX, -h * 0.8), (startX + w, -h * 0.8), (startX, h * 0.2), (startX + w, h * 0.2)].map {
                    (ox + $0.0 * cos(rad) - $0.1 * sin(rad), oy + $0.0 * sin(rad) + $0.1 * cos(rad))
                }
                let box = (corners.map(\.0).min()!, corners.map(\.1).min()!, corners.map(\.0).max()!, corners.map(\.1).max()!)
                guard box.0 >= frame.left + 2, box.2 <= frame.left + frame.width - 2, box.1 >= frame.top + 2,
                      box.3 <= frame.top + frame.height - 2 else { continue }
                if !c.style.showAll && placed.contains(where: { $0.0 < box.2 && box.0 < $0.2 && $0.1 < box.3 && box.1 < $0.3 }) { continue }
                placed.append(box)
                var attrs = "x=\"\(f(ox))\" y=\"\(f(oy))\" font-size=\"\(f2(fs))\" fill=\"\(c.style.color.hex)\""
                if anchor != "start" { attrs += " text-anchor=\"\(anchor)\"" }
                if c.style.bold { attrs += " font-weight=\"bold\"" }
                if c.style.italic { attrs += " font-style=\"italic\"" }
                if c.style.bufferSize > 0 {
                    attrs += " stroke=\"\(c.style.bufferColor.hex)\" stroke-width=\"\(f2(c.style.bufferSize * pxPerMM * 1.4))\" stroke-linejoin=\"round\" paint-order=\"stroke\""
                }
                if c.angle != 0 { attrs += " transform=\"rotate(\(f2(c.angle)) \(f(ox)) \(f(oy)))\"" }
                s += "<text \(attrs)>\(XMLText.escape(c.text))</text>\n"
                break
            }
        }
        return s
    }

    /// A label size in points as pixels on this map.
    static func fontPx(_ points: Double) -> Double { points * 0.3528 * pxPerMM * 1.25 }

    // MARK: graticule, scale bar, legend

    static func graticuleStep(_ frame: Frame) -> Double {
        let g = frame.extent.geographic
        let span = max(g.maxLon - g.minLon, g.maxLat - g.minLat)
        for step in [0.5, 1, 2, 5, 10, 20] where span / step <= 10 { return step }
        return 30
    }

    static func graticule(_ frame: Frame) -> String {
        let g = frame.extent.geographic, step = graticuleStep(frame)
        var d = ""
        var lon = (g.minLon / step).rounded(.up) * step
        while lon <= g.maxLon {
            let a = frame.point(Coordinate(longitude: lon, latitude: g.minLat)), b = frame.point(Coordinate(longitude: lon, latitude: g.maxLat))
            d += "M\(f(a.0)) \(f(a.1))L\(f(b.0)) \(f(b.1))"
            lon += step
        }
        var lat = (g.minLat / step).rounded(.up) * step
        while lat <= g.maxLat {
            let a = frame.point(Coordinate(longitude: g.minLon, latitude: lat)), b = frame.point(Coordinate(longitude: g.maxLon, latitude: lat))
            d += "M\(f(a.0)) \(f(a.1))L\(f(b.0)) \(f(b.1))"
            lat += step
        }
        return d.isEmpty ? "" : "<path d=\"\(d)\" fill=\"none\" stroke=\"#9AA8B4\" stroke-width=\"0.6\" stroke-dasharray=\"2 3\" opacity=\"0.8\"/>\n"
    }

    static func graticuleLabels(_ frame: Frame) -> String {
        let g = frame.extent.geographic, step = graticuleStep(frame)
        var s = ""
        var lon = (g.minLon / step).rounded(.up) * step
        while lon <= g.maxLon {
            let a = frame.point(Coordinate(longitude: lon, latitude: g.minLat))
            s += text(a.0, frame.top + frame.height + 13, degrees(lon, "E", "W"), size: 9.5, fill: "#666666", anchor: "middle")
            lon += step
        }
        var lat = (g.minLat / step).rounded(.up) * step
        while lat <= g.maxLat {
            let a = frame.point(Coordinate(longitude: g.minLon, latitude: lat))
            s += text(frame.left - 3, a.1 + 3, degrees(lat, "N", "S"), size: 9.5, fill: "#666666", anchor: "end")
            lat += step
        }
        return s
    }

    static func degrees(_ v: Double, _ pos: String, _ neg: String) -> String {
        let a = abs(v)
        return (a == a.rounded() ? String(Int(a)) : String(format: "%.1f", a)) + "°" + (v >= 0 ? pos : neg)
    }

    /// A bar of 4 alternating blocks, true to scale along the standard parallel.
    static func scaleBar(_ frame: Frame) -> String {
        let metresPerPx = 1 / frame.scale
        let target = frame.width / 5 * metresPerPx / 1000  // km
        let mag = pow(10, log10(target).rounded(.down))
        let km = [1.0, 2, 2.5, 5, 10].map { $0 * mag }.last { $0 <= target } ?? mag
        let length = km * 1000 / metresPerPx
        let x0 = frame.left + 14, y0 = frame.top + frame.height - 30
        var s = "<g>\n<rect x=\"\(f(x0 - 8))\" y=\"\(f(y0 - 18))\" width=\"\(f(length + 16 + 70))\" height=\"40\" fill=\"#FFFFFF\" fill-opacity=\"0.8\" rx=\"3\"/>\n"
        for k in 0..<4 {
            let w = length / 4
            s += "<rect x=\"\(f(x0 + Double(k) * w))\" y=\"\(f(y0))\" width=\"\(f(w))\" height=\"6\" fill=\"\(k % 2 == 0 ? "#333333" : "#FFFFFF")\" stroke=\"#333333\" stroke-width=\"0.8\"/>\n"
        }
        s += text(x0, y0 - 4, "0", size: 10, anchor: "middle")
        s += text(x0 + length / 2, y0 - 4, fmtKm(km / 2), size: 10, anchor: "middle")
        s += text(x0 + length, y0 - 4, fmtKm(km), size: 10, anchor: "middle")
        s += text(x0 + length + 8, y0 + 6, "km", size: 10)
        s += text(x0, y0 + 17, "scale true at \(String(format: "%.1f", frame.extent.projection.standardParallel))°N", size: 8.5, fill: "#555555")
        s += "</g>\n"
        return s
    }

    static func fmtKm(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

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

    // MARK: text

    static func text(_ x: Double, _ y: Double, _ s: String, size: Double, weight: String? = nil, fill: String = "#222222",
                     anchor: String = "start") -> String {
        var attrs = "x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f2(size))\" fill=\"\(fill)\""
        if anchor != "start" { attrs += " text-anchor=\"\(anchor)\"" }
        if let weight { attrs += " font-weight=\"\(weight)\"" }
        return "<text \(attrs)>\(XMLText.escape(s))</text>\n"
    }

    /// Coordinates to 0.1 px.
    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    /// Sizes to 0.01 px.
    static func f2(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(format: "%g", r)
    }
}
