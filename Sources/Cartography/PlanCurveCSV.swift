import Analysis
import Foundation

/// `<border>-plan-curve.csv`: the marginal curve, one row per k = 1…K:
///
///     k,status,optimum_km,bound_km,added_km,seconds,posts
///
/// `optimum_km` is the most border (in the objective's unit) that k new posts can newly cover
/// (solved for each k on its own: the best sets need not be nested), `bound_km` the proven upper
/// bound (equal when `status` is optimal), `added_km` = optimum(k) − optimum(k − 1), what the k-th
/// post closes, and `posts` the ids of that optimum's posts (`;`-separated).
public enum PlanCurveCSV {
    public static func header(_ unit: String) -> String {
        "k,status,optimum_\(unit),bound_\(unit),added_\(unit),seconds,posts"
    }

    public static func text(_ report: PlanReport) -> String {
        var lines = [header(report.weightUnit)]
        for p in report.curve {
            lines.append([String(p.k), p.statusName, km(p.optimum * 1000), km(p.bound * 1000), km(p.added * 1000),
                          String(format: "%.3f", p.seconds), field(p.chosen.map { report.sites[$0].id }.joined(separator: ";"))].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Metres as km to the metre ("12.345").
    static func km(_ metres: Double) -> String { metres.isFinite ? String(format: "%.3f", metres / 1000) : "inf" }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
