import Coordinates
import Domain

/// Lakes rasterised onto an elevation grid: a cell is water when its centre lies inside a lake
/// polygon (even–odd rule over the polygon's rings, so islands stay land). Rings are taken as
/// straight in longitude/latitude between their vertices (lake outlines are dense).
public enum WaterMask {
    /// One flag per cell of `grid`, row-major, north row first.
    public static func cells(_ lakes: [Lake], on grid: ElevationGrid) -> [Bool] {
        var water = [Bool](repeating: false, count: grid.rows * grid.columns)
        for lake in lakes {
            for polygon in lake.polygons {
                let points = polygon.flatMap { $0 }
                guard let south = points.map(\.latitude).min(), let north = points.map(\.latitude).max() else { continue }
                let r0 = max(Int(((grid.north - north) / grid.cellHeight - 0.5).rounded(.down)), 0)
                let r1 = min(Int(((grid.north - south) / grid.cellHeight - 0.5).rounded(.up)), grid.rows - 1)
                guard r0 <= r1 else { continue }
                for r in r0...r1 {
                    let lat = grid.north - (Double(r) + 0.5) * grid.cellHeight
                    var xs: [Double] = []
                    for ring in polygon where ring.count >= 2 {
                        for (a, b) in zip(ring, ring.dropFirst()) where (a.latitude > lat) != (b.latitude > lat) {
                            xs.append(a.longitude + (lat - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude))
                        }
                    }
                    xs.sort()
                    var k = 0
                    while k + 1 < xs.count {
                        // Columns whose centre lies in [xs[k], xs[k+1]).
                        let c0 = max(Int(((xs[k] - grid.west) / grid.cellWidth - 0.5).rounded(.up)), 0)
                        let c1 = min(Int(((xs[k + 1] - grid.west) / grid.cellWidth - 0.5).rounded(.up)) - 1, grid.columns - 1)
                        if c0 <= c1 { for c in c0...c1 { water[r * grid.columns + c] = true } }
                        k += 2
                    }
                }
            }
        }
        return water
    }
}
