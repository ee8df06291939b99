import Coordinates
import Foundation
import Geodesy
import TestSupport
import XCTest

/// Loads the geographiclib oracle files written by scripts/make_geodesy_fixtures.py.
enum Fixtures {
    struct Rows: Decodable {
        let oracle: String
        let columns: String
        let kinds: [String]
        let rows: [[Double]]
    }

    struct Polyline: Decodable {
        let kind: String
        let points: [[Double]]
        let length: Double
        let chainage: [Double]
        var coordinates: [Coordinate] { points.map { Coordinate(longitude: $0[0], latitude: $0[1]) } }
    }

    struct Polylines: Decodable { let polylines: [Polyline] }

    struct Polygon: Decodable {
        let kind: String
        let ring: [[Double]]
        let area: Double
        let perimeter: Double
        var coordinates: [Coordinate] { ring.map { Coordinate(longitude: $0[0], latitude: $0[1]) } }
    }

    struct Polygons: Decodable { let polygons: [Polygon] }

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw TestEnvironment.unavailable("Fixtures directory missing from the test bundle")
        }
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }
}

/// Running maximum of an error, with the case that produced it (printed for the record).
struct MaxError {
    let name: String
    private(set) var value = 0.0
    private(set) var at = ""

    init(_ name: String) { self.name = name }

    mutating func record(_ error: Double, _ label: @autoclosure () -> String) {
        if error > value || error.isNaN { value = error; at = label() }
    }

    func report(unit: String) {
        print("[accuracy] \(name): max error \(value) \(unit)\(at.isEmpty ? "" : " (\(at))")")
    }
}

/// |a - b| for angles in degrees, folded into [0, 180].
func angleDifference(_ a: Double, _ b: Double) -> Double {
    var d = (a - b).truncatingRemainder(dividingBy: 360)
    if d > 180 { d -= 360 }
    if d < -180 { d += 360 }
    return abs(d)
}

/// Azimuth tolerance: 1e-9 degrees, or the angle that moves the far end of a geodesic with reduced
/// length m12 by 1 mm, whichever is larger (azimuths of nearly antipodal or very short lines are
/// ill-conditioned; a position test of 1 mm is the meaningful requirement there).
func azimuthTolerance(reducedLength m12: Double) -> Double {
    max(1e-9, (1e-3 / abs(m12)) * 180 / .pi)
}

/// Ground distance between two positions, metres (for comparing a result with the oracle).
func separation(_ a: Coordinate, _ b: Coordinate) -> Double {
    Geodesic.wgs84.distance(a, b)
}
