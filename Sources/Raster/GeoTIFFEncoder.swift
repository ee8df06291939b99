import CGDAL
import Foundation

/// Encodes a single-band Float32 grid as a GeoTIFF (through GDAL's GTiff driver, in memory), so
/// that the caller writes the bytes atomically with the rest of its outputs.
public enum GeoTIFFEncoder {
    /// The GeoTIFF bytes of `grid` (its geotransform; geographic WGS84, EPSG:4326, when
    /// `crs.isGeographicWGS84`, the only CRS written), DEFLATE-compressed, with `nodata` declared.
    public static func encode(_ grid: RasterGrid, description: String = "") throws -> [UInt8] {
        RasterFile.registerDrivers()
        precondition(grid.samples.count == grid.columns * grid.rows, "GeoTIFFEncoder: sample count")
        guard grid.crs.isGeographicWGS84 else { throw RasterError.writeFailed("only geographic WGS84 rasters are written") }
        guard let driver = GDALGetDriverByName("GTiff") else { throw RasterError.writeFailed("GDAL has no GTiff driver") }
        let path = "/vsimem/nroute-\(UUID().uuidString).tif"
        let options = ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES"]
        var cOptions: [UnsafeMutablePointer<CChar>?] = options.map { strdup($0) } + [nil]
        defer { for p in cOptions { free(p) } }
        CPLErrorReset()
        guard let ds = cOptions.withUnsafeMutableBufferPointer({ GDALCreate(driver, path, Int32(grid.columns), Int32(grid.rows), 1, GDT_Float32, $0.baseAddress) }) else {
            throw RasterError.writeFailed(RasterFile.lastMessage())
        }
        var closed = false
        defer {
            if !closed { GDALClose(ds) }
            VSIUnlink(path)
        }
        var t = grid.geoTransform
        guard GDALSetGeoTransform(ds, &t) == CE_None else { throw RasterError.writeFailed(RasterFile.lastMessage()) }
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        OSRImportFromEPSG(srs, 4326)
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        guard GDALSetSpatialRef(ds, srs) == CE_None, let band = GDALGetRasterBand(ds, 1) else { throw RasterError.writeFailed(RasterFile.lastMessage()) }
        if let nd = grid.nodata { GDALSetRasterNoDataValue(band, nd) }
        if !description.isEmpty { GDALSetDescription(band, description) }
        var samples = grid.samples
        let err = samples.withUnsafeMutableBytes { buf in
            GDALRasterIO(band, GF_Write, 0, 0, Int32(grid.columns), Int32(grid.rows), buf.baseAddress, Int32(grid.columns), Int32(grid.rows), GDT_Float32, 0, 0)
        }
        guard err == CE_None else { throw RasterError.writeFailed(RasterFile.lastMessage()) }
        GDALClose(ds)
        closed = true
        var length: vsi_l_offset = 0
        guard let buffer = VSIGetMemFileBuffer(path, &length, 0) else { throw RasterError.writeFailed("GDAL wrote no bytes") }
        return Array(UnsafeBufferPointer(start: buffer, count: Int(length)))
    }
}
