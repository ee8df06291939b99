import Analysis
import Domain
import Foundation
import GeoFormats

/// The corridor summary printed on stdout: per route its length, the seizures inside the corridor
/// and the border crossings with their nearest checkpoint; a table for people, JSON for scripts.
public enum CorridorSummary {
    public static func table(_ report: CorridorReport) -> String {
        let p = report.parameters
        let input = report.input
        var s = "Corridor half-width \(km(p.halfWidth)) km, profile bins \(km(p.binLength)) km, \(input.seizures.count) seizures read\n"
        let limit = p.profilePrecisionLimit
        if report.routes.contains(where: { $0.seizures.contains { !$0.inProfile } }) {
            s += "* located only to within more than \(km(limit)) km (a province or country centroid): listed, not counted in the profile\n"
        }
        for r in report.routes {
            let t = r.profile.total
            s += "\n\(r.route.name) (\(r.route.id))\n"
            s += "  length          \(pad(km(r.length), 10)) km   corridor \(String(format: "%.0f", r.polygon.area / 1e6)) km²\n"
            var amounts = t.countWithMass > 0 ? "\(CorridorProfileCSV.number((t.kilograms * 1000).rounded() / 1000)) kg" : ""
            for (u, a) in t.otherAmounts.sorted(by: { $0.key < $1.key }) {
                amounts += (amounts.isEmpty ? "" : ", ") + "\(CorridorProfileCSV.number(a)) \(u)"
            }
            let counted = r.seizures.filter(\.inProfile).count
            s += "  seizures inside \(pad(String(r.seizures.count), 10))"
            s += counted < r.seizures.count ? "   (\(counted) in the profile)" : ""
            s += amounts.isEmpty ? "\n" : "   profile: \(amounts)\n"
            if !r.seizures.isEmpty {
                s += "    id            chainage_km  offset_km  precision_km  drug\n"
                for z in r.seizures {
                    let rec = input.seizures[z.seizureIndex]
                    let precision = rec.locationPrecisionM.map { km($0) } ?? "-"
                    s += "    \(padR(rec.id + (z.inProfile ? "" : "*"), 12)) \(pad(km(z.position.chainage), 12)) \(pad(km(z.position.offset), 10)) \(pad(precision, 13))  \(z.drug)\n"
                }
            }
            s += "  crossings       \(pad(String(r.crossings.count), 10))\n"
            if !r.crossings.isEmpty {
                s += "    route_km    border     countries  nearest checkpoint, km                 gap\n"
                for c in r.crossings {
                    let border = input.borders[c.borderIndex]
                    var post = "-"
                    if let n = c.nearestPost {
                        post = "\(input.checkpoints[n.index].name) \(km(n.distance))"
                        if !n.servesBorder { post += " (on \(input.checkpoints[n.index].borderID ?? "another border"))" }
                    }
                    let gap = c.gap.map { "in gap \($0.id), \(km($0.length)) km" } ?? "covered"
                    s += "    \(pad(km(c.point.routeChainage), 9))  \(padR(border.id, 10)) \(padR(c.label(input.borders), 10)) \(padR(post, 38)) \(gap)\n"
                }
            }
            for w in r.warnings { s += "  note: \(w)\n" }
        }
        return s
    }

    public static func json(_ report: CorridorReport) -> JSONValue {
        let input = report.input
        let p = report.parameters
        return .object([
            "half_width_km": Round.km(p.halfWidth),
            "bin_km": Round.km(p.binLength),
            "max_location_precision_km": Round.km(p.profilePrecisionLimit),
            "seizures_read": .number(Double(input.seizures.count)),
            "routes": .array(report.routes.map { r in
                let t = r.profile.total
                return .object([
                    "route_id": .string(r.route.id),
                    "route_name": .string(r.route.name),
                    "length_km": Round.km(r.length),
                    "corridor_area_km2": Round.places(r.polygon.area / 1e6, 3),
                    "seizures_inside": .number(Double(r.seizures.count)),
                    "seizures_in_profile": .number(Double(r.seizures.filter(\.inProfile).count)),
                    "amount_kg": Round.places(t.kilograms, 6),
                    "seizures_with_kg": .number(Double(t.countWithMass)),
                    "other_amounts": .object(JSONObject(t.otherAmounts.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.number($0.value)) })),
                    "seizures": .array(r.seizures.map { z in
                        .object([
                            "id": .string(input.seizures[z.seizureIndex].id),
                            "chainage_km": Round.km(z.position.chainage),
                            "offset_km": Round.km(z.position.offset),
                            "drug": .string(z.drug),
                            "country": .string(z.country),
                            "amount_kg": z.kilograms.map { Round.places($0, 6) } ?? .null,
                            "location_precision_km": input.seizures[z.seizureIndex].locationPrecisionM.map { Round.km($0) } ?? .null,
                            "in_profile": .bool(z.inProfile),
                        ])
                    }),
                    "crossings": .array(r.crossings.map { c in
                        let post = c.nearestPost.map { input.checkpoints[$0.index] }
                        return .object([
                            "route_km": Round.km(c.point.routeChainage),
                            "border_id": .string(input.borders[c.borderIndex].id),
                            "from_country": c.fromCountry.isEmpty ? .null : .string(c.fromCountry),
                            "to_country": c.toCountry.isEmpty ? .null : .string(c.toCountry),
                            "lon": Round.deg(c.point.coordinate.longitude),
                            "lat": Round.deg(c.point.coordinate.latitude),
                            "nearest_checkpoint_id": post.map { .string($0.id) } ?? .null,
                            "nearest_checkpoint_name": post.map { .string($0.name) } ?? .null,
                            "nearest_checkpoint_km": c.nearestPost.map { Round.km($0.distance) } ?? .null,
                            "checkpoint_serves_border": c.nearestPost.map { .bool($0.servesBorder) } ?? .null,
                            "in_gap": .bool(c.inGap),
                            "gap_id": c.gap.map { .string($0.id) } ?? .null,
                        ])
                    }),
                    "warnings": .array(r.warnings.map { .string($0) }),
                ])
            }),
        ])
    }

    static func km(_ m: Double) -> String { m.isFinite ? String(format: "%.3f", m / 1000) : "inf" }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    static func padR(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
