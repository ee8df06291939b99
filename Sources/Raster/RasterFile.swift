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

    /// Band 1 of the raster at `path`, with its georeferencing and CRS.
    public static func read(_ path: String) throws -> RasterGrid {
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
        let cells = columns.multipliedReportingOverflow(by: rows)
        guard !cells.overflow, cells.partialValue <= maxCells else {
            throw RasterError.tooLarge(columns: columns, rows: rows)
        }
        var samples = [Float](repeating: .nan, count: columns * rows)
        let err = samples.withUnsafeMutableBytes { buf in
            GDALRasterIO(band, GF_Read, 0, 0, Int32(columns), Int32(rows), buf.baseAddress, Int32(columns), Int32(rows), GDT_Float32, 0, 0)
        }
        guard err == CE_None else { throw RasterError.readFailed(lastMessage()) }
        return RasterGrid(columns: columns, rows: rows, geoTransform: t, crs: crs, nodata: hasNodata != 0 ? nd : nil, samples: samples)
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
