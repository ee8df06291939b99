// swift-tools-version: 6.0
import PackageDescription

// Module map (what each module may import):
//   Coordinates    one value type, Coordinate(longitude, latitude) in WGS84 degrees; imports nothing
//   CGEOS, CPROJ   system libraries (pkg-config geos / proj) - imported ONLY by Geometry / Geodesy
//   Geodesy        ellipsoidal geodesics on PROJ's geodesic API (Karney), WGS84
//   Geometry       planar topology on GEOS's reentrant _r API: one context per object
//   GeoFormats     pure Swift GeoJSON (RFC 7946) and CSV readers/writers, atomic file output
//   Domain         value types: Border, ControlPoint, Seizure, Route, Country, Statistic
//   Analysis       gaps, seizure proximity, corridor profile: values in, values out, no file I/O
//   Catalog        readers: files (geodata/ or the user's) -> Domain values
//   Cartography    writers: result values -> GeoJSON layers, CSV, QML, QGS, SVG; the seizures
//                  stream (Catalog's readers -> analysis -> writers, in blocks on all cores)
//   nroute         the CLI: one file per subcommand, thin
let package = Package(
    name: "NorthernRoute",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nroute", targets: ["nroute"]),
        .library(name: "NorthernRoute", targets: ["Coordinates", "Geodesy", "Geometry", "GeoFormats", "Domain", "Analysis", "Catalog", "Cartography", "Jobs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .target(name: "Coordinates"),
        .target(name: "Geodesy", dependencies: ["CPROJ", "Coordinates"]),
        .target(name: "Geometry", dependencies: ["CGEOS", "Coordinates"]),
        .target(name: "GeoFormats", dependencies: ["Coordinates"]),
        .target(name: "Domain", dependencies: ["Coordinates", "Geodesy", "GeoFormats"]),
        .target(name: "Analysis", dependencies: ["Domain", "Geodesy", "Geometry"]),
        .target(name: "Catalog", dependencies: ["Domain", "GeoFormats", "Geometry", "Geodesy"]),
        .target(name: "Cartography", dependencies: ["Coordinates", "Domain", "Analysis", "GeoFormats"]),
        .target(name: "Jobs", dependencies: ["Coordinates", "Domain", "Analysis", "Catalog", "Cartography", "GeoFormats"]),
        .executableTarget(name: "nroute", dependencies: [
            "Jobs", "Domain", "Analysis", "Catalog", "Cartography", "GeoFormats",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nroute-bench", dependencies: ["GeoFormats", "Domain", "Analysis", "Catalog", "Geodesy"], path: "benchmarks/Sources/nroute-bench"),
        .testTarget(name: "GeodesyTests", dependencies: ["Geodesy"], resources: [.copy("Fixtures")]),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "GeoFormatsTests", dependencies: ["GeoFormats"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "Domain", "Geodesy", "Geometry", "Catalog"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "Domain", "Geodesy", "Geometry"]),
        .target(name: "TestSupport", dependencies: [], path: "Tests/TestSupport"),
        .testTarget(name: "CartographyTests", dependencies: ["Cartography", "Analysis", "Domain", "GeoFormats", "Geodesy", "Coordinates", "Catalog", "TestSupport"]),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Analysis", "Catalog", "Cartography", "Domain", "GeoFormats", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["nroute", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
