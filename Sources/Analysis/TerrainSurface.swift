import Coordinates
import Domain
import Foundation
import Geodesy

/// An elevation grid prepared for sampling: bilinear elevation between cell centres and the
/// terrain gradient from central differences over geodesic cell sizes (each row's east–west cell
/// width and the north–south distance between row centres, Karney's inverse on WGS84).
public struct TerrainSurface: Sendable {
    public let grid: ElevationGrid
    /// Geodesic distance (m) between the centres of two neighbouring cells of row r (east–west).
    let cellWidth: [Double]
    /// Geodesic distance (m) between the centres of rows r and r + 1 (north–south), rows − 1 values.
    let rowSpacing: [Double]

    public init(_ grid: ElevationGrid) {
        self.grid = grid
        let g = Geodesic.wgs84
        let lon = grid.west + 0.5 * grid.cellWidth
        cellWidth = (0..<grid.rows).map { r in
            let lat = grid.north - (Double(r) + 0.5) * grid.cellHeight
            return g.distance(Coordinate(longitude: lon, latitude: lat), Coordinate(longitude: lon + grid.cellWidth, latitude: lat))
        }
        rowSpacing = (0..<max(grid.rows - 1, 0)).map { r in
            let lat = grid.north - (Double(r) + 0.5) * grid.cellHeight
            return g.distance(Coordinate(longitude: lon, latitude: lat), Coordinate(longitude: lon, latitude: lat - grid.cellHeight))
        }
    }

    /// The shortest cell side (m): the grid's resolution.
    public var resolution: Double { min(cellWidth.min() ?? .infinity, rowSpacing.min() ?? .infinity) }

    /// The shortest cell side (m) among the rows whose centres lie within one cell of the latitudes
    /// [south, north]: the resolution where a line between those latitudes runs, the same whatever
    /// part of a larger grid was read around it.
    public func resolution(south: Double, north: Double) -> Double {
        let rows = (0..<grid.rows).filter { r in
            let lat = grid.north - (Double(r) + 0.5) * grid.cellHeight
            return lat >= south - grid.cellHeight && lat <= north + grid.cellHeight
        }
        guard let first = rows.first, let last = rows.last else { return resolution }
        let widths = rows.map { cellWidth[$0] }
        let heights = (first..<last).map { rowSpacing[$0] }
        return min(widths.min() ?? .infinity, heights.min() ?? (rowSpacing.min() ?? .infinity))
    }

    /// The four cell centres around `p` and the weights of the columns and rows (edge cells are
    /// extended to the grid's outer edge); nil outside the grid.
    @inline(__always)
    func corners(_ p: Coordinate) -> (r0: Int, r1: Int, c0: Int, c1: Int, tx: Double, ty: Double)? {
        guard grid.contains(p) else { return nil }
        func axis(_ f: Double, _ n: Int) -> (Int, Int, Double) {
            if n == 1 || f <= 0 { return (0, min(1, n - 1), 0) }
            if f >= Double(n - 1) { return (n - 2, n - 1, 1) }
            let i = Int(f.rounded(.down))
            return (i, i + 1, f - Double(i))
        }
        let (c0, c1, tx) = axis((p.longitude - grid.west) / grid.cellWidth - 0.5, grid.columns)
        let (r0, r1, ty) = axis((grid.north - p.latitude) / grid.cellHeight - 0.5, grid.rows)
        return (r0, r1, c0, c1, tx, ty)
    }

    /// Bilinear elevation (m) between the four nearest cell centres; nil outside the grid or when
    /// one of them is nodata.
    public func elevation(at p: Coordinate) -> Double? {
        guard let k = corners(p) else { return nil }
        let z00 = Double(grid[k.r0, k.c0]), z01 = Double(grid[k.r0, k.c1])
        let z10 = Double(grid[k.r1, k.c0]), z11 = Double(grid[k.r1, k.c1])
        let v = (1 - k.ty) * ((1 - k.tx) * z00 + k.tx * z01) + k.ty * ((1 - k.tx) * z10 + k.tx * z11)
        return v.isNaN ? nil : v
    }

    /// The terrain gradient at a cell centre (m/m): (east, north) components by central
    /// differences (one-sided at the grid's edges), over geodesic distances.
    func gradient(row r: Int, column c: Int) -> (east: Double, north: Double) {
        let cl = max(c - 1, 0), cr = min(c + 1, grid.columns - 1)
        let rn = max(r - 1, 0), rs = min(r + 1, grid.rows - 1)
        let east = cr > cl ? (Double(grid[r, cr]) - Double(grid[r, cl])) / (Double(cr - cl) * cellWidth[r]) : 0
        var dy = 0.0
        for k in rn..<rs { dy += rowSpacing[k] }
        let north = rs > rn ? (Double(grid[rn, c]) - Double(grid[rs, c])) / dy : 0
        return (east, north)
    }

    /// The terrain gradient at `p` (m/m, east and north components): the cell-centre gradients
    /// of the four nearest cells, interpolated bilinearly; nil outside the grid or near nodata.
    public func gradient(at p: Coordinate) -> (east: Double, north: Double)? {
        guard let k = corners(p) else { return nil }
        let g00 = gradient(row: k.r0, column: k.c0), g01 = gradient(row: k.r0, column: k.c1)
        let g10 = gradient(row: k.r1, column: k.c0), g11 = gradient(row: k.r1, column: k.c1)
        func mix(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
            (1 - k.ty) * ((1 - k.tx) * a + k.tx * b) + k.ty * ((1 - k.tx) * c + k.tx * d)
        }
        let e = mix(g00.east, g01.east, g10.east, g11.east), n = mix(g00.north, g01.north, g10.north, g11.north)
        return e.isNaN || n.isNaN ? nil : (e, n)
    }
}
