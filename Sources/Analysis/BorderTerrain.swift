/// The terrain of a border and of each of its gaps (the gaps analysis with a DEM).
public struct BorderTerrain: Sendable {
    public var profile: TerrainProfile
    /// By gap, in the order of `GapReport.gaps`.
    public var gaps: [TerrainStretch]
    /// Passable length of all gaps (m).
    public var passableGapLength: Double { gaps.reduce(0) { $0 + $1.passableLength } }
    /// Length of the gaps where the DEM has values (m).
    public var gapDataLength: Double { gaps.reduce(0) { $0 + $1.dataLength } }

    /// The terrain of `report`'s gaps along `profile` (the same border).
    public init(profile: TerrainProfile, report: GapReport) {
        self.profile = profile
        gaps = report.gaps.map { gap in
            // The part holding the gap: the one whose chainage range (its first and last sample)
            // contains the gap's midpoint; a gap never spans two parts.
            let mid = (gap.start + gap.end) / 2
            let part = profile.parts.firstIndex { ($0.first?.chainage ?? .infinity) <= mid && mid <= ($0.last?.chainage ?? -.infinity) } ?? 0
            return profile.stretch(from: gap.start, to: gap.end, part: part)
        }
    }
}
