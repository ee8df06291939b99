import Coordinates
import Foundation
import GeoFormats

/// Labels: candidates per feature (beside points, along the longest visible run of a line, inside a
/// polygon), then placed in order without overlapping.
extension MapSVG {
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
}
