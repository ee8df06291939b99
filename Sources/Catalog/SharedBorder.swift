import Coordinates
import Domain
import Foundation
import Geometry

/// Derives the border two countries share from their polygons, tolerating the small misalignment
/// of independently digitised polygons: the part of A's boundary that lies within `tolerance` of B.
///
/// The tolerance is applied as a planar buffer of B in degrees of latitude (tolerance / 111,320 m),
/// which in longitude is wider by 1/cos(latitude) — generous, never narrower than asked. The
/// derived line follows A's vertices; its segments are then read as geodesics like any border.
public enum SharedBorder {
    public static func derive(_ a: String, _ b: String, from countries: [Country], toleranceMetres: Double) throws -> Border {
        func find(_ code: String) throws -> Country {
            guard let c = countries.first(where: { $0.iso3 == code }) else {
                let known = countries.map(\.iso3).joined(separator: ", ")
                throw CatalogError(.badRequest, "no country \(code) in the polygons; known: \(known)")
            }
            return c
        }
        let ca = try find(a), cb = try find(b)
        let ctx = GeometryContext()
        do {
            let pa = try ctx.multiPolygon(ca.polygons).makeValid()
            let pb = try ctx.multiPolygon(cb.polygons).makeValid()
            let shared = try pa.boundary().intersection(try pb.buffer(width: toleranceMetres / 111_320, quadrantSegments: 4))
            let merged = try shared.lineMerge()
            var parts: [[Coordinate]] = []
            for g in try merged.components() where try g.type == .lineString || g.type == .multiLineString {
                parts += try g.lines().filter { $0.count >= 2 }
            }
            // Longest part first, so chainage starts on the main stretch.
            let lengths = parts.map { line in zip(line, line.dropFirst()).reduce(0.0) { $0 + hypot($1.0.longitude - $1.1.longitude, $1.0.latitude - $1.1.latitude) } }
            parts = parts.indices.sorted { lengths[$0] > lengths[$1] }.map { parts[$0] }
            guard !parts.isEmpty else {
                throw CatalogError(.badRequest, "\(a) and \(b) share no border within \(toleranceMetres / 1000) km")
            }
            return Border(id: "\(a.lowercased())-\(b.lowercased())", name: "\(ca.name)–\(cb.name) (derived from polygons)",
                          countryA: a, countryB: b, parts: parts, source: "derived from country polygons, tolerance \(toleranceMetres) m",
                          licence: ca.licence == cb.licence ? ca.licence : [ca.licence, cb.licence].filter { !$0.isEmpty }.joined(separator: "; "))
        } catch let e as GeometryError {
            throw CatalogError(.badData, "cannot derive the \(a)–\(b) border: \(e.description)")
        }
    }
}
