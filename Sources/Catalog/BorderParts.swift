import Coordinates
import Domain
import Foundation
import Geometry

/// A user's border line whose parts repeat or overlap one another (the same row 50,000 times in a
/// CSV, a line digitised twice): analysing every copy would take minutes and write each stretch
/// many times, and the covered share would count a stretch more than once. Such parts are
/// dissolved: every segment (either direction) kept once, then merged end to end into lines (GEOS
/// line merge), and the caller reports it. Parts that overlap without sharing vertices are not
/// detected (they are not identical stretches).
public enum BorderParts {
    /// What `dissolve` did: nil when no segment occurs twice (the parts are returned untouched).
    public struct Report: Sendable, Hashable {
        public var partsBefore: Int
        public var partsAfter: Int
        public var repeatedSegments: Int
    }

    /// The parts, with repeated or overlapping stretches dissolved when any segment (either
    /// direction) occurs more than once.
    public static func dissolve(_ parts: [[Coordinate]]) throws -> (parts: [[Coordinate]], report: Report?) {
        struct SegmentKey: Hashable {
            var a0: Double, a1: Double, b0: Double, b1: Double
            init(_ p: Coordinate, _ q: Coordinate) {
                // Direction-free: the smaller end first.
                if (p.longitude, p.latitude) <= (q.longitude, q.latitude) {
                    (a0, a1, b0, b1) = (p.longitude, p.latitude, q.longitude, q.latitude)
                } else {
                    (a0, a1, b0, b1) = (q.longitude, q.latitude, p.longitude, p.latitude)
                }
            }
        }
        var seen = Set<SegmentKey>()
        var unique: [[Coordinate]] = []
        var repeated = 0
        for part in parts where part.count >= 2 {
            for k in 1..<part.count where part[k - 1] != part[k] {
                if seen.insert(SegmentKey(part[k - 1], part[k])).inserted {
                    unique.append([part[k - 1], part[k]])
                } else {
                    repeated += 1
                }
            }
        }
        guard repeated > 0 else { return (parts, nil) }
        // Every segment once, then merged back into lines where they join end to end (GEOS line
        // merge: no noding, so this is linear in the segments, however many copies there were).
        let context = GeometryContext()
        do {
            let merged = try context.multiLineString(unique).lineMerge().lines()
            return (merged, Report(partsBefore: parts.count, partsAfter: merged.count, repeatedSegments: repeated))
        } catch {
            throw CatalogError(.badData, "the border's parts repeat one another and could not be dissolved: \(error.description)")
        }
    }
}
