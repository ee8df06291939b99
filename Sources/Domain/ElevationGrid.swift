import Coordinates

/// A terrain model: elevations (metres) on a regular longitude/latitude grid on WGS84, north row
/// first. Cell (row, column) covers [west + column·cellWidth, west + (column+1)·cellWidth] ×
/// [north − (row+1)·cellHeight, north − row·cellHeight]; its value holds at the cell's centre.
/// NaN marks nodata.
public struct ElevationGrid: Sendable {
    /// Outer edges of the grid, degrees.
    public var west: Double
    public var north: Double
    /// Cell size in degrees (positive).
    public var cellWidth: Double
    public var cellHeight: Double
    public var columns: Int
    public var rows: Int
    /// Row-major, north row first; NaN for nodata. count == rows · columns.
    public var samples: [Float]
    /// Where the grid came from (a file path, for messages).
    public var source: String
    /// The licence of its data, as the file states it (a `licence` metadata item; empty: not stated).
    public var licence: String = ""

    public init(west: Double, north: Double, cellWidth: Double, cellHeight: Double, columns: Int, rows: Int,
                samples: [Float], source: String = "") {
        precondition(samples.count == columns * rows, "ElevationGrid: \(samples.count) samples for \(columns) × \(rows) cells")
        self.west = west
        self.north = north
        self.cellWidth = cellWidth
        self.cellHeight = cellHeight
        self.columns = columns
        self.rows = rows
        self.samples = samples
        self.source = source
    }

    public var east: Double { west + Double(columns) * cellWidth }
    public var south: Double { north - Double(rows) * cellHeight }

    @inlinable
    public subscript(row: Int, column: Int) -> Float { samples[row * columns + column] }

    /// The centre of a cell.
    public func centre(row: Int, column: Int) -> Coordinate {
        Coordinate(longitude: west + (Double(column) + 0.5) * cellWidth, latitude: north - (Double(row) + 0.5) * cellHeight)
    }

    /// Whether the point lies on the grid (its outer edges included).
    public func contains(_ p: Coordinate) -> Bool {
        p.longitude >= west && p.longitude <= east && p.latitude >= south && p.latitude <= north
    }

    /// Number of cells that hold a value (not nodata).
    public var validCount: Int { samples.reduce(0) { $0 + ($1.isNaN ? 0 : 1) } }
}
