import Analysis
import ArgumentParser
import Foundation
import GeoFormats
import Jobs

struct GeocodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geocode",
        abstract: "Place the place names of textual seizure reports on geodata's gazetteer.",
        discussion: """
            Reads a CSV of reports and writes <dir>/geocoded.csv: every row and column as read, in order, plus longitude, latitude, location_precision_m (metres: 5 km around a town's GeoNames point, 10 km for a city of 100,000 or more; for a province or a country the largest geodesic distance from its point to its outline; for a district the whole province around its namesake settlement), match_level (settlement, district, province, country), match_name, match_id (GeoNames id, province id of provinces.geojson, or ISO3), match_score (1 own name, 0.9 another name, × 0.8 for a fallback to a coarser level) and match_reason. A row it cannot place keeps its data with an empty point and a reason ("unplaced: …", or "ambiguous: …" with the candidates: two Aksu are never guessed between). Nothing is dropped: rows in = rows out.

            Matching ignores case and diacritics, reads Kazakh and Russian Cyrillic and their Latin transliterations alike (Kordai/Korday/Кордай, Shu/Chu/Шу, Zhambyl/Jambyl/Жамбыл), uses district/region/city words in English, Kazakh and Russian as level hints (audany/ауданы/район, oblysy/облысы/область, qalasy/қаласы/город), knows former names (geodata/curated/place-renames.csv: Nur-Sultan, Tselinograd, South Kazakhstan, …), and narrows a name to the province the row's --province-column or the text itself names.

            The output feeds `nroute seizures --seizures <dir>/geocoded.csv` directly; rows without a point are skipped and counted there.

            Examples:
              nroute geocode --input reports.csv --place-column place
              nroute geocode --input reports.csv --place-column place --province-column province --country KAZ -o out/reports
              nroute seizures --seizures out/reports/geocoded.csv
            """
    )

    @Option(help: ArgumentHelp("The CSV of reports (a header row; any columns).", valueName: "file"))
    var input: String

    @Option(help: ArgumentHelp("The column holding the place text.", valueName: "name"))
    var placeColumn: String

    @Option(help: ArgumentHelp("A column naming each report's province (narrows ambiguous names).", valueName: "name"))
    var provinceColumn: String?

    @Option(help: ArgumentHelp("Only places of this country (ISO3: KAZ, KGZ, UZB, TJK, TKM). Default: all five.", valueName: "iso3"))
    var country: String?

    @OptionGroup(title: "Output") var output: OutputOptions

    func run() throws {
        try runReportingErrors {
            if OutputDestination.isDatabase(output.outputDir) {
                throw ValidationError("geocode writes one CSV file: -o takes a folder, not a database")
            }
            let r = GeocodeRequest(input: input, placeColumn: placeColumn, provinceColumn: provinceColumn, country: country,
                                   geodata: output.geodata, output: output.outputDir)
            let o = try GeocodeJob.run(r)
            let levels = ["settlement", "district", "province", "country"]
            switch output.format {
            case .table:
                var t = "rows          \(o.rows)\n"
                for l in levels { t += "  \(l.padding(toLength: 12, withPad: " ", startingAt: 0))\(o.count(l))\n" }
                t += "ambiguous     \(o.ambiguous)\nunplaced      \(o.unplaced)\n"
                t += "placed with a note (fallback or choice, see match_reason): \(o.withNote)\n"
                print(t, terminator: "")
                print("wrote " + o.written.path)
            case .json:
                var byLevel: [(key: String, value: JSONValue)] = []
                for l in levels { byLevel.append((key: l, value: .number(Double(o.count(l))))) }
                var members: [(key: String, value: JSONValue)] = []
                func add(_ k: String, _ v: Int) { members.append((key: k, value: JSONValue.number(Double(v)))) }
                add("rows", o.rows)
                add("placed", o.placedTotal)
                members.append((key: "placed_by_level", value: JSONValue.object(JSONObject(byLevel.map { ($0.key, $0.value) }))))
                add("ambiguous", o.ambiguous)
                add("unplaced", o.unplaced)
                add("placed_with_note", o.withNote)
                add("gazetteer_places", o.gazetteerPlaces)
                members.append((key: "written", value: JSONValue.array([JSONValue.string(o.written.path)])))
                let doc = JSONValue.object(JSONObject(members.map { ($0.key, $0.value) }))
                print(try JSONText.string(doc))
            }
        }
    }
}

extension GeocodeOutcome {
    func count(_ level: String) -> Int {
        placed.first { $0.key.rawValue == level }?.value ?? 0
    }
}
