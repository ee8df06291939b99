import CPROJ
import Coordinates

/// Geodesic calculations on an ellipsoid of revolution (default WGS84), wrapping PROJ's C port of
/// Karney's algorithms (`geodesic.h`; C. F. F. Karney, "Algorithms for geodesics",
/// J. Geodesy 87, 43–55 (2013)).
///
/// Accuracy (Karney 2013, WGS84): distances and positions are accurate to round-off, errors
/// < 15 nm; azimuths to a corresponding ~1e-15 rad, except where they are ill-conditioned
/// (nearly antipodal points, coincident points). The unit tests check every function against an
/// independent implementation (PyPI `geographiclib`) to 1 mm; see `Tests/GeodesyTests`.
///
/// All functions are allocation-free unless they return an array; all are thread-safe.
///
/// Conventions: coordinates are `Coordinate(longitude:latitude:)` in degrees; latitudes must be in
/// [-90, 90] (not checked in release builds: the C code returns NaN outside). Azimuths are degrees
/// clockwise from north in [-180, 180]; distances in metres. Returned longitudes are in [-180, 180].
public struct Geodesic: @unchecked Sendable {
    // @unchecked Sendable: `geod_geodesic` is a plain C struct of Doubles (fixed-size arrays of
    // series coefficients). `geod_init` fills it once in `init`; every other geod_* function takes
    // it by `const` pointer and only reads it, and it owns no pointers. A copy is an independent
    // 400-byte value, so sharing or copying it across threads cannot race.
    @usableFromInline
    internal let raw: geod_geodesic

    /// The ellipsoid this object computes on.
    public let ellipsoid: Ellipsoid

    /// Precomputes the series coefficients for `ellipsoid` (about 1 µs; reuse the value).
    public init(_ ellipsoid: Ellipsoid = .wgs84) {
        self.ellipsoid = ellipsoid
        var g = geod_geodesic()
        geod_init(&g, ellipsoid.equatorialRadius, ellipsoid.flattening)
        self.raw = g
    }

    /// The shared WGS84 instance.
    public static let wgs84 = Geodesic()
}
