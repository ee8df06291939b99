import Coordinates
import Domain

/// Which country polygon holds a point: the planar longitude/latitude test that GEOS, QGIS and
/// every GeoJSON tool use (RFC 7946 polygons are planar in degrees), by crossing number, with a
/// bounding-box prefilter and each ring's edges bucketed in latitude bands so that a test reads a
/// handful of edges. A point is inside a polygon when it is inside the exterior ring and in no
/// hole. Points exactly on a ring's edge get a consistent but arbitrary side (half-open rule in
/// latitude). Where polygons overlap the first country in input order wins.
struct SeizureCountryIndex: Sendable {
    struct Ring: Sendable {
        var xs: [Double]
        var ys: [Double]
        var minY: Double
        var bandHeight: Double
        /// Edge indices per latitude band.
        var bands: [[Int32]]
    }

    struct Polygon: Sendable {
        var country: Int
        var minX: Double, maxX: Double, minY: Double, maxY: Double
        var exterior: Ring
        var holes: [Ring]
    }

    let polygons: [Polygon]

    init(_ countries: [Country]) {
        var out: [Polygon] = []
        for (ci, c) in countries.enumerated() {
            for poly in c.polygons {
                guard let ext = poly.first, ext.count >= 4 else { continue }
                let xs = ext.map(\.longitude), ys = ext.map(\.latitude)
                out.append(Polygon(country: ci, minX: xs.min()!, maxX: xs.max()!, minY: ys.min()!, maxY: ys.max()!,
                                   exterior: SeizureCountryIndex.ring(ext), holes: poly.dropFirst().filter { $0.count >= 4 }.map(SeizureCountryIndex.ring)))
            }
        }
        polygons = out
    }

    static func ring(_ r: [Coordinate]) -> Ring {
        let xs = r.map(\.longitude), ys = r.map(\.latitude)
        let minY = ys.min() ?? 0, maxY = ys.max() ?? 0
        let edges = max(r.count - 1, 1)
        let bandCount = max(1, min(4096, edges / 2))
        let height = max((maxY - minY) / Double(bandCount), 1e-12)
        var bands = [[Int32]](repeating: [], count: bandCount)
        for i in 0..<(r.count - 1) {
            let lo = min(ys[i], ys[i + 1]), hi = max(ys[i], ys[i + 1])
            let b0 = max(0, min(bandCount - 1, Int((lo - minY) / height)))
            let b1 = max(0, min(bandCount - 1, Int((hi - minY) / height)))
            for b in b0...b1 { bands[b].append(Int32(i)) }
        }
        return Ring(xs: xs, ys: ys, minY: minY, bandHeight: height, bands: bands)
    }

    /// Crossing-number test: is (x, y) inside the closed ring?
    @inline(__always)
    static func contains(_ ring: Ring, _ x: Double, _ y: Double) -> Bool {
        guard y >= ring.minY else { return false }
        let b = min(Int((y - ring.minY) / ring.bandHeight), ring.bands.count - 1)
        var inside = false
        ring.xs.withUnsafeBufferPointer { xs in
            ring.ys.withUnsafeBufferPointer { ys in
                for e in ring.bands[b] {
                    let i = Int(e)
                    let yi = ys[i], yj = ys[i + 1]
                    if (yi > y) != (yj > y) {
                        let xi = xs[i], xj = xs[i + 1]
                        let xCross = xi + (y - yi) / (yj - yi) * (xj - xi)
                        if x < xCross { inside.toggle() }
                    }
                }
            }
        }
        return inside
    }

    /// Index (into the countries given) of the country holding `c`, or nil.
    func locate(_ c: Coordinate) -> Int? {
        let x = c.longitude, y = c.latitude
        for p in polygons where x >= p.minX && x <= p.maxX && y >= p.minY && y <= p.maxY {
            if SeizureCountryIndex.contains(p.exterior, x, y) && !p.holes.contains(where: { SeizureCountryIndex.contains($0, x, y) }) {
                return p.country
            }
        }
        return nil
    }
}
