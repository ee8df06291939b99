import CPROJ
import Coordinates

/// A point reached along a geodesic, with the forward azimuth of the geodesic there.
public struct GeodesicPosition: Hashable, Sendable {
    /// The point reached (longitude in [-180, 180]).
    public var coordinate: Coordinate
    /// Forward azimuth of the geodesic at `coordinate`, degrees clockwise from north.
    public var azimuth: Double

    @inlinable
    public init(coordinate: Coordinate, azimuth: Double) {
        self.coordinate = coordinate
        self.azimuth = azimuth
    }
}

extension Geodesic {
    /// Direct problem: the point `distance` metres from `start` along the geodesic leaving it at
    /// `azimuth` degrees (clockwise from north). `distance` may be negative (travel backwards).
    ///
    /// Accuracy: position error < 15 nm (Karney 2013), any distance (also > half the
    /// circumference). Cost: ~1 µs, allocation-free. For many points on one geodesic use
    /// `line(from:azimuth:)`, which is cheaper per point.
    @inlinable
    public func direct(from start: Coordinate, azimuth: Double, distance: Double) -> GeodesicPosition {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        withUnsafePointer(to: raw) { g in
            geod_direct(g, start.latitude, start.longitude, azimuth, distance, &lat2, &lon2, &azi2)
        }
        return GeodesicPosition(coordinate: Coordinate(longitude: lon2, latitude: lat2), azimuth: azi2)
    }
}
