/// A position on the WGS84 ellipsoid: longitude then latitude, in decimal degrees (RFC 7946 order).
///
/// Altitude is not carried: NorthernRoute works on the ellipsoid surface. Readers drop a third
/// ordinate if present (documented in README "Limits").
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var longitude: Double
    public var latitude: Double

    @inlinable
    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Finite, longitude in [-180, 180] and latitude in [-90, 90].
    @inlinable
    public var isValidWGS84: Bool {
        longitude.isFinite && latitude.isFinite
            && longitude >= -180 && longitude <= 180
            && latitude >= -90 && latitude <= 90
    }

    public var description: String { "(\(longitude), \(latitude))" }
}
