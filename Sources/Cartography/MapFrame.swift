import Coordinates
import Foundation
import GeoFormats

/// The projection onto the page: the map's frame on the SVG, the display projection scaled into it.
extension MapSVG {
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
}
