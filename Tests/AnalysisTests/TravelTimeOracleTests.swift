import Analysis
import Coordinates
import Domain
import Foundation
import Geodesy
import XCTest

/// Travel time on the grid against closed forms: on flat ground the time is the geodesic distance
/// over Tobler's flat speed, overestimated only by the 16-neighbour stencil (measured, bounded
/// here); on a uniformly tilted plane the time straight up and down the slope is the closed form
/// D / v(±g), different each way; and on flat ground the travel-time gaps are the distance gaps at
/// the equivalent radius, within the same discretisation. The figures are printed as `[accuracy]`.
final class TravelTimeOracleTests: XCTestCase {
    /// The 16-neighbour stencil's largest overestimate of straight-line travel: on 15″ cells at
    /// 42° N (344 m east–west, 463 m north–south) the knight's moves point at 34°, 53° and 70°
    /// from east, and the widest angle between moves (0°–34°) costs up to 1/cos(17°) − 1 ≈ 4.6 %;
    /// on near-square cells (the equator, 463 × 461 m) 2.7 %. Measured below: 4.51 % and 2.78 %.
    static let stencilTolerance = 0.046
    static let squareStencilTolerance = 0.028
    /// A 15″ grid around 42° N (or `latitude`), 401 × 401 cells (the geodata DEM's resolution and latitude).
    static func grid(_ z: (Int, Int) -> Float = { _, _ in 0 }, size: Int = 401, latitude: Double = 42) -> ElevationGrid {
        let cell = 1.0 / 240
        var samples: [Float] = []
        for r in 0..<size { for c in 0..<size { samples.append(z(r, c)) } }
        return ElevationGrid(west: 75 - Double(size) / 2 * cell, north: latitude + Double(size) / 2 * cell, cellWidth: cell, cellHeight: cell,
                             columns: size, rows: size, samples: samples, source: "synthetic")
    }

    static func graph(_ grid: ElevationGrid, mode: TravelMode = .foot) -> (TravelGraph, TerrainSurface) {
        let surface = TerrainSurface(grid)
        let terrain = TerrainParameters(maxElevation: 1e7, maxSlope: 89)
        return (TravelGraph(surface: surface, terrain: terrain, water: [], travel: TravelParameters(patrolHours: 1, settlementHours: 1, mode: mode)), surface)
    }

    func testFlatGroundIsGeodesicOverFlatSpeedWithinTheStencilError() {
        for (latitude, tolerance) in [(42.0, Self.stencilTolerance), (0.0, Self.squareStencilTolerance)] {
            flatGround(latitude: latitude, tolerance: tolerance)
        }
    }

    func flatGround(latitude: Double, tolerance: Double) {
        let grid = Self.grid(latitude: latitude)
        let (graph, _) = Self.graph(grid)
        let source = grid.centre(row: 200, column: 200)
        let field = TravelTime.field(graph, sources: [TravelSource(coordinate: source)])
        let g = Geodesic.wgs84
        var worst = 0.0, least = Double.infinity
        for r in stride(from: 0, to: grid.rows, by: 4) {
            for c in stride(from: 0, to: grid.columns, by: 4) where !(r == 200 && c == 200) {
                let exact = g.distance(source, grid.centre(row: r, column: c)) / graph.parameters.flatSpeed
                let ratio = field.seconds[r * grid.columns + c] / exact
                worst = max(worst, ratio - 1)
                least = min(least, ratio - 1)
            }
        }
        print("[accuracy] flat ground, 16 neighbours, 15″ cells at \(latitude)° N: travel time overestimates geodesic/flat speed by at most \(String(format: "%.2f", worst * 100)) % (least \(String(format: "%.2e", least)))")
        XCTAssertLessThanOrEqual(worst, tolerance)
        XCTAssertGreaterThan(worst, tolerance - 0.005, "the stated figure is the measured one")
        XCTAssertGreaterThan(least, -1e-9, "never faster than the straight line")
        XCTAssertEqual(graph.parameters.flatSpeed * 3.6, 0.6 * 6 * exp(-0.175), accuracy: 1e-12)
    }

    func testTiltedPlaneMatchesTheClosedFormBothWays() {
        // z rises northward by `gradient` metres per metre of meridian distance.
        let gradient = 0.08
        let base = Self.grid()
        let g = Geodesic.wgs84
        let south = base.centre(row: base.rows - 1, column: 0)
        let z = (0..<base.rows).map { r in Float(gradient * g.distance(south, base.centre(row: r, column: 0))) }
        let grid = Self.grid { r, _ in z[r] }
        for mode in TravelMode.allCases {
            let (graph, _) = Self.graph(grid, mode: mode)
            let source = grid.centre(row: 200, column: 200)
            let field = TravelTime.field(graph, sources: [TravelSource(coordinate: source)])
            let p = graph.parameters
            var worst = 0.0
            for r in [0, 50, 150, 199, 201, 300, 400] {
                let d = g.distance(source, grid.centre(row: r, column: 200))
                // Meridian distance: exact sum of the row steps. Elevation change: Float32 rounding.
                let dz = Double(grid[r, 200]) - Double(grid[200, 200])
                let exact = d / p.speed(gradient: dz / d)
                worst = max(worst, abs(field.seconds[r * grid.columns + 200] / exact - 1))
            }
            let up = p.speed(gradient: gradient), down = p.speed(gradient: -gradient)
            print("[accuracy] tilted plane (8 % grade, \(mode.rawValue)): up/down the fall line within \(String(format: "%.1e", worst)) of D/v(±g); v up \(String(format: "%.3f", up * 3.6)) km/h, down \(String(format: "%.3f", down * 3.6)) km/h")
            XCTAssertLessThan(worst, 1e-6)
            XCTAssertGreaterThan(down, up, "descending 8 % is faster than climbing it")
            XCTAssertEqual(up * 3.6, p.speedFactor * 6 * exp(-3.5 * 0.13), accuracy: 1e-12)
            XCTAssertEqual(down * 3.6, p.speedFactor * 6 * exp(-3.5 * 0.03), accuracy: 1e-12)
        }
    }

    func testImpassableCellsAreDetoured() {
        // A wall of water across the grid but for one opening: the time beyond it grows by the detour.
        let grid = Self.grid(size: 101)
        let surface = TerrainSurface(grid)
        var water = [Bool](repeating: false, count: grid.samples.count)
        for c in 0..<grid.columns where c != 90 { water[50 * grid.columns + c] = true }
        let p = TravelParameters(patrolHours: 1, settlementHours: 1)
        let open = TravelGraph(surface: surface, terrain: TerrainParameters(maxElevation: 1e4, maxSlope: 89), water: [], travel: p)
        let walled = TravelGraph(surface: surface, terrain: TerrainParameters(maxElevation: 1e4, maxSlope: 89), water: water, travel: p)
        let s = [TravelSource(coordinate: grid.centre(row: 10, column: 10))]
        let a = TravelTime.field(open, sources: s), b = TravelTime.field(walled, sources: s)
        let target = 90 * grid.columns + 10
        XCTAssertEqual(b.seconds[50 * grid.columns + 10], .infinity)
        XCTAssertGreaterThan(b.seconds[target], a.seconds[target] * 1.5)
        // Via the opening: at least source → opening → target in straight lines.
        let g = Geodesic.wgs84, gap = grid.centre(row: 50, column: 90)
        let viaOpening = (g.distance(grid.centre(row: 10, column: 10), gap) + g.distance(gap, grid.centre(row: 90, column: 10))) / p.flatSpeed
        XCTAssertGreaterThanOrEqual(b.seconds[target], viaOpening * (1 - 1e-9))
        XCTAssertLessThanOrEqual(b.seconds[target], viaOpening * (1 + Self.stencilTolerance))
    }

    func testLakesRasteriseByCellCentre() {
        let grid = Self.grid(size: 41)
        // A square lake with a square island: cells whose centre is inside the ring but not the island.
        let w = grid.west, n = grid.north, d = grid.cellWidth
        func ring(_ c0: Double, _ r0: Double, _ c1: Double, _ r1: Double) -> [Coordinate] {
            [(c0, r0), (c1, r0), (c1, r1), (c0, r1), (c0, r0)].map { Coordinate(longitude: w + $0.0 * d, latitude: n - $0.1 * d) }
        }
        let lake = Lake(id: "l", polygons: [[ring(10.2, 10.2, 30.2, 30.2), ring(18.2, 18.2, 22.2, 22.2)]])
        let water = WaterMask.cells([lake], on: grid)
        for r in 0..<grid.rows {
            for c in 0..<grid.columns {
                let inRing = (10...29).contains(r) && (10...29).contains(c)
                let inIsland = (18...21).contains(r) && (18...21).contains(c)
                XCTAssertEqual(water[r * grid.columns + c], inRing && !inIsland, "cell \(r), \(c)")
            }
        }
    }

    func testFlatTravelGapsAreDistanceGapsAtTheEquivalentRadius() throws {
        let grid = Self.grid()
        let (graph, surface) = Self.graph(grid)
        // A border running east–west through the grid, posts on either side of it.
        let lat = 42.0
        let border = Border(id: "flat", name: "flat", parts: [[Coordinate(longitude: 74.4, latitude: lat), Coordinate(longitude: 75.6, latitude: lat)]])
        let posts = [(74.45, 42.02), (74.7, 41.97), (75.05, 42.05), (75.4, 41.99)].enumerated().map { k, p in
            ControlPoint(id: "p\(k)", name: "p\(k)", kind: .outpost, coordinate: Coordinate(longitude: p.0, latitude: p.1))
        }
        let hours = 2.0
        let travel = TravelParameters(patrolHours: hours, settlementHours: hours)
        var params = GapParameters()
        params.postRadius = travel.flatDistance(hours: hours)
        params.includeSettlements = false
        let byDistance = try GapAnalysis.run(border: border, controls: posts, parameters: params)
        let profile = try XCTUnwrap(TerrainAnalysis.profile(border: border, surface: surface, parameters: TerrainParameters()))
        let tgraph = TravelGraph(surface: surface, terrain: TerrainParameters(maxElevation: 1e4, maxSlope: 89), water: [], travel: travel)
        _ = graph
        let coverage = TravelCoverageAnalysis.run(controls: posts, profile: profile, graph: tgraph, surface: surface)
        let byTime = try GapAnalysis.run(border: border, controls: posts, parameters: params, coverage: (coverage.covered, coverage.reaches))
        XCTAssertEqual(byDistance.gaps.count, byTime.gaps.count)
        XCTAssertGreaterThan(byDistance.gaps.count, 1)
        // Travel time overestimates distance by ≤ 3 %: each end moves inward by at most 3 % of the
        // radius, plus one sample spacing (the profile's linear crossing between samples).
        let tolerance = Self.stencilTolerance * params.postRadius + profile.spacing
        var worst = 0.0
        for (a, b) in zip(byDistance.gaps.sorted { $0.start < $1.start }, byTime.gaps.sorted { $0.start < $1.start }) {
            worst = max(worst, abs(a.start - b.start), abs(a.end - b.end))
            XCTAssertEqual(a.start, b.start, accuracy: tolerance)
            XCTAssertEqual(a.end, b.end, accuracy: tolerance)
            XCTAssertLessThanOrEqual(b.start, a.start + 1e-6 + profile.spacing, "travel-time gaps are never smaller at the start")
        }
        print("[accuracy] flat ground: travel-time gap ends within \(String(format: "%.0f", worst)) m of the distance gaps at the equivalent radius \(String(format: "%.0f", params.postRadius)) m (tolerance \(String(format: "%.0f", tolerance)) m)")
        let t = BorderTravel(coverage: coverage, report: byTime)
        for (gap, time) in zip(byTime.gaps, t.gaps) {
            // max_time_h ≈ max_distance / flat speed, within the stencil error.
            let expected = gap.maxDistance / travel.flatSpeed / 3600
            XCTAssertEqual(time.maxHours, expected, accuracy: expected * Self.stencilTolerance + profile.spacing / travel.flatSpeed / 3600)
        }
    }
}
