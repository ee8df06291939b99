/// Band 1 of a raster file as GDAL reads it: its size, georeferencing, coordinate reference system,
/// nodata value and samples. Plain values; nothing of GDAL is kept.
public struct RasterGrid: Sendable {
    public var columns: Int
    public var rows: Int
    /// GDAL's affine geotransform: x = t0 + col·t1 + row·t2, y = t3 + col·t4 + row·t5, at a
    /// cell's outer corner (col, row integers) in the CRS's own x/y.
    public var geoTransform: [Double]
    public var crs: RasterCRS
    /// The band's nodata value, if it declares one.
    public var nodata: Double?
    /// Row-major, first row first, as stored (GDALRasterIO to Float32).
    public var samples: [Float]
    /// The dataset's metadata items of the default domain (e.g. `licence`, `source`).
    public var metadata: [String: String] = [:]

    public init(columns: Int, rows: Int, geoTransform: [Double], crs: RasterCRS, nodata: Double?, samples: [Float]) {
        self.columns = columns
        self.rows = rows
        self.geoTransform = geoTransform
        self.crs = crs
        self.nodata = nodata
        self.samples = samples
    }
}
