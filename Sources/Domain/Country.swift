import Coordinates

/// A country's territory as polygons (exterior ring first, then holes; rings closed).
public struct Country: Sendable, Hashable, Identifiable {
    public var iso3: String
    public var name: String
    public var polygons: [[[Coordinate]]]
    public var id: String { iso3 }

    public init(iso3: String, name: String, polygons: [[[Coordinate]]]) {
        self.iso3 = iso3
        self.name = name
        self.polygons = polygons
    }
}
