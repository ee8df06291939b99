import Coordinates
import Domain
import Foundation
import Geodesy

/// Candidate sites on one side of a border: walk the line and, every `spacing` metres of
/// chainage, go `setback` metres along the geodesic perpendicular to the line (azimuth of the
/// line there ± 90°) to the side that lies in the country `side` (geodata's country polygons,
/// through the one point-in-country test, `CountryLocator`). Where both offset points or neither
/// lie in that country (the line and the polygons disagree there by more than the set-back), no
/// site is made and the place is counted in `skipped`.
public enum BorderSites {
    public struct Result: Sendable {
        public var sites: [CandidateSite]
        /// Chainages (m) where neither or both sides were in the country.
        public var skipped: [Double]
    }

    public static let defaultSpacing = 1_000.0
    public static let defaultSetback = 2_000.0

    public static func along(_ border: Border, side: String, countries: [Country], spacing: Double, setback: Double) -> Result {
        let line = PolylineIndex(parts: border.parts)
        guard line.segmentCount > 0, spacing > 0, let home = countries.firstIndex(where: { $0.iso3.uppercased() == side.uppercased() }) else {
            return Result(sites: [], skipped: [])
        }
        let locator = CountryLocator(countries)
        let g = Geodesic.wgs84
        var sites: [CandidateSite] = []
        var skipped: [Double] = []
        for (p, part) in line.parts.enumerated() {
            let ps = line.chainage[part.lowerBound], pe = line.chainage[part.upperBound - 1]
            var k = Int((ps / spacing).rounded(.up))
            while Double(k) * spacing <= pe {
                let s = Double(k) * spacing
                k += 1
                // The segment of this part that holds s, and the line's direction there.
                var i = part.lowerBound
                while i < part.upperBound - 2 && line.chainage[i + 1] <= s { i += 1 }
                let offset = min(max(s - line.chainage[i], 0), line.segmentLength[i])
                let here = g.direct(from: line.vertices[i], azimuth: line.segmentAzimuth[i], distance: offset)
                let left = g.direct(from: here.coordinate, azimuth: here.azimuth - 90, distance: setback).coordinate
                let right = g.direct(from: here.coordinate, azimuth: here.azimuth + 90, distance: setback).coordinate
                let inLeft = locator.locate(left) == home, inRight = locator.locate(right) == home
                guard inLeft != inRight else {
                    skipped.append(s)
                    continue
                }
                let km = String(format: "%.3f", s / 1000)
                sites.append(CandidateSite(id: "\(border.id)-site-\(String(format: "%04d", sites.count + 1))",
                                      name: "\(side.uppercased()) side at \(km) km" + (line.parts.count > 1 ? " (part \(p + 1))" : ""),
                                      coordinate: inLeft ? left : right, origin: .border, chainage: s))
            }
        }
        return Result(sites: sites, skipped: skipped)
    }

    /// The subset of `points` that lie in the country `side` (by the same point-in-country test).
    public static func inCountry(_ points: [Coordinate], side: String, countries: [Country]) -> [Bool] {
        guard let home = countries.firstIndex(where: { $0.iso3.uppercased() == side.uppercased() }) else {
            return points.map { _ in false }
        }
        let locator = CountryLocator(countries)
        return points.map { locator.locate($0) == home }
    }
}
