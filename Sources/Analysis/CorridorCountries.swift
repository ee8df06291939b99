import Coordinates
import Domain
import Foundation
import Geometry

/// The corridor analysis's countries: which country a seizure is in (`CountryLocator`, the one
/// point-in-country test every command uses) and which countries a route crossing joins (GEOS
/// planar distances to the polygons for the points that no polygon holds).
final class CorridorCountries {
    let locator: CountryLocator
    let context = GeometryContext()
    let codes: [String]
    let geoms: [Geom]

    init(_ countries: [Country]) throws {
        var codes: [String] = [], geoms: [Geom] = []
        do {
            for c in countries {
                codes.append(c.iso3.uppercased())
                geoms.append(try context.multiPolygon(c.polygons))
            }
        } catch {
            throw CorridorError.geometry("countries", error.description)
        }
        self.codes = codes
        self.geoms = geoms
        locator = CountryLocator(countries)
    }

    /// The seizure's country: the record's `country` property, else the polygon holding it
    /// (`CountryLocator`), else "unknown".
    func country(of s: Seizure) throws -> String {
        if let v = s.properties["country"]?.stringValue?.trimmingCharacters(in: .whitespaces), !v.isEmpty { return v.uppercased() }
        return locator.locate(s.coordinate).map { codes[$0] } ?? "unknown"
    }

    /// The countries before and after a crossing, from points 250 m either side of it along the
    /// route: among the border's two countries (all countries when the border names none), the
    /// assignment whose polygons fit best (0 for the country `CountryLocator` puts the point in,
    /// the planar GEOS distance to the others). ("", "") without polygons.
    func sides(of c: BorderCrossingPoint, along route: PolylineIndex, border: Border) throws -> (String, String) {
        let wanted = [border.countryA, border.countryB].map { $0.uppercased() }.filter { !$0.isEmpty }
        let candidates = codes.indices.filter { wanted.count < 2 || wanted.contains(codes[$0]) }
        guard candidates.count >= 2 else { return ("", "") }
        let before = route.point(atChainage: max(c.routeChainage - 250, 0))
        let after = route.point(atChainage: min(c.routeChainage + 250, route.length))
        let inBefore = locator.locate(before), inAfter = locator.locate(after)
        do {
            let pb = try context.point(before), pa = try context.point(after)
            func d(_ k: Int, _ pt: Geom, _ inside: Int?) throws(GeometryError) -> Double { k == inside ? 0 : try geoms[k].distance(to: pt) }
            var best = (Double.infinity, "", "")
            for x in candidates {
                let dx = try d(x, pb, inBefore)
                for y in candidates where y != x {
                    let total = dx + (try d(y, pa, inAfter))
                    if total < best.0 { best = (total, codes[x], codes[y]) }
                }
            }
            // When the countries do not reach the crossing (a user's border far from them), say nothing.
            return best.0 < 0.05 ? (best.1, best.2) : ("", "")
        } catch {
            throw CorridorError.geometry("countries", error.description)
        }
    }
}
