import ArgumentParser

@main
struct NRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nroute",
        abstract: "Geodesic border, gap and seizure analysis for the Northern Route.",
        version: "0.1.0",
        subcommands: []
    )
}
