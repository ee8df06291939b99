import Coordinates

/// A uniform longitude/latitude grid: cell (ix, iy) is [lon0 + ix·step, lon0 + (ix + 1)·step] ×
/// [lat0 + iy·step, lat0 + (iy + 1)·step], numbered iy·nx + ix. It starts inside [-180, 180] of
/// longitude and ±89° of latitude and never wraps across the antimeridian; coordinates outside
/// it (or NaN) have no cell.
///
/// Accuracy: `cell(_:)` rounds (x − lon0)/step once, so a point within ~1e-12° of a cell's edge
/// may go to either neighbour; every bound below holds on the closed cell widened by 1e-9°.
public struct LonLatGrid: Sendable {
    public let lon0: Double
    public let lat0: Double
    public let step: Double
    public let nx: Int
    public let ny: Int
    @usableFromInline let inverseStep: Double
    @usableFromInline let lon1: Double
    @usableFromInline let lat1: Double

    /// The grid covering [minLon, maxLon] × [minLat, maxLat] (clamped to ±89° of latitude) with
    /// cells of `step` degrees, or of a larger step when that would make more than `maxCells`
    /// cells; nil when the box is empty or leaves [-180, 180] of longitude.
    public init?(minLon: Double, maxLon: Double, minLat: Double, maxLat: Double, step wanted: Double, maxCells: Int) {
        let la0 = max(minLat, -89), la1 = min(maxLat, 89)
        guard minLon.isFinite, maxLon.isFinite, la0.isFinite, la1.isFinite, minLon >= -180, maxLon <= 180,
              maxLon > minLon, la1 > la0 else { return nil }
        let step = max(wanted, ((maxLon - minLon) * (la1 - la0) / Double(maxCells)).squareRoot())
        lon0 = minLon
        lat0 = la0
        self.step = step
        nx = max(1, Int(((maxLon - minLon) / step).rounded(.up)))
        ny = max(1, Int(((la1 - la0) / step).rounded(.up)))
        inverseStep = 1 / step
        lon1 = lon0 + Double(nx) * step
        lat1 = lat0 + Double(ny) * step
    }

    @inlinable
    public var cellCount: Int { nx * ny }

    /// The cell holding `c`, or nil outside the grid. A point on a shared edge goes to either cell
    /// (cells are closed and every bound below holds on the closed cell widened by 1e-9°).
    @inlinable @inline(__always)
    public func cell(_ c: Coordinate) -> Int? {
        let x = c.longitude, y = c.latitude
        guard x >= lon0, x < lon1, y >= lat0, y < lat1 else { return nil }
        let ix = min(Int((x - lon0) * inverseStep), nx - 1)
        let iy = min(Int((y - lat0) * inverseStep), ny - 1)
        return iy * nx + ix
    }

    /// The longitude/latitude rectangle of cells ix0..<ix1 × iy0..<iy1, widened by 1e-9° (more than
    /// the rounding of `cell(_:)`).
    @inlinable
    public func rectangle(_ ix0: Int, _ ix1: Int, _ iy0: Int, _ iy1: Int)
        -> (minLon: Double, maxLon: Double, minLat: Double, maxLat: Double)
    {
        (lon0 + Double(ix0) * step - 1e-9, lon0 + Double(ix1) * step + 1e-9,
         lat0 + Double(iy0) * step - 1e-9, lat0 + Double(iy1) * step + 1e-9)
    }

    /// sin and cos of the latitudes lat0 + k·step/2, k = 0…2·ny, and of the longitudes
    /// lon0 + k·step/2, k = 0…2·nx: the rows, columns and centres of all blocks of cells
    /// (`FastTrig`, a few ulps).
    @inlinable
    public func halfSteps() -> (latitudes: [(sin: Double, cos: Double)], longitudes: [(sin: Double, cos: Double)]) {
        ((0...(2 * ny)).map { FastTrig.sincos(degrees: lat0 + Double($0) * step / 2) },
         (0...(2 * nx)).map { FastTrig.sincos(degrees: lon0 + Double($0) * step / 2) })
    }

    /// The centre (on the ellipsoid) of the block of cells ix0..<ix1 × iy0..<iy1 and a bound on
    /// the straight-line distance from it to any point of the block widened by 1e-9°: the path
    /// along the centre's meridian, then along the point's parallel, is at most
    /// M_max·Δφ/2 + p_max·Δλ/2 long (M the meridian radius of curvature, largest at the largest
    /// |φ|; p = N·cos φ the radius of the parallel, largest at the smallest |φ|; both taken at the
    /// block's rows, which the widening changes by < 1e-12 relative, inside the 1e-9 margin), and
    /// the chord is never longer than a path. The radius is rigorous (with a relative 1e-9 and
    /// 1 µm of margin). `trig` is `halfSteps()`.
    @inlinable
    public func disc(_ ix0: Int, _ ix1: Int, _ iy0: Int, _ iy1: Int,
                     _ trig: (latitudes: [(sin: Double, cos: Double)], longitudes: [(sin: Double, cos: Double)]))
        -> (centre: GeocentricVector, radius: Double)
    {
        let phi = trig.latitudes[iy0 + iy1], lam = trig.longitudes[ix0 + ix1]
        let n = WGS84.radii(sinLatitude: phi.sin).n
        let centre = GeocentricVector(n * phi.cos * lam.cos, n * phi.cos * lam.sin, n * (1 - WGS84.e2) * phi.sin)
        let south = trig.latitudes[2 * iy0], north = trig.latitudes[2 * iy1]
        let high = abs(south.sin) >= abs(north.sin) ? south : north
        let low = south.sin <= 0 && north.sin >= 0 ? (sin: 0.0, cos: 1.0) : abs(south.sin) <= abs(north.sin) ? south : north
        let mMax = WGS84.radii(sinLatitude: high.sin).m
        let pMax = WGS84.radii(sinLatitude: low.sin).n * low.cos
        let path = (mMax * (Double(iy1 - iy0) * step + 2e-9) + pMax * (Double(ix1 - ix0) * step + 2e-9)) * (.pi / 360)
        return (centre, path * (1 + 1e-9) + 1e-6)
    }
}
