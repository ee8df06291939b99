import ArgumentParser

@main
struct NRoute: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nroute",
        abstract: "Geodesic border, gap and seizure analysis for the Northern Route.",
        discussion: """
            Every distance is an ellipsoidal geodesic on WGS84 (Karney's algorithm, through PROJ).
            Layers are RFC 7946 GeoJSON, ready for QGIS.

            Exit status: 0 success, 64 bad flags, 65 malformed input, 66 missing input, 70 internal error.
            """,
        version: "0.1.0",
        subcommands: [GapsCommand.self, SeizuresCommand.self, CorridorCommand.self, LayersCommand.self]
    )
}
