import Coordinates
import Foundation
import GeoFormats

/// SVG text elements and numbers as SVG writes them (coordinates to 0.1 px, sizes to 0.01 px).
extension MapSVG {
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
