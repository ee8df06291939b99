import ArgumentParser
import Cartography
import Foundation
import GeoFormats
import Jobs

struct CorridorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "Profile a route's corridor: where along the route seizures happen, and where it crosses borders.",
        discussion: """
            The corridor is every point within the half-width (geodesic, WGS84) of the route, whose legs between waypoints are geodesics. Each seizure inside gets its chainage (km from the route's start to its nearest point on the route) and its signed offset (km; positive to the right of the direction of travel, negative to the left). Seizures are counted in bins along the route by drug and by country; amounts are summed in kg for mass units only (doses, plants, ... are summed per unit apart). Seizures located only to within more than --max-precision-km (default: the half-width; province or country centroids) keep their chainage in corridor-seizures.geojson but are left out of the profile.

            Every crossing of the route with a border line (geodata's borders, with the border chosen by --border-file or --between among them) gets its nearest checkpoint or outpost and whether it lies in a gap of that border: the gaps analysis with the same flags and controls as `nroute gaps`.

            Writes into the output folder: corridor.geojson, route.geojson, route-crossings.geojson, countries.geojson (statistics joined, one column per indicator, year and unit), corridor-profile.csv, corridor-profile.svg, and corridor-seizures.geojson (each seizure inside a corridor with its chainage and offset).

            Examples:
              nroute corridor
              nroute corridor --route nr-tjk-kgz-kaz --half-width-km 10 --bin-km 25
              nroute corridor --route-file my-route.geojson --seizures my-seizures.csv -o out/mine
              nroute corridor --format json | jq '.routes[].crossings'
            """
    )

    @OptionGroup(title: "Routes") var routes: RouteOptions
    @OptionGroup(title: "Profile") var profile: ProfileOptions
    @OptionGroup(title: "Border") var borders: BorderOptions
    @OptionGroup(title: "Controls") var controls: ControlOptions
    @OptionGroup(title: "Seizures") var seizures: SeizureOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Database output") var database: DatabaseOutputOptions

    func run() throws {
        try runReportingErrors {
            let r = output.request(borders, controls, seizures, routes, profile, database)
            let outcome = try CorridorJob.run(try buildScenario(r))
            switch output.format {
            case .table:
                print(CorridorSummary.table(outcome.report), terminator: "")
                for n in outcome.notes { print("note: \(n)") }
                print("wrote " + outcome.written.map(OutputDestination.shown).joined(separator: ", "))
            case .json:
                var json = CorridorSummary.json(outcome.report)
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
