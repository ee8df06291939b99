import Coordinates

/// A province (first-level administrative division: oblast, region, viloyat, ...) as polygons
/// (exterior ring first, then holes; rings closed), with the names its source gives it.
public struct Province: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// Other names of the same province in its source (older or local forms), without `name`.
    public var nameVariants: [String]
    /// ISO3 of the country it belongs to.
    public var iso3: String
    public var polygons: [[[Coordinate]]]

    public init(id: String, name: String, nameVariants: [String] = [], iso3: String, polygons: [[[Coordinate]]]) {
        self.id = id
        self.name = name
        self.nameVariants = nameVariants
        self.iso3 = iso3
        self.polygons = polygons
    }
}
