/// Only the kilometres a person or a horse can plausibly cross count: the weight of a stretch is
/// its passable length on the terrain profile (elevation ≤ the maximum and slope ≤ the maximum of
/// the profile's `TerrainParameters`, linear between samples, as `passable_km` of the gaps). A
/// stretch the DEM does not reach weighs nothing. Additive: elevation and slope are linear between
/// samples, so the passable part of a split stretch is the passable parts of its halves.
public struct PassableWeight: CoverageWeight {
    public var profile: TerrainProfile
    public init(profile: TerrainProfile) { self.profile = profile }
    public var name: String { "passable length" }
    public var unit: String { "km" }
    public func weight(of interval: ChainageInterval, part: Int, on line: PolylineIndex) -> Double {
        guard part < profile.parts.count, interval.length > 0 else { return 0 }
        return profile.stretch(from: interval.start, to: interval.end, part: part).passableLength / 1000
    }
}
