import Analysis
import ArgumentParser
import Cartography
import Foundation
import GeoFormats
import Jobs

/// Where new posts may go and how many: the plan's own flags.
struct PlanOptions: ParsableArguments {
    @Option(help: ArgumentHelp("K: place at most this many new posts (≥ 1).", valueName: "k"))
    var newPosts: Int

    @Option(help: ArgumentHelp("What the new posts maximise: 'length' (border km newly covered), 'passable' (newly covered km where crossing on foot or horseback is plausible: elevation ≤ --max-elevation-m and slope ≤ --max-slope-deg on the --dem terrain model, the gaps' passable_km; needs --dem) or 'travel' (border km newly reached by a patrol within --patrol-hours over the --dem terrain, as `gaps --patrol-hours` covers; needs --dem and --patrol-hours). With --patrol-hours every objective counts coverage by travel time.", valueName: "length|passable|travel"))
    var objective: String = "length"

    @Option(help: ArgumentHelp("Candidate sites: 'border' (sites set back from the line on the --side country's territory, every --site-spacing-km), 'settlements' (geodata's settlements on that side within --control-reach-km of the line), or a CSV/GeoJSON point file of feasible sites (columns id, name; --cost names a cost column).", valueName: "border|settlements|file"))
    var candidates: String = "border"

    @Option(help: ArgumentHelp("With --candidates border: one site every this many km of border chainage.", valueName: "km"))
    var siteSpacingKm: DecimalValue = DecimalValue(BorderSites.defaultSpacing / 1000)

    @Option(help: ArgumentHelp("With --candidates border: each site lies this far from the line, along the geodesic perpendicular to it, on the --side country's side.", valueName: "km"))
    var setbackKm: DecimalValue = DecimalValue(BorderSites.defaultSetback / 1000)

    @Option(help: ArgumentHelp("ISO3 of the country whose side the new posts are on.", valueName: "iso3"))
    var side: String = "KAZ"

    @Option(help: ArgumentHelp("With --candidates FILE: the column holding each site's cost (a number ≥ 0 on every row). Without it every site costs 1.", valueName: "column"))
    var cost: String?

    @Option(help: ArgumentHelp("The new posts' total cost is at most this (in the unit of --cost; without --cost, each post costs 1).", valueName: "amount"))
    var budget: DecimalValue?

    @Option(help: ArgumentHelp("Each optimisation (K, and each k of the marginal curve) stops after this many seconds with the best posts found and a proven upper bound.", valueName: "s"))
    var timeLimitS: DecimalValue = 60

    @Option(help: ArgumentHelp("Stop once the best found is within this fraction of the proven bound (0: prove optimality).", valueName: "fraction"))
    var mipGap: DecimalValue = 0

    @Flag(help: "Solve K only, not k = 1…K for the marginal curve (the curve files then hold K alone).")
    var noCurve = false

    @Option(help: ArgumentHelp("Also write the integer programme for K in CPLEX LP format (readable by GLPK, HiGHS, CBC, CPLEX).", valueName: "file"))
    var exportModel: String?

    func validate() throws {
        guard siteSpacingKm.value.isFinite, siteSpacingKm.value >= 0.01 else { throw ValidationError("--site-spacing-km must be at least 0.01") }
        guard setbackKm.value.isFinite, setbackKm.value > 0, setbackKm.value <= 100 else { throw ValidationError("--setback-km must be in (0, 100]") }
        guard timeLimitS.value > 0 else { throw ValidationError("--time-limit-s must be greater than 0") }
        guard mipGap.value.isFinite, mipGap.value >= 0, mipGap.value < 1 else { throw ValidationError("--mip-gap must be in [0, 1)") }
        guard PlanRequest.Objective(rawValue: objective.lowercased()) != nil else {
            throw ValidationError("--objective must be length, passable or travel, got '\(objective)'")
        }
        if cost != nil && ["border", "settlements"].contains(candidates.lowercased()) {
            throw ValidationError("--cost names a column of a candidate file (--candidates FILE)")
        }
    }

    var request: PlanRequest {
        var r = PlanRequest()
        switch candidates.lowercased() {
        case "border": r.candidates = .border(spacing: siteSpacingKm.value * 1000, setback: setbackKm.value * 1000)
        case "settlements": r.candidates = .settlements
        default: r.candidates = .file(candidates, costColumn: cost)
        }
        r.objective = PlanRequest.Objective(rawValue: objective.lowercased()) ?? .length
        r.side = side.trimmingCharacters(in: .whitespaces).uppercased()
        r.plan.newPosts = newPosts
        r.plan.budget = budget?.value
        r.plan.timeLimit = timeLimitS.value.isFinite ? timeLimitS.value : nil
        r.plan.relativeGap = mipGap.value
        r.plan.curve = !noCurve
        r.exportModel = exportModel
        return r
    }
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Choose where K new posts close the most gap: the exact optimum, with a certificate.",
        discussion: """
            Each candidate site would be an outpost: it covers the border within --post-radius-km (geodesic, WGS84), exactly the coverage intervals `nroute gaps` computes; with --patrol-hours H (and --dem), the stretches its patrol reaches within H hours over the terrain (one Dijkstra per site over the DEM's 16-neighbour grid, stopped past H; the existing controls cover what `nroute gaps --patrol-hours` says they cover). The existing checkpoints, outposts and settlements (the same scenario and flags as `gaps`) cover what they cover; the uncovered border is cut at every end of every candidate's coverage into elementary pieces, each weighted by its length, and at most K sites (and, with --budget, of total cost at most the budget) are chosen to maximise the length newly covered. This maximum-coverage problem is solved as an integer programme by GLPK, seeded with the greedy choice: the status is optimal, or, when --time-limit-s stops the search, time-limited with the best found and a proven upper bound. The marginal curve solves every k = 1…K to optimality on its own (the best sets need not be nested): what the k-th post closes is optimum(k) − optimum(k − 1).

            The plan works on one border at a time (--border all is refused).

            Default candidates: a site every 1 km of border chainage, set back 2 km from the line on the Kazakh side (--side KAZ), the side decided by geodata's country polygons; places where the line and the polygons disagree get no site (a note says how many).

            Writes into the output folder: <border>-plan-posts.geojson (the chosen posts, rank, km each adds given those ranked before it, coverage chainages; kind outpost, so it can be passed back as --posts), <border>-plan-gaps.geojson and <border>-plan-coverage.geojson (the gaps and coverage after placing them, as `nroute gaps --posts <border>-plan-posts.geojson` writes them), <border>-plan-curve.csv and <border>-plan-curve.svg (the marginal curve).

            Examples:
              nroute plan --border kgz --new-posts 10
              nroute plan --border kgz --new-posts 5 --site-spacing-km 0.5 --setback-km 1 --format json
              nroute plan --border kgz --new-posts 3 --candidates settlements
              nroute plan --border kgz --new-posts 8 --candidates sites.csv --cost cost_kzt --budget 4.2e9
              nroute plan --border kgz --new-posts 10 --export-model kgz.lp --time-limit-s 5
              nroute plan --border kgz --new-posts 10 --objective passable --dem geodata
              nroute plan --border kgz --new-posts 10 --objective travel --dem geodata --patrol-hours 4
            """
    )

    @OptionGroup(title: "Plan") var plan: PlanOptions
    @OptionGroup(title: "Border") var borders: BorderOptions
    @OptionGroup(title: "Controls") var controls: ControlOptions
    @OptionGroup(title: "Seizures") var seizures: SeizureOptions
    @OptionGroup(title: "Gaps layer") var listing: GapListingOptions
    @OptionGroup(title: "Terrain") var terrain: TerrainOptions
    @OptionGroup(title: "Travel time") var travel: TravelOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Database output") var database: DatabaseOutputOptions

    func run() throws {
        try runReportingErrors {
            guard plan.newPosts >= 1 else { throw PlanError.badRequest("--new-posts must be at least 1, got \(plan.newPosts)") }
            if plan.objective.lowercased() == "passable" && terrain.dem == nil {
                throw PlanError.badRequest("--objective passable needs a terrain model: --dem geodata or --dem FILE")
            }
            if plan.objective.lowercased() == "travel" && terrain.dem == nil {
                throw PlanError.badRequest("--objective travel needs a terrain model and a patrol budget: --dem geodata (or FILE) and --patrol-hours H")
            }
            if plan.objective.lowercased() == "travel" && travel.patrolHours == nil {
                throw PlanError.badRequest("--objective travel needs --patrol-hours H (the hours a new post's patrol has to reach the border)")
            }
            if travel.patrolHours != nil && terrain.dem == nil {
                throw PlanError.badRequest("travel-time coverage (--patrol-hours) needs a terrain model: add --dem geodata or --dem FILE")
            }
            let r = output.request(borders, controls, seizures, listing, terrain, travel, database)
            let outcome = try PlanJob.run(try buildScenario(r), plan.request)
            switch output.format {
            case .table:
                print(PlanSummary.table(outcome.report), terminator: "")
                for n in outcome.notes { print("note: \(n)") }
                print("wrote " + outcome.written.map(OutputDestination.shown).joined(separator: ", "))
            case .json:
                var json = PlanSummary.json(outcome.report)
                if case .object(var o) = json {
                    o["notes"] = .array(outcome.notes.map { .string($0) })
                    o["written"] = .array(outcome.written.map { .string(OutputDestination.shown($0)) })
                    json = .object(o)
                }
                print(try JSONText.string(json))
            }
        }
    }
}
