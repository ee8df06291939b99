/// A raster's coordinate reference system, as far as NorthernRoute needs to know it.
public struct RasterCRS: Sendable, Hashable {
    /// The CRS's name (GDAL/PROJ), e.g. "WGS 84" or "WGS 84 / UTM zone 43N".
    public var name: String
    /// Geographic longitude/latitude in degrees on the WGS84 ellipsoid (a = 6378137 m,
    /// 1/f = 298.257223563) with the Greenwich meridian: EPSG:4326 and its equivalents.
    public var isGeographicWGS84: Bool
    /// Projected (metres or feet on a map projection), as opposed to geographic.
    public var isProjected: Bool

    public init(name: String, isGeographicWGS84: Bool, isProjected: Bool) {
        self.name = name
        self.isGeographicWGS84 = isGeographicWGS84
        self.isProjected = isProjected
    }
}
