import Analysis
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

/// What `nroute corridor` found and wrote.
public struct CorridorOutcome: Sendable {
    public var report: CorridorReport
    public var countries: CountryLayer.Output
    /// Things the analyst should know: unlocated seizures skipped, statistics conflicts.
    public var notes: [String]
    public var written: [URL]
}

/// The corridor profile of the scenario's routes: polygons, seizures by chainage, and where each
/// route crosses a border of `mapBorders` (nearest post, in a gap under the scenario's gap
/// parameters and controls: the same answer `nroute gaps` gives for that border).
public enum CorridorJob {
    public static func analyse(_ s: Scenario, seizures: [Seizure]) throws -> CorridorReport {
        let input = CorridorInput(routes: try s.routes(), seizures: seizures, borders: s.mapBorders, checkpoints: s.posts,
                                  settlements: s.settlements, countries: s.countries, controls: s.controls)
        do {
            return try CorridorAnalysis.run(input, parameters: s.corridorParameters)
        } catch let e as CorridorError {
            // A route the analysis cannot use is bad input (65), a GEOS failure an internal error.
            if case .geometry = e { throw e }
            throw CatalogError(.badData, file: s.request.routes.file ?? s.geodata.url("routes.csv").path, e.description)
        }
    }

    /// The note on seizure records without coordinates, if any.
    public static func unlocatedNote(_ unlocated: [String]) -> [String] {
        unlocated.isEmpty ? [] : ["\(unlocated.count) seizure record\(unlocated.count == 1 ? "" : "s") without coordinates skipped (\(unlocated.joined(separator: ", ")))"]
    }

    /// The country layer with the statistics joined.
    public static func countryLayer(_ s: Scenario) throws -> CountryLayer.Output {
        CountryLayer.build(s.countries, statistics: try s.geodata.statistics())
    }

    public static func run(_ s: Scenario) throws -> CorridorOutcome {
        let (seizures, unlocated) = try s.seizures()
        let report = try analyse(s, seizures: seizures)
        let countries = try countryLayer(s)
        let notes = unlocatedNote(unlocated) + countries.conflicts.map { "statistics: \($0)" }

        // Everything is computed, and every output checked, before the first file is written.
        let layers: [(String, GeoJSON.FeatureCollection)] = [
            ("corridor.geojson", CorridorLayers.corridors(report)),
            ("route.geojson", CorridorLayers.routes(report)),
            ("route-crossings.geojson", CorridorLayers.crossings(report)),
            ("countries.geojson", countries.collection),
            ("corridor-seizures.geojson", CorridorLayers.seizures(report)),
        ]
        let texts: [(String, String)] = [
            ("corridor-profile.csv", CorridorProfileCSV.text(report)),
            ("corridor-profile.svg", ProfileChart.svg(report)),
        ]
        let urls = (layers.map(\.0) + texts.map(\.0)).map(s.output)
        for u in urls { try AtomicFile.checkNotInput(u, inputs: s.inputs) }
        try OutputTransaction.run {
            for (name, collection) in layers { try LayerFile.write(collection, to: s.output(name), inputs: s.inputs) }
            for (name, text) in texts { try LayerFile.writeText(text, to: s.output(name), inputs: s.inputs) }
        }
        return CorridorOutcome(report: report, countries: countries, notes: notes, written: urls)
    }
}
