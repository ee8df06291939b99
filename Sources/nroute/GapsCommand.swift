import Analysis
import ArgumentParser
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

struct GapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "Find the gaps: stretches of a border far from every checkpoint, outpost and settlement.",
        discussion: """
            A gap is a maximal stretch of the border every point of which is farther than the post radius
            from every checkpoint or outpost and farther than the settlement radius from every settlement,
            in geodesic distance on WGS84. Writes <border>-gaps.geojson and <border>-coverage.geojson.

            Examples:
              nroute gaps --border kgz
              nroute gaps --border all --format json
              nroute gaps --border kgz --post-radius-km 15 --min-population 1000 --posts my-outposts.csv
              nroute gaps --border-file my-line.geojson --posts my-posts.geojson --no-settlements
              nroute gaps --between KAZ,KGZ --seizures geodata
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var gapOptions: GapOptions

    @Option(help: ArgumentHelp("A border id from geodata (kaz-kgz, or just kgz for Kazakhstan's neighbour), or all.", valueName: "id"))
    var border: String = "kgz"

    @Option(help: ArgumentHelp("Use your own border line instead: GeoJSON (Multi)LineString, or CSV with a WKT column.", valueName: "file"))
    var borderFile: String?

    @Option(help: ArgumentHelp("Derive the border shared by two countries' polygons from geodata (e.g. KAZ,KGZ).", valueName: "A,B"))
    var between: String?

    @Option(help: ArgumentHelp("With --between: two polygon files to use instead of geodata's countries.", valueName: "file"))
    var polygons: [String] = []

    @Option(help: ArgumentHelp("With --between: how far apart two independently digitised polygons' edges may be and still count as one border (km).", valueName: "km"))
    var toleranceKm: Double = 1

    @Flag(help: "Do not use geodata's checkpoints (only --posts).")
    var noCheckpoints = false

    @Option(help: ArgumentHelp("List the seizures near each gap: a CSV/GeoJSON point file, or 'geodata' for the embedded seizures.", valueName: "file"))
    var seizures: String?

    @Option(help: ArgumentHelp("With --seizures: how close to a gap a seizure must be to be listed with it.", valueName: "km"))
    var seizureDistanceKm: Double = 10

    func validate() throws {
        guard seizureDistanceKm.isFinite, seizureDistanceKm >= 0 else { throw ValidationError("--seizure-distance-km must be ≥ 0") }
        guard toleranceKm.isFinite, toleranceKm > 0, toleranceKm <= 50 else { throw ValidationError("--tolerance-km must be in (0, 50]") }
        if borderFile != nil && between != nil { throw ValidationError("give either --border-file or --between, not both") }
        if !polygons.isEmpty && (polygons.count != 2 || between == nil) {
            throw ValidationError("--polygons takes exactly two files, with --between A,B naming them")
        }
    }

    func run() throws {
        try runReportingErrors {
            let geodata = try Geodata.locate(common.geodata)
            var inputs = geodata.files
            try geodata.refuseAsOutput(URL(fileURLWithPath: common.outputDir))
            let borders: [Border]
            if let file = borderFile {
                let url = URL(fileURLWithPath: file)
                inputs.append(url)
                borders = [try BorderCatalog.readLineFile(url)]
            } else if let between {
                let codes = between.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces).uppercased() }
                guard codes.count == 2 else { throw ValidationError("--between takes two ISO3 codes, e.g. KAZ,KGZ") }
                let countries: [Country]
                if polygons.isEmpty {
                    countries = try geodata.countries()
                } else {
                    let urls = polygons.map { URL(fileURLWithPath: $0) }
                    inputs += urls
                    countries = try zip(codes, urls).map { try CountryCatalog.readPolygonFile($1, iso3: $0) }
                }
                borders = [try SharedBorder.derive(codes[0], codes[1], from: countries, toleranceMetres: toleranceKm * 1000)]
            } else {
                borders = try BorderCatalog.select(border, from: try geodata.borders())
            }

            var parameters = gapOptions.parameters
            parameters.seizureDistance = seizureDistanceKm * 1000

            let extraPosts = try gapOptions.readPosts(inputs: &inputs)
            var seizureList: [Seizure] = []
            if let s = seizures {
                if s == "geodata" {
                    seizureList = try geodata.seizures()
                } else {
                    let url = URL(fileURLWithPath: s)
                    inputs.append(url)
                    seizureList = try SeizureCatalog.read(url)
                }
            }
            let checkpoints = noCheckpoints ? [] : try geodata.checkpoints()
            let settlements = gapOptions.noSettlements ? [] : try geodata.settlements()

            var reports: [GapReport] = []
            for b in borders {
                let posts = checkpoints.filter { $0.borderID == nil || $0.borderID == b.id }
                reports.append(try GapAnalysis.run(border: b, controls: posts + extraPosts + settlements,
                                                   parameters: parameters, seizures: seizureList))
            }

            let out = URL(fileURLWithPath: common.outputDir)
            var layers: [(URL, GeoJSON.FeatureCollection)] = []
            for r in reports {
                layers.append((out.appendingPathComponent("\(r.border.id)-gaps.geojson"), GapLayers.gaps(r, seizures: seizureList)))
                layers.append((out.appendingPathComponent("\(r.border.id)-coverage.geojson"), GapLayers.coverage(r)))
            }
            try LayerFile.writeAll(layers, inputs: inputs)
            let written = layers.map(\.0.path)
            switch common.format {
            case .table:
                print(GapSummary.table(reports), terminator: "")
                print("wrote " + written.joined(separator: ", "))
            case .json:
                print(try JSONText.string(GapSummary.json(reports)))
            }
        }
    }
}
