import Analysis
import Catalog
import Coordinates
import Domain
import Foundation
import Geodesy
import TestSupport
import XCTest

/// The terrain analysis against independent answers: GDAL's own `gdallocationinfo` (its own
/// georeferencing and decoding, not our reader) for the elevations of the geodata DEM, and closed
/// forms on synthetic GeoTIFFs written here with `gdal_translate` (a tilted plane for the slope,
/// a plane rising northward for passable_km). The measured errors are printed as `[accuracy]`.
final class TerrainOracleTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dem = repository.appendingPathComponent("geodata/dem-kaz-kgz.tif")

    /// Elevations are Float32 in memory: bilinear of integer metres to 1 mm.
    static let elevationTolerance = 1e-3
    /// Slopes on the synthetic plane (Float32 elevations, central differences): 1e-3 degrees.
    static let slopeTolerance = 1e-3
    /// passable_km on the synthetic plane: 1 m.
    static let passableTolerance = 1.0

    // MARK: - elevation vs GDAL

    /// At 1,000 random points, each within ±0.45 cell of a cell centre as our reader places it,
    /// GDAL (gdallocationinfo -wgs84, nearest cell) must find that very cell's value; and at
    /// 1,000 random points our bilinear elevation must equal the bilinear interpolation, with
    /// weights computed here, of the four values GDAL gives at the surrounding cell centres.
    func testElevationMatchesGDAL() throws {
        let grid = try ElevationCatalog.read(Self.dem)
        let surface = TerrainSurface(grid)
        var rng = TestRandom(seed: 13_14)
        var cellQueries: [Coordinate] = [], cells: [(Int, Int)] = []
        for _ in 0..<1_000 {
            let r = Int(rng.uniform(0, Double(grid.rows))), c = Int(rng.uniform(0, Double(grid.columns)))
            let centre = grid.centre(row: r, column: c)
            cellQueries.append(Coordinate(longitude: centre.longitude + rng.uniform(-0.45, 0.45) * grid.cellWidth,
                                          latitude: centre.latitude + rng.uniform(-0.45, 0.45) * grid.cellHeight))
            cells.append((r, c))
        }
        let gdalCells = try gdalValues(cellQueries)
        for (k, (r, c)) in cells.enumerated() {
            XCTAssertEqual(Double(grid[r, c]), gdalCells[k], "cell (\(r), \(c)) at \(cellQueries[k])")
        }

        var points: [Coordinate] = [], corners: [Coordinate] = []
        var weights: [(Double, Double)] = []
        for _ in 0..<1_000 {
            // Inside the lattice of cell centres, so that all four neighbours exist.
            let fx = rng.uniform(0, Double(grid.columns - 1)), fy = rng.uniform(0, Double(grid.rows - 1))
            let c0 = Int(fx), r0 = Int(fy)
            points.append(Coordinate(longitude: grid.west + (fx + 0.5) * grid.cellWidth, latitude: grid.north - (fy + 0.5) * grid.cellHeight))
            for (dr, dc) in [(0, 0), (0, 1), (1, 0), (1, 1)] { corners.append(grid.centre(row: r0 + dr, column: c0 + dc)) }
            weights.append((fx - Double(c0), fy - Double(r0)))
        }
        let v = try gdalValues(corners)
        var worst = 0.0
        for (k, p) in points.enumerated() {
            let (tx, ty) = weights[k]
            let expected = (1 - ty) * ((1 - tx) * v[4 * k] + tx * v[4 * k + 1]) + ty * ((1 - tx) * v[4 * k + 2] + tx * v[4 * k + 3])
            let got = try XCTUnwrap(surface.elevation(at: p), "\(p)")
            worst = max(worst, abs(got - expected))
            XCTAssertEqual(got, expected, accuracy: Self.elevationTolerance, "\(p)")
        }
        print("[accuracy] bilinear elevation vs gdallocationinfo corners: max |Δ| = \(worst) m over \(points.count) points")
    }

    // MARK: - slope on a tilted plane

    /// z = gx · (east distance) + gy · (meridian arc north): the terrain's slope is atan(hypot(gx, gy))
    /// everywhere; along a meridian the slope along the line is atan(gy) and across it atan(gx).
    func testSlopeOnTiltedPlane() throws {
        let gx = 0.1, gy = 0.05
        let west = 74.5, south = 42.0, n = 240
        let lat0 = south
        let r0 = Self.primeVerticalRadius(42.5) * cos(42.5 * .pi / 180)
        let tif = try Self.writeGeoTIFF(west: west, south: south, cells: n) { lon, lat in
            gx * r0 * (lon - west) * .pi / 180 + gy * Self.meridianArc(lat0, lat)
        }
        let surface = TerrainSurface(try ElevationCatalog.read(tif))
        // The east gradient is gx · r0 / (N(φ) cos φ) at latitude φ (r0 is taken at 42.5°).
        func expectedSlope(_ lat: Double) -> (total: Double, east: Double) {
            let east = gx * r0 / (Self.primeVerticalRadius(lat) * cos(lat * .pi / 180))
            return (atan(hypot(east, gy)) * 180 / .pi, east)
        }
        let meridian = Border(id: "m", name: "meridian", parts: [[Coordinate(longitude: 75.0, latitude: 42.1), Coordinate(longitude: 75.0, latitude: 42.9)]])
        let profile = try XCTUnwrap(TerrainAnalysis.profile(border: meridian, surface: surface, parameters: TerrainParameters()))
        var worst = 0.0
        for s in profile.parts[0] {
            let e = expectedSlope(s.coordinate.latitude)
            worst = max(worst, abs(s.slope - e.total))
            XCTAssertEqual(s.slope, e.total, accuracy: Self.slopeTolerance, "slope at \(s.coordinate)")
            XCTAssertEqual(s.slopeAlong, atan(gy) * 180 / .pi, accuracy: Self.slopeTolerance, "slope along at \(s.coordinate)")
            XCTAssertEqual(s.slopeAcross, atan(e.east) * 180 / .pi, accuracy: Self.slopeTolerance, "slope across at \(s.coordinate)")
        }
        let oblique = Border(id: "o", name: "oblique", parts: [[Coordinate(longitude: 74.6, latitude: 42.1), Coordinate(longitude: 75.4, latitude: 42.85)]])
        let p2 = try XCTUnwrap(TerrainAnalysis.profile(border: oblique, surface: surface, parameters: TerrainParameters()))
        for s in p2.parts[0] {
            let e = expectedSlope(s.coordinate.latitude)
            worst = max(worst, abs(s.slope - e.total))
            XCTAssertEqual(s.slope, e.total, accuracy: Self.slopeTolerance, "slope at \(s.coordinate)")
            XCTAssertLessThanOrEqual(s.slopeAlong, s.slope + 1e-9)
            XCTAssertLessThanOrEqual(s.slopeAcross, s.slope + 1e-9)
            // tan² along + tan² across = tan² slope (the gradient's two components).
            let t = { (d: Double) in tan(d * .pi / 180) }
            XCTAssertEqual(t(s.slopeAlong) * t(s.slopeAlong) + t(s.slopeAcross) * t(s.slopeAcross), t(s.slope) * t(s.slope), accuracy: 1e-6)
        }
        print("[accuracy] slope on the tilted plane: max |Δ| = \(worst)° (expected \(expectedSlope(42.5).total)°)")
        // The sample spacing is the grid's shortest cell side where the line runs: 15″ of longitude
        // on the northernmost row whose centre is within a cell of the line's 42.9° N end.
        let top = 42.0 + (((42.9 + 1.0 / 240 - 42.0) * 240 - 0.5).rounded(.down) + 0.5) / 240
        XCTAssertEqual(profile.spacing, Geodesic.wgs84.distance(Coordinate(longitude: 75, latitude: top), Coordinate(longitude: 75 + 1.0 / 240, latitude: top)), accuracy: 1e-6)
    }

    // MARK: - passable_km on a plane rising northward

    /// z = g · (meridian arc from 42°): along a meridian from 42.1° to 42.9° the elevation is
    /// ≤ zmax for the first (zmax / g − arc(42°, 42.1°)) metres; slope atan(g) everywhere.
    func testPassableLengthOnSyntheticDEM() throws {
        let g = 0.01, zmax = 500.0
        let tif = try Self.writeGeoTIFF(west: 74.5, south: 42.0, cells: 240) { _, lat in g * Self.meridianArc(42.0, lat) }
        let surface = TerrainSurface(try ElevationCatalog.read(tif))
        let line = Border(id: "m", name: "meridian", parts: [[Coordinate(longitude: 75.0, latitude: 42.1), Coordinate(longitude: 75.0, latitude: 42.9)]])
        let length = Geodesic.wgs84.distance(line.parts[0][0], line.parts[0][1])
        let expected = zmax / g - Self.meridianArc(42.0, 42.1)
        let slope = atan(g) * 180 / .pi

        let p = try XCTUnwrap(TerrainAnalysis.profile(border: line, surface: surface, parameters: TerrainParameters(maxElevation: zmax, maxSlope: 1)))
        XCTAssertEqual(p.total.length, length, accuracy: 1e-6)
        XCTAssertEqual(p.total.dataLength, length, accuracy: 1e-6)
        XCTAssertEqual(p.total.passableLength, expected, accuracy: Self.passableTolerance)
        print("[accuracy] passable length on the synthetic plane: |Δ| = \(abs(p.total.passableLength - expected)) m of \(expected) m")
        XCTAssertEqual(p.total.minElevation, g * Self.meridianArc(42.0, 42.1), accuracy: 0.01)
        XCTAssertEqual(p.total.maxElevation, g * Self.meridianArc(42.0, 42.9), accuracy: 0.01)
        XCTAssertEqual(p.total.maxSlope, slope, accuracy: Self.slopeTolerance)
        // A stretch (as a gap would be): from 20 km to 60 km along the line.
        let st = p.stretch(from: 20_000, to: 60_000, part: 0)
        XCTAssertEqual(st.passableLength, expected - 20_000, accuracy: Self.passableTolerance)
        XCTAssertEqual(st.minElevation, g * Self.meridianArc(42.0, 42.1) + g * 20_000, accuracy: 0.01)
        XCTAssertEqual(st.medianElevation, g * Self.meridianArc(42.0, 42.1) + g * 40_000, accuracy: 0.5 * g * p.spacing + 0.01)
        // Slope above the limit: nothing is passable; elevation limit above every point: all is.
        let steep = try XCTUnwrap(TerrainAnalysis.profile(border: line, surface: surface, parameters: TerrainParameters(maxElevation: zmax, maxSlope: slope * 0.9)))
        XCTAssertEqual(steep.total.passableLength, 0)
        let high = try XCTUnwrap(TerrainAnalysis.profile(border: line, surface: surface, parameters: TerrainParameters(maxElevation: 10_000, maxSlope: 1)))
        XCTAssertEqual(high.total.passableLength, length, accuracy: 1e-6)
        // Off the grid: no profile.
        let away = Border(id: "x", name: "away", parts: [[Coordinate(longitude: 10, latitude: 10), Coordinate(longitude: 10.5, latitude: 10)]])
        XCTAssertNil(TerrainAnalysis.profile(border: away, surface: surface, parameters: TerrainParameters()))
    }

    // MARK: - helpers

    struct ToolFailed: Error { var message: String }

    static let a = 6_378_137.0, f = 1 / 298.257223563
    static var e2: Double { f * (2 - f) }

    static func primeVerticalRadius(_ lat: Double) -> Double {
        let s = sin(lat * .pi / 180)
        return a / (1 - e2 * s * s).squareRoot()
    }

    /// Meridian arc length (m) from lat1 to lat2 on WGS84: Simpson's rule over the meridional radius
    /// of curvature a(1 − e²)/(1 − e² sin²φ)^{3/2} (100 intervals over at most 1°: error below 1e-9 m).
    static func meridianArc(_ lat1: Double, _ lat2: Double) -> Double {
        let n = 100
        let h = (lat2 - lat1) * .pi / 180 / Double(n)
        func m(_ phi: Double) -> Double { let s = sin(phi); return a * (1 - e2) / pow(1 - e2 * s * s, 1.5) }
        var sum = m(lat1 * .pi / 180) + m(lat2 * .pi / 180)
        for k in 1..<n { sum += (k % 2 == 1 ? 4 : 2) * m(lat1 * .pi / 180 + Double(k) * h) }
        return sum * h / 3
    }

    /// A Float32 GeoTIFF (EPSG:4326) of cells × cells 15″ cells from (west, south), z at each cell
    /// centre: written as an ESRI ASCII grid, converted by gdal_translate.
    static func writeGeoTIFF(west: Double, south: Double, cells n: Int, z: (Double, Double) -> Double) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nroute-terrain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let size = 1.0 / 240
        var text = "ncols \(n)\nnrows \(n)\nxllcorner \(west)\nyllcorner \(south)\ncellsize \(size)\nNODATA_value -9999\n"
        for r in 0..<n {
            let lat = south + (Double(n - r) - 0.5) * size
            text += (0..<n).map { c in String(format: "%.5f", z(west + (Double(c) + 0.5) * size, lat)) }.joined(separator: " ") + "\n"
        }
        let asc = dir.appendingPathComponent("plane.asc"), tif = dir.appendingPathComponent("plane.tif")
        try text.write(to: asc, atomically: true, encoding: .utf8)
        let r = try run("gdal_translate", ["-q", "-of", "GTiff", "-ot", "Float32", "-a_srs", "EPSG:4326", asc.path, tif.path])
        guard r.status == 0 else { throw ToolFailed(message: "gdal_translate failed: \(r.stderr)") }
        return tif
    }

    /// Values GDAL reads at each point of geodata's DEM (`gdallocationinfo -valonly -wgs84`, points on stdin).
    func gdalValues(_ points: [Coordinate]) throws -> [Double] {
        let input = points.map { String(format: "%.10f %.10f", $0.longitude, $0.latitude) }.joined(separator: "\n") + "\n"
        let r = try Self.run("gdallocationinfo", ["-valonly", "-wgs84", Self.dem.path], stdin: input)
        XCTAssertEqual(r.status, 0, r.stderr)
        let values = r.stdout.split(separator: "\n").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
        XCTAssertEqual(values.count, points.count, "gdallocationinfo answered \(values.count) of \(points.count) points")
        return values
    }

    static func run(_ tool: String, _ arguments: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        guard let path = ["/usr/bin", "/usr/local/bin"].map({ "\($0)/\(tool)" }).first(where: FileManager.default.isExecutableFile) else {
            throw TestEnvironment.unavailable("\(tool) not installed (Debian gdal-bin; scripts/setup.sh --tests installs it)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        // Feed stdin from another thread: the tool's output pipe could fill while we write.
        let writer = Thread { [inp] in
            if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
            try? inp.fileHandleForWriting.close()
        }
        writer.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}
