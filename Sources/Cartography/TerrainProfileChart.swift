import Analysis
import Foundation

/// `<border>-profile.svg`: the border's elevation profile against chainage, the gaps shaded red
/// behind it, the passable stretches (elevation and slope within the limits) as a green band under
/// the axis, the maximum elevation as a dashed line. Self-contained SVG 1.1.
public enum TerrainProfileChart {
    static let width = 1000.0, height = 420.0
    static let left = 70.0, right = 30.0, top = 78.0, plotHeight = 250.0
    static let gapFill = "#F2B8B0", passableFill = "#2E8B57", lineColour = "#333333", limitColour = "#0072B2"

    public static func svg(_ report: GapReport) -> String {
        guard let terrain = report.terrain else { return "" }
        let p = terrain.profile
        let samples = p.parts.flatMap { $0 }
        let start = samples.first?.chainage ?? 0, end = max(samples.last?.chainage ?? 1, start + 1)
        let zs = samples.map(\.elevation).filter(\.isFinite)
        var zmin = min(zs.min() ?? 0, p.parameters.maxElevation), zmax = max(zs.max() ?? 1, p.parameters.maxElevation)
        let step = ProfileChart.niceStep(zmax - zmin, targetTicks: 6, integer: true)
        zmin = (zmin / step).rounded(.down) * step
        zmax = (zmax / step).rounded(.up) * step
        if zmax <= zmin { zmax = zmin + step }
        let plotWidth = width - left - right
        func x(_ s: Double) -> Double { left + (s - start) / (end - start) * plotWidth }
        func y(_ z: Double) -> Double { top + plotHeight - (z - zmin) / (zmax - zmin) * plotHeight }
        let f = ProfileChart.f
        var body = ""
        let title = "Terrain along \(report.border.name) (\(report.border.id))"
        body += ProfileChart.text(left, 26, title, size: 18, weight: "bold")
        let km = { (m: Double) in ProfileChart.fmt(m / 1000, 1) }
        let note = "Elevation (m) against km along the border, sampled every \(ProfileChart.fmt(p.spacing, 0)) m (bilinear). Red: gaps (\(report.gaps.count), \(km(report.gapLength)) km). "
            + "Green band: passable, elevation ≤ \(ProfileChart.fmt(p.parameters.maxElevation, 0)) m and slope ≤ \(ProfileChart.fmt(p.parameters.maxSlope, 1))° "
            + "(\(km(p.total.passableLength)) km of the border, \(km(terrain.passableGapLength)) km of the gaps)."
        var ny = 44.0
        for line in ProfileChart.wrap(note, width: plotWidth, size: 11) {
            body += ProfileChart.text(left, ny, line, size: 11, fill: "#555555")
            ny += 14
        }
        for g in report.gaps {
            body += "<rect x=\"\(f(x(g.start)))\" y=\"\(f(top))\" width=\"\(f(max(x(g.end) - x(g.start), 0.5)))\" height=\"\(f(plotHeight))\" fill=\"\(gapFill)\"><title>\(XMLText.escape("\(g.id): \(km(g.start))–\(km(g.end)) km"))</title></rect>\n"
        }
        // Axes and grid.
        var z = zmin
        while z <= zmax + 1e-9 {
            body += "<line x1=\"\(f(left))\" y1=\"\(f(y(z)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(z)))\" stroke=\"#DDDDDD\" stroke-width=\"1\"/>\n"
            body += ProfileChart.text(left - 6, y(z) + 4, ProfileChart.fmt(z, 0), size: 11, anchor: "end")
            z += step
        }
        let kstep = ProfileChart.niceStep((end - start) / 1000, targetTicks: 10, integer: true)
        var k = (start / 1000 / kstep).rounded(.up) * kstep
        while k * 1000 <= end + 1e-6 {
            body += "<line x1=\"\(f(x(k * 1000)))\" y1=\"\(f(top + plotHeight))\" x2=\"\(f(x(k * 1000)))\" y2=\"\(f(top + plotHeight + 4))\" stroke=\"#222222\"/>\n"
            body += ProfileChart.text(x(k * 1000), top + plotHeight + 30, ProfileChart.fmt(k, 0), size: 11, anchor: "middle")
            k += kstep
        }
        body += ProfileChart.text(left + plotWidth / 2, top + plotHeight + 48, "km along the border", size: 12, anchor: "middle")
        body += "<line x1=\"\(f(left))\" y1=\"\(f(y(p.parameters.maxElevation)))\" x2=\"\(f(left + plotWidth))\" y2=\"\(f(y(p.parameters.maxElevation)))\" stroke=\"\(limitColour)\" stroke-width=\"1.2\" stroke-dasharray=\"6 3\"/>\n"
        // Passable band, merged runs of consecutive passable samples.
        for part in p.parts {
            var runStart: Double?
            for (i, s) in part.enumerated() {
                let ok = s.hasData && s.elevation <= p.parameters.maxElevation && s.slope <= p.parameters.maxSlope
                if ok && runStart == nil { runStart = s.chainage }
                if (!ok || i == part.count - 1), let a = runStart {
                    let b = s.chainage
                    body += "<rect x=\"\(f(x(a)))\" y=\"\(f(top + plotHeight + 6))\" width=\"\(f(max(x(b) - x(a), 0.5)))\" height=\"8\" fill=\"\(passableFill)\"/>\n"
                    runStart = nil
                }
            }
        }
        // The profile: one polyline per run of samples with data.
        for part in p.parts {
            var pts: [String] = []
            func flush() {
                if pts.count > 1 { body += "<polyline points=\"\(pts.joined(separator: " "))\" fill=\"none\" stroke=\"\(lineColour)\" stroke-width=\"1\"/>\n" }
                pts = []
            }
            for s in part {
                if s.elevation.isFinite { pts.append("\(f(x(s.chainage))),\(f(y(s.elevation)))") } else { flush() }
            }
            flush()
        }
        body += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotWidth))\" height=\"\(f(plotHeight))\" fill=\"none\" stroke=\"#222222\"/>\n"
        body += ProfileChart.text(16, top + plotHeight / 2, "m", size: 12)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(f(width))" height="\(f(height))" viewBox="0 0 \(f(width)) \(f(height))" font-family="Helvetica, Arial, sans-serif">
            <title>\(XMLText.escape(title))</title>
            <rect x="0" y="0" width="\(f(width))" height="\(f(height))" fill="#FFFFFF"/>
            \(body)</svg>

            """
    }
}
