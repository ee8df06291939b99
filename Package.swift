// swift-tools-version: 6.0
import PackageDescription

// Module map: README.md "How it is built" lists what each module is and may import;
// scripts/check_modules.py (run by scripts/test) fails when an import or that table disagrees
// with the dependencies declared here.
let package = Package(
    name: "NorthernRoute",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nroute", targets: ["nroute"]),
        .library(name: "NorthernRoute", targets: ["Coordinates", "Geodesy", "Geometry", "Optimization", "GeoFormats", "Raster", "GeoPackage", "PostgreSQL", "PostGIS", "PostGISOutput", "Domain", "Analysis", "Catalog", "Cartography", "Jobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // Debian's libglpk-dev has no pkg-config file: the module map names the header and links "glpk".
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .target(name: "Coordinates"),
        .target(name: "Geodesy", dependencies: ["CPROJ", "Coordinates"]),
        .target(name: "Geometry", dependencies: ["CGEOS", "Coordinates"]),
        .target(name: "Optimization", dependencies: ["CGLPK"]),
        .target(name: "GeoFormats", dependencies: ["Coordinates"]),
        .target(name: "Raster", dependencies: ["CGDAL"]),
        .target(name: "GeoPackage", dependencies: ["CSQLite", "Coordinates", "GeoFormats"]),
        .target(name: "PostgreSQL", dependencies: ["CPQ"]),
        .target(name: "PostGIS", dependencies: ["Catalog", "Coordinates", "GeoFormats", "Geodesy", "PostgreSQL"]),
        .target(name: "Domain", dependencies: ["Coordinates", "Geodesy", "GeoFormats"]),
        .target(name: "Analysis", dependencies: ["Coordinates", "Domain", "Geodesy", "Geometry", "Optimization"]),
        .target(name: "Catalog", dependencies: ["Coordinates", "Domain", "GeoFormats", "Geometry", "Raster"]),
        .target(name: "Cartography", dependencies: ["Coordinates", "Domain", "Analysis", "GeoFormats"]),
        .target(name: "PostGISOutput", dependencies: ["PostgreSQL", "GeoFormats"]),
        .target(name: "Jobs", dependencies: ["Coordinates", "Domain", "Analysis", "Catalog", "Cartography", "GeoFormats", "GeoPackage", "PostGIS", "PostGISOutput", "Raster"]),
        .executableTarget(name: "nroute", dependencies: [
            "Jobs", "Analysis", "Catalog", "Cartography", "GeoFormats", "PostGISOutput", "PostgreSQL",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nroute-bench", dependencies: ["Coordinates", "GeoFormats", "Domain", "Analysis", "Catalog", "Geodesy"], path: "benchmarks/Sources/nroute-bench"),
        .testTarget(name: "GeodesyTests", dependencies: ["Coordinates", "Geodesy", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GeometryTests", dependencies: ["Coordinates", "Geometry", "GeoFormats"]),
        .testTarget(name: "OptimizationTests", dependencies: ["Optimization", "TestSupport"]),
        .testTarget(name: "GeoFormatsTests", dependencies: ["Coordinates", "GeoFormats", "TestSupport"]),
        .testTarget(name: "AnalysisTests", dependencies: ["TestSupport", "Coordinates", "Analysis", "Domain", "Geodesy", "Geometry", "GeoFormats", "Catalog"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CatalogTests", dependencies: ["Coordinates", "Catalog", "Domain", "Geodesy"]),
        .target(name: "TestSupport", dependencies: [], path: "Tests/TestSupport"),
        .testTarget(name: "CartographyTests", dependencies: ["Cartography", "Analysis", "Domain", "GeoFormats", "Geodesy", "Coordinates", "Catalog", "TestSupport"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Analysis", "Catalog", "Cartography", "GeoFormats", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["nroute", "TestSupport"]),
        .testTarget(name: "PostgreSQLTests", dependencies: ["PostgreSQL", "GeoFormats", "Geodesy", "Coordinates", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses (Fuzz/, run by scripts/fuzz.sh), declared only when NROUTE_FUZZ=1: each
// exports `LLVMFuzzerTestOneInput` and its main.swift hands control to libFuzzer's driver
// (`LLVMFuzzerRunDriver`, in the runtime that `-sanitize=fuzzer` links), so a plain `swift build`,
// which builds every executable target, could not link them; and they would only cost an
// ordinary build time.
if Context.environment["NROUTE_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: [.enableExperimentalFeature("Extern")]))
    for name in ["FuzzGeoJSON", "FuzzPointScanner", "FuzzCSV", "FuzzWKT", "FuzzWKB"] {
        package.products.append(.executable(name: name, targets: [name]))
        package.targets.append(.executableTarget(name: name, dependencies: ["Coordinates", "GeoFormats", "FuzzSupport"], path: "Fuzz/\(name)"))
    }
}
