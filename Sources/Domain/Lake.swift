import Coordinates

/// A lake or reservoir drawn for map context: polygons (exterior ring first, then holes; rings
/// closed), its name when the source identifies it (empty: unknown), and where the outline comes
/// from under which licence.
public struct Lake: Sendable, Hashable, Identifiable {
    public var id: String
    /// English name; empty when unknown.
    public var name: String
    /// The name in the country's own language; empty when unknown.
    public var localName: String
    /// "lake" or "reservoir".
    public var kind: String
    public var polygons: [[[Coordinate]]]
    public var source: String
    public var licence: String

    public init(id: String, name: String = "", localName: String = "", kind: String = "lake", polygons: [[[Coordinate]]],
                source: String = "", licence: String = "") {
        self.id = id
        self.name = name
        self.localName = localName
        self.kind = kind
        self.polygons = polygons
        self.source = source
        self.licence = licence
    }
}
