import ArgumentParser
import Cartography
import Foundation
import GeoFormats
import Jobs

struct SeizuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seizures",
        abstract: "Measure every seizure against the checkpoints, the border and its gaps.",
        discussion: """
            For each seizure point (geodata's seizures, or your GeoJSON / CSV point file): the nearest checkpoint (name, geodesic distance, bearing) among the checkpoints taking part in the analysed borders, the distance to each analysed border line with the nearest border point and its chainage, the country and the province it lies in (province_located, province_located_id: geodata's provinces.geojson; an input province column is kept beside them), whether that border point is in a gap (the gaps analysis with the same flags as `nroute gaps`) and the nearest gap. Every distance is an ellipsoidal geodesic on WGS84 (to 1 µm of Karney's solution), and comes with a min–max interval from the record's location_precision_m p: [max(0, d − p), d + p].

            Writes <dir>/seizures.geojson (the input features, their properties kept, the analysis's appended) and <dir>/seizures.csv (the same rows). Prints a summary by drug, by located province (listing the records whose input names another province) and by distance band.

            Examples:
              nroute seizures
              nroute seizures --border all --format json
              nroute seizures --seizures my-seizures.geojson -o out/mine
              nroute seizures --from 2020 --to 2021-06 --drug heroin --drug hashish
              nroute seizures --post-radius-km 15 --no-settlements --posts my-outposts.csv
            """
    )

    @OptionGroup(title: "Border") var borders: BorderOptions
    @OptionGroup(title: "Controls") var controls: ControlOptions
    @OptionGroup(title: "Seizures") var seizures: SeizureOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Database output") var database: DatabaseOutputOptions

    func run() throws {
        try runReportingErrors {
            SeizurePipeline.mark("start")
            let r = output.request(borders, controls, seizures, database)
            let outcome = try SeizuresJob.run(try buildScenario(r))
            switch output.format {
            case .table:
                print(outcome.summary.table(context: outcome.context, filter: SeizuresJob.filterText(r)), terminator: "")
                print("wrote " + outcome.written.map(OutputDestination.shown).joined(separator: ", "))
            case .json:
                print(try JSONText.string(outcome.summary.json(context: outcome.context, filter: SeizuresJob.filterJSON(r))))
            }
        }
    }
}
