import Analysis
import ArgumentParser
import Cartography
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats

struct LayersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layers",
        abstract: "Write every layer with its QGIS style, a QGIS project loading them all, and a static SVG map.",
        discussion: """
            Runs the gaps analysis on the chosen border(s), the seizures proximity \
            analysis and the corridor analysis of the routes, and writes into one folder:

              *.geojson   borders, checkpoints, settlements, seizures (with their
                          distances), <border>-gaps, <border>-coverage, corridor,
                          route, route-crossings, countries (RFC 7946)
              *.qml       a QGIS style beside each layer (same name: QGIS loads it
                          when you add the layer)
              northern-route.qgs   a QGIS 3.22+ project loading every layer by
                                   relative path, styled, in order
              northern-route.svg   the same map as a static picture

            Open the project with QGIS (File > Open Project) and keep it in the \
            folder with its layers. With --border all, the gaps and coverage of \
            each border are grouped in the Layers panel.

            Examples:
              nroute layers --border kgz
              nroute layers --border all -o out/all
              nroute layers --border kgz --post-radius-km 15 --seizures my-seizures.csv
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var gapOptions: GapOptions

    @Option(help: ArgumentHelp("A border id from geodata (kaz-kgz, or just kgz for Kazakhstan's neighbour), or all.", valueName: "id"))
    var border: String = "kgz"

    @Option(help: ArgumentHelp("Seizures: 'geodata' for the embedded seizures, a CSV/GeoJSON point file, or 'none'.", valueName: "file"))
    var seizures: String = "geodata"

    @Option(help: ArgumentHelp("How close to a gap a seizure must be to be listed with it.", valueName: "km"))
    var seizureDistanceKm: Double = 10

    @Option(help: ArgumentHelp("Half-width of the route corridors.", valueName: "km"))
    var halfWidthKm: Double = 25

    func validate() throws {
        guard seizureDistanceKm.isFinite, seizureDistanceKm >= 0 else { throw ValidationError("--seizure-distance-km must be ≥ 0") }
        guard halfWidthKm.isFinite, halfWidthKm > 0, halfWidthKm <= CorridorOptions.maxHalfWidth / 1000 else {
            throw ValidationError("--half-width-km must be greater than 0 and at most \(Int(CorridorOptions.maxHalfWidth / 1000))")
        }
    }

    func run() throws {
        try runReportingErrors {
            let geodata = try Geodata.locate(common.geodata)
            // Every file read is an input no output may overwrite; the geodata folder is no output folder.
            var inputs = geodata.files
            let out = URL(fileURLWithPath: common.outputDir)
            try geodata.refuseAsOutput(out)

            // Inputs.
            let allBorders = try geodata.borders()
            let selected = try BorderCatalog.select(border, from: allBorders)
            let extraPosts = try gapOptions.readPosts(inputs: &inputs)
            let checkpoints = try geodata.checkpoints() + extraPosts
            let settlements = gapOptions.noSettlements ? [] : try geodata.settlements()
            var seizureList: [Seizure] = []
            switch seizures.lowercased() {
            case "none": break
            case "geodata": seizureList = try geodata.seizures()
            default:
                let url = URL(fileURLWithPath: seizures)
                inputs.append(url)
                seizureList = try SeizureCatalog.read(url)
            }
            let countries = try geodata.countries()
            let routes = try geodata.routes()

            // Analyses.
            var parameters = gapOptions.parameters
            parameters.seizureDistance = seizureDistanceKm * 1000

            var reports: [GapReport] = []
            for b in selected {
                let served = checkpoints.filter { $0.kind.isPost && ($0.borderID == nil || $0.borderID == b.id) }
                reports.append(try GapAnalysis.run(border: b, controls: served + settlements, parameters: parameters, seizures: seizureList))
            }
            let postList = checkpoints.filter(\.kind.isPost)
            let seizureContext = try SeizureContext(checkpoints: postList, borders: selected, gapReports: reports, countries: countries)
            let proximity = SeizureProximity.run(seizures: seizureList, context: seizureContext)

            var corridorParameters = CorridorParameters()
            corridorParameters.halfWidth = halfWidthKm * 1000
            corridorParameters.gaps = parameters
            let corridor = try CorridorAnalysis.run(
                CorridorInput(routes: routes, seizures: seizureList, borders: allBorders, checkpoints: postList,
                              settlements: settlements, countries: countries),
                parameters: corridorParameters)
            let countryLayer = CountryLayer.build(countries, statistics: try geodata.statistics())

            // Layers, top to bottom.
            let seizureLayer = seizureCollection(seizureList, proximity, context: seizureContext)
            let layers = mapLayers(reports: reports, allBorders: allBorders, posts: postList, settlements: settlements,
                                   seizures: seizureList, seizureLayer: seizureLayer, selected: selected,
                                   corridor: corridor, countries: countryLayer.collection)

            var box = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
            for b in selected {
                for c in b.parts.flatMap({ $0 }) {
                    box = (min(box.0, c.longitude), min(box.1, c.latitude), max(box.2, c.longitude), max(box.3, c.latitude))
                }
            }
            let extent = MapExtent.around(minLon: box.0, minLat: box.1, maxLon: box.2, maxLat: box.3)
            let title = selected.count == 1 ? "Gaps on the \(selected[0].name) border" : "Gaps on the borders of the Northern Route"
            let project = QGSProject(title: "NorthernRoute: " + title, abstract: abstract(reports), layers: layers, extent: extent)
            let svg = MapSVG.svg(layers: layers, extent: extent, title: title, subtitle: subtitle(reports, corridor),
                                 credits: credits(extent))

            // Everything is computed, and every output checked against the inputs, before the first
            // file is written.
            let qgs = out.appendingPathComponent("northern-route.qgs")
            let svgURL = out.appendingPathComponent("northern-route.svg")
            var outputs = [qgs, svgURL]
            for layer in layers {
                outputs.append(out.appendingPathComponent(layer.file))
                outputs.append(out.appendingPathComponent((layer.file as NSString).deletingPathExtension + ".qml"))
            }
            for url in outputs { try AtomicFile.checkNotInput(url, inputs: inputs) }
            var written: [String] = []
            var files = Set<String>()
            for layer in layers where !files.contains(layer.file) {
                files.insert(layer.file)
                let url = out.appendingPathComponent(layer.file)
                try LayerFile.write(layer.collection, to: url, inputs: inputs)
                let qml = out.appendingPathComponent((layer.file as NSString).deletingPathExtension + ".qml")
                let mixed = layers.contains { $0.file == layer.file && $0.geometryFilter != nil }
                try LayerFile.writeText(QMLWriter.document(mixed ? QMLStyles.coverageFile() : layer.style, declaringGeometry: !mixed),
                                        to: qml, inputs: inputs)
                written += [url.path, qml.path]
            }
            try LayerFile.writeText(project.xml(), to: qgs, inputs: inputs)
            try LayerFile.writeText(svg, to: svgURL, inputs: inputs)
            written += [qgs.path, svgURL.path]

            switch common.format {
            case .table:
                print(GapSummary.table(reports, top: 10), terminator: "")
                print("layers (top to bottom in northern-route.qgs):")
                for l in layers {
                    let n = l.features.count
                    print("  \(pad(l.name, 34)) \(pad(String(n), 5)) feature\(n == 1 ? " " : "s")  \(l.datasource)")
                }
                print("wrote \(written.count) files in \(out.path): open \(qgs.path) in QGIS, or look at \(svgURL.path)")
            case .json:
                let json: JSONValue = .object([
                    "gaps": GapSummary.json(reports),
                    "layers": .array(layers.map { l in
                        .object([
                            "id": .string(l.qgisID), "name": .string(l.name), "datasource": .string(l.datasource),
                            "features": .number(Double(l.features.count)), "renderer": .string(l.style.renderer.typeName),
                        ])
                    }),
                    "project": .string(qgs.path),
                    "svg": .string(svgURL.path),
                    "written": .array(written.map { .string($0) }),
                ])
                print(try JSONText.string(json))
            }
        }
    }

    // MARK: layers

    func mapLayers(reports: [GapReport], allBorders: [Border], posts: [ControlPoint], settlements: [ControlPoint],
                   seizures: [Seizure], seizureLayer: GeoJSON.FeatureCollection, selected: [Border],
                   corridor: CorridorReport, countries: GeoJSON.FeatureCollection) -> [MapLayer] {
        let many = reports.count > 1
        let selectedIDs = Set(selected.map(\.id))
        var layers: [MapLayer] = []

        layers.append(MapLayer(id: "route_crossings", name: "Route crossings", file: "route-crossings.geojson",
                               collection: CorridorLayers.crossings(corridor), style: QMLStyles.crossings(),
                               abstract: "Where each schematic route crosses a border line, the nearest checkpoint and whether the crossing lies in a gap."))

        let checkpointLayer = BasicLayers.checkpoints(posts.filter { p in p.borderID == nil || selectedIDs.contains(p.borderID!) || many })
        let regimes = checkpointLayer.features.compactMap { $0.properties?["regime_label"]?.stringValue }
        layers.append(MapLayer(id: "checkpoints", name: "Checkpoints", file: "checkpoints.geojson", collection: checkpointLayer,
                               style: QMLStyles.checkpoints(regimes: regimes),
                               abstract: "Official crossings and outposts (positions approximate: see location_precision_km)."))

        var drugCount: [String: Int] = [:]
        var maxKg = 0.0
        for f in seizureLayer.features {
            let p = f.properties ?? JSONObject()
            drugCount[p["drug"]?.stringValue ?? "", default: 0] += 1
            maxKg = max(maxKg, p["amount_kg"]?.doubleValue ?? 0)
        }
        let drugs = drugCount.keys.filter { !$0.isEmpty }.sorted { (drugCount[$0]!, $1) > (drugCount[$1]!, $0) }
        let kilograms = DataDefined(expression: "\"amount_kg\"") { $0["amount_kg"]?.doubleValue }
        let seizureStyle = QMLStyles.seizures(drugs: drugs, drugField: "drug", kilograms: kilograms, maxKilograms: maxKg)
        layers.append(MapLayer(id: "seizures", name: "Seizures", file: "seizures.geojson", collection: seizureLayer, style: seizureStyle,
                               abstract: "Reported seizures with the distance to the nearest checkpoint and to the border; amount_kg for mass units."))

        let active = GapAnalysis.activeControls(settlements, reports.first?.parameters ?? GapParameters())
        layers.append(MapLayer(id: "settlements", name: "Settlements", file: "settlements.geojson",
                               collection: BasicLayers.settlements(active), style: QMLStyles.settlements(),
                               abstract: "GeoNames places near the borders that cover the border in the gaps analysis."))

        // Gaps and coverage, one file per border (grouped when there are several).
        let breaks = QMLStyles.gapBreaks(reports.flatMap { $0.gaps.map { $0.length / 1000 } })
        for r in reports {
            let id = r.border.id
            layers.append(MapLayer(id: "gaps_\(slug(id))", name: many ? "Gaps \(id)" : "Gaps", file: "\(id)-gaps.geojson",
                                   collection: GapLayers.gaps(r, seizures: seizures), style: QMLStyles.gaps(breaks: breaks),
                                   group: many ? "Gaps" : nil,
                                   abstract: "Stretches of \(r.border.name) farther than the coverage radii from every control point, ranked by length.",
                                   legendName: "Gaps"))
        }
        for r in reports {
            let id = r.border.id
            layers.append(MapLayer(id: "covered_\(slug(id))", name: many ? "Covered \(id)" : "Covered stretches", file: "\(id)-coverage.geojson",
                                   geometryFilter: .line, collection: GapLayers.coverage(r), style: QMLStyles.coveredStretches(),
                                   group: many ? "Coverage" : nil,
                                   abstract: "Stretches of \(r.border.name) within the coverage radius of some control point.",
                                   legendName: "Covered stretches"))
        }
        if many {
            // Every border's coverage file holds the circles of every control point taking part: one
            // layer of the distinct circles, so that the translucent fills do not stack up.
            var seen = Set<String>()
            var circles: [GeoJSON.Feature] = []
            for r in reports {
                for f in GapLayers.coverage(r).features where f.properties?["layer"]?.stringValue == "circle" {
                    var p = f.properties ?? JSONObject()
                    let key = (p["control_id"]?.stringValue ?? "") + "|" + "\(p["radius_km"]?.doubleValue ?? 0)"
                    guard seen.insert(key).inserted else { continue }
                    p["border_id"] = nil
                    circles.append(GeoJSON.Feature(id: p["control_id"].flatMap { $0.stringValue }.map { .string("circle-\($0)") },
                                                   geometry: f.geometry, properties: p))
                }
            }
            layers.append(MapLayer(id: "coverage_circles", name: "Coverage circles", file: "coverage-circles.geojson",
                                   collection: GeoJSON.FeatureCollection(features: circles), style: QMLStyles.coverageCircles(),
                                   group: "Coverage", abstract: "The geodesic coverage circle of every control point taking part."))
        } else if let r = reports.first {
            layers.append(MapLayer(id: "coverage_circles", name: "Coverage circles", file: "\(r.border.id)-coverage.geojson",
                                   geometryFilter: .polygon, collection: GapLayers.coverage(r), style: QMLStyles.coverageCircles(),
                                   abstract: "The geodesic coverage circle of every control point taking part."))
        }

        layers.append(MapLayer(id: "routes", name: "Routes (schematic)", file: "route.geojson", collection: CorridorLayers.routes(corridor),
                               style: QMLStyles.route(), abstract: "Schematic Northern Route corridors, legs as geodesics; not surveyed paths."))
        layers.append(MapLayer(id: "corridors", name: "Corridors", file: "corridor.geojson", collection: CorridorLayers.corridors(corridor),
                               style: QMLStyles.corridor(), abstract: "Every point within the half-width (geodesic) of each route."))
        layers.append(MapLayer(id: "borders", name: "Borders", file: "borders.geojson",
                               collection: BasicLayers.borders(allBorders, analysed: selectedIDs), style: QMLStyles.borders(),
                               abstract: "Natural Earth 1:10m land boundaries; the analysed border(s) solid."))
        layers.append(MapLayer(id: "countries", name: "Countries", file: "countries.geojson", collection: countries,
                               style: QMLStyles.countries(), abstract: "Country polygons with the statistics joined."))
        return layers
    }

    // MARK: seizures

    /// One Point per seizure: the record's properties, the seizures analysis's columns (nearest
    /// checkpoint, nearest analysed border, gap; see `SeizureLayers`) and `amount_kg` (the amount in
    /// kg when its unit is a mass, else null) for the symbol size.
    func seizureCollection(_ seizures: [Seizure], _ results: [SeizureResult], context: SeizureContext) -> GeoJSON.FeatureCollection {
        let columns = SeizureColumns(context: context)
        return GeoJSON.FeatureCollection(features: zip(seizures, results).map { s, r in
            let input = GeoJSON.Feature(id: .string(s.id), geometry: .point(s.coordinate), properties: s.properties)
            var f = SeizureLayers.feature(input, result: r, precision: s.locationPrecisionM, columns: columns)
            var p = f.properties ?? JSONObject()
            p["amount_kg"] = SeizureAmount.kilograms(s.amount, unit: s.unit).map { .number($0) } ?? .null
            f.properties = p
            return f
        })
    }

    // MARK: text

    func abstract(_ reports: [GapReport]) -> String {
        reports.map { r in
            "\(r.border.name): \(r.gaps.count) gaps, \(fmt(r.gapLength / 1000)) km of \(fmt(r.length / 1000)) km (\(String(format: "%.0f", r.gapShare * 100)) %)"
        }.joined(separator: "; ")
    }

    func subtitle(_ reports: [GapReport], _ corridor: CorridorReport) -> [String] {
        guard let p = reports.first?.parameters else { return [] }
        var lines: [String] = []
        var criterion = "Gaps: stretches farther than \(fmt(p.postRadius / 1000)) km from every checkpoint or outpost"
        criterion += p.includeSettlements ? " and \(fmt(p.settlementRadius / 1000)) km from every settlement" : ""
        criterion += " (geodesic distances on WGS84)."
        lines.append(criterion)
        if reports.count == 1, let r = reports.first {
            lines.append("\(r.gaps.count) gaps of at least \(fmt(p.minGapLength / 1000)) km: \(fmt(r.gapLength / 1000)) km of the \(fmt(r.length / 1000)) km border (\(String(format: "%.0f", r.gapShare * 100)) %); the longest \(r.gaps.first.map { fmt($0.length / 1000) } ?? "0") km.")
        } else {
            let total = reports.reduce(0) { $0 + $1.length }, gaps = reports.reduce(0) { $0 + $1.gapLength }
            lines.append("\(reports.reduce(0) { $0 + $1.gaps.count }) gaps on \(reports.count) borders: \(fmt(gaps / 1000)) km of \(fmt(total / 1000)) km (\(String(format: "%.0f", total > 0 ? gaps / total * 100 : 0)) %).")
        }
        let crossings = corridor.routes.flatMap(\.crossings)
        lines.append("Seizures sized by amount, coloured by drug. Stars: where the schematic routes cross a border (\(crossings.filter(\.inGap).count) of \(crossings.count) in a gap).")
        return lines
    }

    func credits(_ extent: MapExtent) -> [String] {
        [
            "Borders: Natural Earth 1:10m; countries: Natural Earth via QGIS world map (public domain). Settlements: GeoNames (CC BY 4.0).",
            "Checkpoint positions are approximate (±2–64 km); seizure places are as precise as the reports allow; routes are schematic.",
            "Projection: equirectangular, true scale at \(String(format: "%.1f", extent.projection.standardParallel))°N. Made with nroute layers.",
        ]
    }

    func fmt(_ km: Double) -> String {
        if km == km.rounded() || km >= 100 { return String(format: "%.0f", km) }
        return String(format: "%.1f", km)
    }

    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    func slug(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
