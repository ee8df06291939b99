import Analysis
import Cartography
import Catalog
import Domain
import Foundation
import GeoFormats

/// What `nroute seizures` found and wrote.
public struct SeizuresOutcome: Sendable {
    public var summary: SeizureSummary
    public var context: SeizureContext
    public var written: [URL]
}

/// Every seizure against the checkpoints, the analysed borders and their gaps, streamed from the
/// seizure file to `seizures.geojson` and `seizures.csv` (`SeizurePipeline`).
public enum SeizuresJob {
    public static let geoJSONName = "seizures.geojson"
    public static let csvName = "seizures.csv"

    /// The analysis context: the checkpoints taking part in any analysed border (the candidates for
    /// the nearest checkpoint), the borders, their gaps (the scenario's parameters), the countries
    /// and the provinces.
    public static func context(_ s: Scenario, gapReports: [GapReport]) throws -> SeizureContext {
        try SeizureContext(checkpoints: s.checkpoints(serving: s.borders), borders: s.borders, gapReports: gapReports,
                           countries: s.countries, provinces: try s.provinces())
    }

    /// Streams the scenario's seizure file through the analysis into the two outputs (`context`:
    /// one the caller already built with `context(_:gapReports:)`).
    public static func run(_ s: Scenario, context prepared: SeizureContext? = nil) throws -> SeizuresOutcome {
        guard s.hasSeizures else {
            throw ScenarioError("there are no seizures to analyse (--seizures none); give a seizure file or geodata")
        }
        if s.destination.holdsTables { return try runToGeoPackage(s, context: prepared) }
        let geo = s.output(geoJSONName), csv = s.output(csvName)
        for o in [geo, csv] { try AtomicFile.checkNotInput(o, inputs: s.inputs) }
        let context = try prepared ?? context(s, gapReports: try GapsJob.analyse(s, seizures: []))
        let summary = try OutputTransaction.run {
            let pipeline: SeizurePipeline
            if let database = s.seizureDatabase {
                pipeline = try SeizurePipeline(database: database, context: context, filter: s.filter, inputs: s.inputs)
            } else {
                pipeline = SeizurePipeline(input: s.seizureFile!, context: context, filter: s.filter, inputs: s.inputs)
            }
            return try pipeline.run(geoJSON: geo, csv: csv)
        }
        return SeizuresOutcome(summary: summary, context: context, written: [geo, csv])
    }

    /// The same analysis into a GeoPackage or a database table: the seizures read whole (not streamed), the table the
    /// rows of `seizures.geojson` (`SeizureLayers.collection`), styled as in `nroute layers`; the
    /// table is the CSV's counterpart, so no CSV is written.
    static func runToGeoPackage(_ s: Scenario, context prepared: SeizureContext?) throws -> SeizuresOutcome {
        let (all, unlocated) = try s.allSeizures()
        let seizures = all.filter(s.filter.matches)
        let context = try prepared ?? context(s, gapReports: try GapsJob.analyse(s, seizures: []))
        let proximity = SeizureProximity.run(seizures: seizures, context: context)
        let layer = MapLayer(id: "seizures", name: "Seizures", file: geoJSONName,
                             collection: SeizureLayers.collection(seizures, proximity, context: context),
                             style: LayersJob.seizureStyle(seizures),
                             abstract: "Reported seizures with the distance to the nearest checkpoint and to the border.")
        let written = try s.destination.write([layer], inputs: s.inputs)
        var summary = SeizureSummary()
        summary.recordsRead = all.count + unlocated.count
        summary.recordsUnlocated = unlocated.count
        for (x, r) in zip(seizures, proximity) {
            summary.add(drug: x.drug, province: x.province, located: r.province, amount: x.amount, unit: x.unit, precision: x.locationPrecisionM, result: r)
        }
        return SeizuresOutcome(summary: summary, context: context, written: written)
    }

    /// The filters as the summary table names them.
    public static func filterText(_ r: ScenarioRequest) -> String {
        var parts: [String] = []
        if r.from != nil || r.to != nil { parts.append("dates \(r.from ?? "…")–\(r.to ?? "…")") }
        if !r.drugs.isEmpty { parts.append("drug " + r.drugs.joined(separator: " or ")) }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// The filters as the summary JSON names them.
    public static func filterJSON(_ r: ScenarioRequest) -> JSONValue {
        .object(["from": r.from.map { .string($0) } ?? .null, "to": r.to.map { .string($0) } ?? .null,
                 "drugs": .array(r.drugs.map { .string($0) })])
    }
}
