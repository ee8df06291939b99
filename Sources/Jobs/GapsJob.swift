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
        try s.borders.map { b in
            try GapAnalysis.run(border: b, controls: s.controls(for: b), parameters: s.gapParameters, seizures: seizures)
        }
    }

    /// `<border>-gaps.geojson` and `<border>-coverage.geojson` of each report.
    public static func layers(_ reports: [GapReport], seizures: [Seizure]) -> [(name: String, collection: GeoJSON.FeatureCollection)] {
        reports.flatMap { r in
            [("\(r.border.id)-gaps.geojson", GapLayers.gaps(r, seizures: seizures)),
             ("\(r.border.id)-coverage.geojson", GapLayers.coverage(r))]
        }
    }

    public static func run(_ s: Scenario) throws -> GapsOutcome {
        let (seizures, unlocated) = try s.seizures()
        let reports = try analyse(s, seizures: seizures)
        let layers = layers(reports, seizures: seizures).map { (s.output($0.name), $0.collection) }
        try OutputTransaction.run { try LayerFile.writeAll(layers, inputs: s.inputs) }
        return GapsOutcome(reports: reports, seizures: seizures, unlocated: unlocated, written: layers.map(\.0))
    }
}
