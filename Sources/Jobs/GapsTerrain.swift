import Analysis
import Catalog
import Domain

/// The gaps job's terrain part: one profile per analysed border the DEM reaches (nil for the
/// others). A DEM that reaches none of them, or has no value along any of them, is an error naming
/// the file (65).
public enum GapsTerrain {
    public static func profiles(_ borders: [Border], grid: ElevationGrid, parameters: TerrainParameters, file: String) throws -> [TerrainProfile?] {
        let surface = TerrainSurface(grid)
        let profiles = parallelChunks(borders.count) { k in TerrainAnalysis.profile(border: borders[k], surface: surface, parameters: parameters) }
        let ids = borders.map(\.id).joined(separator: ", ")
        guard profiles.contains(where: { $0 != nil }) else {
            throw CatalogError(.badData, file: file, "\(TerrainError.noOverlap.description) (\(ids)): the raster covers longitude \(grid.west)…\(grid.east), latitude \(grid.south)…\(grid.north)")
        }
        guard profiles.contains(where: { ($0?.total.dataLength ?? 0) > 0 }) else {
            throw CatalogError(.badData, file: file, "\(TerrainError.noData.description) (\(ids))")
        }
        return profiles
    }
}
