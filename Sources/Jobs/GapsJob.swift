import Analysis
import Cartography
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
            ]
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
        let written = try s.destination.write(layers(reports, seizures: seizures), files: profiles(reports), inputs: s.inputs)
        return GapsOutcome(reports: reports, seizures: seizures, unlocated: unlocated, written: written)
    }
}
