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
        for (u, _) in texts { try AtomicFile.checkNotInput(u, inputs: s.inputs) }
        try OutputTransaction.run {
            try LayerFile.writeAll(layers, inputs: s.inputs)
            for (u, text) in texts { try LayerFile.writeText(text, to: u, inputs: s.inputs) }
        }
        return GapsOutcome(reports: reports, seizures: seizures, unlocated: unlocated, written: layers.map(\.0) + texts.map(\.0))
    }
}
