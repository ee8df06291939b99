import Coordinates
import Foundation
@testable import Geodesy
import TestSupport
import XCTest


/// The geodesic kernel: WGS84 constants, geocentric vectors, chord bounds, the certified inverse,
/// fast trigonometry, the longitude/latitude grid and the tree over geodesic pieces.
final class KernelTests: XCTestCase {
    let geod = Geodesic.wgs84

    func testWGS84DerivedConstants() {
        XCTAssertEqual(WGS84.a, 6_378_137)
        XCTAssertEqual(1 / WGS84.f, 298.257223563, accuracy: 1e-9)
        XCTAssertEqual(WGS84.b, 6_356_752.314_245_179, accuracy: 1e-8)
        XCTAssertEqual(WGS84.e2, 0.006_694_379_990_141_316_5, accuracy: 1e-17)
        XCTAssertEqual(1 / WGS84.kappa, 6_335_439.327_292_8, accuracy: 1e-6)  // b²/a
        XCTAssertEqual(Ellipsoid.wgs84.equatorialRadius, WGS84.a)
        XCTAssertEqual(Ellipsoid.wgs84.flattening, WGS84.f)
        XCTAssertEqual(Ellipsoid.wgs84.polarRadius, WGS84.b)
        // The curvature bound: 1/M at the equator, the largest of all normal curvatures.
        let r = WGS84.radii(sinLatitude: 0)
        XCTAssertEqual(1 / r.m, WGS84.kappa, accuracy: 1e-22)
        XCTAssertEqual(r.n, WGS84.a, accuracy: 1e-9)
        var rng = TestRandom(seed: 1)
        for _ in 0..<2_000 {
            let c = Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-90, 90))
            let s = SurfacePoint(c)
            let k = WGS84.normalCurvature(normal: s.up, direction: s.tangent(azimuth: rng.uniform(0, 360)))
            XCTAssertLessThanOrEqual(k, WGS84.kappa * (1 + 1e-15))
            XCTAssertGreaterThanOrEqual(k, 1 / s.n * (1 - 1e-15))
        }
    }

    /// Both constructions of a point's geocentric vector lie on the ellipsoid and agree to the
    /// last bits (nanometres).
    func testGeocentricVectorOnTheEllipsoid() {
        var rng = TestRandom(seed: 2)
        var worst = 0.0
        for _ in 0..<10_000 {
            let c = Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-90, 90))
            let v = GeocentricVector(c), s = SurfacePoint(c)
            worst = max(worst, (v - s.p).length)
            let q = (v.x * v.x + v.y * v.y) / (WGS84.a * WGS84.a) + v.z * v.z / (WGS84.b * WGS84.b)
            XCTAssertEqual(q, 1, accuracy: 1e-15)
            XCTAssertEqual(WGS84.normal(v).dot(s.up), 1, accuracy: 1e-15)
            XCTAssertEqual(s.east.dot(s.up), 0, accuracy: 1e-15)
            XCTAssertEqual(s.north.dot(s.up), 0, accuracy: 1e-15)
        }
        XCTAssertLessThan(worst, 1e-8)
    }

    /// chord ≤ geodesic ≤ geodesicUpperBound(chord) (both evaluations), chordSurelyWithin inverts
    /// the upper bound, and a geodesic segment stays within its sagitta of its chord.
    func testChordAndSagittaBoundsNeverContradictTheGeodesic() {
        var rng = TestRandom(seed: 99)
        for _ in 0..<2_000 {
            let a = Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-89, 89))
            let distance = [1.0, 100, 1e4, 1e5, 1e6, 5e6][Int(rng.next() % 6)] * rng.uniform(0.5, 1)
            let line = geod.line(from: a, azimuth: rng.uniform(-180, 180), distance: distance)
            let b = line.coordinate(at: distance)
            let exact = geod.distance(a, b)
            let ae = GeocentricVector(a), be = GeocentricVector(b)
            let chord = ae.chord(to: be)
            XCTAssertLessThanOrEqual(chord, exact + ChordBounds.roundingSlack)
            XCTAssertGreaterThanOrEqual(ChordBounds.geodesicUpperBound(chord: chord), exact)
            XCTAssertGreaterThanOrEqual(ChordBounds.geodesicUpperBoundBySeries(chord: chord), exact)
            XCTAssertEqual(ChordBounds.geodesicUpperBoundBySeries(chord: chord), ChordBounds.geodesicUpperBound(chord: chord),
                           accuracy: 1e-9 * max(1, chord))
            XCTAssertLessThanOrEqual(ChordBounds.geodesicUpperBound(chord: ChordBounds.chordSurelyWithin(exact)), exact + ChordBounds.roundingSlack)
            let sag = ChordBounds.sagitta(length: exact)
            for k in 1..<16 {
                let x = GeocentricVector(line.coordinate(at: distance * Double(k) / 16))
                XCTAssertLessThanOrEqual(x.distanceToSegment(ae, be), sag, "A\(a) B\(b) L \(exact)")
            }
        }
        // ≈ 1.5·κL²/8 + 1 mm (the next term, 1.5·κ³L⁴/384, is 2.5e-6 m at 20 km).
        XCTAssertEqual(ChordBounds.sagitta(length: 20_000), 1.5 * 20_000 * 20_000 * WGS84.kappa / 8 + 1e-3, accuracy: 5e-6)
        XCTAssertEqual(ChordBounds.geodesicUpperBound(chord: 3 / WGS84.kappa), .infinity)
    }

    /// Within 1 µm of Karney's inverse (PROJ), 1 m to 2 000 km, also from a point of a line given
    /// by an approximate position and tangent.
    func testCertifiedInverseAgreesWithKarney() {
        var rng = TestRandom(seed: 7)
        var worst = 0.0, worstAzimuth = 0.0
        for i in 0..<20_000 {
            let a = Coordinate(longitude: rng.uniform(-180, 180), latitude: rng.uniform(-1, 1) * (i % 2 == 0 ? 85 : 50))
            let d = pow(10, rng.uniform(0, 6.3))
            let b = geod.direct(from: a, azimuth: rng.uniform(-180, 180), distance: d).coordinate
            let exact = geod.inverse(a, b)
            let r = CertifiedInverse.inverse(SurfacePoint(a), SurfacePoint(b))
            worst = max(worst, abs(r.distance - exact.distance))
            let da = abs(remainder(r.azimuth - exact.initialAzimuth, 360))
            worstAzimuth = max(worstAzimuth, da)
            XCTAssertEqual(r.distance, exact.distance, accuracy: 1e-6, "A\(a) B\(b)")
            XCTAssertLessThan(da, 1e-6, "A\(a) B\(b)")
            let bearing = CertifiedInverse.bearing(r.azimuth)
            XCTAssertTrue(bearing >= 0 && bearing < 360)
            // Steered by a point 0.05 µm off and a tangent 1e-10 rad off.
            let azimuth = rng.uniform(-180, 180), sa = SurfacePoint(a)
            let t = sa.tangent(azimuth: azimuth) + 1e-10 * sa.up
            let s = CertifiedInverse.inverse(from: a, near: sa.p + 5e-8 * sa.east, tangent: t, azimuth: azimuth, to: SurfacePoint(b))
            XCTAssertEqual(s.distance, exact.distance, accuracy: 1e-6, "A\(a) B\(b)")
        }
        print(String(format: "[accuracy] certified inverse vs Karney, 1 m–2000 km: distance %.2e m, azimuth %.2e deg", worst, worstAzimuth))
        XCTAssertEqual(CertifiedInverse.inverse(SurfacePoint(Coordinate(longitude: 10, latitude: 20)),
                                                SurfacePoint(Coordinate(longitude: 10, latitude: 20))).distance, 0)
    }

    /// FastTrig against libm.
    func testFastTrigAgreesWithLibm() {
        var rng = TestRandom(seed: 3)
        var worstSin = 0.0, worstCos = 0.0, worstAtan = 0.0
        for _ in 0..<200_000 {
            let d = (rng.unit() - 0.5) * 1_440
            let t = FastTrig.sincos(degrees: d)
            worstSin = max(worstSin, abs(t.sin - sin(d * .pi / 180)))
            worstCos = max(worstCos, abs(t.cos - cos(d * .pi / 180)))
            XCTAssertEqual(FastTrig.cos(degrees: d), t.cos)
            let y = (rng.unit() - 0.5) * pow(10, rng.unit() * 12 - 6), x = (rng.unit() - 0.5) * pow(10, rng.unit() * 12 - 6)
            worstAtan = max(worstAtan, abs(FastTrig.atan2(y, x) - atan2(y, x)))
        }
        XCTAssertLessThan(worstSin, 3e-15)
        XCTAssertLessThan(worstCos, 3e-15)
        XCTAssertLessThan(worstAtan, 1e-15)
        // Multiples of 90° are exact, 45° within an ulp.
        for (d, sine, cosine) in [(0.0, 0.0, 1.0), (90, 1, 0), (180, 0, -1), (270, -1, 0), (-90, -1, 0), (-180, 0, -1), (360, 0, 1),
                                  (45, 0.5.squareRoot(), 0.5.squareRoot()), (-135, -(0.5.squareRoot()), -(0.5.squareRoot()))] {
            let t = FastTrig.sincos(degrees: d)
            XCTAssertEqual(t.sin, sine, accuracy: 2.3e-16, "sin \(d)°")
            XCTAssertEqual(t.cos, cosine, accuracy: 2.3e-16, "cos \(d)°")
        }
        for (y, x) in [(0.0, 1.0), (0.0, -1.0), (-0.0, -1.0), (1.0, 0.0), (-1.0, 0.0), (0.0, 0.0), (-0.0, -0.0), (1.0, 1.0), (-1.0, -1.0),
                       (.infinity, 1.0), (1.0, -.infinity)] {
            XCTAssertEqual(FastTrig.atan2(y, x), atan2(y, x), accuracy: 1e-15, "atan2(\(y), \(x))")
        }
        XCTAssertTrue(FastTrig.atan2(.nan, 1).isNaN)
        XCTAssertTrue(FastTrig.sincos(degrees: .nan).sin.isNaN)
    }

    /// Every point of a block of cells (widened by 1e-9°) is within the block's disc, and a
    /// point's cell holds it.
    func testLonLatGridCellsAndDiscs() throws {
        let grid = try XCTUnwrap(LonLatGrid(minLon: 40, maxLon: 90, minLat: 30, maxLat: 60, step: 0.05, maxCells: 1 << 16))
        XCTAssertLessThanOrEqual(grid.cellCount, 1 << 16 + grid.nx + grid.ny)
        XCTAssertNil(LonLatGrid(minLon: 10, maxLon: 10, minLat: 0, maxLat: 1, step: 0.1, maxCells: 10))
        XCTAssertNil(grid.cell(Coordinate(longitude: 39.9, latitude: 45)))
        XCTAssertNil(grid.cell(Coordinate(longitude: .nan, latitude: 45)))
        let trig = grid.halfSteps()
        var rng = TestRandom(seed: 11)
        for _ in 0..<2_000 {
            let ix0 = Int(rng.next() % UInt64(grid.nx)), iy0 = Int(rng.next() % UInt64(grid.ny))
            let ix1 = min(grid.nx, ix0 + 1 + Int(rng.next() % 64)), iy1 = min(grid.ny, iy0 + 1 + Int(rng.next() % 64))
            let (centre, radius) = grid.disc(ix0, ix1, iy0, iy1, trig)
            let r = grid.rectangle(ix0, ix1, iy0, iy1)
            for _ in 0..<8 {
                let c = Coordinate(longitude: rng.uniform(r.minLon, r.maxLon), latitude: rng.uniform(r.minLat, r.maxLat))
                XCTAssertLessThanOrEqual(GeocentricVector(c).chord(to: centre), radius)
                if let cell = grid.cell(c) {
                    let one = grid.rectangle(cell % grid.nx, cell % grid.nx + 1, cell / grid.nx, cell / grid.nx + 1)
                    XCTAssertTrue(c.longitude >= one.minLon && c.longitude <= one.maxLon && c.latitude >= one.minLat && c.latitude <= one.maxLat)
                }
            }
        }
    }

    /// Exact mode: lower bounds never exceed the exact distance, nearest-first visits in order and
    /// every piece within reach is reported; approximate mode: the walk visits every piece whose
    /// lower bound is within the visitor's bound.
    func testPieceTreeBoundsAndSearches() {
        struct Collect: GeodesicPieceVisitor {
            var bound: Double
            var seen: [Int] = []
            mutating func visit(piece: Int) { seen.append(piece) }
        }
        var rng = TestRandom(seed: 13)
        for round in 0..<6 {
            // A meandering line with a joint (invalid piece) in the middle.
            var points = [Coordinate(longitude: rng.uniform(-170, 170), latitude: rng.uniform(-70, 70))]
            for _ in 0..<299 {
                let step = [50.0, 2_000, 30_000, 400_000][round % 4] * rng.uniform(0.2, 1)
                points.append(geod.direct(from: points.last!, azimuth: rng.uniform(-60, 60), distance: step).coordinate)
            }
            let valid = (0..<299).map { $0 != 150 }
            let ecef = points.map(GeocentricVector.init)
            let sag = (0..<299).map { ChordBounds.sagitta(length: geod.distance(points[$0], points[$0 + 1])) }
            let chords = (0..<299).map { GeodesicPieceTree.Chord(a: ecef[$0], b: ecef[$0 + 1], sag: sag[$0]) }
            let tree = GeodesicPieceTree(polyline: ecef, sag: sag, valid: valid, leafSize: 1 + round)
            // The same pieces given separately make the same tree.
            let separate = GeodesicPieceTree(pieces: (0..<299).map { (a: ecef[$0], b: ecef[$0 + 1], sag: valid[$0] ? sag[$0] : 0) },
                                             leafSize: 1 + round)
            XCTAssertEqual(separate.nodes.map(\.lo), tree.nodes.map(\.lo))
            XCTAssertEqual(separate.nodes.map(\.hi), tree.nodes.map(\.hi))
            XCTAssertEqual(tree.count, 299)
            XCTAssertEqual(tree.nodes[0].start, 0)
            XCTAssertEqual(tree.nodes[0].end, 299)
            for _ in 0..<20 {
                let p = geod.direct(from: points[Int(rng.next() % 300)], azimuth: rng.uniform(-180, 180),
                                    distance: rng.uniform(0, 50_000)).coordinate
                let pe = GeocentricVector(p)
                let exact = (0..<299).map { valid[$0] ? geod.nearestPoint(to: p, onSegmentFrom: points[$0], to: points[$0 + 1]).distance : .infinity }
                for i in 0..<299 where valid[i] {
                    XCTAssertLessThanOrEqual(tree.pieceLowerBound(i, pe), exact[i] + 1e-6)
                    XCTAssertLessThanOrEqual(chords[i].distance(pe) - chords[i].sag, exact[i] + 1e-6)
                }
                var keys: [Double] = [], order: [Int] = []
                tree.visitNearestFirst(pe) { i, key in
                    keys.append(key)
                    order.append(i)
                    return true
                }
                XCTAssertEqual(keys, keys.sorted())
                XCTAssertEqual(Set(order), Set((0..<299).filter { valid[$0] }))
                let r = exact.filter(\.isFinite).min()! * 1.5 + 10
                var within: [Int] = []
                tree.forEachPiece(within: r, of: pe) { within.append($0) }
                XCTAssertEqual(within, within.sorted())
                XCTAssertTrue(Set((0..<299).filter { exact[$0] <= r }).isSubset(of: Set(within)))
                XCTAssertEqual(Set(within), Set((0..<299).filter { valid[$0] && tree.pieceLowerBound($0, pe) <= r }))
                var collect = Collect(bound: r)
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: 128) { stack in
                    tree.walk(from: pe, &collect, stack: stack)
                }
                XCTAssertTrue(Set((0..<299).filter { valid[$0] && !chords[$0].excludes(pe, bound: r) }).isSubset(of: Set(collect.seen)))
            }
        }
    }
    /// Within `CertifiedNearestLine.nearEnd` of a piece's end (and 80° of latitude) the expansion
    /// that steers the certificates is within 0.2 µm of PROJ's point.
    func testNearestLineExpansionNearEnds() {
        var rng = TestRandom(seed: 21)
        var worst = 0.0
        for i in 0..<400 {
            let a = Coordinate(longitude: -180 + rng.unit() * 360, latitude: (rng.unit() * 2 - 1) * (i % 2 == 0 ? 80 : 45))
            let b = geod.direct(from: a, azimuth: rng.unit() * 360, distance: 500 + rng.unit() * 19_500).coordinate
            let length = geod.distance(a, b)
            let line = CertifiedNearestLine(vertices: [a, b], segmentLength: [length], chainage: [0, length],
                                            pieces: [(segment: 0, lo: 0, hi: length, owner: -1)])
            let piece = line.pieces[0]
            for _ in 0..<20 {
                let d = rng.unit() * min(CertifiedNearestLine.nearEnd, (piece.hi - piece.lo) / 2)
                let s = rng.unit() < 0.5 ? piece.lo + d : piece.hi - d
                let exact = SurfacePoint(line.segmentLines[0].position(at: s).coordinate).p
                worst = max(worst, (line.expand(piece, s).x - exact).length)
            }
        }
        print(String(format: "[accuracy] nearest-line expansion within %.0f m of an end: %.2e m", CertifiedNearestLine.nearEnd, worst))
        XCTAssertLessThan(worst, 2e-7)
    }

    /// A small line's nearest points against the exact solver on every piece (whole segments, and
    /// one segment in two pieces of two owners), within 1 µm, with and without the grid.
    func testNearestLineAgreesWithExactNearestPoint() {
        var rng = TestRandom(seed: 23)
        var points = [Coordinate(longitude: 74, latitude: 42)]
        for _ in 0..<60 {
            points.append(geod.direct(from: points.last!, azimuth: rng.uniform(40, 140), distance: rng.uniform(100, 25_000)).coordinate)
        }
        let lengths = (0..<60).map { geod.distance(points[$0], points[$0 + 1]) }
        var chainage = [0.0]
        for l in lengths { chainage.append(chainage.last! + l) }
        var wanted = (0..<60).map { (segment: $0, lo: 0.0, hi: lengths[$0], owner: $0 == 7 ? 1 : 0) }
        wanted[7].hi = lengths[7] / 3
        wanted.insert((segment: 7, lo: lengths[7] / 3, hi: lengths[7], owner: 2), at: 8)
        let line = CertifiedNearestLine(vertices: points, segmentLength: lengths, chainage: chainage, pieces: wanted)
        XCTAssertNotNil(line.grid)
        for _ in 0..<500 {
            let p = geod.direct(from: points[Int(rng.next() % 61)], azimuth: rng.uniform(-180, 180), distance: rng.uniform(0, 60_000)).coordinate
            var best = (distance: Double.infinity, owner: -1)
            var byOwner: [Int: Double] = [:]
            for w in wanted {
                let segment = geod.line(from: points[w.segment], to: points[w.segment + 1])
                let start = w.lo == 0 ? points[w.segment] : segment.coordinate(at: w.lo)
                let end = w.hi == lengths[w.segment] ? points[w.segment + 1] : segment.coordinate(at: w.hi)
                let d = geod.nearestPoint(to: p, onSegmentFrom: start, to: end).distance
                if d < best.distance { best = (d, w.owner) }
                byOwner[w.owner] = min(byOwner[w.owner] ?? .infinity, d)
            }
            for grid in [line.grid, nil] {
                guard let hit = line.nearest(to: SurfacePoint(p), grid: grid) else { XCTFail("no hit"); continue }
                XCTAssertEqual(hit.distance, best.distance, accuracy: 1e-6, "\(p)")
                XCTAssertEqual(geod.distance(p, hit.coordinate), hit.distance, accuracy: 1e-6, "\(p)")
                // The owner of a nearest piece (on a tie at a shared end, either).
                XCTAssertLessThanOrEqual(byOwner[hit.owner] ?? .infinity, best.distance + 1e-6, "\(p)")
            }
        }
    }

    /// The candidate grid built on all cores gives every cell the very record (candidates, their
    /// bounds, references, disc) that the one-thread build gives, and a query with the grid gives
    /// bit for bit what the hierarchy alone gives (the scan's early stop by the disc's slack never
    /// drops a piece the search would take), for a meandering 400-segment line like an
    /// OpenStreetMap border.
    func testCandidateGridParallelBuildAndQueries() throws {
        var rng = TestRandom(seed: 41)
        var points = [Coordinate(longitude: 70, latitude: 41)]
        for _ in 0..<400 {
            points.append(geod.direct(from: points.last!, azimuth: rng.uniform(20, 160), distance: rng.uniform(50, 900)).coordinate)
        }
        let lengths = (0..<400).map { geod.distance(points[$0], points[$0 + 1]) }
        var chainage = [0.0]
        for l in lengths { chainage.append(chainage.last! + l) }
        let line = CertifiedNearestLine(vertices: points, segmentLength: lengths, chainage: chainage,
                                        pieces: (0..<400).map { (segment: $0, lo: 0.0, hi: lengths[$0], owner: -1) })
        let parallel = try XCTUnwrap(line.grid)
        let serial = try XCTUnwrap(CandidateGrid(chords: line.chords, ends: line.ends, parallelDepth: -1))
        XCTAssertEqual(parallel.frame.cellCount, serial.frame.cellCount)
        XCTAssertEqual(parallel.entries.count, serial.entries.count)
        for c in 0..<serial.frame.cellCount {
            let a = parallel.record(ofCell: c), b = serial.record(ofCell: c)
            XCTAssertTrue(a.entries.elementsEqual(b.entries) { $0 == $1 }, "cell \(c)")
            XCTAssertEqual(a.centre, b.centre, "cell \(c)")
            XCTAssertEqual(a.radius, b.radius, "cell \(c)")
        }
        var checked = 0
        for _ in 0..<1_500 {
            let p = SurfacePoint(geod.direct(from: points[Int(rng.next() % 401)], azimuth: rng.uniform(-180, 180),
                                             distance: rng.uniform(0, 1) < 0.7 ? rng.uniform(0, 8_000) : rng.uniform(0, 150_000)).coordinate)
            guard let a = line.nearest(to: p), let b = line.nearest(to: p, grid: nil) else { XCTFail("no hit"); continue }
            XCTAssertEqual(a.distance, b.distance)
            XCTAssertEqual(a.chainage, b.chainage)
            XCTAssertEqual(a.coordinate, b.coordinate)
            checked += 1
        }
        XCTAssertEqual(checked, 1_500)
        // A piece thousands of kilometres long (3,900 km: sagitta ~450 km, below what a stored bound holds):
        // its cells' records get no slack, and queries still equal the hierarchy's.
        let far = [Coordinate(longitude: 28, latitude: 38), Coordinate(longitude: 75, latitude: 45),
                   Coordinate(longitude: 75.2, latitude: 45.1), Coordinate(longitude: 75.3, latitude: 44.9)]
        let farLengths = (0..<3).map { geod.distance(far[$0], far[$0 + 1]) }
        XCTAssertGreaterThan(ChordBounds.sagitta(length: farLengths[0]), CandidateGrid.bias)
        let long = CertifiedNearestLine(vertices: far, segmentLength: farLengths, chainage: [0, farLengths[0], farLengths[0] + farLengths[1]],
                                        pieces: (0..<3).map { (segment: $0, lo: 0.0, hi: farLengths[$0], owner: -1) })
        let longGrid = try XCTUnwrap(long.grid)
        XCTAssertTrue(longGrid.discs.contains { $0.radius == -.infinity })
        for _ in 0..<50 {
            let p = SurfacePoint(Coordinate(longitude: rng.uniform(26, 77), latitude: rng.uniform(36, 47)))
            guard let a = long.nearest(to: p), let b = long.nearest(to: p, grid: nil) else { XCTFail("no hit"); continue }
            XCTAssertEqual(a.distance, b.distance)
            XCTAssertEqual(a.coordinate, b.coordinate)
        }
    }
}
