import Analysis
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

/// What `nroute gaps` found and wrote.
public struct GapsOutcome: Sendable {
    public var reports: [GapReport]
    /// The seizures listed with the gaps (filtered, located).
    public var seizures: [Seizure]
    /// Seizure records without coordinates, skipped (ids).
    public var unlocated: [String]
    public var written: [URL]
}

/// The gaps of every analysed border: coverage by the controls within reach of each line.
public enum GapsJob {
    /// The gaps analysis of each of the scenario's borders, seizures listed near the gaps.
    public static func analyse(_ s: Scenario, seizures: [Seizure]) throws -> [GapReport] {
        if let travel = s.request.travel {
            guard let grid = s.elevation else { throw CatalogError(.badRequest, "travel-time coverage (--patrol-hours) needs a terrain model: add --dem geodata or --dem FILE") }
            return try analyseByTravel(s, seizures: seizures, grid: grid, travel: travel)
        }
        var reports = try s.borders.map { b in
            try GapAnalysis.run(border: b, controls: s.controls(for: b), parameters: s.gapParameters, seizures: seizures)
        }
        if let grid = s.elevation {
            let terrain = try GapsTerrain.profiles(reports.map(\.border), grid: grid, parameters: s.request.terrain, file: s.demFile?.path ?? grid.source)
            for k in reports.indices {
                reports[k].terrain = terrain[k].map { BorderTerrain(profile: $0, report: reports[k]) }
            }
        }
        return reports
    }

    /// Travel-time mode: each border's terrain profile first (its samples are where coverage is
    /// decided), then the coverage by its controls' patrols over the graph, then the gaps of that
    /// coverage. A border the DEM does not reach is refused (travel time needs the terrain).
    static func analyseByTravel(_ s: Scenario, seizures: [Seizure], grid: ElevationGrid, travel: TravelParameters) throws -> [GapReport] {
        let file = s.demFile?.path ?? grid.source
        let profiles = try GapsTerrain.profiles(s.borders, grid: grid, parameters: s.request.terrain, file: file)
        let (graph, surface) = GapsTravel.graph(grid: grid, terrain: s.request.terrain, travel: travel, lakes: s.lakes)
        return try zip(s.borders, profiles).map { b, profile in
            guard let profile else {
                throw CatalogError(.badData, file: file, "\(TerrainError.noOverlap.description) (\(b.id)): travel-time coverage needs the terrain of every analysed border")
            }
            let controls = GapAnalysis.activeControls(s.controls(for: b), s.gapParameters)
            let coverage = TravelCoverageAnalysis.run(controls: controls, profile: profile, graph: graph, surface: surface)
            var report = try GapAnalysis.run(border: b, controls: controls, parameters: s.gapParameters, seizures: seizures,
                                             coverage: (coverage.covered, coverage.reaches))
            report.terrain = BorderTerrain(profile: profile, report: report)
            report.travel = BorderTravel(coverage: coverage, report: report)
            return report
        }
    }

    /// In travel-time mode: `<border>-travel-time.tif` (hours from the nearest control per DEM
    /// cell) and its `.qml`.
    public static func travelSurfaces(_ reports: [GapReport]) throws -> [(name: String, bytes: [UInt8])] {
        try reports.flatMap { r -> [(name: String, bytes: [UInt8])] in
            guard let t = r.travel else { return [] }
            return [("\(r.border.id)-travel-time.tif", try GapsTravel.geoTIFF(t.coverage)),
                    ("\(r.border.id)-travel-time.qml", Array(GapsTravel.style(t.coverage).utf8))]
        }
    }

    /// `<border>-gaps.geojson` and `<border>-coverage.geojson` of each report.
    public static func layers(_ reports: [GapReport], seizures: [Seizure]) -> [(name: String, collection: GeoJSON.FeatureCollection)] {
        reports.flatMap { r in
            [("\(r.border.id)-gaps.geojson", GapLayers.gaps(r, seizures: seizures)),
             ("\(r.border.id)-coverage.geojson", GapLayers.coverage(r))]
        }
    }

    /// With a DEM: `<border>-profile.csv` and `<border>-profile.svg` of each border it covers.
    public static func profiles(_ reports: [GapReport]) -> [(name: String, text: String)] {
        reports.flatMap { r -> [(name: String, text: String)] in
            guard r.terrain != nil else { return [] }
            return [("\(r.border.id)-profile.csv", TerrainProfileCSV.text(r)),
                    ("\(r.border.id)-profile.svg", TerrainProfileChart.svg(r))]
        }
    }

    public static func run(_ s: Scenario) throws -> GapsOutcome {
        let (seizures, unlocated) = try s.seizures()
        let reports = try analyse(s, seizures: seizures)
        let layers = layers(reports, seizures: seizures).map { (s.output($0.name), $0.collection) }
        let texts = profiles(reports).map { (s.output($0.name), $0.text) }
        let rasters = try travelSurfaces(reports).map { (s.output($0.name), $0.bytes) }
        for (u, _) in texts { try AtomicFile.checkNotInput(u, inputs: s.inputs) }
        for (u, _) in rasters { try AtomicFile.checkNotInput(u, inputs: s.inputs) }
        try OutputTransaction.run {
            try LayerFile.writeAll(layers, inputs: s.inputs)
            for (u, text) in texts { try LayerFile.writeText(text, to: u, inputs: s.inputs) }
            for (u, bytes) in rasters { try LayerFile.writeBytes(bytes, to: u, inputs: s.inputs) }
        }
        return GapsOutcome(reports: reports, seizures: seizures, unlocated: unlocated, written: layers.map(\.0) + texts.map(\.0) + rasters.map(\.0))
    }
}
