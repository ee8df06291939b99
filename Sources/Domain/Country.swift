import Coordinates

/// A country's territory as polygons (exterior ring first, then holes; rings closed).
public struct Country: Sendable, Hashable, Identifiable {
    public var iso3: String
    public var name: String
    public var polygons: [[[Coordinate]]]
    /// Where the polygons come from and under which licence (empty when not given).
    public var source: String
    public var licence: String
    public var id: String { iso3 }

    public init(iso3: String, name: String, polygons: [[[Coordinate]]], source: String = "", licence: String = "") {
        self.iso3 = iso3
        self.name = name
        self.polygons = polygons
        self.source = source
        self.licence = licence
    }
}
