import Analysis
import Coordinates
import Domain
import Foundation
import Geodesy
import TestSupport
import XCTest

/// `PlanAnalysis` against brute force on small instances: every subset of ≤ K candidate sites is
/// measured directly (the union of the existing coverage and each chosen site's own geodesic
/// coverage intervals, `Coverage.intervals` of each disc alone, merged; minus the existing
/// coverage: no elementary pieces, no classes, no integer programme), and the plan's optimum must be the best of them. Tolerance:
/// 1e-6 km (1 mm); the instance is exact, so what is left is floating-point summation and GLPK's
/// relative pruning tolerance (1e-7 of ≤ 200 km = 0.02 mm).
final class PlanAnalysisTests: XCTestCase {
    static let tolerance = 1e-6  // km

    /// A wiggly border of ~150 km near 43° N, two parts, with a few existing controls.
    func instance(_ rng: inout TestRandom) -> (Border, [ControlPoint], [CandidateSite]) {
        var part1: [Coordinate] = [], part2: [Coordinate] = []
        for k in 0...40 { part1.append(Coordinate(longitude: 74 + Double(k) * 0.025, latitude: 43 + 0.02 * sin(Double(k) / 3) + rng.uniform(-0.003, 0.003))) }
        for k in 0...25 { part2.append(Coordinate(longitude: 75.1 + Double(k) * 0.025, latitude: 43.05 + rng.uniform(-0.01, 0.01))) }
        let border = Border(id: "t", name: "test", parts: [part1, part2])
        let controls = [
            ControlPoint(id: "cp", name: "cp", kind: .checkpoint, coordinate: Coordinate(longitude: 74.3, latitude: 43.02)),
            ControlPoint(id: "st", name: "st", kind: .settlement, coordinate: Coordinate(longitude: 75.3, latitude: 43.08)),
        ]
        let sites = (0..<12).map { j in
            CandidateSite(id: "s\(j)", name: "s\(j)", coordinate: Coordinate(longitude: rng.uniform(73.95, 75.8), latitude: rng.uniform(42.92, 43.15)),
                          origin: .file, cost: rng.uniform(1, 4).rounded())
        }
        return (border, controls, sites)
    }

    func coveredKm(_ line: PolylineIndex, _ discs: [CoverageDisc]) -> Double {
        Coverage.intervals(of: line, by: discs).reduce(0) { $0 + $1.length } / 1000
    }

    func testOptimumEqualsBruteForce() throws {
        var rng = TestRandom(seed: 2026)
        var worst = 0.0
        for round in 0..<4 {
            let (border, controls, sites) = instance(&rng)
            var gaps = GapParameters()
            gaps.postRadius = 8_000
            gaps.settlementRadius = 4_000
            let line = PolylineIndex(parts: border.parts)
            let existing = controls.map { CoverageDisc(center: $0.coordinate, radius: $0.kind.isPost ? gaps.postRadius : gaps.settlementRadius) }
            let base = coveredKm(line, existing)
            // Each disc's own intervals once; a subset's coverage is their union (Coverage.merge).
            let existingIntervals = Coverage.intervals(of: line, by: existing)
            let siteIntervals = sites.map { Coverage.intervals(of: line, by: [CoverageDisc(center: $0.coordinate, radius: gaps.postRadius)]) }
            for k in [1, 2, 4] {
                for budget in [nil, 5.0] as [Double?] {
                    var plan = PlanParameters()
                    plan.newPosts = k
                    plan.budget = budget
                    plan.curve = false
                    let report = try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: gaps, plan: plan)
                    var best = 0.0
                    for mask in 0..<(1 << sites.count) where mask.nonzeroBitCount <= k {
                        let chosen = sites.indices.filter { mask & (1 << $0) != 0 }
                        if let budget, chosen.reduce(0, { $0 + sites[$1].cost }) > budget { continue }
                        let union = Coverage.merge(existingIntervals + chosen.flatMap { siteIntervals[$0] })
                        best = max(best, union.reduce(0) { $0 + $1.length } / 1000 - base)
                    }
                    XCTAssertGreaterThan(best, 1, "a non-trivial instance")
                    XCTAssertEqual(report.solution.status.rawValue, "optimal")
                    XCTAssertEqual(report.optimum, best, accuracy: Self.tolerance, "round \(round), K = \(k), budget \(String(describing: budget))")
                    XCTAssertEqual(report.solution.bound, best, accuracy: Self.tolerance)
                    XCTAssertLessThanOrEqual(report.chosen.count, k)
                    if let budget { XCTAssertLessThanOrEqual(report.chosen.reduce(0) { $0 + $1.site.cost }, budget) }
                    // The ranked adds sum to the optimum, and the gaps after are the border minus it.
                    XCTAssertEqual(report.chosen.reduce(0) { $0 + $1.adds }, report.optimum, accuracy: Self.tolerance)
                    XCTAssertEqual((report.after.coveredLength - report.before.coveredLength) / 1000, report.optimum, accuracy: Self.tolerance)
                    XCTAssertGreaterThanOrEqual(report.optimum, report.greedyValue - Self.tolerance)
                    worst = max(worst, abs(report.optimum - best))
                }
            }
        }
        print("[accuracy] plan optimum vs brute force: worst |Δ| = \(worst) km")
    }

    /// The curve's k-th optimum is the K = k plan's optimum, and never decreases.
    func testMarginalCurveSolvesEachK() throws {
        var rng = TestRandom(seed: 99)
        let (border, controls, sites) = instance(&rng)
        var plan = PlanParameters()
        plan.newPosts = 4
        let report = try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: GapParameters(), plan: plan)
        XCTAssertEqual(report.curve.map(\.k), [1, 2, 3, 4])
        var previous = 0.0
        for point in report.curve {
            var single = plan
            single.newPosts = point.k
            single.curve = false
            let r = try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: GapParameters(), plan: single)
            XCTAssertEqual(point.optimum, r.optimum, accuracy: Self.tolerance)
            XCTAssertEqual(point.added, point.optimum - previous, accuracy: 1e-12)
            XCTAssertGreaterThanOrEqual(point.added, -Self.tolerance)
            previous = point.optimum
        }
        XCTAssertEqual(report.curve.last!.optimum, report.optimum, accuracy: Self.tolerance)
    }

    func testImpossibleRequestsAreRefused() throws {
        var rng = TestRandom(seed: 5)
        let (border, controls, sites) = instance(&rng)
        var plan = PlanParameters()
        plan.newPosts = 0
        XCTAssertThrowsError(try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: GapParameters(), plan: plan))
        plan.newPosts = 2
        XCTAssertThrowsError(try PlanAnalysis.run(border: border, controls: controls, sites: [], gaps: GapParameters(), plan: plan))
        plan.budget = 0.5  // every site costs ≥ 1
        XCTAssertThrowsError(try PlanAnalysis.run(border: border, controls: controls, sites: sites, gaps: GapParameters(), plan: plan)) {
            XCTAssertTrue("\($0)".contains("budget"), "\($0)")
        }
        plan.budget = nil
        let far = [CandidateSite(id: "far", name: "far", coordinate: Coordinate(longitude: 80, latitude: 50), origin: .file)]
        XCTAssertThrowsError(try PlanAnalysis.run(border: border, controls: controls, sites: far, gaps: GapParameters(), plan: plan))
    }

    /// Border sites lie on the chosen side, `setback` from the line (geodesic, to 1 mm where the
    /// line is straight), one per `spacing` of chainage.
    func testBorderSitesAreSetBackOnTheChosenSide() throws {
        let line = [Coordinate(longitude: 74, latitude: 43), Coordinate(longitude: 75, latitude: 43)]
        let border = Border(id: "t", name: "test", parts: [line])
        let north = Country(iso3: "KAZ", name: "north", polygons: [[[
            Coordinate(longitude: 73, latitude: 43), Coordinate(longitude: 76, latitude: 43), Coordinate(longitude: 76, latitude: 45),
            Coordinate(longitude: 73, latitude: 45), Coordinate(longitude: 73, latitude: 43)]]])
        let south = Country(iso3: "KGZ", name: "south", polygons: [[[
            Coordinate(longitude: 73, latitude: 41), Coordinate(longitude: 76, latitude: 41), Coordinate(longitude: 76, latitude: 43),
            Coordinate(longitude: 73, latitude: 43), Coordinate(longitude: 73, latitude: 41)]]])
        let length = Geodesic.wgs84.distance(line[0], line[1])
        for (side, northward) in [("KAZ", true), ("kgz", false)] {
            let r = BorderSites.along(border, side: side, countries: [north, south], spacing: 5_000, setback: 2_000)
            XCTAssertEqual(r.sites.count, Int((length / 5_000).rounded(.down)) + 1)
            XCTAssertTrue(r.skipped.isEmpty)
            let index = PolylineIndex(parts: border.parts)
            for (k, s) in r.sites.enumerated() {
                XCTAssertEqual(s.chainage!, Double(k) * 5_000, accuracy: 1e-9)
                XCTAssertEqual(s.coordinate.latitude > 43, northward)
                let near = try XCTUnwrap(index.nearestPoint(to: s.coordinate))
                if k > 0 { XCTAssertEqual(near.distance, 2_000, accuracy: 1e-3, "site \(k)") }
            }
        }
        // A side with no territory there gets no site.
        XCTAssertTrue(BorderSites.along(border, side: "CHN", countries: [north, south], spacing: 5_000, setback: 2_000).sites.isEmpty)
    }
}
