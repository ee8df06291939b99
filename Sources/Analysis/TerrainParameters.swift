/// The terrain analysis's knobs: where crossing on foot or horseback counts as plausible.
public struct TerrainParameters: Sendable, Hashable {
    /// Above this elevation (m) a stretch is not passable. Default 3,200 m: in the Tian Shan,
    /// permafrost, scree and glaciers are common above ~3,200 m (Pospelov, Geographical names of
    /// the world, 2001; Brief geographical dictionary, 2008, "Tian Shan").
    public var maxElevation: Double = TerrainParameters.defaultMaxElevation
    /// Steeper than this (degrees, the terrain's steepest slope from the DEM gradient) a stretch
    /// is not passable. Default 21.8° = a 40 % grade: the short-pitch maximum of the least
    /// developed hiker/pedestrian trail (Trail Class 1) in the USDA Forest Service Trail Design
    /// Parameters (FSH 2309.18, 2008); pack-and-saddle trails are designed gentler.
    public var maxSlope: Double = TerrainParameters.defaultMaxSlope
    /// Spacing of the samples along the border (m); nil: the DEM's resolution where the border
    /// runs (the shortest geodesic cell side among the rows of the border's latitudes).
    public var spacing: Double?

    public init(maxElevation: Double = TerrainParameters.defaultMaxElevation, maxSlope: Double = TerrainParameters.defaultMaxSlope,
                spacing: Double? = nil) {
        self.maxElevation = maxElevation
        self.maxSlope = maxSlope
        self.spacing = spacing
    }

    public static let defaultMaxElevation = 3_200.0
    public static let defaultMaxSlope = 21.8
}
