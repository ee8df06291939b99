import Coordinates
import Domain
import Foundation

/// Coverage of a border by travel time: the stretches the patrols of its controls reach within
/// their budgets, and the time from the nearest control to every sample of the border's terrain
/// profile (the same samples, at the DEM's resolution).
public struct TravelCoverage: Sendable {
    /// A profile sample's travel time (hours) from the nearest control; +∞ where no passable path
    /// leads.
    public struct Sample: Sendable, Hashable {
        public var chainage: Double
        public var hours: Double
    }

    public var parameters: TravelParameters
    /// Merged, sorted covered chainage intervals.
    public var covered: [ChainageInterval]
    /// Per control (in the order given): whether its patrol covers some sample of the border.
    public var reaches: [Bool]
    /// By part of the border, the profile's samples with their travel time.
    public var parts: [[Sample]]
    /// The grid of the surface.
    public var grid: ElevationGrid
    /// Hours from the nearest control, by cell of `grid` (+∞: unreachable): the travel-time surface.
    public var hours: [Float]

    /// The most remote point of [a, b] on `part` in hours from the nearest control (samples inside
    /// and the ends interpolated linearly), and the length of it no passable path reaches.
    public func remoteness(from a: Double, to b: Double, part: Int) -> (hours: Double, chainage: Double, unreachable: Double) {
        guard part < parts.count, let first = parts[part].first, let last = parts[part].last else { return (.nan, a, 0) }
        let samples = parts[part]
        func at(_ s: Double) -> Double {
            guard let j = samples.firstIndex(where: { $0.chainage >= s }) else { return last.hours }
            if j == 0 { return first.hours }
            let x = samples[j - 1], y = samples[j]
            if !x.hours.isFinite || !y.hours.isFinite { return .infinity }
            let t = y.chainage > x.chainage ? (s - x.chainage) / (y.chainage - x.chainage) : 0
            return x.hours + t * (y.hours - x.hours)
        }
        var run = [Sample(chainage: a, hours: at(a))]
        run += samples.filter { $0.chainage > a && $0.chainage < b }
        run.append(Sample(chainage: b, hours: at(b)))
        var best = (hours: -Double.infinity, chainage: a)
        var unreachable = 0.0
        for s in run where s.hours.isFinite && s.hours > best.hours { best = (s.hours, s.chainage) }
        for (x, y) in zip(run, run.dropFirst()) where !x.hours.isFinite || !y.hours.isFinite {
            unreachable += y.chainage - x.chainage
        }
        return (best.hours.isFinite ? best.hours : .nan, best.chainage, unreachable)
    }
}

/// Builds `TravelCoverage`: two multi-source Dijkstra runs over the same graph, in parallel — one
/// with each control's budget as its start offset (coverage), one from every control at zero
/// (the time from the nearest control).
public enum TravelCoverageAnalysis {
    public static func run(controls: [ControlPoint], profile: TerrainProfile, graph: TravelGraph, surface: TerrainSurface) -> TravelCoverage {
        let p = graph.parameters
        let budgets = controls.map { ($0.kind.isPost ? p.patrolHours : p.settlementHours) * 3600 }
        let top = budgets.max() ?? 0
        let budgeted = zip(controls, budgets).map { TravelSource(coordinate: $0.coordinate, offset: top - $1) }
        let plain = controls.map { TravelSource(coordinate: $0.coordinate) }
        let fields = parallelChunks(2) { k in TravelTime.field(graph, sources: k == 0 ? budgeted : plain) }
        var reaches = [Bool](repeating: false, count: controls.count)
        var covered: [ChainageInterval] = []
        var parts: [[TravelCoverage.Sample]] = []
        for samples in profile.parts {
            // f ≤ 0: covered (the label is within the largest budget).
            var f: [Double] = []
            var out: [TravelCoverage.Sample] = []
            for s in samples {
                let b = TravelTime.label(at: s.coordinate, field: fields[0], graph: graph, surface: surface)
                let t = TravelTime.label(at: s.coordinate, field: fields[1], graph: graph, surface: surface)
                let fb = b.map { $0.seconds - top } ?? .infinity
                f.append(fb)
                if fb <= 0, let o = b?.origin, o >= 0 { reaches[o] = true }
                out.append(.init(chainage: s.chainage, hours: (t?.seconds ?? .infinity) / 3600))
            }
            parts.append(out)
            covered += intervals(samples.map(\.chainage), f)
        }
        let hours = fields[1].seconds.map { Float($0 / 3600) }
        return TravelCoverage(parameters: p, covered: Coverage.merge(covered), reaches: reaches, parts: parts, grid: graph.grid, hours: hours)
    }

    /// The covered chainage intervals of one part of a profile, from each sample's chainage and
    /// f (its label minus the budget: ≤ 0 covered; +∞ unreached): a stretch between two covered
    /// samples is covered, and where f changes sign between two samples the end lies where f,
    /// linear between them, is 0 (at the covered sample when the other is unreached). Not merged.
    public static func intervals(_ chainages: [Double], _ f: [Double]) -> [ChainageInterval] {
        var covered: [ChainageInterval] = []
        for k in 0..<max(chainages.count - 1, 0) {
            let x = chainages[k], y = chainages[k + 1]
            let fx = f[k], fy = f[k + 1]
            if fx <= 0 && fy <= 0 {
                covered.append(ChainageInterval(start: x, end: y))
            } else if fx <= 0 {
                let e = fy.isFinite ? x + (y - x) * fx / (fx - fy) : x
                if e > x { covered.append(ChainageInterval(start: x, end: e)) }
            } else if fy <= 0 {
                let s = fx.isFinite ? x + (y - x) * fx / (fx - fy) : y
                if s < y { covered.append(ChainageInterval(start: s, end: y)) }
            }
        }
        if chainages.count == 1, f[0] <= 0 { covered.append(ChainageInterval(start: chainages[0], end: chainages[0])) }
        return covered
    }

    /// The gaps analysis of `border` by travel time (what `nroute gaps --patrol-hours` computes
    /// per border): the active controls' coverage over `graph`, the gaps of that coverage, with
    /// the terrain columns of `profile` and each gap's travel time.
    public static func gaps(border: Border, controls: [ControlPoint], parameters: GapParameters, seizures: [Seizure],
                            profile: TerrainProfile, graph: TravelGraph, surface: TerrainSurface) throws -> GapReport {
        let active = GapAnalysis.activeControls(controls, parameters)
        let coverage = run(controls: active, profile: profile, graph: graph, surface: surface)
        var report = try GapAnalysis.run(border: border, controls: active, parameters: parameters, seizures: seizures,
                                         coverage: (coverage.covered, coverage.reaches))
        report.terrain = BorderTerrain(profile: profile, report: report)
        report.travel = BorderTravel(coverage: coverage, report: report)
        return report
    }
}
