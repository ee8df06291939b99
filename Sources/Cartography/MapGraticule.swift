import Coordinates
import Foundation
import GeoFormats

/// The graticule: meridians and parallels at a round step over the map, and their labels around
/// the frame.
extension MapSVG {
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
}
