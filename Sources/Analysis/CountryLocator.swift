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
        var minY: Double
        var bandHeight: Double
        /// Band b's edges are `edges[bandStart[b]..<bandStart[b + 1]]`, in ring order: each band's
        /// edges side by side in memory, so that a test reads one run of them.
        var bandStart: [Int32]
        var edges: [Edge]
        /// Whether the ring's last vertex is its first.
        var closed: Bool

        var bandCount: Int { bandStart.count - 1 }

        /// The band of latitude `y` (clamped to the ring's bands).
        static func band(_ y: Double, minY: Double, height: Double, count: Int) -> Int {
            max(0, min(count - 1, Int((y - minY) / height)))
        }

        /// Every edge once (in the first band that lists it, as `CountryLocator.ring` placed it).
        func forEachEdge(_ body: (Edge) -> Void) {
            for b in 0..<bandCount {
                for e in edges[Int(bandStart[b])..<Int(bandStart[b + 1])]
                where Ring.band(min(e.y1, e.y2), minY: minY, height: bandHeight, count: bandCount) == b {
                    body(e)
                }
            }
        }
    }

    /// An edge from vertex i (x1, y1) to vertex i + 1 (x2, y2).
    struct Edge: Sendable {
        var x1: Double, y1: Double, x2: Double, y2: Double
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
              polygons.allSatisfy({ p in ([p.exterior] + p.holes).allSatisfy(\.closed) }),
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
                ring.forEachEdge { edge in
                    let x1 = edge.x1, y1 = edge.y1, x2 = edge.x2, y2 = edge.y2
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
        let edgeCount = max(r.count - 1, 1)
        let bandCount = max(1, min(4096, edgeCount / 2))
        let height = max((maxY - minY) / Double(bandCount), 1e-12)
        func bands(_ i: Int) -> ClosedRange<Int> {
            Ring.band(min(ys[i], ys[i + 1]), minY: minY, height: height, count: bandCount)
                ... Ring.band(max(ys[i], ys[i + 1]), minY: minY, height: height, count: bandCount)
        }
        // Counting, then placing each edge in every band it reaches, in ring order.
        var start = [Int32](repeating: 0, count: bandCount + 1)
        for i in 0..<(r.count - 1) {
            for b in bands(i) { start[b + 1] += 1 }
        }
        for b in 0..<bandCount { start[b + 1] += start[b] }
        var next = start
        var edges = [Edge](repeating: Edge(x1: 0, y1: 0, x2: 0, y2: 0), count: Int(start[bandCount]))
        for i in 0..<(r.count - 1) {
            for b in bands(i) {
                edges[Int(next[b])] = Edge(x1: xs[i], y1: ys[i], x2: xs[i + 1], y2: ys[i + 1])
                next[b] += 1
            }
        }
        return Ring(minY: minY, bandHeight: height, bandStart: start, edges: edges,
                    closed: xs.first == xs.last && ys.first == ys.last)
    }

    /// Crossing-number test: is (x, y) inside the closed ring?
    @inline(__always)
    static func contains(_ ring: Ring, _ x: Double, _ y: Double) -> Bool {
        guard y >= ring.minY else { return false }
        let b = min(Int((y - ring.minY) / ring.bandHeight), ring.bandCount - 1)
        var inside = false
        ring.edges.withUnsafeBufferPointer { edges in
            ring.bandStart.withUnsafeBufferPointer { start in
                for e in edges[Int(start[b])..<Int(start[b + 1])] {
                    if (e.y1 > y) != (e.y2 > y) {
                        let xCross = e.x1 + (y - e.y1) / (e.y2 - e.y1) * (e.x2 - e.x1)
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
