import Coordinates
import Domain
import Geodesy

/// Which country (or province: any list of regions, each a set of polygons) holds a point — the one
/// point-in-polygon test of NorthernRoute: the seizures analysis (`SeizureContext`, for the country
/// and the province) and the corridor (`CorridorCountries`) ask it, so a point gets the same
/// country and province in every command. It is the planar longitude/latitude test that GEOS, QGIS and
/// every GeoJSON tool use (RFC 7946 polygons are planar in degrees), by crossing number, with a
/// bounding-box prefilter and each ring's edges bucketed in latitude bands so that a test reads a
/// handful of edges. A point is inside a polygon when it is inside the exterior ring and in no
/// hole. Points exactly on a ring's edge get a consistent but arbitrary side (half-open rule in
/// latitude). Where polygons overlap the first country in input order wins.
///
/// In front of it, a longitude/latitude grid (`LonLatGrid`, cells of 0.02° or more, at most
/// 2^20) over the polygons' bounding box remembers the answer of every cell that no ring's edge
/// comes within 1e-7° of: the crossing number of a point is the same for all points of such a
/// cell (no edge separates them, and the test's rounding, ~1e-12°, cannot reach an edge
/// 1e-7° away), so it is computed once, at the cell's centre, with the very same test. Only
/// points in cells that an edge touches, or outside the grid, run the crossing test.
struct CountryLocator: Sendable {
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
    let frame: LonLatGrid?
    /// Per cell of `frame`: the country index, `outside` or `boundary`.
    let cells: [Int16]

    static let outside: Int16 = -1
    static let boundary: Int16 = -2
    /// How far from a cell an edge must stay for the cell to be answered by the grid, degrees.
    static let clearance = 1e-7

    init(_ countries: [Country]) { self.init(regions: countries.map(\.polygons)) }

    init(_ provinces: [Province]) { self.init(regions: provinces.map(\.polygons)) }

    /// - Parameter regions: per region, its polygons (exterior ring first, then holes); `locate`
    ///   answers an index into this list.
    init(regions: [[[[Coordinate]]]]) {
        var out: [Polygon] = []
        for (ci, polygons) in regions.enumerated() {
            for poly in polygons {
                guard let ext = poly.first, ext.count >= 4 else { continue }
                let xs = ext.map(\.longitude), ys = ext.map(\.latitude)
                out.append(Polygon(country: ci, minX: xs.min()!, maxX: xs.max()!, minY: ys.min()!, maxY: ys.max()!,
                                   exterior: CountryLocator.ring(ext), holes: poly.dropFirst().filter { $0.count >= 4 }.map(CountryLocator.ring)))
            }
        }
        polygons = out
        (frame, cells) = CountryLocator.grid(out, countries: regions.count)
    }

    /// The grid of answers, or nil when there is no polygon, a ring is not closed, or the
    /// countries are too many for Int16 cells.
    private static func grid(_ polygons: [Polygon], countries: Int) -> (LonLatGrid?, [Int16]) {
        guard !polygons.isEmpty, countries < Int(Int16.max),
              polygons.allSatisfy({ p in ([p.exterior] + p.holes).allSatisfy { $0.xs.first == $0.xs.last && $0.ys.first == $0.ys.last } }),
              let frame = LonLatGrid(minLon: polygons.map(\.minX).min()!, maxLon: polygons.map(\.maxX).max()!,
                                           minLat: polygons.map(\.minY).min()!, maxLat: polygons.map(\.maxY).max()!,
                                           step: 0.02, maxCells: 1 << 20) else { return (nil, []) }
        let unknown: Int16 = -3
        var cells = [Int16](repeating: unknown, count: frame.cellCount)
        let c = clearance
        func index(_ v: Double, _ origin: Double, _ count: Int) -> Int {
            max(0, min(count - 1, Int(((v - origin) / frame.step).rounded(.down))))
        }
        // Every cell that an edge (a closed segment) meets, widened by the clearance: the bounding
        // boxes overlap and the four corners are not all strictly on one side of the edge's line.
        for p in polygons {
            for ring in [p.exterior] + p.holes {
                for i in 0..<(ring.xs.count - 1) {
                    let x1 = ring.xs[i], y1 = ring.ys[i], x2 = ring.xs[i + 1], y2 = ring.ys[i + 1]
                    let ex = x2 - x1, ey = y2 - y1
                    for iy in index(min(y1, y2) - c, frame.lat0, frame.ny)...index(max(y1, y2) + c, frame.lat0, frame.ny) {
                        for ix in index(min(x1, x2) - c, frame.lon0, frame.nx)...index(max(x1, x2) + c, frame.lon0, frame.nx) {
                            let r = frame.rectangle(ix, ix + 1, iy, iy + 1)
                            let lo = (x: r.minLon - c, y: r.minLat - c), hi = (x: r.maxLon + c, y: r.maxLat + c)
                            guard lo.x <= max(x1, x2), hi.x >= min(x1, x2), lo.y <= max(y1, y2), hi.y >= min(y1, y2) else { continue }
                            var above = 0, below = 0
                            for (x, y) in [(lo.x, lo.y), (hi.x, lo.y), (lo.x, hi.y), (hi.x, hi.y)] {
                                let side = ex * (y - y1) - ey * (x - x1)
                                if side > 0 { above += 1 } else if side < 0 { below += 1 }
                            }
                            if above < 4 && below < 4 { cells[iy * frame.nx + ix] = boundary }
                        }
                    }
                }
            }
        }
        // A run of edge-free cells in a row is one edge-free rectangle: one answer for all of it.
        for iy in 0..<frame.ny {
            var ix = 0
            while ix < frame.nx {
                guard cells[iy * frame.nx + ix] == unknown else { ix += 1; continue }
                let r = frame.rectangle(ix, ix + 1, iy, iy + 1)
                let answer = locate((r.minLon + r.maxLon) / 2, (r.minLat + r.maxLat) / 2, in: polygons)
                let value = answer.map { Int16($0) } ?? outside
                while ix < frame.nx && cells[iy * frame.nx + ix] == unknown {
                    cells[iy * frame.nx + ix] = value
                    ix += 1
                }
            }
        }
        return (frame, cells)
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

    /// Index (into the countries or regions given) of the one holding `c`, or nil.
    func locate(_ c: Coordinate) -> Int? {
        if let frame, let cell = frame.cell(c) {
            let v = cells[cell]
            if v >= 0 { return Int(v) }
            if v == CountryLocator.outside { return nil }
        }
        return locateByCrossing(c)
    }

    /// `locate` by the crossing test alone, without the grid.
    func locateByCrossing(_ c: Coordinate) -> Int? { CountryLocator.locate(c.longitude, c.latitude, in: polygons) }

    /// The crossing test of (x, y) against the polygons, first match in order.
    static func locate(_ x: Double, _ y: Double, in polygons: [Polygon]) -> Int? {
        for p in polygons where x >= p.minX && x <= p.maxX && y >= p.minY && y <= p.maxY {
            if CountryLocator.contains(p.exterior, x, y) && !p.holes.contains(where: { CountryLocator.contains($0, x, y) }) {
                return p.country
            }
        }
        return nil
    }
}
