import Coordinates
import Foundation
import GeoFormats

/// The scale bar in km, true to scale along the standard parallel.
extension MapSVG {
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
}
