import Foundation

/// How sure a gap is when each control may lie anywhere within its `locationPrecisionM` of its
/// recorded point (a checkpoint placed from a town 20 km away covers a different stretch than its
/// recorded point does).
///
/// For a control with radius R and precision p, and a border point at geodesic distance d from the
/// recorded point, the true distance lies anywhere in [max(d − p, 0), d + p] (triangle inequality;
/// every value is reached by a position on the geodesic through both points). So a point is
/// - **certainly uncovered** — uncovered wherever every control really is — exactly when
///   d > R + p for every control: the discs grown by each control's precision;
/// - **possibly uncovered** — uncovered for some position of every control — exactly when
///   d > R − p for every control: the discs shrunk by it (a control with p ≥ R may cover nothing).
/// Both sets are computed like the recorded gaps (exact geodesic interval ends, within 1 m).
///
/// "Possibly uncovered" is decided point by point: each point of a possible stretch is uncovered in
/// some placement, but one placement need not leave the whole stretch uncovered at once, so the
/// possible length is an upper bound of the longest the gap can be. The certain length is exact.
/// With precise controls (p = 0 for all) certain = recorded = possible.
public struct GapCertainty: Sendable, Hashable {
    /// Length of the part of the gap that stays uncovered wherever the controls really are.
    public var certainLength: Double
    /// The possibly uncovered stretch that holds the gap: the gap's start lies in
    /// [possibleStart, certainStart] and its end in [certainEnd, possibleEnd].
    public var possibleStart: Double
    public var possibleEnd: Double
    /// The first and last certainly uncovered chainage of the gap; nil when none is: then the gap
    /// may close entirely for some placement of the controls.
    public var certainStart: Double?
    public var certainEnd: Double?

    public var possibleLength: Double { possibleEnd - possibleStart }

    /// A gap whose controls are all precisely placed: every bound is the gap itself.
    public static func exact(_ interval: ChainageInterval) -> GapCertainty {
        GapCertainty(certainLength: interval.length, possibleStart: interval.start, possibleEnd: interval.end,
                     certainStart: interval.start, certainEnd: interval.end)
    }

    /// The certainty of the recorded gap `gap` on `part`, from the certainly and possibly uncovered
    /// stretches of the same line (each from `Coverage.complementByPart`).
    static func of(gap: ChainageInterval, part: Int,
                   certain: [(part: Int, interval: ChainageInterval)],
                   possible: [(part: Int, interval: ChainageInterval)]) -> GapCertainty
    {
        var length = 0.0
        var first: Double?
        var last: Double?
        for c in certain where c.part == part {
            let a = max(c.interval.start, gap.start), b = min(c.interval.end, gap.end)
            guard b > a else { continue }
            length += b - a
            first = min(first ?? a, a)
            last = max(last ?? b, b)
        }
        // The recorded gap lies inside one possible stretch (the shrunk discs cover less); pick the
        // one that overlaps it most, so that interval ends solved to 0.1 mm cannot mislead.
        var holder = gap
        var overlap = 0.0
        for p in possible where p.part == part {
            let o = min(p.interval.end, gap.end) - max(p.interval.start, gap.start)
            if o > overlap { overlap = o; holder = p.interval }
        }
        return GapCertainty(certainLength: min(length, gap.length),
                            possibleStart: min(holder.start, gap.start), possibleEnd: max(holder.end, gap.end),
                            certainStart: first, certainEnd: last)
    }
}
