import Analysis
import Foundation

/// `<border>-plan-curve.svg`: the diminishing return of new posts. Bars: what the k-th post
/// closes (optimum(k) − optimum(k − 1)); line and dots: the optimum with k posts (right axis).
/// A time-limited k is drawn hatched-grey with its proven bound as a tick. Self-contained SVG 1.1.
public enum PlanCurveChart {
    static let width = 900.0, height = 460.0
    static let left = 70.0, right = 70.0, top = 80.0, bottom = 70.0
    static let barColour = "#0072B2", lineColour = "#D55E00", openColour = "#999999"

    public static func svg(_ report: PlanReport) -> String {
        let unit = report.weightUnit
        let points = report.curve
        let plotW = width - left - right, plotH = height - top - bottom
        let maxAdded = max(points.map(\.added).max() ?? 0, 1e-9)
        let maxTotal = max(points.map { max($0.optimum, $0.bound.isFinite ? $0.bound : $0.optimum) }.max() ?? 0, 1e-9)
        let addStep = ProfileChart.niceStep(maxAdded, targetTicks: 5, integer: false)
        let totStep = ProfileChart.niceStep(maxTotal, targetTicks: 5, integer: false)
        let addTop = (maxAdded / addStep).rounded(.up) * addStep, totTop = (maxTotal / totStep).rounded(.up) * totStep
        let n = Double(max(points.count, 1))
        let slot = plotW / n
        func x(_ i: Int) -> Double { left + slot * (Double(i) + 0.5) }
        func yAdd(_ v: Double) -> Double { top + plotH - plotH * v / addTop }
        func yTot(_ v: Double) -> Double { top + plotH - plotH * v / totTop }

        var b = ""
        let title = "\(report.border.name): what each new post closes"
        b += ProfileChart.text(left, 30, title, size: 18, weight: "bold")
        b += ProfileChart.text(left, 50, "Bars: \(unit) of uncovered border closed by the k-th post (left axis). Line: most \(unit) k new posts can cover (right axis), " + (points.allSatisfy { $0.statusName == "optimal" } ? "each k solved to optimality." : "each k solved on its own; grey: stopped by the time limit (best found; tick: proven bound)."), size: 11, fill: "#555555")
        b += ProfileChart.text(left, 65, PlanSummary.coverageText(report).prefix(1).uppercased() + PlanSummary.coverageText(report).dropFirst() + "; uncovered before: \(String(format: "%.1f", report.uncoveredWeight)) \(unit), reachable from the candidate sites: \(String(format: "%.1f", report.reachableWeight)) \(unit).", size: 11, fill: "#555555")
        // Axes and grid.
        var v = 0.0
        while v <= addTop + addStep / 2 {
            let y = yAdd(v)
            b += "<line x1=\"\(ProfileChart.f(left))\" y1=\"\(ProfileChart.f(y))\" x2=\"\(ProfileChart.f(left + plotW))\" y2=\"\(ProfileChart.f(y))\" stroke=\"#DDDDDD\"/>\n"
            b += ProfileChart.text(left - 8, y + 4, ProfileChart.fmt(v, addStep < 1 ? 1 : 0), size: 11, anchor: "end")
            v += addStep
        }
        v = 0
        while v <= totTop + totStep / 2 {
            b += ProfileChart.text(left + plotW + 8, yTot(v) + 4, ProfileChart.fmt(v, totStep < 1 ? 1 : 0), size: 11, fill: lineColour)
            v += totStep
        }
        b += "<line x1=\"\(ProfileChart.f(left))\" y1=\"\(ProfileChart.f(top + plotH))\" x2=\"\(ProfileChart.f(left + plotW))\" y2=\"\(ProfileChart.f(top + plotH))\" stroke=\"#222222\"/>\n"
        for (i, p) in points.enumerated() {
            let bw = slot * 0.6
            let y = yAdd(max(p.added, 0))
            let fill = p.statusName == "optimal" ? barColour : openColour
            b += "<rect x=\"\(ProfileChart.f(x(i) - bw / 2))\" y=\"\(ProfileChart.f(y))\" width=\"\(ProfileChart.f(bw))\" height=\"\(ProfileChart.f(top + plotH - y))\" fill=\"\(fill)\"><title>k = \(p.k): closes \(String(format: "%.3f", p.added)) \(unit); optimum \(String(format: "%.3f", p.optimum)) \(unit) (\(p.statusName), bound \(String(format: "%.3f", p.bound)))</title></rect>\n"
            b += ProfileChart.text(x(i), top + plotH + 18, String(p.k), size: 11, anchor: "middle")
            if p.statusName != "optimal" && p.bound.isFinite {
                b += "<line x1=\"\(ProfileChart.f(x(i) - 6))\" y1=\"\(ProfileChart.f(yTot(p.bound)))\" x2=\"\(ProfileChart.f(x(i) + 6))\" y2=\"\(ProfileChart.f(yTot(p.bound)))\" stroke=\"\(lineColour)\" stroke-width=\"2\"/>\n"
            }
        }
        let path = points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(ProfileChart.f(x(i))) \(ProfileChart.f(yTot(p.optimum)))" }.joined(separator: " ")
        if !points.isEmpty {
            b += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(lineColour)\" stroke-width=\"2\"/>\n"
            for (i, p) in points.enumerated() {
                b += "<circle cx=\"\(ProfileChart.f(x(i)))\" cy=\"\(ProfileChart.f(yTot(p.optimum)))\" r=\"3.5\" fill=\"\(lineColour)\"/>\n"
            }
        }
        b += ProfileChart.text(left + plotW / 2, height - 25, "k: number of new posts", size: 12, anchor: "middle")
        b += "<text x=\"18\" y=\"\(ProfileChart.f(top + plotH / 2))\" font-size=\"12\" fill=\"#222222\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(ProfileChart.f(top + plotH / 2)))\">\(unit) closed by the k-th post</text>\n"
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="\(ProfileChart.f(width))" height="\(ProfileChart.f(height))" viewBox="0 0 \(ProfileChart.f(width)) \(ProfileChart.f(height))" font-family="Helvetica, Arial, sans-serif">
            <title>\(XMLText.escape(title))</title>
            <rect x="0" y="0" width="\(ProfileChart.f(width))" height="\(ProfileChart.f(height))" fill="#FFFFFF"/>
            \(b)</svg>

            """
    }
}
