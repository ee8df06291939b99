func runGeoJSONBenchmark(_ args: [String]) { fatalError("being written") }
