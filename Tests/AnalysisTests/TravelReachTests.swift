import Analysis
import Coordinates
import Domain
import Foundation
import Geodesy
import TestSupport
import XCTest

/// The plan's travel-time coverage of a candidate site (`TravelReach`: one Dijkstra from the
/// site, stopped past the budget) against the full multi-source analysis the gaps use
/// (`TravelCoverageAnalysis.run`, every cell settled) with that site as its only post: the same
/// intervals, bit for bit, on hilly terrain with an impassable peak, a steep ring and a lake. And
/// the plan over such sites against brute force over every subset, each subset's coverage the
/// union of the full analysis's intervals of its sites.
final class TravelReachTests: XCTestCase {
    /// 15″ cells around 75° E, 42° N: 121 rows × 181 columns (~56 × 62 km), rolling hills with a
    /// peak above the maximum elevation whose flanks are steeper than the maximum slope.
    static func terrain() -> (TravelGraph, TerrainSurface, TerrainProfile, Border) {
        let rows = 121, columns = 181, cell = 1.0 / 240
        var samples: [Float] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let d2 = (Double(r - 50) * Double(r - 50) + Double(c - 110) * Double(c - 110)) / 64
                samples.append(Float(800 + 300 * sin(Double(c) / 9) * cos(Double(r) / 11) + 3000 * exp(-d2)))
            }
        }
        let grid = ElevationGrid(west: 75 - Double(columns) / 2 * cell, north: 42 + Double(rows) / 2 * cell, cellWidth: cell, cellHeight: cell,
                                 columns: columns, rows: rows, samples: samples, source: "synthetic")
        let surface = TerrainSurface(grid)
        var water = [Bool](repeating: false, count: samples.count)
        for r in 62...68 { for c in 45...58 { water[r * columns + c] = true } }
        let travel = TravelParameters(patrolHours: 1.5, settlementHours: 0.75)
        let graph = TravelGraph(surface: surface, terrain: TerrainParameters(), water: water, travel: travel)
        let part1 = (0...14).map { k in Coordinate(longitude: 74.65 + Double(k) * 0.022, latitude: 42 + 0.015 * sin(Double(k))) }
        let part2 = (0...14).map { k in Coordinate(longitude: 75.0 + Double(k) * 0.02, latitude: 42.01 + 0.01 * cos(Double(k) / 2)) }
        let border = Border(id: "t", name: "test", parts: [part1, part2])
        let profile = TerrainAnalysis.profile(border: border, surface: surface, parameters: TerrainParameters())!
        return (graph, surface, profile, border)
    }

    static func sites(_ n: Int, seed: UInt64) -> [CandidateSite] {
        var rng = TestRandom(seed: seed)
        var sites = (0..<n).map { j in
            CandidateSite(id: "s\(j)", name: "s\(j)", coordinate: Coordinate(longitude: rng.uniform(74.65, 75.28), latitude: rng.uniform(41.96, 42.05)), origin: .file)
        }
        // One on the peak (an impassable cell: a post stands where it stands) and one in the lake.
        sites.append(CandidateSite(id: "peak", name: "peak", coordinate: Coordinate(longitude: 75 + 20 / 240, latitude: 42 + 10 / 240), origin: .file))
        sites.append(CandidateSite(id: "lake", name: "lake", coordinate: Coordinate(longitude: 75 - 39 / 240, latitude: 42 - 5 / 240), origin: .file))
        return sites
    }

    /// The intervals the full analysis finds with `site` as the only post (and, to raise the
    /// largest budget, a settlement off the grid with `settlementHours`).
    static func full(_ site: CandidateSite, graph: TravelGraph, surface: TerrainSurface, profile: TerrainProfile, offGridSettlement: Bool = false) -> [ChainageInterval] {
        var controls = [ControlPoint(id: site.id, name: site.name, kind: .outpost, coordinate: site.coordinate)]
        if offGridSettlement { controls.append(ControlPoint(id: "far", name: "far", kind: .settlement, coordinate: Coordinate(longitude: 60, latitude: 50))) }
        return TravelCoverageAnalysis.run(controls: controls, profile: profile, graph: graph, surface: surface).covered
    }

    func testBoundedSearchEqualsTheFullAnalysisBitForBit() {
        let (graph, surface, profile, _) = Self.terrain()
        let reach = TravelReach(graph: graph, surface: surface, profile: profile)
        var scratch = TravelReach.Scratch(cells: graph.grid.samples.count)
        let budget = graph.parameters.patrolHours * 3600
        var nonEmpty = 0
        for site in Self.sites(10, seed: 15) {
            let mine = reach.intervals(from: site.coordinate, budget: budget, top: budget, scratch: &scratch)
            XCTAssertEqual(mine, Self.full(site, graph: graph, surface: surface, profile: profile), site.id)
            if !mine.isEmpty { nonEmpty += 1 }
        }
        XCTAssertGreaterThan(nonEmpty, 6, "most sites reach the border")
        // A larger budget among the sources (a settlement's 2.5 h): the site starts 1 h late.
        let (g2, s2, p2) = { () -> (TravelGraph, TerrainSurface, TerrainProfile) in
            let travel = TravelParameters(patrolHours: 1.5, settlementHours: 2.5)
            let g = TravelGraph(surface: surface, terrain: TerrainParameters(), water: [], travel: travel)
            return (g, surface, profile)
        }()
        let reach2 = TravelReach(graph: g2, surface: s2, profile: p2)
        for site in Self.sites(3, seed: 16) {
            let mine = reach2.intervals(from: site.coordinate, budget: 1.5 * 3600, top: 2.5 * 3600, scratch: &scratch)
            XCTAssertEqual(mine, Self.full(site, graph: g2, surface: s2, profile: p2, offGridSettlement: true), site.id)
        }
    }

    func testPlanByTravelTimeEqualsBruteForce() throws {
        let (graph, surface, profile, border) = Self.terrain()
        let sites = Self.sites(8, seed: 2026)
        let controls = [ControlPoint(id: "cp", name: "cp", kind: .checkpoint, coordinate: Coordinate(longitude: 74.75, latitude: 42.02))]
        let model = TravelPlanCoverage(profile: profile, graph: graph, surface: surface)
        var gaps = GapParameters()
        gaps.includeSettlements = false
        let existing = TravelCoverageAnalysis.run(controls: controls, profile: profile, graph: graph, surface: surface).covered
        let own = sites.map { Self.full($0, graph: graph, surface: surface, profile: profile) }
        let km = { (ivs: [ChainageInterval]) in Coverage.merge(ivs).reduce(0) { $0 + $1.length } / 1000 }
        let base = km(existing)
        for k in [1, 3] {
            var plan = PlanParameters()
            plan.newPosts = k
            plan.curve = false
            let report = try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: gaps, plan: plan, coverage: model)
            var best = 0.0
            for mask in 0..<(1 << sites.count) where mask.nonzeroBitCount <= k {
                best = max(best, km(existing + sites.indices.filter { mask & (1 << $0) != 0 }.flatMap { own[$0] }) - base)
            }
            XCTAssertGreaterThan(best, 1, "a non-trivial instance")
            XCTAssertEqual(report.solution.status.rawValue, "optimal")
            XCTAssertEqual(report.optimum, best, accuracy: PlanAnalysisTests.tolerance, "K = \(k)")
            XCTAssertEqual(report.chosen.map(\.coverage), report.chosen.map { c in own[sites.firstIndex { $0.id == c.site.id }!] })
            // The after-gaps' coverage (all sources together) holds the union, and exceeds it by
            // at most one sample spacing at each end of a chosen interval.
            let gained = (report.after.coveredLength - report.before.coveredLength) / 1000
            let ends = report.chosen.reduce(0) { $0 + 2 * $1.coverage.count }
            XCTAssertGreaterThanOrEqual(gained, report.optimum - 1e-9)
            XCTAssertLessThanOrEqual(gained, report.optimum + Double(ends) * profile.spacing / 1000)
            XCTAssertNotNil(report.after.travel)
            print("[accuracy] plan by travel time vs brute force, K = \(k): optimum \(report.optimum) km, |Δ| = \(abs(report.optimum - best)) km; the joint coverage adds \(String(format: "%.4f", gained - report.optimum)) km")
        }
    }
}
