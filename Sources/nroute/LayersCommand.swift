import ArgumentParser
import Cartography
import Foundation
import GeoFormats
import Jobs

struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "Write every layer with its QGIS style, a QGIS project loading them all, and a static SVG map.",
        discussion: """
            Runs the gaps, seizures and corridor jobs on one scenario (the same flags as those commands, so each layer is the one its own command writes) and writes into one folder:

              *.geojson   borders, checkpoints, settlements, seizures (with their
                          distances; also seizures.csv), <border>-gaps,
                          <border>-coverage, corridor, route, route-crossings,
                          countries (RFC 7946)
              *.qml       a QGIS style beside each layer (same name: QGIS loads it
                          when you add the layer)
              northern-route.qgs   a QGIS 3.22+ project loading every layer by
                                   relative path, styled, in order
              northern-route.svg   the same map as a static picture

            Open the project with QGIS (File > Open Project) and keep it in the folder with its layers. With --border all, the gaps and coverage of each border are grouped in the Layers panel.

            Examples:
              nroute layers --border kgz
              nroute layers --border all -o out/all
              nroute layers --border kgz -o northern-route.gpkg   # one GeoPackage, styles and project inside
              nroute layers --border kgz --post-radius-km 15 --seizures my-seizures.csv
            """
    )

    @OptionGroup(title: "Border") var borders: BorderOptions
    @OptionGroup(title: "Controls") var controls: ControlOptions
    @OptionGroup(title: "Seizures") var seizures: SeizureOptions
    @OptionGroup(title: "Gaps layer") var listing: GapListingOptions
    @OptionGroup(title: "Terrain") var terrain: TerrainOptions
    @OptionGroup(title: "Travel time") var travel: TravelOptions
    @OptionGroup(title: "Routes") var routes: RouteOptions
    @OptionGroup(title: "Output") var output: OutputOptions
    @OptionGroup(title: "Database output") var database: DatabaseOutputOptions

    func run() throws {
        try runReportingErrors {
            let r = output.request(borders, controls, seizures, listing, terrain, travel, routes, database)
            let scenario = try buildScenario(r)
            let outcome = try LayersJob.run(scenario)
            let destination = scenario.destination
            let out = URL(fileURLWithPath: output.outputDir)
            let source = { (l: MapLayer) in destination.source(l) }
            switch output.format {
            case .table:
                print(GapSummary.table(outcome.reports, top: 10), terminator: "")
                print("layers (top to bottom in northern-route.qgs):")
                for l in outcome.layers {
                    let n = l.features.count
                    print("  \(pad(l.name, 34)) \(pad(String(n), 5)) feature\(n == 1 ? " " : "s")  \(source(l))")
                }
                for l in outcome.rasters { print("  \(pad(l.name, 34)) raster       \(l.datasource)") }
                print(outcome.rasters.isEmpty ? "attribution (in the project and the map):" : "attribution (in the project; the SVG map leaves the rasters out):")
                for line in outcome.attribution { print("  " + line) }
                switch destination {
                case .folder: print("wrote \(outcome.written.count) files in \(out.path): open \(outcome.project.path) in QGIS, or look at \(outcome.svg.path)")
                case .geopackage: print("wrote \(outcome.written.count) files (\(out.path) and beside it): open \(outcome.project.path) in QGIS, or look at \(outcome.svg.path)")
                case .postgres:
                    let tables = outcome.written.filter { !$0.isFileURL }
                    print("wrote \(tables.count) tables: " + tables.map(OutputDestination.shown).joined(separator: ", "))
                    print("and \(outcome.written.count - tables.count) files in \(destination.folder.path): open \(outcome.project.path) in QGIS (it loads the layers from the database), or look at \(outcome.svg.path)")
                }
            case .json:
                let json: JSONValue = .object([
                    "gaps": GapSummary.json(outcome.reports),
                    "layers": .array(outcome.layers.map { l in
                        .object([
                            "id": .string(l.qgisID), "name": .string(l.name), "datasource": .string(source(l)),
                            "features": .number(Double(l.features.count)), "renderer": .string(l.style.renderer.typeName),
                            "licences": .array(l.licences.map { .string($0) }),
                        ])
                    }),
                    "rasters": .array(outcome.rasters.map { l in
                        .object(["id": .string(l.qgisID), "name": .string(l.name), "datasource": .string(l.datasource),
                                 "licences": .array(l.licences.map { .string($0) })])
                    }),
                    "attribution": .array(outcome.attribution.map { .string($0) }),
                    "project": .string(outcome.project.path),
                    "svg": .string(outcome.svg.path),
                    "written": .array(outcome.written.map { .string(OutputDestination.shown($0)) }),
                ])
                print(try JSONText.string(json))
            }
        }
    }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
}
