import CPROJ
import Coordinates

/// One geodesic, set up once so that many points along it are cheap (`geod_position`: about a
/// third of the cost of a direct problem, allocation-free).
///
/// Made by `Geodesic.line(from:to:)` (a segment: `length` is the distance between the ends) or
/// `Geodesic.line(from:azimuth:)` (a ray: `length` is NaN). Positions are accurate to < 15 nm
/// (Karney 2013) at any distance along the line.
public struct GeodesicLine: @unchecked Sendable {
    // @unchecked Sendable: `geod_geodesicline` is a plain C struct of Doubles and one unsigned,
    // filled once by geod_inverseline / geod_directline / geod_lineinit and afterwards only read
    // through `const` pointers (geod_position / geod_genposition). It owns no pointers.
    @usableFromInline
    internal let raw: geod_geodesicline

    /// Capabilities requested from PROJ: latitude, longitude, azimuth, and positions given by
    /// distance (GEOD_DISTANCE_IN).
    @usableFromInline
    internal static var capabilities: UInt32 {
        GEOD_LATITUDE.rawValue | GEOD_LONGITUDE.rawValue | GEOD_AZIMUTH.rawValue | GEOD_DISTANCE_IN.rawValue
    }

    @inlinable
    internal init(raw: geod_geodesicline) { self.raw = raw }

    /// The start of the line.
    @inlinable
    public var start: Coordinate { Coordinate(longitude: raw.lon1, latitude: raw.lat1) }

    /// Azimuth at the start, degrees clockwise from north.
    @inlinable
    public var initialAzimuth: Double { raw.azi1 }

    /// Length of the segment in metres (error < 15 nm), or NaN for a line made from an azimuth.
    @inlinable
    public var length: Double { raw.s13 }

    /// The point `distance` metres along the line from `start` (negative: behind the start),
    /// with the forward azimuth there. Error < 15 nm (Karney 2013). Allocation-free.
    @inlinable
    public func position(at distance: Double) -> GeodesicPosition {
        var lat = 0.0, lon = 0.0, azi = 0.0
        withUnsafePointer(to: raw) { l in
            geod_position(l, distance, &lat, &lon, &azi)
        }
        return GeodesicPosition(coordinate: Coordinate(longitude: lon, latitude: lat), azimuth: azi)
    }

    /// The point `distance` metres along the line from `start`. Error < 15 nm. Allocation-free.
    @inlinable
    public func coordinate(at distance: Double) -> Coordinate {
        var lat = 0.0, lon = 0.0
        withUnsafePointer(to: raw) { l in
            geod_position(l, distance, &lat, &lon, nil)
        }
        return Coordinate(longitude: lon, latitude: lat)
    }

    /// The point at `fraction` of the segment's length (0 = start, 1 = end; values outside
    /// [0, 1] extrapolate along the geodesic). Error < 15 nm. NaN for a line without a length.
    @inlinable
    public func intermediate(fraction: Double) -> Coordinate {
        coordinate(at: fraction * raw.s13)
    }

    /// Points spaced equally along the segment, no more than `maxSpacing` metres apart, including
    /// both ends (`start` and the end point as computed on the line, < 15 nm from the
    /// `to:` point the line was made with). A zero-length segment gives two equal points.
    ///
    /// - Precondition: the line has a finite `length`, `maxSpacing > 0`.
    public func densified(maxSpacing: Double) -> [Coordinate] {
        precondition(maxSpacing > 0 && maxSpacing.isFinite, "maxSpacing must be positive")
        let total = raw.s13
        precondition(total.isFinite, "densified(maxSpacing:) needs a line made with line(from:to:)")
        let pieces = max(1, Int((total / maxSpacing).rounded(.up)))
        var out = [Coordinate]()
        out.reserveCapacity(pieces + 1)
        out.append(start)
        let step = total / Double(pieces)
        for i in 1..<pieces { out.append(coordinate(at: step * Double(i))) }
        out.append(coordinate(at: total))
        return out
    }
}

extension Geodesic {
    /// The shortest geodesic from `start` to `end` as a line of finite `length` (one inverse
    /// solution, error < 15 nm).
    @inlinable
    public func line(from start: Coordinate, to end: Coordinate) -> GeodesicLine {
        var l = geod_geodesicline()
        withUnsafePointer(to: raw) { g in
            geod_inverseline(&l, g, start.latitude, start.longitude, end.latitude, end.longitude,
                             GeodesicLine.capabilities)
        }
        return GeodesicLine(raw: l)
    }

    /// The geodesic leaving `start` at `azimuth` degrees (a ray: `length` is NaN).
    @inlinable
    public func line(from start: Coordinate, azimuth: Double) -> GeodesicLine {
        var l = geod_geodesicline()
        withUnsafePointer(to: raw) { g in
            geod_lineinit(&l, g, start.latitude, start.longitude, azimuth, GeodesicLine.capabilities)
        }
        return GeodesicLine(raw: l)
    }

    /// The geodesic leaving `start` at `azimuth` for `distance` metres, as a segment of that
    /// `length`.
    @inlinable
    public func line(from start: Coordinate, azimuth: Double, distance: Double) -> GeodesicLine {
        var l = geod_geodesicline()
        withUnsafePointer(to: raw) { g in
            geod_directline(&l, g, start.latitude, start.longitude, azimuth, distance, GeodesicLine.capabilities)
        }
        return GeodesicLine(raw: l)
    }
}
