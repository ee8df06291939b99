import Analysis
import ArgumentParser
import Catalog
import Domain
import Foundation

/// The gaps analysis's flags, shared by every command that runs it (gaps, seizures, layers), so
/// the same words mean the same thing everywhere.
struct GapOptions: ParsableArguments {
    @Option(help: ArgumentHelp("R_c: checkpoints and outposts cover the border within this distance.", valueName: "km"))
    var postRadiusKm: Double = 10

    @Option(help: ArgumentHelp("R_s: settlements cover the border within this distance.", valueName: "km"))
    var settlementRadiusKm: Double = 5

    @Flag(help: "Ignore settlements: only checkpoints and outposts cover the border.")
    var noSettlements = false

    @Option(help: ArgumentHelp("Only settlements with at least this population cover the border (a settlement whose population GeoNames does not record counts as 0).", valueName: "n"))
    var minPopulation: Int?

    @Option(help: ArgumentHelp("Add posts or outposts from a CSV (longitude/latitude or WKT columns) or GeoJSON point file; repeatable. Column kind = checkpoint|outpost (default outpost).", valueName: "file"))
    var posts: [String] = []

    @Option(help: ArgumentHelp("Shortest gap worth reporting.", valueName: "km"))
    var minGapKm: Double = 1

    func validate() throws {
        for (name, v) in [("--post-radius-km", postRadiusKm), ("--settlement-radius-km", settlementRadiusKm)] {
            guard v.isFinite, v >= 0, v <= GapParameters.maxRadius / 1000 else {
                throw ValidationError("\(name) must be between 0 and \(Int(GapParameters.maxRadius / 1000))")
            }
        }
        guard minGapKm.isFinite, minGapKm >= 0 else { throw ValidationError("--min-gap-km must be ≥ 0") }
        if let m = minPopulation, m < 0 { throw ValidationError("--min-population must be ≥ 0") }
    }

    /// The analysis parameters these flags set (the seizure distance is the caller's).
    var parameters: GapParameters {
        var p = GapParameters()
        p.postRadius = postRadiusKm * 1000
        p.settlementRadius = settlementRadiusKm * 1000
        p.includeSettlements = !noSettlements
        p.minPopulation = minPopulation
        p.minGapLength = minGapKm * 1000
        return p
    }

    /// The user's extra posts (`--posts`), recording each file as an input.
    func readPosts(inputs: inout [URL]) throws -> [ControlPoint] {
        var out: [ControlPoint] = []
        for file in posts {
            let url = URL(fileURLWithPath: file)
            inputs.append(url)
            out += try ControlPointCatalog.readPoints(url, defaultKind: .outpost)
        }
        return out
    }
}
