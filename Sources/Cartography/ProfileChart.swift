import Analysis
import Domain
import Foundation

/// `corridor-profile.svg`: one panel per route, stacked bars of the number of seizures per bin by
/// drug, x axis in km along the route (waypoints named under it), border crossings as vertical
/// lines labelled with the country pair (red and bold when the crossing falls in a gap of the
/// border's coverage). Self-contained SVG 1.1 (no scripts, no external fonts); hovering a bar shows
/// its counts and kilograms (SVG <title>).
public enum ProfileChart {
    /// Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), then more.
    static let palette = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442", "#999999",
                          "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77"]
    static let gapColour = "#C0392B"
    static let crossingColour = "#444444"

    static let width = 1000.0
    static let marginLeft = 70.0
    static let marginRight = 30.0
    static let panelHeight = 345.0
    static let plotHeight = 190.0

    public static func svg(_ report: CorridorReport) -> String {
        let p = report.parameters
        // Every drug across routes, most seizures first: one colour each, the same in every panel.
        var drugCount: [String: Int] = [:]
        for r in report.routes { for s in r.seizures where s.inProfile { drugCount[s.drug, default: 0] += 1 } }
        let drugs = drugCount.keys.sorted { drugCount[$0]! > drugCount[$1]! || (drugCount[$0]! == drugCount[$1]! && $0 < $1) }
        var colour: [String: String] = [:]
        for (k, d) in drugs.enumerated() { colour[d] = palette[k % palette.count] }

        var body = ""
        var y = 20.0
        let title = "Seizures along the route: within \(fmt(p.halfWidth / 1000)) km of the route, per \(fmt(p.binLength / 1000)) km bin"
        body += text(marginLeft, y + 12, title, size: 18, weight: "bold")
        y += 30
        let notes = [
            "Bars: seizures per bin by drug (stacked), only those located to within \(fmt(p.profilePrecisionLimit / 1000)) km.",
            "Dashed lines: border crossings, labelled country left → country entered. Red: the crossing lies in a gap, over "
                + "\(fmt(p.gaps.postRadius / 1000)) km from any checkpoint or outpost and \(fmt(p.gaps.settlementRadius / 1000)) km from any settlement.",
            "▲ waypoints of the route.",
        ]
        for line in notes.flatMap({ wrap($0, width: width - marginLeft - marginRight, size: 11) }) {
            body += text(marginLeft, y + 10, line, size: 11, fill: "#555555")
            y += 15
        }
        y += 7
        // Legend.
        var x = marginLeft
        let items: [(String, String, Bool)] = drugs.map { ($0, colour[$0]!, false) }
            + [("border crossing", crossingColour, true), ("crossing in a gap", gapColour, true)]
        for (label, c, isLine) in items {
            let w = 22 + Double(label.count) * 6.6 + 14
            if x + w > width - marginRight { x = marginLeft; y += 18 }
            if isLine {
                body += "<line x1=\"\(f(x + 6))\" y1=\"\(f(y))\" x2=\"\(f(x + 6))\" y2=\"\(f(y + 13))\" stroke=\"\(c)\" stroke-width=\"2\" stroke-dasharray=\"4 2\"/>\n"
            } else {
                body += "<rect x=\"\(f(x))\" y=\"\(f(y + 1))\" width=\"12\" height=\"12\" fill=\"\(c)\"/>\n"
            }
            body += text(x + 18, y + 11, label, size: 12)
            x += w
        }
        if drugs.isEmpty { body += text(x, y + 11, "(no seizure inside any corridor)", size: 12, fill: "#555555") }
        y += 34

        for r in report.routes {
            body += panel(r, report, colour: colour, top: y)
            y += panelHeight
        }
        let height = y + 10
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif">
            <title>\(XMLText.escape(title))</title>
            <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#FFFFFF"/>
            \(body)</svg>

            """
    }

    static func panel(_ r: CorridorRouteReport, _ report: CorridorReport, colour: [String: String], top: Double) -> String {
        let borders = report.input.borders
        let plotTop = top + 80
        let plotBottom = plotTop + plotHeight
        let plotWidth = width - marginLeft - marginRight
        let length = max(r.length, 1)
        func px(_ metres: Double) -> Double { marginLeft + plotWidth * min(max(metres / length, 0), 1) }
        var s = "<g>\n"

        let total = r.profile.total
        var subtitle = "\(r.route.id): \(fmt(r.length / 1000, 0)) km, \(total.count) seizure\(total.count == 1 ? "" : "s") charted"
        if total.countWithMass > 0 { subtitle += ", \(fmt(total.kilograms, 1)) kg" }
        for (u, a) in total.otherAmounts.sorted(by: { $0.key < $1.key }) { subtitle += ", \(fmt(a, 0)) \(u)" }
        let coarse = r.seizures.count - total.count
        if coarse > 0 { subtitle += " (+\(coarse) in the corridor located too coarsely to chart)" }
        s += text(marginLeft, top + 16, clip(subtitle, width: width - marginLeft - marginRight, size: 14, bold: true), size: 14, weight: "bold")
        s += text(marginLeft, top + 33, clip(r.route.name, width: width - marginLeft - marginRight, size: 12), size: 12, fill: "#555555")

        // Y axis: integer counts with a nice step.
        let maxCount = r.profile.bins.map(\.total.count).max() ?? 0
        let yStep = niceStep(Double(max(maxCount, 1)), targetTicks: 5, integer: true)
        let yMax = max(yStep * (Double(maxCount) / yStep).rounded(.up), yStep)
        func py(_ v: Double) -> Double { plotBottom - plotHeight * v / yMax }
        var v = 0.0
        while v <= yMax + 1e-9 {
            s += "<line x1=\"\(f(marginLeft))\" y1=\"\(f(py(v)))\" x2=\"\(f(width - marginRight))\" y2=\"\(f(py(v)))\" stroke=\"#E5E5E5\" stroke-width=\"1\"/>\n"
            s += text(marginLeft - 8, py(v) + 4, fmt(v, 0), size: 11, anchor: "end")
            v += yStep
        }
        s += "<text x=\"\(f(marginLeft - 45))\" y=\"\(f((plotTop + plotBottom) / 2))\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 \(f(marginLeft - 45)) \(f((plotTop + plotBottom) / 2)))\">seizures</text>\n"

        // Bars.
        for b in r.profile.bins where b.total.count > 0 {
            let x0 = px(b.start) + 0.5, x1 = max(px(b.end) - 0.5, x0 + 1)
            var base = 0.0
            for d in r.profile.drugs {
                guard let t = b.byDrug[d], t.count > 0 else { continue }
                let y0 = py(base + Double(t.count)), y1 = py(base)
                var tip = "km \(fmt(b.start / 1000, 0))–\(fmt(b.end / 1000, 0)): \(d), \(t.count) seizure\(t.count == 1 ? "" : "s")"
                if t.countWithMass > 0 { tip += ", \(fmt(t.kilograms, 3)) kg" }
                for (u, a) in t.otherAmounts.sorted(by: { $0.key < $1.key }) { tip += ", \(fmt(a, 0)) \(u)" }
                s += "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(x1 - x0))\" height=\"\(f(y1 - y0))\" fill=\"\(colour[d] ?? "#999999")\" stroke=\"#FFFFFF\" stroke-width=\"0.5\"><title>\(XMLText.escape(tip))</title></rect>\n"
                base += Double(t.count)
            }
        }
        if total.count == 0 {
            let note = r.seizures.isEmpty
                ? "no seizure within \(fmt(report.parameters.halfWidth / 1000)) km of this route"
                : "no seizure within \(fmt(report.parameters.halfWidth / 1000)) km of this route located to within \(fmt(report.parameters.profilePrecisionLimit / 1000)) km"
            s += text(marginLeft + plotWidth / 2, plotTop + plotHeight / 2, note, size: 13, fill: "#777777", anchor: "middle")
        }

        // Crossings: dashed lines, labels above the plot in two staggered rows when close.
        var lastLabelX = [-1e9, -1e9, -1e9]
        for c in r.crossings {
            let x = px(c.point.routeChainage)
            let col = c.inGap ? gapColour : crossingColour
            s += "<line x1=\"\(f(x))\" y1=\"\(f(plotTop - 4))\" x2=\"\(f(x))\" y2=\"\(f(plotBottom))\" stroke=\"\(col)\" stroke-width=\"\(c.inGap ? "2" : "1.5")\" stroke-dasharray=\"5 3\"/>\n"
            let label = c.label(borders)
            let half = textWidth(label, size: 11, bold: true) / 2
            // Keep the label inside the picture, on the first of three rows where it does not
            // overlap the previous label (the lowest row when all are taken).
            let lx = min(max(x, half + 2), width - half - 2)
            let row = (0..<3).first { lx - half > lastLabelX[$0] + 4 } ?? 0
            lastLabelX[row] = lx + half
            let ly = plotTop - 8 - Double(row) * 13
            var tip = "\(borders[c.borderIndex].name) at km \(fmt(c.point.routeChainage / 1000, 1))"
            if let n = c.nearestPost { tip += "; nearest checkpoint \(report.input.checkpoints[n.index].name) \(fmt(n.distance / 1000, 1)) km" }
            if let g = c.gap { tip += "; in gap \(g.id) (\(fmt(g.length / 1000, 1)) km)" }
            s += "<text x=\"\(f(lx))\" y=\"\(f(ly))\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(col)\"\(c.inGap ? " font-weight=\"bold\"" : "")><title>\(XMLText.escape(tip))</title>\(XMLText.escape(label))</text>\n"
        }

        // X axis: km ticks, waypoint names under them, the axis title.
        s += "<line x1=\"\(f(marginLeft))\" y1=\"\(f(plotBottom))\" x2=\"\(f(width - marginRight))\" y2=\"\(f(plotBottom))\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
        s += "<line x1=\"\(f(marginLeft))\" y1=\"\(f(plotTop))\" x2=\"\(f(marginLeft))\" y2=\"\(f(plotBottom))\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
        let xStep = niceStep(r.length / 1000, targetTicks: 8, integer: true) * 1000
        var t = 0.0
        while t <= r.length + 1e-6 {
            s += "<line x1=\"\(f(px(t)))\" y1=\"\(f(plotBottom))\" x2=\"\(f(px(t)))\" y2=\"\(f(plotBottom + 5))\" stroke=\"#333333\"/>\n"
            s += text(px(t), plotBottom + 18, fmt(t / 1000, 0), size: 11, anchor: "middle")
            t += xStep
        }
        var lastName = -1e9
        for (k, wp) in r.route.waypoints.enumerated() where k < r.waypointChainage.count {
            let x = px(r.waypointChainage[k])
            s += "<path d=\"M \(f(x)) \(f(plotBottom + 24)) l -4 7 l 8 0 z\" fill=\"#777777\"/>\n"
            let name = wp.name.isEmpty ? "" : wp.name
            let half = textWidth(name, size: 10.5) / 2
            if !name.isEmpty && x - half > lastName + 4 {
                s += text(x, plotBottom + 43, name, size: 10.5, fill: "#555555", anchor: "middle", style: "italic")
                lastName = x + half
            }
        }
        let start = r.route.waypoints.first.map { $0.name.isEmpty ? "its start" : $0.name } ?? "its start"
        s += text(marginLeft + plotWidth / 2, plotBottom + 62, "km along the route from \(start) (geodesic chainage)", size: 12, anchor: "middle")
        s += "</g>\n"
        return s
    }

    /// Approximate rendered width of `s` in a Helvetica-like font (0.56 em a character, 0.62 bold).
    static func textWidth(_ s: String, size: Double, bold: Bool = false) -> Double {
        Double(s.count) * size * (bold ? 0.62 : 0.56)
    }

    /// `s` cut with an ellipsis to fit `width`.
    static func clip(_ s: String, width: Double, size: Double, bold: Bool = false) -> String {
        guard textWidth(s, size: size, bold: bold) > width else { return s }
        let n = max(Int(width / (size * (bold ? 0.62 : 0.56))) - 1, 1)
        return String(s.prefix(n)) + "…"
    }

    /// `s` broken into lines at spaces to fit `width`.
    static func wrap(_ s: String, width: Double, size: Double) -> [String] {
        var lines: [String] = [], line = ""
        for word in s.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if textWidth(candidate, size: size) > width && !line.isEmpty {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// 1, 2 or 5 × 10^k, giving about `targetTicks` ticks over [0, range].
    static func niceStep(_ range: Double, targetTicks: Int, integer: Bool) -> Double {
        guard range > 0, range.isFinite else { return 1 }
        let raw = range / Double(targetTicks)
        let mag = pow(10, (log10(raw)).rounded(.down))
        let norm = raw / mag
        let step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag
        return integer ? max(step.rounded(), 1) : step
    }

    static func text(_ x: Double, _ y: Double, _ s: String, size: Double, weight: String? = nil, fill: String = "#222222",
                     anchor: String = "start", style: String? = nil) -> String {
        var attrs = "x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" fill=\"\(fill)\""
        if anchor != "start" { attrs += " text-anchor=\"\(anchor)\"" }
        if let weight { attrs += " font-weight=\"\(weight)\"" }
        if let style { attrs += " font-style=\"\(style)\"" }
        return "<text \(attrs)>\(XMLText.escape(s))</text>\n"
    }


    /// Coordinates to 0.1 px.
    static func f(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    /// A number for people: `decimals` places (default: none for whole numbers, else one).
    static func fmt(_ v: Double, _ decimals: Int? = nil) -> String {
        if let decimals {
            return String(format: "%.\(decimals)f", v)
        }
        return v == v.rounded() ? String(format: "%.0f", v) : String(format: "%.1f", v)
    }
}
