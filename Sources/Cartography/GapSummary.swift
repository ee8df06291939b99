import Analysis
import Foundation
import GeoFormats

/// The gaps summary printed on stdout: a table for people, JSON for scripts.
public enum GapSummary {
    public static func table(_ reports: [GapReport], top: Int = 15) -> String {
        var s = ""
        for r in reports {
            let p = r.parameters
            s += "\(r.border.name) (\(r.border.id)): \(km(r.length)) km of border, \(r.coveringControls.count) of \(r.controls.count) control points reach it "
            if let t = r.travel {
                let tp = t.coverage.parameters
                s += "(\(tp.mode.rawValue) patrols over the DEM: posts within \(hours(tp.patrolHours)) h"
                s += p.includeSettlements ? ", settlements within \(hours(tp.settlementHours)) h" : ", settlements ignored"
            } else {
                s += "(posts within \(km(p.postRadius)) km"
                s += p.includeSettlements ? ", settlements within \(km(p.settlementRadius)) km" : ", settlements ignored"
            }
            if let m = p.minPopulation { s += " with population ≥ \(m)" }
            s += ")\n"
            s += "  covered  \(pad(km(r.coveredLength), 10)) km  \(pct(r.coveredShare))\n"
            s += "  gaps     \(pad(km(r.gapLength), 10)) km  \(pct(r.gapShare))  in \(r.gaps.count) gaps of ≥ \(km(p.minGapLength)) km\n"
            if r.shortUncoveredLength > 0 {
                s += "  shorter uncovered stretches \(km(r.shortUncoveredLength)) km (below the minimum gap length)\n"
            }
            if r.hasImpreciseControls {
                s += "  gaps at least \(km(r.certainGapLength)) km, at most \(km(r.possibleGapLength)) km wherever the controls really are within their location precision\n"
            }
            if !r.gaps.isEmpty {
                let sure = r.hasImpreciseControls ? "  certain_km possible_km" : ""
                s += "  rank  id                      length_km   start_km     end_km  max_dist_km\(sure)  ends (circle that ends the gap)\n"
                for g in r.gaps.prefix(top) {
                    let open = r.travel == nil ? "border end" : "patrol reach"
                    let a = g.startLimit.map { r.controls[$0.controlIndex].name } ?? (g.start <= 0 ? "border end" : open)
                    let b = g.endLimit.map { r.controls[$0.controlIndex].name } ?? (g.end >= r.length ? "border end" : open)
                    let bounds = r.hasImpreciseControls
                        ? " \(pad(km(g.certainty.certainLength), 11)) \(pad(km(g.certainty.possibleLength), 11))" : ""
                    s += "  \(pad(String(g.rank), 4))  \(padR(g.id, 22)) \(pad(km(g.length), 10)) \(pad(km(g.start), 10)) \(pad(km(g.end), 10)) \(pad(km(g.maxDistance), 12))\(bounds)  \(a) → \(b)\n"
                }
                if r.gaps.count > top { s += "  … \(r.gaps.count - top) more in the GeoJSON layer\n" }
            }
            if let t = r.terrain { s += terrainTable(r, t, top: top) }
            if let t = r.travel { s += travelTable(r, t, top: top) }
        }
        return s
    }

    /// The travel-time lines of a border: the most remote gap point in hours, then each gap's.
    static func travelTable(_ r: GapReport, _ t: BorderTravel, top: Int) -> String {
        var s = "  travel   most remote gap point \(t.maxHours.isNaN ? "unreachable" : hours(t.maxHours) + " h") from the nearest control (\(t.coverage.parameters.mode.rawValue), Tobler × \(String(format: "%.2f", t.coverage.parameters.speedFactor)))\n"
        guard !r.gaps.isEmpty else { return s }
        s += "  rank  id                      length_km  max_time_h  unreachable_km\n"
        for (g, gt) in zip(r.gaps, t.gaps).prefix(top) {
            s += "  \(pad(String(g.rank), 4))  \(padR(g.id, 22)) \(pad(km(g.length), 10)) \(pad(gt.maxHours.isNaN ? "—" : hours(gt.maxHours), 11)) \(pad(km(gt.unreachableLength), 15))\n"
        }
        return s
    }

    static func hours(_ h: Double) -> String { String(format: "%.2f", h) }

    /// The terrain lines of a border (with a DEM): passable length of the gaps and of the line,
    /// then each gap's passable length, elevations and steepest slope.
    static func terrainTable(_ r: GapReport, _ t: BorderTerrain, top: Int) -> String {
        let tp = t.profile.parameters
        var s = "  terrain  passable (elevation ≤ \(String(format: "%.0f", tp.maxElevation)) m, slope ≤ \(String(format: "%.1f", tp.maxSlope))°): "
        s += "\(km(t.passableGapLength)) km of the \(km(t.gapDataLength)) km of gaps on the DEM; "
        s += "\(km(t.profile.total.passableLength)) km of the \(km(t.profile.total.dataLength)) km of border on the DEM\n"
        guard !r.gaps.isEmpty else { return s }
        s += "  rank  id                      length_km  passable_km  elev_min_m  elev_med_m  elev_max_m  slope_max\n"
        for (k, g) in r.gaps.enumerated().prefix(top) {
            let st = t.gaps[k]
            s += "  \(pad(String(g.rank), 4))  \(padR(g.id, 22)) \(pad(km(g.length), 10)) \(pad(km(st.passableLength), 12)) \(pad(m(st.minElevation), 11)) \(pad(m(st.medianElevation), 11)) \(pad(m(st.maxElevation), 11)) \(pad(deg(st.maxSlope), 10))\n"
        }
        if r.gaps.count > top { s += "  … \(r.gaps.count - top) more in the GeoJSON layer\n" }
        return s
    }

    public static func json(_ reports: [GapReport]) -> JSONValue {
        .array(reports.map { r in
            var o: JSONObject = [
                "border_id": .string(r.border.id),
                "border_name": .string(r.border.name),
                "length_km": Round.km(r.length),
                "covered_km": Round.km(r.coveredLength),
                "covered_share": Round.places(r.coveredShare, 6),
                "gap_km": Round.km(r.gapLength),
                "gap_share": Round.places(r.gapShare, 6),
                "short_uncovered_km": Round.km(r.shortUncoveredLength),
                "certain_gap_km": Round.km(r.certainGapLength),
                "possible_gap_km": Round.km(r.possibleGapLength),
                "gap_count": .number(Double(r.gaps.count)),
                "control_count": .number(Double(r.controls.count)),
                "covering_control_count": .number(Double(r.coveringControls.count)),
                "parameters": .object([
                    "post_radius_km": Round.km(r.parameters.postRadius),
                    "settlement_radius_km": Round.km(r.parameters.settlementRadius),
                    "include_settlements": .bool(r.parameters.includeSettlements),
                    "min_population": r.parameters.minPopulation.map { .number(Double($0)) } ?? .null,
                    "min_gap_km": Round.km(r.parameters.minGapLength),
                ]),
                "gaps": .array(r.gaps.enumerated().map { k, g in
                    var go: JSONObject = [
                        "id": .string(g.id), "rank": .number(Double(g.rank)), "length_km": Round.km(g.length),
                        "start_km": Round.km(g.start), "end_km": Round.km(g.end), "max_distance_km": Round.km(g.maxDistance),
                        "certain_length_km": Round.km(g.certainty.certainLength),
                        "possible_length_km": Round.km(g.certainty.possibleLength),
                    ]
                    if let t = r.terrain { GapLayers.terrainColumns(t.gaps[k], into: &go) }
                    if let t = r.travel { GapLayers.travelColumns(t.gaps[k], into: &go) }
                    return .object(go)
                }),
            ]
            if let t = r.terrain {
                let tp = t.profile
                o["terrain"] = .object([
                    "max_elevation_m": Round.places(tp.parameters.maxElevation, 1),
                    "max_slope_deg": Round.places(tp.parameters.maxSlope, 2),
                    "sample_spacing_m": Round.places(tp.spacing, 1),
                    "gap_passable_km": Round.km(t.passableGapLength),
                    "gap_data_km": Round.km(t.gapDataLength),
                    "border_passable_km": Round.km(tp.total.passableLength),
                    "border_data_km": Round.km(tp.total.dataLength),
                    "elevation_min_m": Round.places(tp.total.minElevation, 1),
                    "elevation_median_m": Round.places(tp.total.medianElevation, 1),
                    "elevation_max_m": Round.places(tp.total.maxElevation, 1),
                    "slope_max_deg": Round.places(tp.total.maxSlope, 2),
                ])
            }
            if let t = r.travel {
                let tp = t.coverage.parameters
                o["travel"] = .object([
                    "mode": .string(tp.mode.rawValue),
                    "speed_factor": Round.places(tp.speedFactor, 4),
                    "flat_speed_kmh": Round.places(tp.flatSpeed * 3.6, 4),
                    "patrol_hours": Round.places(tp.patrolHours, 4),
                    "settlement_hours": Round.places(tp.settlementHours, 4),
                    "max_time_h": t.maxHours.isNaN ? .null : Round.places(t.maxHours, 3),
                ])
            }
            return .object(o)
        })
    }

    static func m(_ v: Double) -> String { v.isFinite ? String(format: "%.0f", v) : "–" }
    static func deg(_ v: Double) -> String { v.isFinite ? String(format: "%.1f°", v) : "–" }

    static func km(_ m: Double) -> String { m.isFinite ? String(format: "%.3f", m / 1000) : "inf" }
    static func pct(_ x: Double) -> String { String(format: "%5.1f %%", x * 100) }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    static func padR(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
