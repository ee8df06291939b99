import CGDAL
import Foundation

/// Reads rasters through GDAL's C API: any format GDAL reads (GeoTIFF, NetCDF, HGT, VRT, ...).
/// GDAL's own messages are silenced (its last error message becomes part of ours).
public enum RasterFile {
    /// At most this many cells are read (4 bytes each in memory): 400 million, 1.6 GB.
    public static let maxCells = 400_000_000

    /// Registers GDAL's drivers and silences its stderr handler, once per process.
    private static let initialised: Bool = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        return true
    }()

    /// Band 1 of the raster at `path`, with its georeferencing and CRS; with `window` (x/y in the
    /// raster's CRS: minX, minY, maxX, maxY), only the cells that meet it, plus one cell around
    /// (the geotransform is that of the part read; no cell at all when the window misses the
    /// raster). A rotated grid is read whole.
    /// Registers GDAL's drivers (once per process).
    static func registerDrivers() { _ = initialised }

    public static func read(_ path: String, window: (minX: Double, minY: Double, maxX: Double, maxY: Double)? = nil) throws -> RasterGrid {
        _ = initialised
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw RasterError.missingFile }
        if isDir.boolValue { throw RasterError.notARaster("a folder") }
        CPLErrorReset()
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), nil, nil, nil) else {
            throw RasterError.notARaster(lastMessage())
        }
        defer { GDALClose(ds) }
        let columns = Int(GDALGetRasterXSize(ds)), rows = Int(GDALGetRasterYSize(ds))
        guard GDALGetRasterCount(ds) >= 1, let band = GDALGetRasterBand(ds, 1), columns > 0, rows > 0 else { throw RasterError.noBand }
        var t = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(ds, &t) == CE_None else { throw RasterError.noGeoreference }
        guard let srs = GDALGetSpatialRef(ds) else { throw RasterError.noCRS }
        let crs = describe(srs)
        var hasNodata: Int32 = 0
        let nd = GDALGetRasterNoDataValue(band, &hasNodata)
        var (c0, c1, r0, r1) = (0, columns, 0, rows)
        if let w = window, t[2] == 0, t[4] == 0, t[1] != 0, t[5] != 0, [w.minX, w.minY, w.maxX, w.maxY].allSatisfy(\.isFinite) {
            func span(_ a: Double, _ b: Double, _ n: Int) -> (Int, Int) {
                let lo = min(a, b), hi = max(a, b)
                guard hi >= 0, lo <= Double(n) else { return (0, 0) }
                return (max(Int(lo.rounded(.down)) - 1, 0), min(Int(hi.rounded(.up)) + 1, n))
            }
            (c0, c1) = span((w.minX - t[0]) / t[1], (w.maxX - t[0]) / t[1], columns)
            (r0, r1) = span((w.minY - t[3]) / t[5], (w.maxY - t[3]) / t[5], rows)
            if c1 <= c0 || r1 <= r0 { (c0, c1, r0, r1) = (0, 0, 0, 0) }
        }
        let width = c1 - c0, height = r1 - r0
        let cells = width.multipliedReportingOverflow(by: height)
        guard !cells.overflow, cells.partialValue <= maxCells else {
            throw RasterError.tooLarge(columns: width, rows: height)
        }
        var samples = [Float](repeating: .nan, count: width * height)
        if width > 0 && height > 0 {
            let err = samples.withUnsafeMutableBytes { buf in
                GDALRasterIO(band, GF_Read, Int32(c0), Int32(r0), Int32(width), Int32(height), buf.baseAddress, Int32(width), Int32(height), GDT_Float32, 0, 0)
            }
            guard err == CE_None else { throw RasterError.readFailed(lastMessage()) }
        }
        let origin = [t[0] + Double(c0) * t[1] + Double(r0) * t[2], t[1], t[2], t[3] + Double(c0) * t[4] + Double(r0) * t[5], t[4], t[5]]
        var grid = RasterGrid(columns: width, rows: height, geoTransform: origin, crs: crs, nodata: hasNodata != 0 ? nd : nil, samples: samples)
        if let items = GDALGetMetadata(ds, nil) {
            var k = 0
            while let item = items[k] {
                let text = String(cString: item)
                if let eq = text.firstIndex(of: "=") { grid.metadata[String(text[..<eq])] = String(text[text.index(after: eq)...]) }
                k += 1
            }
        }
        return grid
    }

    static func describe(_ srs: OGRSpatialReferenceH) -> RasterCRS {
        let name = OSRGetName(srs).map { String(cString: $0) } ?? "unnamed"
        let geographic = OSRIsGeographic(srs) != 0
        let a = OSRGetSemiMajor(srs, nil), invf = OSRGetInvFlattening(srs, nil)
        let unit = OSRGetAngularUnits(srs, nil), pm = OSRGetPrimeMeridian(srs, nil)
        let wgs84 = geographic && abs(a - 6_378_137) < 1e-3 && abs(invf - 298.257223563) < 1e-6
            && abs(unit - Double.pi / 180) < 1e-12 && pm == 0
        return RasterCRS(name: name, isGeographicWGS84: wgs84, isProjected: OSRIsProjected(srs) != 0)
    }

    static func lastMessage() -> String {
        guard let m = CPLGetLastErrorMsg() else { return "" }
        return String(cString: m)
    }
}
