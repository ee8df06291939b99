import Domain
import Foundation
import Raster

/// Reads a terrain model (any raster GDAL reads: GeoTIFF, NetCDF, SRTM .hgt, VRT, ...) into an
/// `ElevationGrid`: band 1, geographic WGS84 (EPSG:4326) longitude/latitude, north-up. Errors name
/// the file: missing (66); not a raster, no georeference, an unsupported CRS, a rotated grid, no
/// value anywhere (65).
public enum ElevationCatalog {
    /// The raster at `url`; with `covering` (west, south, east, north in degrees), only the part
    /// that covers that box (and a cell around it): a DEM of a continent is read for the border.
    /// A raster that does not meet the box is refused (it does not overlap the border).
    public static func read(_ url: URL, covering box: (west: Double, south: Double, east: Double, north: Double)? = nil) throws -> ElevationGrid {
        let path = url.path
        let raster: RasterGrid
        do {
            raster = try RasterFile.read(path, window: box.map { (minX: $0.west, minY: $0.south, maxX: $0.east, maxY: $0.north) })
        } catch let e as RasterError {
            if case .missingFile = e { throw CatalogError(.missingFile, file: path, e.description) }
            throw CatalogError(.badData, file: path, e.description)
        }
        return try grid(raster, source: path, covering: box != nil)
    }

    /// The raster as an elevation grid (the checks `read` makes after GDAL has read it).
    static func grid(_ r: RasterGrid, source: String, covering: Bool) throws -> ElevationGrid {
        func bad(_ reason: String) -> CatalogError { CatalogError(.badData, file: source, reason) }
        guard r.crs.isGeographicWGS84 else {
            let kind = r.crs.isProjected ? "a projected CRS" : "a CRS"
            throw bad("\(kind) (\(r.crs.name)) that nroute does not support: it reads geographic WGS84 longitude/latitude rasters (EPSG:4326); reproject with gdalwarp -t_srs EPSG:4326")
        }
        let t = r.geoTransform
        guard t.count == 6, t.allSatisfy(\.isFinite) else { throw bad("the raster's geotransform is not finite") }
        guard t[2] == 0, t[4] == 0 else { throw bad("the raster's grid is rotated (geotransform terms \(t[2]), \(t[4])); warp it north-up with gdalwarp") }
        guard t[1] > 0, t[5] != 0 else { throw bad("the raster's cell size (\(t[1]), \(t[5])) is not usable") }
        if covering && (r.columns == 0 || r.rows == 0) { throw bad("the raster does not overlap the border") }
        let width = t[1], height = abs(t[5])
        let north = t[5] < 0 ? t[3] : t[3] + Double(r.rows) * t[5]
        let west = t[0]
        guard west >= -180 - 1e-9, west + Double(r.columns) * width <= 180 + 1e-9, north <= 90 + 1e-9, north - Double(r.rows) * height >= -90 - 1e-9 else {
            throw bad("the raster's extent is not within longitude [-180, 180] and latitude [-90, 90]")
        }
        var samples = r.samples
        let nodata = r.nodata.map(Float.init)
        for k in samples.indices where !samples[k].isFinite || samples[k] == nodata {
            samples[k] = .nan
        }
        if t[5] > 0 {  // south row first: turn north-up
            var flipped = [Float](repeating: .nan, count: samples.count)
            for row in 0..<r.rows {
                let from = (r.rows - 1 - row) * r.columns
                flipped[(row * r.columns)..<((row + 1) * r.columns)] = samples[from..<(from + r.columns)]
            }
            samples = flipped
        }
        var grid = ElevationGrid(west: west, north: north, cellWidth: width, cellHeight: height, columns: r.columns, rows: r.rows,
                                 samples: samples, source: source)
        grid.licence = r.metadata["licence"] ?? ""
        guard grid.validCount > 0 else {
            throw bad(covering ? "the raster has no value (nodata everywhere) around the border" : "every cell of the raster is nodata")
        }
        return grid
    }
}
