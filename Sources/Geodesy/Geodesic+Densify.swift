import Coordinates

extension Geodesic {
    /// Points along the shortest geodesic from `start` to `end`, equally spaced and no more than
    /// `maxSpacing` metres apart, including both ends (the first and last elements are exactly
    /// `start` and `end`). Intermediate points: error < 15 nm (Karney 2013).
    ///
    /// - Precondition: `maxSpacing > 0`.
    public func densify(from start: Coordinate, to end: Coordinate, maxSpacing: Double) -> [Coordinate] {
        var points = line(from: start, to: end).densified(maxSpacing: maxSpacing)
        points[points.count - 1] = end
        return points
    }

    /// The point at `fraction` of the way from `start` to `end` along the shortest geodesic
    /// (0 → `start`, 1 → `end` up to < 15 nm; outside [0, 1] extrapolates). Error < 15 nm.
    /// Allocation-free.
    @inlinable
    public func intermediate(from start: Coordinate, to end: Coordinate, fraction: Double) -> Coordinate {
        line(from: start, to: end).intermediate(fraction: fraction)
    }
}
