import Foundation
import GeoFormats

/// Numbers as they go into layers: kilometres to the metre, degrees to ~1 cm (1e-7 deg), so
/// attribute tables read cleanly and say no more than the analysis knows.
enum Round {
    static func km(_ metres: Double) -> JSONValue {
        metres.isFinite ? .number((metres / 1000 * 1000).rounded() / 1000) : .null
    }

    static func places(_ v: Double, _ p: Int) -> JSONValue {
        guard v.isFinite else { return .null }
        let m = pow(10, Double(p))
        return .number((v * m).rounded() / m)
    }

    static func deg(_ v: Double) -> JSONValue { places(v, 7) }
}
