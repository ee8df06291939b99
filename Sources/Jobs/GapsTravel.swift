import Analysis
import Cartography
import Catalog
import Domain
import Foundation
import Raster

/// The gaps job's travel-time part: the graph over the scenario's DEM (impassable cells: too high,
/// too steep, nodata, geodata's lakes rasterised onto the grid), then per border its coverage by
/// the patrols of its controls; and the travel-time surface as a GeoTIFF with its QGIS style.
public enum GapsTravel {
    /// The graph of `grid` for `travel` (built once for every border).
    public static func graph(grid: ElevationGrid, terrain: TerrainParameters, travel: TravelParameters, lakes: [Lake]) -> (TravelGraph, TerrainSurface) {
        let surface = TerrainSurface(grid)
        let water = WaterMask.cells(lakes, on: grid)
        return (TravelGraph(surface: surface, terrain: terrain, water: water, travel: travel), surface)
    }

    /// `<border>-travel-time.tif`: hours from the nearest control per DEM cell (nodata −1 where no
    /// passable path leads), geographic WGS84 like the DEM.
    public static func geoTIFF(_ c: TravelCoverage) throws -> [UInt8] {
        let g = c.grid
        let raster = RasterGrid(columns: g.columns, rows: g.rows,
                                geoTransform: [g.west, g.cellWidth, 0, g.north, 0, -g.cellHeight],
                                crs: RasterCRS(name: "WGS 84", isGeographicWGS84: true, isProjected: false),
                                nodata: Double(nodata), samples: c.hours.map { $0.isFinite ? $0 : nodata })
        return try GeoTIFFEncoder.encode(raster, description: "travel time (h) from the nearest control, \(c.parameters.mode.rawValue)")
    }

    /// The DEM grid as read (elevations, Float32, nodata NaN → −32768), for the QGIS project.
    public static func demGeoTIFF(_ g: ElevationGrid) throws -> [UInt8] {
        let raster = RasterGrid(columns: g.columns, rows: g.rows,
                                geoTransform: [g.west, g.cellWidth, 0, g.north, 0, -g.cellHeight],
                                crs: RasterCRS(name: "WGS 84", isGeographicWGS84: true, isProjected: false),
                                nodata: -32768, samples: g.samples.map { $0.isNaN ? -32768 : $0 })
        return try GeoTIFFEncoder.encode(raster, description: "elevation (m)")
    }

    /// The surface's nodata value.
    public static let nodata: Float = -1

    /// Its QGIS style: up to twice the patrol budget.
    public static func style(_ c: TravelCoverage) -> String {
        RasterStyles.travelTime(maxHours: 2 * c.parameters.patrolHours, budgetHours: c.parameters.patrolHours)
    }
}
