/// Travel time along a border and to each of its gaps (the gaps analysis in travel-time mode).
public struct BorderTravel: Sendable {
    /// A gap's remoteness in travel time.
    public struct GapTime: Sendable, Hashable {
        /// Hours from the nearest control to the gap's most remote point (NaN: no point of the gap
        /// is reachable), and that point's chainage.
        public var maxHours: Double
        public var maxChainage: Double
        /// Length of the gap (m) that no passable path reaches (cut off by steep, high or wet cells).
        public var unreachableLength: Double
    }

    public var coverage: TravelCoverage
    /// By gap, in the order of `GapReport.gaps`.
    public var gaps: [GapTime]

    public init(coverage: TravelCoverage, report: GapReport) {
        self.coverage = coverage
        gaps = report.gaps.map { gap in
            let mid = (gap.start + gap.end) / 2
            let part = coverage.parts.firstIndex { ($0.first?.chainage ?? .infinity) <= mid && mid <= ($0.last?.chainage ?? -.infinity) } ?? 0
            let r = coverage.remoteness(from: gap.start, to: gap.end, part: part)
            return GapTime(maxHours: r.hours, maxChainage: r.chainage, unreachableLength: r.unreachable)
        }
    }

    /// The most remote gap point in hours (NaN when no gap has a reachable point).
    public var maxHours: Double { gaps.map(\.maxHours).filter { !$0.isNaN }.max() ?? .nan }
}
