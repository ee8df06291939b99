import ArgumentParser

@main
struct NRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nroute",
        abstract: "Geodesic border, gap and seizure analysis for the Northern Route.",
        discussion: """
            Every distance is an ellipsoidal geodesic on WGS84 (Karney's algorithm, through PROJ). Layers are RFC 7946 GeoJSON, ready for QGIS. Every command builds the same scenario from the same flags: the borders analysed, the controls within reach of each line, the seizures and their filters.

            Exit status: \(ExitStatus.text)
            """,
        version: "0.1.0",
        subcommands: [GapsCommand.self, SeizuresCommand.self, GeocodeCommand.self, CorridorCommand.self, LayersCommand.self, PlanCommand.self]
    )
}
