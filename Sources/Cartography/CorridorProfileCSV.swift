import Analysis
import Foundation

/// `corridor-profile.csv`: the profile in long ("tidy") form, one row per (route, bin, category):
///
///     route_id,bin,start_km,end_km,dimension,category,seizures,amount_kg,seizures_with_kg,other_amounts
///
/// `dimension` is `all` (category `all`: every seizure in the bin), `drug` or `country`. Every bin
/// has its `all` row and a row for every drug and every country seen anywhere on that route (zeros
/// included), so a pivot table or chart gets a continuous axis. Units are never mixed:
/// `amount_kg` sums the amounts given in mass units (kg, g, t, converted to kg) and
/// `seizures_with_kg` says how many seizures it covers; amounts in other units (doses, plants, ...)
/// are summed per unit in `other_amounts` ("5000 doses"), and `seizures` counts every seizure,
/// with or without an amount. A seizure with several drugs ("heroin; synthetic drugs") keeps its
/// label as one category, so the drug rows of a bin add up to its `all` row.
public enum CorridorProfileCSV {
    public static let header = "route_id,bin,start_km,end_km,dimension,category,seizures,amount_kg,seizures_with_kg,other_amounts"

    public static func text(_ report: CorridorReport) -> String {
        var lines = [header]
        for r in report.routes {
            let p = r.profile
            for b in p.bins {
                func row(_ dimension: String, _ category: String, _ t: SeizureTally) {
                    lines.append([
                        field(r.route.id), String(b.index), km(b.start), km(b.end), dimension, field(category),
                        String(t.count), number(t.kilograms), String(t.countWithMass), field(others(t.otherAmounts)),
                    ].joined(separator: ","))
                }
                row("all", "all", b.total)
                for d in p.drugs { row("drug", d, b.byDrug[d] ?? SeizureTally()) }
                for c in p.countries { row("country", c, b.byCountry[c] ?? SeizureTally()) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "5000 doses; 3 plants" (units sorted).
    static func others(_ amounts: [String: Double]) -> String {
        amounts.keys.sorted().map { "\(number(amounts[$0]!)) \($0)" }.joined(separator: "; ")
    }

    static func km(_ metres: Double) -> String { String(format: "%.3f", metres / 1000) }

    /// Up to 6 decimals, trailing zeros dropped ("36", "0.25").
    static func number(_ v: Double) -> String {
        var s = String(format: "%.6f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// RFC 4180 quoting when needed.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
