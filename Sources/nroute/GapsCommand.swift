import ArgumentParser
import Cartography
import Foundation
import GeoFormats
import Jobs

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Find the gaps: stretches of a border far from every checkpoint, outpost and settlement.",
        discussion: """
            A gap is a maximal stretch of the border every point of which is farther than the post radius from every checkpoint or outpost and farther than the settlement radius from every settlement, in geodesic distance on WGS84. Controls take part when they lie within --control-reach-km of the line analysed, whichever file it came from. Each gap also says how sure it is: a control may lie anywhere within its location_precision_m of its recorded point, so certain_length_km is the part uncovered wherever the controls really are, possible_length_km the possibly uncovered stretch that holds the gap, and each end gets a chainage interval (start_km_min/max, end_km_min/max). Writes <border>-gaps.geojson (with the seizures near each gap) and <border>-coverage.geojson.

            With --dem, the terrain along the border is sampled at the DEM's resolution (bilinear elevation; slope from the DEM gradient over geodesic cell sizes): every gap gets its minimum, median and maximum elevation, steepest slope and passable_km (the length where elevation and slope are within --max-elevation-m and --max-slope-deg), and <border>-profile.csv and <border>-profile.svg are written. A raster that is missing (66), unreadable, without georeference, in a CRS other than geographic WGS84, outside the border or nodata along it (65) is refused before anything is written.

            With --patrol-hours H (and --dem), coverage is by travel time instead of distance: a post covers the border points its patrol reaches within H hours over the DEM, a settlement within --settlement-hours (default H/2). Travel time is Tobler's hiking function (anisotropic: a 5 % descent is fastest), × 0.6 off path, × 1.25 more on horseback (--travel-mode horse), on the DEM grid with 16 neighbours and geodesic cell distances; cells above --max-elevation-m, steeper than --max-slope-deg, nodata or in geodata's lakes are impassable. Gaps then report max_time_h (hours from the nearest control to their most remote point) and unreachable_km, and <border>-travel-time.tif (hours per cell) with its .qml is written.

            Examples:
              nroute gaps --border kgz
              nroute gaps --border all --format json
              nroute gaps --border kgz --post-radius-km 15 --min-population 1000 --posts my-outposts.csv
              nroute gaps --border-file my-line.geojson --posts my-posts.geojson --no-settlements
              nroute gaps --between KAZ,KGZ --seizures none
              nroute gaps --border kgz --dem geodata
              nroute gaps --border kgz --dem my-srtm.tif --max-elevation-m 3000 --max-slope-deg 15
              nroute gaps --border kgz --dem geodata --patrol-hours 4 --settlement-hours 2 --travel-mode horse
            """
    )

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
            let r = output.request(borders, controls, seizures, listing, terrain, travel, database)
            let outcome = try GapsJob.run(try buildScenario(r))
            switch output.format {
            case .table:
                print(GapSummary.table(outcome.reports), terminator: "")
                print("wrote " + outcome.written.map(OutputDestination.shown).joined(separator: ", "))
            case .json:
                print(try JSONText.string(GapSummary.json(outcome.reports)))
            }
        }
    }
}
