@testable import Analysis
@testable import Geodesy
import Catalog
import Coordinates
import Domain
import Foundation
import Geometry
import TestSupport
import XCTest

/// The seizures analysis against an independent oracle: scripts/make_seizure_fixtures.py (pure-
/// Python geographiclib, brute force: dense sampling, golden-section and bisection on the first
/// variation; shares no code or method with Sources/Analysis/Seizure*.swift). Every distance must
/// agree to 1 mm, every nearest border point to 1 mm; the measured errors are printed as
/// `[accuracy]` lines.
final class SeizureProximityTests: XCTestCase {
    static let tolerance = 1e-3

    func testRealKazakhKyrgyzBorder() throws {
        guard SeizureFixture.exists("real-kaz-kgz") else {
            throw TestEnvironment.unavailable("seizures-real-kaz-kgz.json not generated (needs geodata/; run scripts/make_seizure_fixtures.py)")
        }
        try check("real-kaz-kgz")
    }
    func testPointsOnAndNearTheLine() throws { try check("near-line") }
    func testFarPoints() throws { try check("far") }
    func testMultiPartBorder() throws { try check("multipart") }
    func testLongSegments() throws { try check("long-segments") }
    func testVertexTiesAndCoincidentCheckpoints() throws { try check("vertex-ties") }
    func testAntimeridian() throws { try check("antimeridian") }
    func testNearThePole() throws { try check("polar") }

    func testEveryFixtureHasATest() throws {
        let known: Set = ["real-kaz-kgz", "near-line", "far", "multipart", "long-segments", "vertex-ties", "antimeridian", "polar"]
        let names = try SeizureFixture.allNames()
        XCTAssertFalse(names.isEmpty)
        for n in names { XCTAssertTrue(known.contains(n), "fixture seizures-\(n).json has no test") }
    }

    // MARK: Oracle comparison

    struct Errors {
        var checkpoint = 0.0, azimuthMetres = 0.0, border = 0.0, point = 0.0, chainage = 0.0, gap = 0.0
    }

    func check(_ name: String) throws {
        let f = try SeizureFixture.load(name)
        let border = Border(id: f.border.id, name: f.border.id, parts: f.borderParts)
        let line = PolylineIndex(parts: border.parts)
        let gaps = f.gaps.enumerated().map { k, g in
            Gap(id: "\(f.border.id)-gap-\(k + 1)", rank: k + 1, start: g[0], end: g[1], geometry: [], maxDistance: 0,
                maxDistancePoint: Coordinate(longitude: 0, latitude: 0), maxDistanceChainage: 0, startControl: nil, endControl: nil, seizures: [],
                certainty: .exact(ChainageInterval(start: g[0], end: g[1])))
        }
        let report = GapReport(border: border, parameters: GapParameters(), controls: [], length: line.length, coveredLength: 0,
                               shortUncoveredLength: 0, gaps: gaps, covered: [])
        let checkpoints = f.checkpoints.map {
            ControlPoint(id: $0.id, name: $0.id, kind: .checkpoint, coordinate: Coordinate(longitude: $0.lon, latitude: $0.lat))
        }
        let context = try SeizureContext(checkpoints: checkpoints, borders: [border], gapReports: [report])
        let points = f.points.map { Coordinate(longitude: $0[0], latitude: $0[1]) }
        let results = SeizureProximity.run(coordinates: points, context: context)
        XCTAssertEqual(results.count, points.count)
        var e = Errors()
        let g = Geodesic.wgs84
        for (i, (p, r)) in zip(points, results).enumerated() {
            let o = f.oracle[i]
            let at = "\(name) point \(i) \(p)"
            // Nearest checkpoint: same one (or an exact tie), distance and bearing.
            if let oi = o.checkpoint, let od = o.checkpointDistance, let oaz = o.checkpointAzimuth {
                guard let c = r.checkpoint else { XCTFail("\(at): no checkpoint"); continue }
                if c.index != oi {
                    let mine = g.distance(p, checkpoints[c.index].coordinate)
                    XCTAssertEqual(mine, od, accuracy: Self.tolerance, "\(at): checkpoint \(c.index) vs oracle's \(oi)")
                }
                e.checkpoint = max(e.checkpoint, abs(c.distance - od))
                XCTAssertEqual(c.distance, od, accuracy: Self.tolerance, "\(at): checkpoint distance")
                if od > 1 {
                    var daz = abs(c.bearing - oaz).truncatingRemainder(dividingBy: 360)
                    daz = min(daz, 360 - daz)
                    let metres = daz * .pi / 180 * od
                    e.azimuthMetres = max(e.azimuthMetres, metres)
                    XCTAssertLessThan(metres, Self.tolerance, "\(at): bearing \(c.bearing) vs \(oaz)")
                }
                XCTAssertTrue(c.bearing >= 0 && c.bearing < 360)
            } else {
                XCTAssertNil(r.checkpoint)
            }
            // Border: distance, nearest point, chainage.
            let b = r.borders[0]
            e.border = max(e.border, abs(b.distance - o.borderDistance))
            XCTAssertEqual(b.distance, o.borderDistance, accuracy: Self.tolerance, "\(at): border distance")
            let op = Coordinate(longitude: o.borderPoint[0], latitude: o.borderPoint[1])
            let apart = g.distance(b.point, op)
            if apart > Self.tolerance {
                // Only acceptable for an exact tie: another point of the line just as near.
                XCTAssertEqual(g.distance(p, b.point), o.borderDistance, accuracy: Self.tolerance, "\(at): border point \(b.point) vs \(op), \(apart) m apart")
                XCTAssertEqual(g.distance(b.point, line.point(atChainage: b.chainage)), 0, accuracy: 1e-3, "\(at): chainage does not match the point")
            } else {
                e.point = max(e.point, apart)
                if apart > 1e-4 { print("[debug] \(at): apart \(apart) dist \(b.distance) ch \(b.chainage) vs \(o.chainage)") }
                e.chainage = max(e.chainage, abs(b.chainage - o.chainage))
                XCTAssertEqual(b.chainage, o.chainage, accuracy: Self.tolerance, "\(at): chainage")
            }
            // Gaps.
            if apart <= Self.tolerance { XCTAssertEqual(b.gap, o.gap, "\(at): in gap") }
            if let ogd = o.nearestGapDistance {
                guard let gd = b.nearestGapDistance else { XCTFail("\(at): no nearest gap"); continue }
                e.gap = max(e.gap, abs(gd - ogd))
                XCTAssertEqual(gd, ogd, accuracy: Self.tolerance, "\(at): nearest gap distance")
                if abs(gd - ogd) < Self.tolerance && b.nearestGap != o.nearestGap {
                    // a tie between two gaps is fine; otherwise the gap must match
                    XCTAssertNotNil(b.nearestGap)
                }
                if b.inGap { XCTAssertEqual(gd, b.distance) }
            } else {
                XCTAssertNil(b.nearestGapDistance)
            }
            XCTAssertEqual(r.nearestBorder, 0)
        }
        print(String(format: "[accuracy] seizures %@ (%d points): checkpoint %.2e m, bearing %.2e m, border %.2e m, border point %.2e m, chainage %.2e m, gap %.2e m",
                     name, points.count, e.checkpoint, e.azimuthMetres, e.border, e.point, e.chainage, e.gap))
    }

    // MARK: Country polygons against GEOS

    func testCountryMatchesGEOS() throws {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let countries = try geodata.countries()
        let border = try BorderCatalog.select("kgz", from: try geodata.borders())
        let context = try SeizureContext(checkpoints: [], borders: border, countries: countries)
        let ctx = GeometryContext()
        let prepared = try countries.map { c in try ctx.multiPolygon(c.polygons).prepared() }
        var rng = TestRandom(seed: 42)
        var mismatches = 0, inside = 0
        for _ in 0..<8_000 {
            let c = Coordinate(longitude: 46 + rng.unit() * 44, latitude: 33 + rng.unit() * 24)
            let mine = context.evaluate(c).country
            var geos: Int?
            for (i, p) in prepared.enumerated() where try p.covers(c) {
                geos = i
                break
            }
            if mine != nil { inside += 1 }
            if mine != geos { mismatches += 1 }
        }
        XCTAssertEqual(mismatches, 0)
        XCTAssertGreaterThan(inside, 2_000)
    }

    /// The one country locator: the corridor (`CorridorCountries`) and the seizures analysis
    /// (`SeizureContext`) give every point the same country, also next to the polygons' edges and
    /// vertices (down to 1e-12°).
    func testCorridorAndSeizuresGiveTheSameCountry() throws {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let countries = try geodata.countries()
        let border = try BorderCatalog.select("kgz", from: try geodata.borders())
        let context = try SeizureContext(checkpoints: [], borders: border, countries: countries)
        let corridor = try CorridorCountries(countries)
        var rng = TestRandom(seed: 43)
        var points: [Coordinate] = (0..<5_000).map { _ in Coordinate(longitude: 46 + rng.unit() * 44, latitude: 33 + rng.unit() * 24) }
        // About 5,000 edges spread over every ring (every 7th of the OSM-derived polygons' 245,127
        // would be 35,000, minutes under AddressSanitizer).
        let rings = countries.flatMap { $0.polygons.flatMap { $0 } }
        let stride = max(1, rings.reduce(0) { $0 + $1.count } / 5_000)
        for ring in rings {
            for (i, v) in ring.enumerated() where i + 1 < ring.count && i % stride == 0 {
                let w = ring[i + 1], t = rng.unit()
                for scale in [0, 1e-12, 1e-9, 1e-6] {
                    points.append(Coordinate(longitude: v.longitude + t * (w.longitude - v.longitude) + (rng.unit() - 0.5) * scale,
                                             latitude: v.latitude + t * (w.latitude - v.latitude) + (rng.unit() - 0.5) * scale))
                }
            }
        }
        var inside = 0
        for c in points {
            let seizures = context.evaluate(c).country.map { countries[$0].iso3.uppercased() } ?? "unknown"
            let corr = try corridor.country(of: Seizure(id: "p", coordinate: c))
            XCTAssertEqual(corr, seizures, "\(c)")
            if corr != "unknown" { inside += 1 }
        }
        XCTAssertGreaterThan(inside, 2_000)
    }

    // MARK: Intervals, filters, parallel runs

    func testPrecisionInterval() {
        XCTAssertTrue(SeizureProximity.interval(5_000, precision: 2_000) == (3_000, 7_000))
        XCTAssertTrue(SeizureProximity.interval(5_000, precision: 9_000) == (0, 14_000))
        XCTAssertTrue(SeizureProximity.interval(5_000, precision: nil) == (5_000, 5_000))
        XCTAssertTrue(SeizureProximity.interval(5_000, precision: 0) == (5_000, 5_000))
        XCTAssertTrue(SeizureProximity.interval(5_000, precision: -3) == (5_000, 5_000))
    }

    func testDateFilter() throws {
        let f = try SeizureFilter(from: "2020-05", to: "2020-12-31")
        XCTAssertTrue(f.matches(dateStart: "2020-05-14", dateEnd: "2020-05-14", drug: nil))
        XCTAssertTrue(f.matches(dateStart: "2020-05-01", dateEnd: nil, drug: nil))
        XCTAssertFalse(f.matches(dateStart: "2020-04-30", dateEnd: "2020-04-30", drug: nil))
        XCTAssertTrue(f.matches(dateStart: "2020-04-01", dateEnd: "2020-06-30", drug: nil), "overlap")
        XCTAssertTrue(f.matches(dateStart: "2020", dateEnd: nil, drug: nil), "a year overlaps")
        XCTAssertTrue(f.matches(dateStart: nil, dateEnd: "2020-11-13", drug: nil), "on or before")
        XCTAssertFalse(f.matches(dateStart: nil, dateEnd: nil, drug: nil), "undated")
        XCTAssertFalse(f.matches(dateStart: "2021-01-01", dateEnd: nil, drug: nil))
        XCTAssertTrue(f.matches(dateStart: "2020-12-31T23:00:00Z", dateEnd: nil, drug: nil))
        XCTAssertThrowsError(try SeizureFilter(from: "2020-13"))
        XCTAssertThrowsError(try SeizureFilter(from: "2021-02-29"))
        XCTAssertNoThrow(try SeizureFilter(from: "2020-02-29"))
        XCTAssertThrowsError(try SeizureFilter(from: "2021", to: "2020"))
        XCTAssertThrowsError(try SeizureFilter(from: "yesterday"))
        XCTAssertEqual(SeizureFilter.dayRange("1970-01-01"), 0...0)
        XCTAssertEqual(SeizureFilter.dayRange("2000-03-01"), 11_017...11_017)
        XCTAssertEqual(SeizureFilter.dayRange("2024-02")?.count, 29)
    }

    func testDrugFilter() throws {
        let f = try SeizureFilter(drugs: ["Heroin", "mephedrone"])
        XCTAssertTrue(f.matches(dateStart: nil, dateEnd: nil, drug: "heroin"))
        XCTAssertTrue(f.matches(dateStart: nil, dateEnd: nil, drug: "heroin; synthetic drugs"))
        XCTAssertTrue(f.matches(dateStart: nil, dateEnd: nil, drug: "psychotropic substances (mephedrone)"))
        XCTAssertFalse(f.matches(dateStart: nil, dateEnd: nil, drug: "hashish"))
        XCTAssertFalse(f.matches(dateStart: nil, dateEnd: nil, drug: nil))
        XCTAssertFalse(try SeizureFilter(drugs: ["hash"]).matches(dateStart: nil, dateEnd: nil, drug: "hashish"))
        XCTAssertTrue(try SeizureFilter().isEmpty)
    }

    func testParallelRunMatchesSequential() throws {
        let f = try SeizureFixture.load("multipart")
        let border = Border(id: "mp", name: "mp", parts: f.borderParts)
        let context = try SeizureContext(checkpoints: f.checkpoints.map {
            ControlPoint(id: $0.id, name: $0.id, kind: .checkpoint, coordinate: Coordinate(longitude: $0.lon, latitude: $0.lat))
        }, borders: [border, Border(id: "b2", name: "b2", parts: [[Coordinate(longitude: 74, latitude: 39), Coordinate(longitude: 77, latitude: 42)]])])
        var rng = TestRandom(seed: 7)
        let points = (0..<3_000).map { _ in Coordinate(longitude: 73 + rng.unit() * 5, latitude: 39 + rng.unit() * 3) }
        let parallel = SeizureProximity.run(coordinates: points, context: context)
        for (p, r) in zip(points, parallel) { XCTAssertEqual(context.evaluate(p), r) }
        for r in parallel {
            XCTAssertEqual(r.borders.count, 2)
            XCTAssertNil(r.borders[0].nearestGap, "no gap report given")
            XCTAssertEqual(r.nearestBorder, r.borders[0].distance <= r.borders[1].distance ? 0 : 1)
        }
    }

    /// Random points against random lines: the certified fast path agrees with Geodesy's exact
    /// (PROJ Newton) nearest point to 1 mm, and the fallback paths are exercised.
    func testAgreesWithExactPolylineIndex() throws {
        var rng = TestRandom(seed: 99)
        var worst = 0.0
        for _ in 0..<5 {
            var pts = [Coordinate(longitude: 60 + rng.unit() * 20, latitude: 35 + rng.unit() * 20)]
            for _ in 0..<60 {
                let last = pts.last!
                let next = Geodesic.wgs84.direct(from: last, azimuth: rng.unit() * 360, distance: 500 + rng.unit() * 15_000).coordinate
                pts.append(next)
            }
            let border = Border(id: "r", name: "r", parts: [pts])
            let context = try SeizureContext(checkpoints: [], borders: [border])
            let index = PolylineIndex(parts: [pts])
            for _ in 0..<200 {
                let p = Coordinate(longitude: pts[0].longitude - 3 + rng.unit() * 6, latitude: pts[0].latitude - 3 + rng.unit() * 6)
                let mine = context.evaluate(p).borders[0]
                let exact = index.nearestPoint(to: p)!
                worst = max(worst, abs(mine.distance - exact.distance))
                XCTAssertEqual(mine.distance, exact.distance, accuracy: Self.tolerance)
            }
        }
        print(String(format: "[accuracy] seizures vs PolylineIndex.nearestPoint (1000 points): %.2e m", worst))
    }

    func testEmptyBorderIsRefused() {
        XCTAssertThrowsError(try SeizureContext(checkpoints: [], borders: [Border(id: "e", name: "e", parts: [])]))
    }

    // MARK: The fast paths against the plain ones

    /// Points that probe a line: around it (some beyond the grid), on its vertices, on its
    /// segments, and just off its vertices.
    func probes(_ pts: [Coordinate], _ n: Int, _ rng: inout TestRandom) -> [Coordinate] {
        (0..<n).map { i in
            let v = pts[Int(rng.unit() * Double(pts.count - 1))]
            switch i % 4 {
            case 0: return Coordinate(longitude: v.longitude - 3 + rng.unit() * 6, latitude: v.latitude - 3 + rng.unit() * 6)
            case 1: return v
            case 2:
                let k = Int(rng.unit() * Double(pts.count - 1))
                return Geodesic.wgs84.intermediate(from: pts[k], to: pts[k + 1], fraction: rng.unit())
            default: return Geodesic.wgs84.direct(from: v, azimuth: rng.unit() * 360, distance: rng.unit() * 100).coordinate
            }
        }
    }

    /// The candidate grid gives exactly what the hierarchy alone gives (border lines and gap
    /// lines; short and long segments; two parts, one a closed ring).
    func testGridAgreesWithHierarchy() throws {
        var rng = TestRandom(seed: 11)
        var checked = 0
        for round in 0..<4 {
            var pts = [Coordinate(longitude: 60 + rng.unit() * 20, latitude: 35 + rng.unit() * 20)]
            for _ in 0..<80 {
                pts.append(Geodesic.wgs84.direct(from: pts.last!, azimuth: rng.unit() * 360,
                                                 distance: round == 3 ? 10_000 + rng.unit() * 30_000 : 200 + rng.unit() * 8_000).coordinate)
            }
            let ring = [pts[40], Geodesic.wgs84.direct(from: pts[40], azimuth: 10, distance: 5_000).coordinate,
                        Geodesic.wgs84.direct(from: pts[40], azimuth: 80, distance: 5_000).coordinate, pts[40]]
            let border = Border(id: "g", name: "g", parts: [pts, ring])
            let line = PolylineIndex(parts: border.parts)
            let gaps = [(0.1, 0.2), (0.35, 0.36), (0.5, 0.8)].enumerated().map { k, g in
                Gap(id: "g-\(k)", rank: k + 1, start: g.0 * line.length, end: g.1 * line.length, geometry: [], maxDistance: 0,
                    maxDistancePoint: Coordinate(longitude: 0, latitude: 0), maxDistanceChainage: 0, startControl: nil, endControl: nil, seizures: [],
                    certainty: .exact(ChainageInterval(start: g.0 * line.length, end: g.1 * line.length)))
            }
            let report = GapReport(border: border, parameters: GapParameters(), controls: [], length: line.length, coveredLength: 0,
                                   shortUncoveredLength: 0, gaps: gaps, covered: [])
            let context = try SeizureContext(checkpoints: [], borders: [border], gapReports: [report])
            for l in [context.borderLines[0], context.gapLines[0]!] {
                XCTAssertNotNil(l.grid)
                for c in probes(pts + ring, 2_000, &rng) {
                    let p = SurfacePoint(c)
                    guard let a = l.nearest(to: p), let b = l.nearest(to: p, grid: nil) else { XCTFail("no hit at \(c)"); continue }
                    XCTAssertEqual(a.distance, b.distance, "\(c)")
                    XCTAssertEqual(a.chainage, b.chainage, "\(c)")
                    XCTAssertEqual(a.coordinate, b.coordinate, "\(c)")
                    XCTAssertEqual(a.owner, b.owner, "\(c)")
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 16_000)
    }

    /// The country grid gives exactly what the crossing test gives, also next to edges and
    /// vertices (down to 1e-12°) and outside the grid.
    func testCountryGridAgreesWithCrossingTest() throws {
        let geodata: Geodata
        do { geodata = try Geodata.locate() } catch { throw TestEnvironment.unavailable("geodata not found: \(error)") }
        let countries = try geodata.countries()
        let index = CountryLocator(countries)
        XCTAssertNotNil(index.frame)
        var rng = TestRandom(seed: 5)
        var points: [Coordinate] = (0..<40_000).map { _ in Coordinate(longitude: 38 + rng.unit() * 59, latitude: 27 + rng.unit() * 35) }
        // Every edge of the OSM-derived polygons (245,127 vertices) would make ~2.7 M points, each
        // a crossing test over a country's whole ring: ~10 min under AddressSanitizer. Every
        // stride-th edge (≈ 4,000 of them, spread over every ring) keeps the near-edge and
        // near-vertex cases.
        let rings = countries.flatMap { $0.polygons.flatMap { $0 } }
        let stride = max(1, rings.reduce(0) { $0 + $1.count } / 4_000)
        var edge = 0
        for ring in rings {
            for (i, v) in ring.enumerated() where i + 1 < ring.count {
                edge += 1
                guard edge % stride == 0 else { continue }
                let w = ring[i + 1]
                for scale in [1e-12, 1e-9, 1e-7, 1e-5, 1e-3] {
                    points.append(Coordinate(longitude: v.longitude + (rng.unit() - 0.5) * scale, latitude: v.latitude + (rng.unit() - 0.5) * scale))
                    let t = rng.unit()
                    points.append(Coordinate(longitude: v.longitude + t * (w.longitude - v.longitude) + (rng.unit() - 0.5) * scale,
                                             latitude: v.latitude + t * (w.latitude - v.latitude) + (rng.unit() - 0.5) * scale))
                }
                points.append(v)
            }
        }
        var inGrid = 0
        for c in points {
            XCTAssertEqual(index.locate(c), index.locateByCrossing(c), "\(c)")
            if let cell = index.frame?.cell(c), index.cells[cell] != CountryLocator.boundary { inGrid += 1 }
        }
        XCTAssertGreaterThan(inGrid, 30_000)
    }

    /// `evaluate(_:into:)`, reusing one result, gives what `evaluate(_:)` gives.
    func testEvaluateIntoMatchesEvaluate() throws {
        let f = try SeizureFixture.load("multipart")
        let context = try SeizureContext(checkpoints: f.checkpoints.map {
            ControlPoint(id: $0.id, name: $0.id, kind: .checkpoint, coordinate: Coordinate(longitude: $0.lon, latitude: $0.lat))
        }, borders: [Border(id: "mp", name: "mp", parts: f.borderParts),
                     Border(id: "b2", name: "b2", parts: [[Coordinate(longitude: 74, latitude: 39), Coordinate(longitude: 77, latitude: 42)]])])
        var rng = TestRandom(seed: 8)
        var reused = SeizureResult(country: nil, checkpoint: nil, borders: [])
        for _ in 0..<2_000 {
            let c = Coordinate(longitude: 73 + rng.unit() * 5, latitude: 39 + rng.unit() * 3)
            context.evaluate(c, into: &reused)
            XCTAssertEqual(reused, context.evaluate(c))
        }
    }
}


struct SeizureFixture: OracleFixture {
    struct BorderData: Decodable {
        var id: String
        var parts: [[[Double]]]
    }
    struct CheckpointData: Decodable {
        var id: String
        var lon: Double
        var lat: Double
    }
    struct Oracle: Decodable {
        var checkpoint: Int?
        var checkpointDistance: Double?
        var checkpointAzimuth: Double?
        var borderDistance: Double
        var borderPoint: [Double]
        var chainage: Double
        var gap: Int?
        var nearestGap: Int?
        var nearestGapDistance: Double?
    }

    var name: String
    var border: BorderData
    var gaps: [[Double]]
    var checkpoints: [CheckpointData]
    var points: [[Double]]
    var oracle: [Oracle]

    var borderParts: [[Coordinate]] {
        border.parts.map { $0.map { Coordinate(longitude: $0[0], latitude: $0[1]) } }
    }

    static let prefix = "seizures-"
}
