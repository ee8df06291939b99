import Analysis
import Foundation
import GeoFormats

/// The plan summary printed on stdout: a table for people, JSON for scripts.
public enum PlanSummary {
    public static func table(_ r: PlanReport) -> String {
        let u = r.weightUnit
        let s = r.solution
        var t = "\(r.border.name) (\(r.border.id)): at most \(r.parameters.newPosts) new post\(r.parameters.newPosts == 1 ? "" : "s")"
        if let b = r.parameters.budget { t += ", budget \(num(b))" }
        t += ", \(coverageText(r)); objective: \(r.weightName) newly covered (\(u))\n"
        t += "  candidate sites \(r.sites.count), \(r.usefulSites) reach uncovered border; \(r.pieceCount) elementary pieces in \(r.classCount) classes\n"
        t += "  uncovered before \(f3(r.uncoveredWeight)) \(u), reachable from the sites \(f3(r.reachableWeight)) \(u)\n"
        t += "  \(r.solverName): \(r.status)"
        if r.status == "optimal" {
            t += ", optimum \(f3(r.optimum)) \(u)"
        } else {
            t += ", best found \(f3(r.optimum)) \(u), proven upper bound \(f3(s.bound)) \(u) (gap \(String(format: "%.4f", s.relativeGap * 100)) %)"
        }
        t += " in \(String(format: "%.3f", s.seconds)) s, \(s.nodes) node\(s.nodes == 1 ? "" : "s"); greedy start \(f3(r.greedyValue)) \(u), root relaxation \(f3(s.rootBound)) \(u)\n"
        t += "  gaps before \(GapSummary.km(r.before.gapLength)) km in \(r.before.gaps.count), after \(GapSummary.km(r.after.gapLength)) km in \(r.after.gaps.count) (gaps of ≥ \(GapSummary.km(r.before.parameters.minGapLength)) km)\n"
        t += "  rank  id                      adds_\(u)     lon         lat        coverage (km along the border)\n"
        for p in r.chosen {
            t += "  \(GapSummary.pad(String(p.rank), 4))  \(GapSummary.padR(p.site.id, 22)) \(GapSummary.pad(f3(p.adds), 9)) \(GapSummary.pad(String(format: "%.5f", p.site.coordinate.longitude), 10)) \(GapSummary.pad(String(format: "%.5f", p.site.coordinate.latitude), 10))  \(PlanLayers.intervals(p.coverage))\n"
        }
        if r.curve.count > 1 {
            t += "  marginal curve (each k solved on its own)\n"
            t += "     k  status        optimum_\(u)  added_\(u)\n"
            for c in r.curve {
                t += "  \(GapSummary.pad(String(c.k), 4))  \(GapSummary.padR(c.statusName, 12)) \(GapSummary.pad(f3(c.optimum), 10)) \(GapSummary.pad(f3(c.added), 9))\n"
            }
        }
        return t
    }

    /// How the posts cover the border: "post radius 10 km", or "patrol 4 h on foot (settlements 2 h)".
    public static func coverageText(_ r: PlanReport) -> String {
        guard let t = r.travel else { return "post radius \(GapSummary.km(r.before.parameters.postRadius)) km" }
        return "patrol \(num(t.patrolHours)) h \(t.mode == .horse ? "on horseback" : "on foot") (settlements \(num(t.settlementHours)) h)"
    }

    public static func json(_ r: PlanReport) -> JSONValue {
        let s = r.solution
        return .object([
            "border_id": .string(r.border.id),
            "border_name": .string(r.border.name),
            "objective": .string(r.weightName),
            "unit": .string(r.weightUnit),
            "new_posts": .number(Double(r.parameters.newPosts)),
            "budget": r.parameters.budget.map { .number($0) } ?? .null,
            "post_radius_km": Round.km(r.before.parameters.postRadius),
            "coverage": .string(r.travel == nil ? "radius" : "travel time"),
            "patrol_hours": r.travel.map { .number($0.patrolHours) } ?? .null,
            "settlement_hours": r.travel.map { .number($0.settlementHours) } ?? .null,
            "travel_mode": r.travel.map { .string($0.mode.rawValue) } ?? .null,
            "solver": .string(r.solverName),
            "status": .string(r.status),
            "optimum": Round.places(r.optimum, 6),
            "bound": Round.places(s.bound, 6),
            "relative_gap": Round.places(s.relativeGap, 9),
            "root_bound": Round.places(s.rootBound, 6),
            "greedy": Round.places(r.greedyValue, 6),
            "seconds": Round.places(s.seconds, 4),
            "nodes": .number(Double(s.nodes)),
            "candidate_count": .number(Double(r.sites.count)),
            "useful_candidate_count": .number(Double(r.usefulSites)),
            "piece_count": .number(Double(r.pieceCount)),
            "class_count": .number(Double(r.classCount)),
            "uncovered_before": Round.places(r.uncoveredWeight, 6),
            "reachable": Round.places(r.reachableWeight, 6),
            "gap_km_before": Round.km(r.before.gapLength),
            "gap_km_after": Round.km(r.after.gapLength),
            "covered_km_before": Round.km(r.before.coveredLength),
            "covered_km_after": Round.km(r.after.coveredLength),
            "gap_count_before": .number(Double(r.before.gaps.count)),
            "gap_count_after": .number(Double(r.after.gaps.count)),
            "posts": .array(r.chosen.map { p in
                .object([
                    "rank": .number(Double(p.rank)), "id": .string(p.site.id), "name": .string(p.site.name),
                    "lon": .number(p.site.coordinate.longitude), "lat": .number(p.site.coordinate.latitude),
                    "adds": Round.places(p.adds, 6), "cost": .number(p.site.cost),
                    "coverage_km": .array(p.coverage.map { .array([Round.km($0.start), Round.km($0.end)]) }),
                ])
            }),
            "curve": .array(r.curve.map { c in
                .object([
                    "k": .number(Double(c.k)), "status": .string(c.statusName), "optimum": Round.places(c.optimum, 6),
                    "bound": Round.places(c.bound, 6), "added": Round.places(c.added, 6), "seconds": Round.places(c.seconds, 4),
                    "posts": .array(c.chosen.map { .string(r.sites[$0].id) }),
                ])
            }),
        ])
    }

    static func f3(_ v: Double) -> String { v.isFinite ? String(format: "%.3f", v) : "inf" }
    static func num(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
}
