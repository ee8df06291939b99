import Analysis
import ArgumentParser
import Cartography
import Catalog
import Coordinates
import Domain
import Foundation
import GeoFormats

struct SeizuresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seizures",
        abstract: "Measure every seizure against the checkpoints, the border and its gaps.",
        discussion: """
            For each seizure point (geodata's seizures, or your GeoJSON / CSV point file): the nearest
            checkpoint (name, geodesic distance, bearing), the distance to each requested border line with
            the nearest border point and its chainage, the country it lies in, whether that border point
            is in a gap (gaps analysis with the same parameters as `nroute gaps`) and the nearest gap.
            Every distance is an ellipsoidal geodesic on WGS84 (to 1 µm of Karney's solution), and comes
            with a min–max interval from the record's location_precision_m p: [max(0, d − p), d + p].

            Writes <dir>/seizures.geojson (the input features, their properties kept, the analysis's
            appended) and <dir>/seizures.csv (the same rows). Prints a summary by drug, by province and
            by distance band.

            Dates (--from/--to) are YYYY, YYYY-MM or YYYY-MM-DD; a record is kept when its date interval
            [date_start, date_end] overlaps the range. --drug matches a whole word or phrase of the
            record's drug, case-insensitively; repeat it for several.

            Examples:
              nroute seizures
              nroute seizures --border all --format json
              nroute seizures --seizures my-seizures.geojson -o out/mine
              nroute seizures --from 2020 --to 2021-06 --drug heroin --drug hashish
              nroute seizures --post-radius-km 15 --no-settlements --posts my-outposts.csv
            """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("A border id from geodata (kaz-kgz, or just kgz for Kazakhstan's neighbour), or all.", valueName: "id"))
    var border: String = "kgz"

    @Option(help: ArgumentHelp("The seizure points: a GeoJSON or CSV file, or 'geodata' for the embedded seizures.", valueName: "file"))
    var seizures: String = "geodata"

    @Option(help: ArgumentHelp("Keep seizures on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Keep seizures on or before this date.", valueName: "date"))
    var to: String?

    @Option(name: .customLong("drug"), help: ArgumentHelp("Keep seizures of this drug; repeatable.", valueName: "name"))
    var drugs: [String] = []

    @OptionGroup var gap: GapOptions

    func validate() throws {
        do {
            _ = try SeizureFilter(from: from, to: to, drugs: drugs)
        } catch let e as SeizureFilterError {
            throw ValidationError(e.description)
        }
    }

    func run() throws {
        try runReportingErrors {
            SeizurePipeline.mark("start")
            let geodata = try Geodata.locate(common.geodata)
            let filter = try SeizureFilter(from: from, to: to, drugs: drugs)
            let input = seizures == "geodata" ? geodata.url("seizures.csv") : URL(fileURLWithPath: seizures)
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw CatalogError(.missingFile, file: input.path, "no such file")
            }
            var inputs = [input]
            let extraPosts = try gap.readPosts(inputs: &inputs)
            let out = URL(fileURLWithPath: common.outputDir)
            let geoURL = out.appendingPathComponent("seizures.geojson")
            let csvURL = out.appendingPathComponent("seizures.csv")
            for o in [geoURL, csvURL] { try AtomicFile.checkNotInput(o, inputs: inputs) }

            let borders = try BorderCatalog.select(border, from: try geodata.borders())
            let ids = Set(borders.map(\.id))
            let allPosts = try geodata.checkpoints() + extraPosts
            let settlements = gap.noSettlements ? [] : try geodata.settlements()
            let reports = try borders.map { b in
                try GapAnalysis.run(border: b, controls: allPosts.filter { $0.borderID == nil || $0.borderID == b.id } + settlements,
                                    parameters: gap.parameters)
            }
            // The nearest checkpoint is sought among the crossings that serve the borders asked for
            // (and the user's --posts of kind checkpoint).
            let checkpoints = allPosts.filter { $0.kind == .checkpoint && ($0.borderID == nil || ids.contains($0.borderID!)) }
            let context = try SeizureContext(checkpoints: checkpoints, borders: borders, gapReports: reports,
                                             countries: try geodata.countries())

            let summary = try SeizurePipeline(input: input, context: context, filter: filter, inputs: inputs)
                .run(geoJSON: geoURL, csv: csvURL)
            switch common.format {
            case .table:
                print(summary.table(context: context, filter: describe(filter)), terminator: "")
                print("wrote \(geoURL.path), \(csvURL.path)")
            case .json:
                print(try JSONText.string(summary.json(context: context, filter: filterJSON())))
            }
        }
    }

    func describe(_ f: SeizureFilter) -> String {
        var parts: [String] = []
        if from != nil || to != nil { parts.append("dates \(from ?? "…")–\(to ?? "…")") }
        if !drugs.isEmpty { parts.append("drug " + drugs.joined(separator: " or ")) }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    func filterJSON() -> JSONValue {
        .object(["from": from.map { .string($0) } ?? .null, "to": to.map { .string($0) } ?? .null,
                 "drugs": .array(drugs.map { .string($0) })])
    }
}

