import Coordinates

/// A river drawn for map context: one or more polylines (a river is broken where it runs through a
/// lake), its name, and where the line comes from under which licence.
public struct River: Sendable, Hashable, Identifiable {
    public var id: String
    /// English name; empty when unknown.
    public var name: String
    /// The name in the countries' own languages; empty when unknown.
    public var localName: String
    /// Each part has at least two vertices.
    public var parts: [[Coordinate]]
    public var source: String
    public var licence: String

    public init(id: String, name: String = "", localName: String = "", parts: [[Coordinate]], source: String = "", licence: String = "") {
        self.id = id
        self.name = name
        self.localName = localName
        self.parts = parts
        self.source = source
        self.licence = licence
    }
}
