import Analysis
import Cartography
import Coordinates
import Domain
import Foundation
import GeoFormats

/// What `nroute layers` wrote.
public struct LayersOutcome: Sendable {
    public var reports: [GapReport]
    public var layers: [MapLayer]
    /// The `.qgs` file, or the GeoPackage that holds the project.
    /// Raster layers of the project (with `--dem`: the hillshaded DEM, travel-time surfaces), under the vector layers.
    public var rasters: [RasterMapLayer] = []
    /// The project's attribution, one line per licence (the vector layers' and the rasters').
    public var attribution: [String] = []
    public var project: URL
    public var svg: URL
    public var written: [URL]
}

/// Every layer with its QGIS style, a QGIS project loading them all and a static SVG map: the gaps,
/// seizures and corridor jobs on one scenario, so each layer is the one the job's own command
/// writes (`<border>-gaps.geojson` as `nroute gaps`, `seizures.geojson` as `nroute seizures`,
/// `route-crossings.geojson` as `nroute corridor`).
public enum LayersJob {
    public static let projectName = "northern-route.qgs"
    public static let svgName = "northern-route.svg"

    public static func run(_ s: Scenario) throws -> LayersOutcome {
        let (seizures, _) = try s.seizures()
        let reports = try GapsJob.analyse(s, seizures: seizures)
        let corridor = try CorridorJob.analyse(s, seizures: seizures)
        let countryLayer = try CorridorJob.countryLayer(s)
        let seizureContext = try SeizuresJob.context(s, gapReports: reports)
        let proximity = SeizureProximity.run(seizures: seizures, context: seizureContext)
        let seizureLayer = SeizureLayers.collection(seizures, proximity, context: seizureContext)

        let layers = mapLayers(reports: reports, allBorders: s.mapBorders, posts: s.posts, settlements: s.settlements,
                               seizures: seizures, seizureLayer: seizureLayer, selected: s.borders,
                               corridor: corridor, countries: countryLayer.collection, countryLicences: s.countries.map(\.licence),
                               lakes: s.lakes, rivers: s.rivers)
        var box = (Double.infinity, Double.infinity, -Double.infinity, -Double.infinity)
        for b in s.borders {
            for c in b.parts.flatMap({ $0 }) {
                box = (min(box.0, c.longitude), min(box.1, c.latitude), max(box.2, c.longitude), max(box.3, c.latitude))
            }
        }
        let extent = MapExtent.around(minLon: box.0, minLat: box.1, maxLon: box.2, maxLat: box.3)
        let title = s.borders.count == 1 ? "Gaps on the \(s.borders[0].name) border" : "Gaps on the borders of the Northern Route"
        var project = QGSProject(title: "NorthernRoute: " + title, abstract: abstract(reports), layers: layers, extent: extent)
        let rasters = try rasterLayers(s, reports: reports)
        project.rasters = rasters.map(\.layer)
        let svg = MapSVG.svg(layers: layers, extent: extent, title: title, subtitle: subtitle(reports, corridor),
                             credits: credits(extent, layers: layers))

        // Everything is computed, and every output checked against the inputs, before the first
        // file is written; one result set: every file appears, or none does.
        let d = s.destination
        if !d.holdsTables { try AtomicFile.checkNotInput(s.output(SeizuresJob.csvName), inputs: s.inputs) }
        var files = [(name: svgName, text: svg)]
        var binaries: [(name: String, bytes: [UInt8])] = []
        for r in rasters {
            binaries.append((r.layer.file, r.bytes))
            files.append(((r.layer.file as NSString).deletingPathExtension + ".qml", r.layer.style))
        }
        let written = try d.write(layers, files: files, binaries: binaries, styles: true, project: (projectName, project), inputs: s.inputs) { layer, url in
            // The seizures layer is what `nroute seizures` writes (both files), byte for byte.
            guard layer.file == SeizuresJob.geoJSONName && s.hasSeizures else {
                try LayerFile.write(layer.collection, to: url, inputs: s.inputs)
                return [url]
            }
            return try SeizuresJob.run(s, context: seizureContext).written
        }
        let qgs: URL
        if case .geopackage(let url) = d { qgs = url } else { qgs = s.output(projectName) }
        var outcome = LayersOutcome(reports: reports, layers: layers, project: qgs, svg: s.output(svgName), written: written)
        outcome.rasters = project.rasters
        outcome.attribution = MapAttribution.lines(MapAttribution.entries(
            layers.filter(\.visible).map { (name: $0.legendName ?? $0.name, licences: $0.licences) }
                + project.rasters.filter(\.visible).map { (name: $0.name, licences: $0.licences) }))
        return outcome
    }

    // MARK: layers

    /// With `--dem`: the DEM read (the part around the analysed borders) as `dem.tif`, hillshaded;
    /// in travel-time mode each border's travel-time surface (what `nroute gaps` writes).
    static func rasterLayers(_ s: Scenario, reports: [GapReport]) throws -> [(layer: RasterMapLayer, bytes: [UInt8])] {
        guard let grid = s.elevation else { return [] }
        let extent = (grid.west, grid.south, grid.east, grid.north)
        var out: [(layer: RasterMapLayer, bytes: [UInt8])] = []
        for (name, bytes) in try GapsJob.travelSurfaces(reports) where name.hasSuffix(".tif") {
            guard let r = reports.first(where: { name == "\($0.border.id)-travel-time.tif" }), let t = r.travel else { continue }
            let layer = RasterMapLayer(id: "travel_\(slug(r.border.id))", name: reports.count > 1 ? "Travel time \(r.border.id) (h)" : "Travel time (h)",
                                       file: name, style: GapsTravel.style(t.coverage), extent: extent,
                                       abstract: "Hours from the nearest control point on \(t.coverage.parameters.mode.rawValue) (Tobler's hiking function over the DEM, 16 neighbours; impassable: too high, too steep, lakes).",
                                       licences: grid.licence.isEmpty ? [] : [grid.licence])
            out.append((layer, bytes))
        }
        let dem = try GapsTravel.demGeoTIFF(grid)
        out.append((RasterMapLayer(id: "dem", name: "Terrain (hillshade)", file: "dem.tif", style: RasterStyles.hillshade(), extent: extent,
                                   abstract: "The terrain model the gaps were analysed on (\((grid.source as NSString).lastPathComponent)), hillshaded.",
                                   licences: grid.licence.isEmpty ? [] : [grid.licence]), dem))
        return out
    }

    static func mapLayers(reports: [GapReport], allBorders: [Border], posts: [ControlPoint], settlements: [ControlPoint],
                   seizures: [Seizure], seizureLayer: GeoJSON.FeatureCollection, selected: [Border],
                   corridor: CorridorReport, countries: GeoJSON.FeatureCollection, countryLicences: [String] = [],
                   lakes: [Lake] = [], rivers: [River] = []) -> [MapLayer] {
        let many = reports.count > 1
        let selectedIDs = Set(selected.map(\.id))
        var layers: [MapLayer] = []

        layers.append(MapLayer(id: "route_crossings", name: "Route crossings", file: "route-crossings.geojson",
                               collection: CorridorLayers.crossings(corridor), style: LayerStyles.crossings(),
                               abstract: "Where each schematic route crosses a border line, the nearest checkpoint and whether the crossing lies in a gap."))

        let checkpointLayer = BasicLayers.checkpoints(posts.filter { p in p.borderID == nil || selectedIDs.contains(p.borderID!) || many })
        let regimes = checkpointLayer.features.compactMap { $0.properties?["regime_label"]?.stringValue }
        layers.append(MapLayer(id: "checkpoints", name: "Checkpoints", file: "checkpoints.geojson", collection: checkpointLayer,
                               style: LayerStyles.checkpoints(regimes: regimes),
                               abstract: "Official crossings and outposts (positions approximate: see location_precision_km)."))

        let seizureStyle = seizureStyle(seizures)
        layers.append(MapLayer(id: "seizures", name: "Seizures", file: "seizures.geojson", collection: seizureLayer, style: seizureStyle,
                               abstract: "Reported seizures with the distance to the nearest checkpoint and to the border; symbols sized by the amount in kg (mass units only)."))

        let active = GapAnalysis.activeControls(settlements, reports.first?.parameters ?? GapParameters())
        layers.append(MapLayer(id: "settlements", name: "Settlements", file: "settlements.geojson",
                               collection: BasicLayers.settlements(active), style: LayerStyles.settlements(),
                               abstract: "GeoNames places near the borders that cover the border in the gaps analysis.",
                               licences: active.compactMap(\.licence)))

        // Gaps and coverage, one file per border (grouped when there are several).
        let breaks = LayerStyles.gapBreaks(reports.flatMap { $0.gaps.map { $0.length / 1000 } })
        for r in reports {
            let id = r.border.id
            layers.append(MapLayer(id: "gaps_\(slug(id))", name: many ? "Gaps \(id)" : "Gaps", file: "\(id)-gaps.geojson",
                                   collection: GapLayers.gaps(r, seizures: seizures),
                                   style: r.terrain != nil ? LayerStyles.gapsByPassableShare() : LayerStyles.gaps(breaks: breaks),
                                   group: many ? "Gaps" : nil,
                                   abstract: "Stretches of \(r.border.name) farther than the coverage radii from every control point, ranked by length.",
                                   legendName: "Gaps", licences: [r.border.licence]))
        }
        for r in reports where r.terrain != nil {
            let id = r.border.id
            layers.append(MapLayer(id: "passable_\(slug(id))", name: many ? "Passable \(id)" : "Passable stretches", file: "\(id)-passable.geojson",
                                   collection: TerrainLayers.passable(r), style: LayerStyles.passableStretches(),
                                   group: many ? "Passable" : nil,
                                   abstract: "Stretches of \(r.border.name) where elevation and slope are within the limits (--max-elevation-m, --max-slope-deg) on the DEM.",
                                   legendName: "Passable stretches", licences: [r.border.licence]))
        }
        for r in reports {
            let id = r.border.id
            layers.append(MapLayer(id: "covered_\(slug(id))", name: many ? "Covered \(id)" : "Covered stretches", file: "\(id)-coverage.geojson",
                                   geometryFilter: .line, collection: GapLayers.coverage(r), style: LayerStyles.coveredStretches(),
                                   group: many ? "Coverage" : nil,
                                   abstract: "Stretches of \(r.border.name) within the coverage radius of some control point.",
                                   legendName: "Covered stretches", licences: [r.border.licence]))
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
            if !circles.isEmpty {  // none with coverage by travel time
                layers.append(MapLayer(id: "coverage_circles", name: "Coverage circles", file: "coverage-circles.geojson",
                                       collection: GeoJSON.FeatureCollection(features: circles), style: LayerStyles.coverageCircles(),
                                       group: "Coverage", abstract: "The geodesic coverage circle of every control point taking part."))
            }
        } else if let r = reports.first {
            let circles = MapLayer(id: "coverage_circles", name: "Coverage circles", file: "\(r.border.id)-coverage.geojson",
                                   geometryFilter: .polygon, collection: GapLayers.coverage(r), style: LayerStyles.coverageCircles(),
                                   abstract: "The geodesic coverage circle of every control point taking part.")
            if GapLayers.shows(circles) { layers.append(circles) }
        }

        layers.append(MapLayer(id: "routes", name: "Routes (schematic)", file: "route.geojson", collection: CorridorLayers.routes(corridor),
                               style: LayerStyles.route(), abstract: "Schematic Northern Route corridors, legs as geodesics; not surveyed paths."))
        layers.append(MapLayer(id: "corridors", name: "Corridors", file: "corridor.geojson", collection: CorridorLayers.corridors(corridor),
                               style: LayerStyles.corridor(), abstract: "Every point within the half-width (geodesic) of each route."))
        layers.append(MapLayer(id: "borders", name: "Borders", file: "borders.geojson",
                               collection: BasicLayers.borders(allBorders, analysed: selectedIDs), style: LayerStyles.borders(),
                               abstract: "Land boundaries (geodata's border set, with any line given); the analysed border(s) solid.",
                               licences: allBorders.map(\.licence)))
        // Map context, under the borders: rivers over lakes (a river is broken where it runs through one).
        layers.append(MapLayer(id: "rivers", name: "Rivers", file: "rivers.geojson", collection: ContextLayers.rivers(rivers),
                               style: LayerStyles.rivers(), abstract: "The main rivers of the region, for orientation.",
                               licences: rivers.map(\.licence)))
        layers.append(MapLayer(id: "lakes", name: "Lakes", file: "lakes.geojson", collection: ContextLayers.lakes(lakes),
                               style: LayerStyles.lakes(), abstract: "Lakes and reservoirs of at least 100 km², for orientation.",
                               licences: lakes.map(\.licence)))
        layers.append(MapLayer(id: "countries", name: "Countries", file: "countries.geojson", collection: countries,
                               style: LayerStyles.countries(), abstract: "Country polygons with the statistics joined.",
                               licences: countryLicences))
        return layers
    }

    /// Seizures coloured by drug (most frequent first) and sized by the amount in kg.
    public static func seizureStyle(_ seizures: [Seizure]) -> LayerStyle {
        var drugCount: [String: Int] = [:]
        var maxKg = 0.0
        for s in seizures {
            drugCount[s.drug ?? "", default: 0] += 1
            maxKg = max(maxKg, SeizureAmount.kilograms(s.amount, unit: s.unit) ?? 0)
        }
        let drugs = drugCount.keys.filter { !$0.isEmpty }.sorted { (drugCount[$0]!, $1) > (drugCount[$1]!, $0) }
        let keys = Set(seizures.flatMap { $0.properties.members.map(\.key) })
        let kilograms = DataDefined(expression: LayerStyles.kilogramsExpression(fields: keys)) { p in
            SeizureAmount.kilograms(p["amount"]?.doubleValue ?? p["amount_kg"]?.doubleValue,
                                    unit: p["unit"]?.stringValue ?? (p["amount_kg"] != nil ? "kg" : nil))
        }
        return LayerStyles.seizures(drugs: drugs, drugField: "drug", kilograms: kilograms, maxKilograms: maxKg)
    }

    // MARK: text

    static func abstract(_ reports: [GapReport]) -> String {
        reports.map { r in
            "\(r.border.name): \(r.gaps.count) gaps, \(fmt(r.gapLength / 1000)) km of \(fmt(r.length / 1000)) km (\(String(format: "%.0f", r.gapShare * 100)) %)"
        }.joined(separator: "; ")
    }

    static func subtitle(_ reports: [GapReport], _ corridor: CorridorReport) -> [String] {
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

    static func credits(_ extent: MapExtent, layers: [MapLayer]) -> [String] {
        MapAttribution.lines(layers).map { "Data — " + $0 } + [
            "Checkpoint positions are approximate (±2–64 km); seizure places are as precise as the reports allow; routes are schematic.",
            "Projection: equirectangular, true scale at \(String(format: "%.1f", extent.projection.standardParallel))°N. Made with nroute layers.",
        ]
    }

    static func fmt(_ km: Double) -> String {
        if km == km.rounded() || km >= 100 { return String(format: "%.0f", km) }
        return String(format: "%.1f", km)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    static func slug(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
