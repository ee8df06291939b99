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
        let layers = [
            MapLayer(id: "corridors", name: "Corridors", file: "corridor.geojson", collection: CorridorLayers.corridors(report),
                     style: LayerStyles.corridor()),
            MapLayer(id: "routes", name: "Routes (schematic)", file: "route.geojson", collection: CorridorLayers.routes(report),
                     style: LayerStyles.route()),
            MapLayer(id: "route_crossings", name: "Route crossings", file: "route-crossings.geojson",
                     collection: CorridorLayers.crossings(report), style: LayerStyles.crossings()),
            MapLayer(id: "countries", name: "Countries", file: "countries.geojson", collection: countries.collection,
                     style: LayerStyles.countries()),
            MapLayer(id: "corridor_seizures", name: "Corridor seizures", file: "corridor-seizures.geojson",
                     collection: CorridorLayers.seizures(report), style: LayersJob.seizureStyle(seizures)),
        ]
        let texts: [(String, String)] = [
            ("corridor-profile.csv", CorridorProfileCSV.text(report)),
            ("corridor-profile.svg", ProfileChart.svg(report)),
        ]
        let written = try s.destination.write(layers, files: texts, inputs: s.inputs)
        return CorridorOutcome(report: report, countries: countries, notes: notes, written: written)
    }
}
