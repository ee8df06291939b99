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
            return try TravelCoverageAnalysis.gaps(border: b, controls: s.controls(for: b), parameters: s.gapParameters, seizures: seizures,
                                                   profile: profile, graph: graph, surface: surface)
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

    /// `<border>-gaps.geojson` and `<border>-coverage.geojson` of each report, styled; the coverage
    /// file as two layers, its covered stretches and its circles (two tables in a GeoPackage).
    public static func layers(_ reports: [GapReport], seizures: [Seizure], names: (String) -> (gaps: String, coverage: String) = {
        ("\($0)-gaps.geojson", "\($0)-coverage.geojson")
    }) -> [MapLayer] {
        let breaks = LayerStyles.gapBreaks(reports.flatMap { $0.gaps.map { $0.length / 1000 } })
        return reports.flatMap { r -> [MapLayer] in
            let n = names(r.border.id), coverage = GapLayers.coverage(r)
            return [
                MapLayer(id: "gaps_" + r.border.id, name: "Gaps " + r.border.id, file: n.gaps,
                         collection: GapLayers.gaps(r, seizures: seizures), style: LayerStyles.gaps(breaks: breaks),
                         abstract: "Stretches of \(r.border.name) farther than the coverage radii from every control point, ranked by length.",
                         licences: [r.border.licence]),
                MapLayer(id: "covered_" + r.border.id, name: "Covered " + r.border.id, file: n.coverage, geometryFilter: .line,
                         collection: coverage, style: LayerStyles.coveredStretches(),
                         abstract: "Stretches of \(r.border.name) within the coverage radius of some control point.", licences: [r.border.licence]),
                MapLayer(id: "circles_" + r.border.id, name: "Coverage circles " + r.border.id, file: n.coverage, geometryFilter: .polygon,
                         collection: coverage, style: LayerStyles.coverageCircles(),
                         abstract: "The geodesic coverage circle of every control point taking part in \(r.border.name)'s analysis."),
            ].filter(GapLayers.shows)
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
        let rasters = try travelSurfaces(reports)
        let written = try s.destination.write(layers(reports, seizures: seizures), files: profiles(reports), binaries: rasters, inputs: s.inputs)
        return GapsOutcome(reports: reports, seizures: seizures, unlocated: unlocated, written: written)
    }
}
