import Coordinates
import Geodesy

/// A land border between two countries: one or more polylines (parts) whose segments between
/// vertices are geodesics on WGS84. Chainage (km from the border's start) runs along the parts in
/// order; part k starts where part k-1 ended, so chainage is continuous across parts but a gap
/// never spans two parts.
public struct Border: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-3 of the two sides (empty when unknown, e.g. a user's line file).
    public var countryA: String
    public var countryB: String
    /// Each part has at least two vertices.
    public var parts: [[Coordinate]]
    public var source: String
    /// The licence of the line's data (geodata's `licence`; empty when not given).
    public var licence: String

    public init(id: String, name: String, countryA: String = "", countryB: String = "", parts: [[Coordinate]], source: String = "",
                licence: String = "") {
        self.id = id
        self.name = name
        self.countryA = countryA
        self.countryB = countryB
        self.parts = parts
        self.source = source
        self.licence = licence
    }

    public var vertexCount: Int { parts.reduce(0) { $0 + $1.count } }

    /// Geodesic length on WGS84 of all parts (metres; Karney's inverse through PROJ, to ~15 nm a segment).
    public var length: Double { parts.reduce(0) { $0 + Geodesic.wgs84.length(of: $1) } }
}
