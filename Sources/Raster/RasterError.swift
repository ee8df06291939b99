/// Why a raster could not be read: each case says it in words that name no GDAL internals.
public enum RasterError: Error, Sendable, CustomStringConvertible {
    /// No file at the path.
    case missingFile
    /// GDAL cannot open it as a raster (not a raster, a format GDAL does not read, damaged).
    case notARaster(String)
    /// It has no band.
    case noBand
    /// It has no geotransform (no georeferencing): its cells cannot be placed on the earth.
    case noGeoreference
    /// It has a geotransform but no coordinate reference system.
    case noCRS
    /// Reading the cells failed part-way (a damaged or truncated file).
    case readFailed(String)
    /// Writing a raster failed.
    case writeFailed(String)
    /// The grid is too large to read into memory.
    case tooLarge(columns: Int, rows: Int)

    public var description: String {
        switch self {
        case .missingFile: "no such file"
        case .notARaster(let why): "not a raster GDAL can read" + (why.isEmpty ? "" : " (\(why))")
        case .noBand: "the raster has no band"
        case .noGeoreference: "the raster has no georeference (no geotransform): its cells cannot be placed on the earth"
        case .noCRS: "the raster has a geotransform but no coordinate reference system"
        case .readFailed(let why): "reading the raster's cells failed" + (why.isEmpty ? "" : " (\(why))")
        case .writeFailed(let why): "writing the raster failed" + (why.isEmpty ? "" : " (\(why))")
        case .tooLarge(let c, let r): "the raster has \(c) × \(r) cells, more than the \(RasterFile.maxCells) this reader holds in memory around the border; crop or resample it first (gdal_translate -projwin, gdalwarp -tr)"
        }
    }
}
