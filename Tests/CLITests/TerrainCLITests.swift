import Foundation
import TestSupport
import XCTest

/// `nroute gaps --dem`: the terrain columns, the profile files, and every bad raster refused with
/// one line naming the file and the reason, the documented status, and nothing written.
final class TerrainCLITests: XCTestCase {
    static let wgs84Prj = #"GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#
    static let utm43Prj = #"PROJCS["WGS_1984_UTM_Zone_43N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",75.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#

    /// An ESRI ASCII grid of 4 × 4 cells of 1° from (west, south), with an optional .prj.
    static func asciiGrid(_ dir: URL, _ name: String, west: Double, south: Double, value: String = "1000", prj: String?) throws -> URL {
        let url = dir.appendingPathComponent(name + ".asc")
        let row = Array(repeating: value, count: 4).joined(separator: " ")
        try ("ncols 4\nnrows 4\nxllcorner \(west)\nyllcorner \(south)\ncellsize 1\nNODATA_value -9999\n"
             + Array(repeating: row, count: 4).joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        if let prj { try prj.write(to: dir.appendingPathComponent(name + ".prj"), atomically: true, encoding: .utf8) }
        return url
    }

    /// Runs `gaps --dem file` into a fresh output folder and checks the refusal.
    func assertRefused(_ dem: String, status: Int32, reason: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let out = try NRouteRunner.temporaryDirectory().appendingPathComponent("out")
        let r = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", dem, "-o", out.path])
        XCTAssertEqual(r.status, status, r.stderr, file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "one line: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(dem), "names the file: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(reason), "says why (\(reason)): \(r.stderr)", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written", file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
    }

    func testMissingRaster() throws {
        try assertRefused("/nonexistent/dem.tif", status: 66, reason: "no such file")
    }

    func testNotARaster() throws {
        let dir = try NRouteRunner.temporaryDirectory()
        let url = dir.appendingPathComponent("dem.tif")
        try "this is not a raster\n".write(to: url, atomically: true, encoding: .utf8)
        try assertRefused(url.path, status: 65, reason: "not a raster GDAL can read")
        try assertRefused(dir.path, status: 65, reason: "not a raster GDAL can read")
    }

    func testNoGeoreference() throws {
        // A binary PGM image: GDAL reads it (PNM driver), but it has no geotransform.
        let url = try NRouteRunner.temporaryDirectory().appendingPathComponent("image.pgm")
        try (Data("P5\n2 2\n255\n".utf8) + Data([1, 2, 3, 4])).write(to: url)
        try assertRefused(url.path, status: 65, reason: "no georeference")
    }

    func testNoCRS() throws {
        let url = try Self.asciiGrid(try NRouteRunner.temporaryDirectory(), "nocrs", west: 72, south: 41, prj: nil)
        try assertRefused(url.path, status: 65, reason: "no coordinate reference system")
    }

    func testUnsupportedCRS() throws {
        let url = try Self.asciiGrid(try NRouteRunner.temporaryDirectory(), "utm", west: 500_000, south: 4_700_000, prj: Self.utm43Prj)
        try assertRefused(url.path, status: 65, reason: "a projected CRS (WGS 84 / UTM zone 43N) that nroute does not support")
    }

    func testNoOverlapWithTheBorder() throws {
        let url = try Self.asciiGrid(try NRouteRunner.temporaryDirectory(), "away", west: 0, south: 0, prj: Self.wgs84Prj)
        try assertRefused(url.path, status: 65, reason: "does not overlap the border")
    }

    func testNodataEverywhere() throws {
        let url = try Self.asciiGrid(try NRouteRunner.temporaryDirectory(), "empty", west: 70, south: 40, value: "-9999", prj: Self.wgs84Prj)
        try assertRefused(url.path, status: 65, reason: "nodata everywhere")
    }

    func testNodataAlongTheBorder() throws {
        // Values only in the south-west cell (70–71° E, 40–41° N): the kaz-kgz line does not pass there.
        let dir = try NRouteRunner.temporaryDirectory()
        let url = dir.appendingPathComponent("hole.asc")
        try ("ncols 4\nnrows 4\nxllcorner 70\nyllcorner 40\ncellsize 1\nNODATA_value -9999\n"
             + "-9999 -9999 -9999 -9999\n-9999 -9999 -9999 -9999\n-9999 -9999 -9999 -9999\n500 -9999 -9999 -9999\n").write(to: url, atomically: true, encoding: .utf8)
        try Self.wgs84Prj.write(to: dir.appendingPathComponent("hole.prj"), atomically: true, encoding: .utf8)
        try assertRefused(url.path, status: 65, reason: "nodata everywhere")
    }

    func testBadTerrainFlags() throws {
        for args in [["--max-slope-deg", "91"], ["--max-slope-deg", "-1"], ["--max-elevation-m", "inf"], ["--dem", ""]] {
            let r = try NRouteRunner.run(["gaps", "--dem", "geodata"] + args)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
        }
    }

    /// The geodata DEM end to end: terrain in the JSON summary and the gaps layer, consistent
    /// with itself; the profile CSV and SVG; the same answer from the DEM in another format.
    func testGeodataDEMEndToEnd() throws {
        let out = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", "geodata", "--format", "json", "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]).first
        let terrain = try XCTUnwrap(summary?["terrain"] as? [String: Any])
        let gaps = try XCTUnwrap(summary?["gaps"] as? [[String: Any]])
        XCTAssertFalse(gaps.isEmpty)
        var passableSum = 0.0
        for g in gaps {
            let length = try XCTUnwrap(g["length_km"] as? Double), passable = try XCTUnwrap(g["passable_km"] as? Double)
            let lo = try XCTUnwrap(g["elevation_min_m"] as? Double), med = try XCTUnwrap(g["elevation_median_m"] as? Double)
            let hi = try XCTUnwrap(g["elevation_max_m"] as? Double), slope = try XCTUnwrap(g["slope_max_deg"] as? Double)
            XCTAssertLessThanOrEqual(passable, length + 0.001)
            XCTAssertGreaterThanOrEqual(passable, 0)
            XCTAssertLessThanOrEqual(lo, med)
            XCTAssertLessThanOrEqual(med, hi)
            XCTAssertTrue(slope >= 0 && slope < 90)
            // The embedded DEM covers kaz-kgz with 60 km to spare: every gap has data over its length.
            XCTAssertEqual(try XCTUnwrap(g["terrain_data_km"] as? Double), length, accuracy: 0.002)
            // GEBCO in the region: from the Chu valley (~500 m) to the Tian Shan's crests.
            XCTAssertTrue(lo > 300 && hi < 7_500, "\(lo)…\(hi)")
            passableSum += passable
        }
        XCTAssertEqual(try XCTUnwrap(terrain["gap_passable_km"] as? Double), passableSum, accuracy: 0.001 * Double(gaps.count))
        XCTAssertEqual(try XCTUnwrap(terrain["max_elevation_m"] as? Double), 3200)
        XCTAssertEqual(try XCTUnwrap(terrain["max_slope_deg"] as? Double), 21.8)
        XCTAssertEqual(try XCTUnwrap(terrain["border_data_km"] as? Double), try XCTUnwrap(summary?["length_km"] as? Double), accuracy: 0.002)

        // The layer carries the same columns.
        let layer = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("kaz-kgz-gaps.geojson"))) as? [String: Any]
        let features = try XCTUnwrap(layer?["features"] as? [[String: Any]])
        for (f, g) in zip(features, gaps) {
            let p = try XCTUnwrap(f["properties"] as? [String: Any])
            XCTAssertEqual(p["passable_km"] as? Double, g["passable_km"] as? Double)
            XCTAssertNotNil(p["passable_share"] as? Double)
        }

        // Profile CSV: chainage increasing, every sample with data, passable consistent with the limits.
        let csv = try String(contentsOf: out.appendingPathComponent("kaz-kgz-profile.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertGreaterThan(rows.count, 2_000, "one sample per ~340 m over ~1,000+ km")
        var last = -1.0
        for row in rows {
            let s = try XCTUnwrap(Double(row[2])), z = try XCTUnwrap(Double(row[5])), slope = try XCTUnwrap(Double(row[6]))
            XCTAssertGreaterThan(s, last)
            last = s
            XCTAssertEqual(row[9], z <= 3200 && slope <= 21.8 ? "1" : "0", "\(row)")
        }
        let svg = try String(contentsOf: out.appendingPathComponent("kaz-kgz-profile.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"), "a whole SVG document")
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1 >= 1, true, "the profile line is drawn")
        XCTAssertEqual(svg.components(separatedBy: "fill=\"#F2B8B0\"").count - 1, gaps.count, "one shaded band per gap")

        // Any raster GDAL reads: the same DEM as an ESRI ASCII grid gives the same answer.
        let dir = try NRouteRunner.temporaryDirectory()
        let asc = dir.appendingPathComponent("dem.asc")
        let t = try NRouteRunner.run(command: "/usr/bin/gdal_translate", ["-q", "-of", "AAIGrid", NRouteRunner.repository.appendingPathComponent("geodata/dem-kaz-kgz.tif").path, asc.path])
        guard t.status == 0 else { throw TestEnvironment.unavailable("gdal_translate (Debian gdal-bin) failed: \(t.stderr)") }
        let r2 = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", asc.path, "--format", "json", "-o", dir.appendingPathComponent("out").path])
        XCTAssertEqual(r2.status, 0, r2.stderr)
        XCTAssertEqual(r2.stdout, r.stdout, "the DEM as AAIGrid gives the same summary as the GeoTIFF")
    }

    /// Without --dem the outputs are those of the distance-only analysis (no terrain anywhere);
    /// with `--border all`, borders the DEM does not reach are analysed without terrain.
    func testWithoutDEMNothingChangesAndUncoveredBordersPass() throws {
        let a = try NRouteRunner.temporaryDirectory(), b = try NRouteRunner.temporaryDirectory()
        let plain = try NRouteRunner.run(["gaps", "--border", "kgz", "--format", "json", "-o", a.path])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertFalse(plain.stdout.contains("terrain") || plain.stdout.contains("passable"), plain.stdout)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: a.path).sorted(), ["kaz-kgz-coverage.geojson", "kaz-kgz-gaps.geojson"])
        let withDEM = try NRouteRunner.run(["gaps", "--border", "kgz", "--dem", "geodata", "-o", b.path])
        XCTAssertEqual(withDEM.status, 0, withDEM.stderr)
        // The table with a DEM is the table without one, then the terrain lines.
        let tableA = try NRouteRunner.run(["gaps", "--border", "kgz", "-o", a.path]).stdout.split(separator: "\n").dropLast()
        let tableB = withDEM.stdout.split(separator: "\n")
        XCTAssertEqual(Array(tableB.prefix(tableA.count)), Array(tableA))
        XCTAssertTrue(tableB[tableA.count].hasPrefix("  terrain  passable"), String(tableB[tableA.count]))
        // The coverage layer does not depend on the terrain.
        XCTAssertEqual(try Data(contentsOf: a.appendingPathComponent("kaz-kgz-coverage.geojson")), try Data(contentsOf: b.appendingPathComponent("kaz-kgz-coverage.geojson")))

        let all = try NRouteRunner.temporaryDirectory()
        let r = try NRouteRunner.run(["gaps", "--border", "all", "--dem", "geodata", "--format", "json", "-o", all.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let reports = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let withTerrain = reports.filter { $0["terrain"] != nil }.compactMap { $0["border_id"] as? String }
        XCTAssertTrue(withTerrain.contains("kaz-kgz"), "\(withTerrain)")
        XCTAssertLessThan(withTerrain.count, reports.count, "some geodata borders lie beyond the embedded DEM")
        for id in withTerrain { XCTAssertTrue(FileManager.default.fileExists(atPath: all.appendingPathComponent("\(id)-profile.csv").path), id) }
    }
}
