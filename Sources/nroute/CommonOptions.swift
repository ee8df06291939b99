import ArgumentParser
import Foundation

/// Where the embedded data is and where outputs go; shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The geodata folder (default: NROUTE_GEODATA, or the repository's geodata/).", valueName: "dir"))
    var geodata: String?

    @Option(name: [.short, .long], help: ArgumentHelp("Folder for the output layers (created if missing).", valueName: "dir"))
    var outputDir: String = "out"

    @Option(name: .long, help: "Summary on stdout: table or json.")
    var format: SummaryFormat = .table
}

enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
