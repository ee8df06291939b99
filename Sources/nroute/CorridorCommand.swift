import Analysis
import ArgumentParser
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

struct CorridorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridor",
        abstract: "Profile a route's corridor: where along the route seizures happen, and where it crosses borders.",
        discussion: """
            The corridor is every point within the half-width (geodesic, WGS84) of the route, whose legs \
            between waypoints are geodesics. Each seizure inside gets its chainage (km from the route's \
            start to its nearest point on the route) and its signed offset (km; positive to the right of \
            the direction of travel, negative to the left). Seizures are counted in bins along the route \
            by drug and by country; amounts are summed in kg for mass units only (doses, plants, ... \
            are summed per unit apart). Seizures located only to within more than --max-precision-km \
            (default: the half-width; province or country centroids) keep their chainage in \
            corridor-seizures.geojson but are left out of the profile. Every crossing of the route with a border line gets its nearest \
            checkpoint and whether it lies in a gap of the border's coverage (the gaps analysis with \
            its default radii: 10 km round posts, 5 km round settlements).

            Writes into the output folder: corridor.geojson, route.geojson, route-crossings.geojson, \
            countries.geojson (statistics joined, one column per indicator, year and unit), \
            corridor-profile.csv, corridor-profile.svg, and corridor-seizures.geojson (each seizure \
            inside a corridor with its chainage and offset).

            Examples:
              nroute corridor
              nroute corridor --route nr-tjk-kgz-kaz --half-width-km 10 --bin-km 25
              nroute corridor --route-file my-route.geojson --seizures my-seizures.csv -o out/mine
              nroute corridor --format json | jq '.routes[].crossings'
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("A route id from geodata/routes.csv (or from --route-file), several separated by commas, or all.", valueName: "id"))
    var route: String = "all"

    @Option(help: ArgumentHelp("Use your own routes: GeoJSON (Multi)LineStrings (each line a route), or CSV rows route_id, seq, longitude, latitude.", valueName: "file"))
    var routeFile: String?

    @Option(help: ArgumentHelp("Half-width of the corridor: seizures within this distance of the route are inside.", valueName: "km"))
    var halfWidthKm: Double = 25

    @Option(help: ArgumentHelp("Length of the profile's bins along the route.", valueName: "km"))
    var binKm: Double = 50

    @Option(help: ArgumentHelp("Seizures: a CSV/GeoJSON point file, or 'geodata' for the embedded seizures.", valueName: "file"))
    var seizures: String = "geodata"

    @Option(help: ArgumentHelp("Leave out of the profile the seizures located only to within more than this (location_precision_m: province or country centroids); they stay in corridor-seizures.geojson. Default: the half-width; 'inf' keeps all.", valueName: "km"))
    var maxPrecisionKm: Double?

    func validate() throws {
        guard halfWidthKm.isFinite, halfWidthKm > 0, halfWidthKm <= CorridorOptions.maxHalfWidth / 1000 else {
            throw ValidationError("--half-width-km must be greater than 0 and at most \(Int(CorridorOptions.maxHalfWidth / 1000))")
        }
        guard binKm.isFinite, binKm >= 0.1 else { throw ValidationError("--bin-km must be at least 0.1") }
        guard !route.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--route needs an id or all") }
        if let m = maxPrecisionKm, !(m >= 0) { throw ValidationError("--max-precision-km must be ≥ 0 (or inf)") }
    }

    func run() throws {
        try runReportingErrors {
            let geodata = try Geodata.locate(common.geodata)
            var inputs = geodata.files
            try geodata.refuseAsOutput(URL(fileURLWithPath: common.outputDir))

            var routes: [Route]
            if let file = routeFile {
                let url = URL(fileURLWithPath: file)
                inputs.append(url)
                routes = try RouteCatalog.read(url)
            } else {
                routes = try geodata.routes()
            }
            routes = try select(route, from: routes)

            var notes: [String] = []
            let seizureList: [Seizure]
            if seizures == "geodata" {
                (seizureList, notes) = try readSeizures(geodata.url("seizures.csv"))
            } else {
                let url = URL(fileURLWithPath: seizures)
                inputs.append(url)
                (seizureList, notes) = try readSeizures(url)
            }

            var parameters = CorridorParameters()
            parameters.halfWidth = halfWidthKm * 1000
            parameters.binLength = binKm * 1000
            parameters.maxLocationPrecision = maxPrecisionKm.map { $0 * 1000 }
            let countries = try geodata.countries()
            let input = CorridorInput(routes: routes, seizures: seizureList, borders: try geodata.borders(),
                                      checkpoints: try geodata.checkpoints(), settlements: try geodata.settlements(),
                                      countries: countries)
            let report: CorridorReport
            do {
                report = try CorridorAnalysis.run(input, parameters: parameters)
            } catch let e as CorridorError {
                // A route the analysis cannot use is bad input (65), a GEOS failure an internal error.
                if case .geometry = e { throw e }
                throw CatalogError(.badData, file: routeFile ?? geodata.url("routes.csv").path, e.description)
            }
            let countryLayer = CountryLayer.build(countries, statistics: try geodata.statistics())
            if !countryLayer.conflicts.isEmpty {
                notes += countryLayer.conflicts.map { "statistics: \($0)" }
            }

            // Everything is computed before the first file is written: an error leaves the folder as it was.
            let out = URL(fileURLWithPath: common.outputDir)
            let layers: [(String, GeoJSON.FeatureCollection)] = [
                ("corridor.geojson", CorridorLayers.corridors(report)),
                ("route.geojson", CorridorLayers.routes(report)),
                ("route-crossings.geojson", CorridorLayers.crossings(report)),
                ("countries.geojson", countryLayer.collection),
                ("corridor-seizures.geojson", CorridorLayers.seizures(report)),
            ]
            let texts: [(String, String)] = [
                ("corridor-profile.csv", CorridorProfileCSV.text(report)),
                ("corridor-profile.svg", ProfileChart.svg(report)),
            ]
            var written: [String] = []
            for (name, collection) in layers {
                let url = out.appendingPathComponent(name)
                try LayerFile.write(collection, to: url, inputs: inputs)
                written.append(url.path)
            }
            for (name, text) in texts {
                let url = out.appendingPathComponent(name)
                try LayerFile.writeText(text, to: url, inputs: inputs)
                written.append(url.path)
            }

            switch common.format {
            case .table:
                print(CorridorSummary.table(report), terminator: "")
                for n in notes { print("note: \(n)") }
                print("wrote " + written.joined(separator: ", "))
            case .json:
                var json = CorridorSummary.json(report)
                if case .object(var o) = json {
                    o["notes"] = .array(notes.map { .string($0) })
                    o["written"] = .array(written.map { .string($0) })
                    json = .object(o)
                }
                print(try JSONText.string(json))
            }
        }
    }

    /// The routes a `--route` value names: ids (case-insensitive, comma-separated) or all.
    func select(_ selector: String, from routes: [Route]) throws -> [Route] {
        let keys = selector.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if keys.contains("all") { return routes }
        return try keys.map { key in
            guard let r = routes.first(where: { $0.id.lowercased() == key }) else {
                let known = routes.map(\.id).joined(separator: ", ")
                throw CatalogError(.badRequest, "unknown route '\(key)'; known: \(known), or all")
            }
            return r
        }
    }

    /// Seizures with coordinates; records without any geometry (unlocated reports) are skipped and
    /// counted in a note, any other geometry than a Point is an error.
    func readSeizures(_ url: URL) throws -> ([Seizure], [String]) {
        let features = try FeatureFile.read(url)
        var out: [Seizure] = []
        var skipped: [String] = []
        for (i, f) in features.enumerated() {
            switch f.geometry {
            case .point(let c)?:
                out.append(try SeizureCatalog.seizure(from: f, index: i, url: url, coordinate: c))
            case nil:
                skipped.append(f.properties?["id"]?.stringValue ?? FeatureFile.position(url, i))
            case .some(let g):
                throw CatalogError(.badData, file: url.path, position: FeatureFile.position(url, i), "a seizure needs a Point geometry, not a \(g.typeName)")
            }
        }
        let notes = skipped.isEmpty ? [] : ["\(skipped.count) seizure record\(skipped.count == 1 ? "" : "s") without coordinates skipped (\(skipped.joined(separator: ", ")))"]
        return (out, notes)
    }
}
